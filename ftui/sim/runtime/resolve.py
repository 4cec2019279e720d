"""Which model a Converse ``modelId`` names, and whether the region can answer with it now.

- A base model the region serves on demand: the catalog's ``invocation_id``
  (``amazon.nova-micro-v1:0``), its foundation-model ARN, or the region's system inference
  profile of it (``us.amazon.nova-micro-v1:0``, or that profile's ARN). A teacher the catalog
  says is served only through a profile, called by its bare ID, gets AWS's "with on-demand
  throughput isn't supported" ValidationException; a customizable variant
  (``amazon.nova-micro-v1:0:128k``) "doesn't support on-demand throughput"; a model that does not
  write text, "This action doesn't support the model that you provided"; an ID nobody serves,
  "The provided model identifier is invalid." (all AWS's words).
- A custom model deployment ARN: answers once ``Active``; ``Creating`` is a
  ``ModelNotReadyException`` (429), ``Failed`` a ValidationException. A Provisioned Throughput
  ARN likewise, once ``InService``. Unknown ones are ``ResourceNotFoundException`` (modelled
  wording, as are these).
- A custom model ARN itself: a ValidationException saying it needs a deployment or Provisioned
  Throughput (modelled: AWS invokes custom models only through one of them).
- Any other ARN: ``ResourceNotFoundException`` (modelled).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ftui.core.catalog import inference_profile_arn, load_catalog, parse_model_identifier
from ftui.core.custom_models.usage import ANSWERS_WHEN, Kind
from ftui.sim.bedrock import shapes
from ftui.sim.bedrock.model import ACCOUNT_ID, CustomModel
from ftui.sim.bedrock.service import BedrockService
from ftui.sim.operations import service_model
from ftui.sim.runtime.errors import SERVICE, Refusal, validation

_INVALID = "The provided model identifier is invalid."
_NOT_ON_DEMAND = "The provided model doesn't support on-demand throughput."
_NOT_TEXT = (
    "This action doesn't support the model that you provided. Try again with a supported text"
    " or chat model."
)


@dataclass(frozen=True)
class Target:
    """Who answers: a base model by name, or a custom model (``custom``) built on one."""

    base_name: str
    custom: CustomModel | None = None


def resolve(service: BedrockService, region: str, model_id: str) -> Target:
    """The model ``model_id`` names in ``region``, or the Refusal AWS gives for it."""
    found, custom = parse_model_identifier(model_id)
    if custom:  # before the pattern, which refuses most custom model ARNs in a wordier way
        raise validation(
            f"{_NOT_ON_DEMAND} {model_id} is a custom model: invoke it through a custom model"
            " deployment (CreateCustomModelDeployment) or Provisioned Throughput"
            " (CreateProvisionedModelThroughput), with that resource's ARN as the model ID."
        )
    _check_pattern(model_id)
    if ":custom-model-deployment/" in model_id:
        return _served(service, region, model_id, "deployment", "custom model deployment")
    if ":provisioned-model/" in model_id:
        return _served(service, region, model_id, "provisioned throughput", "provisioned model")
    if model_id.startswith("arn:") and not _foundation_arn_of(model_id, region):
        raise Refusal("ResourceNotFoundException", f"The model {model_id} was not found.")
    return Target(_base_name(region, model_id, found))


def _check_pattern(model_id: str) -> None:
    """The ValidationException for a model ID that breaks the shape of botocore's model."""
    model = service_model(SERVICE)
    if model is None:
        return
    label = model.operation_model("Converse").input_shape.members["modelId"]
    found = shapes.value_problems(label, model_id, "modelId")
    if found:
        raise validation(shapes.message(found))


def _served(service: BedrockService, region: str, arn: str, kind: Kind, what: str) -> Target:
    """The model a deployment or a provisioned model (``what``, as AWS names it) serves, once
    it answers (ANSWERS_WHEN: Active, InService); AWS's refusal before."""
    with service.exclusive():
        service.advance()
        state = service.region(region)
        found = (state.deployments if kind == "deployment" else state.throughputs).get(arn)
        if found is None:
            raise Refusal(
                "ResourceNotFoundException", f"The {what} {arn} was not found in {region}."
            )
        status, name, model, failure = found.status, found.name, found.model, found.failure
    if status == "Failed":
        raise validation(
            f"The {what} {name} failed ({failure or 'no reason given'}) and cannot serve"
            " requests; delete it and make it again."
        )
    ready = ANSWERS_WHEN[kind]
    if status != ready:
        raise Refusal(
            "ModelNotReadyException",
            f"The {what} {name} is {status}: it serves requests once {ready}."
            " Try again in a few minutes.",
        )
    return Target(model.base_model_name, model)


_ARN = re.compile(
    r"arn:aws[a-z-]*:bedrock:(?P<region>[a-z0-9-]*):(?P<account>\d*):(?P<resource>.+)"
)


def _foundation_arn_of(arn: str, region: str) -> bool:
    """Whether ``arn`` is a foundation model's or a system inference profile's, in ``region``."""
    found = _ARN.fullmatch(arn)
    return (
        found is not None
        and found["region"] == region
        and found["resource"].startswith(("foundation-model/", "inference-profile/"))
    )


def _base_name(region: str, model_id: str, found: str | None) -> str:
    """The name of the base model ``model_id`` invokes on demand in ``region``."""
    if found is None:
        raise validation(_INVALID)
    catalog = load_catalog()
    in_arn = ":inference-profile/" in model_id
    bare, profile = _without_profile(region, model_id.rpartition("/")[2] if in_arn else found)
    if in_arn and not profile:
        raise validation(_INVALID)  # a profile ARN names the geography: "us.", "eu." ...
    for model in catalog.models:
        served = region in model.regions or (
            model.on_demand is not None and region in model.on_demand.regions
        )
        if not served or bare not in (model.invocation_id, model.id):
            continue
        if "TEXT" not in model.output_modalities:
            raise validation(_NOT_TEXT)
        if bare != model.invocation_id:
            raise validation(_NOT_ON_DEMAND)
        return model.name
    for teacher in catalog.teachers:
        if region not in teacher.regions or bare != teacher.id:
            continue
        if profile and teacher.invocation == "on-demand":
            break
        if not profile and teacher.invocation == "inference-profile":
            raise validation(
                f"Invocation of model ID {bare} with on-demand throughput isn't supported."
                " Retry your request with the ID or ARN of an inference profile that contains"
                " this model."
            )
        return teacher.name
    raise validation(_INVALID)


def _without_profile(region: str, model_id: str) -> tuple[str, bool]:
    """(the model ID, whether it came as the region's system inference profile ID)."""
    profile = inference_profile_arn(region, ACCOUNT_ID, "").rpartition("/")[2]  # "us."
    if model_id.startswith(profile):
        return model_id.removeprefix(profile), True
    return model_id, False
