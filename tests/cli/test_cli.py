"""The ftui command line, as a script or a person would run it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ftui.cli import main
from ftui.core.profiles import ProfileStore
from tests.factories import valid_request


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=2))
    return path


# --- validate --------------------------------------------------------------------------------


def test_validate_a_valid_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_json(tmp_path / "ok.json", valid_request())
    code, out, err = run(capsys, "validate", str(path))
    assert (code, out) == (0, "")
    assert "1 valid" in err


def test_validate_prints_every_problem_as_path_field_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    request = valid_request()
    request["jobName"] = "bad name"
    request["hyperParameters"] = {"epochCount": 2, "learningRate": "1"}
    path = write_json(tmp_path / "bad.json", request)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}: jobName: must start with a letter or digit and contain only letters, digits,"
        " '+', '-' and '.'",
        f"{path}: hyperParameters.epochCount: must be a string: hyperParameters values are"
        ' strings on the wire, so write "2"',
        f"{path}: hyperParameters.learningRate: Learning rate: must be from 1e-6 to 0.0001"
        " (it is 1)",
    ]


def test_unreadable_files_exit_2_with_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write_json(tmp_path / "ok.json", valid_request())
    bad_json = tmp_path / "broken.json"
    bad_json.write_text('{\n  "jobName": "x",\n  oops\n}\n')
    bad_toml = tmp_path / "broken.toml"
    bad_toml.write_text("schema_version = 1\n[request\n")
    missing = tmp_path / "missing.json"
    code, out, _ = run(capsys, "validate", str(good), str(bad_json), str(bad_toml), str(missing))
    assert code == 2
    lines = out.splitlines()
    assert lines[0].startswith(f"{bad_json}:3:3: invalid JSON")
    assert lines[1].startswith(f"{bad_toml}:2:")
    assert lines[2] == f"{missing}: no such file"


def test_invalid_and_valid_together_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write_json(tmp_path / "ok.json", valid_request())
    bad = write_json(tmp_path / "bad.json", {"jobName": "x"})
    code, out, err = run(capsys, "validate", str(good), str(bad))
    assert code == 1
    assert all(line.startswith(f"{bad}: ") for line in out.splitlines())
    assert "1 valid, 1 invalid" in err


def test_validate_a_profile_toml_with_numbers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'schema_version = 1\nregion = "us-east-1"\n[request]\n'
        'jobName = "j"\ncustomModelName = "m"\n'
        'roleArn = "arn:aws:iam::123456789012:role/r"\n'
        'baseModelIdentifier = "amazon.nova-lite-v1:0:300k"\n'
        'trainingDataConfig = { s3Uri = "s3://bucket/t.jsonl" }\n'
        'outputDataConfig = { s3Uri = "s3://bucket/o/" }\n'
        "[request.hyperParameters]\nepochCount = 5\nlearningRate = 1e-4\n"
    )
    assert run(capsys, "validate", str(path))[0] == 0


def test_validate_explains_a_bad_bucket_and_sees_past_a_misspelt_type(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'schema_version = 1\nregion = "us-east-1"\n[request]\n'
        'customizationType = "FINE_TUNNING"\njobName = "j"\ncustomModelName = "m"\n'
        'roleArn = "arn:aws:iam::123456789012:role/r"\n'
        'baseModelIdentifier = "amazon.nova-micro-v1:0:128k"\n'
        'trainingDataConfig = { s3Uri = "s3://my_bucket/t.jsonl" }\n'
        'outputDataConfig = { s3Uri = "s3://b/o/" }\n'
        '[request.hyperParameters]\nepochCount = "99"\n'
    )
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}: customizationType: must be one of 'FINE_TUNING', 'CONTINUED_PRE_TRAINING',"
        " 'DISTILLATION', 'REINFORCEMENT_FINE_TUNING' or 'IMPORTED' (it is 'FINE_TUNNING');"
        " did you mean 'FINE_TUNING'?",
        f"{path}: trainingDataConfig.s3Uri: bucket name 'my_bucket' has '_': use lowercase"
        " letters, digits, dots and hyphens",
        f"{path}: outputDataConfig.s3Uri: bucket name 'b' is too short: 3 to 63 characters",
        f"{path}: hyperParameters.epochCount: Epochs: must be from 1 to 5 (it is 99)",
    ]


def test_warnings_go_to_stderr_and_do_not_fail(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_json(tmp_path / "ok.json", valid_request())
    code, out, err = run(capsys, "validate", "--region", "us-west-2", str(path))
    assert (code, out) == (0, "")
    assert f"{path}: baseModelIdentifier: warning: Nova Micro is customizable in us-east-1" in err
    code, out, err = run(capsys, "validate", "-q", str(path), "--region", "us-west-2")
    assert (code, out, err) == (0, "", "")


def test_validate_by_profile_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write_json(tmp_path / "ok.json", valid_request())
    assert run(capsys, "import", str(tmp_path / "ok.json"), "--name", "bot")[0] == 0
    assert run(capsys, "validate", "bot")[0] == 0


# --- import, export, profiles ------------------------------------------------------------------


def test_cli_json_round_trip_through_a_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for kind in ("FINE_TUNING", "DISTILLATION", "REINFORCEMENT_FINE_TUNING"):
        source = write_json(tmp_path / f"{kind}.json", valid_request(kind))
        assert run(capsys, "import", str(source), "--name", kind.lower())[0] == 0
        code, out, _ = run(capsys, "export", kind.lower())
        assert code == 0
        assert json.loads(out) == valid_request(kind)


def test_import_refuses_to_replace_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = write_json(tmp_path / "a.json", valid_request())
    assert run(capsys, "import", str(source), "--name", "bot")[0] == 0
    code, _, err = run(capsys, "import", str(source), "--name", "bot")
    assert code == 2 and "already exists" in err
    assert run(capsys, "import", str(source), "--name", "bot", "--force")[0] == 0


def test_import_refuses_a_hostile_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = write_json(tmp_path / "a.json", valid_request())
    code, _, err = run(capsys, "import", str(source), "--name", "../../etc/x")
    assert code == 2 and "not a valid profile name" in err
    assert not (tmp_path / "etc").exists()


def test_import_a_job_description_clones_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    request = valid_request()
    job = {
        "jobArn": "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/x/abcdefabcdef",
        "jobName": request["jobName"],
        "outputModelName": request["customModelName"],
        "roleArn": request["roleArn"],
        "status": "Failed",
        "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k",
        "trainingDataConfig": request["trainingDataConfig"],
        "outputDataConfig": request["outputDataConfig"],
        "creationTime": "2026-11-01T10:00:00+00:00",
    }
    source = write_json(tmp_path / "job.json", job)
    code, _, err = run(capsys, "import", str(source), "--name", "again")
    assert code == 0 and "imported job" in err
    profile = ProfileStore.default().load("again")
    assert profile.region == "us-east-1"
    assert profile.draft.request["jobName"] == "support-bot-ft-002"


def test_export_to_a_file_never_clobbers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = write_json(tmp_path / "a.json", valid_request())
    run(capsys, "import", str(source), "--name", "bot")
    target = tmp_path / "out.json"
    target.write_text("precious")
    code, _, err = run(capsys, "export", "bot", "-o", str(target))
    assert code == 2 and "--force" in err
    assert target.read_text() == "precious"
    assert run(capsys, "export", "bot", "-o", str(target), "--force")[0] == 0
    assert json.loads(target.read_text()) == valid_request()


def test_export_toml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = write_json(tmp_path / "a.json", valid_request())
    run(capsys, "import", str(source), "--name", "bot")
    code, out, _ = run(capsys, "export", "bot", "--format", "toml")
    assert code == 0 and out.startswith("# An ftui profile") and "[request]" in out


def test_profiles_list_show_rename_duplicate_delete(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "import", str(write_json(tmp_path / "a.json", valid_request())), "--name", "a")
    run(capsys, "import", str(write_json(tmp_path / "b.json", {"jobName": "x"})), "--name", "b")
    code, out, _ = run(capsys, "profiles", "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["NAME", "TYPE", "BASE", "MODEL", "MODIFIED", "STATE"]
    assert lines[1].startswith("a ") and lines[1].endswith("ready")
    assert lines[2].startswith("b ") and lines[2].endswith("5 problems")
    code, out, _ = run(capsys, "profiles", "list", "--json")
    rows = json.loads(out)
    assert [(r["name"], r["state"]) for r in rows] == [("a", "valid"), ("b", "invalid")]

    code, out, _ = run(capsys, "profiles", "show", "b")
    assert code == 1 and "# 5 error(s)" in out and 'jobName = "x"' in out

    assert run(capsys, "profiles", "rename", "b", "c")[0] == 0
    assert run(capsys, "profiles", "duplicate", "a", "d")[0] == 0
    code, _, err = run(capsys, "profiles", "delete", "d")
    assert code == 2 and "--yes" in err
    assert run(capsys, "profiles", "delete", "d", "--yes")[0] == 0
    rows = json.loads(run(capsys, "profiles", "list", "--json")[1])
    assert [r["name"] for r in rows] == ["a", "c"]
    code, _, err = run(capsys, "profiles", "show", "zzz")
    assert code == 2 and "no profile named 'zzz'" in err


def test_a_broken_profile_is_listed_with_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "import", str(write_json(tmp_path / "a.json", valid_request())), "--name", "a")
    broken = ProfileStore.default().user_dir / "broken.toml"
    broken.write_text("schema_version = 1\n[request]\njobName = \n")
    code, out, err = run(capsys, "profiles", "list")
    assert code == 0 and "unreadable" in out
    assert f"{broken}:3:" in err


# --- submit -------------------------------------------------------------------------------------


def test_submit_dry_run_prints_the_exact_request(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "import", str(write_json(tmp_path / "a.json", valid_request())), "--name", "a")
    code, out, err = run(capsys, "submit", "a", "--dry-run", "--region", "us-east-1")
    assert code == 0 and "nothing sent" in err
    kwargs = json.loads(out)
    token = kwargs.pop("clientRequestToken")
    assert kwargs == valid_request() and token.startswith("ftui-")


def test_submit_refuses_an_invalid_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "import", str(write_json(tmp_path / "b.json", {"jobName": "x"})), "--name", "b")
    code, out, err = run(capsys, "submit", "b", "--yes", "--region", "us-east-1")
    assert code == 1
    assert "b: roleArn: is required" in out and "not submitted" in err


def test_submit_without_a_terminal_needs_yes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, moto_endpoint: str
) -> None:
    run(capsys, "import", str(write_json(tmp_path / "a.json", valid_request())), "--name", "a")
    code, _, err = run(capsys, "submit", "a", "--endpoint-url", moto_endpoint)
    assert code == 2 and "pass --yes" in err
    assert "Base model       Nova Micro (amazon.nova-micro-v1:0:128k)" in err


def test_submit_creates_one_job_however_often_it_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, moto_endpoint: str
) -> None:
    run(capsys, "import", str(write_json(tmp_path / "a.json", valid_request())), "--name", "a")
    code, out, _ = run(capsys, "submit", "a", "--yes", "--endpoint-url", moto_endpoint)
    assert code == 0
    arn = out.strip()
    assert arn.startswith("arn:aws:bedrock:us-east-1:123456789012:model-customization-job/")
    code, out, err = run(capsys, "--endpoint-url", moto_endpoint, "submit", "a", "--yes")
    assert (code, out.strip()) == (0, arn)
    assert "already submitted" in err


def test_submit_reports_aws_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, moto_endpoint: str
) -> None:
    import boto3

    run(capsys, "import", str(write_json(tmp_path / "a.json", valid_request())), "--name", "a")
    client = boto3.client("bedrock", endpoint_url=moto_endpoint, region_name="us-east-1")
    taken = valid_request()
    taken["jobName"] = "other-job"
    client.create_model_customization_job(**taken)  # the custom model name is now taken
    code, _, err = run(capsys, "submit", "a", "--yes", "--endpoint-url", moto_endpoint)
    assert code == 3
    assert "error: ResourceInUseException: Custom model support-bot-v1 already exists" in err


# --- the installed command ---------------------------------------------------------------------


def test_the_console_script(tmp_path: Path) -> None:
    ftui = shutil.which("ftui") or str(Path(sys.executable).parent / "ftui")
    path = write_json(tmp_path / "bad.json", {"jobName": "x"})
    done = subprocess.run(
        [ftui, "validate", str(path)], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert f"{path}: customModelName: is required" in done.stdout
    version = subprocess.run(
        [ftui, "--version"], check=True, capture_output=True, text=True, timeout=60
    )
    assert version.stdout.startswith("ftui ")


def test_aws_endpoint_url_and_profile_come_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    moto_endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run(capsys, "import", str(write_json(tmp_path / "a.json", valid_request())), "--name", "a")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    code, out, _ = run(capsys, "submit", "a", "--yes")
    assert code == 0 and out.startswith("arn:aws:bedrock:")
    monkeypatch.setenv("AWS_PROFILE", "no-such-aws-profile")
    code, _, err = run(capsys, "submit", "a", "--yes", "--region", "us-east-1")
    assert code == 3 and "ProfileNotFound" in err and "no-such-aws-profile" in err
