"""Bedrock's REST-JSON wire protocol: every request signed for ``bedrock`` is answered here.

The operation comes from botocore's service model (:mod:`ftui.sim.operations`). One this
emulator simulates is checked and served; one Bedrock has but the emulator does not simulate
gets 501 ``NotImplemented``; a path Bedrock does not have gets 404 ``UnknownOperationException``.
Every failure, including a bug of ours, is an AWS error in JSON (``x-amzn-ErrorType`` and
``{"message"}``), which botocore turns into a ``ClientError`` with that code; never an HTML page.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ftui.sim.bedrock import (
    deployments,
    invocation_logging,
    serving,
    shapes,
    throughputs,
    validation,
)
from ftui.sim.bedrock.service import BedrockService, ServiceError
from ftui.sim.operations import AwsRequest
from ftui.sim.wire import StartResponse, json_answer


@dataclass(frozen=True)
class Call:
    """One request as a handler takes it."""

    region: str
    identifier: str  # the one path label, if any
    query: dict[str, str]
    body: dict[str, Any]


Handler = Callable[[BedrockService, Call], dict[str, Any]]


class Body(Enum):
    NONE = "none"  # the request has no body
    SHAPE = "shape"  # checked against the operation's input shape before the handler runs
    OWN = "own"  # checked by the handler: CreateModelCustomizationJob has ftui's fuller rules


@dataclass(frozen=True)
class Route:
    status: int  # on success: botocore's model's responseCode
    handler: Handler
    body: Body = Body.NONE


ROUTES: dict[str, Route] = {
    "CreateModelCustomizationJob": Route(
        201, lambda s, c: s.create_job(c.region, c.body), Body.OWN
    ),
    "ListModelCustomizationJobs": Route(200, lambda s, c: s.list_jobs(c.region, c.query)),
    "GetModelCustomizationJob": Route(200, lambda s, c: s.get_job(c.region, c.identifier)),
    "StopModelCustomizationJob": Route(200, lambda s, c: s.stop_job(c.region, c.identifier)),
    "ListFoundationModels": Route(200, lambda s, c: s.list_foundation_models(c.region, c.query)),
    "GetFoundationModel": Route(200, lambda s, c: s.get_foundation_model(c.region, c.identifier)),
    "ListCustomModels": Route(200, lambda s, c: s.list_custom_models(c.region, c.query)),
    "GetCustomModel": Route(200, lambda s, c: s.get_custom_model(c.region, c.identifier)),
    "DeleteCustomModel": Route(
        200, lambda s, c: serving.delete_custom_model(s, c.region, c.identifier)
    ),
    "ListTagsForResource": Route(200, lambda s, c: s.list_tags(c.region, c.body), Body.SHAPE),
    "TagResource": Route(200, lambda s, c: s.tag_resource(c.region, c.body), Body.SHAPE),
    "UntagResource": Route(200, lambda s, c: s.untag_resource(c.region, c.body), Body.SHAPE),
    "GetModelInvocationLoggingConfiguration": Route(
        200, lambda s, c: invocation_logging.get_configuration(s, c.region)
    ),
    "PutModelInvocationLoggingConfiguration": Route(
        200, lambda s, c: invocation_logging.put_configuration(s, c.region, c.body), Body.SHAPE
    ),
    "CreateCustomModelDeployment": Route(
        202, lambda s, c: deployments.create(s, c.region, c.body), Body.SHAPE
    ),
    "GetCustomModelDeployment": Route(200, lambda s, c: deployments.get(s, c.region, c.identifier)),
    "ListCustomModelDeployments": Route(
        200, lambda s, c: deployments.list_deployments(s, c.region, c.query)
    ),
    "UpdateCustomModelDeployment": Route(
        202, lambda s, c: deployments.update(s, c.region, c.identifier, c.body), Body.SHAPE
    ),
    "DeleteCustomModelDeployment": Route(
        200, lambda s, c: deployments.delete(s, c.region, c.identifier)
    ),
    "CreateProvisionedModelThroughput": Route(
        201, lambda s, c: throughputs.create(s, c.region, c.body), Body.SHAPE
    ),
    "GetProvisionedModelThroughput": Route(
        200, lambda s, c: throughputs.get(s, c.region, c.identifier)
    ),
    "ListProvisionedModelThroughputs": Route(
        200, lambda s, c: throughputs.list_throughputs(s, c.region, c.query)
    ),
    "UpdateProvisionedModelThroughput": Route(
        200, lambda s, c: throughputs.update(s, c.region, c.identifier, c.body), Body.SHAPE
    ),
    "DeleteProvisionedModelThroughput": Route(
        200, lambda s, c: throughputs.delete(s, c.region, c.identifier)
    ),
}
# The operations simulated, and their status on success.
SIMULATED: dict[str, int] = {name: route.status for name, route in ROUTES.items()}


def handle(
    service: BedrockService, request: AwsRequest, body: bytes, start_response: StartResponse
) -> list[bytes]:
    try:
        status, payload = _serve(service, request, body)
        answer = json_answer(status, payload)
    except ServiceError as error:
        answer = json_answer(error.status, {"message": error.message}, error=error.code)
    except Exception:
        logging.getLogger(__name__).debug("%s failed", request.operation, exc_info=True)
        answer = json_answer(
            500,
            {"message": f"The emulator failed to answer {request.operation}."},
            error="InternalServerException",
        )
    return answer.send(start_response)


def _serve(service: BedrockService, request: AwsRequest, body: bytes) -> tuple[int, dict[str, Any]]:
    operation = request.operation
    if operation is None:
        raise ServiceError(
            "UnknownOperationException",
            f"Bedrock has no operation at {request.method} {request.path[:200]}.",
        )
    if operation not in SIMULATED:
        raise ServiceError(
            "NotImplemented",
            f"ftui's emulator does not simulate bedrock:{operation}; it serves"
            f" {', '.join(sorted(SIMULATED))}.",
        )
    validation.check_request(operation, request.params, request.query)
    route = ROUTES[operation]
    payload = json_body(body) if route.body is not Body.NONE else {}
    if route.body is Body.SHAPE:
        found = shapes.problems(operation, payload)
        if found:
            raise ServiceError("ValidationException", shapes.message(found))
    identifier = next(iter(request.params.values()), "")
    call = Call(request.region, identifier, request.query, payload)
    return route.status, route.handler(service, call)


def json_body(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object, or the ValidationException AWS gives for it."""
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite)
    except (ValueError, RecursionError):
        raise ServiceError("ValidationException", "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ServiceError("ValidationException", "The request body must be a JSON object.")
    if shapes.depth(body) > shapes.MAX_DEPTH:
        raise ServiceError(
            "ValidationException",
            f"The request body nests deeper than {shapes.MAX_DEPTH} levels.",
        )
    return body


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value
