"""Nothing a client sends breaks the emulator: an AWS error for each bad request, state unchanged."""

from __future__ import annotations

import json
import socket
from datetime import timedelta
from typing import Any, NamedTuple

import pytest
from botocore.exceptions import ClientError

from ftui.sim.clock import ManualClock, ScaledClock
from ftui.sim.server import SimServer
from ftui.sim.world import seed_world
from tests.factories import valid_request
from tests.sim.conftest import SIGNED, Reply, client, control, send

JSON = {**SIGNED, "Content-Type": "application/x-amz-json-1.1"}


@pytest.fixture
def job(bedrock: Any) -> str:
    return str(bedrock.create_model_customization_job(**valid_request())["jobArn"])


def state(bedrock: Any, arn: str) -> tuple[Any, ...]:
    """What a user can see of the account: its jobs and the job's tags."""
    jobs = bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]
    tags = bedrock.list_tags_for_resource(resourceARN=arn)["tags"]
    return tuple((j["jobName"], j["status"]) for j in jobs), tuple(
        (t["key"], t["value"]) for t in tags
    )


def assert_aws_error(reply: Reply, status: int, code: str) -> None:
    assert (reply.status, reply.headers.get("x-amzn-errortype")) == (status, code), reply.body
    assert reply.headers["content-type"] == "application/json"
    assert isinstance(reply.json()["message"], str) and reply.json()["message"]


def tag_body(arn: str, tags: Any) -> bytes:
    return json.dumps({"resourceARN": arn, "tags": tags}).encode()


NESTED = b'{"resourceARN": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


class Bad(NamedTuple):
    method: str
    path: str
    body: bytes | None
    headers: dict[str, str]
    status: int
    code: str


BAD_REQUESTS = {
    "negative-length": Bad(
        "POST", "/tagResource", b"{}", {**JSON, "Content-Length": "-5"}, 400, "ValidationException"
    ),
    "bogus-length": Bad(
        "POST", "/tagResource", b"{}", {**JSON, "Content-Length": "2x"}, 400, "ValidationException"
    ),
    "absurd-length": Bad(
        "POST",
        "/tagResource",
        b"{}",
        {**JSON, "Content-Length": str(10**12)},
        413,
        "RequestEntityTooLarge",
    ),
    "broken-chunks": Bad(
        "POST",
        "/tagResource",
        b"zz\r\n{}\r\n0\r\n\r\n",
        {**JSON, "Transfer-Encoding": "chunked"},
        400,
        "ValidationException",
    ),
    "nested-100000": Bad("POST", "/tagResource", NESTED, JSON, 400, "ValidationException"),
    "not-json": Bad("POST", "/tagResource", b"tags=a", JSON, 400, "ValidationException"),
    "not-an-object": Bad(
        "POST", "/tagResource", b'[{"key": "a"}]', JSON, 400, "ValidationException"
    ),
    "nan": Bad("POST", "/tagResource", b'{"resourceARN": NaN}', JSON, 400, "ValidationException"),
    "not-utf8": Bad("POST", "/tagResource", b"\xff\xfe{}", JSON, 400, "ValidationException"),
    "create-not-json": Bad(
        "POST", "/model-customization-jobs", b"{", JSON, 400, "ValidationException"
    ),
    "create-number-for-string": Bad(
        "POST",
        "/model-customization-jobs",
        json.dumps({**valid_request(), "jobName": 5}).encode(),
        JSON,
        400,
        "ValidationException",
    ),
    "garbage-authorization": Bad(
        "GET",
        "/model-customization-jobs",
        None,
        {"Authorization": "garbage"},
        403,
        "IncompleteSignatureException",
    ),
    "unknown-path": Bad("GET", "/no-such-thing", None, SIGNED, 404, "UnknownOperationException"),
    "unknown-method": Bad(
        "DELETE", "/model-customization-jobs", None, SIGNED, 404, "UnknownOperationException"
    ),
    "unimplemented-operation": Bad("GET", "/evaluation-jobs", None, SIGNED, 501, "NotImplemented"),
}


@pytest.mark.parametrize("bad", BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys())
def test_a_malformed_request_gets_an_aws_error_and_changes_nothing(
    sim: SimServer, bedrock: Any, job: str, bad: Bad
) -> None:
    before = state(bedrock, job)
    reply = send(sim, bad.method, bad.path, bad.body, headers=bad.headers)
    assert_aws_error(reply, bad.status, bad.code)
    assert state(bedrock, job) == before


@pytest.mark.parametrize(
    ("tags", "words"),
    [
        (5, "Member must be a list"),
        ({"key": "a", "value": "b"}, "Member must be a list"),
        ([{"key": 5, "value": "x"}], "at 'tags.1.member.key'"),
        ([{"key": "a", "value": 7}], "at 'tags.1.member.value'"),
        ([{"key": "a"}], "Value null at 'tags.1.member.value'"),
        ([None], "Value null at 'tags.1.member'"),
        (["a=b"], "Member must be an object"),
        ([{"key": "", "value": "x"}], "length greater than or equal to 1"),
        ([{"key": "k" * 129, "value": "x"}], "length less than or equal to 128"),
        ([{"key": "ok", "value": "v" * 257}], "length less than or equal to 256"),
        ([{"key": "ok", "value": "fine"}, {"key": "no!", "value": "x"}], "regular expression"),
        ([{"key": f"k{i}", "value": "v"} for i in range(201)], "less than or equal to 200"),
    ],
    ids=[
        "number",
        "object",
        "number-key",
        "number-value",
        "missing-value",
        "null-tag",
        "string-tag",
        "empty-key",
        "long-key",
        "long-value",
        "bad-key-after-good",
        "201-tags",
    ],
)
def test_tag_resource_refuses_bad_tags_whole(
    sim: SimServer, bedrock: Any, job: str, tags: Any, words: str
) -> None:
    before = state(bedrock, job)
    reply = send(sim, "POST", "/tagResource", tag_body(job, tags), headers=JSON)
    assert_aws_error(reply, 400, "ValidationException")
    assert words in reply.json()["message"]
    assert reply.json()["message"].startswith(("1 validation error detected: Value", "2 valid"))
    assert state(bedrock, job) == before, "no tag of a refused request is applied"


def test_tag_resource_past_200_tags_applies_none(bedrock: Any, job: str) -> None:
    bedrock.tag_resource(resourceARN=job, tags=[{"key": f"k{i}", "value": "v"} for i in range(198)])
    before = state(bedrock, job)
    assert len(before[1]) == 199  # with the job's own
    more = [{"key": "new-1", "value": "v"}, {"key": "new-2", "value": "v"}]
    with pytest.raises(ClientError) as raised:
        bedrock.tag_resource(resourceARN=job, tags=more)
    assert raised.value.response["Error"]["Code"] == "TooManyTagsException"
    assert state(bedrock, job) == before
    bedrock.tag_resource(resourceARN=job, tags=[{"key": "team", "value": "changed"}])
    assert ("team", "changed") in state(bedrock, job)[1], "replacing a tag is not adding one"


def test_untag_with_wrong_types_changes_nothing(sim: SimServer, bedrock: Any, job: str) -> None:
    before = state(bedrock, job)
    for keys in ([{"key": "team"}], "team", [5]):
        body = json.dumps({"resourceARN": job, "tagKeys": keys}).encode()
        assert_aws_error(
            send(sim, "POST", "/untagResource", body, headers=JSON), 400, "ValidationException"
        )
    assert state(bedrock, job) == before


def test_boto3_sees_validation_and_unimplemented_as_client_errors(bedrock: Any, job: str) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException):
        bedrock.tag_resource(resourceARN=job, tags=[{"key": "a b!", "value": "x"}])
    with pytest.raises(ClientError) as raised:
        bedrock.list_evaluation_jobs()
    error = raised.value.response
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == (
        "NotImplemented",
        501,
    )
    assert "ListEvaluationJobs" in error["Error"]["Message"]


def test_other_services_answer_errors_in_their_own_shape(sim: SimServer) -> None:
    sts = {**SIGNED, "Authorization": SIGNED["Authorization"].replace("/bedrock/", "/sts/")}
    form = {**sts, "Content-Type": "application/x-www-form-urlencoded"}
    reply = send(sim, "POST", "/", b"Action=NoSuchAction&Version=2011-06-15", headers=form)
    assert reply.status == 400 and reply.headers["content-type"] == "text/xml"
    assert b"<Code>InvalidAction</Code>" in reply.body
    with pytest.raises(ClientError) as raised:
        client(sim, "sts").decode_authorization_message(EncodedMessage="x")
    assert raised.value.response["Error"]["Code"] == "NotImplemented"


# --- simulated time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "seconds", ["nan", "inf", "-inf", "-1", "1e308", str(11 * 365 * 24 * 3600), "abc", ""]
)
def test_advance_refuses_what_would_break_time(sim: SimServer, bedrock: Any, seconds: str) -> None:
    before = sim.clock.now()
    reply = control(sim, "POST", f"/_ftui/advance?seconds={seconds}")
    assert reply.status == 400 and reply.json()["ok"] is False
    assert "seconds" in reply.json()["message"]
    assert sim.clock.now() == before
    reply = control(sim, "POST", "/_ftui/advance?seconds=3600")
    assert reply.status == 200
    assert sim.clock.now() == before + timedelta(hours=1)
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


def test_time_cannot_be_pushed_off_the_calendar(sim: SimServer) -> None:
    step = 10 * 365 * 24 * 3600
    refused = 0
    for _ in range(800):
        if control(sim, "POST", f"/_ftui/advance?seconds={step}").status == 400:
            refused += 1
            break
    assert refused == 1, "far in the future, a step is refused instead of overflowing"
    assert sim.clock.now().year > 8900
    assert control(sim, "GET", "/_ftui/health").status == 200
    assert client(sim, "sts").get_caller_identity()["Account"] == "123456789012"


def test_clocks_refuse_bad_steps_and_speeds() -> None:
    clock = ManualClock()
    start = clock.now()
    for bad in (float("nan"), float("inf"), -1.0, 1e308):
        with pytest.raises(ValueError, match="seconds"):
            clock.advance(bad)
    assert clock.now() == start
    for speed in (float("inf"), float("nan"), 0.0, 1e300):
        with pytest.raises(ValueError, match="speed"):
            ScaledClock(speed)
    scaled = ScaledClock(60)
    with pytest.raises(ValueError, match="seconds"):
        scaled.advance(float("nan"))
    assert abs(scaled.now() - start) > timedelta(0)  # still a time, not an exception


# --- the control endpoints ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/_ftui/x", "/_ftui", "/_ftui/health/more", "/_ftui/../x"])
def test_unknown_control_paths_are_404_json(sim: SimServer, path: str) -> None:
    reply = control(sim, "GET", path)
    assert reply.status == 404 and reply.json()["ok"] is False
    assert "/_ftui/health" in reply.json()["message"]


def test_a_control_endpoint_says_which_methods_it_takes(sim: SimServer) -> None:
    reply = control(sim, "POST", "/_ftui/health")
    assert reply.status == 405 and reply.headers["allow"] == "GET, HEAD"


def test_health_says_ready_only_once_the_world_is_seeded() -> None:
    sim = SimServer(clock=ManualClock()).start(ready=False)
    try:
        reply = control(sim, "GET", "/_ftui/health")
        assert (reply.status, reply.json()["ready"]) == (503, False)
        seed_world(sim)
        assert control(sim, "GET", "/_ftui/health").status == 503, "seeded is not yet ready"
        sim.mark_ready()
        reply = control(sim, "GET", "/_ftui/health")
        assert (reply.status, reply.json()["ready"], reply.json()["ok"]) == (200, True, True)
        jobs = client(sim, "bedrock").list_model_customization_jobs()
        assert jobs["modelCustomizationJobSummaries"], "ready means the demo jobs are there"
    finally:
        sim.stop()


def test_a_well_formed_chunked_body_is_read(sim: SimServer, bedrock: Any, job: str) -> None:
    body = json.dumps({"resourceARN": job, "tags": [{"key": "chunked", "value": "yes"}]})
    data = body.encode()
    chunked = f"{len(data):x}\r\n".encode() + data + b"\r\n0\r\n\r\n"
    reply = send(
        sim, "POST", "/tagResource", chunked, headers={**JSON, "Transfer-Encoding": "chunked"}
    )
    assert reply.status == 200, reply.body
    assert ("chunked", "yes") in state(bedrock, job)[1]


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"HELLO\r\n\r\n", b"400"),
        (
            b"GET /model-customization-jobs HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
            b"431",
        ),
        (b"GET /model-customization-jobs HTTP/7.0\r\n\r\n", b"505"),
    ],
    ids=["no-http", "header-too-long", "http-7"],
)
def test_what_http_itself_refuses_is_json_too(
    sim: SimServer, request_bytes: bytes, status: bytes
) -> None:
    with socket.create_connection(("127.0.0.1", sim.port), timeout=10) as connection:
        connection.sendall(request_bytes)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split()[1] == status, head
    assert b"Content-Type: application/json" in head
    assert json.loads(body)["message"]
    assert client(sim, "sts").get_caller_identity()["Account"] == "123456789012"
