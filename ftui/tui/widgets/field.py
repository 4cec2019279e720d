"""A labelled form field bound to a request path: what it takes, what is wrong with it, help.

The field shows its value; the wizard owns the draft. Typing posts :class:`FieldChanged`, and
the wizard answers with the problems at the field's path, drawn under the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from ftui.core.catalog import format_number
from ftui.core.draft import Path
from ftui.core.hyperparameters import read_number
from ftui.core.problems import Problem
from ftui.core.safe_text import safe_text
from ftui.tui.widgets.safe_input import SafeInput


@dataclass
class FieldChanged(Message):
    """A value for a request path, from any widget that edits one: ``None`` removes the path."""

    path: Path
    value: Any


def _key(path: Path) -> str:
    return "f-" + "-".join(str(p) for p in path).replace(".", "_")


_UNSET = object()


class BoundWidget(Vertical):
    """Base of the widgets that edit a path: values and problems may arrive before composing.

    Subclasses implement ``_show`` and ``_set_problems`` for a composed widget; what comes
    earlier is kept and applied on mount.
    """

    path: Path

    def __init__(self, path: Path, **kwargs: Any) -> None:
        super().__init__(id=_key(path), classes="field", **kwargs)
        self.path = path
        self._pending_value: Any = _UNSET
        self._pending_problems: list[Problem] | None = None
        self._shown_problems: list[Problem] | None = None
        self._composed = False

    def on_mount(self) -> None:
        self._composed = True
        if self._pending_value is not _UNSET:
            value, self._pending_value = self._pending_value, _UNSET
            self._show(value)
        if self._pending_problems is not None:
            problems, self._pending_problems = self._pending_problems, None
            self._set_problems(problems)

    def show(self, value: Any) -> None:
        """Show ``value`` from the draft without announcing a change."""
        if not self._composed:
            self._pending_value = value
            return
        self._show(value)

    def set_problems(self, problems: list[Problem]) -> None:
        if not self._composed:
            self._pending_problems = problems
            return
        if problems == self._shown_problems:
            return  # most keystrokes change no field's problems: nothing to redraw
        self._shown_problems = problems
        self._set_problems(problems)

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def _set_problems(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.is_error]
        shown = errors or problems
        text = "\n".join(
            ("" if p.is_error else "warning: ") + _relative(p, self.path) for p in shown[:4]
        )
        error = self.query_one(".field-error", Static)
        error.update(safe_text(text, multiline=True))  # a message may quote the value
        error.display = bool(text)
        error.set_class(bool(errors), "-error")
        error.set_class(bool(shown) and not errors, "-warning")
        self._mark_invalid(bool(errors))

    def _mark_invalid(self, invalid: bool) -> None:
        """Subclasses colour their inputs."""


class Field(BoundWidget):
    """Label, input, the problem at this path, and help.

    ``kind``: ``text`` keeps the text, ``int`` sends a whole number when the text is one (and the
    text itself otherwise, so the problem shows and nothing is lost), ``list`` splits on commas
    and spaces.
    """

    DEFAULT_CSS = """
    Field { height: auto; }
    """

    def __init__(
        self,
        path: Path,
        label: str,
        *,
        hint: str = "",
        help: str = "",
        placeholder: str = "",
        kind: str = "text",
        disabled: bool = False,
    ) -> None:
        super().__init__(path)
        self.kind = kind
        self._label = label
        self._hint = hint
        self._help = help
        self._placeholder = placeholder
        self._input_disabled = disabled

    def compose(self) -> ComposeResult:
        title = self._label + (f"  [dim]{self._hint}[/]" if self._hint else "")
        yield Label(title, classes="field-label", markup=True)
        yield SafeInput(
            placeholder=self._placeholder,
            disabled=self._input_disabled,
            classes="field-input",
            select_on_focus=False,
            compact=True,
        )
        yield Static("", classes="field-error", markup=False)
        if self._help:
            yield Static(self._help, classes="field-help", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def _show(self, value: Any) -> None:
        text = self.to_text(value)
        field_input = self.input
        if field_input.value != text:
            with field_input.prevent(Input.Changed):
                field_input.value = text
            # A new value is read from its end, not from where the last draft's cursor was.
            field_input.cursor_position = len(text)

    def to_text(self, value: Any) -> str:
        if value is None:
            return ""
        if self.kind == "list" and isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_number(value)
        return str(value)

    def to_value(self, text: str) -> Any:
        stripped = text.strip()
        if not stripped:
            return None
        if self.kind in ("int", "float"):
            number = read_number(stripped, whole=self.kind == "int")
            return text if number is None else number
        if self.kind == "list":
            return [part for part in stripped.replace(",", " ").split() if part]
        return text

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(FieldChanged(self.path, self.to_value(event.value)))

    def _mark_invalid(self, invalid: bool) -> None:
        self.input.set_class(invalid, "-problem")


def _relative(problem: Problem, path: Path) -> str:
    """The message, prefixed by the part of the path below the field (``[2]`` of a list)."""
    rest = problem.loc[len(path) :]
    if not rest:
        return problem.message
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest).lstrip(".")
    return f"{where}: {problem.message}"


class ChoiceField(BoundWidget):
    """A field whose value is one of a few words (an enum), or nothing."""

    DEFAULT_CSS = """
    ChoiceField { height: auto; }
    """

    def __init__(
        self, path: Path, label: str, choices: list[str], *, hint: str = "", help: str = ""
    ) -> None:
        super().__init__(path)
        self._label = label
        self._choices = choices
        self._hint = hint
        self._help = help

    def compose(self) -> ComposeResult:
        from textual.widgets import Select

        title = self._label + (f"  [dim]{self._hint}[/]" if self._hint else "")
        yield Label(title, classes="field-label", markup=True)
        yield Select([(c, c) for c in self._choices], prompt="(not set)", compact=True)
        yield Static("", classes="field-error", markup=False)
        if self._help:
            yield Static(self._help, classes="field-help", markup=False)

    def _show(self, value: Any) -> None:
        from textual.widgets import Select

        select = self.query_one(Select)
        wanted = value if value in self._choices else Select.NULL
        if select.value != wanted:
            with select.prevent(Select.Changed):
                select.value = wanted

    def on_select_changed(self, event: Any) -> None:
        event.stop()
        value = event.value if isinstance(event.value, str) else None
        self.post_message(FieldChanged(self.path, value))
