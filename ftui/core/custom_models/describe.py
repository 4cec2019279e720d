"""What a custom model is, in sections of label and value: ``ftui models show`` prints them and
the TUI's model detail draws them, so both say the same things in the same words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ftui.core.catalog import Catalog, load_catalog
from ftui.core.custom_models.offer import Offer, base_model_id
from ftui.core.custom_models.usage import Server


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[tuple[str, str], ...]


def when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return ""


def _section(title: str, pairs: Sequence[tuple[str, Any]]) -> Section | None:
    rows = tuple((k, str(v)) for k, v in pairs if v not in (None, "", [], {}))
    return Section(title, rows) if rows else None


def describe(
    model: Mapping[str, Any],
    *,
    servers: Sequence[Server] | None,
    offer: Offer,
    tags: Sequence[Mapping[str, str]] | None,
    catalog: Catalog | None = None,
) -> list[Section]:
    """GetCustomModel's ``model``, what serves it (None: not known) and how it can be served."""
    catalog = catalog or load_catalog()
    base_id = base_model_id(model, catalog)
    base = catalog.model(base_id) if base_id else None
    base_text = f"{base.name} ({base.id})" if base else str(model.get("baseModelArn") or "")
    training_loss = (model.get("trainingMetrics") or {}).get("trainingLoss")
    validation = [v.get("validationLoss") for v in model.get("validationMetrics") or []]
    validators = (model.get("validationDataConfig") or {}).get("validators") or []
    if servers is None:
        serving = [("Serving", "…")]
    elif servers:
        serving = []
        for server in servers:
            serving += [(server.kind.capitalize(), f"{server.name} ({server.status})")]
            serving += [("  its ARN", server.arn)]
    else:
        serving = [("Serving", "nothing: it is not deployed")]
    if offer.on_demand:
        deployed = any(s.kind == "deployment" for s in servers or ())
        on_demand = "offered (another deployment may serve it too)" if deployed else "offered"
    else:
        on_demand = f"not offered: {offer.reason}"
    serving.append(("On demand", on_demand))
    sections = [
        _section(
            "Model",
            [
                ("Name", model.get("modelName")),
                ("ARN", model.get("modelArn")),
                ("Status", model.get("modelStatus")),
                ("Failure", model.get("failureMessage")),
                ("Base model", base_text),
                ("Customization", model.get("customizationType")),
                ("Created", when(model.get("creationTime"))),
                ("KMS key", model.get("modelKmsKeyArn") or "AWS owned key"),
            ],
        ),
        _section("Serving", serving),
        _section("Job", [("Name", model.get("jobName")), ("ARN", model.get("jobArn"))]),
        _section(
            "Data",
            [
                ("Training", (model.get("trainingDataConfig") or {}).get("s3Uri")),
                *[(f"Validation {i + 1}", v.get("s3Uri")) for i, v in enumerate(validators)],
                ("Output", (model.get("outputDataConfig") or {}).get("s3Uri")),
            ],
        ),
        _section("Hyperparameters", list((model.get("hyperParameters") or {}).items())),
        _section(
            "Final metrics",
            [
                ("Training loss", training_loss),
                *[(f"Validation loss {i + 1}", v) for i, v in enumerate(validation)],
            ],
        ),
        _section("Tags", [(t.get("key", ""), t.get("value", "")) for t in tags or []]),
    ]
    return [s for s in sections if s is not None]
