"""One record of each format but the conversation one (``converse.py``), and which checks which.

Each check notes the record's problems in ``found`` and returns the characters of its input and
of its expected output, from which tokens are estimated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ftui.core.dataset.converse import check_converse
from ftui.core.dataset.rules import Rules
from ftui.core.dataset.shared import (
    ASSISTANT,
    SYSTEM,
    Found,
    Shape,
    check_keys,
    check_turns,
    kind_of,
    quote,
)

Check = Callable[[dict[str, Any], Rules, Found], tuple[int, int]]

PROMPT_COMPLETION = Shape("prompt and completion", frozenset({"prompt", "completion"}))
HAIKU = Shape("Claude messages", frozenset({"messages"}), frozenset({"system"}))
CAPTION = Shape("image and caption", frozenset({"image-ref", "caption"}))
CPT = Shape("continued pre-training", frozenset({"input"}))
# AWS's example has no id, and "you can add fields used by grader Lambda": the grader gets
# the whole record.
RFT = Shape(
    "RFT prompt",
    frozenset({"messages", "reference_answer"}),
    frozenset({"id"}),
    why={"reference_answer": "the grader compares answers with it"},
    others=True,
)
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def _text(record: dict[str, Any], key: str, found: Found, *, empty_ok: bool = False) -> str:
    value = record.get(key)
    if isinstance(value, str):
        if not empty_ok and not value.strip():
            found.append(("format", f"{key} is empty", "error"))
        return value
    if key in record:  # a missing key is told by check_keys
        found.append(("format", f"{key} is {kind_of(value)}; it must be text", "error"))
    return ""


def check_prompt_completion(record: dict[str, Any], rules: Rules, found: Found) -> tuple[int, int]:
    check_keys(record, PROMPT_COMPLETION, found)
    prompt = _text(record, "prompt", found, empty_ok=True)
    completion = _text(record, "completion", found)
    return len(prompt), len(completion)


def check_cpt(record: dict[str, Any], rules: Rules, found: Found) -> tuple[int, int]:
    check_keys(record, CPT, found)
    return len(_text(record, "input", found)), 0


def check_caption(record: dict[str, Any], rules: Rules, found: Found) -> tuple[int, int]:
    check_keys(record, CAPTION, found)
    ref = _text(record, "image-ref", found)
    if ref and (not ref.startswith("s3://") or "/" not in ref[5:]):
        found.append(
            ("media", f"image-ref {quote(ref)} must be an S3 URI: s3://bucket/key", "error")
        )
    elif ref and not ref.lower().endswith(_IMAGE_SUFFIXES):
        found.append(
            ("media", f"image-ref {quote(ref)} is not a .png, .jpg or .jpeg file", "error")
        )
    caption = _text(record, "caption", found, empty_ok=True)
    shortest, longest = rules.min_caption_chars, rules.max_caption_chars
    if "caption" in record and not shortest <= len(caption) <= longest:
        allowed = f"{shortest} to {longest:,}" if shortest else f"at most {longest:,}"
        found.append(
            (
                "format",
                f"the caption has {len(caption):,} characters; it must have {allowed}",
                "error",
            )
        )
    return len(caption), 0


def check_haiku(record: dict[str, Any], rules: Rules, found: Found) -> tuple[int, int]:
    check_keys(record, HAIKU, found)
    inputs = 0
    system = record.get("system")
    if system is not None:
        if isinstance(system, str):
            inputs += len(system)
        else:
            found.append(
                ("format", f"system is {kind_of(system)}; Claude 3 Haiku takes it as text", "error")
            )
    messages = _messages(record, found)
    if messages is None:
        return inputs, 0
    outputs = 0
    roles: list[object] = []
    for index, message in enumerate(messages, 1):
        role, content = message.get("role"), message.get("content")
        roles.append(role)
        if not isinstance(content, str):
            what = kind_of(content) if "content" in message else "missing"
            found.append(
                (
                    "format",
                    f"message {index}: content is {what}; Claude 3 Haiku takes plain text, not a"
                    " list of blocks",
                    "error",
                )
            )
            return inputs, outputs
        if role == ASSISTANT:
            outputs += len(content)
        else:
            inputs += len(content)
    check_turns(roles, rules.customization_type, found, single_turn=False, name=rules.model_name)
    return inputs, outputs


def check_rft(record: dict[str, Any], rules: Rules, found: Found) -> tuple[int, int]:
    check_keys(record, RFT, found)
    ident = record.get("id")
    if "id" in record and (
        not isinstance(ident, str | int) or isinstance(ident, bool) or ident == ""
    ):
        found.append(("format", f"id is {kind_of(ident)}; it must be text or a number", "error"))
    if record.get("reference_answer") is None and "reference_answer" in record:
        found.append(
            ("format", "reference_answer is null; the grader needs something to compare", "error")
        )
    messages = _messages(record, found)
    if messages is None:
        return 0, 0
    inputs = 0
    roles: list[object] = []
    for index, message in enumerate(messages, 1):
        role, content = message.get("role"), message.get("content")
        text = _rft_text(content)
        if text is None:
            found.append(
                (
                    "format",
                    f"message {index}: content must be text (RFT prompts are text only)",
                    "error",
                )
            )
            return inputs, 0
        inputs += len(text)
        if not (role == SYSTEM and index == 1):
            roles.append(role)
    check_turns(roles, rules.customization_type, found, single_turn=False, name=rules.model_name)
    if roles and roles[-1] == ASSISTANT:
        found.append(
            (
                "roles",
                "the last turn is the assistant's; an RFT prompt ends with the user's",
                "error",
            )
        )
    return inputs, 0


def _rft_text(content: object) -> str | None:
    """OpenAI-style content: a string, or a list of ``{"type": "text", "text": ...}``."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if not (isinstance(part, dict) and part.get("type") == "text"):
                return None
            text = part.get("text")
            if not isinstance(text, str):
                return None
            parts.append(text)
        return "".join(parts)
    return None


def _messages(record: dict[str, Any], found: Found) -> list[dict[str, Any]] | None:
    messages = record.get("messages")
    if not isinstance(messages, list):
        if "messages" in record:
            found.append(("format", f"messages is {kind_of(messages)}; it must be a list", "error"))
        return None
    for index, message in enumerate(messages, 1):
        if not isinstance(message, dict):
            found.append(
                ("format", f"message {index} is {kind_of(message)}, not an object", "error")
            )
            return None
    return messages


CHECKS: dict[str, Check] = {
    "converse": check_converse,
    "prompt-completion": check_prompt_completion,
    "claude-haiku": check_haiku,
    "image-caption": check_caption,
    "cpt-input": check_cpt,
    "rft": check_rft,
}
