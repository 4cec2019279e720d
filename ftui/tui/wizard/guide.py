"""The wizard's keys, as the help (F1) lists them: with the wizard, as its steps are counted."""

from __future__ import annotations

from ftui.tui.screens.help import Row, Section
from ftui.tui.wizard.steps import STEPS

WIZARD: tuple[Section, ...] = (
    Section(
        "Move",
        (
            Row("Next step; previous step", ("wizard.next", "wizard.previous")),
            Row(
                f"Go to step 1…{len(STEPS)}",
                tuple(f"wizard.go{n}" for n in range(1, len(STEPS) + 1)),
                keys=f"Alt+1…Alt+{len(STEPS)}",
            ),
            Row("The steps list (then ↑ ↓ Enter, or a digit)", ("wizard.steps",)),
            Row("Next field; previous field", keys="Tab Shift+Tab"),
        ),
    ),
    Section(
        "Edit",
        (
            Row("Choose in a list; tick a box", keys="↑ ↓ Enter Space"),
            Row("Model: type to filter, Enter: the list, Enter: choose", keys="Enter"),
            Row("Review: go to a problem's field; scroll", keys="Enter ↑ ↓"),
            Row("Pick the field's value from the account (S3, roles, VPC …)", ("wizard.pick",)),
            Row("Data: upload a local JSONL file, checked first", ("wizard.upload",)),
            Row("Access: create a service role for this job", ("wizard.new_role",)),
        ),
    ),
    Section(
        "Check, keep and send",
        (
            Row("Pre-flight checks against the account", ("wizard.check",)),
            Row("Save as its profile", ("wizard.save",)),
            Row("Save under another name", ("wizard.save_as",)),
            Row("Submit: the checks, what it costs, then y", ("wizard.submit",)),
        ),
    ),
)
