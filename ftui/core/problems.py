"""Problems found in a request or a file: where (a field path), what, and how bad."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, get_args

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ftui.core.constraints import INT32_MAX, INT32_MIN, Pattern
from ftui.core.request import S3Uri
from ftui.core.spelling import did_you_mean

Loc = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request, at a field path such as ``jobTags[0].key``."""

    loc: Loc
    message: str
    severity: Severity = Severity.ERROR
    code: str = "invalid"
    # The offending value, and the constraint as AWS words it ("Member must have length less
    # than or equal to 63"), where known; neither is part of a problem's identity.
    value: Any = field(default=None, compare=False, hash=False)
    aws: str | None = field(default=None, compare=False, hash=False)

    @property
    def path(self) -> str:
        return format_loc(self.loc)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        prefix = "" if self.is_error else "warning: "
        return f"{self.path}: {prefix}{self.message}"


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def format_loc(loc: Sequence[str | int]) -> str:
    """``("jobTags", 0, "key")`` -> ``jobTags[0].key``; odd map keys quoted: ``equals["a b"]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _PLAIN_KEY.fullmatch(part):
            out += f"[{json.dumps(part)}]"
        else:
            out += f".{part}" if out else part
    return out or "(request)"


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


_TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a table of keys and values",
    "model_type": "a table of keys and values",
    "model_attributes_type": "a table of keys and values",
    "list_type": "a list",
    "literal_error": "one of the listed values",
}


def describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"the whole number {value}"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return type(value).__name__


def from_validation_error(error: ValidationError, model: type[Any] | None = None) -> list[Problem]:
    """Turn pydantic's errors into messages a person can act on."""
    return [_translate(detail, model) for detail in error.errors(include_url=False)]


def _translate(detail: ErrorDetails, model: type[Any] | None) -> Problem:
    kind = detail["type"]
    loc: Loc = tuple(detail["loc"])
    ctx = detail.get("ctx") or {}
    value = detail.get("input")
    # A failed map key is reported by pydantic at (..., key, "[key]").
    is_key = bool(loc) and loc[-1] == "[key]"
    if is_key:
        loc = loc[:-1]
    prefix = "key: " if is_key else ""
    if kind == "missing":
        return Problem(loc, "is required", code="required", aws="Member must not be null")
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        known = _known_members(model, loc[:-1])
        hint = did_you_mean(name, known) if known else ""
        listing = f" (known: {', '.join(known)})" if known and not hint else ""
        return Problem(loc, f"unknown field{hint}{listing}", code="unknown")
    if kind == "aws_pattern":
        explained = _explain_pattern(str(ctx["pattern"]), value, loc)
        return Problem(
            loc,
            f"{prefix}{explained or ctx['hint']}",
            code="pattern",
            value=value,
            aws=f"Member must satisfy regular expression pattern: {ctx['pattern']}",
        )
    if kind == "aws_union":
        return Problem(loc, str(detail["msg"]), code="union")
    if kind in ("string_too_short", "string_too_long"):
        low, high = _length_bounds(model, loc, ctx, key=is_key)
        return Problem(
            loc,
            f"{prefix}must be {_span(low, high, 'character')} long (it has {len(value)})",
            code="length",
            value=value,
            aws=_aws_bound("length", kind.endswith("long"), low, high),
        )
    if kind in ("too_short", "too_long"):
        low, high = _length_bounds(model, loc, ctx)
        count = ctx.get("actual_length", len(value) if hasattr(value, "__len__") else "?")
        noun = "entry" if isinstance(value, dict) else "item"
        return Problem(
            loc,
            f"must have {_span(low, high, noun)} (it has {count})",
            code="size",
            aws=_aws_bound("length", kind == "too_long", low, high),
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = _number_bounds(model, loc, ctx)
        if (low, high) == (INT32_MIN, INT32_MAX):  # the range only the type implies
            side = f"at most {high}" if value > 0 else f"at least {low}"
            wanted = f"a 32-bit whole number, {side}"
        elif high is None:
            wanted = f"at least {low}"
        elif low is None:
            wanted = f"at most {high}"
        else:
            wanted = f"from {low} to {high}"
        return Problem(
            loc,
            f"must be {wanted} (it is {value!r})",
            code="range",
            value=value,
            aws=_aws_bound("value", kind.startswith("less"), low, high),
        )
    if kind == "value_error":
        return Problem(loc, str(detail["msg"]).removeprefix("Value error, "), code="invalid")
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        spec = _field_spec(model, loc)
        listed = ", ".join(spec.enum) if spec is not None and spec.enum else expected
        hint = (
            did_you_mean(value, spec.enum)
            if spec is not None and spec.enum and isinstance(value, str)
            else ""
        )
        return Problem(
            loc,
            f"must be one of {expected} (it is {value!r}){hint}",
            code="enum",
            value=value,
            aws=f"Member must satisfy enum value set: [{listed}]",
        )
    if kind == "finite_number":
        return Problem(loc, "must be a finite number", code="type")
    if kind in _TYPE_NAMES:
        wanted = _TYPE_NAMES[kind]
        message = f"{prefix}must be {wanted}, not {describe_value(value)}"
        return Problem(loc, message, code="type", value=value)
    return Problem(loc, f"{prefix}{detail['msg']}", code=kind)


def _aws_bound(what: str, too_big: bool, low: Any, high: Any) -> str:
    if too_big:
        return f"Member must have {what} less than or equal to {high}"
    return f"Member must have {what} greater than or equal to {low}"


def _span(low: Any, high: Any, noun: str) -> str:
    def plural(n: Any) -> str:
        if n == 1:
            return noun
        return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"

    if low in (None, 0) and high is not None:
        return f"at most {high} {plural(high)}"
    if high is None:
        return f"at least {low} {plural(low)}"
    if low == high:
        return f"exactly {low} {plural(low)}"
    return f"{low} to {high} {plural(high)}"


def _field_spec(model: type[Any] | None, loc: Loc, *, key: bool = False) -> Any:
    """Walk the model along ``loc`` and return the constraint spec there, if any.

    With ``key``, the last part of ``loc`` names a map key and its key spec is returned.
    """
    from ftui.core.constraints import Spec, spec_of

    if model is None:
        return None
    spec: Spec | None = None
    current: type[Any] | None = model
    for index, part in enumerate(loc):
        if isinstance(part, int):
            spec = spec.member if spec is not None else None
        elif spec is not None and spec.kind == "map":
            spec = spec.key if key and index == len(loc) - 1 else spec.value
        elif current is not None and part in getattr(current, "model_fields", {}):
            spec = spec_of(current, part)
        else:
            return None
        current = spec.model if spec is not None else None
    return spec


def _known_members(model: type[Any] | None, loc: Loc) -> list[str]:
    spec = _field_spec(model, loc) if loc else None
    target = spec.model if spec is not None else (model if not loc else None)
    return list(getattr(target, "model_fields", {}))


def _length_bounds(
    model: type[Any] | None, loc: Loc, ctx: dict[str, Any], *, key: bool = False
) -> tuple[Any, Any]:
    spec = _field_spec(model, loc, key=key)
    low = spec.min if spec is not None else ctx.get("min_length")
    high = spec.max if spec is not None else ctx.get("max_length")
    return low, high


def _number_bounds(model: type[Any] | None, loc: Loc, ctx: dict[str, Any]) -> tuple[Any, Any]:
    spec = _field_spec(model, loc)
    if spec is not None:
        return spec.min, spec.max
    return ctx.get("ge", ctx.get("gt")), ctx.get("le", ctx.get("lt"))


# --- S3 URIs ----------------------------------------------------------------------------------
# botocore's S3Uri pattern packs S3's bucket naming rules and its own key rules into one regular
# expression, and its hint can only list them all. When a URI fails the pattern, say which rule
# it breaks. The verdict stays the pattern's: these functions only explain it.

_S3_REGEX = next(m.regex for m in get_args(S3Uri) if isinstance(m, Pattern))
_S3_SCHEME = "s3://"
# An example of what each field holds: the output is a prefix, the data sets are files.
_EXAMPLES = {
    "outputDataConfig": "s3://my-bucket/output/",
    "invocationLogSource": "s3://my-bucket/invocation-logs/",
    "validators": "s3://my-bucket/data/validation.jsonl",
}
_EXAMPLE = "s3://my-bucket/data/train.jsonl"
_BUCKET_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")
_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-!_*'().")
_USE_BUCKET = "use lowercase letters, digits, dots and hyphens"
_IPV4 = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3}){3}")
# S3 reserves these for its own names (access points, Multi-Region Access Points, ...).
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3")


def _explain_pattern(regex: str, value: Any, loc: Loc = ()) -> str | None:
    """What exactly is wrong with a value its pattern refused, where ftui can say."""
    if regex != _S3_REGEX or not isinstance(value, str):
        return None
    refused, unlike_s3 = explain_s3_uri(value, loc)
    return "; ".join(refused + unlike_s3) or None


def explain_s3_uri(uri: str, loc: Loc = ()) -> tuple[list[str], list[str]]:
    """Why ``uri`` is not a usable S3 URI: (what botocore's pattern refuses, what S3 refuses).

    The first list is empty exactly when the pattern matches. The second names the bucket naming
    rules of S3 that the pattern does not check (``..``, an IP address, reserved names): such a
    URI passes the request model but names a bucket that cannot exist.
    """
    example = next((e for part, e in _EXAMPLES.items() if part in loc), _EXAMPLE)
    if not uri.startswith(_S3_SCHEME):
        scheme = uri[: len(_S3_SCHEME)]
        if scheme.lower() == _S3_SCHEME:
            return [f"must start with {_S3_SCHEME} in lower case, not {scheme}"], []
        return [f"must be an S3 URI starting with {_S3_SCHEME}, such as {example}"], []
    bucket, slash, key = uri[len(_S3_SCHEME) :].partition("/")
    if not bucket:
        return [f"has no bucket name: write {_S3_SCHEME}BUCKET/path, such as {example}"], []
    refused = _bucket_shape(bucket)
    if slash:
        refused += _key_shape(key)
    return refused, bucket_naming(bucket)


def _bucket_shape(bucket: str) -> list[str]:
    """The bucket naming rules botocore's pattern checks."""
    name = f"bucket name {bucket!r}"
    reasons = []
    if len(bucket) < 3:
        reasons.append(f"{name} is too short: 3 to 63 characters")
    elif len(bucket) > 63:
        reasons.append(f"{name} is too long: 3 to 63 characters (it has {len(bucket)})")
    odd = _listing(bucket, _BUCKET_CHARS, upper="upper-case letters")
    if odd:
        reasons.append(f"{name} has {odd}: {_USE_BUCKET}")
    # A misplaced character of the allowed set; any other is named above.
    ends = [end for end, char in (("start", bucket[0]), ("end", bucket[-1])) if char in ".-"]
    if ends:
        reasons.append(f"{name} must {' and '.join(ends)} with a lowercase letter or digit")
    return reasons


def bucket_naming(bucket: str) -> list[str]:
    """The rules S3 names buckets by that botocore's pattern leaves out."""
    name = f"bucket name {bucket!r}"
    reasons = []
    if ".." in bucket:
        reasons.append(f"{name} has '..': S3 bucket names never have two dots in a row")
    if _IPV4.fullmatch(bucket):
        reasons.append(f"{name} is an IP address: S3 bucket names may not be")
    reasons += [
        f"{name} starts with {prefix!r}, which S3 reserves"
        for prefix in _RESERVED_PREFIXES
        if bucket.startswith(prefix)
    ]
    reasons += [
        f"{name} ends with {suffix!r}, which S3 reserves"
        for suffix in _RESERVED_SUFFIXES
        if bucket.endswith(suffix)
    ]
    return reasons


def _key_shape(key: str) -> list[str]:
    """The object key rules of botocore's pattern: non-empty parts of a few characters."""
    reasons = []
    parts = key.removesuffix("/").split("/") if key else []
    if any(not part for part in parts):
        reasons.append("has an empty path part ('//'): write each folder name once")
    odd = _listing(key, _KEY_CHARS | {"/"}, space="spaces")
    if odd:
        reasons.append(
            f"the path after the bucket has {odd}: use letters, digits, '/' and"
            " - ! _ * ' ( ) . (no spaces)"
        )
    return reasons


def _listing(text: str, allowed: frozenset[str], *, upper: str = "", space: str = "") -> str:
    """The characters of ``text`` outside ``allowed``, named for a person: "'_' and spaces"."""
    found = sorted({c for c in text if c not in allowed}, key=text.index)
    named = []
    if upper and any(c.isascii() and c.isupper() for c in found):
        named.append(upper)
        found = [c for c in found if not (c.isascii() and c.isupper())]
    if space and " " in found:
        named.append(space)
        found.remove(" ")
    named = [repr(c) for c in found] + named
    if len(named) > 1:
        return f"{', '.join(named[:-1])} and {named[-1]}"
    return named[0] if named else ""
