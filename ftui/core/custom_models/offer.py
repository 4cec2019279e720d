"""How a custom model can be served, and what each way bills, said before anything is bought.

On-demand deployment (CreateCustomModelDeployment) is offered for some bases, in some regions,
for models customized since a date: the catalog says which (``CatalogModel.on_demand``).
Everything else is served by Provisioned Throughput, billed by the hour whether used or not.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ftui.core.catalog import Catalog, load_catalog, parse_model_identifier

PRICING_PAGE = "https://aws.amazon.com/bedrock/pricing/"
HOURS_A_MONTH = 730  # AWS's monthly hours (8,760 / 12)
# commitmentDuration's words: None is no commitment.
COMMITMENTS: dict[str | None, str] = {
    None: "no commitment (hourly)",
    "OneMonth": "1 month",
    "SixMonths": "6 months",
}
COMMITMENT_MONTHS = {"OneMonth": 1, "SixMonths": 6}
_TERM_WORDS = {"OneMonth": "one-month", "SixMonths": "six-month"}

ON_DEMAND_BILLING = (
    "On demand: each request is billed by its tokens; a deployment nobody calls costs nothing."
    " The custom model's monthly storage is billed until the model is deleted."
)


@dataclass(frozen=True)
class Offer:
    """Whether the model can be deployed on demand here; if not, ``reason`` says why."""

    on_demand: bool
    reason: str = ""
    source: str | None = None


def base_model_id(model: Mapping[str, Any], catalog: Catalog | None = None) -> str | None:
    """The foundation model a custom model was built on (through any custom bases)."""
    catalog = catalog or load_catalog()
    model_id, _ = parse_model_identifier(str(model.get("baseModelArn") or ""))
    if model_id is None:
        return None
    match = catalog.match(model_id)
    return match.model.id if match else model_id


def offer(model: Mapping[str, Any], region: str, catalog: Catalog | None = None) -> Offer:
    """How GetCustomModel's ``model`` in ``region`` can be served."""
    catalog = catalog or load_catalog()
    status = str(model.get("modelStatus") or "Active")
    if status != "Active":
        return Offer(False, f"The model is {status}: it can be served once it is Active.")
    base_id = base_model_id(model, catalog)
    base = catalog.model(base_id) if base_id else None
    on_demand = base.on_demand if base else None
    if base is None or on_demand is None:
        bases = [m.name for m in catalog.models if m.on_demand is not None]
        name = base.name if base else (base_id or "its base model")
        return Offer(
            False,
            f"On-demand deployment is offered for custom models of {', '.join(bases)};"
            f" models of {name} are served with Provisioned Throughput.",
        )
    if region not in on_demand.regions:
        return Offer(
            False,
            f"On-demand deployment is offered in {' and '.join(on_demand.regions)}, not in"
            f" {region}; here the model is served with Provisioned Throughput.",
            on_demand.source,
        )
    made = customized_on(model)
    if made is not None and made < on_demand.customized_since:
        return Offer(
            False,
            f"Only models customized on or after {on_demand.customized_since:%Y-%m-%d} can be"
            f" deployed on demand; this one was made {made:%Y-%m-%d}. Train it again, or"
            " serve it with Provisioned Throughput.",
            on_demand.source,
        )
    return Offer(True, source=on_demand.source)


def commitment_end(start: datetime, commitment: str) -> datetime:
    """When a commitment bought at ``start`` ends: the same day and time 1 or 6 calendar
    months later (the month's last day when it is shorter)."""
    index = start.month - 1 + COMMITMENT_MONTHS[commitment]
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def customized_on(model: Mapping[str, Any]) -> date | None:
    """The day a custom model was customized, for the on-demand cut-off: the day the model
    was made (GetCustomModel's creationTime), the one date ftui and the emulator both read."""
    created = model.get("creationTime")
    return created.date() if isinstance(created, datetime) else None


def throughput_billing(units: int, commitment: str | None, now: datetime) -> list[str]:
    """What buying Provisioned Throughput commits the user to, in plain words."""
    lines = [
        f"Provisioned Throughput is billed by the hour for each model unit, from the moment it"
        f" is created until it is deleted, whether or not anything calls it: {units} model"
        f" unit{'s' if units != 1 else ''} x {HOURS_A_MONTH} h = {units * HOURS_A_MONTH:,}"
        " model-unit hours a month.",
    ]
    if commitment is None:
        lines.append("No commitment: delete it any time and the billing stops.")
    else:
        ends = commitment_end(now, commitment)
        lines.append(
            f"A {_TERM_WORDS[commitment]} commitment: a lower hourly price, but it cannot be"
            f" deleted before about {ends:%Y-%m-%d}; the whole term is billed."
        )
    lines.append(f"ftui knows no price per model unit: see {PRICING_PAGE}")
    return lines
