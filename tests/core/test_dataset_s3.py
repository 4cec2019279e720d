"""The dataset checker reads S3 objects through the session, in the seeded emulator."""

from __future__ import annotations

from typing import Any

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.dataset import ReportCache, check_s3

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


def test_an_object_checked_before_is_not_read_again_until_it_changes(aws_env: Any) -> None:
    """The wizard checks the training file, the pre-flight checks it again: one read."""
    s3 = aws_env.account.client("s3", "us-east-1")
    good = b'{"prompt": "a", "completion": "b"}\n' * 150
    s3.put_object(Bucket="ftui-demo-data", Key="cached/train.jsonl", Body=good)
    uri = "s3://ftui-demo-data/cached/train.jsonl"
    model = "meta.llama3-1-8b-instruct-v1:0:128k"
    cache = ReportCache()

    def checked() -> Any:
        result = check_s3(
            session(aws_env),
            uri,
            region="us-east-1",
            model_id=model,
            customization_type="FINE_TUNING",
            cache=cache,
        )
        assert isinstance(result, Ok)
        return result.value

    def reads() -> int:
        return sum(1 for c in aws_env.calls.entries() if c["operation"] == "GetObject")

    aws_env.calls.clear()
    first = checked()
    assert first.passed and reads() == 1
    assert checked() is first and reads() == 1, "the same version: answered from the cache"
    s3.put_object(Bucket="ftui-demo-data", Key="cached/train.jsonl", Body=good + b"{oops\n")
    changed = checked()
    assert reads() == 2 and not changed.passed, "a new version is read and checked"


def test_a_file_longer_than_the_caller_will_read_is_refused_before_its_body(
    aws_env: Any,
) -> None:
    import pytest

    from ftui.core.dataset import TooLarge

    cache = ReportCache()
    uri = f"{DATA}/support/train.jsonl"

    def check(largest: int | None) -> Any:
        return check_s3(
            session(aws_env),
            uri,
            region="us-east-1",
            model_id=NOVA_LITE,
            customization_type="FINE_TUNING",
            cache=cache,
            largest=largest,
        )

    with pytest.raises(TooLarge) as raised:
        check(100)
    assert raised.value.size > 100
    assert isinstance(check(None), Ok)
    # Checked once: its report is kept, and given whatever the limit.
    again = check(100)
    assert isinstance(again, Ok) and again.value.records == 400
