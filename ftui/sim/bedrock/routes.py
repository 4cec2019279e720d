"""Bedrock's REST-JSON wire protocol for the operations the simulator serves.

Paths and methods are those of botocore's service model; a request that matches none of them
goes on to moto.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ftui.sim.bedrock.service import BedrockService, ServiceError

StartResponse = Callable[[str, list[tuple[str, str]]], Any]

_ROUTES: tuple[tuple[str, re.Pattern[str], str, int], ...] = tuple(
    (method, re.compile(pattern), operation, status)
    for method, pattern, operation, status in (
        ("POST", r"/model-customization-jobs", "create_job", 201),
        ("GET", r"/model-customization-jobs", "list_jobs", 200),
        ("GET", r"/model-customization-jobs/(?P<id>[^/]+)", "get_job", 200),
        ("POST", r"/model-customization-jobs/(?P<id>[^/]+)/stop", "stop_job", 200),
        ("GET", r"/foundation-models", "list_foundation_models", 200),
        ("GET", r"/foundation-models/(?P<id>[^/]+)", "get_foundation_model", 200),
        ("GET", r"/custom-models", "list_custom_models", 200),
        ("GET", r"/custom-models/(?P<id>[^/]+)", "get_custom_model", 200),
        ("POST", r"/listTagsForResource", "list_tags", 200),
        ("POST", r"/tagResource", "tag_resource", 200),
        ("POST", r"/untagResource", "untag_resource", 200),
    )
)
_WITH_BODY = {"create_job", "list_tags", "tag_resource", "untag_resource"}
_HTTP_REASONS = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


def signing_scope(environ: dict[str, Any]) -> tuple[str | None, str | None]:
    """(service, region) from a SigV4 Authorization header."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    found = re.search(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request", auth)
    return (found[2], found[1]) if found else (None, None)


def raw_path(environ: dict[str, Any]) -> str:
    """The path as sent, still percent-encoded, so an ARN's '/' cannot split it."""
    raw = environ.get("REQUEST_URI") or environ.get("RAW_URI")
    if raw:
        return str(raw).split("?", 1)[0]
    return urllib.parse.quote(environ.get("PATH_INFO", ""))


@dataclass(frozen=True)
class Call:
    """One request, parsed: which operation, in which region, with what."""

    operation: str
    status: int
    region: str
    params: dict[str, str]
    query: dict[str, str]


def match(environ: dict[str, Any], region: str) -> Call | None:
    method = environ.get("REQUEST_METHOD", "GET")
    path = raw_path(environ)
    query = {k: v[-1] for k, v in urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).items()}
    for route_method, pattern, operation, status in _ROUTES:
        found = pattern.fullmatch(path)
        if found and route_method == method:
            params = {k: urllib.parse.unquote(v) for k, v in found.groupdict().items()}
            return Call(operation, status, region, params, query)
    return None


def handle(
    service: BedrockService, call: Call, environ: dict[str, Any], start_response: StartResponse
) -> Iterable[bytes]:
    try:
        body = _json_body(environ) if call.operation in _WITH_BODY else {}
        result = _call(service, call, body)
    except ServiceError as error:
        return _respond(start_response, error.status, {"message": error.message}, error.code)
    return _respond(start_response, call.status, result)


def _call(service: BedrockService, call: Call, body: dict[str, Any]) -> dict[str, Any]:
    operation, region, params, query = call.operation, call.region, call.params, call.query
    if operation == "create_job":
        return service.create_job(region, body)
    if operation == "list_jobs":
        return service.list_jobs(region, query)
    if operation == "get_job":
        return service.get_job(region, params["id"])
    if operation == "stop_job":
        return service.stop_job(region, params["id"])
    if operation == "list_foundation_models":
        return service.list_foundation_models(region, query)
    if operation == "get_foundation_model":
        return service.get_foundation_model(region, params["id"])
    if operation == "list_custom_models":
        return service.list_custom_models(region, query)
    if operation == "get_custom_model":
        return service.get_custom_model(region, params["id"])
    if operation == "list_tags":
        return service.list_tags(region, body)
    if operation == "tag_resource":
        return service.tag_resource(region, body)
    return service.untag_resource(region, body)


def _json_body(environ: dict[str, Any]) -> dict[str, Any]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(length) if length else b""
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise ServiceError("ValidationException", "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ServiceError("ValidationException", "The request body must be a JSON object.")
    return body


def _respond(
    start_response: StartResponse, status: int, payload: dict[str, Any], error: str | None = None
) -> list[bytes]:
    data = json.dumps(payload).encode()
    headers = [
        ("Content-Type", "application/json"),
        ("Content-Length", str(len(data))),
        ("x-amzn-RequestId", str(uuid.uuid4())),
    ]
    if error:
        headers.append(("x-amzn-ErrorType", error))
    start_response(f"{status} {_HTTP_REASONS.get(status, 'OK')}", headers)
    return [data]


def respond_json(
    start_response: StartResponse, status: int, payload: dict[str, Any]
) -> list[bytes]:
    return _respond(start_response, status, payload)
