"""A request's path labels and query parameters checked against botocore's Bedrock model.

Bedrock validates these before it looks anything up, so an identifier that cannot be one
(``GET /model-customization-jobs/bad%20id``) or a filter outside its enum
(``byCustomizationType=BOGUS``) is a 400 ``ValidationException`` in its usual words, ``1
validation error detected: Value 'bad id' at 'jobIdentifier' failed to satisfy constraint:
Member must satisfy regular expression pattern: ...``, never a 404 or an empty list. boto3
checks some of this itself; a script, another SDK or a client with parameter validation off
does not, and then the emulator's answer is the one it gets.
"""

from __future__ import annotations

from typing import Any

from ftui.sim.bedrock import shapes
from ftui.sim.bedrock.model import validation
from ftui.sim.operations import service_model

# Numbers and times are parsed, and refused, where they are used (:mod:`listing`).
_PARSED_LATER = frozenset({"integer", "long", "timestamp"})


def check_request(operation: str, params: dict[str, str], query: dict[str, str]) -> None:
    """Raise the ValidationException Bedrock gives when a label or parameter breaks its shape."""
    model = service_model("bedrock")
    shape = model.operation_model(operation).input_shape if model is not None else None
    if shape is None:
        return
    found: list[str] = []
    for name, member in shape.members.items():
        where = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        given = params if where == "uri" else query if where == "querystring" else None
        if given is None or wire not in given:
            continue
        found += _problems(member, given[wire], name)
    if found:
        raise validation(shapes.message(found))


def _problems(member: Any, text: str, name: str) -> list[str]:
    kind = member.type_name
    if kind in _PARSED_LATER:
        return []
    if kind == "boolean" and text.lower() in ("true", "false"):
        return []
    # A boolean spelt otherwise is a string here, which the shape refuses as not true or false.
    return shapes.value_problems(member, text, name)


def flag(query: dict[str, str], name: str) -> bool | None:
    """A boolean query parameter, once :func:`check_request` has passed it; None when absent."""
    text = query.get(name)
    return None if text is None else text.lower() == "true"
