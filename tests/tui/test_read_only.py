"""Read-only mode holds below the UI: every action of every place, run even where the screens
hide it, and every palette command, send nothing that changes the account.

The screens hide submit, stop and delete in read-only mode; this test does not rely on that. It
calls each binding's action directly (as a custom keymap or a bug could), answers yes to every
question, and watches what leaves the process (botocore's ``before-send``, the last step before
the wire).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from textual.actions import parse
from textual.screen import ModalScreen, Screen

from ftui.cli.main import build_parser
from ftui.cli.tui import build_app
from ftui.core import paths
from ftui.core.aws.policy import mutates
from ftui.core.profiles import ProfileStore
from ftui.sim.server import SimServer
from ftui.sim.world import seed_profiles
from ftui.tui.app import FtuiApp
from ftui.tui.screens.deploy import DeployScreen
from ftui.tui.screens.job_detail import JobDetailScreen
from ftui.tui.screens.model_detail import ModelDetailScreen
from ftui.tui.screens.models import ModelsScreen
from ftui.tui.widgets.metrics_panel import MetricsPanel
from ftui.tui.wizard.screen import WizardScreen
from tests.cli.test_safety_cli import read_only_from
from tests.tui.test_jobs import new_job

SIZE = (120, 40)
SKIPPED = {"quit"}  # leaving the app ends the test, and changes nothing


def _spy(app: FtuiApp) -> list[str]:
    sent: list[str] = []

    def before_send(event_name: str, **_: Any) -> None:
        sent.append(event_name.rsplit(".", 1)[-1])

    app.session._boto_session().events.register("before-send", before_send)
    return sent


def _attempts(app: FtuiApp) -> list[str]:
    """The operations asked of botocore, before read-only mode refuses them."""
    asked: list[str] = []

    def before_call(model: Any, **_: Any) -> None:
        asked.append(model.name)

    app.session._boto_session().events.register("before-call", before_call)
    return asked


async def _settle(pilot: Any, app: FtuiApp) -> None:
    """Say yes to whatever was asked, then close what is still open over the place."""
    for _ in range(3):
        await pilot.pause()
        if isinstance(app.screen, ModalScreen):
            await pilot.press("y")
            await pilot.pause()
    while isinstance(app.screen, ModalScreen):
        app.pop_screen()
        await pilot.pause()


Place = Callable[[], Awaitable[Screen[Any]]]


def _serve(sim: SimServer, model: str, name: str) -> None:
    """``model`` served by one deployment, made by another client (the demo's serving may
    change): its detail's undeploy asks no "which?" but goes straight to its question."""
    bedrock = boto3.client(
        "bedrock",
        endpoint_url=sim.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    arn = bedrock.get_custom_model(modelIdentifier=model)["modelArn"]
    for old in bedrock.list_custom_model_deployments(modelArnEquals=arn)[
        "modelDeploymentSummaries"
    ]:
        bedrock.delete_custom_model_deployment(
            customModelDeploymentIdentifier=old["customModelDeploymentArn"]
        )
    for old in bedrock.list_provisioned_model_throughputs(modelArnEquals=arn)[
        "provisionedModelSummaries"
    ]:
        bedrock.delete_provisioned_model_throughput(provisionedModelId=old["provisionedModelArn"])
    bedrock.create_custom_model_deployment(modelDeploymentName=name, modelArn=arn)


async def _every_action(pilot: Any, app: FtuiApp, place: Place, only: set[str] | None) -> list[str]:
    """Each binding's action of the place (and the app's), from the place, answered yes."""
    screen = await place()
    done: list[str] = []
    # The wizard's steps add keys of their own (upload, new role) that act on the screen.
    steps = [
        b for step in getattr(screen, "steps", []) for b in vars(type(step)).get("BINDINGS", [])
    ]
    for binding in [*screen.BINDINGS, *steps, *app.BINDINGS]:
        action = binding[1] if isinstance(binding, tuple) else binding.action
        _, name, params = parse(action)
        if name in SKIPPED or name in done or (only is not None and name not in only):
            continue  # one of status('running'), status('failed')... runs the same code
        screen = await place()
        target = screen if hasattr(screen, f"action_{name}") else app
        result = getattr(target, f"action_{name}")(*params)
        if hasattr(result, "__await__"):
            await result
        await _settle(pilot, app)
        done.append(name)
    await app.workers.wait_for_complete()  # what the answers started has been sent, or not
    return done


# Every action and palette command with the flag; with the other sources, the ones that would
# change something (the source only decides whether the session is read-only, tested here too).
CHANGING = {"stop", "submit", "delete", "deploy", "undeploy", "send"}
WALKS = [("flag", None), ("environment", CHANGING), ("config", CHANGING)]


@pytest.mark.parametrize(("source", "only"), WALKS)
async def test_nothing_mutating_leaves_in_read_only_mode(
    source: str,
    only: set[str] | None,
    aws_env: SimServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    running = new_job(aws_env, f"ro-tui-{source}")
    served = "support-bot-micro-v3"
    _serve(aws_env, served, f"ro-tui-{source}-live")
    seed_profiles(ProfileStore.default())
    profiles_before = sorted(p.name for p in paths.profiles_dir().iterdir())
    words = read_only_from(source, monkeypatch)
    app = build_app(build_parser().parse_args([*words, "--region", "us-east-1"]))
    sent = _spy(app)
    asked = _attempts(app)
    ran: list[str] = []
    async with app.run_test(size=SIZE) as pilot:

        async def mode(name: str) -> Screen[Any]:
            await _settle(pilot, app)
            if app.current_mode == name and len(app.screen_stack) == 1:
                return app.screen
            await app.switch_mode(name)
            while len(app.screen_stack) > 1:
                app.pop_screen()
            await pilot.pause()
            return app.screen

        async def monitor() -> Screen[Any]:
            return await mode("jobs")

        async def detail() -> Screen[Any]:
            if isinstance(app.screen, JobDetailScreen):
                return app.screen
            await mode("jobs")
            app.show_job(running, "us-east-1", f"ro-tui-{source}")
            # Composed before its actions and palette commands are called: one pause is not
            # always enough on a loaded machine (its metrics panel was not there yet).
            for _ in range(50):
                await pilot.pause()
                if app.screen.query(MetricsPanel):
                    break
            return app.screen

        async def profiles() -> Screen[Any]:
            return await mode("profiles")

        async def draft() -> Screen[Any]:
            screen = app.screen
            if isinstance(screen, WizardScreen) and screen.working.profile == "nova-support-bot":
                return screen
            await mode("profiles")
            app.open_profile("nova-support-bot")
            await pilot.pause()
            return app.screen

        async def models() -> Screen[Any]:
            screen = await mode("models")
            await app.workers.wait_for_complete()  # the models read: a row to act on
            await pilot.pause()
            return screen

        async def model() -> Screen[Any]:
            """A served model's detail: undeploy has something to delete."""
            if isinstance(app.screen, ModelDetailScreen):
                return app.screen
            listing = await models()
            assert isinstance(listing, ModelsScreen)
            row = next(r for r in listing.rows.values() if r.name == served)
            app.push_screen(ModelDetailScreen(row))
            await app.workers.wait_for_complete()
            await pilot.pause()
            return app.screen

        async def deploying() -> Screen[Any]:
            """The deploy dialog, its model read: send has a request to send."""
            if isinstance(app.screen, DeployScreen):
                return app.screen
            listing = await models()
            assert isinstance(listing, ModelsScreen)
            row = next(r for r in listing.rows.values() if r.name == served)
            app.push_screen(DeployScreen(row))
            await app.workers.wait_for_complete()
            await pilot.pause()
            return app.screen

        await pilot.pause()
        assert app.read_only and app.session.read_only is not None
        assert app.session.read_only.source.startswith(
            {"flag": "--read-only", "environment": "FTUI_READ_ONLY", "config": "read_only"}[source]
        )
        for place in (monitor, detail, profiles, draft, models, model, deploying):
            ran += await _every_action(pilot, app, place, only)
        # Every palette command, everywhere (each title once: "Open profile x" is the same
        # command in every place).
        for place in (monitor, detail, profiles, draft):
            for command in list(app.get_system_commands(await place())):
                title = str(command.title)
                if title == "Quit" or title in ran:
                    continue
                if only is not None and not any(w in title for w in ("Submit", "Stop", "Delete")):
                    continue
                command.callback()
                await _settle(pilot, app)
                ran.append(title)
        await app.workers.wait_for_complete()
    assert set(ran) >= CHANGING
    if only is None:
        assert {"upload", "new_role", "pick", "check"} <= set(ran), "the wizard's new keys too"
    assert [op for op in sent if mutates(op)] == []
    refused = {"CreateCustomModelDeployment", "DeleteCustomModelDeployment"}
    assert set(asked) >= refused, "the deploy dialog's send and undeploy got as far as AWS"
    assert "ListModelCustomizationJobs" in sent, "the spy sees what is sent"
    assert sorted(p.name for p in paths.profiles_dir().iterdir()) == profiles_before


async def test_the_wizard_says_it_will_not_submit_in_read_only_mode(
    aws_env: SimServer, tmp_path: Path
) -> None:
    """Ctrl+R is off in read-only mode; the status line says so, not silence."""
    app = build_app(build_parser().parse_args(["--read-only", "--region", "us-east-1"]))
    seed_profiles(app.store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile("nova-support-bot")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        said = str(screen.status.render())
        assert "ready to submit · read-only: no submit" in said
