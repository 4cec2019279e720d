"""Step 1: what kind of job, where, and what to call it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Label, RadioButton, RadioSet, Select, Static

from ftui.core.catalog import load_catalog
from ftui.core.draft import Draft
from ftui.core.request import CreateModelCustomizationJobRequest as Request
from ftui.core.rules import customization_type
from ftui.tui.widgets.field import Field, FieldChanged
from ftui.tui.wizard.hints import hint
from ftui.tui.wizard.steps.base import Step

KINDS = (
    ("FINE_TUNING", "Fine-tuning", "labelled examples teach the model a task"),
    ("CONTINUED_PRE_TRAINING", "Continued pre-training", "unlabelled text teaches it a domain"),
    ("DISTILLATION", "Distillation", "a larger teacher model's answers train a smaller one"),
    (
        "REINFORCEMENT_FINE_TUNING",
        "Reinforcement fine-tuning",
        "a grader function rewards good answers",
    ),
)


class RegionChanged(Message):
    def __init__(self, region: str) -> None:
        super().__init__()
        self.region = region


class DescriptionChanged(Message):
    def __init__(self, description: str) -> None:
        super().__init__()
        self.description = description


class JobStep(Step):
    title = "Job"
    short = "Job"
    paths = (("customizationType",), ("jobName",), ("customModelName",))

    def compose(self) -> ComposeResult:
        yield self.heading("Job: what kind, where, and its names")
        yield Label("Customization type", classes="field-label")
        with RadioSet(id="kind"):
            for value, name, what in KINDS:
                yield RadioButton(f"{name} [dim]— {what}[/]", id=f"kind-{value}")
        yield Label(
            "Region  [dim]where the job runs; models differ by region[/]", classes="field-label"
        )
        regions = sorted({*load_catalog().regions, self.context.region})
        yield Select(
            [(r, r) for r in regions],
            value=self.context.region,
            allow_blank=False,
            id="region",
            compact=True,
        )
        yield Field(
            ("jobName",),
            "Job name",
            hint=hint(Request, "jobName"),
            help="Unique in the account and region. Suggested from the model, kind and time.",
        )
        yield Field(
            ("customModelName",),
            "Custom model name",
            hint=hint(Request, "customModelName"),
            help="The name of the model the job creates.",
        )
        yield Label(
            "Description  [dim]optional, kept in the profile only[/]", classes="field-label"
        )
        yield Input(id="description", compact=True, placeholder="What this job is for")
        yield Static("", classes="field-error", markup=False)

    def show_draft(self, draft: Draft) -> None:
        super().show_draft(draft)
        kind = customization_type(draft.request)
        radio = self.query_one(f"#kind-{kind}", RadioButton) if kind != "IMPORTED" else None
        if radio is not None and not radio.value:
            with self.query_one(RadioSet).prevent(RadioSet.Changed):
                radio.value = True

    def show_description(self, text: str) -> None:
        field = self.query_one("#description", Input)
        if field.value != text:
            with field.prevent(Input.Changed):
                field.value = text

    def show_region(self, region: str) -> None:
        select = self.query_one("#region", Select)
        if select.value != region:
            with select.prevent(Select.Changed):
                select.value = region

    @on(RadioSet.Changed, "#kind")
    def _kind(self, event: RadioSet.Changed) -> None:
        event.stop()
        value = (event.pressed.id or "").removeprefix("kind-")
        self.post_message(FieldChanged(("customizationType",), value))

    @on(Select.Changed, "#region")
    def _region(self, event: Select.Changed) -> None:
        event.stop()
        # Only a choice the user makes: the select also announces the value it starts with.
        if isinstance(event.value, str) and event.select.has_focus_within:
            self.post_message(RegionChanged(event.value))

    @on(Input.Changed, "#description")
    def _description(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(DescriptionChanged(event.value))
