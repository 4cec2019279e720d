"""bedrock-runtime's REST-JSON wire: Converse answers JSON, ConverseStream an event stream.

Errors before an answer starts (a bad body, a model not ready) are JSON errors with
``x-amzn-ErrorType``, for both. The stream is paced in real time (:class:`Pacing`) so a
terminal visibly streams it; the other operations of ``bedrock-runtime`` are a 501
``NotImplemented``, as the control plane's unsimulated ones are.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ftui.sim.operations import AwsRequest
from ftui.sim.runtime import eventstream
from ftui.sim.runtime.answers import Reply, chunks
from ftui.sim.runtime.checks import conversation
from ftui.sim.runtime.errors import SERVICE, Refusal
from ftui.sim.runtime.service import SimRuntime
from ftui.sim.wire import StartResponse, json_answer, reason

SIMULATED = ("Converse", "ConverseStream")


@dataclass(frozen=True)
class Pacing:
    """How fast answers come: the first words after ``first`` seconds, then a chunk every
    ``between``. Converse waits as long as the whole stream would have taken."""

    first: float = 0.3
    between: float = 0.02

    def total(self, count: int) -> float:
        return self.first + self.between * (count - 1) if count else 0.0


NO_PACING = Pacing(0.0, 0.0)  # for tests


def handle(
    runtime: SimRuntime,
    request: AwsRequest,
    body: bytes,
    start_response: StartResponse,
    pacing: Pacing,
) -> Iterable[bytes]:
    started = time.monotonic()
    try:
        answer = _reply(runtime, request, body)
    except Refusal as error:
        return json_answer(error.status, {"message": error.message}, error=error.code).send(
            start_response
        )
    except Exception:
        logging.getLogger(__name__).debug("%s failed", request.operation, exc_info=True)
        message = f"The emulator failed to answer {request.operation}."
        return json_answer(500, {"message": message}, error="InternalServerException").send(
            start_response
        )
    pieces = chunks(answer.text)
    if request.operation == "Converse":
        time.sleep(pacing.total(len(pieces)))
        return json_answer(200, _converse(answer, started)).send(start_response)
    start_response(
        f"200 {reason(200)}",
        [("Content-Type", eventstream.CONTENT_TYPE), ("x-amzn-RequestId", str(uuid.uuid4()))],
    )
    return _stream(answer, pieces, pacing, started)


def _reply(runtime: SimRuntime, request: AwsRequest, body: bytes) -> Reply:
    operation = request.operation
    if operation is None:
        raise Refusal(
            "UnknownOperationException",
            f"bedrock-runtime has no operation at {request.method} {request.path[:200]}.",
        )
    if operation not in SIMULATED:
        raise Refusal(
            "NotImplemented",
            f"ftui's emulator does not simulate {SERVICE}:{operation}; it serves"
            f" {', '.join(SIMULATED)}.",
        )
    model_id = request.params.get("modelId", "")
    return runtime.reply(request.region, model_id, conversation(operation, body))


def _converse(answer: Reply, started: float) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": answer.text}]}},
        "stopReason": answer.stop_reason,
        "usage": _usage(answer),
        "metrics": {"latencyMs": _since(started)},
    }


def _stream(answer: Reply, pieces: list[str], pacing: Pacing, started: float) -> Iterator[bytes]:
    yield eventstream.event("messageStart", {"role": "assistant"})
    for index, piece in enumerate(pieces):
        time.sleep(pacing.first if index == 0 else pacing.between)
        yield eventstream.event(
            "contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": piece}}
        )
    yield eventstream.event("contentBlockStop", {"contentBlockIndex": 0})
    yield eventstream.event("messageStop", {"stopReason": answer.stop_reason})
    yield eventstream.event(
        "metadata", {"usage": _usage(answer), "metrics": {"latencyMs": _since(started)}}
    )


def _usage(answer: Reply) -> dict[str, int]:
    return {
        "inputTokens": answer.input_tokens,
        "outputTokens": answer.output_tokens,
        "totalTokens": answer.input_tokens + answer.output_tokens,
    }


def _since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
