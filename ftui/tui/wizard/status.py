"""The wizard's status line: which draft, its state, and what just happened.

Messages of the wizard (saved, copied, submitting) show here instead of in toasts, which at
80x24 cover the very fields being edited. An AWS refusal stays here, and at the field it names,
until that field changes: a toast that vanishes after a few seconds is easily missed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from ftui.core.aws.errors import AwsError
from ftui.core.draft import Path
from ftui.core.problems import Problem
from ftui.core.safe_text import safe_text

MESSAGE_SECONDS = 6.0


@dataclass(frozen=True)
class Refusal:
    """AWS refused the last submit; ``field`` is the request field its message names."""

    error: AwsError
    field: Path | None

    @property
    def problem(self) -> Problem | None:
        if self.field is None:
            return None
        return Problem(self.field, f"AWS refused the job: {self.error}", code="aws")

    def concerns(self, changed: list[Path]) -> bool:
        """Whether an edit of ``changed`` answers this refusal (any edit, if it names no field)."""
        if self.field is None:
            return True
        return any(
            path[: len(self.field)] == self.field or self.field[: len(path)] == path
            for path in changed
        )


class StatusLine(Widget):
    DEFAULT_CSS = """
    StatusLine { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    state: reactive[str] = reactive("", layout=False)
    message: reactive[str] = reactive("", layout=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.refusal: Refusal | None = None
        self._timer: Timer | None = None

    def show_state(
        self,
        name: str,
        saved: str,
        errors: int,
        region: str,
        submitting: bool,
        *,
        read_only: bool = False,
    ) -> None:
        if submitting:
            verdict = "submitting…"
        elif self.refusal is not None:
            verdict = f"AWS refused: {self.refusal.error}"
        elif errors:
            verdict = f"{errors} problem{'s' if errors != 1 else ''} to fix"
        else:
            verdict = "ready to submit"
        if read_only:  # Ctrl+R is off: say so where its verdict would be read
            verdict += " · read-only: no submit"
        self.set_class(self.refusal is not None, "-refused")
        self.state = f" {name} · {saved} · {verdict} · {region}"

    def say(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` for a few seconds in place of the state."""
        self.message = f" {text}"
        self.set_class(error, "-error")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(MESSAGE_SECONDS, self._clear)

    def _clear(self) -> None:
        self.message = ""
        self.remove_class("-error")

    def render(self) -> Content:
        # Content, not a str, which would be read as markup: messages name jobs and profiles
        # and quote AWS's refusals.
        return Content(safe_text(self.message or self.state))
