"""A TextArea whose text may come from outside (a prompt from a data set), drawn safely.

Kept apart from :mod:`ftui.tui.widgets.safe_input`: Textual's TextArea and its document
model load with Try it, not with the monitor's filter on every start.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import TextArea

from ftui.tui.widgets.safe_input import one_cell


class SafeTextArea(TextArea):
    """A TextArea drawing its lines as :class:`~ftui.tui.widgets.safe_input.SafeInput` draws
    its value: the text stays exact (it is what is sent), each character a terminal would act
    on shows as one visible cell. ``get_line`` is TextArea's documented hook for styling what a
    line shows. Its cursor does not blink (bytes over SSH, as SafeInput's)."""

    cursor_blink = reactive(False, init=False)

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        plain = line.plain
        return line if plain.isprintable() else Text(one_cell(plain), end="", no_wrap=True)
