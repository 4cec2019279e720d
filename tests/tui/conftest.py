"""The app against a seeded emulator, with the cursor not blinking (for stable snapshots)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from ftui.core.autosave import Autosave
from ftui.core.aws.session import AwsTarget
from ftui.core.profiles import ProfileStore
from ftui.sim.server import SimServer
from ftui.sim.world import seed_profiles
from ftui.tui.app import FtuiApp

FIXED_TIME = 1_795_000_000  # 2026-11-18: profile times that do not move with the clock


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def make_store(folder: Path, *, samples: bool = True) -> ProfileStore:
    store = ProfileStore(folder / "profiles", trash_dir=folder / "trash")
    if samples:
        seed_profiles(store)
        for path in store.user_dir.iterdir():
            import os

            os.utime(path, (FIXED_TIME, FIXED_TIME))
    return store


def make_app(sim: SimServer, folder: Path, **kwargs: Any) -> FtuiApp:
    kwargs.setdefault("store", make_store(folder))
    kwargs.setdefault("regions", ["us-east-1"])
    return FtuiApp(
        target=AwsTarget(region="us-east-1", endpoint_url=sim.endpoint_url),
        autosave=Autosave(folder / "autosave.json"),
        clock=sim.clock.now,
        **kwargs,
    )


@pytest.fixture
def models_world(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimServer]:
    """A demo world of the custom models' tests' own: its clock moves, its answers come at once,
    and the screens read a moving deployment again quickly."""
    from ftui.sim.clock import ManualClock
    from ftui.sim.runtime.routes import NO_PACING
    from ftui.sim.world import seed_world
    from ftui.tui.screens import models

    monkeypatch.setattr(models, "FOLLOW_SECONDS", 0.2)
    with SimServer(clock=ManualClock()) as sim:
        seed_world(sim)
        sim.stream_pacing = NO_PACING
        for key, value in sim.environment().items():
            monkeypatch.setenv(key, value)
        yield sim
