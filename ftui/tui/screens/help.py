"""Every key that works where the user is, with what it does, in one list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
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
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
    "home": "Home",
    "end": "End",
}


def key_name(key: str) -> str:
    """``ctrl+s`` -> ``Ctrl+S``, ``pagedown`` -> ``PgDn``, ``f6`` -> ``F6``."""
    parts = []
    for part in key.split("+"):
        if part in _NAMES:
            parts.append(_NAMES[part])
        elif len(part) == 1 or (part[:1] == "f" and part[1:].isdigit()):
            parts.append(part.upper())
        else:
            parts.append(part)
    return "+".join(parts)


def bindings_of(screen: Screen[object]) -> list[tuple[str, str]]:
    """(key, description) for every binding active on ``screen``, keymap included."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding: Binding = active.binding
        if not binding.description or key in seen:
            continue
        seen.add(key)
        rows.append((key_name(key), binding.description))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close", id="help.close")]

    def __init__(self, title: str, rows: list[tuple[str, str]], notes: list[str] | None = None):
        super().__init__(classes="dialog-screen")
        self._title = title
        self._rows = rows
        self._notes = notes or []

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self._rows), default=8)
        lines = [f"{keys.ljust(width)}  {what}" for keys, what in self._rows]
        with Vertical(classes="dialog help"):
            yield Static(f"Keys: {self._title}", classes="dialog-title", markup=False)
            with VerticalScroll(classes="help-body"):
                yield Static("\n".join([*lines, "", *self._notes]).rstrip(), markup=False)
            yield Static("Esc closes · Ctrl+P: command palette", classes="field-help")
