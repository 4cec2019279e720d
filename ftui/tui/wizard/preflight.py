"""Pre-flight checks from the wizard: on F5, and on the way to submit.

The checks run in :class:`~ftui.tui.screens.preflight.PreflightScreen`; what the user chooses
there comes back here: submit, go to a field, or create the service role the checks missed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ftui.tui.wizard.steps.review import ReviewStep

if TYPE_CHECKING:
    from ftui.core.preflight import CheckResult
    from ftui.tui.screens.preflight import PreflightChoice
    from ftui.tui.wizard.screen import WizardScreen


class PreflightFlow:
    def __init__(self, wizard: WizardScreen) -> None:
        self.wizard = wizard
        self.last: list[CheckResult] | None = None  # the review shows how the last run went

    def start(self, *, submitting: bool = False) -> None:
        # The checks load with their first run, not while ftui starts.
        from ftui.tui.screens.preflight import PreflightScreen, slot

        wizard = self.wizard
        screen = PreflightScreen(wizard.draft, wizard.context.region, submitting=submitting)

        def chosen(choice: PreflightChoice | None) -> None:
            self.last = [
                screen.results[slot(p)] for p in screen.planned if slot(p) in screen.results
            ]
            wizard.step(ReviewStep).show_checks(self.last)
            if choice is None:
                return
            if choice.action == "submit":
                wizard.submitting.confirm()
            elif choice.action == "create-role":
                wizard.fixes.create_role()
            elif choice.loc is not None:
                wizard.jump_to(choice.loc)

        wizard.app.push_screen(screen, chosen)

    def forget(self) -> None:
        """The draft changed: the last results may no longer hold."""
        if self.last is not None:
            self.last = None
            self.wizard.step(ReviewStep).show_checks(None)
