"""One loopback endpoint for every AWS API ftui uses: our Bedrock in front of moto.

Each request (one thread each) is read whole and identified (:mod:`ftui.sim.operations`),
logged in :attr:`SimServer.calls`, given a fault if one is active (:mod:`ftui.sim.faults`), and
answered: a ``bedrock`` call by :mod:`ftui.sim.bedrock.routes`, a ``bedrock-runtime`` one
(Converse; signed for ``bedrock`` too) by :mod:`ftui.sim.runtime.routes`, any other (S3, IAM,
EC2, KMS, STS, Lambda) by moto's own server application, used as moto's
``ThreadedMotoServer`` uses it. ``/_ftui/*`` are the emulator's own endpoints
(:mod:`ftui.sim.control`): health, time, faults and the call log.

Nothing a client sends can break it for good: a request it cannot read (a bad Content-Length,
an Authorization header that is not SigV4, a body that is not what the operation takes) gets
the error AWS would send, in the service's protocol, and changes nothing; a failure inside moto
or our layer is an AWS-shaped 5xx, not an HTML page.

Every response's ``Date`` header is simulated time, as AWS's is its own: clients take "now" from
it, so elapsed times agree with the job times this emulator writes.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from ftui.sim.background import REGION, environment
from ftui.sim.bedrock import routes
from ftui.sim.bedrock.account import INTERNAL_ACCESS_KEY, AccountView
from ftui.sim.bedrock.service import BedrockService
from ftui.sim.clock import Clock, ManualClock, ScaledClock, check_advance
from ftui.sim.control import CallLog, control, is_control
from ftui.sim.faults import FaultRegistry, parse_fault
from ftui.sim.gate import ServiceGate
from ftui.sim.injection import apply_fault
from ftui.sim.operations import (
    AwsRequest,
    identify,
    known_operation,
    signing_scope,
)
from ftui.sim.runtime import routes as runtime_routes
from ftui.sim.runtime.routes import Pacing
from ftui.sim.runtime.service import SimRuntime
from ftui.sim.wire import (
    MAX_BEDROCK_BODY,
    MAX_BODY,
    Answer,
    BadRequest,
    StartResponse,
    aws_error,
    buffer_body,
)

TICK_SECONDS = 1.0
# A client silent this long mid-request (a body shorter than its Content-Length) is gone.
SOCKET_TIMEOUT = 30.0

_log = logging.getLogger(__name__)


class SimServer:
    """The emulator. ``start()`` serves on 127.0.0.1 in background threads; ``stop()`` ends it."""

    def __init__(
        self,
        *,
        port: int = 0,
        speed: float = 1.0,
        clock: Clock | None = None,
        seed: int = 0,
        host: str = "127.0.0.1",
        fd: int | None = None,
    ) -> None:
        """``fd``: a socket already listening (``ftui --demo`` binds it before the emulator
        starts, so the app knows where AWS is and its first calls wait in the backlog)."""
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )
        from werkzeug.serving import make_server

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.clock: Clock = clock or ScaledClock(speed)
        sim_clock = self.clock

        class RequestHandler(MotoRequestHandler):
            timeout = SOCKET_TIMEOUT

            def send_error(
                self, code: int, message: str | None = None, explain: str | None = None
            ) -> None:
                """http.server's own refusals (a request line or headers it cannot read) in
                JSON, like every other error here, instead of its HTML page."""
                reason = self.responses.get(code, ("Error", ""))[0]
                body = json.dumps({"message": message or reason}).encode()
                self.close_connection = True
                if self.request_version == "HTTP/0.9":  # what it says of an unreadable line
                    self.request_version = "HTTP/1.0"  # so the status line and headers are sent
                self.send_response(code, reason)
                self.send_header("Content-Type", "application/json")
                self.send_header("Connection", "close")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD" and code >= 200 and code not in (204, 304):
                    self.wfile.write(body)

            def date_time_string(self, timestamp: float | None = None) -> str:
                """The ``Date`` header http.server writes into every response, ours and moto's
                alike (neither application sets one of its own)."""
                return format_datetime(sim_clock.now().astimezone(UTC), usegmt=True)

        self._moto = DomainDispatcherApplication(create_backend_app)
        self._server = make_server(
            host, port, self._app, threaded=True, request_handler=RequestHandler, fd=fd
        )
        self.account = AccountView(self.endpoint_url)
        self.bedrock = BedrockService(self.clock, self.account, seed=seed)
        self.runtime = SimRuntime(self.bedrock)
        # Real time between streamed chunks, so a terminal visibly streams; tests set NO_PACING.
        self.stream_pacing = Pacing()
        self.faults = FaultRegistry(seed)
        self.calls = CallLog()
        # Open unless the world is seeded while clients call (``ftui --demo``): then a call
        # waits until its service's part of the account is made.
        self.gate = ServiceGate()
        self._ready = threading.Event()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self, region: str = REGION) -> dict[str, str]:
        """What a process needs to use this endpoint as AWS."""
        return environment(self.endpoint_url, region)

    def start(self, *, ready: bool = True) -> SimServer:
        """Serve, starting from an empty account.

        ``ready=False`` when the account is still to be made (seeded): ``/_ftui/health``
        answers 503 until :meth:`mark_ready`. moto keeps its state per process, so one
        emulator runs in a process at a time.
        """
        serve = threading.Thread(
            target=self._server.serve_forever, args=(0.1,), name="ftui-sim", daemon=True
        )
        serve.start()
        self._threads.append(serve)
        self._moto_reset()
        if not isinstance(self.clock, ManualClock):
            tick = threading.Thread(target=self._tick, name="ftui-sim-clock", daemon=True)
            tick.start()
            self._threads.append(tick)
        if ready:
            self.mark_ready()
        return self

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def mark_ready(self) -> None:
        """The account is made: health checks may now say so."""
        self._ready.set()

    def wait_ready(self, timeout: float = 30.0) -> bool:
        """Whether ``/_ftui/health`` said ready, over HTTP as a client asks, within ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.endpoint_url}/_ftui/health", timeout=5):
                    return True
            except (urllib.error.URLError, OSError):
                if time.monotonic() >= deadline:
                    return False
            time.sleep(0.05)

    def _moto_reset(self) -> None:
        """Empty moto's account through its public reset endpoint."""
        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=30):
            pass

    def stop(self) -> None:
        self._stopping.set()
        self.faults.clear()  # release the calls a fault holds
        self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def now(self) -> datetime:
        return self.clock.now()

    def advance(self, seconds: float) -> None:
        """Move simulated time on and run what falls due (a manual or a scaled clock).

        ValueError for a step that is not finite, negative or longer than ten years; time
        stays where it was.
        """
        check_advance(seconds)
        clock = self.clock
        if isinstance(clock, ManualClock | ScaledClock):
            clock.advance(seconds)
        self.bedrock.advance()

    @contextmanager
    def fault(self, *specs: str) -> Iterator[None]:
        """Faults on (``ftui sim --fault`` SPECs) for the duration of a ``with`` block."""
        faults = [parse_fault(spec) for spec in specs]
        self.faults.add(faults)
        try:
            yield
        finally:
            self.faults.remove(faults)

    def _tick(self) -> None:
        """Jobs progress (and write their metrics) even while nobody asks about them."""
        while not self._stopping.wait(TICK_SECONDS):
            try:
                self.bedrock.advance()
            except Exception:
                # Keep ticking; the next request reports the problem. Nothing goes to stderr:
                # under --demo that is the terminal the app draws on.
                _log.debug("advancing simulated jobs failed", exc_info=True)

    # --- WSGI -------------------------------------------------------------------------------

    def _app(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if is_control(path):
            return control(self, environ, start_response)
        if path.startswith("/moto-api") or path == "/favicon.ico":
            result: Iterable[bytes] = self._moto(environ, start_response)
            return result
        return self._aws(environ, start_response)

    def _aws(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        scope = signing_scope(environ)
        limit = MAX_BEDROCK_BODY if scope.service == "bedrock" else MAX_BODY
        refusal: BadRequest | None = None
        try:
            body = buffer_body(environ, limit)
        except BadRequest as error:
            body, refusal = b"", error
        request = identify(environ, scope, body)
        internal = scope.access_key == INTERNAL_ACCESS_KEY  # our Bedrock reading S3, seeding
        if not internal:
            self.calls.record(request)
        if refusal is None and scope.malformed:
            auth = str(environ.get("HTTP_AUTHORIZATION", ""))[:60]
            refusal = BadRequest(
                403,
                "IncompleteSignatureException",
                "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'"
                f" parameters (AWS Signature Version 4). Authorization={auth}",
            )
        if refusal is not None:
            answer = aws_error(request.protocol, refusal.status, refusal.code, refusal.message)
            return answer.send(start_response)
        if not internal:
            self.gate.wait(request.service or "")
        serve = functools.partial(self._serve, request, body, environ)
        fault = None if internal else self.faults.take(request)
        if fault is not None:
            return apply_fault(
                fault,
                request,
                registry=self.faults,
                environ=environ,
                start_response=start_response,
                serve=serve,
            )
        served = serve(start_response)
        if not internal:
            self.gate.answered(request.service or "")
        return served

    def _serve(
        self,
        request: AwsRequest,
        body: bytes,
        environ: dict[str, Any],
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        if request.service == "bedrock":
            return routes.handle(self.bedrock, request, body, start_response)
        if request.service == "bedrock-runtime":
            return runtime_routes.handle(
                self.runtime, request, body, start_response, self.stream_pacing
            )
        named = request.protocol in ("query", "ec2", "json")  # the request names its operation
        if named and not known_operation(request.service, request.operation):
            return _unknown(request).send(start_response)
        return self._moto_answer(request, environ, start_response)

    def _moto_answer(
        self, request: AwsRequest, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        """moto's answer; a crash or an HTML error page of moto's becomes an AWS error."""
        got: dict[str, Any] = {}

        def deferred(status: str, headers: list[tuple[str, str]], *_: Any) -> Any:
            got["status"], got["headers"] = status, headers
            return lambda data: None

        what = _what(request)
        try:
            chunks: Iterable[bytes] = self._moto(environ, deferred)
        except NotImplementedError:
            return _unknown(request).send(start_response)
        except Exception:
            _log.debug("moto failed on %s", what, exc_info=True)
            return aws_error(
                request.protocol, 500, "InternalFailure", f"The emulator failed on {what}."
            ).send(start_response)
        status = int(str(got.get("status", "500")).split()[0])
        headers = list(got.get("headers", []))
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        # A HEAD answer has no body, on AWS as from moto: its status is the whole answer
        # (S3's HeadObject of a missing key is a bare 404), whatever type moto labels it.
        if status >= 400 and str(kind).startswith("text/html") and request.method != "HEAD":
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
            if status in (404, 405):
                return _unknown(request).send(start_response)
            return aws_error(
                request.protocol, status, "InternalFailure", f"The emulator failed on {what}."
            ).send(start_response)
        start_response(got["status"], headers)
        return chunks


def _what(request: AwsRequest) -> str:
    if request.operation is None:
        return f"{request.method} {request.path[:200]} ({request.service or 'unsigned'})"
    return f"{request.service}:{request.operation[:100]}"


def _unknown(request: AwsRequest) -> Answer:
    """An operation the service has and moto does not do, or one no service has."""
    protocol, what = request.protocol, _what(request)
    if known_operation(request.service, request.operation):
        message = f"The emulator does not implement {what}."
        return aws_error(protocol, 501, "NotImplemented", message)
    if protocol in ("query", "ec2"):
        return aws_error(protocol, 400, "InvalidAction", f"The action {what} is not valid.")
    status = 400 if protocol == "json" else 404
    return aws_error(protocol, status, "UnknownOperationException", f"There is no {what}.")
