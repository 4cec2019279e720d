"""`e` in the job detail: asks where (a full path to edit), never overwrites silently, says where."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from ftui.sim.server import SimServer
from ftui.tui.app import FtuiApp
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.job_detail import JobDetailScreen
from ftui.tui.screens.path_prompt import PathScreen
from tests.tui.conftest import make_app
from tests.tui.test_jobs import SIZE, jobs_screen, screen_text, settle

JOB = "support-bot-nova-micro-ft-003"


def top(app: FtuiApp) -> Screen[Any]:
    """The screen on view (a function: mypy would narrow ``app.screen`` across key presses)."""
    return app.screen


def dialog_text(app: FtuiApp) -> str:
    """The texts of the dialog on view, unwrapped (long paths wrap on screen)."""
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


def notes(app: FtuiApp) -> list[str]:
    return [n.message for n in app._notifications]


async def open_detail(app: FtuiApp, pilot: Pilot[Any]) -> None:
    await settle(pilot)
    table = jobs_screen(app).table
    table.select_arn(next(r.arn for r in table.view if r.name == JOB))
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(top(app), JobDetailScreen)


async def test_export_asks_where_and_says_where_it_wrote(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_detail(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(top(app), PathScreen)
        target = tmp_path / f"{JOB}.json"
        assert app.screen.query_one(Input).value == str(target), "the default, in full"
        assert f"Writes {target}" in dialog_text(app)
        assert target.name in screen_text(app), "the Input shows the end of the path"
        assert not target.exists(), "nothing is written before Enter"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(top(app), JobDetailScreen)
        exported = json.loads(target.read_text())
        original = aws_env.bedrock.find_job("us-east-1", JOB).request
        assert exported == {k: v for k, v in original.items() if k != "clientRequestToken"}
        assert f"Wrote {target}" in notes(app)


async def test_an_existing_file_is_replaced_only_when_confirmed(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / f"{JOB}.json"
    target.write_text("mine")
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_detail(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert f"{target} exists: Enter asks before replacing it" in dialog_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(top(app), ConfirmScreen)
        assert f"Replace {target}?" in dialog_text(app)
        await pilot.press("n")  # keep it, and choose another name
        await pilot.pause()
        assert isinstance(top(app), PathScreen)
        assert target.read_text() == "mine"
        await pilot.press("ctrl+u", *"elsewhere.json", "enter")
        await pilot.pause()
        assert isinstance(top(app), JobDetailScreen)
        assert target.read_text() == "mine"
        assert json.loads((tmp_path / "elsewhere.json").read_text())["jobName"] == JOB
        assert f"Wrote {tmp_path / 'elsewhere.json'}" in notes(app)
        # Asked again, this time replacing it.
        await pilot.press("e", "enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert json.loads(target.read_text())["jobName"] == JOB
        assert f"Wrote {target}" in notes(app)


async def test_a_path_that_cannot_be_written_is_refused_in_the_dialog(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_detail(app, pilot)
        await pilot.press("e", "ctrl+u", *"no/such/folder/x.json", "enter")
        await pilot.pause()
        assert isinstance(top(app), PathScreen)
        assert f"There is no folder {tmp_path / 'no/such/folder'}." in dialog_text(app)
        await pilot.press("ctrl+u", "enter")
        assert "Type the path of the file to write." in dialog_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(top(app), JobDetailScreen)
        assert list(tmp_path.glob("*.json")) == []
