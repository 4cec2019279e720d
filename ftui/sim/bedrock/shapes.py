"""A request body checked against the operation's input shape in botocore's Bedrock model.

Types, required members, lengths, patterns, enums, ranges and list sizes, as Bedrock checks
them, with its message: ``1 validation error detected: Value 'x' at 'tags.1.member.key' failed
to satisfy constraint: Member must have length less than or equal to 128``. Unknown members are
ignored, as AWS ignores them. Everything is checked before anything is done, so a refused
request changes nothing.
"""

from __future__ import annotations

import functools
import json
import math
import re
from typing import Any

from ftui.sim.operations import service_model

# Deeper than any Bedrock shape; a body nested further is refused before anyone walks it.
MAX_DEPTH = 32


def problems(operation: str, body: dict[str, Any]) -> list[str]:
    """Each way ``body`` breaks the input shape of ``operation``, in AWS's words."""
    model = service_model("bedrock")
    shape = model.operation_model(operation).input_shape if model is not None else None
    if shape is None:
        return []
    out: list[str] = []
    _structure(shape, body, "", out, body_only=True)
    return out


def value_problems(shape: Any, value: Any, path: str) -> list[str]:
    """Each way one value breaks ``shape`` (a path label or a query parameter), in AWS's words."""
    out: list[str] = []
    _check(shape, value, path, out)
    return out


def message(found: list[str]) -> str:
    noun = "error" if len(found) == 1 else "errors"
    return f"{len(found)} validation {noun} detected: " + "; ".join(found)


def depth(value: Any) -> int:
    """How deeply ``value`` nests, without recursion (the value may nest deeper than Python)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        if isinstance(node, dict):
            stack += [(child, level + 1) for child in node.values()]
        elif isinstance(node, list):
            stack += [(child, level + 1) for child in node]
    return deepest


def _fail(out: list[str], value: Any, path: str, constraint: str) -> None:
    shown = "null" if value is None else f"'{_short(value)}'"
    out.append(f"Value {shown} at '{path}' failed to satisfy constraint: {constraint}")


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _check(shape: Any, value: Any, path: str, out: list[str]) -> None:
    kind = shape.type_name
    if kind == "structure":
        _structure(shape, value, path, out)
    elif kind == "list":
        _list(shape, value, path, out)
    elif kind == "map":
        _map(shape, value, path, out)
    elif kind == "string":
        _string(shape, value, path, out)
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            _fail(out, value, path, "Member must be a whole number")
        else:
            _range(shape, value, path, out)
    elif kind in ("float", "double"):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            _fail(out, value, path, "Member must be a number")
        else:
            _range(shape, value, path, out)
    elif kind == "boolean":
        if not isinstance(value, bool):
            _fail(out, value, path, "Member must be true or false")
    elif kind == "timestamp":
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            _fail(out, value, path, "Member must be a timestamp")
    elif kind == "blob" and not isinstance(value, str):
        _fail(out, value, path, "Member must be base64-encoded data")


def _structure(
    shape: Any, value: Any, path: str, out: list[str], *, body_only: bool = False
) -> None:
    if not isinstance(value, dict):
        _fail(out, value, path or "body", "Member must be an object")
        return
    for name, member in shape.members.items():
        if body_only and member.serialization.get("location"):
            continue  # in the path, the query or a header, not the body
        key = member.serialization.get("name", name)
        child = value.get(key)
        if child is None:
            if name in shape.required_members:
                _fail(out, None, _join(path, name), "Member must not be null")
            continue
        _check(member, child, _join(path, name), out)


def _list(shape: Any, value: Any, path: str, out: list[str]) -> None:
    if not isinstance(value, list):
        _fail(out, value, path, "Member must be a list")
        return
    _length(shape, value, path, out)
    for index, item in enumerate(value, start=1):
        item_path = f"{path}.{index}.member"
        if item is None:
            _fail(out, None, item_path, "Member must not be null")
        else:
            _check(shape.member, item, item_path, out)


def _map(shape: Any, value: Any, path: str, out: list[str]) -> None:
    if not isinstance(value, dict):
        _fail(out, value, path, "Member must be an object")
        return
    _length(shape, value, path, out)
    for key, item in value.items():
        _check(shape.key, key, path, out)
        if item is None:
            _fail(out, None, f"{path}.{key}", "Member must not be null")
        else:
            _check(shape.value, item, f"{path}.{key}", out)


def _string(shape: Any, value: Any, path: str, out: list[str]) -> None:
    if not isinstance(value, str):
        _fail(out, value, path, "Member must be a string")
        return
    enum = shape.enum
    if enum and value not in enum:
        _fail(out, value, path, f"Member must satisfy enum value set: [{', '.join(enum)}]")
        return
    _length(shape, value, path, out)
    pattern = shape.metadata.get("pattern")
    compiled = _pattern(pattern) if pattern else None
    if compiled is not None and not compiled.fullmatch(value):
        _fail(out, value, path, f"Member must satisfy regular expression pattern: {pattern}")


def _length(shape: Any, value: Any, path: str, out: list[str]) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and len(value) < low:
        _fail(out, value, path, f"Member must have length greater than or equal to {low}")
    if high is not None and len(value) > high:
        _fail(out, value, path, f"Member must have length less than or equal to {high}")


def _range(shape: Any, value: float, path: str, out: list[str]) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and value < low:
        _fail(out, value, path, f"Member must have value greater than or equal to {low}")
    if high is not None and value > high:
        _fail(out, value, path, f"Member must have value less than or equal to {high}")


@functools.cache
def _pattern(pattern: str) -> re.Pattern[str] | None:
    """AWS matches a pattern against the whole value; one Python cannot read is not checked."""
    try:
        return re.compile(pattern)
    except re.error:
        return None
