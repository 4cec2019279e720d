"""S3: the data is there and readable, the buckets exist, and all are in the job's region.

AWS finds these only once the job has started (bedrock.md §11, §13 pain point 9): a missing
object, a bucket in another region, a file that breaks the data format. Each check here tests
with the caller's credentials; what the *role* may read is the role-access check's.
"""

from __future__ import annotations

import posixpath
import shlex

from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.catalog import parse_model_identifier
from ftui.core.dataset import DataReport, UnknownModel, check_s3
from ftui.core.preflight.context import Context, s3_uri
from ftui.core.preflight.result import (
    ACCESS_DENIED,
    UNREACHABLE,
    CheckResult,
    Field,
    PlannedCheck,
)
from ftui.core.resources.logs import logging_location
from ftui.core.s3_uris import split_s3_uri
from ftui.core.spelling import closest

# Problems of a data set quoted in its check's message; ``ftui data check`` lists them all.
QUOTED_PROBLEMS = 5
# Files of a folder named in a fix when the one asked for is not there.
LISTED_FILES = 5


def bucket_region(constraint: str | None) -> str:
    """The region of GetBucketLocation's LocationConstraint: S3 says us-east-1 with nothing and
    eu-west-1 with the legacy "EU"."""
    if not constraint:
        return "us-east-1"
    return "eu-west-1" if constraint == "EU" else constraint


def _located(ctx: Context, bucket: str) -> Outcome[str]:
    return ctx.call(
        "s3",
        "GetBucketLocation",
        lambda s3: bucket_region(s3.get_bucket_location(Bucket=bucket).get("LocationConstraint")),
    )


def _not_read(ctx: Context, planned: PlannedCheck, uri: str, head: AwsError) -> CheckResult:
    """HeadObject failed: say whether the bucket or the object is missing, and what is near.

    A HEAD answer has no body, so its error is often a bare status (404, or 501 from an emulator
    that cannot word it): whatever status came, a listing of the object's folder tells a missing
    bucket, a missing object (and the file probably meant) and any other failure apart.
    """
    if head.code in ACCESS_DENIED or head.code in UNREACHABLE:
        return planned.could_not(head, ctx.who)
    bucket, key = split_s3_uri(uri)
    folder = key.rpartition("/")[0] + "/" if "/" in key else ""
    listed = ctx.call(
        "s3",
        "ListObjectsV2",
        lambda s3: [
            str(o["Key"])
            for o in s3.list_objects_v2(Bucket=bucket, Prefix=folder, MaxKeys=1000).get(
                "Contents", []
            )
        ],
    )
    if isinstance(listed, AwsError):
        if listed.code != "NoSuchBucket":
            return planned.could_not(head, ctx.who)
        return planned.failed(
            f"there is no bucket {bucket}",
            f"correct {uri}, or create the bucket in {ctx.region} and upload the data:\n"
            f"  aws s3 mb s3://{bucket} --region {ctx.region}",
        )
    keys = listed.value
    if key in keys:  # it is there: the HEAD failed for another reason
        return planned.could_not(head, ctx.who)
    files = [k for k in keys if not k.endswith("/")]
    near = closest(key, files) if key and not key.endswith("/") else None
    if near is not None:
        fix = f"did you mean s3://{bucket}/{near}?"
    elif files:
        shown = ", ".join(posixpath.basename(k) for k in files[:LISTED_FILES])
        fix = f"s3://{bucket}/{folder} holds {shown}{' ...' if len(files) > LISTED_FILES else ''}"
    else:
        fix = f"upload it: aws s3 cp FILE {uri}"
    if not key or key.endswith("/"):
        return planned.failed(f"{uri} is a folder: give the data set's file", fix)
    return planned.failed(f"there is no object at {uri}", fix)


def _model_id(ctx: Context) -> str | None:
    """The foundation model the data is for, even when the base is a custom model's name."""
    base = ctx.text(("baseModelIdentifier",))
    if base is None:
        return None
    model_id, _ = parse_model_identifier(base)
    if model_id is not None:
        return model_id
    got = ctx.call(
        "bedrock",
        "GetCustomModel",
        lambda b: str(b.get_custom_model(modelIdentifier=base)["baseModelArn"]),
    )
    return parse_model_identifier(got.value)[0] if isinstance(got, Ok) else None


def _data_check_command(uri: str, model_id: str, kind: str, validation: bool) -> str:
    words = ["ftui", "data", "check", uri, "--model", model_id, "--type", kind]
    return shlex.join([*words, "--validation"] if validation else words)


def _reported(
    planned: PlannedCheck, report: DataReport, command: str, size: int | None
) -> CheckResult:
    quoted = [
        f"line {p.line}: {p.message}" if p.line is not None else p.message
        for p in report.problems[:QUOTED_PROBLEMS]
    ]
    message = "\n".join([f"{report.source}: {report.summary()}", *quoted])
    fix = f"see every problem: {command}"
    if not report.passed:
        return planned.failed(message, fix)
    if report.problems:
        return planned.warned(message, fix)
    shown = f" ({size:,} bytes)" if size is not None else ""
    return planned.passed(f"{report.source}{shown}: {report.summary()}")


def check_data(ctx: Context, planned: PlannedCheck) -> CheckResult:
    """A training or validation data set: the object exists and passes the dataset checker."""
    assert planned.field is not None  # planned only with the URI's field
    uri = s3_uri(ctx.draft, planned.field)
    if uri is None:
        return planned.failed("is not an s3:// URI", "see the request check")
    bucket, key = split_s3_uri(uri)
    head = ctx.call(
        "s3",
        "HeadObject",
        lambda s3: int(s3.head_object(Bucket=bucket, Key=key).get("ContentLength", 0)),
    )
    if isinstance(head, AwsError):
        return _not_read(ctx, planned, uri, head)
    if head.value == 0:
        return planned.failed(f"{uri} is empty", f"upload the data set to {uri}")
    validation = planned.check == "validation-data"
    model_id = _model_id(ctx)
    if model_id is None:
        return planned.warned(
            f"{uri} exists ({head.value:,} bytes); its format was not checked: the base"
            " model is not known",
            "see the base-model check",
        )
    try:
        checked = check_s3(
            ctx.session,
            uri,
            region=ctx.region,
            model_id=model_id,
            customization_type=ctx.kind,
            validation=validation,
            cache=ctx.reports,
        )
    except UnknownModel as unknown:  # the catalog knows no format for this model and kind
        return planned.warned(
            f"{uri} exists ({head.value:,} bytes); its format was not checked: {unknown}",
            "see the base-model check",
        )
    if isinstance(checked, AwsError):
        return planned.could_not(checked, ctx.who)
    command = _data_check_command(uri, model_id, ctx.kind, validation)
    return _reported(planned, checked.value, command, head.value)


def check_logs(ctx: Context, planned: PlannedCheck) -> CheckResult:
    """Distillation from invocation logs: there are logs under the prefix."""
    assert planned.field is not None
    uri = s3_uri(ctx.draft, planned.field)
    if uri is None:
        return planned.failed("is not an s3:// URI", "see the request check")
    bucket, prefix = split_s3_uri(uri)
    listed = ctx.call(
        "s3",
        "ListObjectsV2",
        lambda s3: int(s3.list_objects_v2(Bucket=bucket, Prefix=prefix, MaxKeys=1)["KeyCount"]),
    )
    if isinstance(listed, AwsError):
        if listed.code == "NoSuchBucket":
            return planned.failed(
                f"there is no bucket {bucket}",
                "give the bucket your model invocation logging writes to"
                " (Bedrock console > Settings > Model invocation logging)",
            )
        return planned.could_not(listed, ctx.who)
    logging = _logging_to(ctx)
    if listed.value == 0:
        where = (
            f"your invocation logging in {ctx.region} writes to {logging}"
            if logging
            else "the S3 prefix your model invocation logging writes to (Bedrock console >"
            " Settings > Model invocation logging)"
        )
        return planned.failed(
            f"there are no objects under {uri}: no invocation logs to distill from",
            f"give {where}, after the application has made calls",
        )
    if logging and not (uri.startswith(logging) or logging.startswith(uri)):
        return planned.warned(
            f"{uri} holds objects, but invocation logging in {ctx.region} writes to {logging}:"
            " these may be old logs, or not logs at all",
            f"to distill from what the application logs now, give {logging}",
        )
    return planned.passed(f"{uri} holds invocation logs")


def _logging_to(ctx: Context) -> str | None:
    """Where the region's invocation logging writes (None: not set, or not readable)."""
    got = logging_location(ctx.session, ctx.region)
    if isinstance(got, AwsError) or not got.value.items:
        return None
    return got.value.items[0].value


def _bucket_problem(
    ctx: Context, field: Field, uri: str, *, output: bool
) -> tuple[Field, str, str] | AwsError | None:
    """What is wrong with the bucket of ``uri``: (field, message, fix), or an error, or None."""
    bucket, key = split_s3_uri(uri)
    region = _located(ctx, bucket)
    if isinstance(region, AwsError):
        if region.code != "NoSuchBucket":
            return region
        return (
            field,
            f"there is no bucket {bucket}",
            f"create it: aws s3 mb s3://{bucket} --region {ctx.region}",
        )
    if region.value == ctx.region:
        return None
    where = f"{bucket} is in {region.value}, but the job runs in {ctx.region}"
    if output:
        fix = (
            f"Bedrock writes only to a bucket in {ctx.region}: create one and set"
            f" outputDataConfig.s3Uri to it, e.g.\n  aws s3 mb s3://{bucket}-{ctx.region}"
            f" --region {ctx.region}\nor run the job in {region.value}"
        )
    else:
        fix = (
            f"Bedrock reads only from a bucket in {ctx.region}: copy the data there, e.g.\n"
            f"  aws s3 cp {uri} s3://BUCKET-IN-{ctx.region}/{key}\nor run the job in"
            f" {region.value}"
        )
    return field, where, fix


def _check_buckets(
    ctx: Context, planned: PlannedCheck, locations: list[tuple[Field, str]], *, output: bool
) -> CheckResult:
    seen: dict[str, tuple[Field, str]] = {}
    for field, uri in locations:
        seen.setdefault(split_s3_uri(uri)[0], (field, uri))
    problems: list[tuple[Field, str, str]] = []
    for field, uri in seen.values():
        found = _bucket_problem(ctx, field, uri, output=output)
        if isinstance(found, AwsError):
            return planned.could_not(found, ctx.who)
        if found is not None:
            problems.append(found)
    if problems:
        field, message, fix = problems[0]
        for _, more, more_fix in problems[1:]:
            message, fix = f"{message}; {more}", f"{fix}\n{more_fix}"
        return planned.failed(message, fix, field=field)
    names = ", ".join(seen)
    return planned.passed(f"{names} {'is' if len(seen) == 1 else 'are'} in {ctx.region}")


def check_data_buckets(ctx: Context, planned: PlannedCheck) -> CheckResult:
    return _check_buckets(ctx, planned, ctx.reads(), output=False)


def check_output_bucket(ctx: Context, planned: PlannedCheck) -> CheckResult:
    return _check_buckets(ctx, planned, ctx.writes(), output=True)
