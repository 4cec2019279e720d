"""A table cell of one line of plain text, which Rich measures by its length.

``DataTable`` measures every cell it is given, through Rich: a ``str`` is first parsed as
markup into a ``Text``, and a ``Text`` is measured word by word (its narrowest and widest
lines). For a thousand profiles that is 5,000 cells, most of the profiles screen's first
frame. A cell here is never markup (a file's words are shown as written) and never wraps,
so its width is its length.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.text import Text


class Cell(Text):
    def __init__(self, text: str = "") -> None:
        super().__init__(text, no_wrap=True, end="")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = self.cell_len
        return Measurement(width, width)
