"""Asking a model: Converse and ConverseStream (bedrock-runtime), timed as ftui sees them.

Both return an :class:`Outcome`: a :class:`Reply`, or the AwsError of the call. An error the
stream sends midway (``ModelStreamErrorException``, ``ThrottlingException`` ...) is an AwsError
too; the text received before it has already been given to ``on_text``, in order, and the
error's message says how much of the answer arrived. Model text is the model's: show it through
:func:`ftui.core.safe_text.safe_text`.
"""

from __future__ import annotations

import dataclasses
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.session import AwsSession

STOPPED = "stopped by you"  # Reply.stop_reason when ``stop`` ended the stream
STOP_CHECK_SECONDS = 0.1  # how soon a stop closes a stream that is waiting for its next event


@dataclass(frozen=True)
class Prompt:
    """One user turn, and how to answer it."""

    text: str
    system: str | None = None
    max_tokens: int | None = None
    temperature: float | None = None

    def request(self, model_id: str) -> dict[str, Any]:
        """Converse's parameters for this prompt to ``model_id``."""
        body: dict[str, Any] = {
            "modelId": model_id,
            "messages": [{"role": "user", "content": [{"text": self.text}]}],
        }
        if self.system:
            body["system"] = [{"text": self.system}]
        config: dict[str, Any] = {}
        if self.max_tokens is not None:
            config["maxTokens"] = self.max_tokens
        if self.temperature is not None:
            config["temperature"] = self.temperature
        if config:
            body["inferenceConfig"] = config
        return body


@dataclass(frozen=True)
class Reply:
    text: str
    stop_reason: str | None  # AWS's (end_turn, max_tokens ...) or STOPPED
    input_tokens: int | None
    output_tokens: int | None
    latency_ms: int | None  # AWS's metrics.latencyMs
    # Seconds from sending to the first text, measured by ftui on a stream (None: not streamed).
    first_text_after: float | None
    took: float  # seconds from sending to the end, measured by ftui


class Runtime:
    """bedrock-runtime through ``session``, in ``region`` (the session's when ``None``)."""

    def __init__(self, session: AwsSession, region: str | None = None) -> None:
        self._session = session
        self._region = region

    def _client(self) -> Any:
        return self._session.client("bedrock-runtime", self._region)

    def converse(self, model_id: str, prompt: Prompt) -> Outcome[Reply]:
        """The whole answer at once."""

        def send() -> Reply:
            started = time.monotonic()
            answer = self._client().converse(**prompt.request(model_id))
            took = time.monotonic() - started
            blocks = answer["output"]["message"]["content"]
            text = "".join(str(b["text"]) for b in blocks if "text" in b)
            usage = answer.get("usage") or {}
            return Reply(
                text=text,
                stop_reason=answer.get("stopReason"),
                input_tokens=usage.get("inputTokens"),
                output_tokens=usage.get("outputTokens"),
                latency_ms=(answer.get("metrics") or {}).get("latencyMs"),
                first_text_after=None,  # not measured: Converse's answer comes whole
                took=took,
            )

        return self._session.call("Converse", send)

    def converse_stream(
        self,
        model_id: str,
        prompt: Prompt,
        on_text: Callable[[str], None],
        stop: threading.Event | None = None,
    ) -> Outcome[Reply]:
        """The answer as it comes: ``on_text`` hears each piece of text, in order.

        ``stop`` set: the stream is closed at once (a model gone quiet holds no thread or
        connection until the read timeout) and the reply is what came, with ``stop_reason``
        :data:`STOPPED`.
        """
        heard = _Heard(on_text)

        def send() -> Reply:
            heard.started = time.monotonic()
            response = self._client().converse_stream(**prompt.request(model_id))
            return _listen(response["stream"], heard, stop)

        outcome = self._session.call("ConverseStream", send)
        if isinstance(outcome, Ok):
            return outcome
        return _broken_off(outcome, len("".join(heard.parts)))


class _Heard:
    """What a stream has said so far."""

    def __init__(self, on_text: Callable[[str], None]) -> None:
        self.on_text = on_text
        self.started = time.monotonic()
        self.parts: list[str] = []
        self.first_text_after: float | None = None
        self.stop_reason: str | None = None
        self.usage: dict[str, Any] = {}
        self.latency_ms: int | None = None

    def take(self, event: dict[str, Any]) -> None:
        if "contentBlockDelta" in event:
            text = event["contentBlockDelta"]["delta"].get("text")
            if text:
                if self.first_text_after is None:
                    self.first_text_after = time.monotonic() - self.started
                self.parts.append(text)
                self.on_text(text)
        elif "messageStop" in event:
            self.stop_reason = event["messageStop"].get("stopReason")
        elif "metadata" in event:
            self.usage = event["metadata"].get("usage") or {}
            self.latency_ms = (event["metadata"].get("metrics") or {}).get("latencyMs")

    def reply(self) -> Reply:
        return Reply(
            text="".join(self.parts),
            stop_reason=self.stop_reason,
            input_tokens=self.usage.get("inputTokens"),
            output_tokens=self.usage.get("outputTokens"),
            latency_ms=self.latency_ms,
            first_text_after=self.first_text_after,
            took=time.monotonic() - self.started,
        )


def _listen(stream: Any, heard: _Heard, stop: threading.Event | None) -> Reply:
    """Read ``stream`` into ``heard`` until it ends or ``stop`` is set.

    With a ``stop``, a thread of its own reads the stream and this one waits on what it reads
    or on the stop, so a stop ends the call at once even while the model is silent (a read
    blocked on the socket cannot be interrupted); that reader closes the stream when its read
    returns, by the read timeout at the latest.
    """
    if stop is None:
        try:
            for event in _events(stream):
                heard.take(event)
        finally:
            stream.close()
        return heard.reply()
    events: queue.Queue[dict[str, Any] | BaseException | None] = queue.Queue()

    def read() -> None:
        try:
            for event in _events(stream):
                events.put(event)
                if stop.is_set():
                    break
        except Exception as error:  # botocore's, raised below in the caller's thread
            events.put(error)
        finally:
            stream.close()
            events.put(None)

    threading.Thread(target=read, name="ftui-stream", daemon=True).start()
    while True:
        try:
            item = events.get(timeout=STOP_CHECK_SECONDS)
        except queue.Empty:
            item = {}  # nothing yet: only a stop ends the wait
        if stop.is_set():
            heard.stop_reason = STOPPED
            return heard.reply()
        if item is None:
            return heard.reply()
        if isinstance(item, BaseException):
            raise item
        if item:
            heard.take(item)


def _events(stream: Any) -> Iterator[dict[str, Any]]:
    """The stream's events; a connection broken midway is botocore's error for one, which
    :func:`ftui.core.aws.session.classify` names, not urllib3's, which it does not."""
    from botocore.exceptions import HTTPClientError
    from urllib3.exceptions import HTTPError

    try:
        yield from stream
    except HTTPError as error:
        raise HTTPClientError(error=error) from error


def _broken_off(error: AwsError, received: int) -> AwsError:
    """The error, its code as AWS's other errors spell it, saying how much text had come.

    The stream names its errors in camel case (``throttlingException``); as
    ``ThrottlingException`` the error is known for what it is (throttled, transient).
    """
    code = error.code[:1].upper() + error.code[1:]
    message = error.message
    if received:
        message = f"{message} (the answer broke off after {received} characters)"
    return dataclasses.replace(error, code=code, message=message)
