"""Choose one of a few things in a modal: ↑ ↓ and enter, or escape for none."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ftui.core.safe_text import safe_text


class ChoiceScreen(ModalScreen[int | None]):
    """Dismissed with the index of the choice, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, choices: list[str]) -> None:
        super().__init__(classes="dialog-screen")
        self._title = safe_text(title, multiline=True)
        self._choices = [safe_text(c, 300) for c in choices]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            # Not markup: the choices name things AWS or a file named.
            yield OptionList(*(Option(c) for c in self._choices), id="choices", markup=False)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
