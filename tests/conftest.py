"""Keep the developer's machine out of the tests: config, state, AWS settings, working folder."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Times on screen are local: make them the same everywhere the tests run.
os.environ["TZ"] = "UTC"
time.tzset()

_AWS_VARIABLES = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
)


_FTUI_VARIABLES = (
    "FTUI_STATE_DIR",
    "FTUI_REFRESH_INTERVAL",
    "FTUI_REGIONS",
    "FTUI_THEME",
    "FTUI_READ_ONLY",
    "FTUI_TOAST",
    "FTUI_BELL",
)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own config folder, an empty AWS configuration and a bare cwd."""
    home = tmp_path / "home"
    work = tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("FTUI_CONFIG_DIR", str(home / "ftui-config"))
    for name in (*_AWS_VARIABLES, *_FTUI_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "aws-credentials"))
    monkeypatch.chdir(work)
    yield tmp_path


@pytest.fixture(scope="session")
def _moto_server() -> Iterator[str]:
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def moto_endpoint(_moto_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh plain-moto AWS on loopback, with dummy credentials in the environment."""
    import urllib.request

    urllib.request.urlopen(
        urllib.request.Request(f"{_moto_server}/moto-api/reset", method="POST"), timeout=10
    ).close()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    return _moto_server


@pytest.fixture
def sim(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The emulator on a hand-driven clock, an empty account, its variables in the environment."""
    from ftui.sim.clock import ManualClock
    from ftui.sim.server import SimServer

    server = SimServer(clock=ManualClock()).start()
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def world() -> Iterator[Any]:
    """The demo account on a hand-driven clock, once per test module (tests use their own
    job names)."""
    from ftui.sim.clock import ManualClock
    from ftui.sim.server import SimServer
    from ftui.sim.world import seed_world

    server = SimServer(clock=ManualClock()).start()
    seed_world(server)
    yield server
    server.stop()


@pytest.fixture
def aws_env(world: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The seeded emulator, its variables in the environment."""
    for name, value in world.environment().items():
        monkeypatch.setenv(name, value)
    return world
