"""``--demo`` on the command line: which commands start the emulator, what it says, and where
a profile missing from one folder (the demo's or the user's) is instead."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ftui.cli import main
from ftui.sim.server import SimServer
from tests.factories import valid_request

DEMO_PROFILE = "nova-support-bot"


@pytest.fixture(autouse=True)
def demo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "demo"
    monkeypatch.setenv("FTUI_DEMO_DIR", str(folder))
    return folder


@pytest.fixture
def no_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting the emulator fails the test."""

    def refuse(self: SimServer, **_: object) -> None:
        raise AssertionError("the emulator was started")

    monkeypatch.setattr(SimServer, "__init__", refuse)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- commands that need no AWS -------------------------------------------------------------------


@pytest.mark.usefixtures("no_emulator")
def test_profile_commands_use_the_demo_profiles_without_the_emulator(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "--demo", "profiles", "list", "--json")
    assert code == 0 and err == ""
    assert DEMO_PROFILE in {row["name"] for row in json.loads(out)}

    code, out, _ = run(capsys, "--demo", "profiles", "show", DEMO_PROFILE)
    assert code == 0 and 'jobName = "support-bot-nova-micro-ft-005"' in out
    code, out, _ = run(capsys, "--demo", "export", DEMO_PROFILE)
    assert code == 0 and json.loads(out)["jobName"] == "support-bot-nova-micro-ft-005"
    assert run(capsys, "--demo", "validate", DEMO_PROFILE)[0] == 0

    source = tmp_path / "request.json"
    source.write_text(json.dumps(valid_request()))
    assert run(capsys, "--demo", "import", str(source), "--name", "mine")[0] == 0
    assert run(capsys, "--demo", "profiles", "duplicate", "mine", "copy")[0] == 0
    assert run(capsys, "--demo", "profiles", "rename", "copy", "renamed")[0] == 0
    assert run(capsys, "--demo", "profiles", "delete", "renamed", "--yes")[0] == 0
    code, out, _ = run(capsys, "--demo", "profiles", "list", "--json")
    names = {row["name"] for row in json.loads(out)}
    assert "mine" in names and "renamed" not in names
    assert run(capsys, "profiles", "list", "--json")[1].strip() == "[]", "the user's are apart"


def test_a_profile_command_under_demo_does_not_even_import_the_emulator(demo_dir: Path) -> None:
    code = (
        "import sys; from ftui.cli import main;"
        " assert main(['--demo', 'profiles', 'list']) == 0;"
        " print(sorted(m for m in sys.modules if m.split('.')[0] == 'moto'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.splitlines()[-1] == "[]"
    assert DEMO_PROFILE in done.stdout


# --- what the emulator's start-up says --------------------------------------------------------


@pytest.mark.slow
def test_the_demo_says_what_it_does_before_the_slow_part(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    said_before: list[str] = []
    start = SimServer.__init__

    def spy(self: SimServer, **kwargs: object) -> None:
        said_before.append(capsys.readouterr().err)
        start(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SimServer, "__init__", spy)
    code, out, err = run(capsys, "--demo", "jobs", "--status", "Failed")
    assert code == 0 and "Failed" in out
    assert said_before == ["ftui: starting the local AWS emulator…\nftui: loading moto…\n"]
    assert re.fullmatch(r"ftui: seeding the demo account…\nftui: ready in \d+\.\d s\n", err)


@pytest.mark.slow
def test_machine_readable_output_comes_alone(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--demo", "jobs", "--json")
    assert code == 0 and err == ""
    assert {job["status"] for job in json.loads(out)} >= {"Completed", "Failed"}


# --- a profile in the other folder ------------------------------------------------------------


@pytest.mark.usefixtures("no_emulator")
@pytest.mark.parametrize(
    ("command", "stream"),
    [
        (["export", DEMO_PROFILE], "err"),
        (["profiles", "show", DEMO_PROFILE], "err"),
        (["profiles", "delete", DEMO_PROFILE, "--yes"], "err"),
        (["submit", DEMO_PROFILE, "--dry-run"], "err"),
        (["validate", DEMO_PROFILE], "out"),
    ],
)
def test_a_demo_profile_asked_for_without_demo_says_how_to_reach_it(
    capsys: pytest.CaptureFixture[str], command: list[str], stream: str
) -> None:
    assert run(capsys, "--demo", "profiles", "list")[0] == 0  # the demo's profiles exist
    code, out, err = run(capsys, *command)
    assert code == 2
    message = {"out": out, "err": err}[stream]
    rerun = f"run ftui --demo {' '.join(command)}"
    assert f"a demo profile of that name exists: {rerun}\n" in message


@pytest.mark.usefixtures("no_emulator")
def test_a_users_profile_asked_for_under_demo_says_how_to_reach_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "request.json"
    source.write_text(json.dumps(valid_request()))
    assert run(capsys, "import", str(source), "--name", "mine")[0] == 0
    code, _, err = run(capsys, "--demo", "--speed", "5", "export", "mine", "--format", "toml")
    assert code == 2
    assert err == (
        "error: no profile named 'mine'; a profile of yours (outside the demo) has that name:"
        " run ftui export mine --format toml\n"
    )
    code, out, _ = run(capsys, "--demo", "validate", "mine")
    assert code == 2
    assert "a profile of yours (outside the demo) has that name: run ftui validate mine" in out


@pytest.mark.usefixtures("no_emulator")
def test_a_profile_in_neither_folder_gets_no_such_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--demo", "profiles", "list")[0] == 0
    assert run(capsys, "export", "nova-support-bt") == (
        2,
        "",
        "error: no profile named 'nova-support-bt'\n",
    )


@pytest.mark.usefixtures("no_emulator")
def test_submitting_a_missing_demo_profile_says_so_without_starting_the_emulator(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "--demo", "submit", "no-such-profile", "--yes")
    assert (code, out) == (2, "")
    assert "no profile named 'no-such-profile'" in err and "emulator" not in err


@pytest.mark.slow
def test_stop_under_demo_goes_to_the_emulator(capsys: pytest.CaptureFixture[str]) -> None:
    """Never to the user's own AWS (here there is none: that would be NoCredentials)."""
    code, _, err = run(capsys, "--demo", "stop", "no-such-job", "--yes")
    assert code == 3 and "no job 'no-such-job' in us-east-1" in err


def test_the_model_commands_under_demo_go_to_the_emulator(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`ftui --demo try ...` talks to the demo's deployment, never to the user's own AWS."""
    code, out, err = run(capsys, "--demo", "deployments", "list")
    assert code == 0, err
    assert "nova-lite-distilled-live" in out and "support-bot-micro-v3-5-epochs-pt" in out
