"""What serves a custom model after its job: deployments and Provisioned Throughput share the
model they serve, their lifecycle on the clock, and DeleteCustomModel, which they block.

Times are the emulator's choice (AWS publishes none): a deployment is Creating for 8 minutes,
a Provisioned Throughput for 15, and an update takes as long as the creation did.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from ftui.sim.bedrock.model import (
    ACCOUNT_ID,
    MODEL_STATUS,
    CustomModel,
    RegionState,
    ServiceError,
    SimDeployment,
    SimThroughput,
    validation,
)

if TYPE_CHECKING:
    from ftui.sim.bedrock.service import BedrockService

Served = TypeVar("Served", SimDeployment, SimThroughput)

DEPLOY_TIME = timedelta(minutes=8)
PROVISION_TIME = timedelta(minutes=15)


def advance_serving(state: RegionState, now: datetime) -> None:
    """Every deployment and Provisioned Throughput transition due by ``now``."""
    for deployment in state.deployments.values():
        _advance_deployment(deployment, now)
    for throughput in state.throughputs.values():
        _advance_throughput(throughput, now)


def _advance_deployment(deployment: SimDeployment, now: datetime) -> None:
    if deployment.status == "Creating" and now >= deployment.ready_at:
        deployment.status = "Active"
        deployment.updated = deployment.ready_at
    ends = deployment.update_ends
    if deployment.update_status == "Updating" and ends is not None and now >= ends:
        assert deployment.pending is not None
        deployment.model = deployment.pending
        deployment.update_status = "UpdateCompleted"
        deployment.updated = ends


def _advance_throughput(throughput: SimThroughput, now: datetime) -> None:
    if throughput.status == "Creating" and now >= throughput.ready_at:
        throughput.status = "InService"
        throughput.updated = throughput.ready_at
    ends = throughput.update_ends
    if throughput.status == "Updating" and ends is not None and now >= ends:
        assert throughput.desired is not None
        throughput.model = throughput.desired
        throughput.desired = None
        throughput.update_ends = None
        throughput.status = "InService"
        throughput.updated = ends


def find_served(found: dict[str, Served], identifier: str, what: str) -> Served:
    """A deployment or a throughput by ARN or name, or AWS's not-found for ``what``."""
    served = found.get(identifier) or next(
        (s for s in found.values() if s.name == identifier), None
    )
    if served is None:
        raise ServiceError("ResourceNotFoundException", f"The {what} {identifier} was not found.")
    return served


def filtered(found: list[Served], query: dict[str, str]) -> list[Served]:
    """The filters both lists take: statusEquals, nameContains and modelArnEquals (their enums
    and patterns were checked by the routes)."""
    status = query.get("statusEquals")
    if status:
        found = [s for s in found if s.status == status]
    name = query.get("nameContains", "").lower()
    if name:
        found = [s for s in found if name in s.name.lower()]
    model = query.get("modelArnEquals")
    if model:
        found = [s for s in found if s.model.arn == model]
    return found


def new_arn(service: BedrockService, region: str, resource: str) -> str:
    """``custom-model-deployment`` or ``provisioned-model``, with AWS's 12-character ID."""
    return f"arn:aws:bedrock:{region}:{ACCOUNT_ID}:{resource}/{service.new_id()}"


def find_model(state: RegionState, identifier: str) -> CustomModel:
    """A custom model of this region by name or ARN."""
    model = state.models.get(identifier) or next(
        (m for m in state.models.values() if m.arn == identifier), None
    )
    if model is None:
        raise ServiceError(
            "ResourceNotFoundException", f"The custom model {identifier} was not found."
        )
    return model


def require_active(model: CustomModel, use: str) -> None:
    if model.status != MODEL_STATUS:
        # Modelled: the API reference gives no wording for a model that is not ready.
        raise validation(
            f"The custom model {model.name} is {model.status}, not Active; it can be used for"
            f" {use} once it is Active."
        )


def foundation_model_arn(model: CustomModel) -> str:
    """The foundation model under the whole chain of customizations."""
    return f"arn:aws:bedrock:{model.job.region}::foundation-model/{model.job.base_model_id}"


def users_of(state: RegionState, model: CustomModel) -> list[str]:
    """What serves ``model`` (or is being switched to it), as a message names them."""
    found = [
        f"the custom model deployment {d.name}"
        for d in state.deployments.values()
        if model.arn == d.model.arn or (d.update_status == "Updating" and d.pending is model)
    ]
    found += [
        f"the Provisioned Throughput {t.name}"
        for t in state.throughputs.values()
        if model.arn == t.model.arn or t.desired is model
    ]
    return found


def delete_custom_model(service: BedrockService, region: str, identifier: str) -> dict[str, Any]:
    """DeleteCustomModel: refused while anything serves the model; its job stays."""
    with service.exclusive():
        service.advance()
        state = service.region(region)
        model = find_model(state, identifier)
        users = users_of(state, model)
        if users:
            # Modelled: AWS documents that a model in use cannot be deleted, not its words.
            them = "it" if len(users) == 1 else "them"
            raise ServiceError(
                "ConflictException",
                f"The custom model {model.name} is in use by {' and '.join(users)}; delete"
                f" {them} first.",
            )
        del state.models[model.name]
        return {}
