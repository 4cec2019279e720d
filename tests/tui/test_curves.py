"""Loss curves, progress and ETA, and comparing jobs, driven by keyboard against the emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from ftui.sim.clock import ManualClock
from ftui.sim.server import SimServer
from ftui.sim.world import seed_world
from ftui.tui.app import FtuiApp
from ftui.tui.screens.compare import CompareScreen
from ftui.tui.screens.job_detail import JobDetailScreen
from ftui.tui.screens.jobs_progress import FIRST_DELAY
from ftui.tui.widgets.loss_chart import LossChart
from ftui.tui.widgets.metrics_panel import MetricsPanel
from tests.tui.conftest import make_app
from tests.tui.test_jobs import jobs_screen, new_job, settle

TRAINING = "support-bot-nova-micro-ft-004"
BETTER = "support-bot-nova-micro-ft-003"
OVERFIT = "support-bot-nova-micro-ft-003-5-epochs"
SIZE = (120, 40)


@pytest.fixture
def own_world(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A demo world of this test's own: its clock moves."""
    with SimServer(clock=ManualClock()) as sim:
        seed_world(sim)
        for key, value in sim.environment().items():
            monkeypatch.setenv(key, value)
        yield sim


def text(widget: Any) -> str:
    return str(widget.render())


def select(pilot: Pilot[Any], name: str) -> None:
    """The cursor on the job named ``name`` in the monitor."""
    table = jobs_screen(pilot.app).table  # type: ignore[arg-type]
    assert table.select_arn(next(r.arn for r in table.view if r.name == name))


async def open_job(pilot: Pilot[Any], name: str) -> JobDetailScreen:
    app = pilot.app
    assert isinstance(app, FtuiApp)
    select(pilot, name)
    await pilot.press("enter")
    await settle(pilot)
    await settle(pilot)  # the job, then its metrics
    detail = app.screen
    assert isinstance(detail, JobDetailScreen)
    return detail


def curve_points(detail: JobDetailScreen) -> int:
    chart = detail.query_one(LossChart)
    return len(chart.drawn[0].curve.xs)


async def test_a_training_job_shows_its_curves_growing_and_its_end(
    own_world: SimServer, tmp_path: Path
) -> None:
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = await open_job(pilot, TRAINING)
        panel = detail.query_one(MetricsPanel)
        line = text(panel.query_one("#metrics-progress"))
        assert line.startswith("Training ") and "% · step " in line
        assert " · ends ~" in line and ", in ~" in line
        assert "\nEstimate: " in line  # what the estimate rests on
        cost = text(panel.query_one("#metrics-cost"))
        assert cost.startswith("Cost: ~") and "tokens trained (estimate:" in cost
        assert "prices of " in cost, "dated"
        first = curve_points(detail)
        assert first > 1
        shown = panel.shown.progress
        assert shown is not None and shown.steps_done is not None
        own_world.advance(15 * 60)
        jobs_screen(app).poll_now()
        await settle(pilot)
        await settle(pilot)
        later = panel.shown.progress
        assert later is not None and later.steps_done is not None
        assert later.steps_done > shown.steps_done, "the curve grows as the job trains"
        assert curve_points(detail) > first
        await pilot.press("p")
        await pilot.pause()
        assert detail.query_one(LossChart).title.startswith("Perplexity by step")
        await pilot.press("x")
        await pilot.pause()
        assert detail.query_one(LossChart).title.startswith("Perplexity by epoch")


async def test_before_training_there_are_no_metrics_yet(
    own_world: SimServer, tmp_path: Path
) -> None:
    new_job(own_world, "just-submitted")
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = await open_job(pilot, "just-submitted")
        panel = detail.query_one(MetricsPanel)
        assert text(panel.query_one("#metrics-note")) == (
            "No metrics yet: training has not started."
        )
        assert text(panel.query_one("#metrics-progress")).startswith(
            "Training has not started (Validation)"
        )
        assert not panel.query(LossChart), "no chart (nor plotext) before there is a curve"


async def test_the_monitor_shows_when_training_jobs_may_end(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(FIRST_DELAY + 0.2)  # the first read waits for the first screen
        await settle(pilot)
        table = jobs_screen(app).table
        header = table.render_line(0).text
        assert "ETA" in header
        row = table.render_line(1 + next(i for i, r in enumerate(table.view) if r.name == TRAINING))
        assert "~" in row.text.split("Nova Micro")[-1]
    async with make_app(aws_env, tmp_path).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "ETA" not in jobs_screen(pilot.app).table.render_line(0).text  # type: ignore[arg-type]


async def test_comparing_two_jobs_says_which_learned_better_and_how_they_differ(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = jobs_screen(app)
        await pilot.press("c")
        assert "Mark two to four jobs with space" in text(screen.query_one("#jobs-flash"))
        for name in (BETTER, OVERFIT):
            select(pilot, name)
            await pilot.press("space")
        assert "2 marked" in text(screen.query_one("#jobs-bar"))
        await pilot.press("c")
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        verdict = text(compare.query_one("#compare-verdict")).splitlines()
        assert verdict[0].startswith(f"{BETTER} learned best: lowest validation loss")
        assert verdict[1].startswith(f"{OVERFIT} overfit: validation loss rose from")
        table = text(compare.query_one("#compare-table")).splitlines()
        epochs = next(line for line in table if "epochCount" in line)
        assert epochs.startswith("≠") and "2" in epochs and "5" in epochs
        rate = next(line for line in table if "learningRate " in line)
        assert not rate.startswith("≠")
        drawn = compare.query_one(LossChart).drawn
        assert {d.job for d in drawn} == {0, 1}  # one colour a job
        await pilot.press("escape")
        await pilot.press("escape")  # unmarks
        assert not screen.table.marked


async def test_at_most_four_jobs_are_marked(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = jobs_screen(app)
        for _ in range(5):
            await pilot.press("space", "down")
        assert len(screen.table.marked) == 4
        assert "At most 4 jobs compare at once" in text(screen.query_one("#jobs-flash"))


async def test_a_job_that_failed_before_training_says_so_and_shows_no_progress(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = await open_job(pilot, "churn-explainer-ft-missing-data")
        panel = detail.query_one(MetricsPanel)
        assert not panel.query_one("#metrics-progress").display
        assert text(panel.query_one("#metrics-note")) == (
            "No metrics: the job ended before training started."
        )
        assert not panel.query_one("#metrics-cost").display, "nothing trained, nothing billed"


async def test_a_large_training_file_is_not_read_to_open_a_job_and_the_line_says_how(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ftui.tui.screens import job_detail

    monkeypatch.setattr(job_detail, "COUNT_LIMIT", 1000)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = await open_job(pilot, BETTER)
        cost = text(detail.query_one("#metrics-cost"))
        assert "not read to open a job; ftui data check s3://ftui-demo-data/support/" in cost
        assert "counts its tokens" in cost and "$1.95/month storage" in cost


async def test_the_palette_switches_the_curves(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = await open_job(pilot, BETTER)
        await pilot.press("ctrl+p")
        await pilot.press(*"perplexity")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert detail.query_one(LossChart).title.startswith("Perplexity by step")
