"""What goes over the wire: answers, AWS's error shape for each protocol, bodies read safely.

An error must be one botocore parses into the right ``ClientError`` code: ``x-amzn-ErrorType``
and ``{"message"}`` for REST-JSON (Bedrock, Lambda), ``{"__type"}`` for JSON (KMS),
``<ErrorResponse>`` for query (STS, IAM), ``<Response><Errors>`` for EC2 and ``<Error>`` for
REST-XML (S3). A 5xx whose body is empty or starts with ``<html>`` loses its code in botocore,
so errors never look like that.
"""

from __future__ import annotations

import http
import io
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

StartResponse = Callable[..., Any]
WsgiApp = Callable[[StartResponse], Iterable[bytes]]

# Bigger bodies are refused unread: no AWS call the emulator serves needs more.
MAX_BODY = 256 * 1024 * 1024
MAX_BEDROCK_BODY = 10 * 1024 * 1024  # API Gateway's limit, which fronts Bedrock's API


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()

    def send(self, start_response: StartResponse) -> list[bytes]:
        headers = [*self.headers, ("Content-Length", str(len(self.body)))]
        start_response(f"{self.status} {reason(self.status)}", headers)
        return [self.body]


def reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def json_answer(
    status: int, payload: Any, *, error: str | None = None, request_id: str | None = None
) -> Answer:
    headers = [
        ("Content-Type", "application/json"),
        ("x-amzn-RequestId", request_id or str(uuid.uuid4())),
    ]
    if error:
        headers.append(("x-amzn-ErrorType", error))
    return Answer(status, json.dumps(payload).encode(), tuple(headers))


def aws_error(protocol: str, status: int, code: str, message: str) -> Answer:
    """The error ``code`` as a service speaking ``protocol`` sends it."""
    request_id = str(uuid.uuid4())
    code_x, message_x = escape(code), escape(message)
    if protocol == "query":
        side = "Sender" if status < 500 else "Receiver"
        body = (
            "<ErrorResponse><Error>"
            f"<Type>{side}</Type><Code>{code_x}</Code><Message>{message_x}</Message>"
            f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        return _xml(status, body, ())
    if protocol == "ec2":
        body = (
            f"<Response><Errors><Error><Code>{code_x}</Code><Message>{message_x}</Message>"
            f"</Error></Errors><RequestID>{request_id}</RequestID></Response>"
        )
        return _xml(status, body, ())
    if protocol == "rest-xml":
        body = (
            f"<Error><Code>{code_x}</Code><Message>{message_x}</Message>"
            f"<RequestId>{request_id}</RequestId></Error>"
        )
        return _xml(status, body, (("x-amz-request-id", request_id),))
    payload = {"message": message}
    if protocol != "rest-json":
        payload = {"__type": code, "message": message}  # JSON: the code is in the body
    return json_answer(status, payload, error=code, request_id=request_id)


def _xml(status: int, body: str, headers: tuple[tuple[str, str], ...]) -> Answer:
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode()
    return Answer(status, data, (("Content-Type", "text/xml"), *headers))


class BadRequest(Exception):
    """A request refused before it reaches any service, with the error AWS would give."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def buffer_body(environ: dict[str, Any], limit: int = MAX_BODY) -> bytes:
    """Read the request body once, checking its length, and leave it readable again.

    Reading trusts nothing: a negative length would read until the client hangs up, and a
    length no one could send would hold a thread until then.
    """
    if environ.get("wsgi.input_terminated"):  # chunked: the server ends the stream
        try:
            data = environ["wsgi.input"].read(limit + 1)
        except OSError as error:  # werkzeug's word for a broken chunk
            message = f"The chunked body is broken: {error}."
            raise BadRequest(400, "ValidationException", message) from None
        if len(data) > limit:
            raise _too_large(limit)
    else:
        text = str(environ.get("CONTENT_LENGTH") or "").strip()
        if not text:
            length = 0
        elif text.isascii() and text.isdigit():
            length = int(text)
        else:
            raise BadRequest(
                400,
                "ValidationException",
                f"Content-Length must be a whole number of bytes, not {text[:40]!r}.",
            )
        if length > limit:
            raise _too_large(limit)
        data = environ["wsgi.input"].read(length) if length else b""
        if len(data) < length:
            raise BadRequest(
                400, "ValidationException", "The request body ended before its Content-Length."
            )
        environ["CONTENT_LENGTH"] = str(length)
    environ["wsgi.input"] = io.BytesIO(data)
    return bytes(data)


def _too_large(limit: int) -> BadRequest:
    return BadRequest(
        413, "RequestEntityTooLarge", f"The request body is larger than {limit} bytes."
    )


def capture(app: WsgiApp) -> tuple[int, list[tuple[str, str]], bytes]:
    """Run a WSGI application to the end and keep its answer instead of sending it."""
    got: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> Any:
        got["status"], got["headers"] = status, headers
        return lambda data: None

    chunks = app(start_response)
    try:
        body = b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    return int(str(got.get("status", "500")).split()[0]), list(got.get("headers", [])), body
