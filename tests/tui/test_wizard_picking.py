"""Ctrl+O in the wizard: a whole job's ARNs and S3 URIs picked, none typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from ftui.sim.server import SimServer
from ftui.sim.world import GRADER_ARN, ROLE_ARN
from ftui.tui.services import FtuiScreen
from ftui.tui.wizard.screen import WizardScreen
from tests.tui.conftest import make_app
from tests.tui.test_preflight import settle
from tests.tui.test_wizard import SIZE, path_of, tab_to, wizard


async def pick(pilot: Pilot[Any], path: tuple[str, ...], *keys: str) -> WizardScreen:
    """Ctrl+O on the field of ``path``, then ``keys`` in the picker, waiting for AWS after
    each; ``=text`` types ``text``."""
    await tab_to(pilot, path)
    await pilot.press("ctrl+o")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FtuiScreen) and not isinstance(
        pilot.app.screen, WizardScreen
    ), "a picker opened"
    titles = {
        ("trainingDataConfig", "s3Uri"): "Training data",
        ("outputDataConfig", "s3Uri"): "Output",
    }
    if path in titles:
        title = getattr(pilot.app.screen, "title_text", "")
        assert title.startswith(titles[path]), f"the S3 browser says what it picks: {title}"
    for key in keys:
        await pilot.press(*(key[1:] if key.startswith("=") else [key]))
        await pilot.pause(0.35)  # a typed prefix is sent after a pause
        await settle(pilot)
    screen = wizard(pilot.app)  # type: ignore[arg-type]
    assert path_of(pilot.app.focused) == path, "the cursor is back in the field"
    return screen


async def test_data_role_and_network_are_picked_without_typing_a_uri_or_arn(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.new_draft()
        await pilot.pause()
        await pilot.press("alt+3")
        training = ("trainingDataConfig", "s3Uri")
        screen = await pick(
            pilot,
            training,
            "=ftui-demo-data",
            "enter",
            "=support",
            "enter",
            "=train.jsonl",
            "enter",
        )
        assert screen.draft.get(training) == "s3://ftui-demo-data/support/train.jsonl"
        output = ("outputDataConfig", "s3Uri")
        screen = await pick(pilot, output, "=ftui-demo-output", "enter", "ctrl+s")
        assert screen.draft.get(output) == "s3://ftui-demo-output/"
        await pilot.press("alt+4")
        screen = await pick(pilot, ("roleArn",), "=BedrockCustomizationRole", "enter")
        assert screen.draft.get(("roleArn",)) == ROLE_ARN
        await pilot.press("alt+5", "space")  # use a VPC
        await pilot.pause()
        subnets = ("vpcConfig", "subnetIds")
        screen = await pick(
            pilot, subnets, "=ml-training", "enter", "space", "down", "space", "enter"
        )
        chosen = screen.draft.get(subnets)
        assert isinstance(chosen, list) and len(chosen) == 2
        assert all(s.startswith("subnet-") for s in chosen)


async def test_the_grader_is_picked_from_the_lambda_functions(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile("rft-math-grader")
        await pilot.pause()
        screen = wizard(app)
        grader = ("customizationConfig", "rftConfig", "graderConfig", "lambdaGrader", "lambdaArn")
        assert screen.editor is not None
        screen.edited(screen.editor.set(grader, None))
        await pilot.press("alt+2")
        screen = await pick(pilot, grader, "=math-answer", "enter")
        assert screen.draft.get(grader) == GRADER_ARN


async def test_ctrl_o_elsewhere_says_what_it_picks(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile("nova-support-bot")
        await pilot.pause()
        await pilot.press("alt+1", "ctrl+o")
        await pilot.pause()
        screen = wizard(app)
        assert app.screen is screen
        assert "Ctrl+O picks" in str(screen.status.render())
