"""Which AWS call a request is: service, region and operation, whatever its protocol.

The service and region come from the SigV4 credential scope (the ``Authorization`` header or a
presigned URL's ``X-Amz-Credential``). The operation comes from where each protocol puts it:
the ``Action`` parameter (query and EC2: STS, IAM, EC2), the ``X-Amz-Target`` header (JSON:
KMS), or the method and path matched against botocore's service model (REST: Bedrock, S3,
Lambda). Fault matching and the call log use this; so does our Bedrock layer, to route.

Bedrock's runtime (Converse, InvokeModel ...) is signed for ``bedrock`` too, as the control plane
is: a ``bedrock`` request whose path is none of the control plane's but one of
``bedrock-runtime``'s is a ``bedrock-runtime`` call, and is logged and faulted as one.
"""

from __future__ import annotations

import functools
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

DEFAULT_REGION = "us-east-1"
# Signing names shared by more than one service: the one whose routes a request's path matches
# first is the service it calls.
_SHARED_SIGNING = {"bedrock": ("bedrock", "bedrock-runtime")}
# The services the emulator serves, so answering them never needs a service model loaded.
PROTOCOLS = {
    "bedrock": "rest-json",
    "bedrock-runtime": "rest-json",
    "lambda": "rest-json",
    "s3": "rest-xml",
    "sts": "query",
    "iam": "query",
    "ec2": "ec2",
    "kms": "json",
}

_NAME = r"[a-z0-9-]{1,64}"  # a region or a signing name, as AWS spells them
_SIGV4 = re.compile(
    rf"AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)/\d{{8}}/({_NAME})/({_NAME})/aws4_request\s*,"
    r".*\bSignature=[0-9a-fA-F]+"
)
_PRESIGNED = re.compile(rf"([^/]+)/\d{{8}}/({_NAME})/({_NAME})/aws4_request")
_SIGV2 = re.compile(r"AWS ([^:\s]+):\S+")  # S3's old scheme; boto3 may still send it


@dataclass(frozen=True)
class Scope:
    """Who a request is signed for. ``malformed`` when its Authorization header is not SigV4."""

    service: str | None
    region: str | None
    malformed: bool = False
    access_key: str | None = None


@dataclass(frozen=True)
class AwsRequest:
    """One AWS call as the emulator received it."""

    service: str | None
    region: str
    operation: str | None
    method: str
    path: str  # as sent, still percent-encoded
    params: dict[str, str] = field(default_factory=dict)  # REST path labels, decoded
    query: dict[str, str] = field(default_factory=dict)

    @property
    def protocol(self) -> str:
        return protocol_of(self.service)


def signing_scope(environ: dict[str, Any]) -> Scope:
    auth = str(environ.get("HTTP_AUTHORIZATION", "")).strip()
    if auth:
        found = _SIGV4.match(auth)
        if found:
            return Scope(found[3], found[2], access_key=found[1])
        found = _SIGV2.fullmatch(auth)
        if found:
            return Scope("s3", None, access_key=found[1])
        return Scope(None, None, malformed=True)
    query = urllib.parse.parse_qs(str(environ.get("QUERY_STRING", "")))
    credential = query.get("X-Amz-Credential", [""])[-1]
    found = _PRESIGNED.fullmatch(credential)
    return Scope(found[3], found[2], access_key=found[1]) if found else Scope(None, None)


def raw_path(environ: dict[str, Any]) -> str:
    """The path as sent, still percent-encoded, so an ARN's '/' cannot split it."""
    raw = environ.get("REQUEST_URI") or environ.get("RAW_URI")
    if raw:
        path = str(raw).split("?", 1)[0]
        if "://" in path:  # an absolute URI, as a proxy is sent
            path = "/" + path.split("://", 1)[1].partition("/")[2]
        return path
    return urllib.parse.quote(str(environ.get("PATH_INFO", "")))


def identify(environ: dict[str, Any], scope: Scope, body: bytes) -> AwsRequest:
    """The call ``environ`` makes. Never raises: what cannot be known is ``None``."""
    method = str(environ.get("REQUEST_METHOD", "GET"))
    path = raw_path(environ)
    query = {
        k: v[-1]
        for k, v in urllib.parse.parse_qs(
            str(environ.get("QUERY_STRING", "")), keep_blank_values=True
        ).items()
    }
    service = scope.service
    region = scope.region or DEFAULT_REGION
    protocol = protocol_of(service)
    operation: str | None = None
    params: dict[str, str] = {}
    if protocol in ("query", "ec2") or service is None:
        operation = query.get("Action") or _form(environ, body).get("Action")
    elif protocol == "json":
        target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
        operation = target.rpartition(".")[2] or None
    elif service is not None:
        headers = {k[5:].replace("_", "-").lower() for k in environ if k.startswith("HTTP_")}
        for candidate in _SHARED_SIGNING.get(service, (service,)):
            found = rest_operation(candidate, method, path, query, headers)
            if found is not None:
                service, (operation, params) = candidate, found
                break
    if operation is not None:
        operation = operation[:128]  # a client's word for it: the log keeps no megabyte names
    return AwsRequest(service, region, operation, method, path, params, query)


def _form(environ: dict[str, Any], body: bytes) -> dict[str, str]:
    if not str(environ.get("CONTENT_TYPE", "")).startswith("application/x-www-form-urlencoded"):
        return {}
    try:
        text = body.decode()
    except UnicodeDecodeError:
        return {}
    return {k: v[-1] for k, v in urllib.parse.parse_qs(text).items()}


# --- protocols and service models ---------------------------------------------------------------

_models_lock = threading.Lock()


@functools.lru_cache(maxsize=64)
def service_model(service: str) -> Any:
    """botocore's model of ``service`` (by signing name), or ``None`` for one it does not know."""
    import botocore.loaders
    import botocore.model

    with _models_lock:
        try:
            data = botocore.loaders.create_loader().load_service_model(service, "service-2")
        except Exception:  # an unknown name; botocore's errors for it vary by version
            return None
        return botocore.model.ServiceModel(data, service_name=service)


def known_operation(service: str | None, operation: str | None) -> bool:
    """Whether ``service`` has ``operation``, as far as botocore knows."""
    model = service_model(service) if service and operation else None
    return model is not None and operation in model.operation_names


def protocol_of(service: str | None) -> str:
    """The wire protocol of ``service``; JSON where it cannot be known."""
    if service in PROTOCOLS:
        return PROTOCOLS[service]
    model = service_model(service) if service else None
    return str(model.protocol) if model is not None else "rest-json"


@dataclass(frozen=True)
class _Route:
    operation: str
    method: str
    pattern: re.Pattern[str]
    literal_query: dict[str, str | None]
    required_query: frozenset[str]
    required_headers: frozenset[str]
    literal_length: int

    def needs(self) -> int:
        return len(self.literal_query) + len(self.required_query) + len(self.required_headers)


def _label(found: re.Match[str]) -> str:
    name, greedy = found[1], found[2]
    return f"(?P<{re.sub(r'[^A-Za-z0-9_]', '_', name)}>{'.+' if greedy else '[^/]+'})"


def _route(name: str, operation: Any) -> _Route:
    uri = str(operation.http.get("requestUri", "/"))
    template, _, literal = uri.partition("?")
    parts = re.split(r"(\{[^}]+\})", template)
    regex = ""
    for part in parts:
        label = re.fullmatch(r"\{([^}+]+)(\+?)\}", part)
        regex += _label(label) if label else re.escape(part)
    literal_query: dict[str, str | None] = {}
    for item in filter(None, literal.split("&")):
        key, eq, value = item.partition("=")
        if key != "x-id":  # botocore sends it; older clients do not
            literal_query[key] = value if eq else None
    shape = operation.input_shape
    required: dict[str, set[str]] = {"querystring": set(), "header": set()}
    for member in shape.required_members if shape is not None else ():
        serialization = shape.members[member].serialization
        where = serialization.get("location")
        if where in required:
            required[where].add(str(serialization.get("name", member)))
    return _Route(
        name,
        str(operation.http.get("method", "POST")),
        re.compile(regex.rstrip("/") + "/?"),
        literal_query,
        frozenset(required["querystring"]),
        frozenset(h.lower() for h in required["header"]),
        sum(len(p) for p in parts if not p.startswith("{")),
    )


@functools.lru_cache(maxsize=64)
def _routes(service: str) -> tuple[_Route, ...]:
    model = service_model(service)
    if model is None:
        return ()
    routes = [_route(name, model.operation_model(name)) for name in model.operation_names]
    # The most specific first: S3 tells ListObjectsV2 from ListObjects by ``?list-type=2``.
    routes.sort(key=lambda r: (-r.needs(), -r.literal_length))
    return tuple(routes)


def rest_operation(
    service: str,
    method: str,
    path: str,
    query: dict[str, str],
    headers: set[str] | frozenset[str] = frozenset(),
) -> tuple[str, dict[str, str]] | None:
    """(operation, its path labels decoded) for a REST request, from botocore's model."""
    for route in _routes(service):
        if route.method != method:
            continue
        found = route.pattern.fullmatch(path)
        if found is None:
            continue
        if any(
            key not in query or (value is not None and query[key] != value)
            for key, value in route.literal_query.items()
        ):
            continue
        if not route.required_query <= query.keys() or not route.required_headers <= headers:
            continue
        params = {k: urllib.parse.unquote(v) for k, v in found.groupdict().items()}
        return route.operation, params
    return None
