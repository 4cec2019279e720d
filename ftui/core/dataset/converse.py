"""The Bedrock conversation format (bedrock-conversation-2024), for fine-tuning and distillation.

``{"schemaVersion": "bedrock-conversation-2024", "system": [{"text": ...}], "messages": [{"role":
"user", "content": [{"text": ...} | {"image": ...} | {"video": ...}]}, ...]}``. Nova adds reserved
words and rules for media (bedrock.md section 8.1).
"""

from __future__ import annotations

import re
from typing import Any

from ftui.core.dataset.rules import (
    MAX_IMAGES,
    MAX_VIDEOS,
    NOVA_IMAGE_FORMATS,
    NOVA_VIDEO_FORMATS,
    Rules,
)
from ftui.core.dataset.shared import (
    ASSISTANT,
    Found,
    Shape,
    check_keys,
    check_turns,
    kind_of,
    quote,
)
from ftui.core.kinds import DISTILLATION

SCHEMA_VERSION = "bedrock-conversation-2024"
SHAPE = Shape(
    "Bedrock conversation", frozenset({"messages"}), frozenset({"schemaVersion", "system"})
)
RESERVED_WORDS = (
    "System:",
    "User:",
    "Bot:",
    "Assistant:",
    "Thought:",
    "[EOS]",
    "<image>",
    "<video>",
)
_ANCHORS = (
    (":", tuple(w[:-1].lower() for w in RESERVED_WORDS if w.endswith(":"))),
    ("[", tuple(w.lower() for w in RESERVED_WORDS if w.startswith("["))),
    ("<", tuple(w.lower() for w in RESERVED_WORDS if w.startswith("<"))),
)
_LONGEST_BEFORE_COLON = max(len(w) for w in _ANCHORS[0][1])
_LONGEST_TAG = max(len(w) for _, words in _ANCHORS[1:] for w in words)
_RESERVED = re.compile("|".join(re.escape(w) for w in RESERVED_WORDS), re.IGNORECASE)
_NOVA_KEY = re.compile(r"[\w\-/.]+")
_BLOCK = 'one of {"text": ...}, {"image": ...} or {"video": ...}'


def check_converse(record: dict[str, Any], rules: Rules, found: Found) -> tuple[int, int]:
    """Note the record's problems; return the characters of its input and of its answers."""
    check_keys(record, SHAPE, found)
    version = record.get("schemaVersion", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        found.append(
            ("format", f"schemaVersion is {quote(version)}; it must be '{SCHEMA_VERSION}'", "error")
        )
    return _Conversation(rules, found).check(record)


class _Conversation:
    """One record's walk: its texts, media and turns."""

    def __init__(self, rules: Rules, found: Found) -> None:
        self.rules = rules
        self.found = found
        self.texts: list[str] = []
        self.images = 0
        self.videos = 0

    def error(self, kind: str, message: str) -> None:
        self.found.append((kind, message, "error"))

    def check(self, record: dict[str, Any]) -> tuple[int, int]:
        system = record.get("system")
        if system is not None:
            self.system(system)
        inputs = sum(map(len, self.texts))
        messages = record.get("messages")
        if not isinstance(messages, list):
            if "messages" in record:
                self.error("format", f"messages is {kind_of(messages)}; it must be a list of turns")
            return inputs, 0
        roles: list[object] = []
        outputs = 0
        for index, message in enumerate(messages, 1):
            if not isinstance(message, dict):
                self.error("format", f"message {index} is {kind_of(message)}, not an object")
                return inputs, outputs
            role = message.get("role")
            roles.append(role)
            start = len(self.texts)
            self.content(message.get("content"), index, role)
            chars = sum(map(len, self.texts[start:]))
            if role == ASSISTANT:
                outputs += chars
            else:
                inputs += chars
        rules = self.rules
        check_turns(
            roles,
            rules.customization_type,
            self.found,
            single_turn=rules.single_turn,
            name=rules.model_name,
        )
        self.count_media()
        if rules.nova:
            self.reserved()
        return inputs, outputs

    def system(self, system: object) -> None:
        if not isinstance(system, list):
            self.error(
                "format", f'system is {kind_of(system)}; it must be a list: [{{"text": ...}}]'
            )
            return
        for block in system:
            text = block.get("text") if isinstance(block, dict) else None
            if not isinstance(text, str) or len(block) != 1:
                self.error("format", 'each system entry must be {"text": ...}')
                return
            self.texts.append(text)

    def content(self, content: object, index: int, role: object) -> None:
        if not isinstance(content, list) or not content:
            what = "missing" if content is None else "empty" if content == [] else kind_of(content)
            self.error(
                "format",
                f'message {index}: content is {what}; it must be a list such as [{{"text": ...}}]',
            )
            return
        text: object = None
        for block in content:
            if isinstance(block, dict) and len(block) == 1:
                text = block.get("text")
                if isinstance(text, str):
                    self.texts.append(text)
                    continue
                if "image" in block or "video" in block:
                    self.medium(block, index, role)
                    continue
            self.error("format", f"message {index}: each content entry must be {_BLOCK}")
            return
        # AWS's Nova validator: "Invalid content, empty text content". The last block clears
        # most turns (written text, or a medium: no text) without a look at the others.
        if not isinstance(text, str) or (text and not text.isspace()):
            return
        if all("text" in block and not block["text"].strip() for block in content):
            self.error(
                "format",
                f"message {index}: its text is empty; AWS refuses a turn without text (or an"
                " image or video)",
            )

    def medium(self, block: dict[str, Any], index: int, role: object) -> None:
        rules = self.rules
        what = "image" if "image" in block else "video"
        if what == "image":
            self.images += 1
            allowed, formats = rules.images, NOVA_IMAGE_FORMATS
        else:
            self.videos += 1
            allowed, formats = rules.video, NOVA_VIDEO_FORMATS
        if not allowed:
            self.error(
                "media",
                f"message {index} has {'an' if what == 'image' else 'a'} {what}, but"
                f" {_reads(rules)}; remove it or choose a model that reads {what}s",
            )
            return
        if role == ASSISTANT:
            self.error("media", f"message {index}: only the user's turns may carry an {what}")
        spec = block[what]
        fmt = spec.get("format") if isinstance(spec, dict) else None
        source = spec.get("source") if isinstance(spec, dict) else None
        location = source.get("s3Location") if isinstance(source, dict) else None
        uri = location.get("uri") if isinstance(location, dict) else None
        if fmt not in formats:
            self.error(
                "media",
                f"message {index}: {what} format is {quote(fmt) if fmt else 'missing'}; use one"
                f" of {', '.join(sorted(formats))}",
            )
        if not isinstance(uri, str) or not uri.startswith("s3://") or "/" not in uri[5:]:
            self.error(
                "media",
                f'message {index}: the {what} needs "source": {{"s3Location": {{"uri":'
                ' "s3://bucket/key"}}',
            )
            return
        bucket, _, key = uri[5:].partition("/")
        if rules.nova and rules.bucket and bucket != rules.bucket:
            self.error(
                "media",
                f"message {index}: the {what} is in bucket {quote(bucket)}, the data set in"
                f" {quote(rules.bucket)}; Nova reads media only from the data set's bucket",
            )
        if rules.nova and not _NOVA_KEY.fullmatch(key):
            self.error(
                "media",
                f"message {index}: the {what}'s key {quote(key)} has characters Nova refuses;"
                " use only letters, digits, _, -, / and .",
            )

    def count_media(self) -> None:
        if self.images and self.videos:
            self.error(
                "media",
                f"images and a video together; a record takes up to {MAX_IMAGES} images or"
                f" {MAX_VIDEOS} video, not both",
            )
        elif self.images > MAX_IMAGES:
            self.error("media", f"{self.images} images; a record takes at most {MAX_IMAGES}")
        elif self.videos > MAX_VIDEOS:
            self.error("media", f"{self.videos} videos; a record takes at most {MAX_VIDEOS}")

    def reserved(self) -> None:
        # One search of the record's texts together costs less than one a text; the line
        # break between them ends a word, so none is made up of two texts.
        word = reserved_word("\n".join(self.texts))
        if word is not None:
            self.error(
                "reserved",
                f"the text holds {quote(word)}, a word Nova reserves (in any case:"
                f" {' '.join(RESERVED_WORDS)}); reword it",
            )


def reserved_word(text: str) -> str | None:
    """The first reserved word in ``text``, as written there, if any.

    Every reserved word ends in ``:`` or starts with ``[`` or ``<``; looking only around those
    characters is what keeps a multi-GB check fast (a case-insensitive regex was 10x slower).
    """
    for anchor, words in _ANCHORS:
        at = text.find(anchor)
        while at != -1:
            if anchor == ":":
                start = max(0, at - _LONGEST_BEFORE_COLON)
                if text[start:at].lower().endswith(words):
                    hit = _RESERVED.search(text, start, at + 1)
                    return hit.group() if hit else text[start : at + 1]
            elif text[at : at + _LONGEST_TAG].lower().startswith(words):
                hit = _RESERVED.match(text, at)
                return hit.group() if hit else text[at : at + _LONGEST_TAG]
            at = text.find(anchor, at + 1)
    return None


def _reads(rules: Rules) -> str:
    if rules.customization_type == DISTILLATION:
        return "distillation takes text only"
    if rules.images:
        return f"{rules.model_name} reads text and images, not video"
    return f"{rules.model_name} reads text only"
