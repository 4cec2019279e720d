"""The last stop before money is spent: what will run, where, on what, for how many epochs."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ftui.core.safe_text import safe_text


def facts(items: list[tuple[str, str]]) -> Table:
    """Labels and values in two columns: a long value (an ARN) wraps beside its label.

    Cells are ``Text``, not ``str``, which a Rich table reads as markup: the values come from a
    profile file or a cloned job.
    """
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in items:
        table.add_row(Text(label), Text(safe_text(value)))
    return table


class SubmitScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Submit", id="submit.confirm"),
        Binding("escape,n", "answer(False)", "Cancel", id="submit.cancel"),
    ]

    def __init__(self, items: list[tuple[str, str]], token: str) -> None:
        super().__init__(classes="dialog-screen")
        self._items = items
        self._token = token

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog submit"):
            yield Static("Create this job?", classes="dialog-title")
            # The buttons come before the body in the layout's eyes (docked): on a short
            # terminal the body scrolls and the buttons stay.
            with Horizontal(classes="dialog-buttons"):
                yield Button("Submit  y", id="yes", variant="primary", compact=True)
                yield Button("Cancel  n", id="no", compact=True)
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(facts(self._items), classes="dialog-body")
                yield Static(
                    "Training is billed per token processed, times the epochs. A stopped job is"
                    " still billed for what it trained, and cannot be resumed.",
                    classes="dialog-warning",
                    markup=False,
                )
                yield Static(
                    f"Idempotency token {self._token}: submitting this request again returns"
                    " the same job.",
                    classes="field-help",
                    markup=False,
                )

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
