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
from typing import Any

from ftui.sim.bedrock import invocation_logging, shapes, validation
from ftui.sim.bedrock.service import BedrockService, ServiceError
from ftui.sim.operations import AwsRequest
from ftui.sim.wire import StartResponse, json_answer

# The operations simulated, and their status on success (botocore's model's responseCode).
SIMULATED: dict[str, int] = {
    "CreateModelCustomizationJob": 201,
    "ListModelCustomizationJobs": 200,
    "GetModelCustomizationJob": 200,
    "StopModelCustomizationJob": 200,
    "ListFoundationModels": 200,
    "GetFoundationModel": 200,
    "ListCustomModels": 200,
    "GetCustomModel": 200,
    "ListTagsForResource": 200,
    "TagResource": 200,
    "UntagResource": 200,
    "GetModelInvocationLoggingConfiguration": 200,
    "PutModelInvocationLoggingConfiguration": 200,
}
# CreateModelCustomizationJob has its own, fuller check (ftui's request model and rules).
_SHAPE_CHECKED = frozenset(
    {
        "ListTagsForResource",
        "TagResource",
        "UntagResource",
        "PutModelInvocationLoggingConfiguration",
    }
)
_WITH_BODY = _SHAPE_CHECKED | {"CreateModelCustomizationJob"}


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
    payload = json_body(body) if operation in _WITH_BODY else {}
    if operation in _SHAPE_CHECKED:
        found = shapes.problems(operation, payload)
        if found:
            raise ServiceError("ValidationException", shapes.message(found))
    return SIMULATED[operation], _call(service, request, payload)


def _call(service: BedrockService, request: AwsRequest, body: dict[str, Any]) -> dict[str, Any]:
    region, query = request.region, request.query
    identifier = next(iter(request.params.values()), "")  # the one path label, if any
    match request.operation:
        case "CreateModelCustomizationJob":
            return service.create_job(region, body)
        case "ListModelCustomizationJobs":
            return service.list_jobs(region, query)
        case "GetModelCustomizationJob":
            return service.get_job(region, identifier)
        case "StopModelCustomizationJob":
            return service.stop_job(region, identifier)
        case "ListFoundationModels":
            return service.list_foundation_models(region, query)
        case "GetFoundationModel":
            return service.get_foundation_model(region, identifier)
        case "ListCustomModels":
            return service.list_custom_models(region, query)
        case "GetCustomModel":
            return service.get_custom_model(region, identifier)
        case "ListTagsForResource":
            return service.list_tags(region, body)
        case "TagResource":
            return service.tag_resource(region, body)
        case "GetModelInvocationLoggingConfiguration":
            return invocation_logging.get_configuration(service, region)
        case "PutModelInvocationLoggingConfiguration":
            return invocation_logging.put_configuration(service, region, body)
        case _:
            return service.untag_resource(region, body)


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
