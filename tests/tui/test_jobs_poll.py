"""The monitor applying polls against the emulator: only what changed moves, the rest stays."""

from __future__ import annotations

from pathlib import Path

from ftui.core.jobs import select, sort_key
from ftui.sim.server import SimServer
from ftui.tui.screens.jobs import JobsScreen
from tests.tui.conftest import make_app
from tests.tui.test_jobs import SIZE, jobs_screen, names, new_job, refreshed, settle


def fully_sorted(screen: JobsScreen) -> list[str]:
    """The rows the filters show, in the order a full sort of every job gives."""
    table = screen.table
    key = sort_key(table.sort_column, table.now)
    shown = select(screen.rows.values(), screen.name_filter, screen.status_filter)
    ordered = sorted(shown, key=lambda r: (key(r), r.arn), reverse=table.sort_reverse)
    return [r.arn for r in ordered]


async def test_a_job_enters_the_running_list_when_it_starts_and_leaves_it_when_it_stops(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = jobs_screen(app)
        await pilot.press("1")  # running jobs only
        running = names(app)
        assert running
        await pilot.press("down")
        chosen = screen.table.current
        assert chosen is not None
        new_job(aws_env, "watched-while-running")
        await refreshed(pilot)
        assert names(app) == ["watched-while-running", *running], "the newest comes first"
        assert screen.table.current is not None and screen.table.current.arn == chosen.arn
        bar = str(screen.query_one("#jobs-bar").render())
        assert f"{len(running) + 1} of {len(screen.rows)} jobs" in bar
        aws_env.bedrock.stop_job("us-east-1", "watched-while-running")
        aws_env.advance(120)  # Stopping, then Stopped: no longer running
        await refreshed(pilot)
        assert "watched-while-running" not in names(app)
        assert (
            screen.rows[
                next(a for a, r in screen.rows.items() if r.name == "watched-while-running")
            ].status
            == "Stopped"
        )
        assert [r.arn for r in screen.table.view] == fully_sorted(screen)
        assert screen.table.current is not None and screen.table.current.arn == chosen.arn


async def test_after_polls_the_order_is_the_order_of_a_full_sort(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = jobs_screen(app)
        for key in ("S", "E", "N"):  # status, elapsed time, name
            await pilot.press(key)
            new_job(aws_env, f"sorted-by-{key}")
            aws_env.advance(600)
            await refreshed(pilot)
            assert [r.arn for r in screen.table.view] == fully_sorted(screen), key
        await pilot.press("slash", *"sorted", "enter")
        new_job(aws_env, "sorted-last")
        new_job(aws_env, "not-shown")
        await refreshed(pilot)
        assert sorted(names(app)) == ["sorted-by-E", "sorted-by-N", "sorted-by-S", "sorted-last"]
