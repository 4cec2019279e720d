"""Pickers for the wizard's fields: what the account has, listed from AWS, filtered as typed.

``picker_for(kind, region=..., current=...)`` is the screen to push; it dismisses with the
value picked (an ``s3://`` URI, an ARN, an id, or a list of ids) or None when cancelled. A
value typed by hand into its filter is taken as it is.
"""

from __future__ import annotations

from ftui.tui.pickers.base import PickerScreen
from ftui.tui.pickers.kms import KmsPicker
from ftui.tui.pickers.lambdas import LambdaPicker
from ftui.tui.pickers.network import NetworkPicker
from ftui.tui.pickers.roles import RolePicker
from ftui.tui.pickers.s3 import S3Picker
from ftui.tui.pickers.teachers import TeacherPicker
from ftui.tui.pickers.values import Picked, PickKind
from ftui.tui.services import FtuiScreen

__all__ = ["PickKind", "Picked", "PickerScreen", "picker_for"]


def picker_for(
    kind: PickKind,
    *,
    region: str,
    current: str | list[str] | None,
    student_model: str | None = None,
    vpc_hint: list[str] | None = None,
    purpose: str | None = None,
) -> FtuiScreen[Picked]:
    """The picker for a field of ``kind`` in a job of ``region``.

    ``current`` is the field's value now: the S3 browser opens at its folder, a list
    preselects its ids. ``student_model`` is the distillation's student (for its teachers);
    ``vpc_hint`` the subnets already chosen, so security groups open on their VPC.
    ``purpose`` names the field in the S3 browser's title ("Training data").
    """
    text = current if isinstance(current, str) else None
    match kind:
        case "s3-object" | "s3-prefix" | "invocation-logs":
            return S3Picker(kind, region=region, current=text, purpose=purpose)
        case "role":
            return RolePicker(region=region, current=text)
        case "kms-key":
            return KmsPicker(region=region, current=text)
        case "lambda":
            return LambdaPicker(region=region, current=text)
        case "teacher":
            return TeacherPicker(region=region, current=text, student_model=student_model)
        case "subnets" | "security-groups":
            ids = current if isinstance(current, list) else [text] if text else []
            return NetworkPicker(kind, region=region, current=ids, vpc_hint=vpc_hint)
