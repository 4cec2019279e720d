"""The jobs monitor against the emulator: live updates, the cursor, filters, sorting, actions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from ftui.core.aws.policy import ReadOnly
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.jobs import JobRow
from ftui.sim.clock import ManualClock
from ftui.sim.server import SimServer
from ftui.sim.world import ROLE_ARN
from ftui.tui.app import FtuiApp
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.job_detail import JobDetailScreen
from ftui.tui.screens.jobs import JobsScreen
from ftui.tui.screens.jobs_poll import JobsFetched
from ftui.tui.wizard.screen import WizardScreen
from tests.tui.conftest import make_app

SETTLE_TRIES = 5

SIZE = (130, 30)
BOTH = ["us-east-1", "us-west-2"]


def jobs_screen(app: FtuiApp) -> JobsScreen:
    screen = app.get_screen("jobs")
    assert isinstance(screen, JobsScreen)
    return screen


def names(app: FtuiApp) -> list[str]:
    return [row.name for row in jobs_screen(app).table.view]


def screen_text(app: FtuiApp) -> str:
    """What the terminal shows, as text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot: Pilot[Any]) -> None:
    """Until every worker is done. A screen that closes meanwhile (a dialog dismissed by the
    answer it waited for) has its workers cancelled, as Textual does: then wait for the rest."""
    for _ in range(SETTLE_TRIES):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        break
    await pilot.pause()


async def refreshed(pilot: Pilot[Any]) -> None:
    await pilot.press("r")
    await settle(pilot)


def new_job(
    sim: SimServer,
    name: str,
    *,
    region: str = "us-east-1",
    model: str = "amazon.nova-micro-v1:0:128k",
) -> str:
    """A job created through boto3, as another AWS client would; its ARN."""
    sim.advance(60)  # a minute apart, as jobs are created in life
    bedrock = boto3.client(
        "bedrock",
        endpoint_url=sim.endpoint_url,
        region_name=region,
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    return str(
        bedrock.create_model_customization_job(
            jobName=name,
            customModelName=f"{name}-model",
            roleArn=ROLE_ARN,
            baseModelIdentifier=model,
            trainingDataConfig={"s3Uri": "s3://ftui-demo-data/support/train.jsonl"},
            outputDataConfig={"s3Uri": "s3://ftui-demo-output/jobs/"},
        )["jobArn"]
    )


async def test_every_job_of_both_regions(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path, regions=BOTH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = jobs_screen(app)
        assert len(screen.table.view) >= 13
        regions = {row.region for row in screen.table.view}
        assert regions == set(BOTH)
        bar = str(screen.query_one("#jobs-bar").render())
        assert f"{len(screen.table.view)} of {len(screen.rows)} jobs" in bar
        header = str(screen.query_one("#jobs-header").render())
        assert "account 123456789012" in header and "us-east-1, us-west-2" in header
        running = next(r for r in screen.table.view if r.name == "support-bot-nova-micro-ft-004")
        assert (running.status, running.stage) == ("InProgress", "Training")


async def test_jobs_progress_and_the_table_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SimServer(clock=ManualClock()) as sim:
        from ftui.sim.world import seed_world

        seed_world(sim)
        for key, value in sim.environment().items():
            monkeypatch.setenv(key, value)
        app = make_app(sim, tmp_path)
        notes: list[str] = []
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
            await settle(pilot)
            screen = jobs_screen(app)
            before = {r.name: (r.status, r.stage) for r in screen.table.view}
            assert before["nova-micro-distill-from-pro"] == ("InProgress", "Validation")
            sim.advance(45 * 60)
            await refreshed(pilot)
            after = {r.name: (r.status, r.stage) for r in screen.table.view}
            assert after["nova-micro-distill-from-pro"] == ("InProgress", "Training")
            flash = str(screen.query_one("#jobs-flash").render())
            assert "nova-micro-distill-from-pro" not in flash, "a stage is not a status change"
            # Watching from the wizard: the news comes on its status line (a toast would cover
            # the fields at 80x24).
            await pilot.press("f4")
            await pilot.pause()
            sim.advance(8 * 3600)
            screen.poll_now()
            await settle(pilot)
            after = {r.name: (r.status, r.stage) for r in screen.table.view}
            assert after["nova-micro-distill-from-pro"] == ("Completed", "")
            assert after["support-bot-nova-micro-ft-004"][0] == "Completed"
            wizard = app.get_screen("wizard")
            assert "→ Completed" in str(wizard.query_one("#wizard-status").render())
            assert notes == [], "no toast over the fields"
            # Watching from the profiles: a toast.
            await pilot.press("f3")
            await pilot.pause()
            new_job(sim, "watched-from-the-profiles")
            screen.poll_now()
            await settle(pilot)
            sim.bedrock.stop_job("us-east-1", "watched-from-the-profiles")
            screen.poll_now()
            await settle(pilot)
            assert any("→ Stopping" in n for n in notes), notes
            # On the monitor itself, one line says it (cheaper over SSH than a toast).
            await pilot.press("f2")
            await pilot.pause()
            notes.clear()
            new_job(sim, "watched-on-the-monitor")
            await refreshed(pilot)
            sim.bedrock.stop_job("us-east-1", "watched-on-the-monitor")
            await refreshed(pilot)
            flash = str(screen.query_one("#jobs-flash").render())
            assert "watched-on-the-monitor: InProgress → Stopping" in flash
            assert notes == []


async def test_the_cursor_stays_on_its_job(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=(130, 12)) as pilot:  # fewer rows than jobs: it scrolls
        await settle(pilot)
        table = jobs_screen(app).table
        await pilot.press("down", "down", "down")
        chosen = table.current
        assert chosen is not None
        row_on_screen = table.cursor - int(table.scroll_offset.y)
        for i in range(3):
            new_job(aws_env, f"inserted-above-{i}")
        await refreshed(pilot)
        assert names(app)[:3] == ["inserted-above-2", "inserted-above-1", "inserted-above-0"]
        assert table.current is not None and table.current.arn == chosen.arn
        assert table.cursor - int(table.scroll_offset.y) == row_on_screen


async def test_filter_and_quick_status_filters(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        everything = names(app)
        await pilot.press("slash", *"nova-lite")
        assert names(app) and all("nova-lite" in n for n in names(app))
        await pilot.press("ctrl+u", *"!nova")
        assert names(app) and not any("nova" in n for n in names(app))
        await pilot.press("ctrl+u", *"^titan-docs-cpt-00[12]$")
        assert sorted(names(app)) == ["titan-docs-cpt-001", "titan-docs-cpt-002"]
        await pilot.press("enter")
        assert app.focused is jobs_screen(app).table
        await pilot.press("escape")
        assert names(app) == everything
        await pilot.press("3")
        failed = names(app)
        assert failed and all(r.status == "Failed" for r in jobs_screen(app).table.view)
        assert "showing failed" in str(jobs_screen(app).query_one("#jobs-bar").render())
        await pilot.press("0")
        assert names(app) == everything


async def test_sort_by_a_column_and_back(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("N")
        listed = names(app)
        assert listed == sorted(listed, key=str.lower)
        await pilot.press("N")
        assert names(app) == sorted(listed, key=str.lower, reverse=True)
        await pilot.press("S")
        statuses = [r.status for r in jobs_screen(app).table.view]
        assert statuses.index("InProgress") < statuses.index("Completed")
        assert "sorted by status" in str(jobs_screen(app).query_one("#jobs-bar").render())


async def test_stop_asks_first_and_refuses_finished_jobs_politely(
    aws_env: SimServer, tmp_path: Path
) -> None:
    new_job(aws_env, "to-be-stopped")
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        table = jobs_screen(app).table
        assert table.current is not None and table.current.name == "to-be-stopped"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, JobDetailScreen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        body = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "cannot be resumed" in body and "billed" in body
        await pilot.press("y")
        await settle(pilot)
        job = aws_env.bedrock.find_job("us-east-1", "to-be-stopped")
        assert job.status == "Stopping"
        await pilot.press("escape")
        await pilot.press("3")  # a failed job
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, JobDetailScreen), "no question for a finished job"
        assert any("Only a job in progress can be stopped" in n.message for n in app._notifications)


async def test_clone_and_export(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        jobs_screen(app).table.select_arn(
            next(
                r.arn
                for r in jobs_screen(app).table.view
                if r.name == "support-bot-nova-micro-ft-003"
            )
        )
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e", "enter")  # where: the default, in the current folder
        await pilot.pause()
        exported = json.loads((tmp_path / "support-bot-nova-micro-ft-003.json").read_text())
        original = aws_env.bedrock.find_job("us-east-1", "support-bot-nova-micro-ft-003").request
        assert exported == {k: v for k, v in original.items() if k != "clientRequestToken"}
        await pilot.press("c")
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        assert wizard.draft.get(("jobName",)) == "support-bot-nova-micro-ft-004"
        assert wizard.draft.get(("customModelName",)) == "support-bot-micro-v4"
        assert wizard.draft.get(("jobTags",)) == original["jobTags"]
        assert wizard.working.dirty


async def test_read_only_hides_stop(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path, read_only=ReadOnly("--read-only"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "s" not in app.screen.active_bindings or not app.screen.active_bindings["s"].enabled
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, JobDetailScreen)
        assert "read-only" in str(jobs_screen(app).query_one("#jobs-header").render())


async def test_pause_stops_polling(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = jobs_screen(app)
        await pilot.press("p")
        assert "PAUSED" in str(screen.query_one("#jobs-header").render())
        assert screen._timer is None
        generation = screen.generation
        await pilot.pause(0.3)
        assert screen.generation == generation
        await pilot.press("p")
        await settle(pilot)
        assert screen.generation == generation + 1


async def test_a_superseded_poll_is_dropped(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = jobs_screen(app)
        from ftui.core.polling import Poll

        stale = Poll(screen.generation - 1, {}, {})
        screen.post_message(JobsFetched(stale))
        await pilot.pause()
        assert screen.rows, "an old, empty answer did not wipe the table"


async def test_losing_the_endpoint_keeps_the_data_and_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = SimServer(clock=ManualClock()).start()
    port = first.port
    for key, value in first.environment().items():
        monkeypatch.setenv(key, value)
    from ftui.sim.world import seed_world

    seed_world(first)
    target = AwsTarget(region="us-east-1", endpoint_url=first.endpoint_url)
    app = FtuiApp(
        target=target,
        regions=["us-east-1"],
        session=AwsSession(target, max_attempts=1),
        clock=first.clock.now,
        store=__import__("tests.tui.conftest", fromlist=["make_store"]).make_store(tmp_path),
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = jobs_screen(app)
        shown = names(app)
        first.stop()
        await refreshed(pilot)
        status = str(screen.query_one("#jobs-status").render())
        assert "EndpointConnectionError" in status and "stale" in status
        assert names(app) == shown, "the last data stays"
        assert screen.table.stale
        second = SimServer(clock=ManualClock(), port=port).start()
        try:
            seed_world(second)
            await refreshed(pilot)
            assert not screen.errors
            assert not screen.query_one("#jobs-status").display
            assert not screen.table.stale
            assert sorted(names(app)) == sorted(shown)
        finally:
            second.stop()


def test_rows_are_small(aws_env: SimServer) -> None:
    """JobRow uses slots: ten thousand rows must stay light."""
    assert not hasattr(JobRow("a", "b", "c", "", "", "", "", None, None, ""), "__dict__")  # type: ignore[arg-type]
