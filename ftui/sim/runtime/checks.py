"""A Converse request's body checked as Bedrock checks it, then read into a :class:`Conversation`.

First the input shape of botocore's model (types, enums, lengths, ranges; the approach of
:mod:`ftui.sim.bedrock.shapes`, whose words it reuses), then the conversation's own rules. The
rules' messages are AWS's as users quote them ("A conversation must start with a user
message..."); the one for an empty ``messages`` list is modelled on them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from ftui.sim.bedrock import shapes
from ftui.sim.bedrock.routes import json_body
from ftui.sim.bedrock.service import ServiceError
from ftui.sim.operations import service_model
from ftui.sim.runtime.errors import SERVICE, Refusal, validation

_STARTS_WITH_USER = (
    "A conversation must start with a user message. Try again with a conversation that starts"
    " with a user message."
)
_ALTERNATES = (
    "A conversation must alternate between user and assistant roles. Make sure the conversation"
    " alternates between user and assistant roles and try again."
)
_NO_MESSAGES = "The messages field is empty. Add at least one user message, and try again."


@dataclass(frozen=True)
class Conversation:
    """What the emulator reads of a request: its turns' text, the system prompt, the cap."""

    turns: tuple[tuple[str, str], ...]  # (role, the text of its text blocks)
    system: tuple[str, ...] = ()
    max_tokens: int | None = None

    @property
    def question(self) -> str:
        """The last user turn: what the model answers."""
        return next(text for role, text in reversed(self.turns) if role == "user")

    @property
    def texts(self) -> tuple[str, ...]:
        """Everything the model reads, for counting input tokens."""
        return (*self.system, *(text for _, text in self.turns))


def conversation(operation: str, raw: bytes) -> Conversation:
    """The request's conversation, or the ValidationException Bedrock gives for it."""
    try:
        body = json_body(raw)
    except ServiceError as error:
        raise Refusal(error.code, error.message) from None
    found = _shape_problems(operation, body)
    if found:
        raise validation(shapes.message(found))
    messages = body.get("messages") or []
    if not messages:
        raise validation(_NO_MESSAGES)
    turns = tuple(_turn(index, message) for index, message in enumerate(messages))
    if turns[0][0] != "user":
        raise validation(_STARTS_WITH_USER)
    if any(a[0] == b[0] for a, b in itertools.pairwise(turns)):
        raise validation(_ALTERNATES)
    system = tuple(
        _text(block, f"system.{index}", "SystemContentBlock")
        for index, block in enumerate(body.get("system") or [])
        if "text" in block
    )
    cap = (body.get("inferenceConfig") or {}).get("maxTokens")
    return Conversation(turns, system, cap)


def _shape_problems(operation: str, body: dict[str, Any]) -> list[str]:
    """The body's members against the input shape; the path's modelId is checked apart."""
    model = service_model(SERVICE)
    shape = model.operation_model(operation).input_shape if model is not None else None
    if shape is None:
        return []
    found: list[str] = []
    for name, member in shape.members.items():
        if member.serialization.get("location") or member.metadata.get("document"):
            continue  # in the path; or any JSON at all, which the model reads, not Bedrock
        value = body.get(member.serialization.get("name", name))
        if value is None:
            if name in shape.required_members:
                found.append(
                    f"Value null at '{name}' failed to satisfy constraint: Member must not be null"
                )
            continue
        found += shapes.value_problems(member, value, name)
    return found


def _turn(index: int, message: dict[str, Any]) -> tuple[str, str]:
    content = message["content"]
    if not content:
        raise validation(
            f"The content field in the Message object at messages.{index} is empty. Add a"
            " ContentBlock object to the content field and try again."
        )
    texts = [
        _text(block, f"messages.{index}.content.{number}", "ContentBlock")
        for number, block in enumerate(content)
        if "text" in block
    ]
    return str(message["role"]), "\n".join(texts)


def _text(block: dict[str, Any], where: str, kind: str) -> str:
    text = str(block["text"])
    if not text.strip():
        raise validation(
            f"The text field in the {kind} object at {where} is blank. Add text to the text"
            " field, and try again."
        )
    return text
