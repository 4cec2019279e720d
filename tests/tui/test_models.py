"""The custom models (F7), driven by keyboard against the emulator: the list, deploying on demand
and with Provisioned Throughput, trying a model beside its base, undeploying and deleting.

Each test that changes the account has a world of its own and sets up what serves the models
it uses (through boto3, as another AWS client would): the demo's seeding may change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from textual.pilot import Pilot
from textual.widgets import Select, Static

from ftui.core.custom_models.offer import ON_DEMAND_BILLING
from ftui.core.custom_models.requests import suggested_name
from ftui.sim.clock import ManualClock
from ftui.sim.runtime.routes import NO_PACING
from ftui.sim.server import SimServer
from ftui.sim.world import seed_world
from ftui.tui.app import FtuiApp
from ftui.tui.screens.choice import ChoiceScreen
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.deploy import DeployScreen
from ftui.tui.screens.job_detail import JobDetailScreen
from ftui.tui.screens.model_detail import ModelDetailScreen
from ftui.tui.screens.models import ModelsScreen
from ftui.tui.screens.try_it import TryScreen
from ftui.tui.widgets.reply_pane import ReplyPane
from ftui.tui.widgets.safe_input import SafeInput
from tests.tui.conftest import make_app
from tests.tui.test_jobs import screen_text, settle

SIZE = (120, 40)
REGION = "us-east-1"
MICRO = "support-bot-micro-v3"  # Nova Micro, made after on-demand deployment began
MICRO_5 = "support-bot-micro-v3-5-epochs"
TITAN = "titan-docs-cpt-v1"  # Titan Text: Provisioned Throughput only
QUESTION = "How do I reset my password?"
TRAINED = "Open Settings, choose Security, then Reset password."
GENERIC = "I don't have details about your account"


@pytest.fixture
def own_world(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimServer]:
    """A demo world of this test's own: its clock moves, its answers come at once, and the
    screens read a moving deployment again quickly."""
    from ftui.tui.screens import models

    monkeypatch.setattr(models, "FOLLOW_SECONDS", 0.2)
    with SimServer(clock=ManualClock()) as sim:
        seed_world(sim)
        sim.stream_pacing = NO_PACING
        for key, value in sim.environment().items():
            monkeypatch.setenv(key, value)
        yield sim


# --- the account, set up through boto3 ---------------------------------------------------------


def bedrock(sim: SimServer) -> Any:
    return boto3.client(
        "bedrock",
        endpoint_url=sim.endpoint_url,
        region_name=REGION,
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def model_arn(sim: SimServer, name: str) -> str:
    return str(bedrock(sim).get_custom_model(modelIdentifier=name)["modelArn"])


def deployments_of(sim: SimServer, name: str) -> list[dict[str, Any]]:
    found = bedrock(sim).list_custom_model_deployments(modelArnEquals=model_arn(sim, name))
    return list(found["modelDeploymentSummaries"])


def throughputs_of(sim: SimServer, name: str) -> list[dict[str, Any]]:
    found = bedrock(sim).list_provisioned_model_throughputs(modelArnEquals=model_arn(sim, name))
    return list(found["provisionedModelSummaries"])


def unserve(sim: SimServer, name: str) -> None:
    """Nothing serves the model ``name`` any more."""
    client = bedrock(sim)
    for deployment in deployments_of(sim, name):
        client.delete_custom_model_deployment(
            customModelDeploymentIdentifier=deployment["customModelDeploymentArn"]
        )
    for throughput in throughputs_of(sim, name):
        client.delete_provisioned_model_throughput(
            provisionedModelId=throughput["provisionedModelArn"]
        )


def deploy(sim: SimServer, name: str, deployment: str) -> str:
    """The model ``name`` served by an Active on-demand deployment (and nothing else)."""
    unserve(sim, name)
    arn = bedrock(sim).create_custom_model_deployment(
        modelDeploymentName=deployment, modelArn=model_arn(sim, name)
    )["customModelDeploymentArn"]
    sim.advance(10 * 60)
    return str(arn)


def provision(sim: SimServer, name: str, throughput: str) -> str:
    """An InService Provisioned Throughput of one model unit for the model ``name``."""
    arn = bedrock(sim).create_provisioned_model_throughput(
        provisionedModelName=throughput, modelId=model_arn(sim, name), modelUnits=1
    )["provisionedModelArn"]
    sim.advance(16 * 60)
    return str(arn)


def operations(sim: SimServer) -> list[str]:
    return [str(c["operation"]) for c in sim.calls.entries()]


# --- the screens -------------------------------------------------------------------------------


def text(widget: Any) -> str:
    return str(widget.render())


def models_screen(app: FtuiApp) -> ModelsScreen:
    screen = app.get_screen("models")
    assert isinstance(screen, ModelsScreen)
    return screen


def shown(app: FtuiApp) -> list[str]:
    """The models' names as the table lists them, top to bottom."""
    screen = models_screen(app)
    table = screen.table
    return [screen.rows[str(key.value)].name for key in table.rows]


def serving_of(app: FtuiApp, name: str) -> tuple[str, tuple[str, ...]]:
    """The Serving cell of ``name``'s row, and the statuses of what serves it."""
    screen = models_screen(app)
    row = next(r for r in screen.rows.values() if r.name == name)
    cell = screen.table.get_cell(row.arn, "serving")
    return str(cell), tuple(s.status for s in row.serving)


async def open_models(pilot: Pilot[Any]) -> ModelsScreen:
    await pilot.press("f7")
    await settle(pilot)
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, FtuiApp)
    return models_screen(app)


def point_at(screen: ModelsScreen, name: str) -> None:
    """The cursor on the model named ``name``."""
    arn = next(r.arn for r in screen.rows.values() if r.name == name)
    screen.table.move_cursor(row=screen.table.get_row_index(arn))


async def deploy_dialog(pilot: Pilot[Any], name: str) -> DeployScreen:
    """``d`` on the model ``name``; the dialog once it has read the model."""
    app = pilot.app
    point_at(models_screen(app), name)  # type: ignore[arg-type]
    await pilot.press("d")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, DeployScreen)
    assert dialog.offer is not None
    return dialog


async def type_into(pilot: Pilot[Any], selector: str, words: str) -> None:
    """Focus the field and type ``words`` as a person would, after clearing it."""
    field = pilot.app.screen.query_one(selector, SafeInput)
    field.focus()
    field.value = ""
    await pilot.press(*words)


async def open_detail(pilot: Pilot[Any], name: str) -> ModelDetailScreen:
    app = pilot.app
    point_at(models_screen(app), name)  # type: ignore[arg-type]
    await pilot.press("enter")
    await settle(pilot)
    await settle(pilot)
    detail = app.screen
    assert isinstance(detail, ModelDetailScreen)
    return detail


def toasts(app: FtuiApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


# --- the list ----------------------------------------------------------------------------------


async def test_f7_lists_the_models_with_what_serves_them_filtered_and_sorted(
    own_world: SimServer, tmp_path: Path
) -> None:
    unserve(own_world, TITAN)
    deploy(own_world, MICRO, "micro-live")
    unserve(own_world, MICRO_5)
    provision(own_world, MICRO_5, "micro-5-pt")
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_models(pilot)
        names = shown(app)
        assert {MICRO, MICRO_5, TITAN, "nova-lite-distilled-v1"} <= set(names)
        assert serving_of(app, MICRO) == ("deployed", ("Active",))
        assert serving_of(app, MICRO_5) == ("provisioned", ("InService",))
        assert serving_of(app, TITAN) == ("-", ())
        micro = next(r for r in screen.rows.values() if r.name == MICRO)
        assert str(screen.table.get_cell(micro.arn, "base")) == "Nova Micro"
        assert str(screen.table.get_cell(micro.arn, "job")) == "support-bot-nova-micro-ft-003"
        served = sum(1 for name in names if serving_of(app, name)[0] != "-")
        assert served >= 2 and f"{len(names)} · {served} served" in text(
            screen.query_one("#models-header")
        )

        await pilot.press("slash", *"micro", "enter")
        await pilot.pause()
        narrowed = shown(app)
        assert {MICRO, MICRO_5} <= set(narrowed) and TITAN not in narrowed
        assert f"{len(narrowed)} of {len(names)}" in text(screen.query_one("#models-header"))
        await pilot.press("escape")
        await pilot.pause()
        assert len(shown(app)) == len(names), "escape clears the filter"

        await pilot.press("N")
        await pilot.pause()
        assert shown(app) == sorted(names, key=str.lower)
        await pilot.press("N")
        await pilot.pause()
        assert shown(app) == sorted(names, key=str.lower, reverse=True)
        await pilot.press("V")
        await pilot.pause()
        column = [serving_of(app, name)[0] for name in shown(app)]
        assert column[0] != "-" and column == sorted(column, key=lambda c: c == "-"), (
            "what is served first"
        )


async def test_at_80_columns_each_model_shows_its_name_base_serving_and_time_whole(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_models(pilot)
        lines = screen_text(app).splitlines()
        for row in screen.rows.values():
            made = row.created.astimezone().strftime("%m-%d %H:%M")
            line = next(line for line in lines if line.startswith(f" {row.name} "))
            assert row.base in line and row.serving_text in line
            assert line.rstrip().endswith(made), line


# --- deploying ---------------------------------------------------------------------------------


async def test_deploying_on_demand_by_keyboard_sends_what_the_dialog_showed_and_follows_it(
    own_world: SimServer, tmp_path: Path
) -> None:
    unserve(own_world, MICRO)
    app = make_app(own_world, tmp_path)
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

        own_world.advance(10 * 60)
        await pilot.pause(0.5)  # the screen's own follow-up read, no key pressed
        await settle(pilot)
        assert serving_of(app, MICRO) == ("deployed", ("Active",))

    client = bedrock(own_world)
    got = client.get_custom_model_deployment(customModelDeploymentIdentifier=name)
    assert got["modelArn"] == model_arn(own_world, MICRO)
    assert got["description"] == "Help center answers"
    tags = client.list_tags_for_resource(resourceARN=got["customModelDeploymentArn"])["tags"]
    assert {t["key"]: t["value"] for t in tags} == {"team": "support", "env": "dev"}
    assert operations(own_world).count("CreateCustomModelDeployment") == 1


async def test_a_titan_model_is_offered_provisioned_throughput_with_what_it_bills(
    own_world: SimServer, tmp_path: Path
) -> None:
    unserve(own_world, TITAN)
    app = make_app(own_world, tmp_path)
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

    [bought] = throughputs_of(own_world, TITAN)
    assert bought["modelUnits"] == 2
    assert bought["commitmentDuration"] == "OneMonth"
    assert "CreateCustomModelDeployment" not in operations(own_world)


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
    own_world: SimServer, tmp_path: Path
) -> None:
    """The dialog is drawn before GetCustomModel answers; its button is renamed after."""
    from ftui.sim.faults import parse_fault

    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        point_at(await open_models(pilot), TITAN)
        own_world.faults.add([parse_fault("slow=1s:GetCustomModel,count=1")])
        await pilot.press("d")
        await pilot.pause()
        assert "Deploy  ctrl+s" in screen_text(app), "drawn before the answer"
        await settle(pilot)
        await pilot.pause()
        assert "Buy throughput  ctrl+s" in screen_text(app)


async def test_a_bad_deployment_name_is_named_and_nothing_is_sent(
    own_world: SimServer, tmp_path: Path
) -> None:
    unserve(own_world, MICRO)
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        dialog = await deploy_dialog(pilot, MICRO)
        await type_into(pilot, "#deploy-name", "live now!")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog, "the dialog stays, to be corrected"
        assert text(dialog.query_one("#deploy-problem")).startswith("modelDeploymentName")
    assert "CreateCustomModelDeployment" not in operations(own_world)
    assert deployments_of(own_world, MICRO) == []


# --- trying ------------------------------------------------------------------------------------


async def test_trying_a_deployed_model_shows_its_trained_answer_beside_the_base_ones(
    own_world: SimServer, tmp_path: Path
) -> None:
    deploy(own_world, MICRO, "micro-live")
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        models = await open_models(pilot)
        point_at(models, MICRO)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TryScreen)
        await pilot.press(*QUESTION)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        tuned = screen.query_one("#try-custom", ReplyPane)
        base = screen.query_one("#try-base", ReplyPane)
        assert tuned.text == TRAINED
        assert GENERIC in base.text
        for pane in (tuned, base):
            stats = text(pane.query_one(".reply-stats"))
            assert " in · " in stats and " out · " in stats, stats

        await pilot.press("ctrl+n")
        await pilot.pause()
        [example] = screen.examples[:1]
        assert screen.query_one("#try-prompt").text == example.prompt  # type: ignore[attr-defined]
        expected = text(screen.query_one("#try-expected", Static))
        assert expected == f"Expected: {example.expected}"
        assert "example 1/" in text(screen.query_one("#try-examples"))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is models


async def test_at_80x24_the_try_screen_says_which_model_where_and_the_example_keys(
    own_world: SimServer, tmp_path: Path
) -> None:
    deploy(own_world, MICRO, "micro-live")
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        point_at(await open_models(pilot), MICRO)
        await pilot.press("t")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert lines[0].strip() == f"Try {MICRO} · deployment micro-live · {REGION}"
        assert any(line.strip().startswith("ctrl+n loads one of 60 prompts") for line in lines)
        await pilot.press("ctrl+n")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert any(line.strip().startswith("ctrl+n next · ctrl+b previous") for line in lines)
        system = next(line for line in lines if "You are a concise support agent." in line)
        assert system.strip().startswith("System "), "a loaded system prompt is labelled"


async def test_trying_a_model_that_is_not_deployed_says_so_and_opens_nothing(
    own_world: SimServer, tmp_path: Path
) -> None:
    unserve(own_world, TITAN)
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        models = await open_models(pilot)
        point_at(models, TITAN)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is models
        assert any(f"{TITAN} is not deployed" in t for t in toasts(app))


# --- deleting and undeploying ------------------------------------------------------------------


async def test_a_served_model_is_not_deleted_and_the_toast_says_what_to_undeploy(
    own_world: SimServer, tmp_path: Path
) -> None:
    deploy(own_world, MICRO, "micro-live")
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        models = await open_models(pilot)
        point_at(models, MICRO)
        await pilot.press("x")
        await settle(pilot)
        assert app.screen is models, "nothing to confirm"
        said = "\n".join(toasts(app))
        assert "micro-live" in said and "ftui undeploy micro-live" in said
    assert "DeleteCustomModel" not in operations(own_world)
    assert model_arn(own_world, MICRO)


async def test_an_unserved_model_is_deleted_after_confirming(
    own_world: SimServer, tmp_path: Path
) -> None:
    unserve(own_world, TITAN)
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        models = await open_models(pilot)
        point_at(models, TITAN)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        await settle(pilot)
        assert TITAN not in shown(app)
    with pytest.raises(ClientError) as error:
        bedrock(own_world).get_custom_model(modelIdentifier=TITAN)
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"


async def test_undeploying_from_the_detail_removes_the_deployment(
    own_world: SimServer, tmp_path: Path
) -> None:
    deploy(own_world, MICRO, "micro-live")
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        detail = await open_detail(pilot, MICRO)
        assert "micro-live (Active)" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        await settle(pilot)
        assert app.screen is detail
        assert "nothing: it is not deployed" in screen_text(app)
    assert deployments_of(own_world, MICRO) == []


async def test_undeploying_a_model_served_twice_asks_which(
    own_world: SimServer, tmp_path: Path
) -> None:
    deploy(own_world, MICRO, "micro-live")
    provision(own_world, MICRO, "micro-pt")
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        detail = await open_detail(pilot, MICRO)
        await pilot.press("u")
        await pilot.pause()
        choice = app.screen
        assert isinstance(choice, ChoiceScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "micro-pt" in str(confirm.query_one(".dialog-title").render())
        await pilot.press("y")
        await settle(pilot)
        await settle(pilot)
        assert app.screen is detail
        body = screen_text(app)
        assert "micro-live" in body and "micro-pt" not in body
    assert len(deployments_of(own_world, MICRO)) == 1
    assert throughputs_of(own_world, MICRO) == []


async def test_at_80_columns_a_long_arn_in_the_detail_wraps_under_its_value(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_models(pilot)
        await open_detail(pilot, MICRO)
        arn = model_arn(aws_env, MICRO)
        lines = screen_text(app).splitlines()
        first = next((i for i, line in enumerate(lines) if "ARN" in line and "arn:" in line), -1)
        assert first >= 0, "the ARN begins beside its label"
        column = lines[first].index("arn:aws")
        rest = lines[first + 1]
        assert rest[:column].strip() == "", "the labels' column stays clear"
        assert (lines[first][column:] + rest[column:]).replace(" ", "").startswith(arn)
        assert lines[-1].rstrip().endswith("f1 Keys"), "the footer whole"


async def test_j_in_the_detail_opens_the_job_that_made_the_model(
    own_world: SimServer, tmp_path: Path
) -> None:
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        await open_detail(pilot, MICRO)
        await pilot.press("j")
        await settle(pilot)
        await settle(pilot)
        job = app.screen
        assert isinstance(job, JobDetailScreen)
        assert app.current_mode == "jobs"
        assert job.job_name == "support-bot-nova-micro-ft-003"
        assert job.arn == bedrock(own_world).get_custom_model(modelIdentifier=MICRO)["jobArn"]


async def test_when_what_serves_the_models_cannot_be_read_nobody_is_told_they_are_unused(
    own_world: SimServer, tmp_path: Path
) -> None:
    """Without ListCustomModelDeployments, a served model must not look idle: its serving
    is "?", the header counts none, and try it says why it cannot tell."""
    from ftui.sim.faults import parse_fault

    own_world.faults.add([parse_fault("access-denied:ListCustomModelDeployments")])
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        models = await open_models(pilot)
        assert serving_of(app, MICRO_5)[0] == "?"
        assert "what serves them: unknown" in text(models.query_one("#models-header"))
        assert "AccessDeniedException" in text(models.query_one("#models-status"))
        point_at(models, MICRO_5)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is models
        assert any(f"What serves {MICRO_5} could not be read" in t for t in toasts(app))


async def test_escape_while_the_request_is_on_its_way_does_not_hide_what_aws_made(
    own_world: SimServer, tmp_path: Path
) -> None:
    """A user who presses Escape after ctrl+s must not believe nothing was bought."""
    from ftui.sim.faults import parse_fault

    unserve(own_world, MICRO)
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        dialog = await deploy_dialog(pilot, MICRO)
        own_world.faults.add([parse_fault("slow=1s:CreateCustomModelDeployment,count=1")])
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
    assert len(deployments_of(own_world, MICRO)) == 1


async def test_sending_again_after_a_lost_answer_makes_one_and_a_changed_request_its_own(
    own_world: SimServer, tmp_path: Path
) -> None:
    """The same request keeps its token (AWS makes no second deployment); a request changed
    after the loss gets a new one (else AWS would ignore it and answer with the first). Every
    answer is lost until the fault is cleared: botocore's own retries lose theirs too."""
    from ftui.sim.faults import parse_fault

    unserve(own_world, MICRO)
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        dialog = await deploy_dialog(pilot, MICRO)
        own_world.faults.add([parse_fault("drop=after:CreateCustomModelDeployment")])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "Sending again is safe" in text(dialog.query_one("#deploy-problem"))
        own_world.faults.clear()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, DeployScreen)
        assert len(deployments_of(own_world, MICRO)) == 1, "the retry made no second one"

        dialog = await deploy_dialog(pilot, MICRO)
        own_world.faults.add([parse_fault("drop=after:CreateCustomModelDeployment")])
        await pilot.press("ctrl+s")  # the first name: AWS refuses it (taken), answer lost
        await settle(pilot)
        own_world.faults.clear()
        await type_into(pilot, "#deploy-name", "micro-second")
        await pilot.press("ctrl+s")
        await settle(pilot)
    names = sorted(d["customModelDeploymentName"] for d in deployments_of(own_world, MICRO))
    assert names == sorted([suggested_name(MICRO), "micro-second"])


async def test_the_list_stops_reading_every_model_while_a_model_is_open(
    own_world: SimServer, tmp_path: Path
) -> None:
    """A deployment on its way is followed by the screen in view, not also by the list under
    it: that would be every model's details every few seconds, for nothing."""
    unserve(own_world, MICRO)
    bedrock(own_world).create_custom_model_deployment(  # Creating: the list follows it
        modelDeploymentName="micro-live", modelArn=model_arn(own_world, MICRO)
    )
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        await open_detail(pilot, MICRO)
        own_world.calls.clear()
        await pilot.pause(1.0)  # five of the list's follow-up intervals (0.2 s here)
        assert "ListCustomModels" not in operations(own_world)


async def test_details_not_read_are_not_guessed(own_world: SimServer, tmp_path: Path) -> None:
    """Without GetCustomModel, a model's job and KMS key are unknown, not "AWS owned"."""
    from ftui.sim.faults import parse_fault

    own_world.faults.add([parse_fault("access-denied:GetCustomModel")])
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_models(pilot)
        row = next(r for r in screen.rows.values() if r.name == MICRO)
        assert str(screen.table.get_cell(row.arn, "kms")) == "…"
        assert str(screen.table.get_cell(row.arn, "job")) == "…"
        assert "could not be read" in text(screen.query_one("#models-status"))


async def test_the_models_show_before_their_details_and_a_deployment_is_followed_cheaply(
    own_world: SimServer, tmp_path: Path
) -> None:
    """Two calls a model for its job, key and tags must not hold back the list; following a
    deployment on its way reads the lists again, not every model's details."""
    from ftui.sim.faults import parse_fault

    own_world.faults.add([parse_fault("slow=2s:GetCustomModel")])
    app = make_app(own_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause(1.0)
        assert MICRO in shown(app), "listed while the details are still on their way"
        screen = models_screen(app)
        row = next(r for r in screen.rows.values() if r.name == MICRO)
        assert str(screen.table.get_cell(row.arn, "job")) == "…"
        await settle(pilot)
        await pilot.pause()
        assert str(screen.table.get_cell(row.arn, "job")) == "support-bot-nova-micro-ft-003"
        own_world.faults.clear()

        unserve(own_world, MICRO)
        bedrock(own_world).create_custom_model_deployment(
            modelDeploymentName="micro-live", modelArn=model_arn(own_world, MICRO)
        )
        await pilot.press("r")
        await settle(pilot)
        own_world.calls.clear()
        await pilot.pause(1.0)  # followed: five intervals of 0.2 s here
        followed = operations(own_world)
        assert followed.count("ListCustomModels") >= 2, "followed"
        assert "GetCustomModel" not in followed and "ListTagsForResource" not in followed
        assert str(screen.table.get_cell(row.arn, "job")) == "support-bot-nova-micro-ft-003"
