"""The emulator as users reach it: the AWS CLI, `ftui sim`, `ftui --demo`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from ftui.cli import main
from ftui.sim.clock import ManualClock
from ftui.sim.server import SimServer
from ftui.sim.world import seed_world
from tests.factories import valid_request
from tests.sim.conftest import client

AWS = str(Path(sys.executable).parent / "aws")


def aws(sim: SimServer, *args: str) -> dict[str, Any]:
    env = {**os.environ, **sim.environment()}
    done = subprocess.run(
        [AWS, "bedrock", *args, "--output", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else {}


@pytest.mark.slow
def test_the_aws_cli_runs_an_exported_profile_to_completion(
    account: SimServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "request.json"
    source.write_text(json.dumps(valid_request()))
    assert main(["import", str(source), "--name", "bot"]) == 0
    assert main(["export", "bot", "-o", str(tmp_path / "cli.json")]) == 0
    capsys.readouterr()

    create = (
        "create-model-customization-job",
        "--cli-input-json",
        f"file://{tmp_path / 'cli.json'}",
        "--client-request-token",
        "cli-retry-1",
    )
    arn = aws(account, *create)["jobArn"]
    assert aws(account, *create)["jobArn"] == arn, "a retry with the same token is the same job"
    statuses = []
    for _ in range(40):
        job = aws(account, "get-model-customization-job", "--job-identifier", arn)
        statuses.append(job["status"])
        if job["status"] != "InProgress":
            break
        with urllib.request.urlopen(
            urllib.request.Request(
                f"{account.endpoint_url}/_ftui/advance?seconds=1800", method="POST"
            ),
            timeout=10,
        ):
            pass
    assert statuses[0] == "InProgress" and statuses[-1] == "Completed"
    listed = aws(account, "list-model-customization-jobs", "--status-equals", "Completed")
    assert arn in [s["jobArn"] for s in listed["modelCustomizationJobSummaries"]]
    models = aws(account, "list-foundation-models", "--by-customization-type", "FINE_TUNING")
    assert "amazon.nova-micro-v1:0:128k" in [m["modelId"] for m in models["modelSummaries"]]


def test_the_aws_cli_gets_aws_errors(account: SimServer) -> None:
    env = {**os.environ, **account.environment()}
    done = subprocess.run(
        [AWS, "bedrock", "stop-model-customization-job", "--job-identifier", "nope"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 255  # aws-cli v1's code for a service error
    assert "ResourceNotFoundException" in done.stderr
    assert "The model customization job nope was not found." in done.stderr


def test_ftui_sim_prints_how_to_use_it(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "ftui", "sim", "--speed", "60"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("ftui sim: AWS on http://127.0.0.1:")
        lines = [process.stdout.readline() for _ in range(7)]
        exports = dict(
            line.strip().removeprefix("export ").split("=", 1)
            for line in lines
            if line.strip().startswith("export ")
        )
        endpoint = exports["AWS_ENDPOINT_URL"]
        with urllib.request.urlopen(f"{endpoint}/_ftui/health", timeout=10) as response:
            assert json.loads(response.read())["ok"] is True
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0


def test_demo_world_has_jobs_in_every_state() -> None:
    with SimServer(clock=ManualClock()) as sim:
        seed_world(sim)
        seen: dict[str, list[str]] = {}
        for region in ("us-east-1", "us-west-2"):
            bedrock = client(sim, "bedrock", region)
            for summary in bedrock.list_model_customization_jobs()[
                "modelCustomizationJobSummaries"
            ]:
                seen.setdefault(summary["status"], []).append(summary["jobName"])
                seen.setdefault(summary["customizationType"], []).append(summary["jobName"])
                seen.setdefault(region, []).append(summary["jobName"])
        assert {"InProgress", "Completed", "Failed", "Stopped"} <= set(seen)
        assert {
            "FINE_TUNING",
            "CONTINUED_PRE_TRAINING",
            "DISTILLATION",
            "REINFORCEMENT_FINE_TUNING",
        } <= set(seen)
        assert len(seen["us-east-1"]) + len(seen["us-west-2"]) >= 12
        failed = client(sim, "bedrock").get_model_customization_job(
            jobIdentifier="support-bot-nova-lite-ft-bad-data"
        )
        assert failed["failureMessage"].startswith("Unable to parse Amazon S3 file")
        roles = {r["RoleName"] for r in client(sim, "iam").list_roles()["Roles"]}
        assert {"BedrockCustomizationRole", "DataScienceEC2Role"} <= roles
        aliases = {a["AliasName"] for a in client(sim, "kms").list_aliases()["Aliases"]}
        assert "alias/ftui-demo-models" in aliases


def test_demo_mode_needs_no_credentials_and_keeps_real_profiles_apart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FTUI_DEMO_DIR", str(tmp_path / "demo"))
    real = Path(os.environ["FTUI_CONFIG_DIR"]) / "profiles"
    assert main(["--demo", "profiles", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    states = {r["name"]: r["state"] for r in rows}
    assert states["nova-support-bot"] == "valid"
    assert states["draft-haiku-classifier"] == "invalid"
    assert {"titan-docs-cpt", "distill-nova-micro", "rft-math-grader"} <= set(states)
    assert not real.exists(), "the user's own profiles folder is untouched"
    assert "AWS_ENDPOINT_URL" not in os.environ, "the demo cleans up after itself"
    code = main(["--demo", "submit", "nova-support-bot", "--yes"])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("arn:aws:bedrock:us-east-1:123456789012:")


def test_demo_without_the_extra_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "moto", None)  # as if it were not installed
    assert main(["--demo"]) == 2
    assert "pip install 'ftui[demo]'" in capsys.readouterr().err
