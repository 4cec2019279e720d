"""An Input whose value may come from outside: a profile file, a cloned job, a pasted path
(the prompt box of Try it, a TextArea, is :mod:`ftui.tui.widgets.safe_text_area`).

Textual's Input draws its value as it is, so an ESC in a cloned job's name reaches the terminal.
This one draws each character a terminal would act on as one visible cell (ESC as ``␛``, a C1
control or a bidi override as ``�``) and keeps the value itself exact: it is what the user edits
and what is sent. One cell per character keeps the cursor and mouse clicks where they are drawn.

It does not blink its cursor: Textual redraws a blinking cursor twice a second for as long as the
field has focus, which an idle screen over SSH pays for in bytes (Textual's own palette input,
which still blinks, writes 86 KB a minute at 120x40: bench/ssh.py). The cursor stays drawn.

It overrides two private methods of Textual 8.2's Input (pinned in pyproject.toml), which map
between characters and cells; tests/tui/test_hostile_display.py checks the cursor.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Input

from ftui.core.safe_text import safe_text

_REPLACEMENT = "\ufffd"


def one_cell(text: str) -> str:
    """``text`` with every character a terminal acts on drawn as one visible cell."""
    if text.isprintable():
        return text
    return "".join(_stand_in(char) for char in text)


def _stand_in(char: str) -> str:
    shown = safe_text(char)
    if shown == char:
        return char
    # A control picture (␛) when there is one; else the notation (\x9b) would take 4 cells.
    return shown if len(shown) == 1 else _REPLACEMENT


class SafeInput(Input):
    cursor_blink = reactive(False, init=False)

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(one_cell(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def _position_to_cell(self, position: int) -> int:
        return cell_len(one_cell(self.value[:position]))

    def _cell_offset_to_index(self, offset: int) -> int:
        offset += self.scroll_offset.x
        start = 0
        for index, char in enumerate(one_cell(self.value)):
            end = start + get_character_cell_size(char)
            if start <= offset < end:
                return index
            start = end
        return max(0, min(offset, len(self.value)))
