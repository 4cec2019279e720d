"""The job name and the custom model name are free in the job's region.

AWS refuses a taken name at submit; checking here says so with the rest, and suggests a name.
"""

from __future__ import annotations

import re
from typing import Any

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.preflight.context import Context
from ftui.core.preflight.result import CheckResult, PlannedCheck

JOB_NAME = ("jobName",)
MODEL_NAME = ("customModelName",)
NAME_LIMIT = 63
_NUMBERED = re.compile(r"(?P<stem>.*?)(?P<number>[0-9]+)")


def next_name(name: str) -> str:
    """A name to try instead of a taken one: its number plus one (``ft-004`` → ``ft-005``), or
    ``-2`` added."""
    numbered = _NUMBERED.fullmatch(name)
    if numbered is None:
        return f"{name[: NAME_LIMIT - 2]}-2"
    digits = numbered["number"]
    following = str(int(digits) + 1).zfill(len(digits))
    return f"{numbered['stem'][: NAME_LIMIT - len(following)]}{following}"


def check_job_name(ctx: Context, planned: PlannedCheck) -> CheckResult:
    name = ctx.text(JOB_NAME) or ""
    got = ctx.call(
        "bedrock",
        "GetModelCustomizationJob",
        lambda b: str(b.get_model_customization_job(jobIdentifier=name).get("status", "")),
    )
    if isinstance(got, AwsError):
        if got.code == "ResourceNotFoundException":
            return planned.passed(f"no job named {name} in {ctx.region}")
        return planned.could_not(got, ctx.who)
    return planned.failed(
        f"a job named {name} already exists in {ctx.region} ({got.value or 'status unknown'})",
        f"choose another jobName, e.g. {next_name(name)}",
    )


def _in_progress_with(ctx: Context, name: str) -> str | AwsError | None:
    """The job in progress that will create a model named ``name``, if one will."""

    def run(bedrock: Any) -> str | None:
        pages = bedrock.get_paginator("list_model_customization_jobs").paginate(
            statusEquals="InProgress", PaginationConfig={"PageSize": 100}
        )
        for page in pages:
            for job in page.get("modelCustomizationJobSummaries", []):
                if job.get("customModelName") == name:
                    return str(job.get("jobName", ""))
        return None

    got = ctx.call("bedrock", "ListModelCustomizationJobs", run)
    return got.value if isinstance(got, Ok) else got


def check_model_name(ctx: Context, planned: PlannedCheck) -> CheckResult:
    name = ctx.text(MODEL_NAME) or ""
    got = ctx.call(
        "bedrock",
        "GetCustomModel",
        lambda b: str(b.get_custom_model(modelIdentifier=name).get("modelArn", "")),
    )
    fix = f"choose another customModelName, e.g. {next_name(name)}"
    if isinstance(got, Ok):
        return planned.failed(f"a custom model named {name} already exists in {ctx.region}", fix)
    if got.code != "ResourceNotFoundException":
        return planned.could_not(got, ctx.who)
    job = _in_progress_with(ctx, name)
    if isinstance(job, AwsError):
        return planned.could_not(job, ctx.who)
    if job is not None:
        return planned.failed(f"the job {job}, in progress, will create a model named {name}", fix)
    return planned.passed(f"no custom model named {name} in {ctx.region}")
