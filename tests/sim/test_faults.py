"""Faults on demand, seen as a client sees them: boto3's exceptions, or the bytes on the wire."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError
from botocore.parsers import ResponseParserError

from ftui.cli import main
from ftui.sim.faults import FaultSpecError, parse_fault
from ftui.sim.server import SimServer
from tests.factories import valid_request
from tests.sim.conftest import Reachable, Remote, control, send

ONCE = Config(retries={"total_max_attempts": 1}, read_timeout=5, connect_timeout=5)


def once(sim: Reachable, service: str, config: Config = ONCE) -> Any:
    """A client that tries once: what a fault does is not hidden by botocore's retries."""
    return boto3.client(
        service,
        endpoint_url=sim.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=config,
    )


def fault(sim: SimServer, *specs: Any, replace: bool = False) -> list[dict[str, Any]]:
    reply = control(sim, "POST", "/_ftui/faults", {"faults": list(specs), "replace": replace})
    assert reply.status == 200, reply.body
    return list(reply.json()["faults"])


def clear(sim: SimServer) -> None:
    assert control(sim, "DELETE", "/_ftui/faults").json() == {"faults": []}


def error(call: Any, **kwargs: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    response = raised.value.response
    return (
        type(raised.value).__name__,
        response["Error"]["Code"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def list_jobs(sim: SimServer) -> Any:
    return once(sim, "bedrock").list_model_customization_jobs()


def identity(sim: SimServer) -> Any:
    return once(sim, "sts").get_caller_identity()


# --- each fault, through boto3 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "bedrock", "sts"),
    [
        ("throttle", ("ThrottlingException", "ThrottlingException", 429), ("Throttling", 400)),
        (
            "5xx",
            ("InternalServerException", "InternalServerException", 500),
            ("InternalFailure", 500),
        ),
        (
            "5xx=503",
            ("ServiceUnavailableException", "ServiceUnavailableException", 503),
            ("ServiceUnavailable", 503),
        ),
        (
            "expired-credentials",
            ("ClientError", "ExpiredTokenException", 403),
            ("ExpiredToken", 403),
        ),
        (
            "invalid-credentials",
            ("ClientError", "UnrecognizedClientException", 403),
            ("InvalidClientTokenId", 403),
        ),
        (
            "bad-signature",
            ("ClientError", "InvalidSignatureException", 403),
            ("SignatureDoesNotMatch", 403),
        ),
        (
            "access-denied",
            ("AccessDeniedException", "AccessDeniedException", 403),
            ("AccessDenied", 403),
        ),
    ],
)
def test_an_error_fault_is_the_services_own_error(
    sim: SimServer, spec: str, bedrock: tuple[str, str, int], sts: tuple[str, int]
) -> None:
    fault(sim, spec)
    assert error(once(sim, "bedrock").list_model_customization_jobs) == bedrock
    assert error(once(sim, "sts").get_caller_identity)[1:] == sts
    clear(sim)
    assert list_jobs(sim)["modelCustomizationJobSummaries"] == []
    assert identity(sim)["Account"] == "123456789012"


def test_access_denied_on_one_operation_leaves_the_job_running(
    sim: SimServer, bedrock: Any
) -> None:
    arn = bedrock.create_model_customization_job(**valid_request())["jobArn"]
    fault(sim, "access-denied:StopModelCustomizationJob")
    client = once(sim, "bedrock")
    with pytest.raises(client.exceptions.AccessDeniedException) as raised:
        client.stop_model_customization_job(jobIdentifier=arn)
    assert "bedrock:StopModelCustomizationJob" in raised.value.response["Error"]["Message"]
    assert client.get_model_customization_job(jobIdentifier=arn)["status"] == "InProgress"
    clear(sim)
    client.stop_model_customization_job(jobIdentifier=arn)
    assert client.get_model_customization_job(jobIdentifier=arn)["status"] == "Stopping"


def test_a_fault_on_an_operation_or_a_service_spares_the_others(sim: SimServer) -> None:
    fault(sim, "throttle:ListModelCustomizationJobs")
    assert error(once(sim, "bedrock").list_model_customization_jobs)[1] == "ThrottlingException"
    assert once(sim, "bedrock").list_custom_models()["modelSummaries"] == []
    assert identity(sim)["Account"] == "123456789012"
    fault(sim, "5xx:sts", replace=True)
    assert error(once(sim, "sts").get_caller_identity)[1] == "InternalFailure"
    assert list_jobs(sim)["modelCustomizationJobSummaries"] == []


def test_a_counted_fault_counts_down_and_ends(sim: SimServer) -> None:
    assert fault(sim, "throttle:ListModelCustomizationJobs,count=2")[0]["count"] == 2
    assert error(once(sim, "bedrock").list_model_customization_jobs)[1] == "ThrottlingException"
    assert control(sim, "GET", "/_ftui/faults").json()["faults"][0]["count"] == 1
    assert error(once(sim, "bedrock").list_model_customization_jobs)[1] == "ThrottlingException"
    assert control(sim, "GET", "/_ftui/faults").json()["faults"] == []
    assert list_jobs(sim)["modelCustomizationJobSummaries"] == []


def test_a_client_that_retries_gets_through_a_short_burst(sim: SimServer) -> None:
    """ftui's clients retry (standard mode, 3 attempts): two throttles are absorbed."""
    fault(sim, "throttle:ListModelCustomizationJobs,count=2")
    control(sim, "DELETE", "/_ftui/calls")
    retrying = once(sim, "bedrock", Config(retries={"mode": "standard", "max_attempts": 3}))
    assert retrying.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []
    calls = control(sim, "GET", "/_ftui/calls").json()["calls"]
    assert [c["operation"] for c in calls] == ["ListModelCustomizationJobs"] * 3


def test_a_fault_with_a_probability_hits_some_calls(sim: SimServer) -> None:
    fault(sim, "throttle:GetCallerIdentity,p=0.5")
    failed = 0
    for _ in range(60):
        try:
            identity(sim)
        except ClientError:
            failed += 1
    assert 10 < failed < 50


# --- waits and dropped connections ---------------------------------------------------------------


def test_slow_answers_late_and_only_the_slowed_operation(sim: SimServer) -> None:
    fault(sim, "slow=1s:GetCallerIdentity")
    started = time.monotonic()
    assert identity(sim)["Account"] == "123456789012"
    assert time.monotonic() - started >= 1.0
    started = time.monotonic()
    list_jobs(sim)
    assert time.monotonic() - started < 0.9


def test_a_timeout_outlasts_the_read_timeout_without_blocking_others(sim: SimServer) -> None:
    fault(sim, "timeout:ListModelCustomizationJobs")
    impatient = once(sim, "bedrock", Config(retries={"total_max_attempts": 1}, read_timeout=1))
    started = time.monotonic()
    with pytest.raises(ReadTimeoutError):
        impatient.list_model_customization_jobs()
    assert time.monotonic() - started < 5
    assert identity(sim)["Account"] == "123456789012", "the held call blocks no one"
    clear(sim)
    assert impatient.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


def test_clearing_a_timeout_releases_the_held_connection_at_once(sim: SimServer) -> None:
    fault(sim, "timeout=60s:GetCallerIdentity")
    ended: list[float] = []

    def wait_for_answer() -> None:
        try:
            send(sim, "POST", "/", b"Action=GetCallerIdentity", headers=sts_form(), timeout=90)
        except (http.client.HTTPException, OSError):
            ended.append(time.monotonic())

    waiting = threading.Thread(target=wait_for_answer)
    waiting.start()
    time.sleep(0.5)
    assert not ended, "held"
    cleared = time.monotonic()
    clear(sim)
    waiting.join(timeout=10)
    assert ended and ended[0] - cleared < 2, "closed without an answer when the fault ended"


def sts_form() -> dict[str, str]:
    return {
        "Authorization": "AWS4-HMAC-SHA256 Credential=test/20261102/us-east-1/sts/aws4_request,"
        " SignedHeaders=host, Signature=00",
        "Content-Type": "application/x-www-form-urlencoded",
    }


def test_drop_closes_the_connection_without_an_answer(sim: SimServer) -> None:
    fault(sim, "drop:sts")
    with pytest.raises(ConnectionClosedError):
        identity(sim)
    with pytest.raises(http.client.RemoteDisconnected):
        send(sim, "POST", "/", b"Action=GetCallerIdentity", headers=sts_form())
    assert list_jobs(sim)["modelCustomizationJobSummaries"] == []


def test_drop_after_serving_loses_only_the_answer(sim: SimServer, bedrock: Any) -> None:
    fault(sim, "drop=after:CreateModelCustomizationJob,count=1")
    with pytest.raises(ConnectionClosedError):
        once(sim, "bedrock").create_model_customization_job(**valid_request())
    jobs = bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]
    assert [j["jobName"] for j in jobs] == ["support-bot-ft-001"], "it took effect"


def test_faults_never_touch_the_control_endpoints(sim: SimServer) -> None:
    fault(sim, "drop")
    assert control(sim, "GET", "/_ftui/health").status == 200
    assert control(sim, "GET", "/_ftui/calls").status == 200
    clear(sim)
    assert identity(sim)["Account"] == "123456789012"


# --- malformed answers -------------------------------------------------------------------------


def test_malformed_html_is_a_200_web_page(sim: SimServer) -> None:
    fault(sim, "malformed:ListModelCustomizationJobs")
    signed = {"Authorization": sts_form()["Authorization"].replace("/sts/", "/bedrock/")}
    reply = send(sim, "GET", "/model-customization-jobs", headers=signed)
    assert (reply.status, reply.headers["content-type"]) == (200, "text/html")
    assert reply.body.startswith(b"<!DOCTYPE html>")
    # botocore reads a JSON protocol's non-JSON body as {"message": body}: an empty listing
    assert "modelCustomizationJobSummaries" not in list_jobs(sim)
    fault(sim, "malformed:sts", replace=True)
    with pytest.raises(ResponseParserError):
        identity(sim)


def test_malformed_empty_is_a_200_with_an_empty_object(sim: SimServer) -> None:
    fault(sim, "malformed=empty")
    reply = send(sim, "POST", "/", b"Action=GetCallerIdentity", headers=sts_form())
    assert (reply.status, reply.body) == (200, b"{}")
    with pytest.raises(ResponseParserError):
        identity(sim)


def test_malformed_truncated_is_the_real_answer_cut(sim: SimServer, bedrock: Any) -> None:
    bedrock.create_model_customization_job(**valid_request())
    signed = {"Authorization": sts_form()["Authorization"].replace("/sts/", "/bedrock/")}
    whole = send(sim, "GET", "/model-customization-jobs", headers=signed).body
    fault(sim, "malformed=truncated:bedrock")
    cut = send(sim, "GET", "/model-customization-jobs", headers=signed)
    assert cut.status == 200 and cut.body == whole[: len(whole) // 2]
    with pytest.raises(ValueError):
        json.loads(cut.body)


# --- the HTTP interface ----------------------------------------------------------------------


def test_faults_are_listed_added_replaced_and_cleared(sim: SimServer) -> None:
    assert control(sim, "GET", "/_ftui/faults").json() == {"faults": []}
    listed = fault(
        sim,
        "throttle:ListModelCustomizationJobs,count=3",
        {"kind": "slow", "value": "2s", "service": "sts", "probability": 0.5},
    )
    assert [f["spec"] for f in listed] == [
        "throttle:ListModelCustomizationJobs,count=3",
        "slow=2s:sts,p=0.5",
    ]
    assert listed[0] == {
        "spec": "throttle:ListModelCustomizationJobs,count=3",
        "kind": "throttle",
        "value": None,
        "service": None,
        "operation": "ListModelCustomizationJobs",
        "count": 3,
        "probability": None,
    }
    listed = fault(sim, "throttle:ListModelCustomizationJobs,count=1")
    assert [f["spec"] for f in listed] == [
        "slow=2s:sts,p=0.5",
        "throttle:ListModelCustomizationJobs,count=1",
    ], "the same kind and target replaces the older"
    assert [f["spec"] for f in fault(sim, "drop", replace=True)] == ["drop"]
    clear(sim)


@pytest.mark.parametrize(
    "body",
    [
        {"faults": ["throttle", "nonsense"]},
        {"faults": ["throttle:ListModelCustomisationJobs"]},
        {"faults": [{"kind": "throttle", "count": "2"}]},
        {"faults": "throttle"},
        {"fault": ["throttle"]},
        {"faults": ["throttle"], "replace": "yes"},
        ["throttle"],
    ],
)
def test_a_bad_fault_request_is_refused_whole(sim: SimServer, body: Any) -> None:
    fault(sim, "drop:s3")
    reply = control(sim, "POST", "/_ftui/faults", body)
    assert reply.status == 400 and reply.json()["message"]
    assert [f["spec"] for f in control(sim, "GET", "/_ftui/faults").json()["faults"]] == ["drop:s3"]


def test_a_fault_body_that_is_not_json_is_refused(sim: SimServer) -> None:
    reply = send(sim, "POST", "/_ftui/faults", b"throttle")
    assert reply.status == 400 and "JSON" in reply.json()["message"]


# --- the SPEC grammar --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [
        "throttle",
        "5xx=503:sts",
        "slow=500ms:bedrock:GetModelCustomizationJob,count=2",
        "timeout=2m",
        "drop=after:CreateModelCustomizationJob,count=1",
        "expired-credentials,p=0.25",
        "access-denied:StopModelCustomizationJob",
        "malformed=truncated:ListModelCustomizationJobs",
    ],
)
def test_a_spec_reads_back_as_written(spec: str) -> None:
    assert parse_fault(spec).spec == spec


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("throtle", "did you mean 'throttle'"),
        ("throttle:ListModelCustomisationJobs", "did you mean 'ListModelCustomizationJobs'"),
        ("throttle:sts:ListModelCustomizationJobs", "unknown operation"),
        ("throttle:nosuchservice", "unknown service"),
        ("throttle:List-Jobs", "neither a service"),
        ("5xx=502", "500|503"),
        ("slow=soon", "not a duration"),
        ("slow=90m", "an hour at most"),
        ("throttle=5", "takes no value"),
        ("drop,count=0", "at least 1"),
        ("drop,p=1.5", "at most 1"),
        ("drop,count=two", "not a number"),
        ("drop,every=2", "unknown option"),
    ],
)
def test_a_bad_spec_says_what_is_wrong(spec: str, words: str) -> None:
    with pytest.raises(FaultSpecError, match=words.replace("|", r"\|")):
        parse_fault(spec)


def test_ftui_sim_fault_help_lists_the_faults(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "--fault", "help"]) == 0
    text = capsys.readouterr().out
    for kind in ("throttle", "5xx", "slow", "timeout", "drop", "expired-credentials"):
        assert f"\n  {kind} " in text
    assert "count=N" in text and "/_ftui/faults" in text


def test_ftui_sim_refuses_a_bad_fault(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "--fault", "throttle:ListJobz"]) == 2
    assert "unknown operation 'ListJobz'" in capsys.readouterr().err


@pytest.mark.slow
def test_ftui_sim_seeds_before_saying_ready_and_starts_with_its_faults() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "ftui", "sim", "--seed", "--port", str(port)]
    command += ["--fault", "throttle:GetCallerIdentity,count=1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    endpoint = Remote(port)
    try:
        statuses = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                reply = control(endpoint, "GET", "/_ftui/health")
            except OSError:
                continue  # not listening yet
            statuses.append(reply.status)
            if reply.status == 200:
                break
            time.sleep(0.02)
        assert statuses[-1] == 200 and 503 in statuses
        jobs = once(endpoint, "bedrock").list_model_customization_jobs()
        assert len(jobs["modelCustomizationJobSummaries"]) >= 6, "ready means seeded"
        sts = once(endpoint, "sts")
        assert error(sts.get_caller_identity)[1] == "Throttling"
        assert sts.get_caller_identity()["Account"] == "123456789012"
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0


def test_faults_spare_the_emulators_own_calls(sim: SimServer, bedrock: Any) -> None:
    """A job reads its data from S3 inside AWS: a fault on the client's S3 is not its problem."""
    fault(sim, "5xx:s3")
    with pytest.raises(ClientError):
        once(sim, "s3").list_buckets()
    arn = bedrock.create_model_customization_job(**valid_request())["jobArn"]
    sim.advance(3600)
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert job["statusDetails"]["validationDetails"]["status"] == "Completed"
