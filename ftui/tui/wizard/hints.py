"""Short hints under field labels, read from the request model: one source for every rule."""

from __future__ import annotations

from pydantic import BaseModel

from ftui.core.constraints import INT32_MAX, Spec, spec_of


def hint(model: type[BaseModel], name: str, *, required: bool | None = None) -> str:
    """``required · 1-63 characters`` and the like."""
    spec = spec_of(model, name)
    parts = ["required" if (spec.required if required is None else required) else "optional"]
    limits = _limits(spec)
    if limits:
        parts.append(limits)
    return " · ".join(parts)


def _limits(spec: Spec) -> str:
    low, high = spec.min, spec.max
    if spec.kind == "string" and spec.enum is None:
        if high is not None and low not in (None, 0):
            return f"{int(low or 0)}–{int(high)} characters"
        if high is not None:
            return f"up to {int(high)} characters"
    if spec.kind == "list" and high is not None:
        return f"{int(low or 0)}–{int(high)} items"
    if spec.kind in ("integer", "float") and high is not None and high != INT32_MAX:
        return f"{low:g}–{high:g}"
    if spec.kind == "integer":
        return "whole number"
    return ""
