"""``ftui check NAME|FILE``: each check as it finishes, a summary, --json, and exit codes a script
can act on (0 ready, 1 a check failed, 2 unusable input, 3 AWS out of reach)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from ftui.cli import main
from ftui.core.interop import to_cli_json
from ftui.core.preflight import planned_checks
from ftui.core.profiles import ProfileStore

ACCOUNT = "123456789012"


@pytest.fixture
def profiles(aws_env: Any) -> ProfileStore:
    """The demo's sample profiles, as the user's own."""
    from ftui.sim.world import seed_profiles

    store = ProfileStore.default()
    seed_profiles(store)
    return store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def lines_of(out: str, label: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(label)]


def test_a_ready_profile_passes_with_every_check_on_its_own_line(
    capsys: pytest.CaptureFixture[str], profiles: ProfileStore
) -> None:
    code, out, err = run(capsys, "check", "rft-math-grader")
    assert code == 0
    planned = planned_checks(profiles.load("rft-math-grader").draft, "us-east-1")
    assert len(out.splitlines()) == len(planned)
    assert "PASS  Service role       BedrockCustomizationRole trusts bedrock.amazonaws.com" in out
    assert "PASS  Grader function    the grader math-answer-grader exists (python3.12)" in out
    assert err.strip().startswith(f"{len(planned)} checks: ")


def test_a_role_without_bedrock_trust_fails_with_the_trust_policy_to_paste(
    capsys: pytest.CaptureFixture[str], profiles: ProfileStore
) -> None:
    profile = profiles.load("titan-docs-cpt")
    profile.draft.set(("roleArn",), f"arn:aws:iam::{ACCOUNT}:role/DataScienceEC2Role")
    path = Path("untrusted.json")
    path.write_text(to_cli_json(profile.draft))
    code, out, err = run(capsys, "check", str(path), "--region", "us-east-1")
    assert code == 1
    (failed,) = lines_of(out, "FAIL")
    assert failed == (
        "FAIL  Service role       roleArn: DataScienceEC2Role does not trust"
        " bedrock.amazonaws.com: AWS would answer 'Could not assume provided IAM role'"
    )
    fix = out[out.index(failed) + len(failed) :]
    assert (
        "        aws iam update-assume-role-policy --role-name DataScienceEC2Role"
        " --policy-document file://trust.json"
    ) in fix
    assert '            "Service": "bedrock.amazonaws.com"' in fix
    assert "fix what failed before submitting" in err


def test_json_is_one_array_of_checks_and_nothing_else(
    capsys: pytest.CaptureFixture[str], profiles: ProfileStore
) -> None:
    code, out, err = run(capsys, "check", "distill-nova-micro", "--json")
    assert code == 0
    checks = json.loads(out)
    planned = planned_checks(profiles.load("distill-nova-micro").draft, "us-east-1")
    assert [c["check"] for c in checks] == [p.check for p in planned]
    assert all(set(c) == {"check", "status", "field", "message", "fix"} for c in checks)
    teacher = next(c for c in checks if c["check"] == "teacher")
    assert teacher["field"] == (
        "customizationConfig.distillationConfig.teacherModelConfig.teacherModelIdentifier"
    )
    assert next(c for c in checks if c["check"] == "account")["field"] is None
    assert err == ""


def test_the_region_given_wins_over_the_profiles(
    capsys: pytest.CaptureFixture[str], profiles: ProfileStore
) -> None:
    code, out, _ = run(capsys, "check", "nova-support-bot", "--region", "us-west-2", "--json")
    assert code == 1
    checks = {c["check"]: c for c in json.loads(out)}
    assert checks["output-bucket"]["message"] == (
        "ftui-demo-output is in us-east-1, but the job runs in us-west-2"
    )


def test_a_profile_file_is_checked_too(
    capsys: pytest.CaptureFixture[str], profiles: ProfileStore
) -> None:
    _, _, found = profiles.resolve("titan-docs-cpt")
    code, out, _ = run(capsys, "check", str(found))
    assert code == 0
    assert "PASS  Base model" in out


def test_an_unknown_profile_is_unusable(
    capsys: pytest.CaptureFixture[str], profiles: ProfileStore
) -> None:
    code, out, err = run(capsys, "check", "no-such-profile")
    assert (code, out) == (2, "")
    assert "no-such-profile" in err


def test_an_unreadable_file_is_unusable(capsys: pytest.CaptureFixture[str], aws_env: Any) -> None:
    Path("broken.json").write_text("{not json")
    code, out, err = run(capsys, "check", "broken.json")
    assert (code, out) == (2, "")
    assert err.startswith("error: broken.json")


def test_no_region_anywhere_is_unusable(
    capsys: pytest.CaptureFixture[str], profiles: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    Path("request.json").write_text(to_cli_json(profiles.load("titan-docs-cpt").draft))
    code, out, err = run(capsys, "check", "request.json")
    assert (code, out) == (2, "")
    assert "no AWS region" in err


def test_expired_credentials_exit_3(
    capsys: pytest.CaptureFixture[str], profiles: ProfileStore, aws_env: Any
) -> None:
    with aws_env.fault("expired-credentials"):
        code, out, err = run(capsys, "check", "nova-support-bot")
    assert code == 3
    assert "Renew your credentials" in out
    assert "AWS could not be reached" in err


def test_aws_out_of_reach_exits_3(
    capsys: pytest.CaptureFixture[str], profiles: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    code, out, _ = run(capsys, "check", "nova-support-bot", "--json")
    assert code == 3
    statuses = {c["check"]: c["status"] for c in json.loads(out)}
    assert statuses["request"] == "pass"
    assert statuses["role"] == "skipped"


def test_a_throttled_check_is_skipped_and_the_exit_is_the_others(
    capsys: pytest.CaptureFixture[str], profiles: ProfileStore, aws_env: Any
) -> None:
    # One call AWS throttles (even after botocore's retries) is not AWS out of reach.
    with aws_env.fault("throttle:GetFunction"):
        code, out, err = run(capsys, "check", "rft-math-grader")
    assert code == 0
    (skipped,) = lines_of(out, "SKIP")
    assert skipped.startswith("SKIP  Grader function    could not check: AWS throttled")
    assert "AWS could not be reached" not in err


def test_a_refused_check_is_skipped_and_the_rest_still_pass(
    capsys: pytest.CaptureFixture[str], profiles: ProfileStore, aws_env: Any
) -> None:
    with aws_env.fault("access-denied:GetFunction"):
        code, out, _ = run(capsys, "check", "rft-math-grader")
    assert code == 0
    (skipped,) = lines_of(out, "SKIP  Grader function")
    assert skipped.startswith("SKIP  Grader function    could not check: arn:aws:sts::")
    assert skipped.endswith("may not call lambda:GetFunction")


def test_what_a_file_says_reaches_the_terminal_as_text_not_escapes(
    capsys: pytest.CaptureFixture[str], profiles: ProfileStore
) -> None:
    draft = profiles.load("titan-docs-cpt").draft
    draft.set(("jobName",), "cpt\x1b]52;c;ZXZpbA==\x07\nFAIL  forged line")
    Path("hostile.json").write_text(to_cli_json(draft))
    code, out, _ = run(capsys, "check", "hostile.json", "--region", "us-east-1")
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out
    assert not any(line.startswith("FAIL  forged") for line in out.splitlines())
