"""The CLI's safety: read-only from any source, `ftui stop`, and failures that print nothing false."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import boto3
import pytest

from ftui.cli import main
from ftui.core import paths
from ftui.core.aws.policy import mutates
from ftui.sim.server import SimServer
from ftui.sim.world import ROLE_ARN
from tests.factories import valid_request
from tests.tui.test_jobs import new_job


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _status(sim: SimServer, name: str) -> str:
    client = boto3.client("bedrock", endpoint_url=sim.endpoint_url, region_name="us-east-1")
    return str(client.get_model_customization_job(jobIdentifier=name)["status"])


def _count_jobs(sim: SimServer, name: str) -> int:
    client = boto3.client("bedrock", endpoint_url=sim.endpoint_url, region_name="us-east-1")
    listed = client.list_model_customization_jobs(nameContains=name)
    return len(listed["modelCustomizationJobSummaries"])


def _profile(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    request = valid_request()
    request.update(
        jobName=name,
        customModelName=f"{name}-model",
        roleArn=ROLE_ARN,
        trainingDataConfig={"s3Uri": "s3://ftui-demo-data/support/train.jsonl"},
        validationDataConfig={
            "validators": [{"s3Uri": "s3://ftui-demo-data/support/validation.jsonl"}]
        },
        outputDataConfig={"s3Uri": "s3://ftui-demo-output/jobs/"},
    )
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(request))
    code, _, err = run(capsys, "import", str(path), "--name", name)
    assert code == 0, err


SOURCES = ["flag", "environment", "config"]


def read_only_from(source: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Turn read-only mode on from ``source``; the words to put before the command."""
    if source == "environment":
        monkeypatch.setenv("FTUI_READ_ONLY", "1")
    elif source == "config":
        paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
        paths.settings_file().write_text("read_only = true\n")
    return ["--read-only"] if source == "flag" else []


@pytest.mark.parametrize("source", SOURCES)
def test_read_only_from_anywhere_submits_stops_and_deletes_nothing(
    source: str,
    aws_env: SimServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = f"ro-{source}"
    _profile(capsys, tmp_path, name)
    running = new_job(aws_env, f"{name}-running")
    before = paths.profiles_dir() / f"{name}.toml"
    words = read_only_from(source, monkeypatch)

    code, out, err = run(capsys, *words, "submit", name, "--yes")
    assert (code, out) == (2, "") and "read-only mode" in err and "not submitted" in err
    code, _, err = run(capsys, *words, "stop", running, "--yes")
    assert code == 2 and "not stopped" in err and "read-only mode" in err
    code, _, err = run(capsys, *words, "profiles", "delete", name, "--yes")
    assert code == 2 and "read-only mode" in err

    assert _count_jobs(aws_env, name) == 1  # only the one made directly
    assert _status(aws_env, running) == "InProgress"
    assert before.is_file()
    code, out, _ = run(capsys, *words, "submit", name, "--dry-run")
    assert code == 0 and json.loads(out)["jobName"] == name


def test_read_only_names_where_it_came_from(
    aws_env: SimServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _profile(capsys, tmp_path, "ro-where")
    read_only_from("config", monkeypatch)
    _, _, err = run(capsys, "submit", "ro-where", "--yes")
    assert f"read_only = true in {paths.settings_file()}" in err


def test_stop_a_running_job_by_name(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    arn = new_job(aws_env, "stop-me")
    code, _, err = run(capsys, "stop", "stop-me")
    assert code == 2 and "pass --yes" in err and "cannot be resumed" in err
    assert _status(aws_env, "stop-me") == "InProgress"
    code, out, err = run(capsys, "stop", "stop-me", "--yes")
    assert (code, out.strip()) == (0, arn) and "stopping stop-me" in err
    assert _status(aws_env, "stop-me") in ("Stopping", "Stopped")


def test_stop_by_arn_takes_the_region_from_it(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    arn = new_job(aws_env, "stop-by-arn")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.delenv("AWS_REGION", raising=False)
    code, out, _ = run(capsys, "stop", arn, "--yes")
    assert (code, out.strip()) == (0, arn)


def test_stop_a_finished_or_missing_job_exits_3(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    new_job(aws_env, "stop-twice")
    assert run(capsys, "stop", "stop-twice", "--yes")[0] == 0
    aws_env.advance(3600)
    code, _, err = run(capsys, "stop", "stop-twice", "--yes")
    assert code == 3 and "only a job in progress can be stopped" in err
    code, _, err = run(capsys, "stop", "no-such-job", "--yes")
    assert code == 3 and "no job 'no-such-job' in us-east-1" in err


def test_jobs_json_prints_nothing_when_no_region_answers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.fake_endpoint import HTML_PAGE, fake_endpoint

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    with fake_endpoint({"ListModelCustomizationJobs": HTML_PAGE}) as endpoint:
        code, out, err = run(
            capsys, "jobs", "--json", "--endpoint-url", endpoint.url, "--region", "us-east-1"
        )
        assert (code, out) == (3, "") and "BadResponse" in err
        code, out, err = run(
            capsys, "jobs", "--endpoint-url", endpoint.url, "--region", "us-east-1"
        )
    assert (code, out) == (3, "") and "no jobs" not in err and "BadResponse" in err


def test_a_broken_config_stops_any_command_with_its_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text("read_only = maybe\n")
    code, out, err = run(capsys, "stop", "x", "--yes")
    assert (code, out) == (2, "") and f"{paths.settings_file()}:1" in err


# --- through the emulator's faults -------------------------------------------------------------

JOBS_FAULTS = [
    ("throttle:ListModelCustomizationJobs", "ThrottlingException"),
    ("5xx:ListModelCustomizationJobs", "InternalServerException"),
    ("expired-credentials:ListModelCustomizationJobs", "aws sso login"),
    ("access-denied:ListModelCustomizationJobs", "AccessDeniedException"),
    ("malformed=html:ListModelCustomizationJobs", "BadResponse"),
    ("malformed=empty:sts", "BadResponse"),
    ("drop:ListModelCustomizationJobs", "ConnectionClosed"),
]


@pytest.mark.parametrize(("spec", "words"), JOBS_FAULTS, ids=[f[0] for f in JOBS_FAULTS])
def test_jobs_says_what_failed_and_exits_3(
    spec: str, words: str, aws_env: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with aws_env.fault(spec):
        code, out, err = run(capsys, "jobs", "--json")
    if spec.endswith(":sts"):  # the listing needs no STS: it still works
        assert code == 0 and out.startswith("[")
        return
    assert (code, out) == (3, "")
    assert words in err and "Traceback" not in err


def test_a_throttled_submit_is_retried_and_makes_one_job(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _profile(capsys, tmp_path, "fault-throttled")
    with aws_env.fault("throttle:CreateModelCustomizationJob,count=2"):
        code, out, err = run(capsys, "submit", "fault-throttled", "--yes")
    assert code == 0 and out.startswith("arn:"), err
    assert _count_jobs(aws_env, "fault-throttled") == 1


@pytest.mark.parametrize("spec", ["drop=after", "malformed=truncated"])
def test_a_submit_whose_answer_is_lost_finds_its_job(
    spec: str, aws_env: SimServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    name = f"fault-{spec.replace('=', '-')}"
    _profile(capsys, tmp_path, name)
    with aws_env.fault(f"{spec}:CreateModelCustomizationJob,count=1"):
        code, out, err = run(capsys, "submit", name, "--yes")
    assert code == 0 and out.startswith("arn:aws:bedrock:"), err
    assert _count_jobs(aws_env, name) == 1
    code, again, err = run(capsys, "submit", name, "--yes")
    assert (code, again) == (0, out) and "already submitted" in err
    assert _count_jobs(aws_env, name) == 1


@pytest.mark.parametrize("spec", ["drop=before", "malformed=empty", "malformed=html"])
def test_a_submit_that_never_arrived_says_retrying_is_safe(
    spec: str, aws_env: SimServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    name = f"fault-not-{spec.replace('=', '-')}"
    _profile(capsys, tmp_path, name)
    with aws_env.fault(f"{spec}:CreateModelCustomizationJob"):
        code, out, err = run(capsys, "submit", name, "--yes")
    assert (code, out) == (3, "")
    assert "did not create the job" in err and "submitting again is safe" in err
    assert "(about" not in err, "a lost answer is not about a field"
    assert _count_jobs(aws_env, name) == 0
    code, out, _ = run(capsys, "submit", name, "--yes")
    assert code == 0 and _count_jobs(aws_env, name) == 1


def test_a_submit_whose_outcome_cannot_be_known_says_how_to_find_out(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _profile(capsys, tmp_path, "fault-unknown")
    with aws_env.fault("drop=after:CreateModelCustomizationJob", "5xx:GetModelCustomizationJob"):
        code, out, err = run(capsys, "submit", "fault-unknown", "--yes")
    assert (code, out) == (3, "")
    assert "Whether job 'fault-unknown' was created is unknown" in err
    assert "ftui jobs --name fault-unknown" in err
    code, out, _ = run(capsys, "submit", "fault-unknown", "--yes")
    assert code == 0 and _count_jobs(aws_env, "fault-unknown") == 1


def _commands() -> set[str]:
    from ftui.cli.main import build_parser

    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(sub.choices)


def test_no_command_sends_anything_mutating_in_read_only_mode(
    aws_env: SimServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every command, told to change things, with read-only mode from the environment: the
    emulator's own log of what it received holds nothing but reads."""
    _profile(capsys, tmp_path, "ro-all")
    running = new_job(aws_env, "ro-all-running")
    monkeypatch.setenv("FTUI_READ_ONLY", "1")
    exported = tmp_path / "out.json"
    invocations = {
        "validate": [["validate", "ro-all"]],
        "profiles": [
            ["profiles", "list"],
            ["profiles", "show", "ro-all"],
            ["profiles", "duplicate", "ro-all", "ro-all-copy"],
            ["profiles", "rename", "ro-all-copy", "ro-all-renamed"],
            ["profiles", "delete", "ro-all", "--yes"],
        ],
        "import": [["import", str(tmp_path / "ro-all.json"), "--name", "ro-all-2"]],
        "export": [["export", "ro-all", "-o", str(exported)]],
        "submit": [["submit", "ro-all", "--yes"], ["submit", "ro-all", "--dry-run"]],
        "jobs": [["jobs"], ["jobs", "--json"]],
        "stop": [["stop", running, "--yes"], ["stop", "ro-all-running", "--yes"]],
        "check": [["check", "ro-all"], ["check", "ro-all", "--json"]],
        "metrics": [["metrics", running], ["metrics", "ro-all-running", "--json"]],
        "data": [
            [
                "data",
                "check",
                "s3://ftui-demo-data/support/train.jsonl",
                "--model",
                "amazon.nova-micro-v1:0:128k",
            ]
        ],
        "models": [
            ["models", "list"],
            ["models", "show", "support-bot-micro-v3", "--json"],
            ["models", "delete", "support-bot-micro-v3", "--yes"],
            ["models", "delete", "nova-lite-distilled-v1", "--yes"],
        ],
        "deploy": [
            ["deploy", "support-bot-micro-v3", "--yes"],
            ["deploy", "titan-docs-cpt-v1", "--provisioned", "--yes"],
            [
                "deploy",
                "support-bot-micro-v3",
                "--name",
                "nova-lite-distilled-live",
                "--replace",
                "--yes",
            ],
        ],
        "deployments": [["deployments", "list", "--json"]],
        "undeploy": [
            ["undeploy", "nova-lite-distilled-live", "--yes"],
            ["undeploy", "support-bot-micro-v3-5-epochs-pt", "--yes"],
        ],
        # Asking a model changes nothing in the account: allowed.
        "try": [["try", "nova-lite-distilled-v1", "How do I reset my password?", "--base"]],
    }
    assert set(invocations) == _commands() - {"sim"}, "a new command must be tried here"
    aws_env.calls.clear()
    for words in (w for group in invocations.values() for w in group):
        code, _, err = run(capsys, *words)
        assert code in (0, 1, 2), (words, err)
        assert "Traceback" not in err
    received = [c["operation"] for c in aws_env.calls.entries()]
    assert "ListModelCustomizationJobs" in received, "the log sees the calls"
    assert "ConverseStream" in received, "models are asked in read-only mode"
    assert [op for op in received if op and mutates(op)] == []
    assert _status(aws_env, running) == "InProgress"
    assert (paths.profiles_dir() / "ro-all.toml").is_file()


def test_the_cli_says_what_it_waits_for(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ftui.core.aws.session.SLOW_AFTER_SECONDS", 0.3)
    with aws_env.fault("slow=1s:ListModelCustomizationJobs"):
        code, _, err = run(capsys, "jobs")
    assert code == 0
    assert f"waiting for {aws_env.endpoint_url} to answer ListModelCustomizationJobs" in err
