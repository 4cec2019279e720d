"""The job name and the custom model name are free in the job's region.

AWS refuses a taken name at submit; checking here says so with the rest, and suggests a free one
(numbered names are the habit: ``support-bot-ft-004`` is followed by ``-005``, if that is free).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.submit import submission_kwargs
from ftui.core.draft import InvalidDraft
from ftui.core.preflight.context import Context
from ftui.core.preflight.result import CheckResult, PlannedCheck

JOB_NAME = ("jobName",)
MODEL_NAME = ("customModelName",)
NAME_LIMIT = 63
PAGE_SIZE = 100
_NUMBERED = re.compile(r"(?P<stem>.*?)(?P<number>[0-9]+)")


def next_name(name: str) -> str:
    """The name after ``name``: its number plus one (``ft-004`` → ``ft-005``), or ``-2`` added."""
    numbered = _NUMBERED.fullmatch(name)
    if numbered is None:
        return f"{name[: NAME_LIMIT - 2]}-2"
    digits = numbered["number"]
    following = str(int(digits) + 1).zfill(len(digits))
    return f"{numbered['stem'][: NAME_LIMIT - len(following)]}{following}"


def free_name(name: str, taken: Iterable[str]) -> str:
    """The first name after ``name`` that is not ``taken``."""
    used = {name, *taken}
    candidate = next_name(name)
    while candidate in used:  # each step is a new name, so this ends within len(used) steps
        candidate = next_name(candidate)
    return candidate


def _stem(name: str) -> str:
    numbered = _NUMBERED.fullmatch(name)
    return numbered["stem"] if numbered is not None and numbered["stem"] else name


def _listed(
    ctx: Context, operation: str, paginator: str, member: str, key: str, **filters: Any
) -> set[str]:
    """The names a listing holds; none if it cannot be read (only a suggestion is lost)."""

    def run(bedrock: Any) -> set[str]:
        pages = bedrock.get_paginator(paginator).paginate(
            **filters, PaginationConfig={"PageSize": PAGE_SIZE}
        )
        return {str(item.get(key, "")) for page in pages for item in page.get(member, [])}

    got = ctx.call("bedrock", operation, run)
    return got.value if isinstance(got, Ok) else set()


def _token(ctx: Context) -> str | None:
    """The idempotency token submit will send for this draft (None: not a valid request)."""
    try:
        return str(submission_kwargs(ctx.draft.to_request(region=ctx.region))["clientRequestToken"])
    except InvalidDraft:
        return None


def _job(ctx: Context, name: str) -> Outcome[tuple[str, str]]:
    """The status of the job named ``name``, and the token it was created with."""

    def run(bedrock: Any) -> tuple[str, str]:
        job = bedrock.get_model_customization_job(jobIdentifier=name)
        return str(job.get("status", "")), str(job.get("clientRequestToken", ""))

    return ctx.call("bedrock", "GetModelCustomizationJob", run)


def _made_by_this_request(ctx: Context, job_name: str) -> bool:
    """Whether the job ``job_name`` was created from this very request: submitting it again
    returns that job (the same token) and creates nothing, so its names are not in the way."""
    got = _job(ctx, job_name)
    token = _token(ctx)
    return isinstance(got, Ok) and token is not None and got.value[1] == token


def check_job_name(ctx: Context, planned: PlannedCheck) -> CheckResult:
    name = ctx.text(JOB_NAME) or ""
    got = _job(ctx, name)
    if isinstance(got, AwsError):
        if got.code == "ResourceNotFoundException":
            return planned.passed(f"no job named {name} in {ctx.region}")
        return planned.could_not(got, ctx.who)
    status, token = got.value
    if token and token == _token(ctx):
        return planned.passed(
            f"{name} was created from this very request ({status}): submitting it again"
            " returns that job and creates nothing"
        )
    taken = _listed(
        ctx,
        "ListModelCustomizationJobs",
        "list_model_customization_jobs",
        "modelCustomizationJobSummaries",
        "jobName",
        nameContains=_stem(name),
    )
    return planned.failed(
        f"a job named {name} already exists in {ctx.region} ({status or 'status unknown'})",
        f"choose another jobName, e.g. {free_name(name, taken)}",
    )


def _in_progress(ctx: Context) -> dict[str, str] | AwsError:
    """The jobs in progress, by the name of the model each will create."""

    def run(bedrock: Any) -> dict[str, str]:
        pages = bedrock.get_paginator("list_model_customization_jobs").paginate(
            statusEquals="InProgress", PaginationConfig={"PageSize": PAGE_SIZE}
        )
        return {
            str(job.get("customModelName", "")): str(job.get("jobName", ""))
            for page in pages
            for job in page.get("modelCustomizationJobSummaries", [])
        }

    got = ctx.call("bedrock", "ListModelCustomizationJobs", run)
    return got.value if isinstance(got, Ok) else got


def check_model_name(ctx: Context, planned: PlannedCheck) -> CheckResult:
    name = ctx.text(MODEL_NAME) or ""
    got = ctx.call(
        "bedrock",
        "GetCustomModel",
        lambda b: str(b.get_custom_model(modelIdentifier=name).get("jobName", "")),
    )
    if isinstance(got, AwsError) and got.code != "ResourceNotFoundException":
        return planned.could_not(got, ctx.who)
    coming = _in_progress(ctx)
    if isinstance(coming, AwsError):
        return planned.could_not(coming, ctx.who)
    if isinstance(got, AwsError) and name not in coming:
        return planned.passed(f"no custom model named {name} in {ctx.region}")
    maker = got.value if isinstance(got, Ok) else coming[name]
    if maker == ctx.text(JOB_NAME) and _made_by_this_request(ctx, maker):
        return planned.passed(f"{name} is (or will be) made by this very request's job {maker}")
    models = _listed(
        ctx,
        "ListCustomModels",
        "list_custom_models",
        "modelSummaries",
        "modelName",
        nameContains=_stem(name),
    )
    fix = f"choose another customModelName, e.g. {free_name(name, {*models, *coming})}"
    if isinstance(got, Ok):
        return planned.failed(f"a custom model named {name} already exists in {ctx.region}", fix)
    return planned.failed(
        f"the job {coming[name]}, in progress, will create a model named {name}", fix
    )
