"""The profiles screen: the saved drafts, their state, and what can be done to them."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from ftui.sim.server import SimServer
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.name_prompt import NameScreen
from ftui.tui.wizard.screen import WizardScreen
from tests.tui.conftest import make_app, make_store

SIZE = (100, 30)


def rows(app: object) -> dict[str, tuple[object, ...]]:
    table = app.screen.query_one("#profiles", DataTable)  # type: ignore[attr-defined]
    return {
        str(table.get_row_at(i)[0]): tuple(str(cell) for cell in table.get_row_at(i))
        for i in range(table.row_count)
    }


async def test_profiles_are_listed_with_model_type_time_and_state(
    aws_env: SimServer, tmp_path: Path
) -> None:
    store = make_store(tmp_path)
    (store.user_dir / "broken.toml").write_text("schema_version = 1\n[request\n")
    app = make_app(aws_env, tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        listed = rows(app)
        assert set(listed) == {
            "broken",
            "distill-nova-micro",
            "draft-haiku-classifier",
            "nova-support-bot",
            "rft-math-grader",
            "titan-docs-cpt",
        }
        assert listed["nova-support-bot"][1:] == (
            "ready",
            "fine-tuning",
            "Nova Micro",
            "11-18 11:06",
        )
        assert listed["draft-haiku-classifier"][1] == "6 problems"
        assert listed["broken"][1] == "unreadable"
        assert listed["rft-math-grader"][2] == "RFT"


async def test_duplicate_rename_delete_by_keyboard(aws_env: SimServer, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    app = make_app(aws_env, tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "down", "down")  # nova-support-bot
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        await pilot.press("enter")  # the suggested "nova-support-bot-copy"
        await pilot.pause()
        assert "nova-support-bot-copy" in rows(app)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+u", *"../escape", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NameScreen), "a hostile name is refused in the dialog"
        await pilot.press("ctrl+u", *"support-copy", "enter")
        await pilot.pause()
        assert "support-copy" in rows(app) and "nova-support-bot-copy" not in rows(app)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert "support-copy" in rows(app)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "support-copy" not in rows(app)
    assert next(p.name for p in (tmp_path / "trash").iterdir()).startswith("user-support-copy-")


async def test_enter_opens_the_profile_in_the_wizard(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "down", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.working.profile == "rft-math-grader"
        assert app.screen.draft.get(("customizationType",)) == "REINFORCEMENT_FINE_TUNING"
