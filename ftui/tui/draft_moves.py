"""Moving between drafts in the wizard: opening a profile, a new draft, a cloned job, a revert.

The working draft is never lost on the way: a profile's unsaved changes are kept aside, and a
draft that belongs to no profile is discarded only when the user says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ftui.tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from ftui.tui.app import FtuiApp


def replace_draft(app: FtuiApp, then: Any) -> None:
    """Run ``then``, which opens another draft, without losing the working one.

    A profile's unsaved changes are kept aside (they come back when it is opened again), so
    only a draft that belongs to no profile can be lost: for that one, ask first.
    """
    wizard = app.wizard
    if not wizard.is_mounted or not wizard.working.dirty:
        then()
        return
    leaving = wizard.working.profile
    if leaving is not None:
        try:
            app.autosave.keep(wizard.working)
        except OSError as error:
            app.notify(f"Could not keep the changes: {error}", severity="error")
            return
        then()
        if wizard.working.profile != leaving and not wizard.working.dirty:
            # On the status line (unless it tells of changes restored to the new draft).
            wizard.status.say(f"Your unsaved changes to {leaving} are kept for when you open it.")
        return

    def answer(yes: bool | None) -> None:
        if yes:
            then()

    app.push_screen(
        ConfirmScreen(
            "Discard the new draft?",
            "It was never saved as a profile. Save it first with Ctrl+S in the draft (F4),"
            " or discard it.",
            yes="Discard",
            danger=True,
        ),
        answer,
    )


def open_profile(app: FtuiApp, name: str) -> None:
    from ftui.core.profiles import ProfileError

    try:
        profile = app.store.load(name)
    except ProfileError as error:
        app.notify(str(error), title="Cannot open", severity="error", markup=False)
        return

    def go() -> None:
        app.switch_mode("wizard")
        app.wizard.open_profile(profile, kept=app.autosave.kept(profile.qualified_name))

    replace_draft(app, go)


def revert_draft(app: FtuiApp) -> None:
    """Drop the working draft's unsaved changes: its profile as it is on disk."""
    wizard = app.wizard
    name = wizard.working.profile
    if name is None:
        return

    def answer(yes: bool | None) -> None:
        from ftui.core.profiles import ProfileError

        if not yes:
            return
        app.autosave.forget(name)
        try:
            profile = app.store.load(name)
        except ProfileError as error:
            app.notify(str(error), title="Cannot open", severity="error", markup=False)
            return
        wizard.open_profile(profile)

    app.push_screen(
        ConfirmScreen(
            f"Drop your unsaved changes to {name}?",
            "The draft goes back to the profile as it is saved.",
            yes="Drop them",
            danger=True,
        ),
        answer,
    )


def new_draft(app: FtuiApp) -> None:
    def go() -> None:
        app.switch_mode("wizard")
        wizard = app.wizard
        wizard.open(wizard.new_working())
        wizard.saving.schedule_autosave()

    replace_draft(app, go)


def clone_job(
    app: FtuiApp, job: dict[str, Any], tags: list[dict[str, str]] | None, region: str
) -> None:
    """A new draft from a job, in the wizard."""
    from ftui.core.autosave import WorkingDraft
    from ftui.core.interop import draft_from_job

    draft = draft_from_job(job, job_tags=tags)
    working = WorkingDraft(
        request=draft.request,
        region=region,
        description=f"Clone of {job.get('jobName', 'a job')}",
        dirty=True,
    )

    def go() -> None:
        app.switch_mode("wizard")
        app.wizard.open(working)
        app.wizard.saving.schedule_autosave()

    replace_draft(app, go)
