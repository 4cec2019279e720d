"""Custom models as rows: what ListCustomModels says, completed by GetCustomModel and the
deployments and throughputs that serve each; sorted and filtered as the jobs monitor's rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from ftui.core.catalog import Catalog, load_catalog
from ftui.core.custom_models.offer import base_model_id
from ftui.core.custom_models.usage import Server
from ftui.core.jobs import NameFilter

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_STATUS_ORDER = {"Creating": 0, "Active": 1, "Failed": 2}
# A server's kind and status in one word: the list says at a glance what answers and what is on
# its way (a status not listed here is shown as AWS spells it).
_SERVING_WORDS = {
    ("deployment", "Active"): "deployed",
    ("deployment", "Creating"): "deploying…",
    ("deployment", "Failed"): "deploy failed",
    ("provisioned throughput", "InService"): "provisioned",
    ("provisioned throughput", "Creating"): "provisioning…",
    ("provisioned throughput", "Updating"): "provisioned, updating",
    ("provisioned throughput", "Failed"): "provisioning failed",
}


@dataclass(frozen=True)
class ModelRow:
    region: str
    name: str
    arn: str
    base: str  # the base model's name as the catalog has it, else AWS's
    base_id: str | None  # the foundation model's ID, when the ARN tells it
    kind: str  # customizationType
    created: datetime
    status: str
    # From GetCustomModel, once read (``detailed``; None until then, or when it has none).
    detailed: bool = False
    job_name: str | None = None
    job_arn: str | None = None
    kms_key: str | None = None
    tags: tuple[tuple[str, str], ...] | None = None
    serving: tuple[Server, ...] = ()
    # False when the lists of deployments and throughputs could not be read: then ``serving``
    # is empty for want of knowing, and nobody may conclude the model is unused.
    serving_known: bool = True

    @property
    def serving_text(self) -> str:
        """What serves the model and how far it is: ``deployed``, ``deploying…``,
        ``provisioned``, ``provisioning…``, both, ``-`` (nothing) or ``?`` (not known)."""
        if not self.serving_known:
            return "?"
        words = dict.fromkeys(
            _SERVING_WORDS.get((s.kind, s.status), s.status) for s in self.serving
        )
        return ", ".join(words) or "-"

    @property
    def tags_text(self) -> str:
        if self.tags is None:
            return "…"
        return ", ".join(f"{k}={v}" for k, v in self.tags) or "-"


def row_of(summary: Mapping[str, Any], region: str, catalog: Catalog | None = None) -> ModelRow:
    """A row from one of ListCustomModels' summaries."""
    catalog = catalog or load_catalog()
    base_id = base_model_id(summary, catalog)
    base = catalog.model(base_id) if base_id else None
    created = summary.get("creationTime")
    return ModelRow(
        region=region,
        name=str(summary.get("modelName", "")),
        arn=str(summary.get("modelArn", "")),
        base=base.name if base else str(summary.get("baseModelName") or base_id or ""),
        base_id=base_id,
        kind=str(summary.get("customizationType") or ""),
        created=created if isinstance(created, datetime) else _EPOCH,
        status=str(summary.get("modelStatus") or "Active"),
    )


def with_detail(row: ModelRow, detail: Mapping[str, Any]) -> ModelRow:
    """The row completed by GetCustomModel's answer."""
    return replace(
        row,
        detailed=True,
        job_name=str(detail.get("jobName") or "") or None,
        job_arn=str(detail.get("jobArn") or "") or None,
        kms_key=str(detail.get("modelKmsKeyArn") or "") or None,
    )


def keeping_details(row: ModelRow, before: ModelRow | None) -> ModelRow:
    """A row read without its details keeps those read before (a model's job, key and tags do
    not change), instead of showing … until they are read again."""
    if row.detailed or before is None or not before.detailed:
        return row
    return replace(
        row,
        detailed=True,
        job_name=before.job_name,
        job_arn=before.job_arn,
        kms_key=before.kms_key,
        tags=before.tags,
    )


def with_tags(row: ModelRow, tags: Iterable[Mapping[str, str]]) -> ModelRow:
    return replace(row, tags=tuple((str(t["key"]), str(t.get("value", ""))) for t in tags))


def with_serving(row: ModelRow, using: Iterable[Server] | None) -> ModelRow:
    """The row with what serves it; ``None``: that could not be read."""
    if using is None:
        return replace(row, serving=(), serving_known=False)
    return replace(row, serving=tuple(using), serving_known=True)


SORTS: dict[str, Callable[[ModelRow], Any]] = {
    "created": lambda r: (r.created, r.name),
    "name": lambda r: (r.name.lower(), r.created),
    "base": lambda r: (r.base.lower(), r.created),
    "status": lambda r: (_STATUS_ORDER.get(r.status, 9), r.created),
    "serving": lambda r: (r.serving_text == "-", r.serving_text, r.created),
    "region": lambda r: (r.region, r.created),
}


def select(
    rows: Iterable[ModelRow], name: NameFilter, sort: str = "created", descending: bool = True
) -> list[ModelRow]:
    """The rows whose name, base or job matches the filter, sorted."""
    matches = name.compile()
    chosen = [r for r in rows if matches(f"{r.name} {r.base} {r.job_name or ''}")]
    return sorted(chosen, key=SORTS[sort], reverse=descending)
