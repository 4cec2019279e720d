"""The file format of a profile: TOML text to a request and back, refusing what it cannot hold.

::

    schema_version = 1
    description = "Support bot on Nova Micro"
    region = "us-east-1"

    [request]
    customizationType = "FINE_TUNING"
    ...

Reading refuses anything it could not write back (a region that is not a region name, a tree
nested deeper than ``sources.MAX_DEPTH``), and writing refuses anything it could not read back,
so a saved profile always opens again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from ftui.core.request import REQUEST_MEMBERS
from ftui.core.settings import REGION_NAME
from ftui.core.sources import SourceError, line_of_key, parse_toml, short_loc, tree_problem
from ftui.core.spelling import did_you_mean

SCHEMA_VERSION = 1
TOP_LEVEL = ("schema_version", "description", "region", "request")
_HEADER = (
    "# An ftui profile: a draft CreateModelCustomizationJob request for Amazon Bedrock.\n"
    "# Field names under [request] are the API's. Check it with: ftui validate FILE\n\n"
)


@dataclass
class ProfileDoc:
    """What a profile file holds."""

    request: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    region: str | None = None


class UnwritableProfile(ValueError):
    """The profile holds something its file could not hold, or could not be read back from."""


def to_toml(doc: ProfileDoc) -> str:
    """The TOML text of ``doc``; members in the API's order, nulls dropped."""
    if doc.region and not REGION_NAME.fullmatch(doc.region):
        raise UnwritableProfile(
            f"region {doc.region!r} is not an AWS region name such as us-east-1"
        )
    # The file nests the request one level down, under [request].
    problem = tree_problem({"description": doc.description, "request": doc.request})
    if problem is not None:
        loc, message = problem
        if loc[:1] == ("request",) and len(loc) > 1:
            loc = loc[1:]  # the request's own field names, as everywhere else
        raise UnwritableProfile(f"{short_loc(loc)}: {message}" if loc else message)
    request = _without_nulls(doc.request)
    ordered = {k: request[k] for k in REQUEST_MEMBERS if k in request}
    ordered.update({k: v for k, v in request.items() if k not in ordered})
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if doc.description:
        out["description"] = doc.description
    if doc.region:
        out["region"] = doc.region
    out["request"] = ordered
    return _HEADER + tomli_w.dumps(out)


def from_toml(text: str, path: Path | str) -> ProfileDoc:
    """Parse a profile file; :class:`SourceError` with the line for anything it cannot take."""
    doc = parse_toml(text, path)
    if "schema_version" not in doc:
        raise SourceError(
            path,
            "not an ftui profile: it has no schema_version (ftui profiles start with"
            f" schema_version = {SCHEMA_VERSION})",
            line=1,
        )
    version = doc["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise SourceError(
            path, "schema_version must be a whole number", line_of_key(text, "schema_version")
        )
    if version > SCHEMA_VERSION:
        raise SourceError(
            path,
            f"written by a newer ftui (schema_version {version}; this ftui reads"
            f" {SCHEMA_VERSION}): upgrade ftui to open it",
            line_of_key(text, "schema_version"),
        )
    if version < 1:
        raise SourceError(
            path, f"schema_version {version} is not valid", line_of_key(text, "schema_version")
        )
    for key in doc:
        if key not in TOP_LEVEL:
            hint = did_you_mean(key, TOP_LEVEL)
            if not hint and key in REQUEST_MEMBERS:
                hint = "; request fields go under [request]"
            raise SourceError(path, f"unknown top-level key {key!r}{hint}", line_of_key(text, key))
    for key in ("description", "region"):
        if key in doc and not isinstance(doc[key], str):
            raise SourceError(path, f"{key} must be a string", line_of_key(text, key))
    region = doc.get("region") or None
    if region is not None and not REGION_NAME.fullmatch(region):
        raise SourceError(
            path,
            f"region {region!r} is not an AWS region name such as us-east-1",
            line_of_key(text, "region"),
        )
    request = doc.get("request", {})
    if not isinstance(request, dict):
        raise SourceError(path, "request must be a table: [request]", line_of_key(text, "request"))
    return ProfileDoc(_plain(request), doc.get("description", ""), region)


# Both recurse: safe because parse_toml and tree_problem bound the depth first.


def _plain(node: Any) -> Any:
    """TOML's dates and times have no place in a request; keep them as text so they show up."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if hasattr(node, "isoformat"):
        return node.isoformat()
    return node


def _without_nulls(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_nulls(v) for k, v in node.items() if v is not None}
    if isinstance(node, list):
        return [_without_nulls(v) for v in node if v is not None]
    return node
