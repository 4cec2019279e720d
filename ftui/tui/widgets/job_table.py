"""The jobs table: tens of thousands of rows, drawn a screenful at a time.

Built on Textual's Line API instead of DataTable, which measures every cell of every row when
rows arrive and repaints the whole table when one cell changes (over a second for 10,000 rows,
and a full screen of bytes over SSH for a one-word status change). Here only visible lines are
rendered, lines are cached by their content, and an update repaints exactly the lines whose text
changed, unless the order changed. The cursor belongs to a job, not a row number: it stays on
the same job, at the same height on screen, while rows come and go around it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ftui.core.jobs import JobRow, sort_key
from ftui.tui.widgets.job_columns import (
    COLUMNS,
    GIVE_WAY,
    MARK,
    STATUS_CLASSES,
    cells_of,
    fit,
    fit_middle,
    width_of,
)

if TYPE_CHECKING:
    from ftui.core.progress import Progress

# Jobs marked to compare at most: four curves and four columns of settings stay readable.
MARK_LIMIT = 4


class JobTable(ScrollView, can_focus=True):
    """Jobs keyed by ARN, sorted and filtered, updated in place."""

    COMPONENT_CLASSES = {
        "job-table--header",
        "job-table--cursor",
        "job-table--running",
        "job-table--stopping",
        "job-table--completed",
        "job-table--failed",
        "job-table--stopped",
        "job-table--stale",
        "job-table--mark",
    }
    DEFAULT_CSS = """
    JobTable {
        background: $surface;
        height: 1fr;
        & > .job-table--header { text-style: bold; background: $panel; }
        & > .job-table--cursor { background: $block-cursor-blurred-background; }
        &:focus > .job-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .job-table--running { color: $warning; }
        & > .job-table--stopping { color: $secondary; }
        & > .job-table--completed { color: $success; }
        & > .job-table--failed { color: $error; text-style: bold; }
        & > .job-table--stopped { color: $text-muted; }
        & > .job-table--stale { color: $text-muted; text-style: italic; }
        & > .job-table--mark { color: $accent; text-style: bold; }
    }
    """
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "edge(False)", "First", show=False),
        Binding("end,G", "edge(True)", "Last", show=False),
        Binding("enter", "open", "Details", id="jobs.open"),
        # Off the footer: `c` says to mark with space when nothing is marked.
        Binding("space", "mark", "Mark", show=False, id="jobs.mark"),
    ]

    class Selected(Message):
        def __init__(self, row: JobRow) -> None:
            super().__init__()
            self.row = row

    @dataclass
    class Marked(Message):
        """The jobs marked (to compare) changed, or one more was refused (``refused``)."""

        marked: tuple[str, ...]
        refused: bool = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: dict[str, JobRow] = {}
        self.view: list[JobRow] = []
        self._index: dict[str, int] = {}
        self._cells: dict[str, tuple[str, ...]] = {}
        self._widths: tuple[int, ...] = tuple(c.width or len(c.title) for c in COLUMNS)
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self.cursor_arn: str | None = None
        self.cursor = 0
        self.sort_column = "created"
        self.sort_reverse = True
        self.stale = False
        self.now = datetime.min.replace(tzinfo=UTC)  # set by every update
        self.progress: dict[str, Progress] = {}  # training jobs' progress, by ARN
        self.marked: list[str] = []  # ARNs, in the order marked

    # --- data -----------------------------------------------------------------------------

    def update(
        self,
        rows: dict[str, JobRow],
        visible: Iterable[JobRow],
        now: datetime,
        *,
        stale: bool = False,
    ) -> None:
        """Show ``visible`` (already filtered) out of ``rows``, repainting only what changed."""
        self.now = now
        old_view = [r.arn for r in self.view]
        old_cells = self._cells
        old_widths = self._widths
        old_cursor = self.cursor
        old_scroll = int(self.scroll_offset.y)
        previous = self.rows
        self.rows = rows
        key = sort_key(self.sort_column, now)
        self.view = sorted(visible, key=key, reverse=self.sort_reverse)
        self._index = {row.arn: i for i, row in enumerate(self.view)}
        # A finished job's text never changes; a running one's elapsed time does.
        self._cells = {
            row.arn: (
                old_cells[row.arn]
                if row.arn in old_cells and not row.active and previous.get(row.arn) == row
                else cells_of(row, now, self.progress)
            )
            for row in self.view
        }
        self._widths = self._fit_widths()
        stale_changed = stale != self.stale
        self.stale = stale
        self.virtual_size = Size(self._table_width(), len(self.view) + 1)
        # Keep the cursor on its job, at the same height on screen.
        if self.cursor_arn in self._index:
            self.cursor = self._index[self.cursor_arn]
        else:
            self.cursor = min(old_cursor, max(0, len(self.view) - 1))
            self.cursor_arn = self.view[self.cursor].arn if self.view else None
        if self.cursor != old_cursor:
            self.scroll_to(y=max(0, old_scroll + self.cursor - old_cursor), animate=False)
        order_same = old_view == [r.arn for r in self.view]
        if order_same and old_widths == self._widths and not stale_changed:
            for index, row in enumerate(self.view):
                if old_cells.get(row.arn) != self._cells[row.arn]:
                    self._refresh_row(index)
        else:
            self.refresh()

    def set_progress(self, progress: dict[str, Progress]) -> None:
        """New estimates: repaint the rows whose ETA reads differently."""
        self.progress = progress
        for index, row in enumerate(self.view):
            if not row.active:
                continue
            cells = cells_of(row, self.now, progress)
            if cells != self._cells.get(row.arn):
                self._cells[row.arn] = cells
                self._refresh_row(index)

    def _fit_widths(self) -> tuple[int, ...]:
        """Fit columns to their content, then give way (``GIVE_WAY``) until the table fits.

        A hidden column has width 0. Every step starts again from the fitted widths, so a column
        that shrank before another was dropped gets its width back when there is room.
        """
        fitted = []
        for index, column in enumerate(COLUMNS):
            if column.width:
                fitted.append(column.width)
                continue
            longest = max((len(cells[index]) for cells in self._cells.values()), default=0)
            fitted.append(max(len(column.title) + 2, min(column.limit, longest)))
        if self.size.width == 0:
            return tuple(fitted)
        position = {c.key: i for i, c in enumerate(COLUMNS)}
        shrinking: list[str] = []
        dropped: set[str] = set()

        def attempt() -> list[int]:
            widths = [0 if c.key in dropped else w for c, w in zip(COLUMNS, fitted, strict=True)]
            for key in shrinking:
                index = position[key]
                give = min(self._excess(widths), widths[index] - COLUMNS[index].least)
                widths[index] -= max(0, give)
            return widths

        widths = fitted
        for how, key in GIVE_WAY:
            if self._excess(widths) <= 0:
                break
            if how == "shrink":
                shrinking.append(key)
            else:
                dropped.add(key)
                shrinking = [k for k in shrinking if k != key]
            widths = attempt()
        return tuple(widths)

    def _excess(self, widths: list[int]) -> int:
        """How many cells wider than the screen the table is with these widths."""
        return width_of(widths) - self.size.width

    def on_resize(self) -> None:
        widths = self._fit_widths()
        if widths != self._widths:
            self._widths = widths
            self.virtual_size = Size(self._table_width(), len(self.view) + 1)
            self.refresh()

    def _table_width(self) -> int:
        return width_of(self._widths)

    @property
    def current(self) -> JobRow | None:
        return self.view[self.cursor] if self.view else None

    def select_arn(self, arn: str) -> bool:
        if arn not in self._index:
            return False
        self._move_to(self._index[arn])
        return True

    def sort_by(self, column: str) -> None:
        if column == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column = column
            self.sort_reverse = column in ("created", "elapsed")
        self.update(self.rows, self.view, self.now, stale=self.stale)
        self.refresh()

    # --- rendering --------------------------------------------------------------------------

    def _refresh_row(self, index: int) -> None:
        y = index + 1 - int(self.scroll_offset.y)
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        if y == 0:
            strip = self._header()
        else:
            index = scroll_y + y - 1
            if index >= len(self.view):
                return Strip.blank(width, self.rich_style)
            strip = self._row_strip(index)
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, self.rich_style)

    def _header(self) -> Strip:
        style = self.get_component_rich_style("job-table--header")
        parts = []
        for column, width in zip(COLUMNS, self._widths, strict=True):
            if not width:
                continue
            title = column.title
            if column.key == self.sort_column:
                title += " ↓" if self.sort_reverse else " ↑"
            parts.append(fit(title, width))
        text = " " + " ".join(parts)
        return Strip([Segment(text.ljust(self.virtual_size.width + 1), style)])

    def _row_strip(self, index: int) -> Strip:
        row = self.view[index]
        cells = self._cells[row.arn]
        is_cursor = index == self.cursor
        marked = row.arn in self.marked
        key = (cells, row.status, is_cursor, self.has_focus, self._widths, self.stale, marked)
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        base = self.rich_style
        if self.stale:
            base = base + self.get_component_rich_style("job-table--stale")
        status_style = base + self.get_component_rich_style(
            STATUS_CLASSES.get(row.status, "job-table--stopped")
        )
        mark = base + self.get_component_rich_style("job-table--mark")
        segments = [Segment(MARK, mark) if marked else Segment(" ", base)]
        for index_, (text, width) in enumerate(zip(cells, self._widths, strict=True)):
            if not width:
                continue
            style = status_style if index_ == 1 else base
            fitted = fit_middle if index_ == 0 else fit
            segments.append(Segment(fitted(text, width), style))
            segments.append(Segment(" ", base))
        if is_cursor:
            cursor: Style = self.get_component_rich_style("job-table--cursor")
            segments = [Segment(t, (s or Style()) + cursor) for t, s, _ in segments]
        # One run per style: repeating the style for every cell would multiply the bytes sent.
        strip = Strip(segments).simplify()
        self._lines[key] = strip
        return strip

    def on_focus(self) -> None:
        self._refresh_row(self.cursor)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor)

    # --- moving -----------------------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        if not self.view:
            return
        index = max(0, min(index, len(self.view) - 1))
        old = self.cursor
        self.cursor = index
        self.cursor_arn = self.view[index].arn
        self._refresh_row(old)
        self._refresh_row(index)
        top = int(self.scroll_offset.y)
        rows_shown = max(1, self.size.height - 1)
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + rows_shown:
            self.scroll_to(y=index - rows_shown + 1, animate=False)

    def action_cursor(self, step: int) -> None:
        self._move_to(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.size.height - 2))

    def action_edge(self, last: bool) -> None:
        self._move_to(len(self.view) - 1 if last else 0)

    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Selected(row))

    def action_mark(self) -> None:
        row = self.current
        if row is None:
            return
        if row.arn in self.marked:
            self.marked.remove(row.arn)
        elif len(self.marked) >= MARK_LIMIT:
            self.post_message(self.Marked(tuple(self.marked), refused=True))
            return
        else:
            self.marked.append(row.arn)
        self._refresh_row(self.cursor)
        self.post_message(self.Marked(tuple(self.marked)))

    def clear_marks(self) -> bool:
        """Unmark every job; False if none was."""
        if not self.marked:
            return False
        self.marked = []
        self.refresh()
        self.post_message(self.Marked(()))
        return True

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            return
        index = int(self.scroll_offset.y) + event.y - 1
        if 0 <= index < len(self.view):
            if index == self.cursor and event.chain >= 2:
                self.action_open()
            self._move_to(index)
