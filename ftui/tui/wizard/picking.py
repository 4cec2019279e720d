"""Ctrl+O on a field: pick its value from what the account has (buckets, roles, subnets ...).

The wizard owns the draft, so the picked value goes through the editor like typing does, and
is shown in the field at once (a focused field is otherwise left alone while it is typed in).
The field stays editable: a picker is help, never the only way in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widget import Widget
from textual.widgets import Input

from ftui.core.draft import Path
from ftui.core.editing import BASE_MODEL, LOGS, TRAINING_URI, VPC
from ftui.tui.widgets.editors import UriListEditor
from ftui.tui.widgets.field import BoundWidget
from ftui.tui.wizard.steps.model import GRADER, TEACHER

if TYPE_CHECKING:
    from ftui.tui.pickers import PickKind
    from ftui.tui.wizard.screen import WizardScreen

VALIDATORS: Path = ("validationDataConfig", "validators")

# What each pickable field lists. The output is a prefix (Bedrock writes below it); data sets
# and validation sets are files.
PICKS: dict[Path, PickKind] = {
    TRAINING_URI: "s3-object",
    VALIDATORS: "s3-object",
    ("outputDataConfig", "s3Uri"): "s3-prefix",
    (*LOGS, "invocationLogSource", "s3Uri"): "invocation-logs",
    ("roleArn",): "role",
    ("customModelKmsKeyId",): "kms-key",
    (*VPC, "subnetIds"): "subnets",
    (*VPC, "securityGroupIds"): "security-groups",
    GRADER: "lambda",
    (*TEACHER, "teacherModelIdentifier"): "teacher",
}


# What the S3 browser is choosing, in its title: three fields browse the same buckets.
PURPOSES: dict[Path, str] = {
    TRAINING_URI: "Training data",
    VALIDATORS: "Validation set",
    ("outputDataConfig", "s3Uri"): "Output",
}


def pickable(path: Path) -> bool:
    return path in PICKS


class PickFlow:
    """Open the picker of the focused field and put what was picked into the draft."""

    def __init__(self, wizard: WizardScreen) -> None:
        self.wizard = wizard

    def start(self) -> None:
        from ftui.tui.pickers import picker_for  # loaded with the first pick, not at start

        wizard = self.wizard
        target = self._focused_field()
        if target is None:
            wizard.status.say(
                "Ctrl+O picks a value for the field with the cursor: S3 locations, the role,"
                " the KMS key, subnets, security groups, the grader and the teacher."
            )
            return
        kind = PICKS[target.path]
        draft = wizard.draft
        row = self._focused_row(target)
        current: Any = draft.get(target.path)
        if target.path == VALIDATORS:
            current = row.value if row is not None and row.value else None
        elif kind == "security-groups":
            current = current or None
        student = draft.get(BASE_MODEL)
        subnets = draft.get((*VPC, "subnetIds"))

        def picked(value: str | list[str] | None) -> None:
            if value is not None:
                self._put(target, value, row)

        screen = picker_for(
            kind,
            region=wizard.context.region,
            current=current if isinstance(current, str | list) else None,
            student_model=student if isinstance(student, str) else None,
            vpc_hint=list(subnets) if isinstance(subnets, list) and subnets else None,
            purpose=PURPOSES.get(target.path),
        )
        wizard.app.push_screen(screen, picked)

    def _focused_field(self) -> BoundWidget | None:
        focused = self.wizard.focused
        if focused is None:
            return None
        for node in focused.ancestors_with_self:
            if isinstance(node, BoundWidget):
                return node if pickable(node.path) else None
        return None

    def _focused_row(self, target: BoundWidget) -> Input | None:
        """In the validation sets, the row being edited (the pick replaces it)."""
        focused = self.wizard.focused
        if isinstance(target, UriListEditor) and isinstance(focused, Input):
            return focused
        return None

    def _put(self, target: BoundWidget, value: str | list[str], row: Input | None) -> None:
        wizard = self.wizard
        if wizard.editor is None:
            return
        path = target.path
        new: Any = value
        if path == VALIDATORS:
            sets = [v for v in wizard.draft.get(path) or [] if isinstance(v, dict)]
            uris = [str(v.get("s3Uri", "")) for v in sets]
            chosen = str(value)
            if row is not None and row.value in uris:
                uris[uris.index(row.value)] = chosen
            elif chosen not in uris:
                uris.append(chosen)
            new = [{"s3Uri": uri} for uri in uris if uri]
        wizard.edited(wizard.editor.set(path, new))
        target.show(wizard.draft.get(path))
        if isinstance(target, Widget):
            focusable = target.query(Input)
            if focusable:
                focusable.last().focus()
        wizard.status.say(f"Picked {_describe(new)}.")


def _describe(value: Any) -> str:
    if isinstance(value, list):
        items = [v.get("s3Uri", "") if isinstance(v, dict) else str(v) for v in value]
        return ", ".join(items)
    return str(value)
