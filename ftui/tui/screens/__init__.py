"""The app's screens. Only the jobs monitor is imported at start: the others are made on
first use (F3, F4, F7), so their modules are not a cost of every start."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ftui.tui.screens.models import ModelsScreen
    from ftui.tui.screens.profiles import ProfilesScreen
    from ftui.tui.wizard.screen import WizardScreen


def models_screen() -> ModelsScreen:
    """The custom models (F7)."""
    from ftui.tui.screens.models import ModelsScreen

    return ModelsScreen()


def profiles_screen() -> ProfilesScreen:
    """The saved profiles (F3): they are read, and their drafts checked, when first shown."""
    from ftui.tui.screens.profiles import ProfilesScreen

    return ProfilesScreen()


def wizard_screen() -> WizardScreen:
    """The wizard (F4): its steps, the request model and the catalog load with it."""
    from ftui.tui.wizard.screen import WizardScreen

    return WizardScreen()
