"""The profiles screen with a hostile file among the profiles: listed, never a crash."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from ftui.sim.server import SimServer
from ftui.tui.screens.profiles import ProfilesScreen
from tests.tui.conftest import make_app, make_store

SIZE = (100, 30)
DEEP = "schema_version = 1\n[request]\nhyperParameters = {a = " + "[" * 600 + "]" * 600 + "}\n"


def rows(app: object) -> dict[str, tuple[str, ...]]:
    """Each row's cells as the text shown."""
    table = app.screen.query_one("#profiles", DataTable)  # type: ignore[attr-defined]
    return {
        str(table.get_row_at(i)[0]): tuple(str(cell) for cell in table.get_row_at(i))
        for i in range(table.row_count)
    }


async def test_a_600_deep_profile_is_unreadable_and_the_others_still_open(
    aws_env: SimServer, tmp_path: Path
) -> None:
    store = make_store(tmp_path)
    (store.user_dir / "aaa-deep.toml").write_text(DEEP)  # first in the list, under the cursor
    (store.user_dir / "half.toml").write_text(
        "schema_version = 1\n[request]\nx" + ".x" * 100_000 + " = 1\n"
    )
    app = make_app(aws_env, tmp_path, store=store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)
        listed = rows(app)
        assert listed["aaa-deep"][1] == "unreadable" and listed["half"][1] == "unreadable"
        assert listed["nova-support-bot"][1] == "ready"
        detail = str(app.screen.query_one("#profile-detail", Static).render())
        assert "aaa-deep.toml:3:" in detail and "nested more than 64" in detail
        await pilot.press("enter")  # cannot open it: said, not a crash
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)
        assert any("Cannot open" in (n.title or "") for n in app._notifications)
        await pilot.press("f5")
        await pilot.pause()
        assert set(rows(app)) == set(listed)
