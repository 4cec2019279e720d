"""Deploying a custom model by keyboard: on demand, or Provisioned Throughput with what it
bills; what AWS received is what the dialog showed, and a lost answer makes no second one."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Select

from ftui.core.custom_models.offer import ON_DEMAND_BILLING
from ftui.core.custom_models.requests import suggested_name
from ftui.sim.faults import parse_fault
from ftui.sim.server import SimServer
from ftui.tui.screens.deploy import DeployScreen
from ftui.tui.widgets.safe_input import SafeInput
from tests.tui.conftest import make_app
from tests.tui.models_support import (
    MICRO,
    SIZE,
    TITAN,
    bedrock,
    deploy_dialog,
    deployments_of,
    model_arn,
    open_models,
    operations,
    point_at,
    serving_of,
    text,
    throughputs_of,
    toasts,
    type_into,
    unserve,
)
from tests.tui.test_jobs import screen_text, settle


async def titan_read_slowly(pilot: Pilot[Any], sim: SimServer) -> None:
    """The list at the Titan model, its next GetCustomModel answered a second late: the deploy
    dialog is drawn before it knows what it will buy."""
    await settle(pilot)
    point_at(await open_models(pilot), TITAN)
    sim.faults.add([parse_fault("slow=1s:GetCustomModel,count=1")])


# --- deploying ---------------------------------------------------------------------------------


async def test_deploying_on_demand_by_keyboard_sends_what_the_dialog_showed_and_follows_it(
    models_world: SimServer, tmp_path: Path
) -> None:
    unserve(models_world, MICRO)
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        dialog = await deploy_dialog(pilot, MICRO)
        assert text(dialog.query_one("#deploy-billing")) == ON_DEMAND_BILLING
        assert "On-demand deployment" in text(dialog.query_one("#deploy-offer"))
        assert not dialog.query_one("#deploy-throughput").display, "no model units on demand"
        name = dialog.query_one("#deploy-name", SafeInput).value
        assert name == suggested_name(MICRO) and name
        await type_into(pilot, "#deploy-description", "Help center answers")
        await type_into(pilot, "#deploy-tags", "team=support, env=dev")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert not isinstance(app.screen, DeployScreen)
        assert serving_of(app, MICRO) == ("deploying…", ("Creating",))

        models_world.advance(10 * 60)
        await pilot.pause(0.5)  # the screen's own follow-up read, no key pressed
        await settle(pilot)
        assert serving_of(app, MICRO) == ("deployed", ("Active",))

    client = bedrock(models_world)
    got = client.get_custom_model_deployment(customModelDeploymentIdentifier=name)
    assert got["modelArn"] == model_arn(models_world, MICRO)
    assert got["description"] == "Help center answers"
    tags = client.list_tags_for_resource(resourceARN=got["customModelDeploymentArn"])["tags"]
    assert {t["key"]: t["value"] for t in tags} == {"team": "support", "env": "dev"}
    assert operations(models_world).count("CreateCustomModelDeployment") == 1


async def test_a_titan_model_is_offered_provisioned_throughput_with_what_it_bills(
    models_world: SimServer, tmp_path: Path
) -> None:
    unserve(models_world, TITAN)
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        dialog = await deploy_dialog(pilot, TITAN)
        said = text(dialog.query_one("#deploy-offer"))
        assert said.startswith("On demand is not offered: ")
        assert "Titan Text G1 Express are served with Provisioned Throughput" in said
        assert dialog.query_one("#deploy-throughput").display
        await type_into(pilot, "#deploy-units", "2")
        dialog.query_one("#deploy-commitment", Select).value = "OneMonth"
        await pilot.pause()
        billing = text(dialog.query_one("#deploy-billing"))
        assert "2 model units x 730 h = 1,460 model-unit hours a month" in billing
        until = app.now() + timedelta(days=30)
        assert f"cannot be deleted before about {until:%Y-%m-%d}" in billing
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert not isinstance(app.screen, DeployScreen)
        assert serving_of(app, TITAN) == ("provisioning…", ("Creating",))

    [bought] = throughputs_of(models_world, TITAN)
    assert bought["modelUnits"] == 2
    assert bought["commitmentDuration"] == "OneMonth"
    assert "CreateCustomModelDeployment" not in operations(models_world)


async def test_at_80x24_the_throughput_dialog_shows_its_billing_whole_and_its_buttons(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_models(pilot)
        dialog = await deploy_dialog(pilot, TITAN)
        dialog.query_one("#deploy-commitment", Select).value = "OneMonth"
        await pilot.pause()
        inside = [line.strip().strip("█▌▐").strip() for line in screen_text(app).splitlines()]
        seen = " ".join(" ".join(inside).split())
        billed = " ".join(text(dialog.query_one("#deploy-billing")).split())
        assert "cannot be deleted before about" in billed
        assert billed in seen, "every line of what it bills, unscrolled"
        assert "Buy throughput ctrl+s" in seen and "Model units" in seen


async def test_when_the_model_is_read_slowly_the_button_still_says_whole_what_it_buys(
    models_world: SimServer, tmp_path: Path
) -> None:
    """The dialog is drawn before GetCustomModel answers; its button is renamed after."""
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await titan_read_slowly(pilot, models_world)
        await pilot.press("d")
        await pilot.pause()
        assert "Deploy  ctrl+s" in screen_text(app), "drawn before the answer"
        await settle(pilot)
        await pilot.pause()
        assert "Buy throughput  ctrl+s" in screen_text(app)


async def test_a_bad_deployment_name_is_named_and_nothing_is_sent(
    models_world: SimServer, tmp_path: Path
) -> None:
    unserve(models_world, MICRO)
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        dialog = await deploy_dialog(pilot, MICRO)
        await type_into(pilot, "#deploy-name", "live now!")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog, "the dialog stays, to be corrected"
        assert text(dialog.query_one("#deploy-problem")).startswith("modelDeploymentName")
    assert "CreateCustomModelDeployment" not in operations(models_world)
    assert deployments_of(models_world, MICRO) == []


async def test_escape_while_the_request_is_on_its_way_does_not_hide_what_aws_made(
    models_world: SimServer, tmp_path: Path
) -> None:
    """A user who presses Escape after ctrl+s must not believe nothing was bought."""
    unserve(models_world, MICRO)
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        dialog = await deploy_dialog(pilot, MICRO)
        models_world.faults.add([parse_fault("slow=1s:CreateCustomModelDeployment,count=1")])
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is dialog, "still open while AWS answers"
        assert "waiting for AWS's answer" in text(dialog.query_one("#deploy-problem"))
        await settle(pilot)
        await settle(pilot)
        assert not isinstance(app.screen, DeployScreen)
        assert any("is Creating" in t for t in toasts(app)), "what was made is said"
    assert len(deployments_of(models_world, MICRO)) == 1


async def test_sending_again_after_a_lost_answer_makes_one_and_a_changed_request_its_own(
    models_world: SimServer, tmp_path: Path
) -> None:
    """The same request keeps its token (AWS makes no second deployment); a request changed
    after the loss gets a new one (else AWS would ignore it and answer with the first). Every
    answer is lost until the fault is cleared: botocore's own retries lose theirs too."""
    unserve(models_world, MICRO)
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        dialog = await deploy_dialog(pilot, MICRO)
        models_world.faults.add([parse_fault("drop=after:CreateCustomModelDeployment")])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "Sending again is safe" in text(dialog.query_one("#deploy-problem"))
        models_world.faults.clear()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, DeployScreen)
        assert len(deployments_of(models_world, MICRO)) == 1, "the retry made no second one"

        dialog = await deploy_dialog(pilot, MICRO)
        models_world.faults.add([parse_fault("drop=after:CreateCustomModelDeployment")])
        await pilot.press("ctrl+s")  # the first name: AWS refuses it (taken), answer lost
        await settle(pilot)
        models_world.faults.clear()
        await type_into(pilot, "#deploy-name", "micro-second")
        await pilot.press("ctrl+s")
        await settle(pilot)
    names = sorted(d["customModelDeploymentName"] for d in deployments_of(models_world, MICRO))
    assert names == sorted([suggested_name(MICRO), "micro-second"])


async def test_a_name_typed_while_the_model_is_read_is_kept(
    models_world: SimServer, tmp_path: Path
) -> None:
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await titan_read_slowly(pilot, models_world)
        await pilot.press("d")
        await pilot.pause()
        await type_into(pilot, "#deploy-name", "docs-throughput")
        await settle(pilot)
        await pilot.pause()
        assert "Buy throughput  ctrl+s" in screen_text(app)
        assert app.screen.query_one("#deploy-name", SafeInput).value == "docs-throughput"


async def test_ctrl_s_before_the_model_is_read_says_so_and_sends_nothing(
    models_world: SimServer, tmp_path: Path
) -> None:
    """Nothing is bought before its billing has been shown."""
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await titan_read_slowly(pilot, models_world)
        models_world.calls.clear()
        await pilot.press("d", "ctrl+s")
        await pilot.pause()
        assert "Reading the model first" in screen_text(app)
        await settle(pilot)
        assert isinstance(app.screen, DeployScreen), "still asking"
        assert "CreateProvisionedModelThroughput" not in operations(models_world)
        assert "Reading the model first" not in screen_text(app), "read now: the note goes"
