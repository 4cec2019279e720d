"""The monitor takes "now" from the AWS endpoint, not from this machine's clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ftui.core.autosave import Autosave
from ftui.core.aws.session import AwsTarget
from ftui.core.jobs import format_elapsed
from ftui.sim.clock import ManualClock
from ftui.sim.server import SimServer
from ftui.sim.world import seed_world
from ftui.tui.app import FtuiApp
from ftui.tui.screens.jobs import JobsScreen
from tests.tui.conftest import make_store
from tests.tui.test_jobs import new_job


@pytest.fixture
def ahead(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimServer]:
    """The demo account on an endpoint whose clock is three days ahead of this machine's."""
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)  # Date: whole seconds
    server = SimServer(clock=ManualClock(start)).start()
    seed_world(server)
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    yield server
    server.stop()


async def test_elapsed_and_created_follow_the_endpoints_clock(
    ahead: SimServer, tmp_path: Path
) -> None:
    new_job(ahead, "clock-check")
    ahead.advance(25 * 60)
    app = FtuiApp(  # no clock given: the app's own
        target=AwsTarget(region="us-east-1", endpoint_url=ahead.endpoint_url),
        regions=["us-east-1"],
        store=make_store(tmp_path),
        autosave=Autosave(tmp_path / "autosave.json"),
    )
    async with app.run_test(size=(130, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.get_screen("jobs")
        assert isinstance(screen, JobsScreen)
        table = screen.table
        header = table.render_line(0).text
        cell = slice(header.index("Elapsed"), header.index("ETA"))
        elapsed = {
            row.name: table.render_line(y).text[cell].strip()
            for y, row in enumerate(table.view, start=1)
        }
        now = app.now()
        running = [row for row in table.view if row.status == "InProgress"]

    assert elapsed["clock-check"] == "25m"
    assert len(running) > 1
    for row in running:
        assert elapsed[row.name] == format_elapsed(ahead.clock.now() - row.created) != "0m"
    assert all(row.created <= now for row in table.view), "no job is created in the future"
    assert abs(now - ahead.clock.now()) < timedelta(seconds=2)
