"""Step 8: the exact request, what is still wrong with it, what it will cost, the AWS CLI
equivalent; save, submit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.syntax import Syntax
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from ftui.core.aws.submit import request_token
from ftui.core.draft import Draft, Path, Report
from ftui.core.interop import aws_cli_command
from ftui.core.problems import Problem
from ftui.core.safe_text import safe_text
from ftui.tui.wizard.context import WizardContext
from ftui.tui.wizard.steps.base import Step

if TYPE_CHECKING:
    from ftui.core.preflight import CheckResult
    from ftui.tui.services import Services


class ReviewStep(Step):
    title = "Review"
    short = "Review"
    paths = (("clientRequestToken",),)

    @dataclass
    class JumpTo(Message):
        """Take the cursor to the field that edits ``loc``."""

        loc: Path

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self.shown_request: dict[str, object] | None = None
        self._problems: list[Problem] = []

    def compose(self) -> ComposeResult:
        yield self.heading("Review: the request as AWS will receive it")
        yield Label("Problems  [dim]Enter takes you to the field[/]", classes="field-label")
        yield OptionList(id="problems")
        with Horizontal(id="review-buttons"):
            # Actions of the wizard screen, the same as its keys.
            yield Button("Save ^S", id="review-save", compact=True, action="screen.save")
            yield Button("Save as F6", id="review-save-as", compact=True, action="screen.save_as")
            submit = Button(
                "Submit ^R",
                id="review-submit",
                compact=True,
                variant="primary",
                action="screen.submit",
            )
            submit.display = not getattr(self.app, "read_only", False)
            yield submit
            yield Button("Check F5", id="review-check", compact=True, action="screen.check")
            yield Button("Copy CLI", id="review-copy", compact=True, action="screen.copy_cli")
        yield Static(
            "Pre-flight checks: not run yet. F5 checks the role, the data, the buckets and more"
            " against the account; Ctrl+R runs them before it submits.",
            id="review-checks",
            markup=False,
        )
        yield Static(id="review-cost", markup=False, classes="field-help")
        yield Label(
            "Request  [dim]↑ ↓ scroll when a button has the cursor[/]", classes="field-label"
        )
        yield Static(id="review-json")
        yield Label("The same with the AWS CLI", classes="field-label")
        yield Static(id="review-cli", markup=False, classes="field-help")

    def enter(self) -> None:
        """Problems first when there are some; else Submit, from where ↑ ↓ scroll the page."""
        super().enter()
        if not any(p.is_error for p in self._problems):
            submit = self.query_one("#review-submit", Button)
            (submit if submit.display else self.query_one("#review-save", Button)).focus()

    def show_draft(self, draft: Draft) -> None:
        """Nothing to load: the review is redrawn whenever the draft or its problems change."""

    def show_problems(self, problems: list[Problem]) -> None:
        """The review lists every problem of the draft, not only its own: see render_review."""

    def render_review(self, draft: Draft, report: Report, region: str | None) -> None:
        wire = draft.wire()
        if report.ok:
            wire["clientRequestToken"] = wire.get("clientRequestToken") or request_token(wire)
        text = json.dumps(wire, indent=2, ensure_ascii=False)
        self.shown_request = wire  # what the user reviews, and what submit sends
        # json.dumps escapes C0 controls but passes C1 and bidi controls, which a profile file or
        # a cloned job can hold: shown, not sent to the terminal (the request itself is intact).
        text = safe_text(text, multiline=True)
        # Rich's ANSI theme: named colours, so the 16-colour themes show it as well.
        theme = "ansi_dark" if self.app.current_theme.dark else "ansi_light"
        coloured = Syntax(text, "json", theme=theme).highlight(text)
        self.query_one("#review-json", Static).update(coloured)
        command = safe_text(aws_cli_command(draft, region), multiline=True)
        self.query_one("#review-cli", Static).update(command)
        options: list[Option] = []
        for index, problem in enumerate(report.problems):
            mark = "[$error]✗[/]" if problem.is_error else "[$warning]![/]"
            line = Content.assemble(
                Content.from_markup(mark),
                " ",
                (safe_text(problem.path), "bold"),
                ": ",
                safe_text(problem.message),  # it may quote the value, from a profile file
            )
            options.append(Option(line, id=f"p{index}"))
        if not options:
            options.append(Option("No problems: ready to submit.", disabled=True))
        problems = self.query_one("#problems", OptionList)
        highlighted = problems.highlighted
        problems.set_options(options)
        if highlighted is not None and highlighted < len(options):
            problems.highlighted = highlighted
        self._problems = list(report.problems)
        self.query_one("#review-submit", Button).disabled = not report.ok
        self._show_cost()

    @on(OptionList.OptionSelected, "#problems")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self._problems):
            self.post_message(self.JumpTo(self._problems[event.option_index].loc))

    def show_checks(self, results: list[CheckResult] | None) -> None:
        """How the last pre-flight checks went (None: not run since the draft changed)."""
        line = self.query_one("#review-checks", Static)
        line.remove_class("-ok", "-error")
        if results is None:
            line.update(
                "Pre-flight checks: not run since the last change. F5 runs them; Ctrl+R runs"
                " them before it submits."
            )
            return
        failed = [r for r in results if r.status == "fail"]
        warned = [r for r in results if r.status == "warn"]
        if failed:
            line.add_class("-error")
            titles = ", ".join(r.title for r in failed)
            line.update(
                safe_text(f"Pre-flight checks: {len(failed)} failed ({titles}). F5 shows them.")
            )
            return
        line.add_class("-ok")
        tail = f", {len(warned)} with a warning" if warned else ""
        line.update(f"Pre-flight checks: all {len(results)} passed{tail}.")

    # --- the cost estimate --------------------------------------------------------------------

    @property
    def _services(self) -> Services:
        return cast("Services", self.app)

    def _show_cost(self) -> None:
        """Tokens trained and what they cost, from the request shown and the data's report.

        The report is the data step's check of the training file (the wizard redraws the
        review when it comes); until then the estimate says what would give the tokens.
        """
        from ftui.core.cost import estimate_request  # loaded when a review is first drawn
        from ftui.tui.wizard.datacheck import DataCheckFlow  # it imports the steps: not at the top

        flow = getattr(self.screen, "data_check", None)
        report = flow.report_of_draft() if isinstance(flow, DataCheckFlow) else None
        estimate = estimate_request(
            self.shown_request or {}, report, prices=self._services.settings.prices
        )
        self.query_one("#review-cost", Static).update(f"Cost: {safe_text(estimate.text())}")
