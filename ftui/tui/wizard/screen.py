"""The wizard screen: steps down the side, the current step's form, problems as they appear.

The screen owns the working draft. Fields post :class:`FieldChanged`; the screen writes the
value into the draft (kept as typed, valid or not), validates the whole draft with the core's
rules, gives every step its problems, and autosaves a moment later.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Header, Static

from ftui.core.autosave import WorkingDraft
from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.submit import Ledger, Submission, submission_kwargs, submit
from ftui.core.catalog import load_catalog
from ftui.core.draft import Draft, Path, Report
from ftui.core.hyperparameters import defaults
from ftui.core.interop import aws_cli_command
from ftui.core.names import suggested_name
from ftui.core.problems import Problem
from ftui.core.profiles import Profile, ProfileConflict, ProfileError
from ftui.core.rules import customization_type
from ftui.core.summary import summary_items
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.name_prompt import NameScreen
from ftui.tui.screens.submit import SubmitScreen
from ftui.tui.widgets.field import FieldChanged
from ftui.tui.wizard.context import ModelChoices, WizardContext
from ftui.tui.wizard.sidebar import StepList
from ftui.tui.wizard.steps import STEPS
from ftui.tui.wizard.steps.data import LOGS, SourceChanged
from ftui.tui.wizard.steps.hyper import HYPER, ResetHyperparameters
from ftui.tui.wizard.steps.job import DescriptionChanged, RegionChanged
from ftui.tui.wizard.steps.network import VPC, VpcToggled
from ftui.tui.wizard.steps.review import JumpTo, ReviewAction, ReviewStep

if TYPE_CHECKING:
    from ftui.tui.app import FtuiApp

AUTOSAVE_DELAY = 0.8
CONFIG_KINDS = {"DISTILLATION": "distillationConfig", "REINFORCEMENT_FINE_TUNING": "rftConfig"}


class ModelsLoaded(Message):
    def __init__(self, choices: ModelChoices) -> None:
        super().__init__()
        self.choices = choices


class SubmitDone(Message):
    def __init__(self, result: Outcome[Submission], region: str) -> None:
        super().__init__()
        self.result = result
        self.region = region


def step_of(loc: Path) -> int:
    """The index of the step that edits ``loc``: the longest owned prefix wins."""
    best, best_length = len(STEPS) - 1, -1
    for index, step in enumerate(STEPS):
        for prefix in step.paths:
            if loc[: len(prefix)] == prefix and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    return best


class WizardScreen(Screen[None]):
    """Build a CreateModelCustomizationJob request, save it as a profile, submit it."""

    BINDINGS = [
        Binding("pagedown", "next_step", "Next", id="wizard.next", priority=True),
        Binding("pageup", "previous_step", "Back", id="wizard.previous", priority=True),
        Binding("ctrl+s", "save", "Save", id="wizard.save", priority=True),
        Binding("f6", "save_as", "Save as", id="wizard.save_as", show=False),
        Binding("ctrl+r", "submit", "Submit", id="wizard.submit", priority=True),
        Binding("ctrl+g", "steps", "Steps", id="wizard.steps", show=False),
        Binding("escape", "back", "Previous step", id="wizard.back", show=False),
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
            for n in range(1, 9)
        ),
    ]

    def __init__(self) -> None:
        super().__init__(id="wizard")
        self.working = WorkingDraft()
        self.context = WizardContext(region="us-east-1")
        self.report = Report(())
        self.current = 0
        self.visited: set[int] = set()
        self.auto_names = True
        self.profile: Profile | None = None
        self.submitting = False
        self._stash: dict[str, Any] = {}
        self._autosave_timer: Timer | None = None
        self._pending: tuple[WorkingDraft, Profile | None] | None = None
        self._ready = False
        self.steps = [step(self.context) for step in STEPS]

    @property
    def ftui(self) -> FtuiApp:
        from ftui.tui.app import FtuiApp

        return cast(FtuiApp, self.app)

    @property
    def draft(self) -> Draft:
        return Draft(self.working.request, toml_numbers=True)

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="wizard-body"):
            yield StepList([s.title for s in self.steps], [s.short for s in self.steps])
            with ContentSwitcher(initial=self.steps[0].id, id="steps"):
                yield from self.steps
        yield Static("", id="wizard-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._ready = True
        if self._pending is not None:
            working, profile = self._pending
            self._pending = None
            self.open(working, profile=profile)
            self.schedule_autosave()
            return
        saved = self.ftui.autosave.load()
        if saved is not None and saved.request:
            self.open(saved, restored=True)
        else:
            self.open(self.new_working())

    # --- drafts -------------------------------------------------------------------------------

    def new_working(self) -> WorkingDraft:
        region = self.ftui.default_region
        name = suggested_name("FINE_TUNING", None, self.ftui.now())
        request = {"customizationType": "FINE_TUNING", "jobName": name, "customModelName": name}
        return WorkingDraft(request=request, region=region, dirty=False)

    def open(
        self, working: WorkingDraft, *, profile: Profile | None = None, restored: bool = False
    ) -> None:
        """Make ``working`` the draft being edited and show it in every step."""
        if not self._ready:  # shown as soon as the screen is
            self._pending = (working, profile)
            return
        self.working = working
        self.profile = profile
        self._stash = {}
        self.auto_names = not working.profile and not restored
        self.visited = set() if not working.profile else set(range(len(self.steps)))
        self.context.region = working.region or self.ftui.default_region
        self.working.region = self.context.region
        for step in self.steps:
            step.show_draft(self.draft)
        job = self.steps[0]
        from ftui.tui.wizard.steps.job import JobStep

        if isinstance(job, JobStep):
            job.show_description(working.description)
            job.show_region(self.context.region)
        self.load_models(self.context.region)
        self.validate()
        self.go(0)
        if restored:
            where = f" of {working.profile}" if working.profile else ""
            self.notify(f"Restored the draft{where} you were editing.", timeout=4)

    def open_profile(self, profile: Profile) -> None:
        working = WorkingDraft(
            request=copy.deepcopy(profile.draft.request),
            region=profile.region,
            description=profile.description,
            profile=profile.qualified_name,
        )
        self.open(working, profile=profile)
        self.schedule_autosave()

    # --- editing ------------------------------------------------------------------------------

    @on(FieldChanged)
    def _field_changed(self, event: FieldChanged) -> None:
        event.stop()
        self.apply(event.path, event.value)

    def apply(self, path: Path, value: Any) -> None:
        """Write one value into the draft and let everything that depends on it follow."""
        draft = self.draft
        if draft.get(path) == value:
            return  # a widget echoing what it was shown: nothing changed
        before_kind = customization_type(draft.request)
        before_base = draft.get(("baseModelIdentifier",))
        if value is None:
            draft.delete(path)
        else:
            draft.set(path, value)
        if path in (("jobName",), ("customModelName",)):
            self.auto_names = False
        if path == ("customizationType",):
            self._switch_kind(before_kind, customization_type(draft.request))
        if path == ("baseModelIdentifier",) and before_base != value:
            self._model_changed(before_base)
        if path[:1] in (("customizationType",), ("baseModelIdentifier",)) and self.auto_names:
            self._suggest_names()
        self.changed(path)

    def changed(self, path: Path) -> None:
        self.working.dirty = True
        self.visited.add(self.current)
        for step in self.steps:
            step.draft_changed(self.draft, path)
        self.validate()
        self.schedule_autosave()

    def _switch_kind(self, old: str, new: str) -> None:
        """Keep each kind's settings aside, so switching back restores them."""
        draft = self.draft
        config = draft.get(("customizationConfig",))
        if isinstance(config, dict) and CONFIG_KINDS.get(old) in config:
            self._stash[old] = config.pop(CONFIG_KINDS[old])
            if not config:
                draft.delete(("customizationConfig",))
        if new in self._stash:
            draft.set(("customizationConfig", CONFIG_KINDS[new]), self._stash.pop(new))

    def _model_changed(self, before: Any) -> None:
        """Fill in the new model's defaults where the old model's untouched ones stood."""
        catalog = load_catalog()
        draft = self.draft
        old = catalog.match(str(before or ""))
        new = catalog.match(str(draft.get(("baseModelIdentifier",)) or ""))
        old_family = catalog.family_of(old.model) if old else None
        new_family = catalog.family_of(new.model) if new else None
        if old_family == new_family:
            return
        current = draft.get(HYPER) or {}
        old_defaults = defaults(catalog.hyperparameters(old_family)) if old_family else {}
        untouched = not current or {k: str(v) for k, v in current.items()} == old_defaults
        if untouched:
            if new_family is not None and customization_type(draft.request) in (
                "FINE_TUNING",
                "CONTINUED_PRE_TRAINING",
            ):
                draft.set(HYPER, defaults(catalog.hyperparameters(new_family)))
            else:
                draft.delete(HYPER)

    def _suggest_names(self) -> None:
        draft = self.draft
        name = suggested_name(
            customization_type(draft.request), draft.get(("baseModelIdentifier",)), self.ftui.now()
        )
        draft.set(("jobName",), name)
        draft.set(("customModelName",), name)
        self.steps[0].show_draft(draft)

    @on(SourceChanged)
    def _source(self, event: SourceChanged) -> None:
        event.stop()
        draft = self.draft
        if event.source == "logs":
            if draft.get(("trainingDataConfig", "s3Uri")) is not None:
                self._stash["s3Uri"] = draft.get(("trainingDataConfig", "s3Uri"))
                draft.delete(("trainingDataConfig", "s3Uri"))
            draft.set(LOGS, self._stash.pop("logs", {"invocationLogSource": {}}))
        else:
            if draft.get(LOGS) is not None:
                self._stash["logs"] = draft.get(LOGS)
                draft.delete(LOGS)
            if "s3Uri" in self._stash:
                draft.set(("trainingDataConfig", "s3Uri"), self._stash.pop("s3Uri"))
        self.steps[2].show_draft(draft)
        self.changed(("trainingDataConfig",))

    @on(VpcToggled)
    def _vpc(self, event: VpcToggled) -> None:
        event.stop()
        draft = self.draft
        if event.on:
            draft.set(VPC, self._stash.pop("vpc", {"subnetIds": [], "securityGroupIds": []}))
        elif draft.get(VPC) is not None:
            self._stash["vpc"] = draft.get(VPC)
            draft.delete(VPC)
        self.steps[4].show_draft(draft)
        self.changed(VPC)

    @on(ResetHyperparameters)
    def _reset(self, event: ResetHyperparameters) -> None:
        event.stop()
        catalog = load_catalog()
        match = catalog.match(str(self.draft.get(("baseModelIdentifier",)) or ""))
        family = catalog.family_of(match.model) if match else None
        if family is not None:
            self.draft.set(HYPER, defaults(catalog.hyperparameters(family)))
            self.changed(HYPER)

    @on(DescriptionChanged)
    def _description(self, event: DescriptionChanged) -> None:
        event.stop()
        if event.description == self.working.description:
            return
        self.working.description = event.description
        self.working.dirty = True
        self.schedule_autosave()

    @on(RegionChanged)
    def _region(self, event: RegionChanged) -> None:
        event.stop()
        if event.region == self.context.region:
            return
        self.context.region = event.region
        self.working.region = event.region
        self.working.dirty = True
        self.load_models(event.region)
        self.validate()
        self.schedule_autosave()

    # --- checking -----------------------------------------------------------------------------

    def validate(self) -> None:
        self.report = self.draft.validate(region=self.context.region)
        by_step: list[list[Problem]] = [[] for _ in self.steps]
        for problem in self.report.problems:
            by_step[step_of(problem.loc)].append(problem)
        for index, step in enumerate(self.steps):
            step.show_problems(by_step[index])
        review = self.steps[-1]
        if isinstance(review, ReviewStep):
            review.render_review(self.draft, self.report, self.context.region)
        self._update_sidebar(by_step)
        self._update_status()

    def _update_sidebar(self, by_step: list[list[Problem]]) -> None:
        states, counts = [], []
        for index, problems in enumerate(by_step):
            errors = [p for p in problems if p.is_error]
            counts.append(len(errors))
            if errors and (index in self.visited or index == len(self.steps) - 1):
                states.append("problems")
            elif index in self.visited and not errors:
                states.append("complete")
            else:
                states.append("untouched")
        self.query_one(StepList).update_states(states, counts, self.current)

    def _update_status(self) -> None:
        errors = len(self.report.errors)
        name = self.working.profile or "new draft"
        state = "unsaved changes" if self.working.dirty else "saved"
        if errors:
            verdict = f"{errors} problem{'s' if errors != 1 else ''} to fix"
        else:
            verdict = "ready to submit"
        self.query_one("#wizard-status", Static).update(
            f" {name} · {state} · {verdict} · region {self.context.region}"
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

    def action_back(self) -> None:
        if self.current > 0:
            self.action_previous_step()
        else:
            self.app.switch_mode("profiles")

    def action_steps(self) -> None:
        self.query_one(StepList).focus()

    @on(StepList.Jump)
    def _jump(self, event: StepList.Jump) -> None:
        self.action_go(event.index)

    @on(JumpTo)
    def _jump_to(self, event: JumpTo) -> None:
        self.jump_to(event.loc)

    def jump_to(self, loc: Path) -> None:
        index = step_of(loc)
        self.go(index)
        self.call_after_refresh(self.steps[index].focus_path, loc)

    # --- AWS: models --------------------------------------------------------------------------

    def load_models(self, region: str) -> None:
        cached = self.ftui.model_choices.get(region)
        if cached is not None and not cached.loading:
            self.context.choices = cached
            self._context_changed()
            return
        self.context.choices = ModelChoices(region=region, loading=True)
        self._context_changed()
        self._fetch_models(region)

    @work(thread=True, exclusive=True, group="models", exit_on_error=False)
    def _fetch_models(self, region: str) -> None:
        bedrock = self.ftui.bedrock(region)
        foundation = bedrock.list_foundation_models()
        choices = ModelChoices(region=region)
        if isinstance(foundation, AwsError):
            choices.error = foundation
        else:
            choices.foundation = foundation.value
            custom = bedrock.list_custom_models()
            choices.custom = custom.value if isinstance(custom, Ok) else []
            account = bedrock.session.account_id()
            choices.account = account.value if isinstance(account, Ok) else None
        self.post_message(ModelsLoaded(choices))

    @on(ModelsLoaded)
    def _models_loaded(self, event: ModelsLoaded) -> None:
        self.ftui.model_choices[event.choices.region] = event.choices
        if event.choices.region == self.context.region:
            self.context.choices = event.choices
            self._context_changed()

    def _context_changed(self) -> None:
        for step in self.steps:
            step.context_changed(self.draft)

    # --- saving -------------------------------------------------------------------------------

    def schedule_autosave(self) -> None:
        if not self._ready:
            return  # on_mount saves a draft opened before the screen was shown
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self.autosave_now)

    def autosave_now(self) -> None:
        """Write the working draft to the autosave file (also called on quit and hang-up)."""
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        try:
            self.ftui.autosave.save(self.working)
        except OSError as error:
            self.notify(f"Could not autosave the draft: {error}", severity="error", markup=False)

    def _profile_for_save(self, name: str) -> Profile:
        profile = Profile(
            name=name,
            draft=Draft(copy.deepcopy(self.working.request), toml_numbers=True),
            description=self.working.description,
            region=self.context.region,
        )
        if self.profile is not None and self.profile.name == name:
            profile.origin = self.profile.origin
            profile.path = self.profile.path
            profile.digest = self.profile.digest
        return profile

    def _saved(self, profile: Profile) -> None:
        self.profile = profile
        self.working.profile = profile.qualified_name
        self.working.dirty = False
        self.autosave_now()
        self._update_status()
        self.notify(f"Saved {profile.qualified_name}", timeout=3, markup=False)

    def action_save(self) -> None:
        if self.profile is None:
            self.action_save_as()
            return
        profile = self._profile_for_save(self.profile.name)
        try:
            self.ftui.store.save(profile)
        except ProfileConflict as conflict:
            self._confirm_overwrite(profile, str(conflict))
            return
        except (ProfileError, OSError) as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return
        self._saved(profile)

    def _confirm_overwrite(self, profile: Profile, why: str) -> None:
        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.ftui.store.save(profile, overwrite=True)
            except (ProfileError, OSError) as error:
                self.notify(str(error), title="Not saved", severity="error", markup=False)
                return
            self._saved(profile)

        self.app.push_screen(
            ConfirmScreen("Replace the profile on disk?", why, yes="Replace", danger=True), answer
        )

    def action_save_as(self) -> None:
        taken = {entry.name for entry in self.ftui.store.list()}
        suggestion = self.profile.name if self.profile else str(self.draft.get(("jobName",)) or "")

        def named(name: str | None) -> None:
            if not name:
                return
            profile = self._profile_for_save(name)
            if self.profile is None or self.profile.name != name:
                profile.path = profile.digest = None
            try:
                self.ftui.store.save(profile)
            except ProfileError as error:
                if name in taken:
                    self._confirm_overwrite(profile, f"A profile named {name!r} exists.")
                else:
                    self.notify(str(error), title="Not saved", severity="error", markup=False)
                return
            self._saved(profile)

        self.app.push_screen(NameScreen("Save the draft as profile", suggestion, taken), named)

    # --- submitting ---------------------------------------------------------------------------

    def action_submit(self) -> None:
        if self.submitting:
            self.notify("Already submitting this draft.", timeout=3)
            return
        self.validate()
        if not self.report.ok:
            self.go(len(self.steps) - 1)
            count = len(self.report.errors)
            self.notify(
                f"{count} problem{'s' if count != 1 else ''} to fix before submitting:"
                " enter on one takes you to the field.",
                severity="warning",
            )
            return
        region = self.context.region
        request = self.draft.to_request(region=region)
        kwargs = submission_kwargs(request)

        def confirmed(yes: bool | None) -> None:
            if yes and not self.submitting:
                self.submitting = True
                self._update_status()
                self.notify("Submitting…", timeout=2)
                self._submit(request, region)

        self.app.push_screen(
            SubmitScreen(summary_items(request, region), kwargs["clientRequestToken"]), confirmed
        )

    @work(thread=True, exclusive=True, group="submit", exit_on_error=False)
    def _submit(self, request: Any, region: str) -> None:
        result = submit(
            self.ftui.bedrock(region), request, ledger=Ledger(), profile=self.working.profile
        )
        self.post_message(SubmitDone(result, region))

    @on(SubmitDone)
    def _submitted(self, event: SubmitDone) -> None:
        self.submitting = False
        self._update_status()
        result = event.result
        if isinstance(result, Ok):
            submission = result.value
            if submission.repeated:
                self.notify(
                    f"{submission.job_name} was already submitted on {submission.submitted_at};"
                    " showing that job.",
                    timeout=6,
                    markup=False,
                )
            else:
                self.notify(f"Job {submission.job_name} created.", timeout=5, markup=False)
            self.ftui.show_job(submission.job_arn, event.region, submission.job_name)
            return
        self.notify(
            f"{result.code}: {result.message}",
            title="AWS refused the job",
            severity="error",
            timeout=15,
            markup=False,
        )
        if result.field:
            self.jump_to(result.field)

    # --- review buttons and other actions -----------------------------------------------------

    @on(ReviewAction)
    def _review_action(self, event: ReviewAction) -> None:
        event.stop()
        if event.action == "submit" and self.ftui.read_only:
            self.notify("Read-only mode: submitting is off.", timeout=4)
            return
        if event.action == "copy_cli":
            self.action_copy_cli()
        else:
            getattr(self, f"action_{event.action}")()

    def action_copy_cli(self) -> None:
        self.app.copy_to_clipboard(aws_cli_command(self.draft, self.context.region))
        self.notify("AWS CLI command copied (OSC 52).", timeout=3)
