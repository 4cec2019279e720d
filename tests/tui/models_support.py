"""What the custom models' Pilot tests share: the account set up through boto3 (as another AWS
client would: the demo's seeding may change) and the screens read as a user reads them."""

from __future__ import annotations

from typing import Any

import boto3
from textual.pilot import Pilot

from ftui.sim.server import SimServer
from ftui.tui.app import FtuiApp
from ftui.tui.screens.deploy import DeployScreen
from ftui.tui.screens.model_detail import ModelDetailScreen
from ftui.tui.screens.models import ModelsScreen
from ftui.tui.widgets.safe_input import SafeInput
from tests.tui.test_jobs import settle

SIZE = (120, 40)
REGION = "us-east-1"
MICRO = "support-bot-micro-v3"  # Nova Micro, made after on-demand deployment began
MICRO_5 = "support-bot-micro-v3-5-epochs"
TITAN = "titan-docs-cpt-v1"  # Titan Text: Provisioned Throughput only
QUESTION = "How do I reset my password?"
TRAINED = "Open Settings, choose Security, then Reset password."
GENERIC = "I don't have details about your account"

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
