"""Step 6: hyperparameters, as a form built from the catalog table of the chosen model.

Each row shows the console's label, the type and range, the default and AWS's guidance; values
fixed by AWS are shown read-only. A model ftui has no table for gets free name/value rows, and
reinforcement fine-tuning its typed parameters, whose ranges come from the request model.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Static

from ftui.core import kinds
from ftui.core.catalog import load_catalog
from ftui.core.constraints import spec_of
from ftui.core.draft import Draft, Path
from ftui.core.editing import BASE_MODEL, FILLS_DEFAULTS, HYPER
from ftui.core.kinds import REINFORCEMENT_FINE_TUNING, kind_of
from ftui.core.request import RFTHyperParameters
from ftui.tui.widgets.editors import MapEditor
from ftui.tui.widgets.field import BoundWidget, ChoiceField, Field
from ftui.tui.wizard.hints import hint
from ftui.tui.wizard.steps.base import Step

RFT_HYPER = ("customizationConfig", "rftConfig", "hyperParameters")


class HyperStep(Step):
    title = "Hyperparameters"
    short = "Hyper"
    paths = (HYPER, RFT_HYPER)

    class Reset(Message):
        """Put the model's defaults back."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._signature: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield self.heading("Hyperparameters: how the model trains")
        yield Static("", id="hyper-intro", classes="field-help", markup=False)
        yield Vertical(classes="hyper-fields")

    def show_draft(self, draft: Draft) -> None:
        self._rebuild(draft)
        super().show_draft(draft)

    def draft_changed(self, draft: Draft, changed: list[Path]) -> None:
        if self._rebuild(draft):
            super().show_draft(draft)
        else:
            super().draft_changed(draft, changed)

    def _rebuild(self, draft: Draft) -> bool:
        """Build the form for the draft's model and kind; ``False`` if it is already built."""
        catalog = load_catalog()
        kind = kind_of(draft.request)
        base = draft.get(BASE_MODEL)
        match = catalog.match(base) if isinstance(base, str) else None
        family = catalog.family_of(match.model) if match else None
        signature = (kind, family.id if family else (match.model.id if match else ""))
        if signature == self._signature:
            return False
        self._signature = signature
        widgets: list[Widget] = []
        intro = ""
        if kind == REINFORCEMENT_FINE_TUNING:
            intro = (
                "Reinforcement fine-tuning takes typed values; AWS documents no defaults, so an"
                " empty field lets Bedrock choose."
            )
            rft = catalog.rft.hyperparameters
            for name in RFTHyperParameters.model_fields:
                spec = spec_of(RFTHyperParameters, name)
                about = rft.get(name)
                label = about.label if about else name
                examples = ", ".join(str(e) for e in about.examples) if about else ""
                help_text = (about.help if about else "") + (
                    f" Public samples use {examples}." if examples else ""
                )
                if spec.enum:
                    widgets.append(
                        ChoiceField((*RFT_HYPER, name), label, list(spec.enum), help=help_text)
                    )
                else:
                    widgets.append(
                        Field(
                            (*RFT_HYPER, name),
                            f"{label} ({name})",
                            hint=hint(RFTHyperParameters, name),
                            kind="int" if spec.kind == "integer" else "float",
                            help=help_text,
                        )
                    )
        elif family is not None and match is not None:
            if kind in FILLS_DEFAULTS:
                intro = f"{family.name}: defaults are filled in, as the console does."
            else:
                intro = (
                    f"{family.name}: optional for {kinds.label(kind)}; an empty field is left out"
                    " of the request and Bedrock chooses."
                )
            if not family.documented:
                intro += f" {family.note}"
            for row in catalog.hyperparameters(family):
                default = row.default_text
                widgets.append(
                    Field(
                        (*HYPER, row.name),
                        f"{row.label} ({row.name})",
                        hint=f"{row.type} · {row.range_text}"
                        + (f" · default {default}" if default else " · required"),
                        help=row.help,
                        placeholder=default or "required",
                        disabled=row.fixed,
                    )
                )
            widgets.append(Button("Reset to defaults", id="hyper-reset", compact=True))
        else:
            name = match.model.name if match else "this model"
            intro = (
                f"ftui has no hyperparameter table for {name}: names and values go to AWS as"
                " typed (values are strings)."
            )
            widgets.append(MapEditor(HYPER, "Hyperparameters"))
        self.query_one("#hyper-intro", Static).update(intro)
        # The draft's values go in before mounting: show_draft has run over the old fields.
        for widget in widgets:
            if isinstance(widget, BoundWidget):
                widget.show(draft.get(widget.path))
        # A new container each time: the old one's removal is not finished when this mounts.
        for old in self.query(".hyper-fields"):
            old.remove()
        self.mount(Vertical(*widgets, classes="hyper-fields"))
        return True

    @on(Button.Pressed, "#hyper-reset")
    def _reset(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Reset())
