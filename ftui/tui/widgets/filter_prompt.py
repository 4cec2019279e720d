"""The jobs filter, k9s style: a one-line prompt shown while typing and while a filter is on."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from ftui.tui.widgets.safe_input import SafeInput


class FilterPrompt(Horizontal):
    """``Filter /text``; posts :class:`Changed` as it is typed and :class:`Done` on Enter."""

    @dataclass
    class Changed(Message):
        text: str

    class Done(Message):
        """Enter: back to the list (the filter stays on)."""

    def compose(self) -> ComposeResult:
        yield Static("Filter /", id="jobs-prompt-label", markup=False)
        yield SafeInput(id="jobs-filter", placeholder="text or regex, ! inverts", compact=True)
        yield Static(id="jobs-prompt-help", markup=False)

    def on_mount(self) -> None:
        self.display = False

    @property
    def input(self) -> Input:
        return self.query_one("#jobs-filter", Input)

    @property
    def editing(self) -> bool:
        return self.screen.focused is self.input

    def open(self) -> None:
        self.display = True
        # At once, not after a refresh as ``focus()`` does: the keys typed right behind `/` go
        # where the focus is when they are handed on.
        self.screen.set_focus(self.input)
        self._hint()

    def clear(self) -> bool:
        """Hide and empty the prompt; ``False`` when there was nothing to clear."""
        if not (self.input.value or self.display):
            return False
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        self.display = False
        return True

    def _hint(self) -> None:
        hint = "enter keeps it · esc clears" if self.editing else "/ edits · esc clears"
        self.query_one("#jobs-prompt-help", Static).update(hint)

    @on(Input.Changed, "#jobs-filter")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#jobs-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self.display = False
        self.post_message(self.Done())

    @on(Input.Blurred, "#jobs-filter")
    def _left(self) -> None:
        self._hint()
