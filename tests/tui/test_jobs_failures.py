"""Whatever goes wrong in a worker of the monitor reaches the user, and polling goes on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ftui.core import polling
from ftui.core.aws.bedrock import Bedrock
from ftui.core.polling import Poll
from ftui.sim.server import SimServer
from ftui.tui.screens import jobs as jobs_module
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.job_detail import JobDetailScreen
from tests.tui.conftest import make_app
from tests.tui.test_jobs import SIZE, jobs_screen, names, new_job, screen_text, settle


async def test_a_poll_that_raises_is_shown_and_polling_goes_on(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = jobs_screen(app)
        shown = names(app)
        real_fetch = polling.fetch
        calls = 0

        def broken_once(*args: Any, **kwargs: Any) -> Poll:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise RuntimeError("unexpected answer")
            return real_fetch(*args, **kwargs)

        monkeypatch.setattr(jobs_module, "fetch", broken_once)
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(app)
        assert "RuntimeError: unexpected answer" in text, text
        assert "stale" in text
        assert names(app) == shown, "the last data stays"
        assert screen.table.stale
        # The next poll is planned all the same (here soon) and clears the message.
        assert screen._timer is not None
        screen._timer.stop()
        screen._timer = screen.set_timer(0.05, screen.poll_now)
        await pilot.pause(0.2)
        await settle(pilot)
        assert calls == 2
        assert "RuntimeError" not in screen_text(app)
        assert not screen.table.stale and names(app) == shown


async def test_a_detail_that_cannot_load_says_why(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def broken(self: Bedrock, identifier: str) -> Any:
            raise RuntimeError("no detail today")

        monkeypatch.setattr(Bedrock, "get_job", broken)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, JobDetailScreen)
        assert "RuntimeError: no detail today" in screen_text(app), screen_text(app)


async def test_a_stop_that_raises_is_reported(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_job(aws_env, "stop-that-raises")
    app = make_app(aws_env, tmp_path)
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]

        def broken(self: Bedrock, identifier: str) -> Any:
            raise RuntimeError("the line went dead")

        monkeypatch.setattr(Bedrock, "stop_job", broken)
        current = jobs_screen(app).table.current
        assert current is not None and current.name == "stop-that-raises"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert any("RuntimeError: the line went dead" in n for n in notes), notes
