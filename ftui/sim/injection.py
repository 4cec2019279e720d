"""What a fault does to a call: the error AWS sends in each protocol, a wait, a dropped line.

Codes and messages are AWS's for each protocol (:data:`_ERRORS`): REST-JSON Bedrock sends
``ThrottlingException`` where query STS sends ``Throttling`` and S3 ``SlowDown``, so the client
sees what it would see from that service. Waits end early when the fault is cleared.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterable
from typing import Any, NoReturn

from ftui.sim.bedrock.model import ACCOUNT_ID
from ftui.sim.faults import Fault, FaultRegistry
from ftui.sim.operations import AwsRequest
from ftui.sim.wire import Answer, StartResponse, WsgiApp, aws_error, capture

# (status, code, message) by protocol; {op} and {service} are filled in.
_EXPIRED = "The security token included in the request is expired"
_INVALID = "The security token included in the request is invalid."
_SIGNATURE = (
    "The request signature we calculated does not match the signature you provided. Check"
    " your AWS Secret Access Key and signing method. Consult the service documentation for"
    " details."
)
_DENIED = (
    f"User: arn:aws:iam::{ACCOUNT_ID}:user/ftui-sim is not authorized to perform:"
    " {service}:{op} because no identity-based policy allows the {service}:{op} action"
)
_ERRORS: dict[str, dict[str, tuple[int, str, str]]] = {
    "throttle": {
        "rest-json": (429, "ThrottlingException", "Too many requests, please wait."),
        "json": (400, "ThrottlingException", "Rate exceeded"),
        "query": (400, "Throttling", "Rate exceeded"),
        "ec2": (503, "RequestLimitExceeded", "Request limit exceeded."),
        "rest-xml": (503, "SlowDown", "Please reduce your request rate."),
    },
    "5xx=500": {
        "rest-json": (500, "InternalServerException", "Internal server error"),
        "json": (500, "InternalFailure", "The request processing has failed."),
        "query": (500, "InternalFailure", "The request processing has failed."),
        "ec2": (500, "InternalError", "An internal error has occurred."),
        "rest-xml": (500, "InternalError", "We encountered an internal error. Please try again."),
    },
    "5xx=503": {
        "rest-json": (503, "ServiceUnavailableException", "Service Unavailable"),
        "json": (503, "ServiceUnavailable", "Service Unavailable"),
        "query": (503, "ServiceUnavailable", "Service Unavailable"),
        "ec2": (503, "Unavailable", "The server is overloaded and cannot handle the request."),
        "rest-xml": (503, "ServiceUnavailable", "Service is unable to handle request."),
    },
    "expired-credentials": {
        "rest-json": (403, "ExpiredTokenException", _EXPIRED),
        "json": (400, "ExpiredTokenException", _EXPIRED),
        "query": (403, "ExpiredToken", _EXPIRED),
        "ec2": (400, "RequestExpired", "Request has expired."),
        "rest-xml": (400, "ExpiredToken", "The provided token has expired."),
    },
    "invalid-credentials": {
        "rest-json": (403, "UnrecognizedClientException", _INVALID),
        "json": (400, "UnrecognizedClientException", _INVALID),
        "query": (403, "InvalidClientTokenId", _INVALID),
        "ec2": (401, "AuthFailure", "AWS was not able to validate the provided credentials."),
        "rest-xml": (
            403,
            "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.",
        ),
    },
    "bad-signature": {
        "rest-json": (403, "InvalidSignatureException", _SIGNATURE),
        "json": (400, "InvalidSignatureException", _SIGNATURE),
        "query": (403, "SignatureDoesNotMatch", _SIGNATURE),
        "ec2": (403, "SignatureDoesNotMatch", _SIGNATURE),
        "rest-xml": (403, "SignatureDoesNotMatch", _SIGNATURE),
    },
    "access-denied": {
        "rest-json": (403, "AccessDeniedException", _DENIED),
        "json": (400, "AccessDeniedException", _DENIED),
        "query": (403, "AccessDenied", _DENIED),
        "ec2": (403, "UnauthorizedOperation", "You are not authorized to perform this operation."),
        "rest-xml": (403, "AccessDenied", "Access Denied"),
    },
}
# Where a service's code differs from its protocol's.
_SERVICE_ERRORS = {
    ("lambda", "throttle"): (429, "TooManyRequestsException", "Rate exceeded"),
    ("lambda", "5xx=500"): (500, "ServiceException", "The Lambda service encountered an error."),
}
# A captive portal's page, as real ones are: HTML, not XML (the <meta> is never closed).
_HTML_PAGE = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Network login</title></head>'
    b"<body><h1>Sign in to continue</h1>"
    b"<p>This network requires you to sign in before you can reach the internet.</p>"
    b"</body></html>\n"
)


class Dropped(ConnectionAbortedError):
    """The connection was closed on purpose; the server forgets the request quietly."""


def error_for(fault: Fault, request: AwsRequest) -> Answer:
    key = f"5xx={fault.value or '500'}" if fault.kind == "5xx" else fault.kind
    protocol = request.protocol if request.protocol in _ERRORS[key] else "rest-json"
    status, code, message = _SERVICE_ERRORS.get(
        (request.service or "", key), _ERRORS[key][protocol]
    )
    message = message.format(service=request.service or "aws", op=request.operation or "*")
    return aws_error(protocol, status, code, message)


def apply_fault(
    fault: Fault,
    request: AwsRequest,
    *,
    registry: FaultRegistry,
    environ: dict[str, Any],
    start_response: StartResponse,
    serve: WsgiApp,
) -> Iterable[bytes]:
    """Answer ``request`` as ``fault`` says; ``serve`` answers it for real."""
    kind = fault.kind
    if kind == "slow":
        registry.hold(fault)
        return serve(start_response)
    if kind == "timeout":
        registry.hold(fault)
        drop(environ)
    if kind == "drop":
        if fault.value == "after":
            capture(serve)
        drop(environ)
    if kind == "malformed":
        if fault.value == "empty":
            return Answer(200, b"{}", (("Content-Type", "application/json"),)).send(start_response)
        if fault.value == "truncated":
            status, headers, body = capture(serve)
            kept = tuple((k, v) for k, v in headers if k.lower() != "content-length")
            return Answer(status, body[: len(body) // 2], kept).send(start_response)
        return Answer(200, _HTML_PAGE, (("Content-Type", "text/html"),)).send(start_response)
    return error_for(fault, request).send(start_response)


def drop(environ: dict[str, Any]) -> NoReturn:
    """Close the client's connection without a word."""
    connection = environ.get("werkzeug.socket")
    if connection is not None:
        with contextlib.suppress(OSError):  # the client may have left already
            connection.shutdown(socket.SHUT_RDWR)
    raise Dropped("connection dropped by a fault")
