"""What the screens look like: every wizard step at 100x30 and 80x24, dialogs, ANSI colours.

The emulator runs on a frozen clock and profiles have fixed times, so the pictures are stable;
`pytest --snapshot-update` rewrites them after a deliberate change (look at the report first).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from ftui.sim.server import SimServer
from ftui.sim.world import UNTRUSTED_ROLE_ARN
from ftui.tui.screens.jobs_progress import FIRST_DELAY as PROGRESS_DELAY
from ftui.tui.wizard.datacheck import DELAY as DATA_CHECK_DELAY
from ftui.tui.wizard.screen import WizardScreen
from tests.tui.conftest import make_app

STEPS = ("job", "model", "data", "access", "network", "hyper", "tags", "review")
SIZES = {"100x30": (100, 30), "80x24": (80, 24)}


@pytest.mark.parametrize("size", SIZES, ids=str)
@pytest.mark.parametrize("index", range(len(STEPS)), ids=lambda i: f"{i + 1}-{STEPS[i]}")
def test_wizard_steps(
    snap_compare: Any, aws_env: SimServer, tmp_path: Path, index: int, size: str
) -> None:
    app = make_app(aws_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        app.open_profile("nova-support-bot")
        await pilot.pause()
        await pilot.press(f"alt+{index + 1}")
        await pilot.pause(DATA_CHECK_DELAY + 0.2)  # the data step shows the checker's verdict
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


def test_a_draft_with_problems(snap_compare: Any, aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        app.open_profile("draft-haiku-classifier")
        await pilot.pause()
        await pilot.press("alt+8")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_the_ansi_theme(snap_compare: Any, aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        app.theme = "ansi-dark"
        app.open_profile("draft-haiku-classifier")
        await pilot.pause()
        await pilot.press("alt+1")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_profiles(snap_compare: Any, aws_env: SimServer, size: str) -> None:
    app = make_app(aws_env, Path.home())
    assert snap_compare(app, terminal_size=SIZES[size], press=["f3"])


@pytest.mark.parametrize("size", SIZES, ids=str)
@pytest.mark.parametrize("profile", ["nova-support-bot", "distill-nova-micro"])
def test_submit_confirmation(
    snap_compare: Any, aws_env: SimServer, size: str, profile: str
) -> None:
    app = make_app(aws_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        app.open_profile(profile)
        await pilot.pause()
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()  # the pre-flight checks pass: the dialog
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=str)
@pytest.mark.parametrize("place", ["f2", "f3", "f4"])
def test_help(snap_compare: Any, aws_env: SimServer, size: str, place: str) -> None:
    app = make_app(aws_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press(place, "question_mark")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


# --- the jobs monitor ------------------------------------------------------------------------


async def _jobs_loaded(pilot: Pilot[Any]) -> None:
    """The jobs, then the training jobs' progress (its first read waits a moment)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(PROGRESS_DELAY + 0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.2)


@pytest.mark.parametrize("size", [(120, 30), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_jobs_table(snap_compare: Any, aws_env: SimServer, size: tuple[int, int]) -> None:
    app = make_app(aws_env, Path.home(), regions=["us-east-1", "us-west-2"])
    assert snap_compare(app, terminal_size=size, run_before=_jobs_loaded)


def test_job_detail(snap_compare: Any, aws_env: SimServer) -> None:
    app = make_app(aws_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        await _jobs_loaded(pilot)
        await pilot.press("3", "enter")  # the first failed job
        await _jobs_loaded(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_jobs_when_aws_cannot_be_reached(snap_compare: Any, aws_env: SimServer) -> None:
    from ftui.core.aws.session import AwsSession, AwsTarget

    # Port 9 (discard): nothing listens there on a test machine, so the connection is refused.
    target = AwsTarget(region="us-east-1", endpoint_url="http://127.0.0.1:9")
    app = make_app(aws_env, Path.home(), session=AwsSession(target, max_attempts=1))
    assert snap_compare(app, terminal_size=(100, 20), run_before=_jobs_loaded)


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_preflight_checks_with_a_failure(snap_compare: Any, aws_env: SimServer, size: str) -> None:
    """A role Bedrock cannot assume: the failure highlighted, its trust policy to paste."""
    app = make_app(aws_env, Path.home())

    async def run_before(pilot: Pilot[Any]) -> None:
        app.open_profile("nova-support-bot")
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WizardScreen) and wizard.editor is not None
        wizard.edited(wizard.editor.set(("roleArn",), UNTRUSTED_ROLE_ARN))
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
