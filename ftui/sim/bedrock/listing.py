"""What every List call shares: creation-time filters, sort order and pagination."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from ftui.sim.bedrock.jobs import SimJob
from ftui.sim.bedrock.model import CustomModel, SimDeployment, SimThroughput, validation
from ftui.sim.bedrock.validation import flag


def _parse_time(text: str, name: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = datetime.fromtimestamp(float(text), UTC)
        except (ValueError, OverflowError, OSError):  # not a number, or no year Python has
            raise validation(f"Invalid timestamp for {name}: {text}") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# What the List calls page through.
Listed = TypeVar("Listed", SimJob, CustomModel, SimDeployment, SimThroughput)
# The creation-time filters' names: ListCustomModelDeployments alone calls them otherwise.
CREATION_TIME = ("creationTimeAfter", "creationTimeBefore")


def listing(
    items: list[Listed],
    query: dict[str, str],
    key: str,
    summarize: Callable[[Listed], dict[str, Any]],
    *,
    time_filters: tuple[str, str] = CREATION_TIME,
) -> dict[str, Any]:
    """The creation-time filters, sort order and pagination every List call shares."""
    items = _time_filtered(items, query, time_filters)
    page, token = _page(_sorted(items, query), query)
    out: dict[str, Any] = {key: [summarize(item) for item in page]}
    if token:
        out["nextToken"] = token
    return out


def _time_filtered(
    items: list[Listed], query: dict[str, str], names: tuple[str, str]
) -> list[Listed]:
    after_name, before_name = names
    if after_name in query:
        after = _parse_time(query[after_name], after_name)
        items = [i for i in items if i.created > after]
    if before_name in query:
        before = _parse_time(query[before_name], before_name)
        items = [i for i in items if i.created < before]
    return items


def _sorted(items: list[Listed], query: dict[str, str]) -> list[Listed]:
    # sortBy has one value (CreationTime) and sortOrder two: routes refused any other.
    order = query.get("sortOrder", "Descending")
    # Python's sort is stable: jobs created in the same instant keep their creation order.
    return sorted(items, key=lambda i: i.created, reverse=order == "Descending")


def _page(items: list[Listed], query: dict[str, str]) -> tuple[list[Listed], str | None]:
    """One page after the cursor in ``nextToken``; the cursor is the last item's ARN."""
    try:
        limit = int(query.get("maxResults", "1000"))
    except ValueError:
        raise validation("maxResults must be a number from 1 to 1000.") from None
    if not 1 <= limit <= 1000:
        raise validation(
            f"1 validation error detected: Value '{limit}' at 'maxResults' failed to satisfy"
            " constraint: Member must have value between 1 and 1000"
        )
    start = 0
    token = query.get("nextToken")
    if token:
        try:
            after = json.loads(base64.urlsafe_b64decode(token.encode()))["after"]
        except (ValueError, KeyError, TypeError):
            raise validation("The provided pagination token is invalid.") from None
        found = next((i + 1 for i, item in enumerate(items) if item.arn == after), None)
        if found is None:
            raise validation("The provided pagination token is invalid or has expired.")
        start = found
    page = items[start : start + limit]
    more = start + limit < len(items)
    if not more or not page:
        return page, None
    cursor = json.dumps({"after": page[-1].arn}).encode()
    return page, base64.urlsafe_b64encode(cursor).decode()


def filter_custom_models(
    models: list[CustomModel], region: str, query: dict[str, str]
) -> list[CustomModel]:
    """ListCustomModels' own filters, each applied on its own (together they all must hold).

    Every model the emulator has was trained in this account: a model appears, ``Active``,
    once its job completes, so ``isOwned=false`` (models shared with the account) lists none.
    """
    name = query.get("nameContains", "").lower()
    if name:
        models = [m for m in models if name in m.name.lower()]
    base = query.get("baseModelArnEquals")
    if base:
        models = [m for m in models if m.base_model_arn == base]
    foundation = query.get("foundationModelArnEquals")
    if foundation:
        # The foundation model under the whole chain: a model trained from a custom model
        # has that custom model as its base, and the base's foundation model as its own.
        models = [m for m in models if foundation_arn(region, m) == foundation]
    status = query.get("modelStatus")
    if status is not None:
        models = [m for m in models if m.status == status]
    if flag(query, "isOwned") is False:
        models = []
    return models


def foundation_arn(region: str, model: CustomModel) -> str:
    return f"arn:aws:bedrock:{region}::foundation-model/{model.job.base_model_id}"
