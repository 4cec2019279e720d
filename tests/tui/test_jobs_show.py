"""After a submit the monitor shows the new job: alone in detail, selected, never filtered out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.screen import Screen

from ftui.sim.server import SimServer
from ftui.tui.app import FtuiApp
from ftui.tui.screens.job_detail import JobDetailScreen
from ftui.tui.wizard.screen import WizardScreen
from tests.tui.conftest import make_app
from tests.tui.test_jobs import SIZE, jobs_screen, new_job, screen_text, settle


def top(app: FtuiApp) -> Screen[Any]:
    """The screen on view (a function: mypy would narrow ``app.screen`` across key presses)."""
    return app.screen


async def test_submitting_a_clone_shows_the_new_job_not_the_old_one(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monitor = jobs_screen(app)
        # The reported path: failed jobs, the second one, its detail, clone it into a draft.
        await pilot.press("3", "down", "enter")
        await settle(pilot)
        old = app.screen
        assert isinstance(old, JobDetailScreen) and old.job is not None
        assert old.job["status"] == "Failed"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        # What the wizard does once AWS has created the job.
        arn = new_job(aws_env, "clone-of-a-failed-job")
        app.show_job(arn, "us-east-1", "clone-of-a-failed-job")
        await settle(pilot)
        details = [s for s in app.screen_stack if isinstance(s, JobDetailScreen)]
        assert [d.arn for d in details] == [arn], "one detail screen, the new job's"
        assert top(app) is details[0]
        assert "clone-of-a-failed-job" in screen_text(app)
        assert monitor.status_filter == "all"
        assert monitor.table.current is not None and monitor.table.current.arn == arn
        # One Esc back to the monitor, which says why it shows every job.
        await pilot.press("escape")
        await pilot.pause()
        assert top(app) is monitor
        assert "showing all jobs: the failed filter would hide clone-of-a-failed-job" in (
            screen_text(app)
        )


async def test_a_name_filter_that_hides_the_new_job_goes_one_that_shows_it_stays(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monitor = jobs_screen(app)
        await pilot.press("slash", *"nova", "enter", "1")
        arn = new_job(aws_env, "titan-for-the-filter")
        app.show_job(arn, "us-east-1", "titan-for-the-filter")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert monitor.name_filter.text == "" and monitor.status_filter == "running"
        text = screen_text(app)
        assert "showing running jobs: the filter /nova would hide titan-for-the-filter" in text
        assert "Filter /" not in text
        assert monitor.table.current is not None and monitor.table.current.arn == arn
        # A filter that shows the job is kept, and nothing is said.
        await pilot.press("slash", *"titan", "enter")
        arn = new_job(aws_env, "titan-kept-in-the-filter")
        app.show_job(arn, "us-east-1", "titan-kept-in-the-filter")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert monitor.name_filter.text == "titan"
        assert monitor.table.current is not None and monitor.table.current.arn == arn


async def test_a_job_in_a_region_the_monitor_does_not_watch_is_said_so(
    aws_env: SimServer, tmp_path: Path
) -> None:
    arn = new_job(
        aws_env,
        "far-away-job",
        region="us-west-2",
        model="anthropic.claude-3-haiku-20240307-v1:0:200k",
    )
    app = make_app(aws_env, tmp_path, regions=["us-east-1"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_job(arn, "us-west-2", "far-away-job")
        await settle(pilot)
        assert isinstance(app.screen, JobDetailScreen) and app.screen.arn == arn
        assert "far-away-job" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "far-away-job runs in us-west-2, which the monitor does not watch" in (
            screen_text(app)
        )
        assert jobs_screen(app).pending_select is None
