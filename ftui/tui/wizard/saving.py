"""Saving the working draft as a profile: save, save as, and replacing a file changed on disk."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from textual.timer import Timer

from ftui.core.autosave import WorkingDraft
from ftui.core.draft import Draft
from ftui.core.profiles import Profile, ProfileConflict, ProfileError
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.name_prompt import NameScreen

AUTOSAVE_DELAY = 0.8

if TYPE_CHECKING:
    from ftui.tui.wizard.screen import WizardScreen


class SaveFlows:
    """The dialogs and store calls of saving; the wizard owns the draft and its status."""

    def __init__(self, wizard: WizardScreen) -> None:
        self.wizard = wizard
        self._autosave_timer: Timer | None = None

    def schedule_autosave(self) -> None:
        """Autosave a moment after the last edit: a burst of keys is one write."""
        if not self.wizard.ready:
            return  # on_mount saves a draft opened before the screen was shown
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.wizard.set_timer(AUTOSAVE_DELAY, self.autosave_now)

    def autosave_now(self) -> None:
        """Write the working draft to the autosave file (also called on quit and hang-up)."""
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        try:
            self.wizard.ftui.autosave.save(self.wizard.working)
        except OSError as error:
            self.wizard.status.say(f"Could not autosave the draft: {error}", error=True)

    def profile_of(self, working: WorkingDraft) -> Profile | None:
        """The profile a restored draft belongs to, as it is on disk (for saving back to it)."""
        if working.profile is None:
            return None
        try:
            return self.wizard.ftui.store.load(working.profile)
        except ProfileError:
            return None  # gone or unreadable: Ctrl+S asks for a name

    def mark_clean(self) -> None:
        """Nothing in the draft is unsaved work any more (it was saved, or submitted)."""
        wizard = self.wizard
        wizard.working.dirty = False
        if wizard.working.profile is not None:
            wizard.ftui.autosave.forget(wizard.working.profile)
        self.autosave_now()
        wizard.update_status()

    def _profile(self, name: str) -> Profile:
        wizard = self.wizard
        profile = Profile(
            name=name,
            draft=Draft(copy.deepcopy(wizard.working.request), toml_numbers=True),
            description=wizard.working.description,
            region=wizard.context.region,
        )
        if wizard.profile is not None and wizard.profile.name == name:
            profile.origin = wizard.profile.origin
            profile.path = wizard.profile.path
            profile.digest = wizard.profile.digest
        return profile

    def _saved(self, profile: Profile) -> None:
        wizard = self.wizard
        before = wizard.working.profile
        if before is not None and before != profile.qualified_name:
            wizard.ftui.autosave.forget(before)  # its kept changes went into the new profile
        wizard.profile = profile
        wizard.working.profile = profile.qualified_name
        self.mark_clean()
        wizard.status.say(f"Saved {profile.qualified_name}")

    def _failed(self, error: Exception) -> None:
        self.wizard.status.say(f"Not saved: {error}", error=True)

    def save(self) -> None:
        current = self.wizard.profile
        if current is None:
            self.save_as()
            return
        profile = self._profile(current.name)
        try:
            self.wizard.ftui.store.save(profile)
        except ProfileConflict as conflict:
            self._confirm_overwrite(profile, str(conflict))
            return
        except (ProfileError, OSError) as error:
            self._failed(error)
            return
        self._saved(profile)

    def _confirm_overwrite(self, profile: Profile, why: str) -> None:
        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.wizard.ftui.store.save(profile, overwrite=True)
            except (ProfileError, OSError) as error:
                self._failed(error)
                return
            self._saved(profile)

        self.wizard.app.push_screen(
            ConfirmScreen("Replace the profile on disk?", why, yes="Replace", danger=True), answer
        )

    def save_as(self) -> None:
        wizard = self.wizard
        taken = {entry.name for entry in wizard.ftui.store.list()}
        current = wizard.profile
        suggestion = current.name if current else str(wizard.draft.get(("jobName",)) or "")

        def named(name: str | None) -> None:
            if not name:
                return
            profile = self._profile(name)
            if current is None or current.name != name:
                profile.path = profile.digest = None
            try:
                wizard.ftui.store.save(profile)
            except ProfileError as error:
                if name in taken:
                    self._confirm_overwrite(profile, f"A profile named {name!r} exists.")
                else:
                    self._failed(error)
                return
            except OSError as error:
                self._failed(error)
                return
            self._saved(profile)

        wizard.app.push_screen(NameScreen("Save the draft as profile", suggestion, taken), named)
