"""The name filter of the jobs monitor: what is typed shows, above the footer, and stays shown."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

from ftui.sim.server import SimServer
from ftui.tui.app import FtuiApp
from ftui.tui.widgets.footer import Footer
from tests.tui.conftest import make_app
from tests.tui.test_jobs import jobs_screen, names, screen_text, settle


def prompt_line(app: FtuiApp) -> str:
    """The filter's line on screen, or "" when it is not shown."""
    return next((line for line in screen_text(app).splitlines() if "Filter /" in line), "")


async def test_the_filter_shows_what_is_typed(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = jobs_screen(app)
        everything = names(app)
        await pilot.press("slash", *"nova")
        field = screen.query_one("#jobs-filter", Input)
        footer = screen.query_one(Footer)
        assert app.focused is field and field.value == "nova"
        assert screen.region.contains_region(field.region), field.region
        assert not field.region.overlaps(footer.region), (field.region, footer.region)
        assert "Filter /nova" in prompt_line(app), screen_text(app)
        assert names(app) and all("nova" in n for n in names(app))
        # Enter goes back to the table; the filter stays in sight, with how to clear it.
        await pilot.press("enter")
        assert screen.table.has_focus
        assert "Filter /nova" in prompt_line(app) and "esc clears" in prompt_line(app)
        assert "filter /nova" in screen_text(app)
        # Esc clears it and the prompt goes.
        await pilot.press("escape")
        assert names(app) == everything
        assert prompt_line(app) == ""
        # Esc while typing clears too.
        await pilot.press("slash", *"titan", "escape")
        assert names(app) == everything and prompt_line(app) == ""
        assert screen.table.has_focus


async def test_keys_typed_fast_after_slash_go_to_the_filter(
    aws_env: SimServer, tmp_path: Path
) -> None:
    """Over SSH keys come bunched: `/nova` in one packet must not start a draft (`n`)."""
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = jobs_screen(app)
        for key, character in [("slash", "/"), *((c, c) for c in "nova")]:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert app.screen is screen, "no key went to the monitor's own letter keys"
        assert screen.query_one("#jobs-filter", Input).value == "nova"
        assert "Filter /nova" in prompt_line(app)


async def test_a_filter_with_brackets_is_shown_as_typed(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"[bold]x")
        assert "filter /[bold]x" in screen_text(app)
