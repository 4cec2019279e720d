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
The lines themselves (drawn, cached, repainted, held back while covered) are job_table_lines.py.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ftui.core.job_view import SortedRows
from ftui.core.jobs import JobRow
from ftui.tui.widgets.job_columns import COLUMNS, FittedLengths, cells_of, fit_widths, width_of
from ftui.tui.widgets.job_table_lines import TableLines

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
        # The columns' widths, fitted to the rows and the screen with every update.
        self.widths: tuple[int, ...] = tuple(c.width or len(c.title) for c in COLUMNS)
        self._lines = TableLines(self)
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
        self.widths = fit_widths(self._lengths, self.size.width)
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
        self._lines.repaint()

    def set_progress(self, progress: dict[str, Progress]) -> None:
        """New estimates: repaint the rows whose ETA reads differently."""
        if progress == self.progress:
            return
        self.progress = progress
        for arn in self._order.active:
            self._cells.pop(arn, None)
        self._lines.repaint()

    def on_resize(self) -> None:
        widths = fit_widths(self._lengths, self.size.width)
        if widths != self.widths:
            self.widths = widths
            self.virtual_size = Size(self._table_width(), len(self.view) + 1)
            self.refresh()

    def _table_width(self) -> int:
        return width_of(self.widths)

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

    def uncovered(self) -> None:
        """The table's screen is on top again (its ``ScreenResume``): the lines that changed
        meanwhile, in the frame Textual draws the screen with."""
        self._lines.uncovered()

    def render_line(self, y: int) -> Strip:
        return self._lines.render(y)

    def cells(self, row: JobRow) -> tuple[str, ...]:
        """What ``row``'s cells read now, worked out once until it changes or time moves on."""
        cells = self._cells.get(row.arn)
        if cells is None:
            cells = self._cells[row.arn] = cells_of(row, self.now, self.progress)
        return cells

    def on_focus(self) -> None:
        self._lines.refresh_row(self.cursor)

    def on_blur(self) -> None:
        self._lines.refresh_row(self.cursor)

    # --- moving -----------------------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        if not self.view:
            return
        index = max(0, min(index, len(self.view) - 1))
        old = self.cursor
        self.cursor = index
        self.cursor_arn = self.view[index].arn
        self._lines.refresh_row(old)
        self._lines.refresh_row(index)
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
        self._lines.refresh_row(self.cursor)
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
