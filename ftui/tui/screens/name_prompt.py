"""Ask for a profile name, checked as it is typed by the same rule the store applies."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ftui.core.profile_types import InvalidProfileName, check_name
from ftui.core.safe_text import safe_text
from ftui.tui.widgets.safe_input import SafeInput


class NameScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="name.cancel")]

    def __init__(self, title: str, value: str = "", taken: set[str] | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self._title = safe_text(title, multiline=True)
        self._value = value
        self._taken = taken or set()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield SafeInput(self._value, id="name", compact=True, placeholder="profile-name")
            yield Static("", id="name-problem", markup=False)
            yield Static("Enter saves · Esc cancels", classes="field-help")

    def _problem(self, name: str) -> tuple[str, bool]:
        """What is wrong with ``name`` (or worth knowing), and whether it blocks saving."""
        try:
            check_name(name)
        except InvalidProfileName as error:
            return str(error), True
        if name in self._taken:
            return f"{name!r} exists: saving asks before replacing it", False
        return "", False

    def _show(self, name: str) -> bool:
        text, blocking = self._problem(name)
        line = self.query_one("#name-problem", Static)
        line.update(safe_text(text, multiline=True))  # it quotes the name typed or pasted
        line.set_class(blocking, "-error")
        line.set_class(bool(text) and not blocking, "-warning")
        return blocking

    @on(Input.Changed, "#name")
    def _check(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#name")
    def _submit(self, event: Input.Submitted) -> None:
        if not self._show(event.value):
            self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
