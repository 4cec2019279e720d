"""A scripted HTTP endpoint: answers each AWS operation exactly as a test says, and counts.

For answers no real AWS (nor the emulator) would give: HTML pages, empty bodies, missing
members. ``answers`` maps an operation name to (status, content type, body), or to ``HANG``.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANG = (0, "", b"")
ACCOUNT = "123456789012"
STS_OK = (
    200,
    "text/xml",
    (
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
        f"<GetCallerIdentityResult><Arn>arn:aws:iam::{ACCOUNT}:user/t</Arn><UserId>T</UserId>"
        f"<Account>{ACCOUNT}</Account></GetCallerIdentityResult>"
        "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
        "</GetCallerIdentityResponse>"
    ).encode(),
)
HTML_PAGE = (200, "text/html", b"<html><body>Sign in to the Wi-Fi</body></html>")
NOT_FOUND = (
    404,
    "application/json",
    b'{"message":"Could not find job"}',
)


def _operation(method: str, path: str, body: bytes) -> str:
    if path.startswith("/model-customization-jobs/") and path.endswith("/stop"):
        return "StopModelCustomizationJob"
    if path.startswith("/model-customization-jobs/"):
        return "GetModelCustomizationJob"
    if path.startswith("/model-customization-jobs"):
        return "CreateModelCustomizationJob" if method == "POST" else "ListModelCustomizationJobs"
    form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
    return form.get("Action", ["Unknown"])[0]


@dataclass
class FakeEndpoint:
    url: str
    answers: dict[str, tuple[int, str, bytes]]
    received: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


@contextmanager
def fake_endpoint(answers: dict[str, tuple[int, str, bytes]]) -> Iterator[FakeEndpoint]:
    endpoint = FakeEndpoint("", dict(answers))

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            operation = _operation(self.command, urllib.parse.urlsplit(self.path).path, body)
            endpoint.received.append(operation)
            answer = endpoint.answers.get(operation, (500, "text/plain", b"not scripted"))
            if answer is HANG:
                endpoint.release.wait(30)
                return
            status, kind, payload = answer
            self.send_response(status)
            if kind:
                self.send_header("Content-Type", kind)
            if status == 404:
                self.send_header("x-amzn-ErrorType", "ResourceNotFoundException")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _answer

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    endpoint.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.release.set()
        server.shutdown()
        server.server_close()
