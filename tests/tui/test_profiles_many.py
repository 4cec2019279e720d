"""The profiles screen with many profiles: every one listed in order, each read once."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from ftui.core.profiles import ProfileStore
from ftui.sim.server import SimServer
from ftui.tui.screens.profiles import READING
from tests.tui.conftest import make_app, make_store

SIZE = (100, 30)
COPIES = 40  # of each of the 5 demo profiles: far more rows than the 30 lines show


def many(tmp_path: Path) -> ProfileStore:
    store = make_store(tmp_path)
    for sample in sorted(store.user_dir.glob("*.toml")):
        for index in range(COPIES - 1):
            shutil.copy(sample, store.user_dir / f"{sample.stem}-{index:02d}.toml")
    return store


def states(app: object) -> dict[str, str]:
    table = app.screen.query_one("#profiles", DataTable)  # type: ignore[attr-defined]
    return {
        str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)
    }


async def test_two_hundred_profiles_are_all_listed_by_name_with_their_state(
    aws_env: SimServer, tmp_path: Path
) -> None:
    store = many(tmp_path)
    app = make_app(aws_env, tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        listed = states(app)
        assert list(listed) == [entry.qualified_name for entry in store.list()]
        files = sorted(p.name for p in store.user_dir.glob("*.toml"))
        assert [f"{name}.toml" for name in listed] == files, "by file name, as before"
        assert len(listed) == 5 * COPIES
        assert READING not in listed.values()
        assert listed["nova-support-bot-38"] == "ready"
        assert listed["draft-haiku-classifier-38"] == "6 problems", "the last rows are read too"


async def test_a_profile_changed_outside_ftui_shows_its_new_state_on_the_next_visit(
    aws_env: SimServer, tmp_path: Path
) -> None:
    store = many(tmp_path)
    app = make_app(aws_env, tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert states(app)["titan-docs-cpt-38"] == "ready"
        broken = store.user_dir / "titan-docs-cpt-38.toml"
        broken.write_text("schema_version = 1\n[request\n")
        (store.user_dir / "nova-support-bot-00.toml").unlink()
        await pilot.press("f2", "f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        listed = states(app)
        assert listed["titan-docs-cpt-38"] == "unreadable"
        assert "nova-support-bot-00" not in listed
        assert len(listed) == 5 * COPIES - 1


async def test_the_last_row_shows_its_file_and_opens_before_the_list_is_all_read(
    aws_env: SimServer, tmp_path: Path
) -> None:
    store = many(tmp_path)
    app = make_app(aws_env, tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        table = app.screen.query_one("#profiles", DataTable)
        table.move_cursor(row=table.row_count - 1)  # most likely before the worker got there
        await pilot.pause()
        detail = app.screen.query_one("#profile-detail")
        assert "titan-docs-cpt.toml" in str(detail.render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.working.profile == "titan-docs-cpt"  # type: ignore[attr-defined]


async def test_the_palette_offers_every_profile_without_reading_one(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the palette once read and checked every profile: a second's wait with a
    thousand. They are listed; the one picked is read when it opens."""
    store = many(tmp_path)
    app = make_app(aws_env, tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        read: list[str] = []
        read_file = ProfileStore.read_file

        def counted(self: ProfileStore, file: Any) -> Any:
            read.append(file.qualified_name)
            return read_file(self, file)

        monkeypatch.setattr(ProfileStore, "read_file", counted)
        titles = [str(c.title) for c in app.get_system_commands(app.screen)]
        opened = [t for t in titles if t.startswith("Open profile ")]
        assert len(opened) == 5 * COPIES
        assert read == []
        command = next(
            c
            for c in app.get_system_commands(app.screen)
            if str(c.title) == "Open profile nova-support-bot-38"
        )
        command.callback()
        await pilot.pause()
        assert app.current_mode == "wizard"
        assert "nova-support-bot-38" in app.title + app.sub_title + str(app.screen.sub_title)


async def test_the_palette_describes_a_few_profiles_and_those_the_profiles_screen_read(
    aws_env: SimServer, tmp_path: Path
) -> None:
    """A few are read for the palette (a blink); many are described once F3 has read them."""
    app = make_app(aws_env, tmp_path, store=make_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        help_of = {str(c.title): str(c.help) for c in app.get_system_commands(app.screen)}
        assert help_of["Open profile distill-nova-micro"] == (
            "Nova Pro teaches Nova Micro the support answers"
        )

    store = many(tmp_path / "many")
    app = make_app(aws_env, tmp_path / "many", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        title = "Open profile distill-nova-micro-38"
        help_of = {str(c.title): str(c.help) for c in app.get_system_commands(app.screen)}
        assert help_of[title].endswith("distill-nova-micro-38.toml"), "not read: its file"
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        help_of = {str(c.title): str(c.help) for c in app.get_system_commands(app.screen)}
        assert help_of[title] == "Nova Pro teaches Nova Micro the support answers"
