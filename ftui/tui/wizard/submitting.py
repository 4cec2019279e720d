"""Submitting the working draft: check, run the pre-flight checks, confirm what will be billed,
create the job once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import Worker, WorkerState

from ftui.core.aws.errors import Ok, Outcome
from ftui.core.aws.submit import Ledger, Submission, submission_kwargs, submit
from ftui.core.request import CreateModelCustomizationJobRequest
from ftui.core.summary import summary_items
from ftui.tui.screens.submit import SubmitScreen
from ftui.tui.wizard.status import Refusal
from ftui.tui.wizard.steps.review import ReviewStep

if TYPE_CHECKING:
    from ftui.tui.wizard.screen import WizardScreen


class SubmitFlow:
    """One submit at a time; the answer reaches the wizard as :class:`SubmitFlow.Done`."""

    @dataclass
    class Done(Message):
        result: Outcome[Submission]
        region: str

    def __init__(self, wizard: WizardScreen) -> None:
        self.wizard = wizard
        self.busy = False

    def start(self) -> None:
        wizard = self.wizard
        if self.busy:
            wizard.status.say("Already submitting this draft.")
            return
        wizard.validate()
        if not wizard.report.ok:
            wizard.go(len(wizard.steps) - 1)
            count = len(wizard.report.errors)
            wizard.status.say(
                f"{count} problem{'s' if count != 1 else ''} to fix before submitting:"
                " Enter on one takes you to its field.",
                error=True,
            )
            return
        wizard.preflight.start(submitting=True)

    def confirm(self) -> None:
        """The checks passed (or the user submits despite them): the last question."""
        wizard = self.wizard
        if self.busy:
            return
        wizard.validate()
        if not wizard.report.ok:
            return
        region = wizard.context.region
        request = wizard.draft.to_request(region=region)
        token = submission_kwargs(request)["clientRequestToken"]

        def confirmed(yes: bool | None) -> None:
            if yes and not self.busy:
                self.busy = True
                wizard.update_status()
                wizard.run_worker(
                    lambda: self._send(request, region),
                    name="submitting",
                    thread=True,
                    exclusive=True,
                    group="submit",
                    exit_on_error=False,
                )

        wizard.app.push_screen(SubmitScreen(summary_items(request, region), token), confirmed)

    def _send(self, request: CreateModelCustomizationJobRequest, region: str) -> None:
        wizard = self.wizard
        result = submit(
            wizard.ftui.bedrock(region), request, ledger=Ledger(), profile=wizard.working.profile
        )
        wizard.post_message(self.Done(result, region))

    def failed(self, worker: Worker[None]) -> None:
        """The worker itself broke (not an AWS refusal): say so, and allow another try."""
        if worker.state is WorkerState.ERROR:
            self.busy = False
            self.wizard.status.say(f"Submit failed: {worker.error}", error=True)
            self.wizard.update_status()

    def finished(self, event: Done) -> None:
        wizard = self.wizard
        self.busy = False
        result = event.result
        if isinstance(result, Ok):
            submission = result.value
            # The job exists: what it was made from is no longer unsaved work.
            wizard.submitted_as = submission.job_name
            wizard.saving.mark_clean()
            if submission.repeated:
                note = f"{submission.job_name} was already submitted on {submission.submitted_at}"
            else:
                note = f"Job {submission.job_name} created"
            wizard.app.notify(note, timeout=6, markup=False)
            if submission.warning:
                wizard.app.notify(
                    submission.warning, title="Warning", severity="warning", markup=False
                )
            wizard.ftui.show_job(submission.job_arn, event.region, submission.job_name)
            return
        wizard.status.refusal = Refusal(result, result.field)
        wizard.validate()
        if result.field:
            wizard.jump_to(result.field)
        elif isinstance(wizard.steps[wizard.current], ReviewStep):
            wizard.render_review()
