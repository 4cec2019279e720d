"""The monitor through each fault the emulator can inject: it stays up, says what happened in
plain words, backs off, and recovers by itself when the fault ends."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from ftui.core.aws.session import AwsSession, AwsTarget, Timeouts
from ftui.sim.server import SimServer
from ftui.tui.app import FtuiApp
from ftui.tui.screens.job_detail import JobDetailScreen
from ftui.tui.screens.jobs import JobsScreen
from ftui.tui.screens.submit import SubmitScreen
from ftui.tui.wizard.screen import WizardScreen
from tests.tui.conftest import make_app
from tests.tui.test_jobs import new_job
from tests.tui.test_wizard import type_in, wizard

SIZE = (120, 40)
POLL = "ListModelCustomizationJobs"

# The fault, and words the user must read for it.
FAULTS = [
    (f"throttle:{POLL}", "ThrottlingException"),
    (f"5xx:{POLL}", "InternalServerException"),
    (f"5xx=503:{POLL}", "ServiceUnavailable"),
    (f"expired-credentials:{POLL}", "aws sso login"),
    (f"invalid-credentials:{POLL}", "Renew your credentials"),
    (f"access-denied:{POLL}", "AccessDeniedException"),
    (f"malformed=html:{POLL}", "not one AWS sends"),
    (f"malformed=truncated:{POLL}", "not one AWS sends"),
    (f"drop:{POLL}", "ConnectionClosed"),
    (f"timeout=30s:{POLL}", "Timeout"),
]


def _status(app: FtuiApp) -> str:
    widget = app.screen.query_one("#jobs-status", Static)
    return str(widget.render()) if widget.display else ""


async def _until(pilot: object, check: object, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError("not within the time")


@pytest.mark.parametrize(("spec", "words"), FAULTS, ids=[f[0].split(":")[0] for f in FAULTS])
async def test_the_monitor_rides_out_a_fault(
    spec: str, words: str, aws_env: SimServer, tmp_path: Path
) -> None:
    name = f"fault-{spec.split(':', maxsplit=1)[0].replace('=', '-')}"
    new_job(aws_env, name)
    # Short timeouts, one attempt: the fault reaches the screen at once, as after retries.
    session = AwsSession(
        AwsTarget(region="us-east-1", endpoint_url=aws_env.endpoint_url),
        timeouts=Timeouts(connect=1, read=1, attempts=1),
    )
    app = make_app(aws_env, tmp_path, session=session)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        await _until(pilot, lambda: screen.loaded and name in str(screen.rows))
        screen.schedule.interval = 0.3  # polls (and backoff) in tenths of seconds
        with aws_env.fault(spec):
            screen.poll_now()
            await _until(pilot, lambda: words in _status(app))
            assert "stale" in _status(app)
            assert screen.schedule.failures >= 1, "it backs off"
            assert any(r.name == name for r in screen.rows.values()), "the last data stays"
        # The fault has ended: the next poll, planned by itself, clears the message.
        await _until(pilot, lambda: _status(app) == "")
        assert screen.schedule.failures == 0
        assert app.is_running


async def _submit_draft(pilot: Pilot[Any], app: FtuiApp, job: str) -> WizardScreen:
    """Open a sample profile under a new job name, submit it with the keyboard, answer yes."""
    app.open_profile("nova-support-bot")
    await pilot.pause()
    screen = wizard(app)
    await type_in(pilot, ("jobName",), job)
    await type_in(pilot, ("customModelName",), f"{job}-model")
    await pilot.press("ctrl+r")
    await pilot.pause()
    assert isinstance(app.screen, SubmitScreen)
    await pilot.press("y")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_a_submit_whose_answer_is_lost_shows_the_job_it_made(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        with aws_env.fault("drop=after:CreateModelCustomizationJob,count=1"):
            await _submit_draft(pilot, app, "fault-tui-lost")
        detail = app.screen
        job = aws_env.bedrock.find_job("us-east-1", "fault-tui-lost")
        assert isinstance(detail, JobDetailScreen) and detail.arn == job.arn


async def test_a_submit_that_failed_says_so_and_can_be_sent_again(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        with aws_env.fault("drop=before:CreateModelCustomizationJob"):
            screen = await _submit_draft(pilot, app, "fault-tui-retry")
            said = str(screen.status.render())
            assert "did not create the job" in said and "safe" in said
            assert app.screen is screen and not screen.submitting.busy
        assert screen.draft.get(("jobName",)) == "fault-tui-retry", "nothing typed is lost"
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, JobDetailScreen)
        assert aws_env.bedrock.find_job("us-east-1", "fault-tui-retry") is not None
