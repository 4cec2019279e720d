"""Provisioned Throughput for custom models: model units reserved by the hour.

Create, Get, List, Update and Delete, as botocore's model shapes them. A Provisioned
Throughput is Creating, then InService; a change of model makes it Updating, then InService
again with the new one. A commitment (one or six months from creation) keeps it from being
deleted until the term is over; custom models may go without one. The emulator provisions
custom models only, not foundation models.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ftui.core.catalog import parse_model_identifier
from ftui.core.custom_models.offer import commitment_end
from ftui.sim.bedrock import tokens
from ftui.sim.bedrock.listing import listing
from ftui.sim.bedrock.model import (
    CustomModel,
    RegionState,
    SimThroughput,
    validation,
)
from ftui.sim.bedrock.service import BedrockService
from ftui.sim.bedrock.serving import (
    PROVISION_TIME,
    filtered,
    find_model,
    find_served,
    foundation_model_arn,
    new_arn,
    require_active,
)
from ftui.sim.bedrock.views import iso

CREATE = "CreateProvisionedModelThroughput"


def create(
    service: BedrockService, region: str, body: dict[str, Any], *, at: datetime | None = None
) -> dict[str, Any]:
    """CreateProvisionedModelThroughput; ``body`` fits the input shape. ``at`` backdates it."""
    with service.exclusive():
        service.advance()
        state = service.region(region)
        now = at or service.clock.now()
        made = tokens.earlier(state, CREATE, body, now, conflict=False)
        if made is not None:
            return {"provisionedModelArn": made}
        name = body["provisionedModelName"]
        _check_name_free(state, name)
        model = _custom_model(state, body["modelId"])
        require_active(model, "Provisioned Throughput")
        commitment = body.get("commitmentDuration")
        throughput = SimThroughput(
            arn=new_arn(service, region, "provisioned-model"),
            name=name,
            model=model,
            model_units=int(body["modelUnits"]),
            created=now,
            ready_at=now + PROVISION_TIME,
            commitment=commitment,
            commitment_ends=commitment_end(now, commitment) if commitment else None,
            tags=[dict(t) for t in body.get("tags") or []],
        )
        state.throughputs[throughput.arn] = throughput
        tokens.remember(state, CREATE, body, throughput.arn, now)
        service.advance()  # a backdated one is InService already
        return {"provisionedModelArn": throughput.arn}


def _check_name_free(state: RegionState, name: str) -> None:
    if any(t.name == name for t in state.throughputs.values()):
        # A ValidationException: botocore's model gives the create no ConflictException.
        # The wording is modelled on CreateModelCustomizationJob's for a taken job name.
        raise validation(f"The provided Provisioned Throughput name {name} is currently in use.")


def _custom_model(state: RegionState, identifier: str) -> CustomModel:
    model_id, custom = parse_model_identifier(identifier)
    if identifier not in state.models and model_id is not None and not custom:
        raise validation(
            f"{identifier} is a foundation model; ftui's emulator provisions throughput for"
            " custom models only."
        )
    return find_model(state, identifier)


def find(state: RegionState, identifier: str) -> SimThroughput:
    """A Provisioned Throughput by ARN or name."""
    return find_served(state.throughputs, identifier, "Provisioned Throughput")


def get(service: BedrockService, region: str, identifier: str) -> dict[str, Any]:
    with service.exclusive():
        service.advance()
        return details(find(service.region(region), identifier))


def list_throughputs(service: BedrockService, region: str, query: dict[str, str]) -> dict[str, Any]:
    """ListProvisionedModelThroughputs; the enums and patterns were checked by the routes."""
    with service.exclusive():
        service.advance()
        found = filtered(list(service.region(region).throughputs.values()), query)
        return listing(found, query, "provisionedModelSummaries", summary)


def update(
    service: BedrockService, region: str, identifier: str, body: dict[str, Any]
) -> dict[str, Any]:
    """A new name at once; a new model after an update, InService again with it."""
    with service.exclusive():
        service.advance()
        state = service.region(region)
        throughput = find(state, identifier)
        # Modelled: the API reference names no state an update must wait for.
        if throughput.status != "InService":
            raise validation(
                f"The Provisioned Throughput {throughput.name} is {throughput.status}; it can be"
                " updated once it is InService."
            )
        name = body.get("desiredProvisionedModelName")
        rename = name if name and name != throughput.name else None
        if rename is not None:
            _check_name_free(state, rename)
        model = None
        if body.get("desiredModelId"):
            model = _custom_model(state, body["desiredModelId"])
            require_active(model, "Provisioned Throughput")
            _check_same_base(throughput, model)
        now = service.clock.now()
        if rename is not None:
            throughput.name = rename
            throughput.updated = now
        if model is not None and model.arn != throughput.model.arn:
            throughput.desired = model
            throughput.status = "Updating"
            throughput.update_ends = now + PROVISION_TIME
            throughput.updated = now
        return {}


def _check_same_base(throughput: SimThroughput, model: CustomModel) -> None:
    """The API reference: another custom model may take over only if customized from the
    same base model. The wording is modelled."""
    if foundation_model_arn(model) != foundation_model_arn(throughput.model):
        raise validation(
            f"The custom model {model.name} was customized from"
            f" {model.job.base_model_id}, not {throughput.model.job.base_model_id}; a"
            " Provisioned Throughput can switch only to a model of the same base model."
        )


def delete(service: BedrockService, region: str, identifier: str) -> dict[str, Any]:
    """Refused while a commitment runs, as the API reference says; the wording is modelled."""
    with service.exclusive():
        service.advance()
        state = service.region(region)
        throughput = find(state, identifier)
        ends = throughput.commitment_ends
        if ends is not None and service.clock.now() < ends:
            raise validation(
                f"The Provisioned Throughput {throughput.name} has a {throughput.commitment}"
                f" commitment until {iso(ends)}; it can be deleted once the term is over."
            )
        del state.throughputs[throughput.arn]
        return {}


def summary(throughput: SimThroughput) -> dict[str, Any]:
    desired = throughput.desired or throughput.model
    out: dict[str, Any] = {
        "provisionedModelName": throughput.name,
        "provisionedModelArn": throughput.arn,
        "modelArn": throughput.model.arn,
        "desiredModelArn": desired.arn,
        "foundationModelArn": foundation_model_arn(throughput.model),
        "modelUnits": throughput.model_units,
        "desiredModelUnits": throughput.model_units,
        "status": throughput.status,
        "creationTime": iso(throughput.created),
        "lastModifiedTime": iso(throughput.updated or throughput.created),
    }
    if throughput.commitment is not None and throughput.commitment_ends is not None:
        out["commitmentDuration"] = throughput.commitment
        out["commitmentExpirationTime"] = iso(throughput.commitment_ends)
    return out


def details(throughput: SimThroughput) -> dict[str, Any]:
    out = summary(throughput)
    if throughput.failure is not None:
        out["failureMessage"] = throughput.failure
    return out
