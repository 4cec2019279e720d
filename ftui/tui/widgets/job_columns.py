"""The jobs table's columns: what each shows, how wide, and which give way on a narrow screen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style

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

# The columns fitted to their content. Each shows a field of the row as it is (``cells_of``).
FITTED = tuple(index for index, column in enumerate(COLUMNS) if not column.width)

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


class FittedLengths:
    """How many shown rows have each length of text in the fitted columns.

    A fitted column is as wide as its longest text (up to its limit): counting lengths as rows
    come and go tells that without measuring every row again at every poll.
    """

    def __init__(self) -> None:
        self._counts: dict[int, Counter[int]] = {index: Counter() for index in FITTED}

    def reset(self, rows: Iterable[JobRow]) -> None:
        for counts in self._counts.values():
            counts.clear()
        for row in rows:
            self.add(row)

    def add(self, row: JobRow) -> None:
        for index, counts in self._counts.items():
            counts[self._length(row, index)] += 1

    def remove(self, row: JobRow) -> None:
        for index, counts in self._counts.items():
            length = self._length(row, index)
            counts[length] -= 1
            if not counts[length]:
                del counts[length]

    def longest(self, index: int) -> int:
        """The longest text of the column, as far as its limit: 0 with no rows."""
        return max(self._counts[index], default=0)

    @staticmethod
    def _length(row: JobRow, index: int) -> int:
        column = COLUMNS[index]
        # Lengths past the limit all fit the same: counting them apart would only add keys.
        return min(column.limit, len(getattr(row, column.key)))


def fit_widths(lengths: FittedLengths, screen: int) -> tuple[int, ...]:
    """Fit columns to their content, then give way (``GIVE_WAY``) until the table fits a screen
    ``screen`` cells wide (0: not known yet, nothing gives way).

    A hidden column has width 0. Every step starts again from the fitted widths, so a column
    that shrank before another was dropped gets its width back when there is room.
    """
    fitted = []
    for index, column in enumerate(COLUMNS):
        if column.width:
            fitted.append(column.width)
            continue
        fitted.append(max(len(column.title) + 2, lengths.longest(index)))
    if screen == 0:
        return tuple(fitted)
    position = {c.key: i for i, c in enumerate(COLUMNS)}
    shrinking: list[str] = []
    dropped: set[str] = set()

    def excess(widths: list[int]) -> int:
        """How many cells wider than the screen the table is with these widths."""
        return width_of(widths) - screen

    def attempt() -> list[int]:
        widths = [0 if c.key in dropped else w for c, w in zip(COLUMNS, fitted, strict=True)]
        for key in shrinking:
            index = position[key]
            give = min(excess(widths), widths[index] - COLUMNS[index].least)
            widths[index] -= max(0, give)
        return widths

    widths = fitted
    for how, key in GIVE_WAY:
        if excess(widths) <= 0:
            break
        if how == "shrink":
            shrinking.append(key)
        else:
            dropped.add(key)
            shrinking = [k for k in shrinking if k != key]
        widths = attempt()
    return tuple(widths)


NAME, STATUS = (next(i for i, c in enumerate(COLUMNS) if c.key == k) for k in ("name", "status"))


def row_segments(
    cells: tuple[str, ...], widths: tuple[int, ...], base: Style, status: Style, mark: Style | None
) -> list[Segment]:
    """A row's line: the mark of a marked job (else a space), then each shown cell and a space.

    Names are cut in the middle, the rest at the end; the status has its colour.
    """
    segments = [Segment(MARK, mark) if mark is not None else Segment(" ", base)]
    for index, (text, width) in enumerate(zip(cells, widths, strict=True)):
        if not width:
            continue
        fitted = fit_middle if index == NAME else fit
        segments.append(Segment(fitted(text, width), status if index == STATUS else base))
        segments.append(Segment(" ", base))
    return segments


def header_text(widths: Iterable[int], sort_column: str, *, reverse: bool) -> str:
    """The titles of the columns shown, the one sorted on with its direction."""
    parts = []
    for column, width in zip(COLUMNS, widths, strict=True):
        if not width:
            continue
        title = column.title
        if column.key == sort_column:
            title += " ↓" if reverse else " ↑"
        parts.append(fit(title, width))
    return " " + " ".join(parts)


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
