"""The wizard's commands in the palette (Ctrl+P): save, check, submit, its steps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.screen import Screen

from ftui.tui.wizard.screen import WizardScreen
from ftui.tui.wizard.steps import STEPS

if TYPE_CHECKING:
    from ftui.tui.app import FtuiApp


def wizard_commands(app: FtuiApp, screen: Screen[Any]) -> Iterator[SystemCommand]:
    """What the palette offers on the wizard's screen (not on a dialog over it)."""
    if not isinstance(screen, WizardScreen):
        return
    yield SystemCommand("Save draft", "Save the draft as its profile (Ctrl+S)", screen.action_save)
    yield SystemCommand(
        "Save draft as…", "Save under a new profile name (F6)", screen.action_save_as
    )
    yield SystemCommand(
        "Run pre-flight checks",
        "Check the role, data, buckets, key, network and names against AWS (F5)",
        screen.action_check,
    )
    yield SystemCommand("Submit draft", "Create the job (Ctrl+R)", screen.action_submit)
    yield SystemCommand(
        "Upload training data",
        "Check a local JSONL file, upload it to S3 and use it (Ctrl+T on the data step)",
        screen.action_upload,
    )
    yield SystemCommand(
        "Create a service role",
        "A role for this job, its policies shown first (Ctrl+N on the access step)",
        screen.action_new_role,
    )
    if screen.working.profile is not None and screen.working.dirty:
        yield SystemCommand(
            "Revert draft",
            f"Drop the unsaved changes to {screen.working.profile}",
            app.revert_draft,
        )
    yield SystemCommand(
        "Copy AWS CLI command",
        "The draft as an aws bedrock command",
        screen.action_copy_cli,
    )
    for index, step in enumerate(STEPS):
        yield SystemCommand(
            f"Go to step {index + 1}: {step.title}",
            f"Wizard step {index + 1}",
            lambda i=index: screen.action_go(i),
        )
