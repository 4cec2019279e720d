"""What the curves look like: a job's detail and a comparison, at 80x24 and 120x40, and in ANSI.

Completed jobs on the emulator's frozen clock: their metrics no longer move, so the pictures
are stable. `pytest --snapshot-update` rewrites them after a deliberate change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from ftui.sim.server import SimServer
from tests.tui.conftest import make_app
from tests.tui.test_curves import BETTER, OVERFIT, select
from tests.tui.test_jobs import settle

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.mark.parametrize("size", SIZES)
def test_a_job_s_curves(snap_compare: Any, aws_env: SimServer, size: str) -> None:
    app = make_app(aws_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        select(pilot, OVERFIT)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


def test_a_job_s_curves_in_the_ansi_theme(snap_compare: Any, aws_env: SimServer) -> None:
    app = make_app(aws_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        app.theme = "ansi-dark"
        await settle(pilot)
        select(pilot, BETTER)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_two_jobs_compared(snap_compare: Any, aws_env: SimServer, size: str) -> None:
    app = make_app(aws_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for name in (BETTER, OVERFIT):
            select(pilot, name)
            await pilot.press("space")
        await pilot.press("c")
        await settle(pilot)
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
