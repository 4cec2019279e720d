"""The monitor's keys: each in its help (F1), and none shadowed by another."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding

from ftui.sim.server import SimServer
from ftui.tui.screens.help import HelpScreen
from ftui.tui.screens.job_detail import JobDetailScreen
from ftui.tui.screens.jobs import JobsScreen
from ftui.tui.widgets.job_table import JobTable
from tests.tui.conftest import make_app
from tests.tui.test_jobs import SIZE, jobs_screen, screen_text, settle


@pytest.mark.parametrize(
    ("place", "bindings"),
    [
        (JobsScreen, [*JobsScreen.BINDINGS, *JobTable.BINDINGS]),
        (JobDetailScreen, JobDetailScreen.BINDINGS),
    ],
)
def test_every_binding_is_in_the_help(
    place: type[JobsScreen | JobDetailScreen], bindings: list[Binding]
) -> None:
    documented = {i for section in place.KEY_GUIDE for row in section.rows for i in row.ids}
    ids = {b.id for b in bindings if isinstance(b, Binding) and b.id}
    assert ids - documented == set()


async def test_f1_on_the_monitor_lists_its_keys(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Keys: Jobs" in text and "Filter names" in text and "N S A T" in text


async def test_every_sort_key_sorts(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = jobs_screen(app).table
        for key, column in (("A", "stage"), ("T", "kind"), ("R", "region"), ("N", "name")):
            await pilot.press(key)
            assert table.sort_column == column, key
