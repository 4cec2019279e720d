"""Customization jobs as the monitor shows them: rows, their stage, filters, sort keys, changes.

A row is built from a ``ListModelCustomizationJobs`` summary, so a poll costs one List call per
1000 jobs whatever the number of jobs; only the job open in detail is fetched with Get.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from ftui.core import kinds
from ftui.core.safe_text import safe_text

ACTIVE = frozenset({"InProgress", "Stopping"})
FINISHED = frozenset({"Completed", "Failed", "Stopped"})
STAGES = (
    ("validationDetails", "Validation"),
    ("dataProcessingDetails", "Data processing"),
    ("trainingDetails", "Training"),
)
# AWS's names and statuses are at most 63 characters; an endpoint that sends more is cut here, or
# one 100,000-character name would widen every line of ``ftui jobs``.
TEXT_LIMIT = 100


@dataclass(frozen=True, slots=True)
class JobRow:
    """One job, as much as a List summary tells.

    Its text is safe to show as it is (``row_of`` passes what AWS sent through ``safe_text``):
    the table, ``ftui jobs`` and the messages that name a job print it without further care.
    For a name AWS accepts it is the name itself.
    """

    arn: str
    name: str
    status: str
    stage: str
    kind: str
    base_model: str
    custom_model: str
    created: datetime
    ended: datetime | None
    region: str

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    def elapsed(self, now: datetime) -> timedelta:
        return (self.ended or now) - self.created


def stage_of(summary: Mapping[str, Any]) -> str:
    """The stage a job is in, failed in or stopped in, from its ``statusDetails``."""
    details = summary.get("statusDetails") or {}
    status = summary.get("status")
    if status == "Completed":
        return ""
    for wanted in ("Failed", "Stopped", "Stopping", "InProgress"):
        for key, name in STAGES:
            if (details.get(key) or {}).get("status") == wanted:
                return name
    return ""


@lru_cache(maxsize=512)
def _model_name(arn: str) -> str:
    """Few distinct base models among many jobs: resolve each once (and make it safe once).

    The catalog is read here, with the first rows (in the poll's worker), not before the first
    frame.
    """
    from ftui.core.catalog import load_catalog, parse_model_identifier

    model_id, custom = parse_model_identifier(arn)
    if model_id is None:
        return _text(arn.rsplit("/", 1)[-1])
    match = load_catalog().match(model_id)
    name = match.model.name if match else model_id
    return _text(f"{name} (custom)" if custom else name)


@lru_cache(maxsize=64)
def _kind(value: str) -> str:
    return _text(kinds.label(value))


def _text(value: Any) -> str:
    text = value if isinstance(value, str) else str(value)
    if len(text) <= TEXT_LIMIT and text.isprintable():
        return text  # any name AWS accepts: a poll of 10,000 jobs comes here 30,000 times
    return safe_text(text, TEXT_LIMIT)


def row_of(summary: Mapping[str, Any], region: str) -> JobRow:
    created = summary.get("creationTime")
    return JobRow(
        arn=str(summary["jobArn"]),
        name=_text(summary.get("jobName", "")),
        status=_text(summary.get("status", "")),
        stage=stage_of(summary),
        # Cut before the caches: a hostile endpoint's huge values would each be kept there.
        kind=_kind(str(summary.get("customizationType") or "")[:TEXT_LIMIT]),
        base_model=_model_name(str(summary.get("baseModelArn", ""))[:2048]),
        custom_model=_text(summary.get("customModelName") or ""),
        created=created if isinstance(created, datetime) else datetime.min.replace(tzinfo=UTC),
        ended=summary.get("endTime") if isinstance(summary.get("endTime"), datetime) else None,
        region=region,
    )


# --- changes between polls ---------------------------------------------------------------------


@dataclass(frozen=True)
class Changes:
    added: list[str]
    changed: list[str]
    removed: list[str]
    status_changes: list[tuple[JobRow, str]]  # (row now, status before)

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    @property
    def touched(self) -> list[str]:
        """Every job added, changed or removed: the only rows a view has to move."""
        return [*self.added, *self.changed, *self.removed]


def diff(old: Mapping[str, JobRow], new: Mapping[str, JobRow]) -> Changes:
    return reconcile(old, new)[1]


def reconcile(
    old: Mapping[str, JobRow], new: Mapping[str, JobRow]
) -> tuple[dict[str, JobRow], Changes]:
    """``new`` with every unchanged row the very object ``old`` had, and what changed.

    Keeping the old objects lets the 10,000 new ones die young (no full collection for them)
    and makes an unchanged row cheap to recognise later: it *is* the row shown.
    """
    rows: dict[str, JobRow] = {}
    added: list[str] = []
    changed: list[str] = []
    status_changes: list[tuple[JobRow, str]] = []
    for arn, row in new.items():
        before = old.get(arn)
        if before is None:
            added.append(arn)
        elif before is row or before == row:
            rows[arn] = before
            continue
        else:
            changed.append(arn)
            if before.status != row.status:
                status_changes.append((row, before.status))
        rows[arn] = row
    removed = [arn for arn in old if arn not in new]
    return rows, Changes(added, changed, removed, status_changes)


# --- filtering and sorting -------------------------------------------------------------------


@dataclass(frozen=True)
class NameFilter:
    """``/text``: substring, or a regular expression when it is one; ``!`` inverts."""

    text: str = ""

    @property
    def inverted(self) -> bool:
        return self.text.startswith("!")

    @property
    def pattern(self) -> str:
        return self.text[1:] if self.inverted else self.text

    def compile(self) -> Callable[[str], bool]:
        pattern = self.pattern
        if not pattern:
            return lambda name: True
        lowered = pattern.lower()
        matcher: Callable[[str], bool]
        if re.escape(pattern) != pattern:
            try:
                regex = re.compile(pattern, re.IGNORECASE)
            except re.error:
                regex = None
            matcher = (
                (lambda name: regex.search(name) is not None)
                if regex is not None
                else (lambda name: lowered in name.lower())
            )
        else:
            matcher = lambda name: lowered in name.lower()  # noqa: E731
        if self.inverted:
            return lambda name: not matcher(name)
        return matcher


STATUS_FILTERS: dict[str, frozenset[str] | None] = {
    "all": None,
    "running": ACTIVE,
    "completed": frozenset({"Completed"}),
    "failed": frozenset({"Failed"}),
    "stopped": frozenset({"Stopped", "Stopping"}),
}


def select(rows: Iterable[JobRow], name: NameFilter, status: str = "all") -> list[JobRow]:
    wanted = STATUS_FILTERS.get(status)
    matches = name.compile()
    return [r for r in rows if (wanted is None or r.status in wanted) and matches(r.name)]


_STATUS_ORDER = {"InProgress": 0, "Stopping": 1, "Failed": 2, "Stopped": 3, "Completed": 4}
_STAGE_ORDER = {"Validation": 0, "Data processing": 1, "Training": 2, "": 3}


def sort_key(column: str, now: datetime) -> Callable[[JobRow], Any]:
    """A key for sorting rows by ``column`` (ties broken by creation time)."""
    keys: dict[str, Callable[[JobRow], Any]] = {
        "name": lambda r: (r.name.lower(), r.created),
        "status": lambda r: (_STATUS_ORDER.get(r.status, 9), r.created),
        "stage": lambda r: (_STAGE_ORDER.get(r.stage, 9), r.created),
        "kind": lambda r: (r.kind, r.created),
        "base_model": lambda r: (r.base_model.lower(), r.created),
        "custom_model": lambda r: (r.custom_model.lower(), r.created),
        "created": lambda r: (r.created, r.name),
        "elapsed": lambda r: (r.elapsed(now), r.created),
        "region": lambda r: (r.region, r.created),
    }
    return keys[column]


def format_elapsed(delta: timedelta) -> str:
    """``3d 04h``, ``2h 05m``, ``12m``: coarse, so a running job's cell changes once a minute."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 60 * 24)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}d {hours:02d}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m"
