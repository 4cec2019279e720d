"""Answers AWS would never give, and read-only mode: every one is an AwsError, never a crash."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.policy import ReadOnly, mutates
from ftui.core.aws.session import AwsSession, AwsTarget, Timeouts
from ftui.core.aws.submit import Ledger, submission_kwargs, submit
from ftui.core.draft import Draft
from ftui.core.request import CreateModelCustomizationJobRequest
from tests.factories import valid_request
from tests.fake_endpoint import HANG, HTML_PAGE, NOT_FOUND, STS_OK, fake_endpoint


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


def _session(
    url: str,
    *,
    read_only: ReadOnly | None = None,
    on_slow: Callable[[str], None] | None = None,
) -> AwsSession:
    return AwsSession(
        AwsTarget(region="us-east-1", endpoint_url=url),
        read_only=read_only,
        on_slow=on_slow,
        timeouts=Timeouts(connect=1, read=2, attempts=1),
    )


def _request() -> CreateModelCustomizationJobRequest:
    return Draft(valid_request()).to_request()


def _json(body: object) -> tuple[int, str, bytes]:
    return (200, "application/json", json.dumps(body).encode())


def test_an_html_page_is_not_an_empty_job_list() -> None:
    with fake_endpoint({"ListModelCustomizationJobs": HTML_PAGE}) as endpoint:
        listed = Bedrock(_session(endpoint.url)).list_jobs()
    assert isinstance(listed, AwsError) and listed.code == "BadResponse"
    assert "not JSON (text/html" in listed.message and "endpoint URL" in listed.message


def test_an_unparseable_sts_answer_is_an_error_value() -> None:
    with fake_endpoint({"GetCallerIdentity": _json({})}) as endpoint:
        account = _session(endpoint.url).account_id()
    assert isinstance(account, AwsError) and account.code == "BadResponse"


def test_a_create_answer_without_job_arn_is_resolved_by_looking_the_job_up(
    tmp_path: Path,
) -> None:
    request = _request()
    kwargs = submission_kwargs(request)
    job = {
        "jobArn": "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/abc",
        "jobName": kwargs["jobName"],
        "clientRequestToken": kwargs["clientRequestToken"],
        "outputModelName": kwargs["customModelName"],
        "roleArn": kwargs["roleArn"],
        "creationTime": "2026-11-28T12:00:00Z",
        "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0",
        "trainingDataConfig": kwargs["trainingDataConfig"],
        "validationDataConfig": kwargs["validationDataConfig"],
        "outputDataConfig": kwargs["outputDataConfig"],
    }
    answers = {
        "GetCallerIdentity": STS_OK,
        "CreateModelCustomizationJob": _json({}),
        "GetModelCustomizationJob": _json(job),
    }
    with fake_endpoint(answers) as endpoint:
        bedrock = Bedrock(_session(endpoint.url))
        result = submit(bedrock, request, ledger=Ledger(tmp_path / "ledger.jsonl"))
    assert isinstance(result, Ok) and result.value.job_arn == job["jobArn"]
    assert endpoint.received.count("CreateModelCustomizationJob") == 1


def test_a_create_that_did_not_happen_says_so_and_that_retrying_is_safe(tmp_path: Path) -> None:
    answers = {
        "GetCallerIdentity": STS_OK,
        "CreateModelCustomizationJob": HTML_PAGE,
        "GetModelCustomizationJob": NOT_FOUND,
    }
    with fake_endpoint(answers) as endpoint:
        result = submit(Bedrock(_session(endpoint.url)), _request(), ledger=Ledger(tmp_path / "l"))
    assert isinstance(result, AwsError)
    assert "did not create the job" in result.message and "safe" in result.message


def test_a_create_whose_outcome_cannot_be_known_says_how_to_find_out(tmp_path: Path) -> None:
    answers = {
        "GetCallerIdentity": STS_OK,
        "CreateModelCustomizationJob": HTML_PAGE,
        "GetModelCustomizationJob": (503, "text/html", b"<html>down</html>"),
    }
    with fake_endpoint(answers) as endpoint:
        result = submit(Bedrock(_session(endpoint.url)), _request(), ledger=Ledger(tmp_path / "l"))
    assert isinstance(result, AwsError) and result.code == "OutcomeUnknown"
    assert "ftui jobs --name" in result.message and "cannot make a second job" in result.message


@pytest.mark.parametrize(
    "operation", ["CreateModelCustomizationJob", "StopModelCustomizationJob", "TagResource"]
)
def test_read_only_refuses_before_sending(operation: str) -> None:
    with fake_endpoint({"GetCallerIdentity": STS_OK}) as endpoint:
        session = _session(endpoint.url, read_only=ReadOnly("FTUI_READ_ONLY=1"))
        client = session.client("bedrock")
        calls = {
            "CreateModelCustomizationJob": lambda: client.create_model_customization_job(
                **submission_kwargs(_request())
            ),
            "StopModelCustomizationJob": lambda: client.stop_model_customization_job(
                jobIdentifier="j"
            ),
            "TagResource": lambda: client.tag_resource(
                resourceARN="arn:aws:bedrock:us-east-1:123456789012:custom-model/x",
                tags=[{"key": "k", "value": "v"}],
            ),
        }
        refused = session.call(operation, calls[operation])
        read = session.account_id()
    assert isinstance(refused, AwsError) and refused.code == "ReadOnly"
    assert "FTUI_READ_ONLY=1" in refused.message and operation in refused.message
    assert isinstance(read, Ok)
    assert endpoint.received == ["GetCallerIdentity"]


def test_what_counts_as_mutating() -> None:
    reading = ["GetModelCustomizationJob", "ListCustomModels", "DescribeSubnets", "HeadObject"]
    assert not any(mutates(op) for op in reading)
    assert all(mutates(op) for op in ["CreateModelCustomizationJob", "PutObject", "TagResource"])


def test_a_corrupt_ledger_line_is_skipped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "submissions.jsonl"
    path.write_bytes(b'\xff\xfe not json\n["a list"]\n{"job_arn": 1}\n')
    answers = {
        "GetCallerIdentity": STS_OK,
        "CreateModelCustomizationJob": _json({"jobArn": "arn:aws:bedrock:us-east-1:1:j/x"}),
    }
    with fake_endpoint(answers) as endpoint:
        result = submit(Bedrock(_session(endpoint.url)), _request(), ledger=Ledger(path))
    assert isinstance(result, Ok) and not result.value.repeated
    assert result.value.warning and "3 unreadable line(s)" in result.value.warning
    assert len(Ledger(path).entries()) == 1


def test_a_ledger_that_cannot_be_written_is_a_warning_on_a_created_job(tmp_path: Path) -> None:
    blocked = tmp_path / "ledger-is-a-folder"
    blocked.mkdir()
    answers = {
        "GetCallerIdentity": STS_OK,
        "CreateModelCustomizationJob": _json({"jobArn": "arn:aws:bedrock:us-east-1:1:j/x"}),
    }
    with fake_endpoint(answers) as endpoint:
        result = submit(Bedrock(_session(endpoint.url)), _request(), ledger=Ledger(blocked))
    assert isinstance(result, Ok) and result.value.job_arn.endswith("j/x")
    assert result.value.warning and "the job was created" in result.value.warning


def test_a_hung_endpoint_fails_within_the_timeouts_and_says_it_waits() -> None:
    heard: list[str] = []
    with fake_endpoint({"ListModelCustomizationJobs": HANG}) as endpoint:
        session = _session(endpoint.url, on_slow=heard.append)
        started = time.monotonic()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("ftui.core.aws.session.SLOW_AFTER_SECONDS", 0.5)
            listed = Bedrock(session).list_jobs()
        took = time.monotonic() - started
    assert isinstance(listed, AwsError) and listed.code == "Timeout"
    assert took < 10
    assert heard == ["ListModelCustomizationJobs"]


def test_an_endpoints_megabyte_message_is_cut() -> None:
    error = AwsError("ValidationException", "x" * 1_000_000)
    assert len(error.message) == 4096 and error.message.endswith("…")
