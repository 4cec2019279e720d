"""The last stop before money is spent: what will run, where, on what, for how many epochs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


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
        width = max(len(label) for label, _ in self._items)
        lines = "\n".join(f"{label.ljust(width)}  {value}" for label, value in self._items)
        with Vertical(classes="dialog"):
            yield Static("Create this job?", classes="dialog-title")
            yield Static(lines, classes="dialog-body", markup=False)
            yield Static(
                "Training is billed per token processed, times the epochs. A stopped job is"
                " still billed for what it trained, and cannot be resumed.",
                classes="dialog-warning",
                markup=False,
            )
            yield Static(
                f"Idempotency token {self._token}: submitting this request again returns the"
                " same job.",
                classes="field-help",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Submit  y", id="yes", variant="primary", compact=True)
                yield Button("Cancel  esc", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
