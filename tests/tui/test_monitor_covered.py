"""The monitor under a job's detail: its polls go on, and nothing of them is written until Esc.

Textual draws the screen just under the top one as if it showed through: a line the monitor
repaints under a job's detail writes the whole detail again (40 KB at 120x40, at every poll).
The emulator's clock is moved by hand here: a running job's Elapsed cell changes only when told.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot

from ftui.core.jobs import JobRow
from ftui.sim.clock import ManualClock
from ftui.sim.server import SimServer
from ftui.tui.app import FtuiApp
from ftui.tui.widgets import job_table
from ftui.tui.widgets.job_columns import COLUMNS, cells_of
from tests.tui.test_idle_bytes import FINISHED, SIZE, Frames, ftui, open_detail, poll
from tests.tui.test_job_table import record_repaints

STEP = 600.0  # seconds
ELAPSED = next(i for i, column in enumerate(COLUMNS) if column.key == "elapsed")


def later(sim: SimServer) -> None:
    """The emulator's clock, moved on: the running jobs' Elapsed reads ten minutes more."""
    clock = sim.clock
    assert isinstance(clock, ManualClock)
    clock.advance(STEP)


def running(app: FtuiApp) -> JobRow:
    return next(row for row in app.jobs.table.view if row.status == "InProgress")


def elapsed(app: FtuiApp, row: JobRow) -> str:
    table = app.jobs.table
    return cells_of(table.rows[row.arn], table.now, table.progress)[ELAPSED]


def shown_line(app: FtuiApp, row: JobRow) -> str:
    """The row's line as the table last drew it (what reached the terminal): Textual keeps
    each line drawn until the widget refreshes it."""
    table = app.jobs.table
    y = table.view.index(table.rows[row.arn]) + 1 - int(table.scroll_offset.y)
    return table.render_lines(Region(0, y, table.size.width, 1))[0].text


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.3)


async def test_a_poll_under_a_jobs_detail_writes_nothing_when_the_detail_did_not_change(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A running job's row changes under the detail of a finished job: nothing to draw."""
    app = ftui(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(app, pilot, FINISHED)
        await poll(app, pilot)  # what opening the detail left to draw
        await settle(pilot)
        job = running(app)
        before = elapsed(app, job)
        later(aws_env)
        frames = Frames(app, monkeypatch)
        repainted = record_repaints(app.jobs.table, monkeypatch)
        await poll(app, pilot)
        await settle(pilot)
        assert app.screen is detail
        assert elapsed(app, job) != before, "the poll changed the running job's row"
        assert repainted == [], "the table asks for no line while covered"
        assert frames.count == 0, "nor does anything else on the monitor reach the terminal"
        # And once more: Textual's repaint of a covered screen, once begun, went on with
        # every message the monitor handled.
        await poll(app, pilot)
        await settle(pilot)
        assert frames.count == 0


async def test_after_esc_the_monitor_shows_a_row_as_it_is_now(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = ftui(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        job = running(app)
        assert elapsed(app, job) in shown_line(app, job)
        await open_detail(app, pilot, FINISHED)
        later(aws_env)
        await poll(app, pilot)
        now = elapsed(app, job)
        assert now not in shown_line(app, job), "the poll changed the row, not drawn yet"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.jobs
        assert now in shown_line(app, job)
        assert now in app.export_screenshot()


async def test_a_poll_that_changed_nothing_works_out_no_row_again(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The emulator's clock stands still: the running jobs read as they did, ETA included."""
    app = ftui(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await poll(app, pilot)
        await settle(pilot)
        worked_out = 0

        def counted(*args: Any) -> tuple[str, ...]:
            nonlocal worked_out
            worked_out += 1
            return cells_of(*args)

        monkeypatch.setattr(job_table, "cells_of", counted)
        frames = Frames(app, monkeypatch)
        await poll(app, pilot)
        await settle(pilot)
        assert (worked_out, frames.count) == (0, 0)


async def test_a_job_that_changes_status_under_a_jobs_detail_is_told_in_a_toast(
    aws_env: SimServer, tmp_path: Path
) -> None:
    """The monitor's notice line is hidden under the detail: the news comes as a toast."""
    app = ftui(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        job = running(app)
        await open_detail(app, pilot, FINISHED)
        client = aws_env.account.client("bedrock", job.region)
        client.stop_model_customization_job(jobIdentifier=job.arn)
        await poll(app, pilot)
        await settle(pilot)
        told = [n.message for n in app._notifications]
        assert any(job.name in message and "Stopping" in message for message in told), told
