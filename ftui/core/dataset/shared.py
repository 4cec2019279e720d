"""What the per-format rules share: how a problem is noted, how file text is quoted, roles."""

from __future__ import annotations

from collections.abc import Sequence

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


def unexpected_keys(
    record: dict[str, object], allowed: frozenset[str], found: Found, fmt: str
) -> None:
    extra = [key for key in record if key not in allowed]
    if extra:
        keys = ", ".join(quote(k) for k in extra[:3]) + (" ..." if len(extra) > 3 else "")
        word = "key" if len(extra) == 1 else "keys"
        expected = ", ".join(sorted(allowed))
        found.append(
            ("keys", f"unexpected {word} {keys}; the {fmt} format has {expected}", "error")
        )


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
