"""Ask where to write a file: a full path to edit, checked as typed, never a silent overwrite."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ftui.core.safe_text import safe_text
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.widgets.safe_input import SafeInput


@dataclass(frozen=True)
class PathChoice:
    path: Path  # absolute
    replace: bool  # the file exists and the user said to replace it


def resolve(text: str) -> Path:
    """What the user typed as an absolute path: ``~`` expanded, relative to the current folder."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else Path.cwd() / path


def note(text: str) -> tuple[str, str]:
    """What writing to ``text`` would do, in full, and how it stands: "", "warning" or "error".

    Paths are shown with their control characters made visible: a pasted one may hold any.
    """
    if not text.strip():
        return "Type the path of the file to write.", "error"
    if "\0" in text:
        return "A path cannot hold a NUL character (␀).", "error"
    path = resolve(text)
    if path.is_dir():
        return f"{path} is a folder: add a file name.", "error"
    if not path.parent.is_dir():
        return f"There is no folder {path.parent}.", "error"
    if path.exists():
        return f"{path} exists: Enter asks before replacing it.", "warning"
    return f"Writes {path}", ""


class PathScreen(ModalScreen[PathChoice | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="path.cancel")]

    def __init__(self, title: str, default: Path) -> None:
        super().__init__(classes="dialog-screen")
        self._title = safe_text(title, multiline=True)
        self._default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield SafeInput(str(self._default), id="jobs-path", compact=True, select_on_focus=False)
            # The whole path, wrapped: the Input shows only as much of it as fits.
            yield Static("", id="jobs-path-note", markup=False)
            yield Static("Enter writes · Esc cancels", classes="field-help")

    def on_mount(self) -> None:
        field = self.query_one("#jobs-path", Input)
        self._show(field.value)
        self.call_after_refresh(self._scroll_to_end)

    def _scroll_to_end(self) -> None:
        """Show the file name, not the start of a long folder.

        The cursor is at the end already, but the Input had no width to scroll to it when the
        value was set, and it scrolls only when the cursor moves: so move it there and back.
        """
        field = self.query_one("#jobs-path", Input)
        field.action_home()
        field.action_end()

    def _show(self, text: str) -> bool:
        """Show what writing to ``text`` would do; whether something stops it."""
        message, level = note(text)
        line = self.query_one("#jobs-path-note", Static)
        line.update(safe_text(message, multiline=True))
        line.set_class(level == "error", "-error")
        line.set_class(level == "warning", "-warning")
        return level == "error"

    @on(Input.Changed, "#jobs-path")
    def _check(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#jobs-path")
    def _submit(self, event: Input.Submitted) -> None:
        if self._show(event.value):
            return
        path = resolve(event.value)
        if not path.exists():
            self.dismiss(PathChoice(path, replace=False))
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.dismiss(PathChoice(path, replace=True))
            else:
                self.query_one("#jobs-path", Input).focus()

        self.app.push_screen(
            ConfirmScreen(
                f"Replace {path}?",
                "The file there now is overwritten.",
                yes="Replace",
                no="Choose another",
                danger=True,
            ),
            answer,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
