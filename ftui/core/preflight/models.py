"""What the job trains with: the base model, the teacher (distillation), the grader (RFT)."""

from __future__ import annotations

from typing import Any

from ftui.core import kinds
from ftui.core.aws.bedrock import region_of_arn
from ftui.core.aws.errors import AwsError
from ftui.core.catalog import inference_profile_arn, parse_model_identifier
from ftui.core.preflight.context import Context
from ftui.core.preflight.result import ACCESS_DENIED, CheckResult, PlannedCheck

BASE = ("baseModelIdentifier",)
TEACHER = (
    "customizationConfig",
    "distillationConfig",
    "teacherModelConfig",
    "teacherModelIdentifier",
)
GRADER = ("customizationConfig", "rftConfig", "graderConfig", "lambdaGrader", "lambdaArn")
_NOT_FOUND = frozenset({"ResourceNotFoundException", "ValidationException"})
# The models a fix lists for a kind; the wizard's model step lists them all.
LISTED_MODELS = 6


def _models_for(ctx: Context) -> str:
    models = [m.id for m in ctx.catalog.models_for(ctx.kind, ctx.region)]
    if not models:
        return f"ftui knows no model that takes {ctx.kind} in {ctx.region}"
    more = " ..." if len(models) > LISTED_MODELS else ""
    return f"models for {ctx.kind} in {ctx.region}: {', '.join(models[:LISTED_MODELS])}{more}"


def _unsupported_fix(ctx: Context, identifier: str) -> str:
    match = ctx.catalog.match(identifier)
    model = match.model if match is not None else None
    if model is None or not model.supports(ctx.kind):
        return _models_for(ctx)
    if ctx.region not in model.regions:
        return (
            f"{model.name} takes {ctx.kind} in {', '.join(model.regions)}: run the job there,"
            f" or choose another model ({_models_for(ctx)})"
        )
    if match is not None and not match.exact:
        return f"use the customizable version {model.id}"
    return _models_for(ctx)


def _by_catalog(ctx: Context, planned: PlannedCheck, identifier: str, denied: str) -> CheckResult:
    """The catalog's word when AWS may not be asked: it lags AWS, so it is said to be its."""
    match = ctx.catalog.match(identifier)
    model = match.model if match is not None and match.exact else None
    if model is not None and model.supports(ctx.kind) and ctx.region in model.regions:
        return planned.passed(
            f"{model.name} takes {ctx.kind} in {ctx.region}, per ftui's catalog ({denied})"
        )
    return planned.failed(
        f"{identifier} takes no {ctx.kind} in {ctx.region}, per ftui's catalog ({denied})",
        _unsupported_fix(ctx, identifier),
    )


def _check_custom_base(ctx: Context, planned: PlannedCheck, identifier: str) -> CheckResult:
    got = ctx.call(
        "bedrock",
        "GetCustomModel",
        lambda b: dict(b.get_custom_model(modelIdentifier=identifier)),
    )
    if isinstance(got, AwsError):
        if got.code in _NOT_FOUND:
            return planned.failed(
                f"there is no custom model {identifier} in {ctx.region}",
                f"give a custom model of {ctx.region} (aws bedrock list-custom-models"
                f" --region {ctx.region}) or a foundation model ID",
            )
        return planned.could_not(got, ctx.who)
    details: dict[str, Any] = got.value
    status = str(details.get("modelStatus", "Active"))
    name = str(details.get("modelName", identifier))
    if status != "Active":
        return planned.failed(
            f"the custom model {name} is {status}: only an Active model can be customized",
            "wait until it is Active, or choose another base model",
        )
    base, _ = parse_model_identifier(str(details.get("baseModelArn", "")))
    return planned.passed(f"custom model {name}, built on {base or 'a foundation model'}")


def check_base_model(ctx: Context, planned: PlannedCheck) -> CheckResult:
    identifier = ctx.text(BASE) or ""
    model_id, custom = parse_model_identifier(identifier)
    if custom or model_id is None:
        return _check_custom_base(ctx, planned, identifier)
    got = ctx.call(
        "bedrock",
        "GetFoundationModel",
        lambda b: dict(b.get_foundation_model(modelIdentifier=identifier)["modelDetails"]),
    )
    if isinstance(got, AwsError):
        if got.code in ACCESS_DENIED:
            return _by_catalog(ctx, planned, identifier, f"{ctx.who} may not call {got.operation}")
        if got.code in _NOT_FOUND:
            return planned.failed(
                f"there is no foundation model {identifier} in {ctx.region}",
                _unsupported_fix(ctx, identifier),
            )
        return planned.could_not(got, ctx.who)
    details: dict[str, Any] = got.value
    name = str(details.get("modelName") or identifier)
    supported = [str(c) for c in details.get("customizationsSupported") or []]
    if ctx.kind == kinds.REINFORCEMENT_FINE_TUNING:
        # GetFoundationModel's enum has no RFT: the catalog is the only word on it.
        return _by_catalog(ctx, planned, identifier, "AWS does not list RFT models")
    if ctx.kind not in supported:
        takes = ", ".join(supported) if supported else "no customization"
        return planned.failed(
            f"{name} ({identifier}) takes {takes} in {ctx.region}, not {ctx.kind}",
            _unsupported_fix(ctx, identifier),
        )
    lifecycle = (details.get("modelLifecycle") or {}).get("status")
    if lifecycle == "LEGACY":
        return planned.warned(f"{name} is a legacy model: AWS plans to retire it", _models_for(ctx))
    return planned.passed(f"{name} takes {ctx.kind} in {ctx.region}")


def check_teacher(ctx: Context, planned: PlannedCheck) -> CheckResult:
    """The teacher and student pair is one AWS documents (ftui's catalog; no AWS call)."""
    identifier = ctx.text(TEACHER) or ""
    base = ctx.text(BASE)
    match = ctx.catalog.match(base) if base else None
    student = match.model if match is not None else None
    documented = ctx.catalog.teachers_for(student.id) if student is not None else []
    choices = ", ".join(t.id for t in documented) or "none documented"
    teacher = ctx.catalog.teacher(identifier)
    if teacher is None:
        return planned.warned(
            f"{identifier} is not a distillation teacher ftui knows",
            f"documented teachers of {student.id}: {choices}" if student else _models_for(ctx),
        )
    if student is None:
        return planned.warned(
            f"ftui cannot tell whether {teacher.name} teaches {base}",
            f"{teacher.name} is documented to teach {', '.join(teacher.students)}",
        )
    if student.id not in teacher.students:
        return planned.failed(
            f"{teacher.name} is not documented to teach {student.name} ({student.id})",
            f"documented teachers of {student.id}: {choices}",
        )
    via_profile = ":inference-profile/" in identifier
    if teacher.invocation == "inference-profile" and not via_profile:
        arn = inference_profile_arn(ctx.region, ctx.account or "ACCOUNT", teacher.id)
        return planned.failed(
            f"{teacher.name} teaches only through a cross-Region inference profile",
            f"set teacherModelIdentifier to the inference profile ARN: {arn}",
        )
    if ctx.region not in teacher.regions:
        return planned.warned(
            f"{teacher.name} is documented to distill in {', '.join(teacher.regions)},"
            f" not {ctx.region}",
            f"run the job in {' or '.join(teacher.regions)}",
        )
    return planned.passed(f"{teacher.name} teaches {student.name} (a documented pair)")


def check_grader(ctx: Context, planned: PlannedCheck) -> CheckResult:
    arn = ctx.text(GRADER) or ""
    where = region_of_arn(arn) or ctx.region
    got = ctx.call(
        "lambda",
        "GetFunction",
        lambda fn: dict(fn.get_function(FunctionName=arn)["Configuration"]),
        region=where,
    )
    if isinstance(got, AwsError):
        if got.code == "ResourceNotFoundException":
            return planned.failed(
                f"there is no Lambda function {arn}",
                f"create the grader in {where}, or correct lambdaArn"
                f" (aws lambda list-functions --region {where})",
            )
        return planned.could_not(got, ctx.who)
    config: dict[str, Any] = got.value
    name = str(config.get("FunctionName") or arn)
    state = config.get("State", "Active")
    if state in ("Failed", "Inactive"):
        reason = config.get("StateReason") or "no reason given"
        return planned.failed(
            f"the grader {name} is {state} ({reason})",
            f"fix the function so it is Active: aws lambda get-function --function-name {arn}",
        )
    if where != ctx.region:
        return planned.warned(
            f"the grader {name} is in {where}, but the job runs in {ctx.region}",
            f"use a grader function in {ctx.region}",
        )
    return planned.passed(f"the grader {name} exists ({config.get('Runtime', 'runtime unknown')})")
