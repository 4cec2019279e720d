"""Step 1: what kind of job, where, and what to call it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Label, RadioButton, RadioSet, Select, Static

from ftui.core.catalog import load_catalog
from ftui.core.draft import Draft
from ftui.core.kinds import TRAINING_KINDS, kind_of
from ftui.core.request import CreateModelCustomizationJobRequest as Request
from ftui.tui.widgets.field import Field, FieldChanged
from ftui.tui.widgets.safe_input import SafeInput
from ftui.tui.wizard.hints import hint
from ftui.tui.wizard.steps.base import Step


class JobStep(Step):
    title = "Job"
    short = "Job"
    paths = (("customizationType",), ("jobName",), ("customModelName",))

    @dataclass
    class RegionChanged(Message):
        region: str

    @dataclass
    class DescriptionChanged(Message):
        description: str

    def compose(self) -> ComposeResult:
        yield self.heading("Job: what kind, where, and its names")
        yield Label("Customization type", classes="field-label")
        with RadioSet(id="kind"):
            for kind in TRAINING_KINDS:
                yield RadioButton(f"{kind.title} [dim]— {kind.what}[/]", id=f"kind-{kind.value}")
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
        yield SafeInput(id="description", compact=True, placeholder="What this job is for")
        yield Static("", classes="field-error", markup=False)

    def show_draft(self, draft: Draft) -> None:
        super().show_draft(draft)
        kind = kind_of(draft.request)
        radio = next((r for r in self.query(RadioButton) if r.id == f"kind-{kind}"), None)
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
            self.post_message(self.RegionChanged(event.value))

    @on(Input.Changed, "#description")
    def _description(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.DescriptionChanged(event.value))
