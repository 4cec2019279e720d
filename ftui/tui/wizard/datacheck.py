"""The dataset checker on the chosen training file, while the data step is filled in.

A moment after the training URI, the base model or the job's type changes, the object is read
(streamed, in a worker) and checked for the model's format and limits; the data step shows the
verdict under the field. What is found here is what would otherwise fail the job's validation
stage after it has started and been billed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.timer import Timer

from ftui.core.aws.errors import Ok, Outcome
from ftui.core.catalog import load_catalog
from ftui.core.draft import Path
from ftui.core.editing import BASE_MODEL, KIND, TRAINING, TRAINING_URI
from ftui.core.kinds import kind_of
from ftui.tui.wizard.steps.data import DataStep

if TYPE_CHECKING:
    from ftui.core.dataset import DataReport
    from ftui.tui.wizard.screen import WizardScreen

DELAY = 0.8  # after the last keystroke: a URI being typed is not read at every character

# What the checker's verdict depends on.
WATCHED: tuple[Path, ...] = (TRAINING, BASE_MODEL, KIND)


@dataclass(frozen=True)
class Subject:
    """One check: this object, for this model and type, in this region."""

    uri: str
    model_id: str
    kind: str
    region: str


class DataCheckFlow:
    @dataclass
    class Done(Message):
        """The verdict on ``subject``: a report, AWS's refusal, or why it cannot be checked."""

        subject: Subject
        result: Outcome[DataReport] | str

    def __init__(self, wizard: WizardScreen) -> None:
        self.wizard = wizard
        self._timer: Timer | None = None
        self.subject: Subject | None = None
        self.report: DataReport | None = None  # of ``subject``, once read: the review's tokens

    def changed(self, paths: list[Path]) -> None:
        if any(path[:1] == watched[:1] for path in paths for watched in WATCHED):
            self.schedule()

    def schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.wizard.set_timer(DELAY, self.run)

    def current_subject(self) -> Subject | str:
        """What to check now, or why there is nothing to check."""
        draft = self.wizard.draft
        uri = draft.get(TRAINING_URI)
        if not isinstance(uri, str) or not uri.startswith("s3://"):
            return ""
        bucket, _, key = uri.removeprefix("s3://").partition("/")
        if not bucket or not key or key.endswith("/"):
            return ""
        base = draft.get(BASE_MODEL)
        match = load_catalog().match(base) if isinstance(base, str) else None
        if match is None:
            return "Choose a base model to check this file against its format and limits."
        return Subject(uri, match.model.id, kind_of(draft.request), self.wizard.context.region)

    def run(self) -> None:
        self._timer = None
        step = self.wizard.step(DataStep)
        subject = self.current_subject()
        if isinstance(subject, str):
            self.subject, self.report = None, None
            step.show_data_check(subject, None)
            return
        if subject == self.subject:
            return
        self.subject, self.report = subject, None
        step.show_data_check(f"Checking {subject.uri}…", None)
        session, reports = self.wizard.ftui.session, self.wizard.ftui.reports

        def check() -> None:
            # Here, not at the top: the checker is loaded when a file is first checked, not
            # while ftui starts.
            from ftui.core.dataset import CheckCancelled, UnknownModel, check_s3

            result: Outcome[DataReport] | str
            try:
                result = check_s3(
                    session,
                    subject.uri,
                    region=subject.region,
                    model_id=subject.model_id,
                    customization_type=subject.kind,
                    # A thread cannot be stopped: the read of a file the draft no longer names
                    # (a 10 GB one, perhaps) stops itself at its next chunk.
                    cancelled=lambda: self.subject != subject,
                    cache=reports,
                )
            except UnknownModel as error:  # the model does not take this kind of job
                result = str(error)
            except CheckCancelled:
                return
            self.wizard.post_message(self.Done(subject, result))

        self.wizard.run_worker(
            check,
            name="data check",
            thread=True,
            exclusive=True,
            group="data-check",
            exit_on_error=False,
        )

    def done(self, event: Done) -> None:
        if event.subject != self.subject:
            return  # the draft moved on while the file was read
        step = self.wizard.step(DataStep)
        if isinstance(event.result, str):
            step.show_data_check(event.result, None)
        elif isinstance(event.result, Ok):
            self.report = event.result.value
            step.show_data_check(event.subject.uri, event.result)
        else:
            step.show_data_check(event.subject.uri, event.result)

    def report_of_draft(self) -> DataReport | None:
        """The report of the file the draft names now, if it has been read."""
        return self.report if self.subject == self.current_subject() else None

    def failed(self, error: BaseException | None) -> None:
        """The check itself broke (a bug): said under the field, and tried again on the next
        change instead of showing "Checking…" for ever."""
        self.subject, self.report = None, None
        self.wizard.step(DataStep).show_data_check(f"! The data check broke: {error}", None)
