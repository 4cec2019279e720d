"""Stylesheets parsed once are kept: a later start parses no CSS and looks the same."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet

from ftui.core.paths import state_dir
from ftui.tui import css_cache
from ftui.tui.app import FtuiApp
from tests.tui.conftest import make_app

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def _as_textual_after() -> Iterator[None]:
    yield
    css_cache.stop()


def drawn(app: FtuiApp) -> str:
    # Textual names the screenshot's CSS classes after a hash of this run: not what is drawn.
    return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())


async def monitor(world: Any, tmp_path: Path) -> tuple[FtuiApp, str]:
    app = make_app(world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        return app, drawn(app)


async def test_a_later_start_parses_no_css_and_draws_the_same(world: Any, tmp_path: Path) -> None:
    first, first_drawn = await monitor(world, tmp_path)
    assert first.css_cache.parsed > 0
    first.css_cache.save()
    assert (state_dir() / css_cache.FILE_NAME).is_file()

    later, later_drawn = await monitor(world, tmp_path)
    assert later.css_cache.parsed == 0
    assert later_drawn == first_drawn


@pytest.mark.parametrize(
    "kept", [b"not a pickle", b"\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00}\x94."]
)
async def test_a_kept_file_that_cannot_be_used_is_parsed_past_and_written_anew(
    world: Any, tmp_path: Path, kept: bytes
) -> None:
    path = state_dir() / css_cache.FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(kept)  # garbage, then an empty dict: no Textual version in it
    app, _ = await monitor(world, tmp_path)
    assert app.css_cache.parsed > 0
    app.css_cache.save()
    assert css_cache.CssCache(path).load().rules.keys() == app.css_cache.rules.keys()


def test_css_changed_since_is_parsed_again(tmp_path: Path) -> None:
    cache = css_cache.start(tmp_path / css_cache.FILE_NAME)
    stylesheet = Stylesheet()
    stylesheet.add_source("Screen { color: red; }", read_from=("ftui.tcss", ""))
    stylesheet.parse()
    cache.save()

    kept = css_cache.start(tmp_path / css_cache.FILE_NAME)
    again = Stylesheet()
    again.add_source("Screen { color: red; }", read_from=("ftui.tcss", ""))
    again.parse()
    assert kept.parsed == 0
    changed = Stylesheet()
    changed.add_source("Screen { color: blue; }", read_from=("ftui.tcss", ""))
    changed.parse()
    assert kept.parsed == 1
    assert str(changed.rules[0].styles.color) != str(again.rules[0].styles.color)


def test_textual_still_parses_through_the_method_the_cache_replaces() -> None:
    """The cache takes the place of a private method: an upgrade that renames it fails here."""
    assert css_cache._parse_rules.__name__ == "_parse_rules"
    calls: list[str] = []
    cache = css_cache.start(Path("/nonexistent") / css_cache.FILE_NAME)
    original = cache.parse

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append("parse")
        return original(*args, **kwargs)

    cache.parse = counted  # type: ignore[method-assign]
    stylesheet = Stylesheet()
    stylesheet.add_source("Screen { color: red; }", read_from=("x.tcss", ""))
    stylesheet.parse()
    stylesheet.reparse()
    assert calls == ["parse", "parse"]
