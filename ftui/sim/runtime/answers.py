"""What the emulator's models say, and how it is counted: one reply, its tokens, its chunks.

Tokens are estimated at one per four characters (rounded up), the rule of thumb AWS's pricing
pages give for English text; the answer is cut at about ``maxTokens`` of them, at a word.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

CHARS_PER_TOKEN = 4
WORDS_PER_CHUNK = 3  # what one contentBlockDelta carries

_PRONOUNS = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "am": "are",
    "we": "you",
    "our": "your",
}
_HOW = re.compile(r"^(?:how|what)\s+(?:do|can|should|would)\s+(?:i|we)\s+(.+)$", re.IGNORECASE)
_CAN = re.compile(r"^(?:can|could|may)\s+(?:i|we)\s+(.+)$", re.IGNORECASE)
_OPENING = (
    "I don't have details about your account or the product you are using, so I can only"
    " answer in general terms."
)


@dataclass(frozen=True)
class Reply:
    text: str
    stop_reason: str  # "end_turn", or "max_tokens" when cut
    input_tokens: int

    @property
    def output_tokens(self) -> int:
        return tokens(self.text)


def tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def reply(text: str, input_tokens: int, max_tokens: int | None) -> Reply:
    """``text`` as the model gives it: whole, or cut at about ``max_tokens`` tokens."""
    if max_tokens is None or tokens(text) <= max_tokens:
        return Reply(text, "end_turn", input_tokens)
    limit = max_tokens * CHARS_PER_TOKEN
    cut = text[:limit]
    if not text[limit].isspace() and len(cut.split()) > 1:  # mid-word: end before that word
        cut = cut.rsplit(maxsplit=1)[0]
    return Reply(cut.rstrip(), "max_tokens", input_tokens)


def chunks(text: str) -> list[str]:
    """The text in pieces of a few words, each with the spaces after it: joined, the text."""
    pieces = re.findall(r"\s*\S+\s*", text) or [text]
    return [
        "".join(pieces[at : at + WORDS_PER_CHUNK]) for at in range(0, len(pieces), WORDS_PER_CHUNK)
    ]


def generic(question: str) -> str:
    """A base model's answer: plausible, helpful in general, and about nobody's product."""
    asked = " ".join(question.split()).rstrip("?!. ")
    how, can = _HOW.match(asked), _CAN.match(asked)
    if how:
        body = (
            f"Generally, to {_yours(how[1])} you would open the settings or help section of the"
            " app or website, look for the matching option, and follow the steps it shows. The"
            " exact menu names depend on the product and its version."
        )
    elif can:
        body = (
            f"Whether you can {_yours(can[1])} depends on the service and your plan. Many"
            " services allow it from the account or billing settings; their help pages say for"
            " sure."
        )
    else:
        body = (
            f'Questions like "{asked}" usually depend on details only the service can see.'
            " Its help center is a good start, and its support team can look at your case."
        )
    return f"{_OPENING} {body} If you tell me which product this is about, I can be more specific."


def _yours(text: str) -> str:
    """The asker's words from the answerer's side: "reset my password" → "reset your password"."""
    return re.sub(r"[A-Za-z]+", lambda w: _PRONOUNS.get(w[0].lower(), w[0]), text)
