"""Ctrl+O in the wizard: a whole job's ARNs and S3 URIs picked, none typed, and submitted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from ftui.sim.server import SimServer
from ftui.sim.world import GRADER_ARN, ROLE_ARN
from ftui.tui.screens.preflight import PreflightScreen
from ftui.tui.screens.submit import SubmitScreen
from ftui.tui.services import FtuiScreen
from ftui.tui.wizard.screen import WizardScreen
from ftui.tui.wizard.steps.review import ReviewStep
from tests.tui.conftest import make_app
from tests.tui.test_preflight import settle
from tests.tui.test_wizard import SIZE, choose_model, path_of, tab_to, wizard


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


async def test_a_whole_job_is_built_and_submitted_without_typing_an_arn_or_uri(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.new_draft()
        await pilot.pause()
        await choose_model(pilot, "micro", "amazon.nova-micro-v1:0:128k")
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
        groups = ("vpcConfig", "securityGroupIds")
        screen = await pick(pilot, groups, "=bedrock-training", "space", "enter")
        assert [g[:3] for g in screen.draft.get(groups) or []] == ["sg-"]
        # The names were suggested, the hyperparameters are the model's defaults: submit.
        await pilot.press("alt+8")
        await pilot.pause()
        assert screen.report.ok, [str(p) for p in screen.report.errors]
        await pilot.press("ctrl+r")
        await settle(pilot)
        if isinstance(app.screen, PreflightScreen):  # warnings (no S3 endpoint) wait for s
            assert app.screen.done and not [
                r for r in app.screen.results.values() if r.status == "fail"
            ]
            await pilot.press("s")
            await pilot.pause()
        assert isinstance(app.screen, SubmitScreen), app.screen
        await pilot.press("y")
        await settle(pilot)
        shown = screen.step(ReviewStep).shown_request
        assert shown is not None
        job = aws_env.bedrock.find_job("us-east-1", str(shown["jobName"]))
        assert job.request == shown, "AWS received exactly the request the review showed"


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
