"""The AWS layer against a real HTTP endpoint (plain moto): submit once, errors as values."""

from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path

import boto3
import pytest

from ftui.core.aws.bedrock import Bedrock, utc
from ftui.core.aws.errors import AwsError, Ok, field_of
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.aws.submit import Ledger, request_token, submission_kwargs, submit
from ftui.core.draft import Draft
from tests.factories import valid_request


def _request(**changes: object):  # type: ignore[no-untyped-def]
    request = valid_request()
    request.update(changes)
    return Draft(request).to_request()


def _bedrock(endpoint: str) -> Bedrock:
    return Bedrock(AwsSession(AwsTarget(region="us-east-1", endpoint_url=endpoint)))


def _job_count(endpoint: str) -> int:
    client = boto3.client("bedrock", region_name="us-east-1", endpoint_url=endpoint)
    return len(client.list_model_customization_jobs()["modelCustomizationJobSummaries"])


def test_token_is_stable_per_request_and_changes_with_it() -> None:
    first = submission_kwargs(_request())["clientRequestToken"]
    assert submission_kwargs(_request())["clientRequestToken"] == first
    assert submission_kwargs(_request(jobName="other"))["clientRequestToken"] != first
    assert first.startswith("ftui-") and len(first) <= 256


def test_an_explicit_token_is_kept() -> None:
    assert (
        submission_kwargs(_request(clientRequestToken="mine-1"))["clientRequestToken"] == "mine-1"
    )


def test_token_ignores_key_order() -> None:
    kwargs = submission_kwargs(_request())
    reordered = dict(reversed(list(kwargs.items())))
    assert request_token(reordered) == request_token(kwargs)


def test_submit_creates_the_job_with_our_token(moto_endpoint: str, tmp_path: Path) -> None:
    bedrock = _bedrock(moto_endpoint)
    result = submit(bedrock, _request(), ledger=Ledger(tmp_path / "ledger.jsonl"))
    assert isinstance(result, Ok)
    job = bedrock.get_job("support-bot-ft-001")
    assert isinstance(job, Ok)
    assert job.value["clientRequestToken"] == result.value.token
    assert result.value.job_arn == job.value["jobArn"]


def test_submitting_twice_makes_one_job(moto_endpoint: str, tmp_path: Path) -> None:
    bedrock = _bedrock(moto_endpoint)
    ledger = Ledger(tmp_path / "ledger.jsonl")
    first = submit(bedrock, _request(), ledger=ledger, profile="bot")
    second = submit(bedrock, _request(), ledger=ledger, profile="bot")
    assert isinstance(first, Ok) and isinstance(second, Ok)
    assert second.value.repeated and not first.value.repeated
    assert second.value.job_arn == first.value.job_arn
    assert _job_count(moto_endpoint) == 1
    assert len(ledger.entries()) == 1


def test_ledger_survives_a_torn_line(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.jsonl")
    ledger.path.write_text('{"job_arn": "x"\n')
    assert ledger.entries() == []


def test_aws_errors_come_back_as_values(moto_endpoint: str) -> None:
    bedrock = _bedrock(moto_endpoint)
    missing = bedrock.get_job("no-such-job")
    assert isinstance(missing, AwsError)
    assert missing.code == "ResourceNotFoundException"
    assert missing.operation == "GetModelCustomizationJob"
    assert "no-such-job" in missing.message or missing.message


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_endpoint_is_a_transient_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    session = AwsSession(
        AwsTarget(region="us-east-1", endpoint_url=f"http://127.0.0.1:{_closed_port()}"),
        max_attempts=1,
    )
    result = Bedrock(session).list_jobs()
    assert isinstance(result, AwsError)
    assert result.code == "EndpointConnectionError" and result.transient


def test_missing_credentials_say_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    session = AwsSession(AwsTarget(region="us-east-1"), max_attempts=1)
    result = Bedrock(session).list_jobs()
    assert isinstance(result, AwsError)
    assert result.code == "NoCredentials"
    assert "aws sso login" in result.message


def test_unknown_aws_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    session = AwsSession(AwsTarget(region="us-east-1", profile="nope"))
    result = Bedrock(session).list_jobs()
    assert isinstance(result, AwsError) and result.code == "ProfileNotFound"
    assert "nope" in result.message


def test_pages_are_followed(moto_endpoint: str) -> None:
    bedrock = _bedrock(moto_endpoint)
    for i in range(5):
        assert isinstance(
            bedrock.create_job(
                submission_kwargs(_request(jobName=f"job-{i}", customModelName=f"model-{i}"))
            ),
            Ok,
        )
    everything = bedrock.list_all_jobs(page_size=2)
    assert isinstance(everything, Ok)
    assert sorted(s["jobName"] for s in everything.value) == [f"job-{i}" for i in range(5)]
    assert all(s["creationTime"].tzinfo is not None for s in everything.value)


@pytest.mark.parametrize(
    ("message", "loc"),
    [
        (
            "1 validation error detected: Value 'a b' at 'jobName' failed to satisfy constraint",
            ("jobName",),
        ),
        ("Value at 'trainingDataConfig.s3Uri' failed", ("trainingDataConfig", "s3Uri")),
        ("Could not assume provided IAM role.", ("roleArn",)),
        (
            "Amazon S3 perms missing (PutObject): Could not validate PutObject permissions",
            ("outputDataConfig", "s3Uri"),
        ),
        ("Something else entirely", None),
    ],
)
def test_error_messages_point_at_fields(message: str, loc: tuple[str, ...] | None) -> None:
    assert field_of(message) == loc


def test_naive_datetimes_become_utc() -> None:
    value = utc({"t": [datetime(2026, 1, 1, 12, 0)]})
    assert value["t"][0].tzinfo is not None


def test_ledger_keys_on_account_region_and_endpoint(tmp_path: Path) -> None:
    from ftui.core.aws.submit import Submission

    ledger = Ledger(tmp_path / "ledger.jsonl")
    entry = Submission("arn", "job", "tok", "111111111111", "us-east-1", "", "2026-11-27T10:00:00")
    ledger.record(entry)
    assert ledger.find("tok", "111111111111", "us-east-1", "") == entry
    assert ledger.find("tok", "222222222222", "us-east-1", "") is None
    assert ledger.find("tok", "111111111111", "us-west-2", "") is None
    assert ledger.find("tok", "111111111111", "us-east-1", "http://127.0.0.1:5000") is None


def test_a_streamed_object_reaches_the_caller_whole(moto_endpoint: str) -> None:
    """The answer check must not read GetObject's body: the caller would get 0 bytes."""
    session = AwsSession(AwsTarget(region="us-east-1", endpoint_url=moto_endpoint))
    s3 = session.client("s3")
    s3.create_bucket(Bucket="streamed-body")
    data = b'{"prompt": "a", "completion": "b"}\n' * 1000
    s3.put_object(Bucket="streamed-body", Key="train.jsonl", Body=data)

    def read() -> bytes:
        body: bytes = s3.get_object(Bucket="streamed-body", Key="train.jsonl")["Body"].read()
        return body

    assert session.call("GetObject", read) == Ok(data)
