"""``ftui --demo``: the app starts at once, the emulator beside it in a process of its own; the
first calls wait for the part of the account they read, and the emulator ends with the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import boto3
import pytest

from ftui.cli import main
from ftui.sim import background
from ftui.sim.gate import ServiceGate

pytestmark = pytest.mark.slow


def client(emulator: background.Background, service: str) -> object:
    env = emulator.environment()
    return boto3.client(
        service,
        region_name="us-east-1",
        endpoint_url=env["AWS_ENDPOINT_URL"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )


def test_the_first_calls_wait_for_the_demo_account_instead_of_finding_it_empty(
    tmp_path: Path,
) -> None:
    emulator = background.start(speed=60, profiles=tmp_path / "profiles", log=tmp_path / "log")
    try:
        # Asked at once, while the emulator is still loading: answered with the demo's jobs.
        jobs = client(emulator, "bedrock").list_model_customization_jobs()  # type: ignore[attr-defined]
        names = {j["jobName"] for j in jobs["modelCustomizationJobSummaries"]}
        assert "titan-docs-cpt-002" in names
        # The network is made last: asked for, it waits until it is there.
        vpcs = client(emulator, "ec2").describe_vpcs()["Vpcs"]  # type: ignore[attr-defined]
        assert any(v["CidrBlock"] == "10.42.0.0/16" for v in vpcs)
        assert (tmp_path / "profiles" / "nova-support-bot.toml").is_file()
    finally:
        assert emulator.stop(), "the emulator stopped cleanly"
    assert emulator.process.returncode == 0


def test_the_emulator_ends_with_the_app_even_when_the_app_is_killed(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from ftui.sim import background\n"
        f"e = background.start(speed=60, profiles=Path({str(tmp_path)!r}), log=Path({str(tmp_path / 'log')!r}))\n"
        "print(e.process.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    app = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert app.stdout is not None
    child = int(app.stdout.readline())
    app.send_signal(signal.SIGKILL)
    app.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the emulator outlived the app")


def test_ftui_demo_starts_the_app_without_loading_the_emulator_into_it(tmp_path: Path) -> None:
    """The app's process gets the endpoint and the demo's folders, not moto: the emulator's
    objects are not the app's to carry (or to collect)."""
    script = (
        "import os, sys\n"
        "from ftui.tui.app import FtuiApp\n"
        "def run(self, *a, **k):\n"
        "    print(sorted(m for m in ('moto', 'ftui.sim.server', 'boto3') if m in sys.modules))\n"
        "    print(os.environ['AWS_ENDPOINT_URL'], os.environ['FTUI_CONFIG_DIR'])\n"
        "FtuiApp.run = run\n"
        "from ftui.cli import main\n"
        "sys.exit(main(['--demo']))\n"
    )
    env = {**os.environ, "FTUI_DEMO_DIR": str(tmp_path / "demo")}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded, where = done.stdout.splitlines()
    assert loaded == "[]"
    endpoint, config = where.split()
    assert endpoint.startswith("http://127.0.0.1:") and config == str(tmp_path / "demo")
    assert done.stderr == ""


def test_an_emulator_that_dies_is_reported_with_its_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = tmp_path / "demo"
    monkeypatch.setenv("FTUI_DEMO_DIR", str(demo))
    demo.mkdir()
    (demo / "profiles").write_text("a file where the demo's profiles folder goes")
    log = demo / "state" / "emulator.log"

    from ftui.tui.app import FtuiApp

    def run(app: FtuiApp, **_: object) -> None:  # the user looks on while the emulator dies
        deadline = time.monotonic() + 60
        while "Traceback" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline, "the emulator did not fail"
            time.sleep(0.1)

    monkeypatch.setattr(FtuiApp, "run", run)
    assert main(["--demo"]) == 0
    assert capsys.readouterr().err == (
        f"error: the local AWS emulator stopped; what it said is in {log}\n"
    )


def test_a_closed_gate_holds_a_service_until_it_is_opened() -> None:
    gate = ServiceGate()
    assert gate.is_open("ec2")
    gate.close()
    assert not gate.wait("ec2", timeout=0.01)
    answered: list[bool] = []
    waiter = threading.Thread(target=lambda: answered.append(gate.wait("bedrock")))
    waiter.start()
    gate.open({"bedrock"})
    waiter.join(5)
    assert answered == [True]
    assert not gate.is_open("ec2")
    gate.open()
    assert gate.is_open("ec2") and gate.wait("kms", timeout=0)


def test_the_rest_of_the_account_waits_for_the_first_answer_to_the_app_not_longer() -> None:
    """The demo makes the rest of its account once the app's first Bedrock call is answered
    (or after a while without one): the seeding then takes no time from that answer."""
    gate = ServiceGate()
    assert not gate.wait_answered("bedrock", timeout=0.01)
    gate.answered("s3")
    assert not gate.wait_answered("bedrock", timeout=0.01)
    waited: list[bool] = []
    waiter = threading.Thread(target=lambda: waited.append(gate.wait_answered("bedrock", 5)))
    waiter.start()
    gate.answered("bedrock")
    waiter.join(5)
    assert waited == [True]


def test_ftui_demo_without_the_extra_starts_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("FTUI_DEMO_DIR", str(tmp_path / "demo"))
    monkeypatch.setitem(sys.modules, "flask", None)
    assert main(["--demo"]) == 2
    assert "pip install 'ftui[demo]'" in capsys.readouterr().err
    assert not (tmp_path / "demo" / "state" / "emulator.log").exists()
