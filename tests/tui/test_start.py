"""The monitor's first frame comes before boto3: the region the AWS configuration gives is
shown once the first poll has read it, and the poll starts after the frame is drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ftui.core.aws.session import AwsTarget
from ftui.core.settings import Settings
from ftui.tui.app import FtuiApp
from ftui.tui.widgets.line import Line
from tests.tui.conftest import make_app, make_store


def header(app: FtuiApp) -> str:
    return app.screen.query_one("#jobs-header", Line).text


@pytest.mark.parametrize(("environment", "shown"), [(None, "…"), ("eu-west-1", "eu-west-1")])
async def test_the_region_of_the_aws_configuration_is_shown_once_read(
    world: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    environment: str | None,
    shown: str,
) -> None:
    home = Path.home()
    (home / "aws-config").write_text("[default]\nregion = us-east-1\n")
    if environment is not None:
        monkeypatch.setenv("AWS_DEFAULT_REGION", environment)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "ftui-sim")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "ftui-sim-secret")
    app = FtuiApp(
        settings=Settings(),
        target=AwsTarget(endpoint_url=world.endpoint_url),
        store=make_store(tmp_path),
        clock=world.clock.now,
    )
    async with app.run_test(size=(120, 30)) as pilot:
        # The first frame: AWS not asked yet, nor boto3 loaded for the region in a file.
        assert header(app).startswith(f"account … · {shown} · ")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        region = environment or "us-east-1"
        assert header(app).startswith(f"account 123456789012 · {region} · refreshed")


async def test_the_key_bar_is_one_line_of_text_that_follows_the_bindings(
    world: Any, tmp_path: Path
) -> None:
    """Textual's footer is a widget per key, all rebuilt at each change of bindings (three as a
    screen opens): the largest part of the monitor's first frame. The key bar is one widget,
    and its keys follow the focus as Textual's did."""
    from ftui.tui.widgets.footer import Footer

    app = make_app(world, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        bar = app.screen.query_one(Footer)
        assert not bar.children
        shown = bar.render().plain
        assert (
            " ⏎ Details " in shown and " / Filter " in shown and shown.rstrip().endswith("palette")
        )
        await pilot.press("slash")  # the filter's field has the focus: its keys, not the table's
        assert "Details" not in bar.render().plain


async def test_the_jobs_are_shown_while_the_account_is_still_being_asked(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The account is only the header's: the first poll lists the jobs beside asking for it,
    not after, so a slow STS (or a long round trip) does not hold the jobs back."""
    from ftui.sim.faults import parse_fault

    for name, value in world.environment().items():
        monkeypatch.setenv(name, value)
    world.faults.add([parse_fault("slow=3s:GetCallerIdentity,count=1")])
    app = make_app(world, tmp_path)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            for _ in range(100):
                await pilot.pause(0.02)
                if app.jobs.rows:
                    break
            assert app.jobs.rows, "the jobs came after the account"
            assert header(app).startswith("account … ")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert header(app).startswith("account 123456789012 ")
    finally:
        world.faults.clear()


async def test_whoever_started_ftui_is_told_when_its_first_frame_is_drawn(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FTUI_READY_FD: one newline once the first screen is drawn (ftui --demo starts loading
    its emulator then), and the variable is not handed on."""
    import os

    from ftui.tui import readiness

    reading, writing = os.pipe()
    monkeypatch.setenv(readiness.ENV, str(writing))
    app = make_app(world, tmp_path)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            assert readiness.ENV not in os.environ
            assert os.read(reading, 10) == b"\n"
            assert os.read(reading, 10) == b"", "written once, then closed"
    finally:
        os.close(reading)
