"""Hyperparameter values checked against the catalog table of the base model's family.

On the wire every value is a string; a value must read as its parameter's type (Java's
``Integer.parseInt`` or ``Double.parseDouble`` on the service side, so no underscores, no
spaces, no ``2.0`` for a whole number) or be one of the documented words such as ``auto``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ftui.core.catalog import Family, HyperParameter
from ftui.core.problems import Problem, Severity
from ftui.core.spelling import did_you_mean

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")

LOC = "hyperParameters"


def read_number(text: str, *, whole: bool) -> int | float | None:
    """``text`` as the number AWS would read it (ASCII digits, finite); None if it is not one.

    Python's ``int()`` and ``float()`` also take ``1_000``, ``٣``, ``nan`` and ``1e309``
    (infinity): a field typed with those keeps the text, for the checks to explain.
    """
    pattern = _INT if whole else _FLOAT
    if not pattern.fullmatch(text):
        return None
    try:
        number: int | float = int(text) if whole else float(text)
    except ValueError:  # more digits than Python reads (4300)
        return None
    return number if whole or math.isfinite(number) else None


def parse_value(spec: HyperParameter, text: str) -> float | str:
    """The number (or documented word) ``text`` stands for; ``ValueError`` with a reason if none."""
    for word in spec.literals:
        if text.lower() == word.lower():
            return word
    if text != text.strip():
        raise ValueError("has spaces around it")
    if spec.type == "int":
        if _INT.fullmatch(text):
            try:
                return int(text)
            except ValueError:  # more digits than Python turns into a number (4300)
                digits = len(text.lstrip("+-").lstrip("0"))
                raise ValueError(f"must be {_expect(spec)} (it has {digits} digits)") from None
        raise ValueError(f"must be a whole number, {_expect(spec)}")
    if _FLOAT.fullmatch(text):
        number = float(text)
        if math.isfinite(number):
            return number
    raise ValueError(f"must be a number, {_expect(spec)}")


def _expect(spec: HyperParameter) -> str:
    return f"{spec.range_text}" if spec.fixed else f"from {spec.range_text}"


def check_value(spec: HyperParameter, text: str) -> str | None:
    """Why ``text`` is not a valid value of ``spec``, or ``None`` when it is."""
    try:
        value = parse_value(spec, text)
    except ValueError as error:
        return str(error)
    if isinstance(value, str):
        return None
    if not spec.min <= value <= spec.max:
        if spec.fixed:
            return f"is {spec.range_text} (it is {_shown(text)})"
        return f"must be from {spec.range_text} (it is {_shown(text)})"
    return None


def _shown(text: str, limit: int = 40) -> str:
    """``text``, or its start and length when it is too long to quote whole."""
    return text if len(text) <= limit else f"{text[: limit // 2]}…, {len(text)} characters"


def check(
    values: Mapping[str, Any] | None,
    family: Family,
    table: Sequence[HyperParameter],
    *,
    model_name: str,
) -> list[Problem]:
    """Every problem of ``values`` against ``family``'s table.

    Families AWS has not documented get warnings instead of errors: their table is a guess.
    """
    severity = Severity.ERROR if family.documented else Severity.WARNING
    problems: list[Problem] = []
    known = {spec.name: spec for spec in table}
    given = dict(values or {})
    for name, value in given.items():
        spec = known.get(name)
        if spec is None:
            hint = did_you_mean(name, known)
            listing = "" if hint else f"; {model_name} takes {', '.join(known)}"
            problems.append(
                Problem(
                    (LOC, name),
                    f"{model_name} has no hyperparameter {name!r}{hint}{listing}",
                    severity,
                    code="hyperparameter",
                )
            )
            continue
        if not isinstance(value, str):
            continue  # a type error, reported by the request model
        reason = check_value(spec, value)
        if reason is not None:
            problems.append(
                Problem((LOC, name), f"{spec.label}: {reason}", severity, code="hyperparameter")
            )
    for spec in table:
        if spec.required and spec.name not in given:
            problems.append(
                Problem(
                    (LOC, spec.name),
                    f"{spec.label} is required for {model_name} (AWS gives no default):"
                    f" set a value from {spec.range_text}",
                    severity,
                    code="hyperparameter",
                )
            )
    if not family.documented and problems:
        note = family.note or "AWS publishes no hyperparameter table for this model"
        problems.append(Problem((LOC,), note, Severity.WARNING, code="hyperparameter"))
    return problems


def defaults(table: Sequence[HyperParameter]) -> dict[str, str]:
    """The values the console would pre-fill: each default, as a wire string."""
    return {spec.name: text for spec in table if (text := spec.default_text) is not None}


def whole(value: object) -> int | None:
    """A whole number as a request may hold one (``2``, ``"2"``, ``2.0``); None for words."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        number = read_number(value.strip(), whole=True)
        return int(number) if number is not None else None
    return None


def whole_setting(
    table: Mapping[str, HyperParameter], given: Mapping[str, Any], name: str
) -> int | str:
    """The whole number a job uses for ``name``: the request's, else the family's default in
    the catalog; or, in words, why there is none. The cost estimate and the progress plan
    both read epochs, batch size and steps this way."""
    spec = table.get(name)
    value = given.get(name)
    if value is None:
        if spec is None or spec.default is None:
            return f"set {name} to estimate"
        return int(spec.default)
    words = {w.lower() for w in spec.literals} if spec else set()
    if isinstance(value, str) and value.strip().lower() in words:
        return f"{name} is {value.strip()!r}: Bedrock chooses it, so nothing can be counted"
    number = whole(value)
    return number if number is not None else f"{name} {value!r} is not a whole number"
