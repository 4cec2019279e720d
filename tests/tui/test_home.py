"""The first screen: profiles at a glance."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import DataTable

from ftui.core.draft import Draft
from ftui.core.profiles import Profile, ProfileStore
from ftui.tui.app import FtuiApp
from tests.factories import valid_request

FIXED_TIME = 1_795_000_000  # 2026-11-18, so snapshots do not move with the clock


def _store_with_profiles() -> ProfileStore:
    store = ProfileStore.default()
    store.save(Profile("nova-support-bot", Draft(valid_request()), region="us-east-1"))
    store.save(Profile("distill-micro", Draft(valid_request("DISTILLATION"))))
    store.save(Profile("half-done", Draft({"jobName": "wip"})))
    (store.user_dir / "broken.toml").write_text("schema_version = 1\n[request\n")
    for path in store.user_dir.iterdir():
        os.utime(path, (FIXED_TIME, FIXED_TIME))
    return store


async def test_home_lists_profiles_with_their_state() -> None:
    app = FtuiApp(store=_store_with_profiles())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#profiles", DataTable)
        rows = {str(table.get_row_at(i)[0]): table.get_row_at(i) for i in range(table.row_count)}
        assert set(rows) == {"broken", "distill-micro", "half-done", "nova-support-bot"}
        assert rows["nova-support-bot"][4] == "ready"
        assert rows["half-done"][4] == "5 problems"
        assert rows["broken"][4] == "unreadable"
        assert rows["distill-micro"][1] == "DISTILLATION"


def test_home_snapshot(snap_compare: object, tmp_path: Path) -> None:
    app = FtuiApp(store=_store_with_profiles())
    assert snap_compare(app, terminal_size=(100, 30))  # type: ignore[operator]
