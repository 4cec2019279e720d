"""What the custom models screens look like at 80x24: the list, a model's detail, the deploy
dialog both ways, and trying a model (an example loaded; an answer).

A world of this module's own on a frozen clock, its serving set up here (one model deployed,
one provisioned); the times ftui and the emulator measure for an answer are frozen too, so the
pictures are stable. `pytest --snapshot-update` on this file rewrites them after a deliberate
change (look at each first).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from ftui.sim.clock import ManualClock
from ftui.sim.runtime.routes import NO_PACING
from ftui.sim.server import SimServer
from ftui.sim.world import seed_world
from tests.tui.conftest import make_app
from tests.tui.models_support import (
    MICRO,
    MICRO_5,
    QUESTION,
    TITAN,
    deploy,
    point_at,
    provision,
    unserve,
)

SIZE = (80, 24)
LITE = "nova-lite-distilled-v1"  # Nova Lite: on demand


@pytest.fixture(autouse=True)
def _steady_prompt_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The prompt's cursor does not blink: a picture taken mid-blink would differ."""
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture(scope="module")
def served() -> Iterator[SimServer]:
    """The demo account with support-bot-micro-v3 deployed on demand, its 5-epoch sibling on
    Provisioned Throughput and nothing else served; the clock then stays where it is."""
    with SimServer(clock=ManualClock()) as sim:
        seed_world(sim)
        sim.stream_pacing = NO_PACING
        for name in (TITAN, MICRO_5, LITE):
            unserve(sim, name)
        deploy(sim, MICRO, "support-bot-micro-v3-live")
        provision(sim, MICRO_5, "support-bot-micro-v3-5-epochs-pt")
        yield sim


@pytest.fixture
def world_env(served: SimServer, monkeypatch: pytest.MonkeyPatch) -> SimServer:
    for name, value in served.environment().items():
        monkeypatch.setenv(name, value)
    return served


class StoppedTime:
    """``time`` whose monotonic clock never moves: an answer's measured times are 0."""

    @staticmethod
    def monotonic() -> float:
        return 0.0

    @staticmethod
    def sleep(seconds: float) -> None:
        pass


async def models_open(pilot: Pilot[Any], name: str | None = None) -> None:
    """F7, the models read, the cursor on ``name``."""
    await pilot.press("f7")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    if name is not None:
        point_at(pilot.app.get_screen("models"), name)  # type: ignore[arg-type]
        await pilot.pause()


async def opened(pilot: Pilot[Any], name: str, *keys: str) -> None:
    """The models, the cursor on ``name``, then ``keys`` and what they read."""
    await models_open(pilot, name)
    await pilot.press(*keys)
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.1)


def test_the_models_list(snap_compare: Any, world_env: SimServer) -> None:
    app = make_app(world_env, Path.home())
    assert snap_compare(app, terminal_size=SIZE, run_before=models_open)


def test_a_models_detail(snap_compare: Any, world_env: SimServer) -> None:
    app = make_app(world_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        await opened(pilot, MICRO, "enter")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_the_deploy_dialog_on_demand(snap_compare: Any, world_env: SimServer) -> None:
    app = make_app(world_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        await opened(pilot, LITE, "d")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_the_deploy_dialog_for_provisioned_throughput(
    snap_compare: Any, world_env: SimServer
) -> None:
    app = make_app(world_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        await opened(pilot, TITAN, "d")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_trying_a_model_with_an_example_loaded(snap_compare: Any, world_env: SimServer) -> None:
    app = make_app(world_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        await opened(pilot, MICRO, "t")
        await pilot.press("ctrl+n")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_trying_a_model_after_an_answer(
    snap_compare: Any, world_env: SimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ftui.core.aws import runtime
    from ftui.sim.runtime import routes

    monkeypatch.setattr(runtime, "time", StoppedTime)
    monkeypatch.setattr(routes, "time", StoppedTime)
    app = make_app(world_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        await opened(pilot, MICRO, "t")
        await pilot.press(*QUESTION, "ctrl+s")
        for _ in range(2):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
