"""The wizard screen: steps down the side, the current step's form, problems as they appear.

The screen owns the working draft. Fields post :class:`FieldChanged`; the screen hands the edit
to the core's :class:`~ftui.core.editing.DraftEditor` (which moves whatever follows from it),
shows the changed values in the other fields, validates the whole draft, gives every step its
problems, and autosaves a moment later. Saving and submitting live in their own modules.
"""

from __future__ import annotations

import copy
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import ContentSwitcher, Header
from textual.worker import Worker, WorkerState

from ftui.core.autosave import WorkingDraft
from ftui.core.draft import Draft, Path, Report
from ftui.core.editing import DraftEditor
from ftui.core.interop import aws_cli_command
from ftui.core.kinds import FINE_TUNING
from ftui.core.names import suggested_name
from ftui.core.problems import Problem
from ftui.core.profiles import Profile
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.field import FieldChanged
from ftui.tui.widgets.footer import Footer
from ftui.tui.wizard.context import WizardContext
from ftui.tui.wizard.datacheck import DataCheckFlow
from ftui.tui.wizard.fixes import FixFlows
from ftui.tui.wizard.guide import WIZARD
from ftui.tui.wizard.models import ModelLoader
from ftui.tui.wizard.picking import PickFlow
from ftui.tui.wizard.preflight import PreflightFlow
from ftui.tui.wizard.saving import SaveFlows
from ftui.tui.wizard.sidebar import StepList
from ftui.tui.wizard.status import StatusLine
from ftui.tui.wizard.steps import STEPS, Step, step_of
from ftui.tui.wizard.steps.data import DataStep
from ftui.tui.wizard.steps.hyper import HyperStep
from ftui.tui.wizard.steps.job import JobStep
from ftui.tui.wizard.steps.network import NetworkStep
from ftui.tui.wizard.steps.review import ReviewStep
from ftui.tui.wizard.submitting import SubmitFlow

S = TypeVar("S", bound=Step)


class WizardScreen(FtuiScreen[None]):
    """Build a CreateModelCustomizationJob request, save it as a profile, submit it."""

    PLACE = "Draft"
    BINDINGS = [
        Binding("pagedown", "next_step", "Next", id="wizard.next", priority=True),
        Binding("pageup", "previous_step", "Back", id="wizard.previous", priority=True),
        Binding("ctrl+s", "save", "Save", id="wizard.save", priority=True),
        Binding("f6", "save_as", "Save as", id="wizard.save_as", show=False),
        Binding("ctrl+r", "submit", "Submit", id="wizard.submit", priority=True),
        Binding("ctrl+g", "steps", "Steps", id="wizard.steps", show=False),
        Binding("ctrl+o", "pick", "Pick", id="wizard.pick"),
        Binding("f5", "check", "Check", id="wizard.check"),
        *(
            # Priority: a field would otherwise type the digit that comes with Alt.
            Binding(
                f"alt+{n}",
                f"go({n - 1})",
                f"Go to step {n}",
                show=False,
                priority=True,
                id=f"wizard.go{n}",
            )
            for n in range(1, len(STEPS) + 1)
        ),
    ]

    KEY_GUIDE = WIZARD

    def __init__(self) -> None:
        super().__init__(id="wizard")
        self.working = WorkingDraft()
        self.context = WizardContext(region="us-east-1")
        self.report = Report(())
        self.current = 0
        self.visited: set[int] = set()
        self.profile: Profile | None = None
        self.submitted_as: str | None = None  # the job made from the draft as it stands
        self.editor: DraftEditor | None = None
        self._pending: tuple[WorkingDraft, Profile | None] | None = None
        self.ready = False
        self.steps: list[Step] = [step(self.context) for step in STEPS]
        self.saving = SaveFlows(self)
        self.submitting = SubmitFlow(self)
        self.models = ModelLoader(self)
        self.picking = PickFlow(self)
        self.preflight = PreflightFlow(self)
        self.data_check = DataCheckFlow(self)
        self.fixes = FixFlows(self)

    @property
    def draft(self) -> Draft:
        return Draft(self.working.request, toml_numbers=True)

    def step(self, kind: type[S]) -> S:
        """The step of that type (steps are reached by type, never by position)."""
        return next(s for s in self.steps if isinstance(s, kind))

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="wizard-body"):
            yield StepList([s.title for s in self.steps], [s.short for s in self.steps])
            with ContentSwitcher(initial=self.steps[0].id, id="steps"):
                yield from self.steps
        yield StatusLine(id="wizard-status")
        yield Footer()

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        self.ready = True
        if self._pending is not None:
            working, profile = self._pending
            self._pending = None
            self.open(working, profile=profile)
            self.saving.schedule_autosave()
            return
        saved = self.ftui.autosave.load()
        if saved is not None and saved.request:
            self.open(saved, profile=self.saving.profile_of(saved), restored=True)
        else:
            self.open(self.new_working())

    # --- drafts -------------------------------------------------------------------------------

    def new_working(self) -> WorkingDraft:
        region = self.ftui.default_region
        name = suggested_name(FINE_TUNING, None, self.ftui.now())
        request = {"customizationType": FINE_TUNING, "jobName": name, "customModelName": name}
        return WorkingDraft(request=request, region=region, dirty=False)

    def open(
        self, working: WorkingDraft, *, profile: Profile | None = None, restored: bool = False
    ) -> None:
        """Make ``working`` the draft being edited and show it in every step."""
        if not self.ready:  # shown as soon as the screen is
            self._pending = (working, profile)
            return
        self.working = working
        self.profile = profile
        self.editor = DraftEditor(
            self.draft, now=self.ftui.now, auto_names=not working.profile and not restored
        )
        self.status.refusal = None
        self.submitted_as = None
        self.visited = set() if not working.profile else set(range(len(self.steps)))
        self.context.region = working.region or self.ftui.default_region
        self.working.region = self.context.region
        for step in self.steps:
            step.show_draft(self.draft)
        job = self.step(JobStep)
        job.show_description(working.description)
        job.show_region(self.context.region)
        self.load_models(self.context.region)
        self.preflight.forget()
        self.data_check.schedule()
        self.go(0)
        if restored and working.dirty:
            where = f" to {working.profile}" if working.profile else ""
            revert = " (Ctrl+P, Revert draft, drops them)" if working.profile else ""
            self.status.say(f"Restored your unsaved changes{where}{revert}.")
        elif restored:
            self.status.say(f"Back to {working.profile or 'the new draft'}, where you left it.")

    def open_profile(self, profile: Profile, *, kept: WorkingDraft | None = None) -> None:
        """Open a profile; with the unsaved changes ``kept`` when the user last left it."""
        working = kept or WorkingDraft(
            request=copy.deepcopy(profile.draft.request),
            region=profile.region,
            description=profile.description,
            profile=profile.qualified_name,
        )
        self.open(working, profile=profile, restored=kept is not None)
        self.saving.schedule_autosave()

    # --- editing ------------------------------------------------------------------------------

    @on(FieldChanged)
    def _field_changed(self, event: FieldChanged) -> None:
        event.stop()
        if self.editor is not None:
            self.edited(self.editor.set(event.path, event.value))

    @on(DataStep.SourceChanged)
    def _source(self, event: DataStep.SourceChanged) -> None:
        event.stop()
        if self.editor is not None:
            self.edited(self.editor.use_source(event.source))

    @on(NetworkStep.VpcToggled)
    def _vpc(self, event: NetworkStep.VpcToggled) -> None:
        event.stop()
        if self.editor is not None:
            self.edited(self.editor.use_vpc(event.on))

    @on(HyperStep.Reset)
    def _reset(self, event: HyperStep.Reset) -> None:
        event.stop()
        if self.editor is not None:
            self.edited(self.editor.reset_hyperparameters())

    def edited(self, changed: list[Path]) -> None:
        """After an edit: show what moved with it, check, autosave."""
        if not changed:
            return
        self.working.dirty = True
        self.submitted_as = None
        self.visited.add(self.current)
        if self.status.refusal is not None and self.status.refusal.concerns(changed):
            self.status.refusal = None
        draft = self.draft
        for step in self.steps:
            step.draft_changed(draft, changed)
        self.preflight.forget()
        self.data_check.changed(changed)
        self.validate()
        self.saving.schedule_autosave()

    @on(JobStep.DescriptionChanged)
    def _description(self, event: JobStep.DescriptionChanged) -> None:
        event.stop()
        if event.description == self.working.description:
            return
        self.working.description = event.description
        self.working.dirty = True
        self.update_status()
        self.saving.schedule_autosave()

    @on(JobStep.RegionChanged)
    def _region(self, event: JobStep.RegionChanged) -> None:
        event.stop()
        if event.region == self.context.region:
            return
        self.context.region = event.region
        self.working.region = event.region
        self.working.dirty = True
        self.load_models(event.region)
        self.preflight.forget()
        self.data_check.schedule()
        self.validate()
        self.saving.schedule_autosave()

    # --- checking -----------------------------------------------------------------------------

    def validate(self) -> None:
        self.report = self.draft.validate(region=self.context.region)
        by_step: list[list[Problem]] = [[] for _ in self.steps]
        problems = list(self.report.problems)
        refusal = self.status.refusal
        if refusal is not None and refusal.problem is not None:
            problems.append(refusal.problem)
        for problem in problems:
            by_step[step_of(problem.loc)].append(problem)
        for index, step in enumerate(self.steps):
            step.show_problems(by_step[index])
        if isinstance(self.steps[self.current], ReviewStep):
            self.render_review()
        self.query_one(StepList).show_problems(by_step, self.visited, self.current)
        self.update_status()

    def render_review(self) -> None:
        """The review is drawn only when shown: it costs milliseconds a keystroke otherwise."""
        self.step(ReviewStep).render_review(self.draft, self.report, self.context.region)

    def update_status(self) -> None:
        name = self.working.profile or "new draft"
        if self.submitted_as is not None:
            state = f"submitted as job {self.submitted_as}"
        elif self.working.profile is None:
            state = "not saved as a profile yet"
        else:
            state = "unsaved changes" if self.working.dirty else "saved"
        self.status.show_state(
            name,
            state,
            len(self.report.errors),
            self.context.region,
            self.submitting.busy,
            read_only=self.ftui.read_only,
        )
        self.sub_title = name

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "submit" and self.ftui.read_only)

    # --- moving around ------------------------------------------------------------------------

    def go(self, index: int) -> None:
        index = max(0, min(index, len(self.steps) - 1))
        self.current = index
        self.query_one("#steps", ContentSwitcher).current = self.steps[index].id
        self.validate()
        self.call_after_refresh(self.steps[index].enter)

    def action_next_step(self) -> None:
        self.visited.add(self.current)
        self.go(self.current + 1)

    def action_previous_step(self) -> None:
        self.visited.add(self.current)
        self.go(self.current - 1)

    def action_go(self, index: int) -> None:
        self.visited.add(self.current)
        self.go(index)

    def action_steps(self) -> None:
        self.query_one(StepList).focus()

    @on(StepList.Jump)
    def _jump(self, event: StepList.Jump) -> None:
        self.action_go(event.index)

    @on(ReviewStep.JumpTo)
    def _jump_to(self, event: ReviewStep.JumpTo) -> None:
        self.jump_to(event.loc)

    def jump_to(self, loc: Path) -> None:
        index = step_of(loc)
        self.go(index)
        self.call_after_refresh(self.steps[index].focus_path, loc)

    # --- AWS: models --------------------------------------------------------------------------

    def load_models(self, region: str) -> None:
        self.models.load(region)

    @on(ModelLoader.Loaded)
    def _models_loaded(self, event: ModelLoader.Loaded) -> None:
        self.models.loaded(event.choices)

    def context_changed(self) -> None:
        """The region or the models on offer changed: the steps that show them follow."""
        for step in self.steps:
            step.context_changed(self.draft)

    # --- saving and submitting ----------------------------------------------------------------

    def action_save(self) -> None:
        self.saving.save()

    def action_save_as(self) -> None:
        self.saving.save_as()

    def action_submit(self) -> None:
        if self.ftui.read_only:
            self.status.say("Read-only mode: submitting is off.")
            return
        self.submitting.start()

    def action_pick(self) -> None:
        self.picking.start()

    def action_check(self) -> None:
        self.preflight.start()

    @on(DataCheckFlow.Done)
    def _data_checked(self, event: DataCheckFlow.Done) -> None:
        self.data_check.done(event)
        if isinstance(self.steps[self.current], ReviewStep):
            self.render_review()  # its cost estimate counts the file's tokens

    def action_upload(self) -> None:
        self.fixes.upload()

    def action_new_role(self) -> None:
        self.fixes.create_role()

    @on(SubmitFlow.Done)
    def _submitted(self, event: SubmitFlow.Done) -> None:
        self.submitting.finished(event)

    def action_copy_cli(self) -> None:
        self.app.copy_to_clipboard(aws_cli_command(self.draft, self.context.region))
        self.status.say("AWS CLI command copied to the clipboard (OSC 52).")

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        """A worker that breaks (a bug, not an AWS refusal) is said, never swallowed."""
        if event.state is not WorkerState.ERROR:
            return
        if event.worker.group == "submit":
            self.submitting.failed(event.worker)
        elif event.worker.group == "data-check":
            self.data_check.failed(event.worker.error)
        else:
            self.status.say(f"{event.worker.name} failed: {event.worker.error}", error=True)
