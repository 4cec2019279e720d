"""Values typed by hand: a picker takes the filter's text as the value when it is a whole one.

The patterns follow what CreateModelCustomizationJob's fields accept (botocore's service
model), loosely: the wizard's checks say what is wrong with a value; here it only has to be
recognisably complete, so that typing to filter is not mistaken for a value.
"""

from __future__ import annotations

import re
from typing import Literal

PickKind = Literal[
    "s3-object",
    "s3-prefix",
    "role",
    "kms-key",
    "subnets",
    "security-groups",
    "lambda",
    "teacher",
    "invocation-logs",
]
Picked = str | list[str] | None

_PARTITION = r"arn:aws(?:-[a-z-]+)?"
_WHOLE: dict[str, re.Pattern[str]] = {
    "role": re.compile(rf"{_PARTITION}:iam::\d{{12}}:role/\S+"),
    "kms-key": re.compile(
        rf"{_PARTITION}:kms:[a-z0-9-]+:\d{{12}}:(?:key|alias)/[A-Za-z0-9/_-]+"
        r"|alias/[A-Za-z0-9/_-]+|[A-Za-z0-9-]{36}"
    ),
    "lambda": re.compile(
        rf"{_PARTITION}:lambda:[a-z0-9-]+:\d{{12}}:function:[A-Za-z0-9_.-]+(?::[$A-Za-z0-9_-]+)?"
    ),
    "teacher": re.compile(
        rf"{_PARTITION}:bedrock:[a-z0-9-]+:\d{{0,12}}:(?:foundation-model|inference-profile)/\S+"
        r"|[a-z0-9-]+\.[a-z0-9.-]+:[a-z0-9-]+(?::[a-z0-9-]+)?"
    ),
}
_IDS: dict[str, re.Pattern[str]] = {
    "subnets": re.compile(r"subnet-[0-9a-f]{8,17}"),
    "security-groups": re.compile(r"sg-[0-9a-f]{8,17}"),
}
_SEPARATORS = re.compile(r"[\s,]+")


def s3_parts(text: str) -> tuple[str, str] | None:
    """``s3://bucket/key`` → ``("bucket", "key")`` (the key may be empty); else None."""
    scheme, separator, rest = text.strip().partition("://")
    bucket, _, key = rest.partition("/")
    if scheme.lower() != "s3" or not separator or not bucket or any(c.isspace() for c in rest):
        return None
    return bucket, key


def typed_value(kind: PickKind, text: str) -> Picked:
    """The value ``text`` is for a field of ``kind`` when whole; None when it is not."""
    text = text.strip()
    if kind in _IDS:
        ids = [part for part in _SEPARATORS.split(text) if part]
        pattern = _IDS[kind]
        return ids if ids and all(pattern.fullmatch(i) for i in ids) else None
    if kind in ("s3-object", "s3-prefix", "invocation-logs"):
        parts = s3_parts(text)
        if parts is None:
            return None
        is_object = bool(parts[1]) and not parts[1].endswith("/")
        # A folder is a whole prefix, and the folder of the logs; an object must name one.
        return text if is_object or kind != "s3-object" else None
    pattern = _WHOLE[kind]
    return text if pattern.fullmatch(text) else None
