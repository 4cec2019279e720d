"""Trying a custom model beside its base, undeploying it and deleting it, by keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from textual.widgets import Static

from ftui.sim.server import SimServer
from ftui.tui.screens.choice import ChoiceScreen
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.job_detail import JobDetailScreen
from ftui.tui.screens.try_it import TryScreen
from ftui.tui.widgets.reply_pane import ReplyPane
from tests.tui.conftest import make_app
from tests.tui.models_support import (
    GENERIC,
    MICRO,
    MICRO_5,
    QUESTION,
    REGION,
    SIZE,
    TITAN,
    TRAINED,
    bedrock,
    deploy,
    deployments_of,
    model_arn,
    open_detail,
    open_models,
    operations,
    point_at,
    provision,
    shown,
    text,
    throughputs_of,
    toasts,
    unserve,
)
from tests.tui.test_jobs import screen_text, settle

# --- trying ------------------------------------------------------------------------------------


async def test_trying_a_deployed_model_shows_its_trained_answer_beside_the_base_ones(
    models_world: SimServer, tmp_path: Path
) -> None:
    deploy(models_world, MICRO, "micro-live")
    app = make_app(models_world, tmp_path)
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
    models_world: SimServer, tmp_path: Path
) -> None:
    deploy(models_world, MICRO, "micro-live")
    app = make_app(models_world, tmp_path)
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
    models_world: SimServer, tmp_path: Path
) -> None:
    unserve(models_world, TITAN)
    app = make_app(models_world, tmp_path)
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
    models_world: SimServer, tmp_path: Path
) -> None:
    deploy(models_world, MICRO, "micro-live")
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        models = await open_models(pilot)
        point_at(models, MICRO)
        await pilot.press("x")
        await settle(pilot)
        assert app.screen is models, "nothing to confirm"
        said = "\n".join(toasts(app))
        assert "micro-live" in said and "ftui undeploy micro-live" in said
    assert "DeleteCustomModel" not in operations(models_world)
    assert model_arn(models_world, MICRO)


async def test_an_unserved_model_is_deleted_after_confirming(
    models_world: SimServer, tmp_path: Path
) -> None:
    unserve(models_world, TITAN)
    app = make_app(models_world, tmp_path)
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
        bedrock(models_world).get_custom_model(modelIdentifier=TITAN)
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"


async def test_undeploying_from_the_detail_removes_the_deployment(
    models_world: SimServer, tmp_path: Path
) -> None:
    deploy(models_world, MICRO, "micro-live")
    app = make_app(models_world, tmp_path)
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
    assert deployments_of(models_world, MICRO) == []


async def test_undeploying_a_model_served_twice_asks_which(
    models_world: SimServer, tmp_path: Path
) -> None:
    deploy(models_world, MICRO, "micro-live")
    provision(models_world, MICRO, "micro-pt")
    app = make_app(models_world, tmp_path)
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
    assert len(deployments_of(models_world, MICRO)) == 1
    assert throughputs_of(models_world, MICRO) == []


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
    models_world: SimServer, tmp_path: Path
) -> None:
    app = make_app(models_world, tmp_path)
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
        assert job.arn == bedrock(models_world).get_custom_model(modelIdentifier=MICRO)["jobArn"]


async def test_the_detail_follows_a_deployment_until_it_answers(
    models_world: SimServer, tmp_path: Path
) -> None:
    unserve(models_world, MICRO)
    bedrock(models_world).create_custom_model_deployment(
        modelDeploymentName="micro-live", modelArn=model_arn(models_world, MICRO)
    )
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        detail = await open_detail(pilot, MICRO)
        assert "micro-live (Creating)" in screen_text(app)
        models_world.advance(10 * 60)
        await pilot.pause(0.6)  # its own follow-up read, no key pressed
        await settle(pilot)
        assert app.screen is detail and "micro-live (Active)" in screen_text(app)


async def test_undeploy_says_so_when_what_serves_the_model_cannot_be_read(
    models_world: SimServer, tmp_path: Path
) -> None:
    from ftui.sim.faults import parse_fault

    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_models(pilot)
        models_world.faults.add([parse_fault("access-denied:ListCustomModelDeployments")])
        detail = await open_detail(pilot, MICRO_5)
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is detail
        assert any(f"What serves {MICRO_5} could not be read" in t for t in toasts(app))
        assert not any("is not deployed" in t for t in toasts(app))


async def test_without_example_prompts_no_key_offers_them(
    models_world: SimServer, tmp_path: Path
) -> None:
    """A model distilled from invocation logs has no data file to take prompts from."""
    app = make_app(models_world, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        point_at(await open_models(pilot), "nova-lite-distilled-v1")
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TryScreen)
        assert "names no data to take prompts from" in screen_text(app)
        assert "Next example" not in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any(t.endswith("Type a prompt first.") for t in toasts(app)), "no ctrl+n offered"
