"""An endpoint's words are shown as they are: no markup runs, no escape reaches the terminal.

A job is created in the emulator, then its name, failure message, tags and output URI are
replaced by what a hostile (or broken) endpoint could send: AWS refuses such a name at create,
a man in the middle or a fake endpoint does not.
"""

from __future__ import annotations

import dataclasses
import json
import time
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from ftui.core import polling
from ftui.core.aws.errors import AwsError
from ftui.core.jobs import TEXT_LIMIT
from ftui.core.polling import Poll
from ftui.sim.server import SimServer
from ftui.tui.app import FtuiApp
from ftui.tui.screens import jobs as jobs_module
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.job_description import MESSAGE_LIMIT, describe
from ftui.tui.screens.job_detail import JobDetailScreen
from ftui.tui.screens.path_prompt import PathScreen
from ftui.tui.screens.submit import SubmitScreen
from ftui.tui.widgets.job_table import JobTable
from ftui.tui.widgets.line import Line
from ftui.tui.widgets.safe_input import SafeInput
from ftui.tui.widgets.safe_text_area import SafeTextArea
from ftui.tui.wizard.screen import WizardScreen
from tests.tui.conftest import make_app, make_store
from tests.tui.test_jobs import SIZE, jobs_screen, new_job, screen_text, settle

CLICK = "[@click=app.quit]x[/]"
SPACED_CLICK = "[ @click=app.quit]y[/]"  # textual.markup.escape leaves this one a click
STYLES = "[bold red]loud[/] [$accent]v[/] [$nope]n[/] [link=https://evil.example]l[/link]"
ESCAPES = (
    "\x1b[2J\x1b[H"  # clear the screen, cursor home
    "\x1b]52;c;cm0gLXJmIH4=\x07"  # write the clipboard
    "\x1b]8;;https://evil.example\x1b\\L\x1b]8;;\x1b\\"  # a hyperlink
    "\x1b]0;pwned\x07"  # the window title
    "\x9b2J"  # C1 CSI
    "paid\rfree\x08"  # write over
    "\u202eevil"  # right-to-left override
)
NAME = f"{CLICK}{SPACED_CLICK}{ESCAPES}" + "N" * 100_000
FAILURE = f"{SPACED_CLICK} {STYLES} {ESCAPES}\n" + "failed " * 15_000
TAGS = [{"key": f"team{CLICK}\x1b]52;c;eA==\x07", "value": f"{STYLES}\x9b"}]
OUTPUT = f"s3://bucket/{CLICK}\x1b]0;t\x07/"


def hostile_job(sim: SimServer, unique: str, **changes: Any) -> str:
    """A job as an endpoint may describe it: ``changes`` (name, failure, tags, output) or all."""
    arn = new_job(sim, unique)
    job = sim.bedrock.find_job("us-east-1", arn)
    job.name = changes.get("name", NAME)
    job.failure = changes.get("failure", FAILURE)
    job.tags = changes.get("tags", TAGS)
    job.request["outputDataConfig"] = {"s3Uri": changes.get("output", OUTPUT)}
    return arn


def acting(text: str) -> set[str]:
    """Characters in ``text`` a terminal, or the bidi algorithm, acts on instead of printing."""
    return {
        f"U+{ord(c):04X}"
        for c in text
        if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
    }


def assert_inert(app: FtuiApp) -> None:
    """What the terminal would get: no control character, no click action, no link."""
    strips = app.screen._compositor.render_strips()
    assert not acting("\n".join(strip.text for strip in strips))
    for strip in strips:
        for segment in strip:
            style = segment.style
            if style is not None:
                assert "@click" not in (style.meta or {}), segment
                assert not style.link, segment
    assert app.is_running


def top(app: FtuiApp) -> Screen[Any]:
    return app.screen


async def open_detail(app: FtuiApp, pilot: Pilot[Any], arn: str) -> JobDetailScreen:
    await settle(pilot)
    assert jobs_screen(app).table.select_arn(arn)
    await pilot.press("enter")
    await settle(pilot)
    screen = top(app)
    assert isinstance(screen, JobDetailScreen)
    return screen


async def test_the_table_shows_a_hostile_name_as_it_is_cut(
    aws_env: SimServer, tmp_path: Path
) -> None:
    arn = hostile_job(aws_env, "hostile-table")
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = jobs_screen(app).table
        row = table.rows[arn]
        assert row.name.startswith(f"{CLICK}{SPACED_CLICK}␛[2J␛[H␛]52;c;")
        assert len(row.name) <= TEXT_LIMIT and row.name.endswith("…")
        line = next(line for line in screen_text(app).splitlines() if CLICK in line)
        assert line.startswith(f" {CLICK}[") and "…" in line, "cut in the middle"
        assert len(line) == SIZE[0], "cut to its column: the other columns keep their place"
        assert_inert(app)
        y = 1 + table.view.index(row)
        for x in range(1, 45):
            await pilot.click(JobTable, offset=(x, y))
        await pilot.pause()
        assert app.is_running


async def test_the_detail_shows_every_hostile_value_as_it_is(
    aws_env: SimServer, tmp_path: Path
) -> None:
    arn = hostile_job(aws_env, "hostile-detail")
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(app, pilot, arn)
        detail = screen.query_one("#detail", Static)
        shown = str(detail.render())
        assert not acting(shown)
        first = shown.splitlines()[0]
        assert first.startswith(f"{CLICK}{SPACED_CLICK}␛[2J␛[H␛]52;c;cm0gLXJmIH4=␇␛]8;;")
        for literal in (
            f"  {SPACED_CLICK} {STYLES} ␛[2J",  # the failure message
            "␛]0;pwned␇\\x9b2Jpaid␍free␈\\u202eevil",
            f"team{CLICK}␛]52;c;eA==␇  {STYLES}\\x9b",  # the tag
            f"s3://bucket/{CLICK}␛]0;t␇/",  # the output URI
        ):
            assert literal in shown, literal
        assert "failed failed" in shown and len(shown) < MESSAGE_LIMIT + 5000, "cut"
        assert detail.size.height > 100, "the message wraps"
        assert_inert(app)
        for x in range(0, 40):
            await pilot.click("#detail", offset=(x, 0))
        await pilot.press("end")  # the end of the message, and what follows it
        await pilot.pause()
        assert_inert(app)
        assert isinstance(top(app), JobDetailScreen)


def test_describing_a_huge_job_takes_little_time() -> None:
    job = {
        "jobName": NAME,
        "jobArn": "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/x",
        "status": "Failed",
        "failureMessage": "\x1b[2J\x9b" * 100_000,
        "outputDataConfig": {"s3Uri": "s3://b/" + "\u202e" * 100_000},
        "hyperParameters": {"\x1b" * 100_000: "[b]" * 100_000},
    }
    start = time.perf_counter()
    shown = describe(job, TAGS * 50, datetime.now(UTC))
    assert time.perf_counter() - start < 0.5  # about 10 ms
    assert len(shown.plain) < MESSAGE_LIMIT + 20_000
    assert not acting(shown.plain)


async def test_the_stop_question_and_the_notes_show_a_hostile_name_as_it_is(
    aws_env: SimServer, tmp_path: Path
) -> None:
    arn = hostile_job(aws_env, "hostile-stop", name=f"{CLICK}{ESCAPES}")
    shown_name = f"{CLICK}␛[2J␛[H␛]52;c;cm0gLXJmIH4=␇"
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_detail(app, pilot, arn)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(top(app), ConfirmScreen)
        title = str(top(app).query_one(".dialog-title", Static).render())
        assert title.startswith(f"Stop {shown_name}") and title.endswith("…?")
        assert_inert(app)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(top(app), JobDetailScreen)
        screen._stop()  # again: AWS refuses, naming the job in its message
        await settle(pilot)
        notes = [n.message for n in app._notifications]
        assert f"Stopping {shown_name}" in notes[0], notes
        refusal = next(n for n in notes if n.startswith("ConflictException"))
        assert f"The model customization job {shown_name}" in refusal
        assert not acting("".join(notes))
        assert shown_name in screen_text(app), "the toasts, on screen"
        assert_inert(app)


async def test_a_line_shows_markup_as_text_and_a_click_on_it_runs_nothing(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        flash = jobs_screen(app).query_one("#jobs-flash", Line)
        flash.text = f"09:00 {CLICK}{SPACED_CLICK}: InProgress → Failed {ESCAPES}"
        await pilot.pause()
        assert f"09:00 {CLICK}{SPACED_CLICK}: InProgress → Failed ␛[2J" in screen_text(app)
        assert_inert(app)
        for x in range(0, 50):
            await pilot.click("#jobs-flash", offset=(x, 0))
        await pilot.pause()
        assert app.is_running


async def test_the_wizard_status_line_shows_news_of_a_hostile_job_as_it_is(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        app.tell([f"{CLICK}: InProgress → Failed {ESCAPES}"], title="Job status", error=True)
        await pilot.pause()
        assert f"Job status: {CLICK}: InProgress → Failed ␛[2J" in screen_text(app)
        assert_inert(app)
        for x in range(0, 50):
            await pilot.click("#wizard-status", offset=(x, 0))
        await pilot.pause()
        assert app.is_running


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("../../pwned", "pwned.json"),
        ("/etc/x", "etc_x.json"),
        ("a\x00b\nc", "a_b_c.json"),
        (f"..{CLICK}\x1b]52;c;eA==\x07", "click_app.quit_x_52_c_eA_.json"),
        ("", "job.json"),
    ],
)
async def test_an_export_proposes_a_file_in_the_folder_whatever_the_name(
    aws_env: SimServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    file: str,
) -> None:
    folder = tmp_path / "exports" / "here"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    arn = hostile_job(aws_env, f"hostile-export-{len(name)}", name=name)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_detail(app, pilot, arn)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(top(app), PathScreen)
        assert top(app).query_one(Input).value == str(folder / file)
        assert_inert(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(top(app), JobDetailScreen)
        assert [p.name for p in folder.iterdir()] == [file]
        exported = json.loads((folder / file).read_text())
        assert exported.get("jobName", "") == name, "the data is exact"
        assert [p for p in tmp_path.rglob("*") if p.name == file] == [folder / file]
        assert not (tmp_path / "pwned.json").exists()


async def test_a_path_with_a_nul_is_refused_in_the_dialog(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PathScreen(f"Export {CLICK}\x1b]0;t\x07 to", tmp_path / "x.json"))
        await pilot.pause()
        top(app).query_one(Input).value = str(tmp_path / "a\x00b.json")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(top(app), PathScreen), "not written"
        texts = [str(s.render()) for s in top(app).query(Static)]
        assert f"Export {CLICK}␛]0;t␇ to" in texts
        assert "A path cannot hold a NUL character (␀)." in texts
        assert list(tmp_path.glob("a*.json")) == []


async def test_the_submit_summary_shows_a_drafts_values_as_they_are(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        items = [("Job", f"{CLICK}{ESCAPES}"), ("Output", f"s3://b/{STYLES}")]
        app.push_screen(SubmitScreen(items, "token"))
        await pilot.pause()
        text = screen_text(app)
        assert f"{CLICK}␛[2J" in text and "[bold red]loud[/]" in text
        assert_inert(app)


async def test_a_cloned_hostile_job_shows_in_every_step_of_the_wizard_as_text(
    aws_env: SimServer, tmp_path: Path
) -> None:
    arn = hostile_job(aws_env, "hostile-clone", name=f"{CLICK}{ESCAPES}")
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot, arn)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(top(app), WizardScreen)
        values = [field.value for field in top(app).query(SafeInput)]
        assert any(value.startswith(f"{CLICK}\x1b[2J") for value in values), "kept exact"
        assert f"{CLICK}␛[2J" in screen_text(app)
        assert_inert(app)
        for step in range(2, 9):
            await pilot.press(f"alt+{step}")
            await pilot.pause()
            assert_inert(app)


class OneInput(App[None]):
    def compose(self) -> ComposeResult:
        yield SafeInput("a\x1bb\x9bc\u202ed\x07e", compact=True)


async def test_a_safe_input_draws_one_cell_a_character_and_keeps_the_value() -> None:
    app = OneInput()
    async with app.run_test(size=(40, 3)) as pilot:
        field = app.query_one(SafeInput)
        assert app.screen._compositor.render_strips()[0].text.startswith("a␛b�c�d␇e")
        assert field.cursor_position == 9 and field._cursor_offset == 10
        await pilot.click(SafeInput, offset=(3, 0))  # on the � of \x9b
        assert field.cursor_position == 3
        await pilot.press("backspace", "X")  # b goes, X comes
        assert field.value == "a\x1bX\x9bc\u202ed\x07e"
        assert field._cursor_offset == 3
        assert not acting(app.screen._compositor.render_strips()[0].text)


class OneTextArea(App[None]):
    def compose(self) -> ComposeResult:
        # A prompt from a data set: an OSC 52 sequence would write the user's clipboard.
        yield SafeTextArea("ask \x1b]52;c;ZXZpbA==\x1b\\ me\nline \x9b2", compact=True)


async def test_a_prompt_from_a_data_set_is_drawn_as_text_and_sent_as_it_is() -> None:
    app = OneTextArea()
    async with app.run_test(size=(40, 4)):
        area = app.query_one(SafeTextArea)
        lines = [strip.text for strip in app.screen._compositor.render_strips()[:2]]
        assert lines[0].split() == ["ask", "␛]52;c;ZXZpbA==␛\\", "me"]
        assert lines[1].split() == ["line", "�2"]
        assert not any(acting(line) for line in lines)
        assert area.text == "ask \x1b]52;c;ZXZpbA==\x1b\\ me\nline \x9b2"


# --- places in files this work did not own: see the report of the change that added these ------


async def test_the_monitors_error_box_shows_an_endpoints_message_as_text(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fetch = polling.fetch

    def refused(*args: Any, **kwargs: Any) -> Poll:
        poll = real_fetch(*args, **kwargs)
        return dataclasses.replace(poll, errors={"us-east-1": AwsError("Denied", ESCAPES)})

    monkeypatch.setattr(jobs_module, "fetch", refused)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Denied: ␛[2J" in screen_text(app)
        assert_inert(app)


async def test_the_profiles_screen_shows_a_hostile_file_as_text(
    aws_env: SimServer, tmp_path: Path
) -> None:
    store = make_store(tmp_path)
    (store.user_dir / "hostile.toml").write_text(
        "schema_version = 1\n"
        'description = "[@click=app.quit]d[/] \\u001b]52;c;eA==\\u0007"\n'
        "[request]\n"
        'jobName = "hostile"\n'
        'baseModelIdentifier = "[@click=app.quit]m[/][link=https://evil.example]l[/link]"\n'
    )
    app = make_app(aws_env, tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        table = top(app).query_one(DataTable)
        table.move_cursor(row=table.get_row_index("hostile"))
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]m[/]" in text and "[@click=app.quit]d[/] ␛]52;c;eA==␇" in text
        assert_inert(app)
