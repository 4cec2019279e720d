"""A ``DataTable`` of one-line text cells (:class:`~ftui.tui.widgets.cell.Cell`), measured
by their length.

``DataTable`` works out its columns' widths by measuring every cell of every new row through
Rich's ``measure``, which first builds the console's options (asking the operating system for
the terminal's size) for each cell: 5,000 cells for a thousand profiles, about half of the
profiles screen's first frame. A ``Cell`` is one line that never wraps: its width is its
length, known without the console. Other renderables are measured as Textual does.

It is the rows Textual adds that are measured so (``DataTable._update_dimensions``, a private
method, running on the UI thread): ``tests/tui/test_text_table.py`` fails if Textual stops
measuring there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import textual.widgets._data_table as data_table
from rich.console import Console, RenderableType
from textual.widgets import DataTable
from textual.widgets._data_table import RowKey

from ftui.tui.widgets.cell import Cell

_measure = data_table.measure  # type: ignore[attr-defined]


def _measure_cell(
    console: Console,
    renderable: RenderableType,
    default: int,
    *,
    container_width: int | None = None,
) -> int:
    if isinstance(renderable, Cell):
        return renderable.cell_len
    return _measure(console, renderable, default, container_width=container_width)


@contextmanager
def _cells_by_length() -> Iterator[None]:
    data_table.measure = _measure_cell  # type: ignore[attr-defined]
    try:
        yield
    finally:
        data_table.measure = _measure  # type: ignore[attr-defined]


class TextTable(DataTable[Any]):
    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        with _cells_by_length():
            super()._update_dimensions(new_rows)
