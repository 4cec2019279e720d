"""The dataset checker reads S3 objects through the session, in the seeded emulator."""

from __future__ import annotations

from typing import Any

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.dataset import check_s3

NOVA_LITE = "amazon.nova-lite-v1:0:300k"
DATA = "s3://ftui-demo-data"


def session(world: Any) -> AwsSession:
    return AwsSession(AwsTarget(region="us-east-1", endpoint_url=world.endpoint_url))


def test_an_s3_data_set_is_streamed_and_checked(aws_env: Any) -> None:
    found = check_s3(
        session(aws_env),
        f"{DATA}/support/train.jsonl",
        region="us-east-1",
        model_id=NOVA_LITE,
        customization_type="FINE_TUNING",
    )
    assert isinstance(found, Ok)
    report = found.value
    assert (report.passed, report.records, report.source) == (
        True,
        400,
        f"{DATA}/support/train.jsonl",
    )
    assert report.size > 0


def test_a_broken_s3_data_set_names_its_line(aws_env: Any) -> None:
    found = check_s3(
        session(aws_env),
        f"{DATA}/broken/train-bad-json.jsonl",
        region="us-east-1",
        model_id=NOVA_LITE,
        customization_type="FINE_TUNING",
    )
    assert isinstance(found, Ok)
    assert found.value.lines() == [
        f"{DATA}/broken/train-bad-json.jsonl:21: not valid JSON at column 19: a string that"
        " starts here is not closed"
    ]


def test_a_missing_object_is_an_aws_error_with_aws_words(aws_env: Any) -> None:
    found = check_s3(
        session(aws_env),
        f"{DATA}/nothing/here.jsonl",
        region="us-east-1",
        model_id=NOVA_LITE,
        customization_type="FINE_TUNING",
    )
    assert isinstance(found, AwsError)
    assert (found.code, found.operation) == ("NoSuchKey", "GetObject")
    assert "does not exist" in found.message
