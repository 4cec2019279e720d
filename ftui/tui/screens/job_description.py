"""What ``GetModelCustomizationJob`` says of a job, as the detail view shows it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from textual.content import Content

from ftui.core.jobs import STAGES, format_elapsed
from ftui.core.safe_text import safe_text

STATUS_STYLE = {
    "InProgress": "$warning",
    "Stopping": "$secondary",
    "Completed": "$success",
    "Failed": "bold $error",
    "Stopped": "$text-muted",
    "NotStarted": "$text-muted",
}
# AWS's ARNs and S3 URIs are at most a few thousand characters, its failure messages a few
# lines: an endpoint that sends more has the rest cut, not rendered again at every change.
VALUE_LIMIT = 4096
MESSAGE_LIMIT = 20_000


def _time(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    return "-"


def _safe(value: Any, limit: int = VALUE_LIMIT) -> str:
    return safe_text(str(value), limit)


def _status(status: str, width: int = 0) -> tuple[str, str]:
    return _safe(status, 40).ljust(width), STATUS_STYLE.get(status, "")


def _json(value: Any) -> str | None:
    return json.dumps(value) if value else None


def _heading(title: str, style: str = "bold $accent") -> list[Content | str]:
    return ["", Content.styled(title, style)]


def _rows(pairs: list[tuple[str, Any]]) -> list[Content | str]:
    shown = [(_safe(k, 100), _safe(v)) for k, v in pairs if v not in (None, "", [], {})]
    width = max((len(k) for k, _ in shown), default=0)
    return [Content.assemble("  ", (k.ljust(width), "bold"), "  ", v) for k, v in shown]


def describe(job: dict[str, Any], tags: list[dict[str, str]] | None, now: datetime) -> Content:
    """The job: stages, failure, model, data, settings, metrics, times.

    Built as content, never parsed as markup: every value comes from the AWS endpoint, and
    markup escaping misses some (``[ @click=app.quit]`` stays a click action). Values are cut
    at a few thousand characters: a longer one would only cost time each time the job changes.
    """
    lines: list[Content | str] = [
        Content.assemble(
            (_safe(job.get("jobName", ""), 200), "bold"),
            "  ",
            _status(job.get("status", "")),
            "  ",
            (_safe(job.get("customizationType", ""), 100), "dim"),
        ),
        Content.styled(_safe(job.get("jobArn", "")), "dim"),
        *_heading("Stages"),
    ]
    details = job.get("statusDetails") or {}
    for key, name in STAGES:
        stage = details.get(key) or {}
        status = stage.get("status", "NotStarted")
        start, end = stage.get("creationTime"), stage.get("lastModifiedTime")
        span = ""
        if isinstance(start, datetime):
            span = f"{start.astimezone():%m-%d %H:%M}"
            if status not in ("InProgress", "NotStarted") and isinstance(end, datetime):
                span += f" → {end.astimezone():%H:%M}  {format_elapsed(end - start)}"
            elif status == "InProgress":
                span += " → …"
        lines.append(Content.assemble(f"  {name.ljust(16)} ", _status(status, 10), f"  {span}"))
    if job.get("failureMessage"):
        failure = safe_text(str(job["failureMessage"]), MESSAGE_LIMIT, multiline=True)
        lines += [*_heading("Failure", "bold $error"), f"  {failure}"]
    output_prefix = ""
    out = str((job.get("outputDataConfig") or {}).get("s3Uri", ""))
    if out:
        job_id = str(job.get("jobArn", "")).rsplit("/", 1)[-1]
        output_prefix = f"{out.rstrip('/')}/model-customization-job-{job_id}/"
    lines += _heading("Model")
    lines += _rows(
        [
            ("Base model", job.get("baseModelArn")),
            ("Custom model", job.get("outputModelName")),
            ("Custom model ARN", job.get("outputModelArn")),
            ("KMS key", job.get("outputModelKmsKeyArn")),
            ("Role", job.get("roleArn")),
        ]
    )
    training = job.get("trainingDataConfig") or {}
    logs = training.get("invocationLogsConfig") or {}
    validators = (job.get("validationDataConfig") or {}).get("validators") or []
    lines += _heading("Data")
    lines += _rows(
        [
            ("Training", training.get("s3Uri")),
            ("Invocation logs", (logs.get("invocationLogSource") or {}).get("s3Uri")),
            ("Use responses", logs.get("usePromptResponse") if logs else None),
            ("Metadata filters", _json(logs.get("requestMetadataFilters"))),
            *[(f"Validation {i + 1}", v.get("s3Uri")) for i, v in enumerate(validators)],
            ("Output", out),
            ("Metrics", output_prefix),
        ]
    )
    hyper = job.get("hyperParameters") or {}
    if hyper:
        lines += [*_heading("Hyperparameters"), *_rows(list(hyper.items()))]
    config = job.get("customizationConfig") or {}
    teacher = ((config.get("distillationConfig") or {}).get("teacherModelConfig")) or {}
    rft = config.get("rftConfig") or {}
    if teacher:
        lines += _heading("Distillation")
        lines += _rows(
            [
                ("Teacher", teacher.get("teacherModelIdentifier")),
                ("Max response length", teacher.get("maxResponseLengthForInference")),
            ]
        )
    if rft:
        grader = ((rft.get("graderConfig") or {}).get("lambdaGrader") or {}).get("lambdaArn")
        lines += [*_heading("Reinforcement fine-tuning"), *_rows([("Grader", grader)])]
        lines += _rows(list((rft.get("hyperParameters") or {}).items()))
    vpc = job.get("vpcConfig") or {}
    if vpc:
        lines += _heading("VPC")
        lines += _rows(
            [
                ("Subnets", ", ".join(vpc.get("subnetIds", []))),
                ("Security groups", ", ".join(vpc.get("securityGroupIds", []))),
            ]
        )
    if tags:
        lines += [*_heading("Job tags"), *_rows([(t.get("key", ""), t.get("value")) for t in tags])]
    training_loss = (job.get("trainingMetrics") or {}).get("trainingLoss")
    validation = [v.get("validationLoss") for v in job.get("validationMetrics") or []]
    if training_loss is not None or validation:
        lines += _heading("Final metrics")
        lines += _rows(
            [
                ("Training loss", training_loss),
                *[(f"Validation loss {i + 1}", v) for i, v in enumerate(validation)],
            ]
        )
    created, ended = job.get("creationTime"), job.get("endTime")
    duration = ""
    if isinstance(created, datetime):
        end = ended if isinstance(ended, datetime) else now
        duration = format_elapsed(end - created) + (
            "" if isinstance(ended, datetime) else " so far"
        )
    lines += _heading("Times")
    lines += _rows(
        [
            ("Created", _time(created)),
            ("Last modified", _time(job.get("lastModifiedTime"))),
            ("Ended", _time(ended) if ended else None),
            ("Duration", duration),
            ("Request token", job.get("clientRequestToken")),
        ]
    )
    return Content("\n").join(lines)
