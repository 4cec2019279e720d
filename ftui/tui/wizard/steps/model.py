"""Step 2: the base model (and the teacher or grader the kind of job needs).

The list is what ``ListFoundationModels`` offers in the region for the job's kind, merged with
ftui's catalog (family, data format, limits); custom models can be the base of a fine-tuning job.
Without AWS (no credentials, no network) the catalog alone fills the list.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ftui.core.catalog import inference_profile_arn, load_catalog
from ftui.core.draft import Draft, Path
from ftui.core.editing import BASE_MODEL, KIND
from ftui.core.kinds import DISTILLATION, REINFORCEMENT_FINE_TUNING, kind_of
from ftui.core.offers import Offer, offers
from ftui.core.safe_text import safe_text
from ftui.tui.widgets.field import Field, FieldChanged
from ftui.tui.widgets.safe_input import SafeInput
from ftui.tui.wizard.context import WizardContext
from ftui.tui.wizard.steps.base import Step

TEACHER = ("customizationConfig", "distillationConfig", "teacherModelConfig")
GRADER = ("customizationConfig", "rftConfig", "graderConfig", "lambdaGrader", "lambdaArn")


class ModelStep(Step):
    title = "Base model"
    short = "Model"
    paths = (BASE_MODEL, ("customizationConfig",))

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self._offers_by_id: dict[str, Offer] = {}
        self._note = ""

    def compose(self) -> ComposeResult:
        yield self.heading("Base model: what the job customizes")
        yield SafeInput(
            placeholder="type to filter: nova, llama, haiku, titan…",
            id="model-filter",
            compact=True,
        )
        yield OptionList(id="models")
        yield Static("", id="model-detail", markup=False)
        yield Field(
            BASE_MODEL,
            "Model ID or ARN",
            hint="required",
            help="Chosen from the list with enter, or typed: a foundation model ID, its ARN, or a"
            " custom model ARN.",
        )
        with Vertical(id="distillation"):
            yield Label("Teacher  [dim]documented pairs for this student[/]", classes="field-label")
            yield Select([], id="teacher", prompt="Choose the student model first", compact=True)
            yield Field(
                (*TEACHER, "teacherModelIdentifier"),
                "Teacher model ID or inference profile ARN",
                hint="required · ^O pick",
            )
            distillation = load_catalog().distillation
            yield Field(
                (*TEACHER, "maxResponseLengthForInference"),
                "Max response length",
                hint="optional · tokens",
                kind="int",
                placeholder=", ".join(str(n) for n in distillation.max_response_length_examples),
                help=distillation.max_response_length_help,
            )
        with Vertical(id="rft"):
            yield Field(
                GRADER,
                "Grader Lambda function ARN",
                hint="required · ^O pick",
                help="The reward function: receives sampled responses, returns a score for each."
                " Raise its timeout above the default 3 s.",
            )

    def on_mount(self) -> None:
        self.query_one("#distillation").display = False
        self.query_one("#rft").display = False

    # --- the list -----------------------------------------------------------------------------

    def _offers(self, kind: str) -> tuple[list[Offer], str]:
        """The models to offer for ``kind``, and a note on where they came from."""
        choices = self.context.choices
        if choices is None or choices.loading:
            note = "Listing the models Bedrock offers in this region…"
            return offers(load_catalog(), kind, self.context.region, None), note
        if choices.error is not None:
            note = (
                f"Could not list Bedrock's models ({choices.error.code}); showing ftui's catalog."
            )
            return offers(load_catalog(), kind, self.context.region, None), note
        found = offers(
            load_catalog(), kind, self.context.region, choices.foundation, choices.custom
        )
        return found, ""

    def refresh_list(self, draft: Draft) -> None:
        kind = kind_of(draft.request)
        chosen = str(draft.get(BASE_MODEL) or "")
        words = self.query_one("#model-filter", Input).value
        choices, note = self._offers(kind)
        shown = [c for c in choices if c.matches(words)]
        options: list[Option] = []
        for choice in shown:
            mark = "● " if choice.identifier == chosen else "  "
            family = ""
            if choice.model is not None:
                fmt = load_catalog().data_format(choice.model, kind)
                family = f" · {fmt.name}" if fmt else ""
            # Names, identifiers and providers are what ListFoundationModels answered.
            line = Content.assemble(
                mark,
                (safe_text(choice.name or choice.identifier), "bold"),
                "  ",
                (safe_text(choice.identifier), "dim"),
                "  ",
                (safe_text(f"{choice.provider}{family}"), "italic"),
            )
            options.append(Option(line, id=choice.identifier))
        if not options:
            empty = "No model matches." if choices else "No model offers this kind of job here."
            # Content, not a str, which an Option reads as markup: the note quotes AWS's error.
            options.append(Option(Content(safe_text(note or empty)), disabled=True))
        option_list = self.query_one("#models", OptionList)
        highlighted = option_list.highlighted_option
        keep = highlighted.id if highlighted is not None else chosen
        option_list.set_options(options)
        ids = [o.id for o in options]
        if keep in ids:
            option_list.highlighted = ids.index(keep)
        elif shown:
            option_list.highlighted = 0
        self._offers_by_id = {c.identifier: c for c in choices}
        self._note = note
        self._show_detail(draft)

    def _show_detail(self, draft: Draft) -> None:
        """The chosen model; while the list has the cursor, the model under it."""
        catalog = load_catalog()
        kind = kind_of(draft.request)
        identifier = str(draft.get(BASE_MODEL) or "")
        models = self.query_one("#models", OptionList)
        if models.has_focus and models.highlighted_option is not None:
            identifier = models.highlighted_option.id or identifier
        choice = self._offers_by_id.get(identifier)
        lines: list[str] = []
        if choice is None and not identifier:
            lines.append(
                "No model chosen yet: type to filter, Enter to go to the list, Enter to choose."
            )
        elif choice is not None and choice.model is not None:
            model = choice.model
            lines.append(f"{model.name} · {model.provider} · {', '.join(model.customizations)}")
            lines.append(f"Regions: {', '.join(model.regions)}")
            fmt = catalog.data_format(model, kind)
            if fmt is not None:
                lines.append(f"Data: {fmt.name}. {fmt.summary}")
            limits = model.limits
            if limits.min_records or limits.max_records:
                low = f"{limits.min_records:,}" if limits.min_records else "1"
                high = f"{limits.max_records:,}" if limits.max_records else "?"
                lines.append(f"Records: {low} to {high}.")
            if limits.note:
                lines.append(limits.note)
            family = catalog.family_of(model)
            if family is not None:
                names = ", ".join(h.name for h in catalog.hyperparameters(family))
                lines.append(f"Hyperparameters ({family.name}): {names}")
        elif choice is not None and choice.custom:
            lines.append("A custom model: the job continues from its weights.")
        if self._note:
            lines.append(self._note)
        self.query_one("#model-detail", Static).update(safe_text("\n".join(lines), multiline=True))

    # --- reacting -----------------------------------------------------------------------------

    def show_draft(self, draft: Draft) -> None:
        super().show_draft(draft)
        # A new draft starts with the whole list, not the last draft's filter.
        self.query_one("#model-filter", Input).clear()
        self._show_sections(draft)
        self.refresh_list(draft)
        self._refresh_teachers(draft)

    def draft_changed(self, draft: Draft, changed: list[Path]) -> None:
        super().draft_changed(draft, changed)
        if any(path[:1] in (KIND, BASE_MODEL) for path in changed):
            self._show_sections(draft)
            self.refresh_list(draft)
            self._refresh_teachers(draft)

    def context_changed(self, draft: Draft) -> None:
        self.refresh_list(draft)
        self._refresh_teachers(draft)

    def _show_sections(self, draft: Draft) -> None:
        kind = kind_of(draft.request)
        self.query_one("#distillation").display = kind == DISTILLATION
        self.query_one("#rft").display = kind == REINFORCEMENT_FINE_TUNING

    def _refresh_teachers(self, draft: Draft) -> None:
        catalog = load_catalog()
        student = draft.get(BASE_MODEL)
        match = catalog.match(student) if isinstance(student, str) else None
        region = self.context.region
        account = self.context.choices.account if self.context.choices else None
        options: list[tuple[str, str]] = []
        if match is not None:
            for teacher in catalog.teachers_for(match.model.id):
                if region not in teacher.regions:
                    continue
                if teacher.invocation != "inference-profile":
                    options.append((f"{teacher.name} ({teacher.id})", teacher.id))
                if teacher.invocation != "on-demand" and account:
                    arn = inference_profile_arn(region, account, teacher.id)
                    options.append((f"{teacher.name} via inference profile", arn))
        select = self.query_one("#teacher", Select)
        current = draft.get((*TEACHER, "teacherModelIdentifier"))
        with select.prevent(Select.Changed):
            select.set_options(options)
            if options:
                select.prompt = "Choose a teacher"
            elif match is None:
                select.prompt = "Choose the student (the base model above) first"
            else:
                select.prompt = f"No documented teacher for {match.model.name} in {region}"
            if current in [value for _, value in options]:
                select.value = current

    @on(Input.Changed, "#model-filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        screen_draft = getattr(self.screen, "draft", None)
        if isinstance(screen_draft, Draft):
            self.refresh_list(screen_draft)

    @on(Input.Submitted, "#model-filter")
    def _to_list(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#models", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#models")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._redraw_detail()

    def on_descendant_focus(self) -> None:
        self._redraw_detail()

    def on_descendant_blur(self) -> None:
        self._redraw_detail()

    def _redraw_detail(self) -> None:
        screen_draft = getattr(self.screen, "draft", None)
        if isinstance(screen_draft, Draft):
            self._show_detail(screen_draft)

    @on(OptionList.OptionSelected, "#models")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(FieldChanged(BASE_MODEL, event.option.id))

    @on(Select.Changed, "#teacher")
    def _teacher(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self.post_message(FieldChanged((*TEACHER, "teacherModelIdentifier"), event.value))
