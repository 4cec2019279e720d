"""Prompts to try a model with, taken from the data it was judged on, with the answer expected.

The job's validation set when it has one (records the model did not learn from), else its
training data (said: the model has seen those). Only the first MB is read: enough examples to
step through, one ranged GET whatever the file's size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ftui.core.aws.errors import Ok, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.dataset.jsonl import loads
from ftui.core.s3_head import read_head

LIMIT = 500  # examples kept: more than anyone steps through


@dataclass(frozen=True)
class Example:
    line: int
    prompt: str
    expected: str | None
    system: str | None = None


@dataclass(frozen=True)
class ExampleSource:
    uri: str
    validation: bool  # False: training data, which the model has seen

    @property
    def label(self) -> str:
        kind = "validation data" if self.validation else "training data (the model has seen it)"
        return f"{kind}, {self.uri}"


def source_of(model: Mapping[str, Any]) -> ExampleSource | None:
    """Where GetCustomModel's ``model`` was judged (validation set) or trained."""
    validators = (model.get("validationDataConfig") or {}).get("validators") or []
    for validator in validators:
        uri = str(validator.get("s3Uri") or "")
        if uri:
            return ExampleSource(uri, validation=True)
    uri = str((model.get("trainingDataConfig") or {}).get("s3Uri") or "")
    return ExampleSource(uri, validation=False) if uri.startswith("s3://") else None


def _text(content: object) -> str:
    """A turn's text: Converse's blocks, or the plain string Claude 3 Haiku's format uses."""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    return "".join(
        str(block["text"]) for block in content if isinstance(block, dict) and "text" in block
    )


def example_of(record: object, line: int) -> Example | None:
    """The last user turn and the answer after it (Converse, or Claude 3 Haiku's strings), a
    prompt and its completion, or a continued pre-training text; None for anything else. The
    emulator's custom models recall their training data through this too."""
    if not isinstance(record, dict):
        return None
    if isinstance(record.get("prompt"), str):
        completion = record.get("completion")
        return Example(line, record["prompt"], completion if isinstance(completion, str) else None)
    if isinstance(record.get("input"), str):  # continued pre-training: text, no answer
        return Example(line, record["input"], None)
    messages = record.get("messages")
    if not isinstance(messages, list):
        return None
    system = _text(record.get("system")) or None
    prompt: str | None = None
    expected: str | None = None
    for message in messages:
        if not isinstance(message, dict):
            continue
        text = _text(message.get("content"))
        if message.get("role") == "user" and text:
            prompt, expected = text, None
        elif message.get("role") == "assistant" and prompt is not None:
            expected = text or None
    return Example(line, prompt, expected, system) if prompt else None


def examples_in(data: bytes, *, whole: bool) -> list[Example]:
    """The examples of JSON Lines ``data``; a last line cut by the sample is left out."""
    lines = data.split(b"\n")
    if not whole:
        lines = lines[:-1]
    found: list[Example] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except (ValueError, RecursionError):  # a bad line is the data checker's business
            continue
        example = example_of(record, number)
        if example is not None:
            found.append(example)
            if len(found) >= LIMIT:
                break
    return found


def read_examples(
    session: AwsSession, region: str | None, source: ExampleSource
) -> Outcome[list[Example]]:
    """The examples of the first MB of ``source``."""
    head = read_head(session, region, source.uri)
    if not isinstance(head, Ok):
        return head
    return Ok(examples_in(head.value.data, whole=head.value.whole))
