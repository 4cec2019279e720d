"""What a misspelt word was probably meant to be: for unknown fields, keys and names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "did_you_mean"]


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely misspells, or ``None`` when none is close."""
    listed = list(choices)
    close = difflib.get_close_matches(word, listed, n=1, cutoff=0.6)
    if close:
        return close[0]
    lowered = {c.lower(): c for c in listed}
    return lowered.get(word.lower())


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'jobName'?"``, or nothing when no choice is close."""
    close = closest(word, choices)
    return f"; did you mean '{close}'?" if close else ""
