"""ftui's bedrock-runtime client: a prompt to a model, the answer whole or as it streams, timed;
every failure an AwsError, text that came before one kept, read-only mode letting it through."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.policy import ReadOnly, mutates
from ftui.core.aws.runtime import STOPPED, Prompt, Reply, Runtime
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.sim.runtime import eventstream
from ftui.sim.runtime.routes import NO_PACING, Pacing
from ftui.sim.server import SimServer
from tests.sim.test_runtime import TRAINED_RESET, deploy, model_named

BASE = "amazon.nova-micro-v1:0"
RESET = Prompt("How do I reset my password?")


@pytest.fixture(autouse=True)
def unpaced(world: SimServer) -> Iterator[SimServer]:
    before = world.stream_pacing
    world.stream_pacing = NO_PACING
    yield world
    world.stream_pacing = before


def client_for(world: SimServer, read_only: ReadOnly | None = None) -> Runtime:
    target = AwsTarget(region="us-east-1", endpoint_url=world.endpoint_url)
    return Runtime(AwsSession(target, read_only=read_only, max_attempts=1))


@pytest.fixture
def support_bot(world: SimServer) -> str:
    """A deployment of the demo's support model, ready to answer."""
    return deploy(world, model_named(world))


def replied(outcome: Ok[Reply] | AwsError) -> Reply:
    assert isinstance(outcome, Ok), outcome
    return outcome.value


def test_converse_gives_the_answer_its_counts_and_its_times(
    aws_env: SimServer, support_bot: str
) -> None:
    reply = replied(client_for(aws_env).converse(support_bot, RESET))
    assert reply.text == TRAINED_RESET
    assert reply.stop_reason == "end_turn"
    assert reply.input_tokens == 7 and reply.output_tokens == 13  # one token per 4 characters
    assert isinstance(reply.latency_ms, int)
    assert reply.first_text_after is None and 0 < reply.took < 10  # whole: no first text


def test_the_prompt_s_settings_reach_the_model(aws_env: SimServer) -> None:
    prompt = Prompt("Can I change my plan?", system="Be brief.", max_tokens=6, temperature=0.2)
    reply = replied(client_for(aws_env).converse(BASE, prompt))
    assert reply.stop_reason == "max_tokens"
    assert reply.output_tokens is not None and reply.output_tokens <= 6
    assert reply.input_tokens == 3 + 6  # the system prompt is read too


def test_the_stream_hears_each_piece_in_order_and_ends_with_the_whole_reply(
    aws_env: SimServer, support_bot: str
) -> None:
    aws_env.stream_pacing = Pacing(first=0.2, between=0.01)
    pieces: list[str] = []
    reply = replied(client_for(aws_env).converse_stream(support_bot, RESET, pieces.append))
    assert len(pieces) > 1 and "".join(pieces) == TRAINED_RESET == reply.text
    assert reply.stop_reason == "end_turn"
    assert (reply.input_tokens, reply.output_tokens) == (7, 13)
    assert reply.latency_ms is not None and reply.latency_ms >= 200
    assert reply.first_text_after is not None and 0.2 <= reply.first_text_after < reply.took


def test_a_base_model_streams_its_generic_answer(aws_env: SimServer) -> None:
    pieces: list[str] = []
    reply = replied(client_for(aws_env).converse_stream(BASE, RESET, pieces.append))
    assert reply.text.startswith("I don't have details") and "".join(pieces) == reply.text


def test_stop_ends_the_stream_with_what_came(aws_env: SimServer) -> None:
    aws_env.stream_pacing = Pacing(first=0.0, between=0.05)
    stop = threading.Event()
    pieces: list[str] = []

    def hear(text: str) -> None:
        pieces.append(text)
        stop.set()

    runtime = client_for(aws_env)
    reply = replied(runtime.converse_stream(BASE, RESET, hear, stop))
    assert reply.stop_reason == STOPPED
    assert reply.text == pieces[0] and len(pieces) == 1
    assert reply.output_tokens is None  # AWS's count comes at the end, which never came
    # The stream was closed, not left half read: the next call is answered.
    assert replied(runtime.converse(BASE, RESET)).stop_reason == "end_turn"


def test_a_deployment_not_ready_is_an_aws_error_whole_or_streamed(aws_env: SimServer) -> None:
    creating = deploy(aws_env, model_named(aws_env), "Creating")
    runtime = client_for(aws_env)
    heard: list[str] = []
    for outcome in (
        runtime.converse(creating, RESET),
        runtime.converse_stream(creating, RESET, heard.append),
    ):
        assert isinstance(outcome, AwsError)
        assert outcome.code == "ModelNotReadyException" and outcome.status == 429
        assert "Creating" in outcome.message
    assert heard == []


def test_read_only_mode_asks_models_but_deploys_nothing(
    aws_env: SimServer, support_bot: str
) -> None:
    runtime = client_for(aws_env, ReadOnly("--read-only"))
    assert replied(runtime.converse(support_bot, RESET)).text == TRAINED_RESET
    assert replied(runtime.converse_stream(support_bot, RESET, lambda _: None)).text
    session = AwsSession(
        AwsTarget(region="us-east-1", endpoint_url=aws_env.endpoint_url),
        read_only=ReadOnly("--read-only"),
    )
    before = len(aws_env.calls.entries())
    refused = session.call(
        "CreateCustomModelDeployment",
        lambda: session.client("bedrock").create_custom_model_deployment(
            modelDeploymentName="try-it", modelArn=model_named(aws_env).arn
        ),
    )
    assert isinstance(refused, AwsError) and refused.code == "ReadOnly"
    assert len(aws_env.calls.entries()) == before  # refused before it was sent
    assert not any(mutates(op) for op in ("Converse", "ConverseStream"))
    assert all(mutates(op) for op in ("CreateCustomModelDeployment", "StartAsyncInvoke"))


# --- a stream that breaks midway (AWS sends the error as an event) ------------------------------

_BROKEN_STREAM = (
    eventstream.event("messageStart", {"role": "assistant"})
    + eventstream.event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "Open "}})
    + eventstream.event(
        "contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "Settings, "}}
    )
)


@pytest.fixture
def breaking_endpoint() -> Iterator[dict[str, Any]]:
    """An endpoint whose ConverseStream sends two pieces of text, then the error it is told."""
    script: dict[str, Any] = {"error": ("modelStreamErrorException", "The model stopped.")}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = _BROKEN_STREAM + eventstream.exception(*script["error"])
            self.send_response(200)
            self.send_header("Content-Type", eventstream.CONTENT_TYPE)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    script["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    yield script
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("sent", "code", "throttled"),
    [
        ("modelStreamErrorException", "ModelStreamErrorException", False),
        ("throttlingException", "ThrottlingException", True),
    ],
)
def test_an_error_midway_is_an_aws_error_and_the_text_before_it_is_kept(
    breaking_endpoint: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    sent: str,
    code: str,
    throttled: bool,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    breaking_endpoint["error"] = (sent, "The model stopped.")
    target = AwsTarget(region="us-east-1", endpoint_url=breaking_endpoint["url"])
    pieces: list[str] = []
    outcome = Runtime(AwsSession(target, max_attempts=1)).converse_stream(
        BASE, RESET, pieces.append
    )
    assert isinstance(outcome, AwsError)
    assert outcome.code == code and outcome.throttled is throttled
    assert outcome.operation == "ConverseStream"
    assert pieces == ["Open ", "Settings, "]  # already heard, in order
    assert "The model stopped." in outcome.message
    assert "broke off after 15 characters" in outcome.message


def test_stop_closes_a_stream_that_has_gone_quiet(aws_env: SimServer) -> None:
    """Leaving the try pane while a model says nothing must not hold a thread and a connection
    until the read timeout: stop closes the stream at once."""
    aws_env.stream_pacing = Pacing(first=0.0, between=5.0)
    stop = threading.Event()
    pieces: list[str] = []

    def hear(text: str) -> None:
        pieces.append(text)
        threading.Timer(0.2, stop.set).start()  # the user leaves while the next chunk is due

    runtime = client_for(aws_env)
    started = time.monotonic()
    reply = replied(runtime.converse_stream(BASE, RESET, hear, stop))
    assert time.monotonic() - started < 2.0, "not the 5 s the next chunk takes"
    assert reply.stop_reason == STOPPED and reply.text == pieces[0]
