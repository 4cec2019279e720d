"""The jobs table: tens of thousands of rows, drawn a screenful at a time.

Built on Textual's Line API instead of DataTable, which measures every cell of every row when
rows arrive and repaints the whole table when one cell changes (over a second for 10,000 rows,
and a full screen of bytes over SSH for a one-word status change). Here only visible lines are
rendered, lines are cached by their content, and an update repaints exactly the lines on screen
that would draw differently. A poll moves only the rows it changed into their sorted place
(:class:`~ftui.core.job_view.SortedRows`): its cost grows with what changed, not with the number
of jobs. The cursor belongs to a job, not a row number: it stays on the same job, at the same
height on screen, while rows come and go around it. Under another screen (a job's detail) no
line is refreshed: they are drawn as they are then once the table's screen is back on top.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
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

from ftui.core.job_view import SortedRows
from ftui.core.jobs import JobRow
from ftui.tui.widgets.job_columns import (
    COLUMNS,
    STATUS_CLASSES,
    FittedLengths,
    cells_of,
    fit_widths,
    header_text,
    row_segments,
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
        self._order = SortedRows("created", reverse=True)
        self._lengths = FittedLengths()
        # The cells of rows drawn so far (one per job at most), dropped when a row changes or
        # its time moves on: only the lines on screen are ever worked out.
        self._cells: dict[str, tuple[str, ...]] = {}
        self._widths: tuple[int, ...] = tuple(c.width or len(c.title) for c in COLUMNS)
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._drawn: dict[int, tuple[object, ...]] = {}  # what each line of the widget drew last
        self._repaint_due = False  # lines changed while another screen was on top
        self.cursor_arn: str | None = None
        self.cursor = 0
        self.stale = False
        self.now = datetime.min.replace(tzinfo=UTC)  # set by every update
        self.progress: dict[str, Progress] = {}  # training jobs' progress, by ARN
        self.marked: list[str] = []  # ARNs, in the order marked

    @property
    def view(self) -> list[JobRow]:
        """The rows shown (filtered), in the order shown."""
        return self._order.rows

    @property
    def sort_column(self) -> str:
        return self._order.column

    @property
    def sort_reverse(self) -> bool:
        return self._order.reverse

    # --- data -----------------------------------------------------------------------------

    def update(
        self,
        rows: dict[str, JobRow],
        visible: Iterable[JobRow],
        now: datetime,
        *,
        stale: bool = False,
    ) -> None:
        """Show ``visible`` (already filtered) out of ``rows``, sorted from scratch: for a new
        filter. A poll goes through :meth:`apply`, which moves only the rows that changed."""
        old = self.cursor, int(self.scroll_offset.y)
        self.rows = rows
        self.now = now
        self._order.reset(visible, self.sort_column, reverse=self.sort_reverse, now=now)
        self._lengths.reset(self.view)
        self._cells.clear()
        self._settle(stale, *old)

    def apply(
        self,
        rows: dict[str, JobRow],
        changed: Collection[str],
        visible: Iterable[JobRow],
        now: datetime,
        *,
        stale: bool = False,
    ) -> None:
        """A poll: in ``rows``, the jobs ``changed`` were added, changed or removed, and of
        those, ``visible`` are the rows the filter shows.

        Only those rows leave their place and are put back where they now belong (and, when
        sorted by elapsed time, the running ones), so a poll costs what it changed, not what
        the table holds.
        """
        self.rows = rows
        if not changed and now == self.now and stale == self.stale:
            return  # nothing moves and every row reads as it did
        old = self.cursor, int(self.scroll_offset.y)
        self.now = now
        order = self._order
        order.at(now)
        for arn in order.active:  # their elapsed time and ETA read differently as time passes
            self._cells.pop(arn, None)
        for arn in changed:
            self._cells.pop(arn, None)
            gone = order.remove(arn)
            if gone is not None:
                self._lengths.remove(gone)
        for row in visible:
            order.insert(row)
            self._lengths.add(row)
        if order.moves_with_time:
            for arn in list(order.active):
                moved = order.remove(arn)
                if moved is not None:
                    order.insert(moved)
        self._settle(stale, *old)

    def _settle(self, stale: bool, old_cursor: int, old_scroll: int) -> None:
        """After the rows moved: widths, the cursor on its job, and the lines that changed."""
        self._widths = fit_widths(self._lengths, self.size.width)
        self.stale = stale
        self.virtual_size = Size(self._table_width(), len(self.view) + 1)
        # Keep the cursor on its job, at the same height on screen.
        index = None if self.cursor_arn is None else self._order.index(self.cursor_arn)
        if index is not None:
            self.cursor = index
        else:
            self.cursor = min(old_cursor, max(0, len(self.view) - 1))
            self.cursor_arn = self.view[self.cursor].arn if self.view else None
        if self.cursor != old_cursor:
            # At once: scrolled after the next refresh, the screen would be drawn twice.
            y = max(0, old_scroll + self.cursor - old_cursor)
            self.scroll_to(y=y, animate=False, immediate=True)
        self._repaint()

    def set_progress(self, progress: dict[str, Progress]) -> None:
        """New estimates: repaint the rows whose ETA reads differently."""
        if progress == self.progress:
            return
        self.progress = progress
        for arn in self._order.active:
            self._cells.pop(arn, None)
        self._repaint()

    def on_resize(self) -> None:
        widths = fit_widths(self._lengths, self.size.width)
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
        index = self._order.index(arn)
        if index is None:
            return False
        self._move_to(index)
        return True

    def sort_by(self, column: str) -> None:
        if column == self.sort_column:
            reverse = not self.sort_reverse
        else:
            reverse = column in ("created", "elapsed")
        old = self.cursor, int(self.scroll_offset.y)
        self._order.reset(list(self.view), column, reverse=reverse, now=self.now)
        self._settle(self.stale, *old)

    # --- rendering --------------------------------------------------------------------------

    def _refresh_row(self, index: int) -> None:
        self._refresh_line(index + 1 - int(self.scroll_offset.y))

    def _refresh_line(self, y: int) -> None:
        if self._deferred():
            return
        # Within the rows, not the widget: a scrollbar beside or below them, drawn again with
        # a line, would add its own colours to every line sent (45 bytes in truecolor).
        shown = self.scrollable_content_region
        if 0 <= y < shown.height:
            self.refresh(Region(0, y, shown.width, 1))

    def _deferred(self) -> bool:
        """True while another screen is on top: the lines are drawn once the table's is back.

        Textual 8.2.8 draws the screen just under the top one as if it showed through, even
        under an opaque screen: a line refreshed there wrote the whole top screen again (40 KB
        at 120x40 over a job's detail, for each poll's Elapsed and ETA cells).
        """
        if self.screen.is_active:
            return False
        self._repaint_due = True
        return True

    def uncovered(self) -> None:
        """The table's screen is on top again (its ``ScreenResume``): the lines that changed
        meanwhile, in the frame Textual draws the screen with."""
        if self._repaint_due:
            self._repaint_due = False
            self._repaint()

    def _repaint(self) -> None:
        """Refresh exactly the lines on screen that would draw differently than they did.

        Only these lines' bytes go to the terminal: a status change is its row; a row moving
        above the screen's top, everything below it.
        """
        if self._deferred():
            return
        top = int(self.scroll_offset.y)
        for y in range(self.scrollable_content_region.height):
            if self._drawn.get(y) != self._line_key(y, top):
                self._refresh_line(y)

    def _line_key(self, y: int, top: int) -> tuple[object, ...]:
        if y == 0:
            return ("header", self._widths, self.sort_column, self.sort_reverse)
        index = top + y - 1
        return self._row_key(index) if index < len(self.view) else ("blank",)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        key = self._drawn[y] = self._line_key(y, scroll_y)
        if y == 0:
            text = header_text(self._widths, self.sort_column, reverse=self.sort_reverse)
            style = self.get_component_rich_style("job-table--header")
            strip = Strip([Segment(text.ljust(self.virtual_size.width + 1), style)])
        else:
            index = scroll_y + y - 1
            if index >= len(self.view):
                return Strip.blank(width, self.rich_style)
            strip = self._row_strip(index, key)
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, self.rich_style)

    def _cells_of(self, row: JobRow) -> tuple[str, ...]:
        cells = self._cells.get(row.arn)
        if cells is None:
            cells = self._cells[row.arn] = cells_of(row, self.now, self.progress)
        return cells

    def _row_key(self, index: int) -> tuple[object, ...]:
        """Everything a row's line is drawn from."""
        row = self.view[index]
        return (
            self._cells_of(row),
            row.status,
            index == self.cursor,
            self.has_focus,
            self._widths,
            self.stale,
            row.arn in self.marked,
        )

    def _row_strip(self, index: int, key: tuple[object, ...]) -> Strip:
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        row = self.view[index]
        cells, is_cursor, marked = self._cells_of(row), index == self.cursor, row.arn in self.marked
        base = self.rich_style
        if self.stale:
            base = base + self.get_component_rich_style("job-table--stale")
        status_style = base + self.get_component_rich_style(
            STATUS_CLASSES.get(row.status, "job-table--stopped")
        )
        mark = base + self.get_component_rich_style("job-table--mark") if marked else None
        segments = row_segments(cells, self._widths, base, status_style, mark)
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
