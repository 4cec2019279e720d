"""An AWS answer checked against botocore's model of it: each way it is not what the operation's
output shape says, and the members of a JSON body the shape does not have."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StringShape, StructureShape

_SCALARS: dict[str, Callable[[Any], bool]] = {
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "long": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "double": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "timestamp": lambda v: isinstance(v, datetime),
    "blob": lambda v: isinstance(v, bytes | bytearray) or hasattr(v, "read"),  # or a stream
}
# Strings botocore's own handlers decode: IAM's URL-encoded policy documents become objects.
_DECODED_JSON = frozenset({"policyDocumentType"})


def shape_problems(shape: Shape, value: Any, path: str = "") -> list[str]:
    """Each way ``value`` (as botocore parsed it) is not what ``shape`` says, with its path."""
    where = path or "(answer)"
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__}, not an object"]
        found = []
        for name, member in shape.members.items():
            inner = f"{path}.{name}" if path else name
            # None is an empty element read by a botocore customization (GetBucketLocation's
            # LocationConstraint in us-east-1): absent, as the JSON parsers leave out null.
            if value.get(name) is not None:
                found += shape_problems(member, value[name], inner)
            elif name in shape.required_members:
                found.append(f"{inner}: required, missing")
        return found
    if isinstance(shape, ListShape):
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__}, not a list"]
        found = []
        for index, item in enumerate(value):
            found += shape_problems(shape.member, item, f"{path}[{index}]")
        return found
    if isinstance(shape, MapShape):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__}, not a map"]
        found = []
        for key, item in value.items():
            found += shape_problems(shape.key, key, f"{path} key {key!r}")
            found += shape_problems(shape.value, item, f"{path}[{key!r}]")
        return found
    if isinstance(shape, StringShape):
        if shape.name in _DECODED_JSON and isinstance(value, dict):
            return []
        if not isinstance(value, str):
            return [f"{where}: {type(value).__name__} {value!r}, not a string"]
        if shape.enum and value not in shape.enum:
            return [f"{where}: {value!r} is none of {shape.name}'s values"]
        return []
    check = _SCALARS.get(shape.type_name)
    if check is not None and not check(value):
        return [f"{where}: {type(value).__name__} {value!r}, not a {shape.type_name}"]
    return []


def unknown_members(shape: Shape, value: Any, path: str = "") -> list[str]:
    """Members of a JSON body the shape does not have: botocore drops them unread, so a
    misspelt member would read as a missing one."""
    found = []
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        by_wire = {m.serialization.get("name", n): (n, m) for n, m in shape.members.items()}
        for key, item in value.items():
            if key not in by_wire:
                found.append(f"{path}.{key}" if path else key)
                continue
            name, member = by_wire[key]
            found += unknown_members(member, item, f"{path}.{name}" if path else name)
    elif isinstance(shape, ListShape) and isinstance(value, list):
        for index, item in enumerate(value):
            found += unknown_members(shape.member, item, f"{path}[{index}]")
    elif isinstance(shape, MapShape) and isinstance(value, dict):
        for key, item in value.items():
            found += unknown_members(shape.value, item, f"{path}[{key!r}]")
    return found
