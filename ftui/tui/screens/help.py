"""The keys of the place the user is in, grouped by what they are doing, fitting 80x24.

Each row names the bindings it documents by id, and its keys are read from those bindings as
they are bound now (a ``[keymap]`` in the settings shows here too). Rows without ids describe
keys of Textual's own widgets (moving in a list, Tab between fields). ``tests/tui/test_help.py``
checks that every binding of every place is in its help, so the help cannot fall behind.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_NAMES = {
    "ctrl": "Ctrl",
    "shift": "Shift",
    "alt": "Alt",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "escape": "Esc",
    "enter": "Enter",
    "delete": "Del",
    "space": "Space",
    "tab": "Tab",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "home": "Home",
    "end": "End",
    "slash": "/",
    "question_mark": "?",
}


def key_name(key: str) -> str:
    """``ctrl+s`` -> ``Ctrl+S``, ``pagedown`` -> ``PgDn``, ``n`` stays ``n`` and ``N`` ``N``."""
    parts = key.split("+")
    named = [
        _NAMES.get(part, part.upper() if part[:1] == "f" and part[1:].isdigit() else part)
        for part in parts
    ]
    if len(named) > 1 and len(named[-1]) == 1:
        named[-1] = named[-1].upper()  # Ctrl+S, as keyboards and docs write it
    return "+".join(named)


@dataclass(frozen=True)
class Row:
    what: str
    ids: tuple[str, ...] = ()  # the bindings this row documents
    # Written out where the bindings' own keys would not read well (Alt+1…Alt+8), and for
    # the keys of Textual's widgets, which have no binding ids.
    keys: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


EVERYWHERE = Section(
    "Everywhere",
    (
        Row(
            "Jobs, profiles, the draft, custom models",
            ("app.jobs", "app.profiles", "app.wizard", "app.models"),
        ),
        Row("These keys", ("app.help",)),
        Row("Command palette: every action by name", keys="Ctrl+P"),
        Row("Quit (the draft is kept)", ("app.quit",)),
    ),
)


def keys_of(screen: Screen[object], ids: tuple[str, ...]) -> str:
    """The keys bound now to the bindings ``ids``, as a person types them."""
    found: list[str] = []
    for binding_id in ids:
        for key, active in screen.active_bindings.items():
            binding: Binding = active.binding
            if binding.id == binding_id and key_name(key) not in found:
                found.append(key_name(key))
    return " ".join(found)


def help_lines(screen: Screen[object], sections: tuple[Section, ...]) -> list[Content]:
    rows = [
        (section, row.keys or keys_of(screen, row.ids), row)
        for section in sections
        for row in section.rows
    ]
    width = max(len(keys) for _, keys, _ in rows)
    lines: list[Content] = []
    current: Section | None = None
    for section, keys, row in rows:
        if not keys:
            continue  # a binding the screen does not have now (read-only mode)
        if section is not current:
            current = section
            lines.append(Content.styled(section.title, "bold $accent"))
        lines.append(Content.assemble(("  " + keys.ljust(width), "bold"), "  ", row.what))
    return lines


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close", id="help.close")]

    def __init__(self, title: str, lines: list[Content]) -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(f"Keys: {self._title}", classes="dialog-title", markup=False)
            with VerticalScroll(classes="help-body"):
                yield Static(Content("\n").join(self._lines))
            yield Static("Esc closes · ↑ ↓ scroll", classes="field-help")
