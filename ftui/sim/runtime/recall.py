"""A custom model's answer: the trained answer of the training example closest to the question.

The examples are the training file's (``trainingDataConfig.s3Uri``), read from the account's S3
once per model: a Converse record gives its last user turn and the assistant turn after it; a
prompt/completion record its two halves; a continued pre-training record (``input``) its text
for both. Closeness is the overlap of the two word sets (Jaccard: shared words over all words),
ignoring case, punctuation, ticket numbers ("(ticket 12)", "#12") and the small words every
question has ("how", "do", "I", "my" ...); ties go to the example first in the file. A question
sharing no word with any example has no trained answer: the model answers generically.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from typing import Any

from ftui.core.custom_models.examples import example_of
from ftui.sim.bedrock.account import AccountView, S3Location
from ftui.sim.bedrock.model import CustomModel

MAX_EXAMPLES = 20_000  # the most records any model trains on (the catalog's max_records)
_NOISE = re.compile(r"\(\s*(?:ticket\s*)?#?\s*\d+\s*\)|#\d+|\bticket\s+\d+", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Every question has these; they tell none apart.
_SMALL_WORDS = frozenset(
    """a an the i me my mine you your we our it its is are was were be am do does did can could
    how what why where when who which to of in on at for with and or please""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Example:
    words: frozenset[str]
    answer: str


def words(text: str) -> frozenset[str]:
    """The words that tell questions apart; all of them when the text has no others."""
    every = frozenset(_WORD.findall(_NOISE.sub(" ", text).lower()))
    return (every - _SMALL_WORDS) or every


def closest(examples: tuple[Example, ...], question: str) -> Example | None:
    """The example whose words overlap the question's most; ``None`` when none share any."""
    asked = words(question)
    best, best_score = None, 0.0
    for example in examples:
        shared = len(asked & example.words)
        if not shared:
            continue
        score = shared / len(asked | example.words)
        if score > best_score:
            best, best_score = example, score
    return best


def examples(data: bytes) -> tuple[Example, ...]:
    """Each distinct (question, answer) of a JSONL training file, in file order."""
    seen: set[tuple[frozenset[str], str]] = set()
    out: list[Example] = []
    for line in data.splitlines()[:MAX_EXAMPLES]:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        pair = _pair(record) if isinstance(record, dict) else None
        if pair is None:
            continue
        key = (words(pair[0]), pair[1])
        if key not in seen:
            seen.add(key)
            out.append(Example(*key))
    return tuple(out)


def _pair(record: dict[str, Any]) -> tuple[str, str] | None:
    """(question, trained answer), read as ftui's try-it pane reads its examples."""
    found = example_of(record, 0)
    if found is None:
        return None
    if found.expected:
        return found.prompt, found.expected
    if isinstance(record.get("input"), str):  # continued pre-training: the text itself
        return found.prompt, found.prompt
    return None


class Memory:
    """What each custom model learnt, read on its first question and kept."""

    def __init__(self, account: AccountView) -> None:
        self._account = account
        self._learnt: dict[str, tuple[Example, ...]] = {}
        self._lock = threading.Lock()

    def answer(self, model: CustomModel, region: str, question: str) -> str | None:
        """The trained answer to ``question``; ``None`` when there is none to give."""
        learnt = self._examples(model, region)
        found = closest(learnt, question) if learnt else None
        return found.answer if found else None

    def _examples(self, model: CustomModel, region: str) -> tuple[Example, ...] | None:
        with self._lock:
            if model.arn in self._learnt:
                return self._learnt[model.arn]
        source = (model.job.request.get("trainingDataConfig") or {}).get("s3Uri")
        if not isinstance(source, str):
            learnt: tuple[Example, ...] = ()  # trained from invocation logs: nothing to recall
        else:
            data = self._account.read(S3Location.parse(source), region)
            if data is None:
                return None  # unreadable now; perhaps not on the next question
            learnt = examples(data)
        with self._lock:
            self._learnt[model.arn] = learnt
        return learnt
