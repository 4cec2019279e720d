"""The emulator's own endpoints, under ``/_ftui/``, for tests and scenario scripts.

All answer JSON; errors are ``{"ok": false, "message": ...}`` with a 4xx status.

- ``GET /_ftui/health``: 200 ``{"ok": true, "ready": true, "now": ISO}`` once the account is
  ready (seeded, with ``--seed`` or the demo); 503 ``{"ok": false, "ready": false}`` before.
- ``POST /_ftui/advance?seconds=N``: move simulated time on; 400 for a step that is not a
  finite number from 0 to ten years, and time stays where it was.
- ``GET /_ftui/faults``, ``POST /_ftui/faults``, ``DELETE /_ftui/faults``: see
  :mod:`ftui.sim.faults`; each answers ``{"faults": [{"spec", "kind", "value", "service",
  "operation", "count", "probability"}, ...]}``, the faults active after it.
- ``GET /_ftui/calls``: ``{"calls": [{"service", "operation", "region"}, ...], "dropped": N}``,
  the AWS calls received since start or the last ``DELETE /_ftui/calls``, oldest first; only
  the last :data:`MAX_CALLS` are kept, ``dropped`` counts the ones forgotten. ``service`` or
  ``operation`` is ``null`` where a request does not say (unsigned, or not an AWS call).
  Refused and faulted calls are in it; the emulator's calls to itself (its Bedrock reading S3,
  seeding the demo world) are not.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from ftui.sim.faults import FaultRegistry, FaultSpecError, fault_from_json
from ftui.sim.operations import AwsRequest
from ftui.sim.wire import Answer, BadRequest, StartResponse, buffer_body, json_answer

MAX_CALLS = 10_000
_MAX_CONTROL_BODY = 64 * 1024


class CallLog:
    """The AWS calls received, oldest first, the last :data:`MAX_CALLS` of them."""

    def __init__(self, size: int = MAX_CALLS) -> None:
        self._calls: deque[tuple[str | None, str | None, str]] = deque(maxlen=size)
        self._dropped = 0
        self._lock = threading.Lock()

    def record(self, request: AwsRequest) -> None:
        with self._lock:
            if len(self._calls) == self._calls.maxlen:
                self._dropped += 1
            self._calls.append((request.service, request.operation, request.region))

    def entries(self) -> list[dict[str, str | None]]:
        with self._lock:
            calls = list(self._calls)
        return [{"service": s, "operation": o, "region": r} for s, o, r in calls]

    @property
    def dropped(self) -> int:
        return self._dropped

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()
            self._dropped = 0


class Emulator(Protocol):
    """What the control endpoints need of the server."""

    faults: FaultRegistry
    calls: CallLog

    @property
    def ready(self) -> bool: ...

    def now(self) -> datetime: ...

    def advance(self, seconds: float) -> None: ...


Endpoint = Callable[[Emulator, dict[str, Any]], Answer]


def _error(status: int, message: str) -> Answer:
    return json_answer(status, {"ok": False, "message": message})


def _health(sim: Emulator, environ: dict[str, Any]) -> Answer:
    ready = sim.ready
    return json_answer(
        200 if ready else 503, {"ok": ready, "ready": ready, "now": sim.now().isoformat()}
    )


def _advance(sim: Emulator, environ: dict[str, Any]) -> Answer:
    query = urllib.parse.parse_qs(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)
    if "seconds" not in query:
        return _error(400, "seconds is missing: POST /_ftui/advance?seconds=3600")
    text = query["seconds"][-1]
    try:
        seconds = float(text)
    except ValueError:
        return _error(400, f"seconds must be a number, not {text[:40]!r}")
    try:
        sim.advance(seconds)
    except ValueError as error:
        return _error(400, str(error))
    return json_answer(200, {"ok": True, "now": sim.now().isoformat()})


def _faults(sim: Emulator) -> Answer:
    return json_answer(200, {"faults": [f.as_json() for f in sim.faults.active()]})


def _list_faults(sim: Emulator, environ: dict[str, Any]) -> Answer:
    return _faults(sim)


def _add_faults(sim: Emulator, environ: dict[str, Any]) -> Answer:
    try:
        raw = buffer_body(environ, _MAX_CONTROL_BODY)
        body = json.loads(raw or b"null")
    except BadRequest as error:
        return _error(error.status, error.message)
    except (ValueError, RecursionError):
        return _error(400, 'the body must be JSON: {"faults": [SPEC, ...], "replace": false}')
    if not isinstance(body, dict) or not isinstance(body.get("faults"), list):
        return _error(400, 'the body must be {"faults": [SPEC, ...], "replace": false}')
    replace_all = body.get("replace", False)
    if not isinstance(replace_all, bool):
        return _error(400, "replace must be true or false")
    try:
        faults = [fault_from_json(item) for item in body["faults"]]
    except FaultSpecError as error:
        return _error(400, str(error))
    sim.faults.add(faults, replace_all=replace_all)
    return _faults(sim)


def _clear_faults(sim: Emulator, environ: dict[str, Any]) -> Answer:
    sim.faults.clear()
    return _faults(sim)


def _calls(sim: Emulator) -> Answer:
    return json_answer(200, {"calls": sim.calls.entries(), "dropped": sim.calls.dropped})


def _list_calls(sim: Emulator, environ: dict[str, Any]) -> Answer:
    return _calls(sim)


def _clear_calls(sim: Emulator, environ: dict[str, Any]) -> Answer:
    sim.calls.clear()
    return _calls(sim)


ENDPOINTS: dict[str, dict[str, Endpoint]] = {
    "/_ftui/health": {"GET": _health, "HEAD": _health},
    "/_ftui/advance": {"POST": _advance},
    "/_ftui/faults": {"GET": _list_faults, "POST": _add_faults, "DELETE": _clear_faults},
    "/_ftui/calls": {"GET": _list_calls, "DELETE": _clear_calls},
}


def is_control(path: str) -> bool:
    return path == "/_ftui" or path.startswith("/_ftui/")


def control(sim: Emulator, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
    path = str(environ.get("PATH_INFO", "")).rstrip("/")
    methods = ENDPOINTS.get(path)
    if methods is None:
        answer = _error(404, f"no such endpoint {path[:200]}; there are {', '.join(ENDPOINTS)}")
    else:
        method = str(environ.get("REQUEST_METHOD", "GET"))
        endpoint = methods.get(method)
        if endpoint is None:
            allowed = ", ".join(methods)
            answer = _error(405, f"{path} answers {allowed}, not {method[:20]}")
            answer = Answer(answer.status, answer.body, (*answer.headers, ("Allow", allowed)))
        else:
            answer = endpoint(sim, environ)
    return answer.send(start_response)
