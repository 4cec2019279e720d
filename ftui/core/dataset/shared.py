"""What the per-format rules share: how a problem is noted, how file text is quoted, roles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ftui.core.dataset.report import Severity
from ftui.core.kinds import FINE_TUNING
from ftui.core.safe_text import safe_text

# One record's problems: (kind, message, severity). A list, appended to in the hot loop.
Found = list[tuple[str, str, Severity]]

USER, ASSISTANT, SYSTEM = "user", "assistant", "system"
_QUOTE_LIMIT = 40


def quote(value: object) -> str:
    """File text in a message: one line, cut short, quoted."""
    return f"'{safe_text(str(value), _QUOTE_LIMIT)}'"


def kind_of(value: object) -> str:
    """What a JSON value is, in words: ``a number``, ``a list`` ..."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


@dataclass(frozen=True)
class Shape:
    """The top-level keys of a format's record."""

    name: str  # "prompt and completion"
    required: frozenset[str]
    optional: frozenset[str] = frozenset()
    why: Mapping[str, str] = field(default_factory=dict)  # why a required key is needed
    others: bool = False  # any other key is allowed too (RFT: the grader gets them)

    @property
    def keys(self) -> frozenset[str]:
        return self.required | self.optional


def check_keys(record: dict[str, Any], shape: Shape, found: Found) -> None:
    """One problem for keys that are missing or unexpected, whichever the case."""
    keys = shape.keys
    if shape.required.issubset(record) and (shape.others or keys.issuperset(record)):
        return
    extra = [] if shape.others else [key for key in record if key not in keys]
    missing = sorted(shape.required.difference(record))
    needs = _listed(sorted(shape.required))
    if shape.optional:
        needs += f" (and may have {_listed(sorted(shape.optional))})"
    if extra and missing:
        are = "key is" if len(extra) == 1 else "keys are"
        message = f"the {are} {_quoted(extra)}; the {shape.name} format needs {needs}"
    elif extra:
        word = "key" if len(extra) == 1 else "keys"
        message = f"unexpected {word} {_quoted(extra)}; the {shape.name} format has {needs}"
    else:
        verb = "is" if len(missing) == 1 else "are"
        message = f"{_listed(missing)} {verb} missing"
        reasons = [shape.why[key] for key in missing if key in shape.why]
        if reasons:
            message += "; " + "; ".join(reasons)
    found.append(("keys", message, "error"))


def _quoted(keys: list[str]) -> str:
    shown = ", ".join(quote(k) for k in keys[:3])
    return shown + (" ..." if len(keys) > 3 else "")


def _listed(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def check_turns(
    roles: Sequence[object], customization_type: str, found: Found, *, single_turn: bool, name: str
) -> None:
    """Turns alternate user and assistant from the user; a fine-tuning record ends answered."""
    if not roles:
        found.append(("roles", "messages is empty; a record needs at least a user turn", "error"))
        return
    for index, role in enumerate(roles, 1):
        if role not in (USER, ASSISTANT):
            hint = " (put system text in the top-level system)" if role == SYSTEM else ""
            found.append(
                (
                    "roles",
                    f"message {index} has role {quote(role)}; roles are 'user' or"
                    f" 'assistant'{hint}",
                    "error",
                )
            )
            return
    if roles[0] != USER:
        found.append(("roles", "the first turn is the assistant's; start with the user's", "error"))
        return
    for index in range(1, len(roles)):
        if roles[index] == roles[index - 1]:
            found.append(
                (
                    "roles",
                    f"messages {index} and {index + 1} are both from the {roles[index]};"
                    " turns must alternate user and assistant (merge the two)",
                    "error",
                )
            )
            return
    if single_turn and len(roles) > 2:
        found.append(
            (
                "roles",
                f"{len(roles)} turns; distillation of {name} takes one prompt a line (a user turn"
                " and, optionally, the assistant's answer)",
                "error",
            )
        )
    if customization_type == FINE_TUNING and roles[-1] != ASSISTANT:
        found.append(
            (
                "roles",
                "the last turn is from the user; fine-tuning needs it to end with the"
                " assistant's answer",
                "error",
            )
        )
