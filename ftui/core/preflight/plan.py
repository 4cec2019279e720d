"""Which checks a draft gets: one for each thing it names, none for what it leaves empty.

A check whose field is empty or unusable (no KMS key, a role "ARN" that is not one) is not
planned: the request check already says what is wrong with the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ftui.core import kinds
from ftui.core.aws.bedrock import region_of_arn
from ftui.core.draft import Draft
from ftui.core.preflight.context import (
    LOGS,
    OUTPUT,
    TRAINING,
    VALIDATORS,
    Context,
    reads,
    s3_uri,
    text_of,
    writes,
)
from ftui.core.preflight.iam import ROLE, check_role, parse_role_arn
from ftui.core.preflight.kms import KMS_KEY, check_kms_key
from ftui.core.preflight.models import (
    BASE,
    GRADER,
    TEACHER,
    check_base_model,
    check_grader,
    check_teacher,
)
from ftui.core.preflight.names import JOB_NAME, MODEL_NAME, check_job_name, check_model_name
from ftui.core.preflight.network import SECURITY_GROUPS, SUBNETS, check_network
from ftui.core.preflight.permissions import check_role_access
from ftui.core.preflight.request import check_request
from ftui.core.preflight.result import ACCOUNT_CHECK, CheckResult, PlannedCheck
from ftui.core.preflight.storage import (
    check_data,
    check_data_buckets,
    check_logs,
    check_output_bucket,
)

ACCOUNT = PlannedCheck(ACCOUNT_CHECK, "AWS account")
Run = Callable[[Context, PlannedCheck], CheckResult]


@dataclass(frozen=True)
class Step:
    planned: PlannedCheck
    run: Run

    @property
    def needs_aws(self) -> bool:
        return self.planned.needs_aws


def _ids(draft: Draft, path: tuple[str, ...]) -> bool:
    value = draft.get(path)
    return isinstance(value, list) and any(isinstance(v, str) and v for v in value)


def steps(draft: Draft) -> list[Step]:
    """The checks after the account's, in the order a progress list shows them."""
    kind = kinds.kind_of(draft.request)
    out = [Step(PlannedCheck("request", "Request", needs_aws=False), check_request)]

    def plan(check: str, title: str, field: tuple[str | int, ...], run: Run) -> None:
        out.append(Step(PlannedCheck(check, title, field), run))

    if parse_role_arn(text_of(draft, ROLE)) is not None:
        plan("role", "Service role", ROLE, check_role)
        if reads(draft) or writes(draft):
            plan("role-access", "Role permissions", ROLE, check_role_access)
    if text_of(draft, BASE):
        plan("base-model", "Base model", BASE, check_base_model)
    if kind == kinds.DISTILLATION and text_of(draft, TEACHER):
        teacher = PlannedCheck("teacher", "Teacher model", TEACHER, needs_aws=False)
        out.append(Step(teacher, check_teacher))
    if kind == kinds.REINFORCEMENT_FINE_TUNING and region_of_arn(text_of(draft, GRADER) or ""):
        plan("grader", "Grader function", GRADER, check_grader)
    if s3_uri(draft, TRAINING):
        plan("training-data", "Training data", TRAINING, check_data)
    if s3_uri(draft, LOGS):
        plan("invocation-logs", "Invocation logs", LOGS, check_logs)
    validators = [f for f, _ in reads(draft) if f[: len(VALIDATORS)] == VALIDATORS]
    for number, field in enumerate(validators, 1):
        title = "Validation data" + (f" {number}" if len(validators) > 1 else "")
        plan("validation-data", title, field, check_data)
    data = reads(draft)
    if data:
        plan("data-buckets", "Data buckets", data[0][0], check_data_buckets)
    if s3_uri(draft, OUTPUT):
        plan("output-bucket", "Output bucket", OUTPUT, check_output_bucket)
    if text_of(draft, KMS_KEY):
        plan("kms-key", "KMS key", KMS_KEY, check_kms_key)
    if _ids(draft, SUBNETS) and _ids(draft, SECURITY_GROUPS):
        plan("network", "VPC", ("vpcConfig",), check_network)
    if text_of(draft, JOB_NAME):
        plan("job-name", "Job name", JOB_NAME, check_job_name)
    if text_of(draft, MODEL_NAME):
        plan("model-name", "Custom model name", MODEL_NAME, check_model_name)
    return out
