"""One loopback endpoint for every AWS API ftui uses: our Bedrock in front of moto.

A request signed for ``bedrock`` whose path is one of the customization operations goes to
:class:`~ftui.sim.bedrock.service.BedrockService`; everything else (S3, IAM, EC2, KMS, STS,
Lambda, and Bedrock operations we do not simulate) goes to moto's own server application,
used as moto's ``ThreadedMotoServer`` uses it.

``/_ftui/health`` answers a readiness probe and ``/_ftui/advance?seconds=N`` moves simulated
time, for scenario scripts.

Every response's ``Date`` header is simulated time, as AWS's is its own: clients take "now" from
it, so elapsed times agree with the job times this emulator writes.
"""

from __future__ import annotations

import logging
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterable
from datetime import UTC
from email.utils import format_datetime
from typing import Any

from ftui.sim.bedrock import routes
from ftui.sim.bedrock.account import AccountView
from ftui.sim.bedrock.service import BedrockService
from ftui.sim.clock import Clock, ManualClock, ScaledClock

DUMMY_ACCESS_KEY = "ftui-sim"
DUMMY_SECRET_KEY = "ftui-sim-secret"
DEFAULT_REGION = "us-east-1"
TICK_SECONDS = 1.0


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
    ) -> None:
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
            def date_time_string(self, timestamp: float | None = None) -> str:
                """The ``Date`` header http.server writes into every response, ours and moto's
                alike (neither application sets one of its own)."""
                return format_datetime(sim_clock.now().astimezone(UTC), usegmt=True)

        self._moto = DomainDispatcherApplication(create_backend_app)
        self._server = make_server(
            host, port, self._app, threaded=True, request_handler=RequestHandler
        )
        self.account = AccountView(self.endpoint_url)
        self.bedrock = BedrockService(self.clock, self.account, seed=seed)
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self, region: str = DEFAULT_REGION) -> dict[str, str]:
        """What a process needs to use this endpoint as AWS."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": DUMMY_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": DUMMY_SECRET_KEY,
            "AWS_DEFAULT_REGION": region,
            "AWS_REGION": region,
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def start(self) -> SimServer:
        """Serve, starting from an empty account.

        moto keeps its state per process, so one emulator runs in a process at a time.
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
        return self

    def _moto_reset(self) -> None:
        """Empty moto's account through its public reset endpoint."""
        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=30):
            pass

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def advance(self, seconds: float) -> None:
        """Move simulated time on and run what falls due (a manual or a scaled clock)."""
        clock = self.clock
        if isinstance(clock, ManualClock | ScaledClock):
            clock.advance(seconds)
        self.bedrock.advance()

    def _tick(self) -> None:
        """Jobs progress (and write their metrics) even while nobody asks about them."""
        while not self._stopping.wait(TICK_SECONDS):
            try:
                self.bedrock.advance()
            except Exception:
                # Keep ticking; the next request reports the problem. Nothing goes to stderr:
                # under --demo that is the terminal the app draws on.
                logging.getLogger(__name__).debug("advancing simulated jobs failed", exc_info=True)

    # --- WSGI -------------------------------------------------------------------------------

    def _app(
        self, environ: dict[str, Any], start_response: routes.StartResponse
    ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_ftui/"):
            return self._control(path, environ, start_response)
        service, region = routes.signing_scope(environ)
        if service == "bedrock":
            call = routes.match(environ, region or DEFAULT_REGION)
            if call is not None:
                return routes.handle(self.bedrock, call, environ, start_response)
        result: Iterable[bytes] = self._moto(environ, start_response)
        return result

    def _control(
        self, path: str, environ: dict[str, Any], start_response: routes.StartResponse
    ) -> list[bytes]:
        if path == "/_ftui/advance" and environ.get("REQUEST_METHOD") == "POST":
            query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
            try:
                seconds = float(query.get("seconds", ["0"])[0])
            except ValueError:
                return routes.respond_json(start_response, 400, {"message": "seconds: a number"})
            self.advance(seconds)
        return routes.respond_json(
            start_response, 200, {"ok": True, "now": self.clock.now().isoformat()}
        )
