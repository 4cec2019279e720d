"""Custom model deployments: a custom model served on demand, billed by the token.

Create, Get, List, Update and Delete, as botocore's model shapes them. A deployment is
Creating, then Active; UpdateCustomModelDeployment swaps its model while it stays Active and
answers with the old one. Who may deploy comes from the catalog (each base model's
``on_demand``): the base, the region, and the day the model was customized, read as the day
the model was made (GetCustomModel's creationTime), the same rule as ftui's ``offer()``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ftui.core.catalog import load_catalog
from ftui.core.custom_models.offer import customized_on
from ftui.sim.bedrock import tokens
from ftui.sim.bedrock.listing import listing
from ftui.sim.bedrock.model import (
    CustomModel,
    RegionState,
    SimDeployment,
    validation,
)
from ftui.sim.bedrock.service import BedrockService
from ftui.sim.bedrock.serving import (
    DEPLOY_TIME,
    filtered,
    find_model,
    find_served,
    new_arn,
    require_active,
)
from ftui.sim.bedrock.views import iso

CREATE = "CreateCustomModelDeployment"
# ListCustomModelDeployments names its creation-time filters unlike the other List calls.
TIME_FILTERS = ("createdAfter", "createdBefore")


def create(
    service: BedrockService, region: str, body: dict[str, Any], *, at: datetime | None = None
) -> dict[str, Any]:
    """CreateCustomModelDeployment; ``body`` fits the input shape. ``at`` backdates it (seeding)."""
    with service.exclusive():
        service.advance()
        state = service.region(region)
        now = at or service.clock.now()
        made = tokens.earlier(state, CREATE, body, now, conflict=False)
        if made is not None:
            return {"customModelDeploymentArn": made}
        name = body["modelDeploymentName"]
        if any(d.name == name for d in state.deployments.values()):
            # A ValidationException: botocore's model gives this operation no ConflictException.
            # The wording is modelled on CreateModelCustomizationJob's for a taken job name.
            raise validation(f"The provided deployment name {name} is currently in use.")
        model = find_model(state, body["modelArn"])
        require_active(model, "on-demand deployment")
        check_on_demand(model, region)
        deployment = SimDeployment(
            arn=new_arn(service, region, "custom-model-deployment"),
            name=name,
            model=model,
            created=now,
            ready_at=now + DEPLOY_TIME,
            description=str(body.get("description") or ""),
            tags=[dict(t) for t in body.get("tags") or []],
        )
        state.deployments[deployment.arn] = deployment
        tokens.remember(state, CREATE, body, deployment.arn, now)
        service.advance()  # a backdated deployment is Active already
        return {"customModelDeploymentArn": deployment.arn}


def check_on_demand(model: CustomModel, region: str) -> None:
    """Refuse, naming the reason, a model the catalog says cannot be deployed on demand here.

    The messages are modelled: the user guide states the rules, not Bedrock's words.
    """
    catalog = load_catalog()
    base = catalog.model(model.job.base_model_id)
    rule = base.on_demand if base is not None else None
    if base is None or rule is None:
        bases = ", ".join(m.name for m in catalog.models if m.on_demand is not None)
        raise validation(
            f"The custom model {model.name} cannot be deployed for on-demand inference: its"
            f" base model {model.job.base_model_id} does not support it (models customized from"
            f" {bases} do). Use Provisioned Throughput for this model."
        )
    if region not in rule.regions:
        raise validation(
            f"On-demand deployment of models customized from {base.name} is not available in"
            f" {region}; it is in {', '.join(rule.regions)}. Use Provisioned Throughput for"
            f" {model.name}."
        )
    # The model's creation day, as ftui's offer() reads GetCustomModel's creationTime.
    customized = customized_on({"creationTime": model.created.astimezone(UTC)})
    assert customized is not None
    if customized < rule.customized_since:
        raise validation(
            f"The custom model {model.name} was customized on {customized.isoformat()}; only"
            f" models of {base.name} customized on or after {rule.customized_since.isoformat()}"
            " can be deployed for on-demand inference. Use Provisioned Throughput for it."
        )


def find(state: RegionState, identifier: str) -> SimDeployment:
    """A custom model deployment by ARN or name."""
    return find_served(state.deployments, identifier, "custom model deployment")


def get(service: BedrockService, region: str, identifier: str) -> dict[str, Any]:
    with service.exclusive():
        service.advance()
        return details(find(service.region(region), identifier))


def list_deployments(service: BedrockService, region: str, query: dict[str, str]) -> dict[str, Any]:
    """ListCustomModelDeployments; the enums and patterns were checked by the routes."""
    with service.exclusive():
        service.advance()
        found = filtered(list(service.region(region).deployments.values()), query)
        return listing(found, query, "modelDeploymentSummaries", summary, time_filters=TIME_FILTERS)


def update(
    service: BedrockService, region: str, identifier: str, body: dict[str, Any]
) -> dict[str, Any]:
    """UpdateCustomModelDeployment: serve another custom model, after an update of its own."""
    with service.exclusive():
        service.advance()
        state = service.region(region)
        deployment = find(state, identifier)
        # Modelled: the API reference names no state an update must wait for.
        if deployment.status != "Active":
            raise validation(
                f"The custom model deployment {deployment.name} is {deployment.status}; it can be"
                " updated once it is Active."
            )
        if deployment.update_status == "Updating":
            raise validation(
                f"The custom model deployment {deployment.name} is already being updated; try"
                " again once that update has completed."
            )
        model = find_model(state, body["modelArn"])
        if model.arn == deployment.model.arn:
            raise validation(
                f"The custom model deployment {deployment.name} already serves {model.name}."
            )
        require_active(model, "on-demand deployment")
        check_on_demand(model, region)
        now = service.clock.now()
        deployment.pending = model
        deployment.update_status = "Updating"
        deployment.update_ends = now + DEPLOY_TIME
        deployment.updated = now
        return {"customModelDeploymentArn": deployment.arn}


def delete(service: BedrockService, region: str, identifier: str) -> dict[str, Any]:
    with service.exclusive():
        service.advance()
        state = service.region(region)
        del state.deployments[find(state, identifier).arn]
        return {}


def details(deployment: SimDeployment) -> dict[str, Any]:
    out: dict[str, Any] = {
        "customModelDeploymentArn": deployment.arn,
        "modelDeploymentName": deployment.name,
        "modelArn": deployment.model.arn,
        "createdAt": iso(deployment.created),
        "status": deployment.status,
    }
    if deployment.description:  # the shape's minimum length is 1: none is left out
        out["description"] = deployment.description
    if deployment.pending is not None and deployment.update_status is not None:
        out["updateDetails"] = {
            "modelArn": deployment.pending.arn,
            "updateStatus": deployment.update_status,
        }
    return out | _optional(deployment)


def summary(deployment: SimDeployment) -> dict[str, Any]:
    return {
        "customModelDeploymentArn": deployment.arn,
        "customModelDeploymentName": deployment.name,
        "modelArn": deployment.model.arn,
        "createdAt": iso(deployment.created),
        "status": deployment.status,
    } | _optional(deployment)


def _optional(deployment: SimDeployment) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if deployment.updated is not None:
        out["lastUpdatedAt"] = iso(deployment.updated)
    if deployment.failure is not None:
        out["failureMessage"] = deployment.failure
    return out
