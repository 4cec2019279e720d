"""Pre-flight checks: each check of the draft against the account, shown as it finishes.

Opened by Ctrl+R before the submit dialog, and by F5 from any step. A failed check names its
field: Enter goes there (where Ctrl+O picks another value), so every fix is one key away.
When everything passed on the way to submit, the screen gives way to the submit dialog itself.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from ftui.core.draft import Draft, Path
from ftui.core.preflight import CheckResult, PlannedCheck, planned_checks, run_checks, verdict
from ftui.core.problems import format_loc
from ftui.core.safe_text import safe_text
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.footer import Footer

MARKS = {
    "pass": "[$success]✓[/]",
    "fail": "[$error]✗[/]",
    "warn": "[$warning]![/]",
    "skipped": "[dim]–[/]",
    "running": "[dim]…[/]",
}


# Titles in one column ("Validation data 2" is the longest), messages beside them.
TITLE_WIDTH = 18


def slot(check: CheckResult | PlannedCheck) -> str:
    """Where a check's result goes: its id, and its field when one id runs several times."""
    return check.check if check.field is None else f"{check.check}@{format_loc(check.field)}"


@dataclass(frozen=True)
class PreflightChoice:
    """What the user chose to do after the checks."""

    action: Literal["submit", "jump", "create-role"]
    loc: Path | None = None


class PreflightScreen(ModalScreen[PreflightChoice | None], FtuiScreen[PreflightChoice | None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="preflight.close"),
        Binding("enter", "jump", "Go to field", id="preflight.jump", priority=True),
        Binding("s", "submit", "Submit", id="preflight.submit"),
        Binding("f5,r", "rerun", "Check again", id="preflight.rerun"),
        Binding("n", "create_role", "New service role", id="preflight.role"),
        Binding("c", "copy_fix", "Copy fix", id="preflight.copy"),
    ]

    def __init__(self, draft: Draft, region: str, *, submitting: bool) -> None:
        super().__init__(classes="dialog-screen")
        self.draft = draft
        self.job_region = region
        self.submitting = submitting
        self.planned: list[PlannedCheck] = planned_checks(draft, region)
        # By slot: one check id may run several times (each validation set).
        self.results: dict[str, CheckResult] = {}
        self.done = False
        self._started = 0.0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog preflight"):
            yield Static("", id="preflight-title", classes="dialog-title")
            yield OptionList(id="preflight-checks")
            with VerticalScroll(id="preflight-detail-box"):
                yield Static("", id="preflight-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.action_rerun()

    # --- running --------------------------------------------------------------------------

    def action_rerun(self) -> None:
        if not self.done and self._started:
            return
        self.done = False
        self.results = {}
        self._started = time.monotonic()
        self._draw()
        self._run()

    @work(thread=True, exclusive=True, exit_on_error=False, name="pre-flight checks")
    def _run(self) -> list[CheckResult]:
        return run_checks(
            self.ftui.session,
            self.draft,
            self.job_region,
            reports=self.ftui.reports,
            on_result=lambda result: self.app.call_from_thread(self._arrived, result),
        )

    def _arrived(self, result: CheckResult) -> None:
        self.results[self._slot_of(result)] = result
        self._draw()

    @on(Worker.StateChanged)
    def _finished(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.SUCCESS:
            results = event.worker.result
            if isinstance(results, list):
                # In planned order, one result a planned check.
                self.results = {slot(p): r for p, r in zip(self.planned, results, strict=False)}
            self.done = True
            self._draw()
            if self.submitting and self._verdict() == "pass" and not self._warnings():
                self.dismiss(PreflightChoice("submit"))
        elif event.state is WorkerState.ERROR:
            self.done = True
            self.query_one("#preflight-title", Static).update(
                Content(f"The checks broke: {event.worker.error}")
            )

    # --- showing --------------------------------------------------------------------------

    def _slot_of(self, result: CheckResult) -> str:
        """The planned row a result fills: its own slot, else the first open row of its id
        (a check may name a narrower field than it was planned under)."""
        own = slot(result)
        if any(slot(p) == own for p in self.planned):
            return own
        open_rows = (p for p in self.planned if p.check == result.check)
        return next((slot(p) for p in open_rows if slot(p) not in self.results), own)

    def result(self, check: str) -> CheckResult | None:
        """The (first) result of the check ``check``."""
        return next((r for r in self.results.values() if r.check == check), None)

    def _verdict(self) -> str:
        return verdict(list(self.results.values()))

    def _warnings(self) -> list[CheckResult]:
        return [r for r in self.results.values() if r.status == "warn"]

    def _ordered(self) -> list[tuple[PlannedCheck, CheckResult | None]]:
        return [(plan, self.results.get(slot(plan))) for plan in self.planned]

    def _draw(self) -> None:
        rows = self._ordered()
        options = []
        for plan, result in rows:
            status = result.status if result is not None else "running"
            message = safe_text(result.message) if result is not None else "checking…"
            line = Content.assemble(
                Content.from_markup(MARKS[status]),
                " ",
                (f"{safe_text(plan.title):<{TITLE_WIDTH}}", "bold"),
                " ",
                message,
            )
            options.append(Option(line, id=slot(plan)))
        checks = self.query_one(OptionList)
        highlighted = checks.highlighted
        checks.set_options(options)
        if options:
            # The cursor goes to the first failure as it arrives, unless it is on one already.
            on_failure = highlighted is not None and self._status_at(highlighted) == "fail"
            checks.highlighted = highlighted if on_failure else self._first_failure()
        self.query_one("#preflight-title", Static).update(Content(self._title()))
        self._show_detail()
        self.refresh_bindings()

    def _status_at(self, index: int) -> str | None:
        rows = self._ordered()
        result = rows[index][1] if index < len(rows) else None
        return result.status if result is not None else None

    def _first_failure(self) -> int:
        for index, (_, result) in enumerate(self._ordered()):
            if result is not None and result.status == "fail":
                return index
        return 0

    def _title(self) -> str:
        finished = sum(1 for _, r in self._ordered() if r is not None)
        if not self.done:
            return f"Checking the draft in {self.job_region}: {finished} of {len(self.planned)}"
        seconds = time.monotonic() - self._started
        results = list(self.results.values())
        failed = [r for r in results if r.status == "fail"]
        outcome = self._verdict()
        if outcome == "unreachable":
            return "AWS could not be reached: the checks did not run (r tries again)"
        if failed:
            noun = "check" if len(failed) == 1 else "checks"
            return f"{len(failed)} {noun} failed: Enter goes to the field to fix"
        warned = len(self._warnings())
        tail = f", {warned} with a warning" if warned else ""
        return f"All {len(results)} checks passed in {seconds:.1f} s{tail}"

    def _current(self) -> CheckResult | None:
        checks = self.query_one(OptionList)
        if checks.highlighted is None:
            return None
        option = checks.get_option_at_index(checks.highlighted)
        return self.results.get(option.id or "")

    @on(OptionList.OptionHighlighted)
    def _show_detail(self) -> None:
        result = self._current()
        text = ""
        if result is not None:
            where = ".".join(str(p) for p in result.field) if result.field else ""
            text = result.message + (f"\nField: {where}" if where else "")
            if result.fix:
                text += f"\n\nFix:\n{result.fix}"
        self.query_one("#preflight-detail", Static).update(safe_text(text, multiline=True))
        self.refresh_bindings()

    # --- acting ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        result = self._current()
        if action == "submit":
            return self.submitting and self.done and self._verdict() != "unreachable"
        if action == "jump":
            return result is not None and result.field is not None
        if action == "create_role":
            return result is not None and result.check == "role" and result.status == "fail"
        if action == "copy_fix":
            return result is not None and bool(result.fix)
        if action == "rerun":
            return self.done
        return True

    def action_close(self) -> None:
        self.workers.cancel_all()
        self.dismiss(None)

    def action_jump(self) -> None:
        result = self._current()
        if result is not None and result.field is not None:
            self.dismiss(PreflightChoice("jump", result.field))

    def action_submit(self) -> None:
        if self.done:
            self.dismiss(PreflightChoice("submit"))

    def action_create_role(self) -> None:
        self.dismiss(PreflightChoice("create-role", ("roleArn",)))

    def action_copy_fix(self) -> None:
        result = self._current()
        if result is not None and result.fix:
            self.app.copy_to_clipboard(result.fix)
            self.notify("Fix copied to the clipboard (OSC 52).", markup=False)
