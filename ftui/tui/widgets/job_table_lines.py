"""The jobs table's lines: which are drawn, how, and which go to the terminal again, and when.

Apart from job_table.py (the rows, their order, the cursor and the keys) because this is what
keeps the table cheap over SSH: each line on screen remembers what it was drawn from, an update
refreshes only the lines that would draw differently, a drawn line is kept by its content (a
row scrolled back into view is not drawn again), and under another screen nothing is refreshed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Region
from textual.strip import Strip

from ftui.tui.widgets.job_columns import STATUS_CLASSES, header_text, row_segments

if TYPE_CHECKING:
    from ftui.tui.widgets.job_table import JobTable


class TableLines:
    """The lines of one :class:`JobTable`, drawn from its rows, cursor, marks and widths."""

    def __init__(self, table: JobTable) -> None:
        self.table = table
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._drawn: dict[int, tuple[object, ...]] = {}  # what each line of the widget drew last
        self._repaint_due = False  # lines changed while another screen was on top

    def refresh_row(self, index: int) -> None:
        self._refresh_line(index + 1 - int(self.table.scroll_offset.y))

    def _refresh_line(self, y: int) -> None:
        if self._deferred():
            return
        # Within the rows, not the widget: a scrollbar beside or below them, drawn again with
        # a line, would add its own colours to every line sent (45 bytes in truecolor).
        shown = self.table.scrollable_content_region
        if 0 <= y < shown.height:
            self.table.refresh(Region(0, y, shown.width, 1))

    def _deferred(self) -> bool:
        """True while another screen is on top: the lines are drawn once the table's is back.

        Textual 8.2.8 draws the screen just under the top one as if it showed through, even
        under an opaque screen: a line refreshed there wrote the whole top screen again (40 KB
        at 120x40 over a job's detail, for each poll's Elapsed and ETA cells).
        """
        if self.table.screen.is_active:
            return False
        self._repaint_due = True
        return True

    def uncovered(self) -> None:
        """The lines that changed while covered, if any did."""
        if self._repaint_due:
            self._repaint_due = False
            self.repaint()

    def repaint(self) -> None:
        """Refresh exactly the lines on screen that would draw differently than they did.

        Only these lines' bytes go to the terminal: a status change is its row; a row moving
        above the screen's top, everything below it.
        """
        if self._deferred():
            return
        top = int(self.table.scroll_offset.y)
        for y in range(self.table.scrollable_content_region.height):
            if self._drawn.get(y) != self._line_key(y, top):
                self._refresh_line(y)

    def _line_key(self, y: int, top: int) -> tuple[object, ...]:
        table = self.table
        if y == 0:
            return ("header", table.widths, table.sort_column, table.sort_reverse)
        index = top + y - 1
        return self._row_key(index) if index < len(table.view) else ("blank",)

    def render(self, y: int) -> Strip:
        """Line ``y`` of the widget (0: the header), as Textual's ``render_line`` asks."""
        table = self.table
        scroll_x, scroll_y = table.scroll_offset
        width = table.size.width
        key = self._drawn[y] = self._line_key(y, scroll_y)
        if y == 0:
            text = header_text(table.widths, table.sort_column, reverse=table.sort_reverse)
            style = table.get_component_rich_style("job-table--header")
            strip = Strip([Segment(text.ljust(table.virtual_size.width + 1), style)])
        else:
            index = scroll_y + y - 1
            if index >= len(table.view):
                return Strip.blank(width, table.rich_style)
            strip = self._row_strip(index, key)
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, table.rich_style)

    def _row_key(self, index: int) -> tuple[object, ...]:
        """Everything a row's line is drawn from."""
        table = self.table
        row = table.view[index]
        return (
            table.cells(row),
            row.status,
            index == table.cursor,
            table.has_focus,
            table.widths,
            table.stale,
            row.arn in table.marked,
        )

    def _row_strip(self, index: int, key: tuple[object, ...]) -> Strip:
        cached = self._strips.get(key)
        if cached is not None:
            return cached
        table = self.table
        row = table.view[index]
        cells, is_cursor = table.cells(row), index == table.cursor
        marked = row.arn in table.marked
        base = table.rich_style
        if table.stale:
            base = base + table.get_component_rich_style("job-table--stale")
        status_style = base + table.get_component_rich_style(
            STATUS_CLASSES.get(row.status, "job-table--stopped")
        )
        mark = base + table.get_component_rich_style("job-table--mark") if marked else None
        segments = row_segments(cells, table.widths, base, status_style, mark)
        if is_cursor:
            cursor: Style = table.get_component_rich_style("job-table--cursor")
            segments = [Segment(t, (s or Style()) + cursor) for t, s, _ in segments]
        # One run per style: repeating the style for every cell would multiply the bytes sent.
        strip = Strip(segments).simplify()
        self._strips[key] = strip
        return strip
