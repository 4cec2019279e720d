"""The jobs table's columns: what each shows, how wide, and which give way on a narrow screen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ftui.core.jobs import JobRow, format_elapsed

if TYPE_CHECKING:
    from ftui.core.progress import Progress

MARK = "●"  # in the space before a job's name: marked, to compare


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int  # 0: fitted to the content, between ``least`` and ``limit``
    limit: int = 40
    least: int = 0  # a fitted column gives up width down to this when the screen is narrow


COLUMNS = (
    Column("name", "Name", 0, 44, 18),
    Column("status", "Status", 10),
    Column("stage", "Stage", 15),
    Column("kind", "Type", 12),
    Column("base_model", "Base model", 0, 22, 11),
    Column("custom_model", "Custom model", 0, 26, 12),
    Column("created", "Created", 11),
    Column("elapsed", "Elapsed", 7),
    Column("eta", "ETA", 8),
    Column("region", "Region", 9),
)
# What the table gives up, in this order, until it fits the screen: a fitted column shrinks down
# to its ``least``, a dropped column goes. Names come before the rest: two jobs cut to the same
# ``support-bot-nova-micro…`` cannot be told apart, while the custom model's name mostly repeats
# the job's, the region and type are secondary (the header lists the regions) and the detail
# view shows the base model. The estimated end stays at 120 columns and is the first of the rest
# to go on a narrower screen (the detail view says it too). What a job is doing (status, stage,
# times) stays longest.
GIVE_WAY = (
    ("shrink", "custom_model"),
    ("shrink", "base_model"),
    ("drop", "custom_model"),
    ("drop", "region"),
    ("drop", "kind"),
    ("drop", "eta"),
    ("drop", "base_model"),
    ("shrink", "name"),
    ("drop", "stage"),
)

STATUS_CLASSES = {
    "InProgress": "job-table--running",
    "Stopping": "job-table--stopping",
    "Completed": "job-table--completed",
    "Failed": "job-table--failed",
    "Stopped": "job-table--stopped",
}


def cells_of(
    row: JobRow, now: datetime, progress: Mapping[str, Progress] | None = None
) -> tuple[str, ...]:
    # Segments reach the terminal as they are: the row's text must be safe to show, as
    # ``row_of`` makes it (not checked again here: 10,000 rows would take 4 ms longer to show).
    created = row.created.astimezone().strftime("%m-%d %H:%M")
    return (
        row.name,
        row.status,
        row.stage,
        row.kind,
        row.base_model,
        row.custom_model,
        created,
        format_elapsed(row.elapsed(now)),
        eta_of(row, now, progress),
        row.region,
    )


def eta_of(row: JobRow, now: datetime, progress: Mapping[str, Progress] | None) -> str:
    """``~1h 20m`` left for a training job whose end can be estimated; ``…`` until it can."""
    # A job without stage details (AWS documents them for distillation) may be training too.
    if not row.active or row.stage not in ("Training", "") or progress is None:
        return ""
    found = progress.get(row.arn)
    if found is None:
        return "…"  # not read yet
    return found.eta_text(now)


def width_of(widths: Iterable[int]) -> int:
    """The table's width: the shown columns, a space before each and one at the end."""
    shown = [w for w in widths if w]
    return sum(shown) + len(shown) + 1


def fit(text: str, width: int) -> str:
    if len(text) <= width:
        return text.ljust(width)
    return text[: max(0, width - 1)] + "…"


def fit_middle(text: str, width: int) -> str:
    """Cut out of the middle: names that differ only at the end (a date, a number) stay apart."""
    if len(text) <= width:
        return text.ljust(width)
    tail = (width - 1) // 2
    return text[: width - 1 - tail] + "…" + (text[-tail:] if tail else "")
