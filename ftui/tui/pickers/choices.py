"""The list a picker shows: items in fitted columns, one line each, and the lines around them.

Built on OptionList rather than DataTable: a picker's rows are a few hundred at most, and
besides items it shows lines that are not data ("more…", "Loading…", "No roles"), which an
OptionList holds as options (disabled where they cannot be picked) and a DataTable would need
as fake rows. The keyboard stays in the filter above the list (type, move, Enter, like fzf),
so the list never takes the focus; its columns are fitted here to the width there is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ftui.core.safe_text import ELLIPSIS, safe_text

GAP = 1  # blank cells between columns
MARK_WIDTH = 4  # "[x] " in front of a row of a multiple choice


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 0  # 0: shares what the fixed columns leave
    least: int = 10  # a shared column is never narrower
    optional: bool = False  # dropped (last first) when the columns do not fit


@dataclass(frozen=True)
class Row:
    """One item as shown: its cells (text from AWS: made safe here) and how it looks."""

    cells: tuple[str, ...]
    style: str = ""  # the whole line: "dim" for a bucket of another region
    styles: tuple[str, ...] = ()  # per cell, where a cell stands out ("$warning" for ✗)
    mark: str = ""  # "[x] " / "[ ] " in a multiple choice


def fit(text: str, width: int) -> str:
    if len(text) <= width:
        return text.ljust(width)
    return text[: max(0, width - 1)] + ELLIPSIS


def widths(columns: Sequence[Column], total: int) -> list[int]:
    """Each column's width in ``total`` cells; 0 for a column dropped for lack of room.

    Optional columns go, the last first, until the shared columns have their least width;
    what is left is shared between them.
    """
    kept = list(range(len(columns)))
    while True:
        fixed = sum(columns[i].width for i in kept) + GAP * (len(kept) - 1)
        shared = [i for i in kept if not columns[i].width]
        room = total - fixed
        least = sum(columns[i].least for i in shared)
        droppable = [i for i in kept if columns[i].optional]
        if room >= least or not droppable:
            each = max(room, least) // len(shared) if shared else 0
            return [(columns[i].width or each) if i in kept else 0 for i in range(len(columns))]
        kept.remove(droppable[-1])


def line(row: Row, sizes: Sequence[int]) -> Content:
    """The row's cells in their columns, as plain text (no markup: the text came from AWS)."""
    parts: list[tuple[str, str] | str] = [row.mark] if row.mark else []
    styles = row.styles or ("",) * len(row.cells)
    first = True
    for cell, style, width in zip(row.cells, styles, sizes, strict=True):
        if not width:
            continue
        if not first:
            parts.append(" " * GAP)
        first = False
        parts.append((fit(safe_text(cell), width), style))
    content = Content.assemble(*parts)
    return content.stylize(row.style) if row.style else content


def header(columns: Sequence[Column], sizes: Sequence[int], *, marked: bool) -> str:
    titles = [fit(c.title, w) for c, w in zip(columns, sizes, strict=True) if w]
    return (" " * MARK_WIDTH if marked else "") + (" " * GAP).join(titles)


def notice(text: str, *, enabled: bool = False) -> Option:
    """A line that is not an item: "Loading…", "No roles", "more…" (the last one enabled)."""
    return Option(Content.styled(safe_text(text), "italic"), disabled=not enabled)


class More:
    """The "more…" line at the end of a listing with pages still to load."""


MORE = More()


class ChoiceList(OptionList, can_focus=False):
    """An OptionList the filter drives: it never takes the focus from the filter.

    It knows what each of its lines stands for (:attr:`entries`): an item, :data:`MORE`, or
    None for a line that is only said ("Loading…").
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False, compact=True)
        self.entries: list[Any] = []

    def fill(
        self, lines: list[tuple[Any, Content | Option]], *, keep: str | None, at: int | None
    ) -> None:
        """Show ``lines`` (an entry and its line each), highlighting line ``at`` if given, else
        the item whose value is ``keep``, else the first line that can be picked."""
        self.entries = [entry for entry, _ in lines]
        self.set_options(
            [shown if isinstance(shown, Option) else Option(shown) for _, shown in lines]
        )
        values = [getattr(entry, "value", None) for entry in self.entries]
        if at is not None:
            self.highlighted = min(at, len(self.entries) - 1)
        elif keep is not None and keep in values:
            self.highlighted = values.index(keep)
        else:
            enabled = [i for i, option in enumerate(self.options) if not option.disabled]
            self.highlighted = enabled[0] if enabled else None

    @property
    def items(self) -> list[Any]:
        return [e for e in self.entries if e is not None and e is not MORE]

    @property
    def entry(self) -> Any:
        """What the highlighted line stands for; None if nothing is highlighted."""
        index = self.highlighted
        return self.entries[index] if index is not None and index < len(self.entries) else None
