"""S3 URIs: a refused URI says exactly what is wrong with it; the verdict stays botocore's."""

from __future__ import annotations

import re
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ftui.core.constraints import Pattern
from ftui.core.draft import Draft, validate_request
from ftui.core.problems import explain_s3_uri
from ftui.core.request import S3Uri
from tests.factories import valid_request

S3_PATTERN = re.compile(next(m.regex for m in get_args(S3Uri) if isinstance(m, Pattern)), re.ASCII)


def with_output(uri: str) -> dict[str, Any]:
    request = valid_request()
    request["outputDataConfig"]["s3Uri"] = uri
    return request


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("s3://b/out/", "bucket name 'b' is too short: 3 to 63 characters"),
        (
            f"s3://{'a' * 64}/out/",
            f"bucket name '{'a' * 64}' is too long: 3 to 63 characters (it has 64)",
        ),
        (
            "s3://my_bucket/out/",
            "bucket name 'my_bucket' has '_': use lowercase letters, digits, dots and hyphens",
        ),
        (
            "s3://MyBucket/out/",
            "bucket name 'MyBucket' has upper-case letters: use lowercase letters, digits, dots"
            " and hyphens",
        ),
        (
            "s3://My_Bucket!/out/",
            "bucket name 'My_Bucket!' has '_', '!' and upper-case letters: use lowercase letters,"
            " digits, dots and hyphens",
        ),
        ("s3://-bucket/out/", "bucket name '-bucket' must start with a lowercase letter or digit"),
        (
            "s3://bucket./out/",
            "bucket name 'bucket.' must end with a lowercase letter or digit",
        ),
        (
            "my-bucket/out/",
            "must be an S3 URI starting with s3://, such as s3://my-bucket/output/",
        ),
        (
            "https://my-bucket.s3.amazonaws.com/out/",
            "must be an S3 URI starting with s3://, such as s3://my-bucket/output/",
        ),
        ("S3://my-bucket/out/", "must start with s3:// in lower case, not S3://"),
        (
            "s3:///out/",
            "has no bucket name: write s3://BUCKET/path, such as s3://my-bucket/output/",
        ),
        ("s3://my-bucket//out/", "has an empty path part ('//'): write each folder name once"),
        (
            "s3://my-bucket/my out/",
            "the path after the bucket has spaces: use letters, digits, '/' and - ! _ * ' ( ) ."
            " (no spaces)",
        ),
        (
            "s3://a_b..c/out/",
            "bucket name 'a_b..c' has '_': use lowercase letters, digits, dots and hyphens;"
            " bucket name 'a_b..c' has '..': S3 bucket names never have two dots in a row",
        ),
    ],
)
def test_a_refused_s3_uri_says_what_is_wrong(uri: str, message: str) -> None:
    problems = {p.path: p for p in validate_request(with_output(uri)).errors}
    problem = problems["outputDataConfig.s3Uri"]
    assert problem.message == message
    assert problem.aws is not None and problem.aws.startswith(
        "Member must satisfy regular expression pattern: s3://"
    ), "the AWS wording of the constraint is unchanged"


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("s3://my..bucket/out/", "bucket name 'my..bucket' has '..'"),
        ("s3://192.168.5.4/out/", "bucket name '192.168.5.4' is an IP address"),
        ("s3://xn--bucket/out/", "bucket name 'xn--bucket' starts with 'xn--', which S3 reserves"),
        ("s3://data-s3alias", "bucket name 'data-s3alias' ends with '-s3alias', which S3 reserves"),
    ],
)
def test_bucket_names_s3_refuses_but_the_pattern_takes_are_warnings(uri: str, message: str) -> None:
    """botocore's pattern accepts these, so the request stays valid; S3 would never have them."""
    report = validate_request(with_output(uri))
    assert report.ok
    warned = {p.path: p.message for p in report.warnings}
    assert warned["outputDataConfig.s3Uri"].startswith(message)


def test_every_s3_uri_field_is_explained() -> None:
    request = valid_request("DISTILLATION")
    request["trainingDataConfig"] = {
        "invocationLogsConfig": {"invocationLogSource": {"s3Uri": "s3://Logs/x"}}
    }
    request["validationDataConfig"] = {"validators": [{"s3Uri": "s3://v/x"}]}
    found = {p.path: p.message for p in validate_request(request).errors}
    assert found["trainingDataConfig.invocationLogsConfig.invocationLogSource.s3Uri"].startswith(
        "bucket name 'Logs' has upper-case letters"
    )
    assert found["validationDataConfig.validators[0].s3Uri"].startswith(
        "bucket name 'v' is too short"
    )


URI_TEXT = st.text(st.sampled_from("ab9Z.-_/ !*'()é"), max_size=14)


@given(st.one_of(URI_TEXT.map(lambda t: "s3://" + t), URI_TEXT, st.text(max_size=14)))
def test_the_explanation_agrees_with_botocores_pattern(uri: str) -> None:
    """Something is named exactly when the pattern refuses: an explanation never judges."""
    refused, _ = explain_s3_uri(uri)
    assert bool(refused) == (S3_PATTERN.fullmatch(uri) is None), (uri, refused)


@pytest.mark.parametrize(
    ("field", "example"),
    [
        ({"outputDataConfig": {"s3Uri": "output"}}, "s3://my-bucket/output/"),
        ({"trainingDataConfig": {"s3Uri": "train"}}, "s3://my-bucket/data/train.jsonl"),
    ],
)
def test_the_example_fits_the_field(field: dict[str, Any], example: str) -> None:
    """The output is a prefix: its example is not a training file."""
    messages = [p.message for p in Draft(field).validate().problems if p.code == "pattern"]
    assert any(example in m for m in messages), messages
