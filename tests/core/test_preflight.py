"""Pre-flight checks as a whole, against the emulator's demo account: what is planned, the order
and the speed of a run, the verdict, and what happens when AWS says no or is not there."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ftui.core.aws.errors import AwsError
from ftui.core.aws.session import AwsSession, AwsTarget, Timeouts
from ftui.core.draft import Draft
from ftui.core.preflight import CheckResult, planned_checks, run_checks, verdict
from ftui.core.profiles import ProfileStore

REGION = "us-east-1"
DEMO_PROFILES = ("nova-support-bot", "titan-docs-cpt", "distill-nova-micro", "rft-math-grader")


def load_demo_requests(folder: Path) -> dict[str, dict[str, Any]]:
    """The demo's sample profiles: valid requests of each kind against the demo account."""
    from ftui.sim.world import seed_profiles

    store = ProfileStore(folder)
    seed_profiles(store)
    return {name: store.load(name).draft.request for name in DEMO_PROFILES}


@pytest.fixture(scope="module")
def demo_requests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return load_demo_requests(tmp_path_factory.mktemp("profiles"))


def demo_draft(requests: dict[str, dict[str, Any]], name: str = "nova-support-bot") -> Draft:
    return Draft(copy.deepcopy(requests[name]))


def session(region: str = REGION) -> AwsSession:
    return AwsSession(AwsTarget(region=region))


def only(results: list[CheckResult], check: str) -> CheckResult:
    (found,) = [r for r in results if r.check == check]
    return found


def test_every_demo_profile_passes_every_check(
    aws_env: Any, demo_requests: dict[str, dict[str, Any]]
) -> None:
    for name in DEMO_PROFILES:
        results = run_checks(session(), demo_draft(demo_requests, name), REGION)
        failing = [r for r in results if r.status != "pass"]
        assert failing == [], name
        assert verdict(results) == "pass"


def test_a_valid_demo_draft_is_checked_in_well_under_a_second(
    aws_env: Any, demo_requests: dict[str, dict[str, Any]]
) -> None:
    # As the TUI runs them: its session's clients already made (a new boto3 session costs
    # ~0.25 s before its first call, whatever is asked).
    shared = session()
    run_checks(shared, demo_draft(demo_requests), REGION)
    started = time.perf_counter()
    results = run_checks(shared, demo_draft(demo_requests), REGION)
    elapsed = time.perf_counter() - started
    assert verdict(results) == "pass"
    assert elapsed < 0.5, f"{elapsed:.2f} s"


def test_the_plan_lists_what_the_draft_names_and_nothing_it_leaves_empty(
    demo_requests: dict[str, dict[str, Any]],
) -> None:
    plan = [p.check for p in planned_checks(demo_draft(demo_requests), REGION)]
    assert plan == [
        "account",
        "request",
        "role",
        "role-access",
        "base-model",
        "training-data",
        "validation-data",
        "data-buckets",
        "output-bucket",
        "job-name",
        "model-name",
    ]
    draft = demo_draft(demo_requests)
    draft.set(("customModelKmsKeyId",), "alias/ftui-demo-models")
    draft.set(("vpcConfig",), {"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"]})
    draft.set(("validationDataConfig", "validators", 1), {"s3Uri": "s3://b/v2.jsonl"})
    planned = planned_checks(draft, REGION)
    assert {"kms-key", "network"} <= {p.check for p in planned}
    titles = [p.title for p in planned if p.check == "validation-data"]
    assert titles == ["Validation data 1", "Validation data 2"]
    draft.set(("roleArn",), "BedrockCustomizationRole")  # not an ARN: the request check says so
    assert "role" not in {p.check for p in planned_checks(draft, REGION)}


def test_each_kind_plans_its_own_checks(demo_requests: dict[str, dict[str, Any]]) -> None:
    def plan(name: str) -> set[str]:
        return {p.check for p in planned_checks(demo_draft(demo_requests, name), REGION)}

    assert "teacher" in plan("distill-nova-micro") and "grader" not in plan("distill-nova-micro")
    assert "grader" in plan("rft-math-grader") and "teacher" not in plan("rft-math-grader")
    assert not {"teacher", "grader", "invocation-logs"} & plan("nova-support-bot")


def test_results_come_in_planned_order_each_heard_as_it_finishes(
    aws_env: Any, demo_requests: dict[str, dict[str, Any]]
) -> None:
    draft = demo_draft(demo_requests)
    heard: list[tuple[str, str]] = []
    lock = threading.Lock()

    def on_result(result: CheckResult) -> None:
        with lock:
            heard.append((result.check, threading.current_thread().name))

    results = run_checks(session(), draft, REGION, on_result=on_result, workers=4)
    assert [(r.check, r.title) for r in results] == [
        (p.check, p.title) for p in planned_checks(draft, REGION)
    ]
    assert sorted(c for c, _ in heard) == sorted(r.check for r in results)
    assert any(name.startswith("preflight") for _, name in heard)


def test_a_result_as_json_names_its_field_as_a_path() -> None:
    result = CheckResult(
        "validation-data",
        "Validation data",
        "fail",
        ("validationDataConfig", "validators", 0, "s3Uri"),
        "there is no object at s3://b/v.jsonl",
        "upload it",
    )
    assert result.to_json() == {
        "check": "validation-data",
        "status": "fail",
        "field": "validationDataConfig.validators[0].s3Uri",
        "message": "there is no object at s3://b/v.jsonl",
        "fix": "upload it",
    }
    assert CheckResult("account", "AWS account", "pass", None, "ok").to_json()["field"] is None


def test_the_verdict_passes_warnings_and_denied_checks_but_not_failures() -> None:
    def result(status: Any, error: AwsError | None = None) -> CheckResult:
        return CheckResult("x", "X", status, None, "", error=error)

    denied = AwsError("AccessDenied", "no", "iam:GetRole")
    assert verdict([result("pass"), result("warn"), result("skipped", denied)]) == "pass"
    assert verdict([result("pass"), result("fail")]) == "fail"


def test_the_verdict_is_unreachable_only_when_aws_could_not_be_asked_at_all() -> None:
    lost = AwsError("EndpointConnectionError", "refused", "sts:GetCallerIdentity")
    throttled = AwsError("ThrottlingException", "slow down", "bedrock:GetCustomModel")

    def result(check: str, status: Any, error: AwsError | None = None) -> CheckResult:
        return CheckResult(check, check, status, None, "", error=error)

    offline_draft = CheckResult("request", "Request", "pass", None, "", needs_aws=False)
    # The account check runs first: when it cannot reach AWS, the rest is unknown.
    assert verdict([result("account", "skipped", lost), offline_draft]) == "unreachable"
    # Every check after it unanswered: nothing is known either.
    everything_lost = [result("role", "skipped", lost), result("base-model", "skipped", throttled)]
    assert verdict([result("account", "pass"), offline_draft, *everything_lost]) == "unreachable"
    # One check throttled among checks that ran: it is skipped, the others decide.
    ran = [result("account", "pass"), offline_draft, result("role", "pass")]
    assert verdict([*ran, result("base-model", "skipped", throttled)]) == "pass"
    assert verdict([*ran, result("job-name", "fail"), result("x", "skipped", lost)]) == "fail"


def test_a_check_aws_refuses_is_skipped_and_does_not_block(
    aws_env: Any, demo_requests: dict[str, dict[str, Any]]
) -> None:
    with aws_env.fault("access-denied:GetRole"):
        results = run_checks(session(), demo_draft(demo_requests), REGION)
    role = only(results, "role")
    assert role.status == "skipped"
    assert role.message == (
        "could not check: arn:aws:sts::123456789012:user/moto may not call iam:GetRole"
    )
    assert verdict(results) == "pass"


@pytest.fixture
def nowhere(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An endpoint nothing listens on: AWS cannot be reached."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    yield


def test_unreachable_aws_is_said_once_and_fast_not_by_every_check_timing_out(
    nowhere: None, demo_requests: dict[str, dict[str, Any]]
) -> None:
    quick = AwsSession(AwsTarget(region=REGION), timeouts=Timeouts(connect=1, read=1, attempts=1))
    started = time.perf_counter()
    results = run_checks(quick, demo_draft(demo_requests), REGION)
    assert time.perf_counter() - started < 3
    assert verdict(results) == "unreachable"
    assert only(results, "request").status == "pass"  # needs no AWS
    assert {r.status for r in results if r.check != "request"} == {"skipped"}


def test_no_credentials_is_unreachable(
    monkeypatch: pytest.MonkeyPatch, demo_requests: dict[str, dict[str, Any]]
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    results = run_checks(session(), demo_draft(demo_requests), REGION)
    assert verdict(results) == "unreachable"
    assert "no AWS credentials found" in only(results, "account").message


def test_expired_credentials_are_unreachable(
    aws_env: Any, demo_requests: dict[str, dict[str, Any]]
) -> None:
    with aws_env.fault("expired-credentials"):
        results = run_checks(session(), demo_draft(demo_requests), REGION)
    assert verdict(results) == "unreachable"
    assert "Renew your credentials" in only(results, "account").message


def test_a_throttled_check_is_skipped_and_the_others_still_decide(
    aws_env: Any, demo_requests: dict[str, dict[str, Any]]
) -> None:
    quick = AwsSession(AwsTarget(region=REGION), max_attempts=1)
    with aws_env.fault("throttle:GetRole"):
        results = run_checks(quick, demo_draft(demo_requests), REGION)
    role = only(results, "role")
    assert role.status == "skipped"
    assert role.message.startswith("could not check: AWS throttled iam:GetRole (Throttl")
    assert role.fix == "check again in a moment"
    assert {r.status for r in results if r.check != "role"} == {"pass"}
    assert verdict(results) == "pass"
    draft = demo_draft(demo_requests)
    draft.set(("jobName",), "support-bot-nova-micro-ft-003")  # taken: a check fails
    with aws_env.fault("throttle:GetRole"):
        assert verdict(run_checks(quick, draft, REGION)) == "fail"


def test_a_service_failing_midway_skips_its_checks_and_the_others_still_decide(
    aws_env: Any, demo_requests: dict[str, dict[str, Any]]
) -> None:
    quick = AwsSession(AwsTarget(region=REGION), max_attempts=1)
    with aws_env.fault("5xx=503:s3"):
        results = run_checks(quick, demo_draft(demo_requests), REGION)
    data = only(results, "training-data")
    assert data.status == "skipped" and data.fix == "check again in a moment"
    assert only(results, "role").status == "pass"
    assert verdict(results) == "pass"


def test_every_check_after_the_account_unanswered_is_unreachable(
    aws_env: Any, demo_requests: dict[str, dict[str, Any]]
) -> None:
    quick = AwsSession(AwsTarget(region=REGION), max_attempts=1)
    with aws_env.fault("5xx=503:s3", "5xx=503:iam", "5xx=503:bedrock"):
        results = run_checks(quick, demo_draft(demo_requests), REGION)
    assert only(results, "account").status == "pass"
    assert only(results, "request").status == "pass"  # needs no AWS
    assert verdict(results) == "unreachable"


def test_a_bug_in_a_check_is_a_skipped_result_not_a_lost_worker(
    aws_env: Any, demo_requests: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ftui.core.preflight import names

    def broken(*_: object) -> CheckResult:
        raise KeyError("status")

    monkeypatch.setattr(names, "next_name", broken)
    draft = demo_draft(demo_requests)
    draft.set(("jobName",), "support-bot-nova-micro-ft-003")  # taken: the fix names one
    results = run_checks(session(), draft, REGION)
    job = only(results, "job-name")
    assert job.status == "skipped"
    assert "ftui failed: KeyError" in job.message


def test_an_invalid_request_fails_its_check_and_the_other_checks_still_run(
    aws_env: Any, demo_requests: dict[str, dict[str, Any]]
) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("hyperParameters", "epochCount"), 12)
    results = run_checks(session(), draft, REGION)
    request = only(results, "request")
    assert request.status == "fail"
    assert request.field == ("hyperParameters", "epochCount")
    assert request.message.endswith("(it is 12)")
    assert request.fix == f"hyperParameters.epochCount: {request.message}"
    assert only(results, "role").status == "pass"
    assert verdict(results) == "fail"
