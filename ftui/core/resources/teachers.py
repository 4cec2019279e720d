"""Distillation teachers for a student model, from the catalog, checked against the region.

The catalog is the one source of teacher pairs (which teacher may teach which student, where,
and how it may be invoked); ListFoundationModels adds AWS's name for each and says whether the
region lists it at all. A teacher invoked through a cross-Region inference profile is offered
by the profile's ARN, which needs the account id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import Ok, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.catalog import inference_profile_arn, load_catalog
from ftui.core.resources.pages import Page

TEACHERS = "bedrock-teachers"
ON_DEMAND = "on demand"
PROFILE = "inference profile"


@dataclass(frozen=True)
class TeacherChoice:
    value: str  # the teacherModelIdentifier: a model id, or an inference profile's ARN
    name: str
    model_id: str
    invocation: str  # ON_DEMAND or PROFILE
    note: str = ""  # "not listed in us-east-1", "legacy"

    @property
    def shown_id(self) -> str:
        """The model id, or the profile's id (``us.amazon.nova-pro-v1:0``) for a profile."""
        return self.value.rsplit("/", 1)[-1]

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.name, self.shown_id, self.invocation)


def list_teachers(
    session: AwsSession, region: str, student_model: str
) -> Outcome[Page[TeacherChoice]]:
    """The teachers of ``student_model`` in ``region`` (one page); none for an unknown student.

    ListFoundationModels failing (no permission) leaves the catalog's word alone; the account
    lookup failing is an error, as the profile ARNs cannot be written without it.
    """
    catalog = load_catalog()
    match = catalog.match(student_model)
    if match is None:
        return Ok(Page([]))
    teachers = [t for t in catalog.teachers_for(match.model.id) if region in t.regions]
    account: str | None = None
    if any(t.invocation != "on-demand" for t in teachers):
        found = session.account_id()
        if not isinstance(found, Ok):
            return found
        account = found.value
    live = Bedrock(session, region).list_foundation_models()
    listed = {str(m.get("modelId")): m for m in live.value} if isinstance(live, Ok) else None
    choices: list[TeacherChoice] = []
    for teacher in teachers:
        summary = listed.get(teacher.id) if listed is not None else None
        name = str(summary.get("modelName") or teacher.name) if summary else teacher.name
        note = _note(summary, listed is not None, region)
        if teacher.invocation != "inference-profile":
            choices.append(TeacherChoice(teacher.id, name, teacher.id, ON_DEMAND, note))
        if teacher.invocation != "on-demand" and account:
            arn = inference_profile_arn(region, account, teacher.id)
            choices.append(TeacherChoice(arn, name, teacher.id, PROFILE, note))
    return Ok(Page(choices))


def _note(summary: Mapping[str, Any] | None, asked: bool, region: str) -> str:
    if asked and summary is None:
        return f"not listed in {region}"
    lifecycle = (summary or {}).get("modelLifecycle") or {}
    return "legacy" if lifecycle.get("status") == "LEGACY" else ""
