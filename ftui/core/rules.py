"""Rules that span fields: what the service model cannot say on its own.

Each function reads the raw request (which may be incomplete or of the wrong types: drafts are)
and returns problems. Errors are rules AWS enforces; warnings are what ftui knows from the docs
and its catalog but the service might accept (a model outside its documented regions, an
undocumented teacher and student pair).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ftui.core import hyperparameters, kinds
from ftui.core.catalog import Catalog
from ftui.core.problems import Problem, Severity, explain_s3_uri
from ftui.core.request import CUSTOMIZATION_TYPES
from ftui.core.spelling import closest, did_you_mean

FT = kinds.FINE_TUNING
CPT = kinds.CONTINUED_PRE_TRAINING
DISTILLATION = kinds.DISTILLATION
RFT = kinds.REINFORCEMENT_FINE_TUNING
IMPORTED = kinds.IMPORTED

WARNING = Severity.WARNING


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def semantic(request: Mapping[str, Any]) -> list[Problem]:
    """Rules of the service itself."""
    problems: list[Problem] = []
    explicit = request.get("customizationType")
    kind = kinds.kind_of(request)
    # The request's own word, quoted when it is none of the kinds (it may hold anything).
    named = kind if kind in CUSTOMIZATION_TYPES else repr(kind)
    this_job = (
        f"this is a {named} job"
        if explicit is not None
        else "this is a FINE_TUNING job (customizationType is not set)"
    )

    training = request.get("trainingDataConfig")
    if isinstance(training, Mapping):
        has_s3 = "s3Uri" in training
        has_logs = "invocationLogsConfig" in training
        if not has_s3 and not has_logs:
            problems.append(
                Problem(
                    ("trainingDataConfig",),
                    "needs a training data source: s3Uri (a JSONL file in S3) or"
                    " invocationLogsConfig (model invocation logs)",
                    code="rule",
                )
            )
        elif has_s3 and has_logs:
            problems.append(
                Problem(
                    ("trainingDataConfig",),
                    "sets both s3Uri and invocationLogsConfig; give one training data source",
                    WARNING,
                    code="rule",
                )
            )
        if has_logs and kind not in (DISTILLATION, RFT):
            problems.append(
                Problem(
                    ("trainingDataConfig", "invocationLogsConfig"),
                    f"invocation logs feed DISTILLATION and REINFORCEMENT_FINE_TUNING jobs;"
                    f" {this_job}",
                    WARNING,
                    code="rule",
                )
            )

    config = _dict(request.get("customizationConfig"))
    distillation = config.get("distillationConfig")
    rft = config.get("rftConfig")
    if kind == DISTILLATION and distillation is None:
        problems.append(
            Problem(
                ("customizationConfig", "distillationConfig"),
                "a DISTILLATION job needs a teacher model: set customizationConfig."
                "distillationConfig.teacherModelConfig.teacherModelIdentifier",
                code="rule",
            )
        )
    if kind == RFT and "graderConfig" not in _dict(rft):
        problems.append(
            Problem(
                ("customizationConfig", "rftConfig", "graderConfig"),
                "a REINFORCEMENT_FINE_TUNING job needs a grader: set customizationConfig."
                "rftConfig.graderConfig.lambdaGrader.lambdaArn",
                code="rule",
            )
        )
    if distillation is not None and kind != DISTILLATION:
        problems.append(
            Problem(
                ("customizationConfig", "distillationConfig"),
                f"distillationConfig belongs to DISTILLATION jobs, but {this_job}",
                code="rule",
            )
        )
    if rft is not None and kind != RFT:
        problems.append(
            Problem(
                ("customizationConfig", "rftConfig"),
                f"rftConfig belongs to REINFORCEMENT_FINE_TUNING jobs, but {this_job}",
                code="rule",
            )
        )
    if explicit == IMPORTED:
        problems.append(
            Problem(
                ("customizationType",),
                "IMPORTED is not a kind of training job (the AWS CLI skeleton puts it there as a"
                " placeholder): choose FINE_TUNING, CONTINUED_PRE_TRAINING, DISTILLATION or"
                " REINFORCEMENT_FINE_TUNING",
                WARNING,
                code="rule",
            )
        )
    if kind == RFT and request.get("hyperParameters"):
        problems.append(
            Problem(
                ("hyperParameters",),
                "reinforcement fine-tuning takes typed hyperparameters in"
                " customizationConfig.rftConfig.hyperParameters",
                WARNING,
                code="rule",
            )
        )
    # S3 refuses these bucket names although botocore's pattern takes them: say so before a job
    # fails on a bucket that cannot exist. A URI the pattern refuses is explained by its error.
    logs = _dict(_dict(_dict(training).get("invocationLogsConfig")).get("invocationLogSource"))
    validators = _dict(request.get("validationDataConfig")).get("validators")
    s3_uris = [
        (("trainingDataConfig", "s3Uri"), _dict(training).get("s3Uri")),
        (
            ("trainingDataConfig", "invocationLogsConfig", "invocationLogSource", "s3Uri"),
            logs.get("s3Uri"),
        ),
        *(
            (("validationDataConfig", "validators", i, "s3Uri"), _dict(item).get("s3Uri"))
            for i, item in enumerate(validators if isinstance(validators, list) else [])
        ),
        (("outputDataConfig", "s3Uri"), _dict(request.get("outputDataConfig")).get("s3Uri")),
    ]
    for loc, uri in s3_uris:
        if isinstance(uri, str):
            refused, unlike_s3 = explain_s3_uri(uri)
            if not refused:
                problems += [Problem(loc, reason, WARNING, code="rule") for reason in unlike_s3]
    teacher = _dict(_dict(distillation).get("teacherModelConfig"))
    length = teacher.get("maxResponseLengthForInference")
    if isinstance(length, int) and not isinstance(length, bool) and length < 1:
        problems.append(
            Problem(
                (
                    "customizationConfig",
                    "distillationConfig",
                    "teacherModelConfig",
                    "maxResponseLengthForInference",
                ),
                f"is a number of tokens and should be at least 1 (it is {length})",
                WARNING,
                code="rule",
            )
        )
    return problems


def catalog_rules(
    request: Mapping[str, Any], catalog: Catalog, region: str | None = None
) -> list[Problem]:
    """What the model catalog knows: hyperparameter tables, types, regions, teacher pairs."""
    problems: list[Problem] = []
    kind = kinds.kind_of(request)
    if kind not in CUSTOMIZATION_TYPES:
        # A misspelt type is an error of its own, with a suggestion; check the rest as the type
        # it most likely means, so that one typo does not hide every hyperparameter problem.
        kind = closest(kind, CUSTOMIZATION_TYPES) or kind
    known_kind = kind in CUSTOMIZATION_TYPES
    base = _str(request.get("baseModelIdentifier"))
    hyper = request.get("hyperParameters")
    hyper_values = hyper if isinstance(hyper, Mapping) else None
    match = catalog.match(base) if base else None
    loc_base = ("baseModelIdentifier",)

    if base and match is None:
        if "." in base and not base.startswith("arn:"):
            hint = did_you_mean(base, [m.id for m in catalog.models])
            problems.append(
                Problem(loc_base, f"is not a model in ftui's catalog{hint}", WARNING, "catalog")
            )
        if hyper_values and kind != RFT:
            problems.append(
                Problem(
                    ("hyperParameters",),
                    "the base model is not in ftui's catalog, so these hyperparameters go to AWS"
                    " unchecked",
                    WARNING,
                    "catalog",
                )
            )
    elif match is not None:
        model = match.model
        if not match.exact and not match.custom:
            problems.append(
                Problem(
                    loc_base,
                    f"customization needs the model ID with its context suffix: {model.id}",
                    WARNING,
                    "catalog",
                )
            )
        if known_kind and kind != IMPORTED and not model.supports(kind):
            supported = ", ".join(model.customizations)
            problems.append(
                Problem(
                    loc_base,
                    f"{model.name} supports {supported} on Bedrock, not {kind}",
                    WARNING,
                    "catalog",
                )
            )
        if region and region not in model.regions:
            problems.append(
                Problem(
                    loc_base,
                    f"{model.name} is customizable in {', '.join(model.regions)}, not {region}",
                    WARNING,
                    "catalog",
                )
            )
        family = catalog.family_of(model)
        # A type that is no type at all: its hyperparameters can still be checked against the
        # model's one table.
        tabled = kind in (FT, CPT, DISTILLATION) or (not known_kind and bool(hyper_values))
        if tabled and family is not None:
            problems += hyperparameters.check(
                hyper_values,
                family,
                catalog.hyperparameters(family),
                model_name=model.name,
            )
        elif hyper_values and family is None and kind != RFT:
            problems.append(
                Problem(
                    ("hyperParameters",),
                    f"ftui has no hyperparameter table for {model.name}; these go to AWS unchecked",
                    WARNING,
                    "catalog",
                )
            )
        validators = _dict(request.get("validationDataConfig")).get("validators")
        if not model.limits.validation and isinstance(validators, list) and validators:
            problems.append(
                Problem(
                    ("validationDataConfig",),
                    f"{model.name} takes no validation data set",
                    WARNING,
                    "catalog",
                )
            )

    if kind == DISTILLATION:
        problems += _teacher_rules(request, catalog, match.model.id if match else None, region)
    return problems


def _teacher_rules(
    request: Mapping[str, Any], catalog: Catalog, student: str | None, region: str | None
) -> list[Problem]:
    config = _dict(_dict(request.get("customizationConfig")).get("distillationConfig"))
    identifier = _str(_dict(config.get("teacherModelConfig")).get("teacherModelIdentifier"))
    if identifier is None:
        return []
    loc = (
        "customizationConfig",
        "distillationConfig",
        "teacherModelConfig",
        "teacherModelIdentifier",
    )
    teacher = catalog.teacher(identifier)
    if teacher is None:
        names = ", ".join(t.id for t in catalog.teachers)
        return [
            Problem(loc, f"is not a documented distillation teacher ({names})", WARNING, "catalog")
        ]
    problems: list[Problem] = []
    if student is not None and student not in teacher.students:
        students = ", ".join(s for s in teacher.students)
        problems.append(
            Problem(
                loc,
                f"{teacher.name} is documented to teach {students}; not {student}",
                WARNING,
                "catalog",
            )
        )
    via_profile = ":inference-profile/" in identifier
    if teacher.invocation == "inference-profile" and not via_profile:
        problems.append(
            Problem(
                loc,
                f"{teacher.name} teaches only through a cross-Region inference profile:"
                " give the inference-profile ARN",
                WARNING,
                "catalog",
            )
        )
    if teacher.invocation == "on-demand" and via_profile:
        problems.append(
            Problem(
                loc,
                f"{teacher.name} teaches on demand, by model ID, not through an inference profile",
                WARNING,
                "catalog",
            )
        )
    if region and region not in teacher.regions:
        problems.append(
            Problem(
                loc,
                f"{teacher.name} distills in {', '.join(teacher.regions)}, not {region}",
                WARNING,
                "catalog",
            )
        )
    return problems
