"""What the CLI prints of an endpoint's or a file's words reaches no terminal as an escape."""

from __future__ import annotations

import io
import json
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from ftui.cli import main
from ftui.cli.common import err, out
from ftui.sim.clock import ManualClock
from ftui.sim.server import SimServer
from ftui.sim.world import ROLE_ARN, seed_world
from tests.factories import valid_request

CLICK = "[@click=app.quit]x[/]"
ESCAPES = "\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\x1b]8;;https://evil.example\x1b\\L\x9b2J\u202eevil"
NAME = f"{CLICK}{ESCAPES}" + "N" * 100_000


class Terminal(io.StringIO):
    """A stdout that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def acting(text: str) -> set[str]:
    return {
        f"U+{ord(c):04X}"
        for c in text
        if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
    }


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def world() -> Iterator[SimServer]:
    server = SimServer(clock=ManualClock()).start()
    seed_world(server)  # the role and the buckets a job needs
    hostile_job(server, NAME)
    yield server
    server.stop()


def hostile_job(sim: SimServer, name: str) -> str:
    """A job created as AWS allows, then named as a hostile endpoint would list it."""
    client = boto3.client(
        "bedrock",
        endpoint_url=sim.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    arn = str(
        client.create_model_customization_job(
            jobName="plain-name",
            customModelName="plain-name-model",
            roleArn=ROLE_ARN,
            baseModelIdentifier="amazon.nova-micro-v1:0:128k",
            trainingDataConfig={"s3Uri": "s3://ftui-demo-data/support/train.jsonl"},
            outputDataConfig={"s3Uri": "s3://ftui-demo-output/jobs/"},
        )["jobArn"]
    )
    sim.bedrock.find_job("us-east-1", arn).name = name
    return arn


@pytest.mark.usefixtures("aws_env")
def test_the_jobs_table_shows_a_hostile_name_made_visible_and_cut(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, printed, errors = run(capsys, "jobs", "--region", "us-east-1")
    assert code == 0, errors
    assert not acting(printed + errors)
    line = next(line for line in printed.splitlines() if line.startswith(CLICK))
    assert line.startswith(f"{CLICK}␛[2J␛]52;c;cm0gLXJmIH4=␇␛]8;;https://evil.example␛\\L")
    assert len(line) < 300, "cut: one huge name does not widen every line"


@pytest.mark.usefixtures("aws_env")
def test_jobs_json_keeps_the_data_exact_and_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    code, printed, _ = run(capsys, "jobs", "--json", "--region", "us-east-1")
    assert code == 0
    assert not acting(printed), "JSON escapes every control character itself"
    assert NAME in [job["jobName"] for job in json.loads(printed)]


def test_out_is_exact_to_a_pipe_and_safe_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pipe, terminal = io.StringIO(), Terminal()
    monkeypatch.setattr(sys, "stdout", pipe)
    out(f"{NAME[:60]}\r\nnext\tline")
    monkeypatch.setattr(sys, "stdout", terminal)
    out(f"{NAME[:60]}\r\nnext\tline")
    assert pipe.getvalue() == f"{NAME[:60]}\r\nnext\tline\n"
    shown = terminal.getvalue()
    assert shown.startswith(f"{CLICK}␛[2J␛]52;c;") and shown.endswith("\nnext\tline\n")
    assert not acting(shown.replace("\t", ""))


def test_err_is_always_safe(capsys: pytest.CaptureFixture[str]) -> None:
    err(f"error: us-east-1: AccessDenied: {ESCAPES}\nsecond line")
    printed = capsys.readouterr().err
    assert printed == (
        "error: us-east-1: AccessDenied: ␛[2J␛]52;c;cm0gLXJmIH4=␇␛]8;;https://evil.example␛\\L"
        "\\x9b2J\\u202eevil\nsecond line\n"
    )


def test_profiles_list_on_a_terminal_shows_a_hostile_file_made_visible(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = valid_request()
    request["baseModelIdentifier"] = f"{CLICK}{ESCAPES}"
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(request))
    assert run(capsys, "import", str(source), "--name", "hostile")[0] == 0
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["profiles", "list"]) == 0
    shown = terminal.getvalue()
    assert f"{CLICK}␛[2J␛]52;c;" in shown
    assert not acting(shown)


def test_profiles_list_and_validate_through_a_pipe_keep_one_row_a_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A table and problem lines are for people even when piped into less or grep."""
    request = valid_request()
    request["baseModelIdentifier"] = "evil\x1b]52;c;cHduZWQ=\x07\nmodel"
    request["hyperParameters"] = {"epochCount\r\nINJECTED": "2"}
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(request))
    assert main(["import", str(source), "--name", "hostile"]) == 0
    capsys.readouterr()
    main(["profiles", "list"])
    listed = capsys.readouterr().out
    assert len(listed.splitlines()) == 2 and not acting(listed.replace("\n", ""))
    main(["validate", "hostile"])
    problems = capsys.readouterr().out.splitlines()
    assert problems and not any(line.startswith("INJECTED") for line in problems)
    assert not any(acting(line) for line in problems)


def test_a_reader_that_stops_early_gets_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ftui data check big.jsonl | head -1``: the pipe closes; ftui stops without a word."""
    import os

    from ftui.cli.main import main

    data = tmp_path / "broken.jsonl"
    data.write_text("{not json\n" * 500)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the first line
    with os.fdopen(write_end, "w") as closed:
        monkeypatch.setattr(sys, "stdout", closed)
        code = main(["data", "check", str(data), "--model", "amazon.nova-micro-v1:0:128k"])
    assert code == 141
    assert "Traceback" not in capsys.readouterr().err
