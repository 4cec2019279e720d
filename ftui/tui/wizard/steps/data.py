"""Step 3: the training data, validation sets and where the output goes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox, Label, RadioButton, RadioSet, Static

from ftui.core.aws.errors import AwsError, Outcome
from ftui.core.catalog import load_catalog
from ftui.core.draft import Draft, Path
from ftui.core.editing import BASE_MODEL, KIND, LOGS, TRAINING, Source
from ftui.core.kinds import kind_of
from ftui.core.safe_text import safe_text
from ftui.tui.widgets.editors import UriListEditor
from ftui.tui.widgets.field import Field, FieldChanged
from ftui.tui.widgets.filters import FiltersEditor
from ftui.tui.wizard.steps.base import Step

if TYPE_CHECKING:
    from ftui.core.dataset import DataReport


class DataStep(Step):
    title = "Data"
    short = "Data"
    paths = (TRAINING, ("validationDataConfig",), ("outputDataConfig",))
    BINDINGS = [
        Binding("ctrl+t", "screen.upload", "Upload", id="wizard.upload"),
    ]
    # Problems of the checked file shown under the field; the CLI lists them all.
    SHOWN_PROBLEMS = 3

    @dataclass
    class SourceChanged(Message):
        """The training data comes from an S3 file or from model invocation logs."""

        source: Source

    def compose(self) -> ComposeResult:
        yield self.heading("Data: what the job learns from, and where it writes")
        yield Static("", id="data-format", classes="field-help", markup=False)
        yield Label("Training data source", classes="field-label")
        with RadioSet(id="source"):
            yield RadioButton("A JSONL file in S3", id="source-s3", value=True)
            yield RadioButton("Model invocation logs [dim](distillation, RFT)[/]", id="source-logs")
        with Vertical(id="s3-source"):
            yield Field(
                (*TRAINING, "s3Uri"),
                "Training data S3 URI",
                hint="required · ^O browse · ^T upload",
                placeholder="s3://bucket/path/train.jsonl",
            )
            yield Static("", id="data-check", classes="field-help")
        with Vertical(id="logs-source"):
            yield Field(
                (*LOGS, "invocationLogSource", "s3Uri"),
                "Invocation logs S3 URI",
                hint="required · ^O pick",
                placeholder="s3://bucket/invocation-logs/",
            )
            yield Checkbox(
                "Use the logged responses  [dim]off: the teacher answers the prompts again[/]",
                id="use-responses",
            )
            yield FiltersEditor((*LOGS, "requestMetadataFilters"))
        yield UriListEditor(
            ("validationDataConfig", "validators"),
            "Validation data sets  [dim]optional · up to 10 · ^O browse[/]",
            help="Held-out JSONL files; their loss is reported per epoch.",
        )
        yield Field(
            ("outputDataConfig", "s3Uri"),
            "Output S3 URI",
            hint="required · ^O browse",
            placeholder="s3://bucket/output/",
            help="Metrics land in model-customization-job-<id>/ below this prefix.",
        )

    def show_draft(self, draft: Draft) -> None:
        super().show_draft(draft)
        logs = draft.get(LOGS) is not None
        radio = self.query_one("#source-logs" if logs else "#source-s3", RadioButton)
        if not radio.value:
            with self.query_one("#source", RadioSet).prevent(RadioSet.Changed):
                radio.value = True
        box = self.query_one("#use-responses", Checkbox)
        with box.prevent(Checkbox.Changed):
            box.value = bool(draft.get((*LOGS, "usePromptResponse")))
        self._sections(draft)

    def draft_changed(self, draft: Draft, changed: list[Path]) -> None:
        super().draft_changed(draft, changed)
        if any(path[:1] in (KIND, BASE_MODEL, TRAINING) for path in changed):
            self._sections(draft)

    def _sections(self, draft: Draft) -> None:
        logs = draft.get(LOGS) is not None
        self.query_one("#s3-source").display = not logs
        self.query_one("#logs-source").display = logs
        kind = kind_of(draft.request)
        catalog = load_catalog()
        base = draft.get(BASE_MODEL)
        match = catalog.match(base) if isinstance(base, str) else None
        text = ""
        if match is not None:
            fmt = catalog.data_format(match.model, kind)
            if fmt is not None:
                text = (
                    f"{match.model.name} learns from {fmt.name} data. {fmt.summary}\n"
                    f"Example line: {fmt.example}"
                )
            if not match.model.limits.validation:
                text += f"\n{match.model.name} takes no validation set."
        self.query_one("#data-format", Static).update(text)

    @on(RadioSet.Changed, "#source")
    def _source(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.post_message(self.SourceChanged("logs" if event.pressed.id == "source-logs" else "s3"))

    @on(Checkbox.Changed, "#use-responses")
    def _responses(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(FieldChanged((*LOGS, "usePromptResponse"), event.value))

    def show_data_check(self, note: str, result: Outcome[DataReport] | None) -> None:
        """The checker's verdict on the training file (``note``: its URI, or why none)."""
        line = self.query_one("#data-check", Static)
        line.display = bool(note)
        line.remove_class("-error", "-warning", "-ok")
        if result is None:
            line.update(Content(safe_text(note)))
            return
        if isinstance(result, AwsError):
            line.add_class("-warning")
            line.update(Content(safe_text(f"! Could not read {note}: {result}")))
            return
        report = result.value
        if report.passed:
            line.add_class("-ok")
            line.update(Content(safe_text(f"✓ The data would pass: {report.summary()}")))
            return
        line.add_class("-error")
        listed = [safe_text(text) for text in report.lines()[: self.SHOWN_PROBLEMS]]
        more = "\nftui data check lists every problem." if len(report.lines()) > len(listed) else ""
        text = f"✗ The data would fail: {safe_text(report.summary())}\n" + "\n".join(listed) + more
        line.update(Content(text))
