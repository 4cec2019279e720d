"""What a terminal on the far end of an SSH link sees: a rough decoder of ftui's output.

Enough of a VT100 for what Textual writes (absolute cursor moves, text, SGR colours, erase to end
of line) to tell which screen is shown and whether any text is drawn in its own background's
colour. Not a terminal emulator: scrolling regions, insert/delete and wide-character details are
ignored, which Textual does not use for its frames.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# One escape sequence: CSI (with private markers), OSC (to BEL or ST), or a two-byte ESC code.
_SEQUENCE = re.compile(
    r"\x1b\[([0-9;:?<>=]*)([ -/]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^\[\]]"
)
TRUECOLOR = re.compile(rb"\x1b\[[0-9;]*[34]8;2;")

Colour = tuple[str, ...]  # ("d",) default, ("i", n) indexed 0-255, ("t", r, g, b) truecolor
DEFAULT: Colour = ("d",)


def _indexed(n: int) -> Colour:
    return ("i", str(n))


@dataclass
class Cell:
    char: str = " "
    fg: Colour = DEFAULT
    bg: Colour = DEFAULT


@dataclass
class VirtualTerminal:
    columns: int
    lines: int
    grid: list[list[Cell]] = field(default_factory=list)
    row: int = 0
    column: int = 0
    fg: Colour = DEFAULT
    bg: Colour = DEFAULT
    reverse: bool = False
    _pending: str = ""

    def __post_init__(self) -> None:
        self.grid = [[Cell() for _ in range(self.columns)] for _ in range(self.lines)]

    def feed(self, data: bytes) -> None:
        text = self._pending + data.decode("utf-8", errors="replace")
        self._pending = ""
        # A sequence cut at the end of a read waits for the rest.
        cut = text.rfind("\x1b")
        if cut != -1 and not _SEQUENCE.match(text, cut) and len(text) - cut < 64:
            text, self._pending = text[:cut], text[cut:]
        position = 0
        for match in _SEQUENCE.finditer(text):
            self._print(text[position : match.start()])
            if match.group(3):
                self._csi(match.group(1), match.group(3))
            position = match.end()
        self._print(text[position:])

    def _print(self, text: str) -> None:
        for char in text:
            if char == "\r":
                self.column = 0
            elif char == "\n":
                self.row = min(self.row + 1, self.lines - 1)
            elif char >= " ":
                if self.row < self.lines and self.column < self.columns:
                    fg, bg = (self.bg, self.fg) if self.reverse else (self.fg, self.bg)
                    self.grid[self.row][self.column] = Cell(char, fg, bg)
                self.column += 1

    def _csi(self, params: str, final: str) -> None:
        if params.startswith("?"):
            return
        numbers = [int(p) if p.isdigit() else 0 for p in params.replace(":", ";").split(";")]
        if final == "H":
            row = numbers[0] if numbers and numbers[0] else 1
            column = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.row, self.column = min(row, self.lines) - 1, min(column, self.columns) - 1
        elif final == "m":
            self._sgr(numbers)
        elif final == "K" and self.row < self.lines:
            for column in range(self.column, self.columns):
                self.grid[self.row][column] = Cell(" ", self.fg, self.bg)
        elif final == "J" and numbers[:1] == [2]:
            self.__post_init__()
        elif final == "C":
            self.column += numbers[0] or 1

    def _sgr(self, numbers: list[int]) -> None:
        i = 0
        while i < len(numbers):
            n = numbers[i]
            if n == 0:
                self.fg, self.bg, self.reverse = DEFAULT, DEFAULT, False
            elif n == 7:
                self.reverse = True
            elif n == 27:
                self.reverse = False
            elif 30 <= n <= 37 or 90 <= n <= 97:
                self.fg = _indexed(n - 30 if n < 90 else n - 90 + 8)
            elif 40 <= n <= 47 or 100 <= n <= 107:
                self.bg = _indexed(n - 40 if n < 100 else n - 100 + 8)
            elif n == 39:
                self.fg = DEFAULT
            elif n == 49:
                self.bg = DEFAULT
            elif n in (38, 48) and i + 1 < len(numbers):
                colour: Colour
                if numbers[i + 1] == 5 and i + 2 < len(numbers):
                    colour, i = _indexed(numbers[i + 2]), i + 2
                elif numbers[i + 1] == 2 and i + 4 < len(numbers):
                    colour = ("t", *(str(c) for c in numbers[i + 2 : i + 5]))
                    i += 4
                else:
                    break
                if n == 38:
                    self.fg = colour
                else:
                    self.bg = colour
            i += 1

    def text(self) -> list[str]:
        return ["".join(cell.char for cell in row).rstrip() for row in self.grid]

    def contains(self, needle: str) -> bool:
        return any(needle in line for line in self.text())

    def invisible_text(self) -> list[str]:
        """Runs of visible characters drawn in the colour of their own background."""
        found = []
        for number, row in enumerate(self.grid):
            run = ""
            for cell in [*row, Cell()]:
                hidden = cell.char.strip() and cell.fg == cell.bg and cell.fg != DEFAULT
                if hidden:
                    run += cell.char
                elif run:
                    found.append(f"line {number + 1}: {run!r} in {cell_colour(row, run)}")
                    run = ""
        return found


def cell_colour(row: list[Cell], run: str) -> str:
    line = "".join(cell.char for cell in row)
    at = line.find(run)
    return "/".join(row[at].fg) if at != -1 else "?"
