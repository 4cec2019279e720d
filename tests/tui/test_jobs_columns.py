"""Which columns the jobs table keeps when the terminal is narrow: names come first."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftui.sim.server import SimServer
from tests.tui.conftest import make_app
from tests.tui.test_jobs import new_job, screen_text, settle

TWINS = ("support-bot-nova-micro-ft-20261127-1205", "support-bot-nova-micro-ft-20261127-1206")


@pytest.fixture(scope="module")
def twins(world: SimServer) -> tuple[str, ...]:
    """Two jobs whose names differ only in their last character."""
    for name in TWINS:
        new_job(world, name)
    return TWINS


def line_of(text: str, name_end: str) -> str:
    return next(line for line in text.splitlines() if name_end in line)


def header_of(text: str) -> str:
    return next(line for line in text.splitlines() if "Status" in line)


async def test_names_that_differ_late_are_shown_whole_at_120_columns(
    aws_env: SimServer, twins: tuple[str, ...], tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path, regions=["us-east-1", "us-west-2"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for name in twins:
            assert line_of(text, name[-4:]).split()[0] == name, text
        # What each job is doing, on which model, since when, stays beside the whole name.
        for title in ("Name", "Status", "Stage", "Base model", "Created", "Elapsed"):
            assert title in header_of(text), text


async def test_at_80_columns_names_are_cut_in_the_middle(
    aws_env: SimServer, twins: tuple[str, ...], tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for title in ("Name", "Status", "Stage", "Created", "Elapsed"):
            assert title in header_of(text), text
        # Too narrow for the whole name: its start and its end, which tell the twins apart.
        shown = [line_of(text, name[-4:]).split()[0] for name in twins]
        assert shown[0] != shown[1], shown
        assert all(s.startswith("support-bot-nov") and "…" in s for s in shown), shown
