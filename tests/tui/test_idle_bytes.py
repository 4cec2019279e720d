"""Over SSH every redraw is bytes on the link: a screen nobody touches draws nothing.

These tests count the app's frames (``App._display``, what the driver writes to the terminal)
while a screen sits idle. bench/ssh.py measures the same as bytes on a real pseudo-terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.command import CommandInput
from textual.pilot import Pilot
from textual.widgets import Input, Static

from ftui.sim.server import SimServer
from ftui.tui.app import FtuiApp
from ftui.tui.pickers.levels import FilterInput
from ftui.tui.screens.job_detail import JobDetailScreen
from ftui.tui.widgets.footer import Footer
from ftui.tui.widgets.loss_chart import LossChart
from ftui.tui.widgets.metrics_panel import MetricsPanel
from ftui.tui.widgets.safe_input import SafeInput
from ftui.tui.widgets.safe_text_area import SafeTextArea
from tests.tui.conftest import make_app

SIZE = (120, 40)
FINISHED = "titan-docs-cpt-001"
TRAINING = "support-bot-nova-micro-ft-004"  # with metrics written
IDLE_SECONDS = 1.2  # two of Textual's blink periods (0.5 s)
# Settled: no frame for this long (a focus change rebuilds the footer a frame or two later),
# shorter than a blink so a blinking cursor never looks settled to the next step.
SETTLE_SECONDS = 0.3
SETTLE_TRIES = 10


@pytest.fixture(autouse=True)
def _steady_cursor() -> None:
    """The cursor as users get it: this module overrides conftest's fixture that stops the
    blinking for stable snapshots, since blinking is what it looks for."""


class Frames:
    """How many times the app drew to the terminal."""

    def __init__(self, app: App[Any], monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        display = app._display

        def counted(*args: Any, **kwargs: Any) -> None:
            self.count += 1
            display(*args, **kwargs)

        monkeypatch.setattr(app, "_display", counted)


async def idle_frames(pilot: Pilot[Any], monkeypatch: pytest.MonkeyPatch) -> int:
    """Frames drawn over two blink periods, once what the last key started is drawn."""
    await pilot.app.workers.wait_for_complete()
    frames = Frames(pilot.app, monkeypatch)
    for _ in range(SETTLE_TRIES):
        drawn = frames.count
        await pilot.pause(SETTLE_SECONDS)
        if frames.count == drawn:
            break
    drawn = frames.count
    await pilot.pause(IDLE_SECONDS)
    return frames.count - drawn


class OneField(App[None]):
    def __init__(self, make: Callable[[], Input | SafeTextArea]) -> None:
        super().__init__()
        self.make = make

    def compose(self) -> ComposeResult:
        yield self.make()

    @property
    def field(self) -> Input | SafeTextArea:
        return self.query_one("#field", Input | SafeTextArea)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "field",
    [
        pytest.param(lambda: SafeInput("support-bot", id="field"), id="text field"),
        pytest.param(lambda: FilterInput(id="field"), id="picker filter"),
        pytest.param(lambda: SafeTextArea("What is my order?", id="field"), id="prompt box"),
    ],
)
async def test_a_focused_field_keeps_its_cursor_still(
    field: Callable[[], Input | SafeTextArea], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blinking cursor is two frames a second for as long as the field has focus."""
    app = OneField(field)
    async with app.run_test(size=(60, 6)) as pilot:
        app.field.focus()
        assert await idle_frames(pilot, monkeypatch) == 0
        await pilot.press("x")
        assert "x" in (app.field.value if isinstance(app.field, Input) else app.field.text)


@pytest.fixture
def world_env(world: SimServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[SimServer]:
    for name, value in world.environment().items():
        monkeypatch.setenv(name, value)
    yield world


def ftui(world: SimServer, tmp_path: Path) -> FtuiApp:
    return make_app(world, tmp_path)


async def test_the_draft_sits_still_on_a_focused_field(
    world_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ftui(world_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.app.workers.wait_for_complete()
        app.screen.query_one("#description", SafeInput).focus()
        assert await idle_frames(pilot, monkeypatch) == 0
        await pilot.press(*"nightly")
        assert app.screen.query_one("#description", SafeInput).value == "nightly"


async def test_the_command_palette_sits_still(
    world_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ftui(world_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        assert await idle_frames(pilot, monkeypatch) == 0
        await pilot.press(*"keys")
        assert app.screen.query_one(CommandInput).value == "keys"


async def open_detail(app: FtuiApp, pilot: Pilot[Any], name: str) -> JobDetailScreen:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    row = next(row for row in app.jobs.table.view if row.name == name)
    app.jobs.open_detail(row.region, row.arn, row.name)
    for _ in range(2):  # the job, then its metrics
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    detail = app.screen
    assert isinstance(detail, JobDetailScreen)
    return detail


async def poll(app: FtuiApp, pilot: Pilot[Any]) -> None:
    app.jobs.poll_now()
    for _ in range(2):  # the poll, then the detail's metrics
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_a_poll_bringing_the_same_job_leaves_its_detail_as_drawn(
    world_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key bar is drawn again only when its keys changed: a poll that brings the job as it
    was writes nothing (once, a rebuilt footer moved the layout: 15 KB at 120x40, every poll)."""
    app = ftui(world_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(app, pilot, FINISHED)
        drawn = 0
        render = Footer.render

        def counted(footer: Footer) -> Text:
            nonlocal drawn
            drawn += 1
            return render(footer)

        monkeypatch.setattr(Footer, "render", counted)
        await poll(app, pilot)
        assert app.screen is detail
        assert drawn == 0


async def test_a_running_job_whose_metrics_did_not_move_keeps_its_chart_and_line(
    world_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its detail reads the metrics at every poll; the same rows are not drawn again."""
    app = ftui(world_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(app, pilot, TRAINING)
        panel = detail.query_one(MetricsPanel)
        assert panel.shown.metrics is not None and panel.shown.metrics.any
        drawn, updated = 0, 0

        def chart_drawn(chart: LossChart, *args: Any, **kwargs: Any) -> None:
            nonlocal drawn
            drawn += 1

        def line_updated(line: Static, *args: Any, **kwargs: Any) -> None:
            nonlocal updated
            updated += 1

        monkeypatch.setattr(LossChart, "draw", chart_drawn)
        monkeypatch.setattr(Static, "update", line_updated)
        await poll(app, pilot)  # the emulator's clock stands still: nothing new
        assert app.screen is detail
        assert (drawn, updated) == (0, 0)
