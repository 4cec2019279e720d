"""What a new user trips over in a first session, key by key: each test failed before its fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from ftui.sim.server import SimServer
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.help import HelpScreen
from ftui.tui.screens.name_prompt import NameScreen
from ftui.tui.screens.profiles import ProfilesScreen
from ftui.tui.wizard.screen import WizardScreen
from ftui.tui.wizard.steps.model import TEACHER
from ftui.tui.wizard.steps.review import ReviewStep
from tests.tui.conftest import make_app
from tests.tui.test_wizard import SIZE, path_of, type_in, wizard

SMALL = (80, 24)
MICRO = "amazon.nova-micro-v1:0:128k"


def wizard_of(app: Any) -> WizardScreen:
    screen = app.get_screen("wizard")
    assert isinstance(screen, WizardScreen)
    return screen


def field_input(app: Any, path: tuple[str | int, ...]) -> Input:
    field = next(w for w in app.screen.query(".field") if getattr(w, "path", None) == path)
    found: Input = field.query_one(Input)
    return found


def on_screen(app: Any, widget: Any) -> bool:
    """Shown, inside the screen, and not under another widget (the footer)."""
    region = widget.region
    if not widget.display or region.height == 0 or region.width == 0:
        return False
    placed = app.screen.get_widget_at(region.x, region.y)[0]
    return placed is widget or widget in placed.ancestors_with_self


async def new_draft(pilot: Pilot[Any]) -> None:
    await pilot.press("f3", "n")
    await pilot.pause()


async def test_hidden_vpc_fields_take_no_keys(aws_env: SimServer, tmp_path: Path) -> None:
    """`n`, `Alt+5`, `x` created a VPC setting in the hidden subnets box."""
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await new_draft(pilot)
        screen = wizard(app)
        await pilot.press("alt+5")
        await pilot.pause()
        box = screen.query_one("#use-vpc", Checkbox)
        assert app.focused is box, "the first visible control has the cursor"
        await pilot.press("x")
        await pilot.pause()
        assert screen.draft.get(("vpcConfig",)) is None
        await pilot.press("space")
        await pilot.pause()
        assert box.value and screen.draft.get(("vpcConfig",)) is not None
        assert screen.query_one("#vpc-fields").display
        await pilot.press("tab", *"subnet-0abc")
        await pilot.pause()
        assert screen.draft.get(("vpcConfig", "subnetIds")) == ["subnet-0abc"]
        await pilot.press("shift+tab", "space")
        await pilot.pause()
        assert not box.value and screen.draft.get(("vpcConfig",)) is None
        await pilot.press("space")  # back on: what was typed is still there
        await pilot.pause()
        assert screen.draft.get(("vpcConfig", "subnetIds")) == ["subnet-0abc"]


async def test_a_chosen_model_fills_the_id_box(aws_env: SimServer, tmp_path: Path) -> None:
    """`micro`, Enter, Enter showed ● in the list and left "Model ID or ARN" blank."""
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await new_draft(pilot)
        await pilot.press("down", "down", "enter")  # distillation
        await pilot.press("alt+2")
        await pilot.pause()
        screen = wizard(app)
        teacher = screen.query_one("#teacher", Select)
        assert "student" in str(teacher.prompt), "no talk of teachers before a student is chosen"
        await pilot.press(*"micro", "enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert field_input(app, ("baseModelIdentifier",)).value == MICRO
        teacher.focus()
        await pilot.pause()
        await pilot.press("enter", "down", "enter")  # the first documented teacher
        await pilot.pause()
        chosen = screen.draft.get((*TEACHER, "teacherModelIdentifier"))
        assert chosen, "a teacher was chosen"
        assert field_input(app, (*TEACHER, "teacherModelIdentifier")).value == chosen


async def test_a_refused_profile_name_says_why(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f3", "r", "ctrl+u", *"bad name/x", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NameScreen), "Enter on a bad name keeps the dialog"
        problem = app.screen.query_one("#name-problem", Static)
        assert on_screen(app, problem)
        assert "name" in str(problem.render()).lower()


async def test_esc_never_leaves_the_step(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await new_draft(pilot)
        screen = wizard(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.current == 0, "not to Profiles"
        await pilot.press("alt+3", "escape")
        await pilot.pause()
        assert screen.current == 2


async def test_opening_saved_work_never_asks(aws_env: SimServer, tmp_path: Path) -> None:
    """After a submit the draft is clean: opening another profile asks nothing."""
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile("nova-support-bot")
        await pilot.pause()
        await pilot.press("alt+1")
        await type_in(pilot, ("jobName",), "submitted-then-left")
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not wizard_of(app).working.dirty, "what was submitted is not unsaved work"
        for name in ("distill-nova-micro", "rft-math-grader"):
            await pilot.press("f3")
            await pilot.pause()
            profiles = app.screen
            assert isinstance(profiles, ProfilesScreen)
            table = profiles.query_one("#profiles", DataTable)
            table.move_cursor(row=table.get_row_index(name))
            await pilot.press("enter")
            await pilot.pause(0.2)
            assert not isinstance(app.screen, ConfirmScreen), f"asked before opening {name}"
            assert wizard(app).working.profile == name
            assert not wizard(app).working.dirty, f"{name} is marked changed on opening"


async def test_what_the_wizard_says_is_true(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await new_draft(pilot)
        screen = wizard(app)
        assert "· saved" not in str(screen.status.render()), "a never-saved draft is not saved"
        await pilot.press("alt+2")
        await pilot.pause()
        detail = str(screen.query_one("#model-detail", Static).render())
        assert "No model chosen" in detail, "no model is described before one is chosen"
        await pilot.press(*"micro", "enter", "enter")
        await pilot.pause()
        await pilot.press("alt+1", "down", "down", "enter")  # distillation
        await pilot.press("alt+6")
        await pilot.pause()
        intro = str(screen.query_one("#hyper-intro", Static).render())
        assert "filled in" not in intro
        assert screen.draft.get(("hyperParameters",)) is None


async def test_a_new_draft_starts_afresh(aws_env: SimServer, tmp_path: Path) -> None:
    """The model filter and the cursor positions of the last draft do not carry over."""
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        app.open_profile("nova-support-bot")
        await pilot.pause()
        await pilot.press("alt+2", *"llama")
        await pilot.press("alt+1")
        await pilot.pause()
        name = field_input(app, ("jobName",))
        name.focus()
        await pilot.press("home")
        await pilot.pause()
        await pilot.press("f3", "n")
        await pilot.pause()
        screen = wizard(app)
        assert screen.query_one("#model-filter", Input).value == ""
        name = field_input(app, ("jobName",))
        assert name.cursor_position == len(name.value)


async def test_the_review_is_drawn_only_when_shown(
    aws_env: SimServer, tmp_path: Path, monkeypatch: Any
) -> None:
    drawn: list[object] = []
    original = ReviewStep.render_review

    def render_review(self: ReviewStep, *a: Any) -> None:
        drawn.append(a)
        original(self, *a)

    monkeypatch.setattr(ReviewStep, "render_review", render_review)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await new_draft(pilot)
        drawn.clear()
        await pilot.press("tab", "tab", *"abc")
        await pilot.pause()
        assert drawn == []
        await pilot.press("alt+8")
        await pilot.pause()
        assert drawn


async def test_the_cli_command_wraps_at_its_arguments(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        app.open_profile("nova-support-bot")
        await pilot.pause()
        await pilot.press("alt+8")
        await pilot.pause()
        cli = str(wizard(app).query_one("#review-cli", Static).render())
        lines = cli.splitlines()
        assert lines[0] == "aws bedrock create-model-customization-job \\"
        assert lines[1] == "  --region us-east-1 \\"
        assert lines[2].startswith("  --cli-input-json '{")


async def test_review_scrolls_by_keyboard(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        app.open_profile("nova-support-bot")
        await pilot.pause()
        await pilot.press("alt+8")
        await pilot.pause(0.2)
        review = wizard(app).step(ReviewStep)
        assert review.scroll_y == 0
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert review.scroll_y == 3, "↓ scrolls the request without Tabs"


async def test_help_is_curated(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f3", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), "? opens the keys as F1 does"
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "x Del" in text and "Ctrl+P" in text
        for noise in ("super", "Ctrl+PgUp", "slash"):
            assert noise not in text
        body = app.screen.query_one(".help-body")
        assert body.virtual_size.height <= body.size.height, "fits 80x24 without scrolling"


async def test_a_focused_field_stands_out(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for theme in ("textual-dark", "textual-light", "ansi-dark"):
            app.theme = theme
            app.open_profile("nova-support-bot")
            await pilot.pause()
            await pilot.press("alt+4")
            await pilot.pause()
            focused = app.focused
            assert isinstance(focused, Input) and path_of(focused) == ("roleArn",)
            other = field_input(app, ("customModelKmsKeyId",))
            assert focused.styles.border_left[0] != other.styles.border_left[0], theme
