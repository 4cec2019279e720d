"""AWS credentials are never written: not to profiles, drafts, the ledger, exports, the trash,
the trace file or a crash report.

Recognisable fake credentials are put in the environment, every flow that writes a file runs
against the emulator (which takes any credentials), then every file under the test's folder
(config, state, HOME, the working folder) and everything printed is searched for them.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from ftui.cli import main
from ftui.core import profile_summary
from ftui.core.aws.session import AwsTarget
from ftui.core.draft import Draft
from ftui.core.profiles import Profile, ProfileStore
from ftui.sim.server import SimServer
from ftui.sim.world import DATA_BUCKET, OUTPUT_BUCKET, ROLE_ARN, seed_profiles
from ftui.tui import trace
from ftui.tui.app import FtuiApp
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.name_prompt import NameScreen
from ftui.tui.screens.submit import SubmitScreen
from tests.factories import valid_request
from tests.tui.test_wizard import type_in, wizard

ACCESS_KEY = "AKIAFTUISECRETTEST01"
SECRET_KEY = "ftuiFakeSecretKey/7Qm2+NeverWritten+x9Lp"
SESSION_TOKEN = "ftuiFakeSessionToken/4Kp8+NeverWritten+z3Wd"
SECRETS = {
    "AWS_ACCESS_KEY_ID": ACCESS_KEY,
    "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    "AWS_SESSION_TOKEN": SESSION_TOKEN,
}
SIZE = (100, 30)


def leaks(root: Path, *printed: str) -> list[str]:
    """Where a secret shows: each file under ``root`` (as bytes), then each printed text."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path}: {name}" for name, v in SECRETS.items() if v.encode() in data]
    for number, text in enumerate(printed):
        found += [f"output {number}: {name}" for name, v in SECRETS.items() if v in text]
    return found


def world_request(job: str, model: str) -> dict[str, Any]:
    """A fine-tuning request the demo account accepts (its role, buckets and data)."""
    request = valid_request()
    request.update(
        jobName=job,
        customModelName=model,
        roleArn=ROLE_ARN,
        trainingDataConfig={"s3Uri": f"s3://{DATA_BUCKET}/support/train.jsonl"},
        validationDataConfig={
            "validators": [{"s3Uri": f"s3://{DATA_BUCKET}/support/validation.jsonl"}]
        },
        outputDataConfig={"s3Uri": f"s3://{OUTPUT_BUCKET}/jobs/"},
    )
    return request


@pytest.fixture
def secret_env(world: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimServer:
    """The emulator, the fake credentials, and ftui's config and state folders in tmp_path."""
    for name, value in world.environment().items():
        monkeypatch.setenv(name, value)
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("FTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FTUI_STATE_DIR", str(tmp_path / "state"))
    credentials = boto3.Session().get_credentials()
    assert credentials is not None and credentials.secret_key == SECRET_KEY, "what ftui signs with"
    return world


def make_app(sim: SimServer) -> FtuiApp:
    """The app as `ftui` builds it: profiles, drafts and ledger in the default folders."""
    return FtuiApp(
        target=AwsTarget(region="us-east-1", endpoint_url=sim.endpoint_url),
        regions=["us-east-1"],
        clock=sim.clock.now,
    )


@pytest.fixture
def tracing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """FTUI_TRACE=FILE, as read when ftui.tui.trace is imported; its gc hook removed after."""
    path = tmp_path / "trace.jsonl"
    monkeypatch.setattr(trace, "_PATH", str(path))
    yield path
    while trace._gc_timer in gc.callbacks:
        gc.callbacks.remove(trace._gc_timer)


async def settle(app: FtuiApp) -> None:
    """Wait for the app's workers, but the trace's loop-lag watcher, which never ends."""
    busy = [w for w in app.workers if w.group != "trace"]
    if busy:  # (an empty list means all of them)
        await app.workers.wait_for_complete(busy)


def test_the_scan_finds_a_secret(tmp_path: Path) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "blob").write_bytes(b"\x00\xff" + SESSION_TOKEN.encode() + b"\x00")
    assert leaks(tmp_path) == [f"{tmp_path / 'deep' / 'er' / 'blob'}: AWS_SESSION_TOKEN"]
    assert leaks(tmp_path / "deep" / "er" / "nothing", f"key {ACCESS_KEY}") == [
        "output 0: AWS_ACCESS_KEY_ID"
    ]


def test_headless_commands_write_no_secret(
    secret_env: SimServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    printed: list[str] = []

    def ftui(*args: str) -> str:
        code = main(list(args))
        captured = capsys.readouterr()
        printed.extend((captured.out, captured.err))
        assert code == 0, (args, captured.err)
        return captured.out

    source = tmp_path / "work" / "request.json"
    source.write_text(json.dumps(world_request("secrets-cli-job", "secrets-cli-model")))
    ftui("import", str(source), "--name", "bot")
    arn = ftui("submit", "bot", "--yes").strip()
    assert ftui("submit", "bot", "--yes").strip() == arn, "the second answer is the ledger's"
    ftui("export", "bot", "-o", str(tmp_path / "work" / "bot.json"))
    ftui("export", "bot", "--format", "toml", "-o", str(tmp_path / "work" / "bot.toml"))
    ftui("profiles", "duplicate", "bot", "bot-copy")
    ftui("profiles", "rename", "bot-copy", "bot-renamed")
    ftui("profiles", "delete", "bot-renamed", "--yes")
    ftui("jobs", "--json")

    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert {
        "config/profiles/bot.toml",
        "state/submissions.jsonl",
        "work/bot.json",
        "work/bot.toml",
    } <= written, written
    assert any(name.startswith("state/deleted-profiles/") for name in written), written
    assert leaks(tmp_path, *printed) == []


async def test_a_tui_session_writes_no_secret(
    secret_env: SimServer, tmp_path: Path, tracing: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    store = ProfileStore.default()
    seed_profiles(store)
    app = make_app(secret_env)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)  # the first poll of the jobs, and its trace
        await pilot.pause()
        await pilot.press("f3", "down", "down", "enter")
        await pilot.pause()
        screen = wizard(app)
        assert screen.working.profile == "nova-support-bot"
        await type_in(pilot, ("jobName",), "secrets-tui-job")
        await type_in(pilot, ("customModelName",), "secrets-tui-model")
        await pilot.press("ctrl+s")  # save the profile
        await pilot.pause()
        assert not screen.working.dirty
        await pilot.press("f6")  # save as a new profile
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        await pilot.press("ctrl+u", *"secrets-tui-copy", "enter")
        await pilot.pause()
        await pilot.press("alt+8", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, SubmitScreen)
        await pilot.press("y")
        await settle(app)
        await pilot.pause()
        assert secret_env.bedrock.find_job("us-east-1", "secrets-tui-job") is not None
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("d", "enter")  # duplicate the highlighted profile, then delete it
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("ctrl+q")

    assert store.load("nova-support-bot").draft.get(("jobName",)) == "secrets-tui-job"
    assert store.load("secrets-tui-copy").draft.get(("jobName",)) == "secrets-tui-job"
    state = tmp_path / "state"
    assert (state / "submissions.jsonl").is_file()
    assert any((state / "autosave").iterdir())
    assert any((state / "deleted-profiles").iterdir())
    assert tracing.stat().st_size > 0
    printed = capfd.readouterr()
    assert leaks(tmp_path, printed.out, printed.err) == []


BUG = "a bug while listing the profiles"
PRIVATE_JOB = "private-job-7c41e2"
PRIVATE_NOTE = "Private notes of another profile 5be9d0"


async def test_a_crash_report_shows_no_locals_and_no_secret(
    secret_env: SimServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A crash inside a handler: Textual's report lists every frame's locals, here drafts of
    other profiles. The report ftui prints has the frames, no locals, no credential."""
    store = ProfileStore.default()
    seed_profiles(store)
    private = Draft(world_request(PRIVATE_JOB, "private-model"))
    store.save(Profile("private", private, description=PRIVATE_NOTE, region="us-east-1"))
    original = profile_summary._model

    def model_of(draft: Draft) -> str:
        if draft.get(("jobName",)) == PRIVATE_JOB:
            raise RuntimeError(BUG)
        return original(draft)

    monkeypatch.setattr(profile_summary, "_model", model_of)
    app = make_app(secret_env)
    with pytest.raises(RuntimeError, match=BUG):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("f3")  # the profiles list, which crashes on the private one
            await pilot.pause()
    printed = capsys.readouterr()
    report = printed.out + printed.err
    assert "RuntimeError" in report and BUG in report, "the crash report is printed"
    assert "action_reload" in report, "it shows where the crash happened"
    assert not re.search(r"─ locals ─", report), report
    assert PRIVATE_JOB not in report and PRIVATE_NOTE not in report, report
    assert leaks(tmp_path, report) == []
