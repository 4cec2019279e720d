"""Constraint markers for request fields, and a reader that turns a field back into its constraints.

The request model states each constraint once, as annotated metadata; forms, the CLI, the
emulator and the service-model test all read it back through :func:`spec_of`.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args, get_origin

import annotated_types
from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1


@dataclass(frozen=True)
class Pattern:
    """A service-model pattern, matched against the whole value.

    AWS's patterns are Java regular expressions; compiling with ``re.ASCII`` gives ``\\d`` and
    ``\\s`` the same meaning as in Java. ``hint`` tells a person what the pattern allows.
    ``safe`` is an equivalent expression used for matching where the service's own one
    backtracks exponentially (a bad value typed into a form must not freeze the app).
    """

    regex: str
    hint: str
    safe: str | None = None

    def compiled(self) -> re.Pattern[str]:
        return _compile(self.safe or self.regex)

    def matches(self, value: str) -> bool:
        return self.compiled().fullmatch(value) is not None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        compiled = self.compiled()
        hint = self.hint
        regex = self.regex

        def check(value: str) -> str:
            if compiled.fullmatch(value) is None:
                raise PydanticCustomError("aws_pattern", "{hint}", {"hint": hint, "pattern": regex})
            return value

        return core_schema.no_info_after_validator_function(check, handler(source))


_COMPILED: dict[str, re.Pattern[str]] = {}


def _compile(regex: str) -> re.Pattern[str]:
    compiled = _COMPILED.get(regex)
    if compiled is None:
        compiled = _COMPILED[regex] = re.compile(regex, re.ASCII)
    return compiled


@dataclass
class Spec:
    """What a field accepts, in the vocabulary of botocore's service model."""

    kind: str  # string | integer | float | boolean | structure | list | map
    required: bool = False
    min: float | None = None
    max: float | None = None
    pattern: Pattern | None = None
    enum: tuple[str, ...] | None = None
    description: str = ""
    model: type[BaseModel] | None = None  # structure
    member: Spec | None = None  # list item
    key: Spec | None = None  # map key
    value: Spec | None = None  # map value
    union: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


_SCALARS: dict[type, str] = {str: "string", int: "integer", float: "float", bool: "boolean"}


def spec_of(model: type[BaseModel], name: str) -> Spec:
    """The constraints of ``model``'s field ``name``."""
    info = model.model_fields[name]
    spec = _spec_from(info.annotation, list(info.metadata))
    spec.required = info.is_required()
    spec.description = info.description or ""
    return spec


def _spec_from(annotation: Any, metadata: list[Any]) -> Spec:
    annotation, metadata = _unwrap(annotation, metadata)
    origin = get_origin(annotation)
    if origin is Literal:
        spec = Spec("string", enum=tuple(get_args(annotation)))
    elif origin is list:
        (item,) = get_args(annotation)
        spec = Spec("list", member=_spec_from(item, []))
    elif origin is dict:
        key, value = get_args(annotation)
        spec = Spec("map", key=_spec_from(key, []), value=_spec_from(value, []))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        union = bool(getattr(annotation, "__aws_union__", False))
        spec = Spec("structure", model=annotation, union=union)
    elif annotation in _SCALARS:
        spec = Spec(_SCALARS[annotation])
    else:  # pragma: no cover - a model author's mistake, caught by the service-model test
        raise TypeError(f"unsupported annotation {annotation!r}")
    for item in metadata:
        _apply(spec, item)
    return spec


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """Strip ``Optional`` and ``Annotated`` layers, collecting their metadata."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            base, *extra = get_args(annotation)
            annotation, metadata = base, [*extra, *metadata]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:  # pragma: no cover - not used by the request model
                raise TypeError(f"unsupported union {annotation!r}")
            annotation = members[0]
        else:
            return annotation, metadata


def _apply(spec: Spec, item: Any) -> None:
    if isinstance(item, Pattern):
        spec.pattern = item
    elif isinstance(item, annotated_types.MinLen):
        spec.min = item.min_length
    elif isinstance(item, annotated_types.MaxLen):
        spec.max = item.max_length
    elif isinstance(item, annotated_types.Ge):
        spec.min = item.ge  # type: ignore[assignment]
    elif isinstance(item, annotated_types.Le):
        spec.max = item.le  # type: ignore[assignment]
    elif isinstance(item, annotated_types.Interval):
        if item.ge is not None:
            spec.min = item.ge  # type: ignore[assignment]
        if item.le is not None:
            spec.max = item.le  # type: ignore[assignment]
    elif hasattr(item, "metadata"):  # pydantic FieldInfo-like groupings
        for inner in item.metadata:
            _apply(spec, inner)
