"""What every List call shares: creation-time filters, sort order and pagination."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from ftui.sim.bedrock.jobs import SimJob
from ftui.sim.bedrock.model import CustomModel, validation


def _parse_time(text: str, name: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = datetime.fromtimestamp(float(text), UTC)
        except (ValueError, OverflowError, OSError):  # not a number, or no year Python has
            raise validation(f"Invalid timestamp for {name}: {text}") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# A job or a custom model: what the List calls page through.
Listed = TypeVar("Listed", SimJob, CustomModel)


def listing(
    items: list[Listed],
    query: dict[str, str],
    key: str,
    summarize: Callable[[Listed], dict[str, Any]],
) -> dict[str, Any]:
    """The creation-time filters, sort order and pagination every List call shares."""
    items = _time_filtered(items, query)
    page, token = _page(_sorted(items, query), query)
    out: dict[str, Any] = {key: [summarize(item) for item in page]}
    if token:
        out["nextToken"] = token
    return out


def _time_filtered(items: list[Listed], query: dict[str, str]) -> list[Listed]:
    if "creationTimeAfter" in query:
        after = _parse_time(query["creationTimeAfter"], "creationTimeAfter")
        items = [i for i in items if i.created > after]
    if "creationTimeBefore" in query:
        before = _parse_time(query["creationTimeBefore"], "creationTimeBefore")
        items = [i for i in items if i.created < before]
    return items


def _sorted(items: list[Listed], query: dict[str, str]) -> list[Listed]:
    sort_by = query.get("sortBy", "CreationTime")
    if sort_by != "CreationTime":
        raise validation(
            f"1 validation error detected: Value '{sort_by}' at 'sortBy' failed to satisfy"
            " constraint: Member must satisfy enum value set: [CreationTime]"
        )
    order = query.get("sortOrder", "Descending")
    if order not in ("Ascending", "Descending"):
        raise validation(
            f"1 validation error detected: Value '{order}' at 'sortOrder' failed to satisfy"
            " constraint: Member must satisfy enum value set: [Ascending, Descending]"
        )
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
