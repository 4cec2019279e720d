"""Requests in and out of ftui: the AWS CLI's ``--cli-input-json`` files, and jobs to clone.

A ``--cli-input-json`` file for ``aws bedrock create-model-customization-job`` is the API
request as a JSON object, so import and export are lossless: JSON -> profile -> JSON gives the
same request. The exceptions are values TOML cannot hold (``null``), which are invalid in a
request anyway; importing drops them and says so.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ftui.core import profile_types
from ftui.core.catalog import parse_model_identifier
from ftui.core.draft import Draft
from ftui.core.problems import format_loc
from ftui.core.request import REQUEST_MEMBERS
from ftui.core.sources import SourceError, parse_json, read_source

Kind = Literal["profile", "cli-json"]


@dataclass
class LoadedRequest:
    """A request read from a file, with what the file said besides."""

    draft: Draft
    kind: Kind
    path: Path
    region: str | None = None
    description: str = ""
    notes: list[str] = field(default_factory=list)


def load_request_file(path: Path) -> LoadedRequest:
    """Read a profile TOML or a ``--cli-input-json`` file; :class:`SourceError` if neither."""
    _, text = read_source(path)
    if _looks_like_json(path, text):
        return LoadedRequest(draft_from_cli_json(text, path), "cli-json", path)
    profile = profile_types.loads(text, path=path, name=path.stem)
    return LoadedRequest(
        profile.draft, "profile", path, region=profile.region, description=profile.description
    )


def _looks_like_json(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return True
    if suffix == ".toml":
        return False
    return text.lstrip().startswith("{")


def draft_from_cli_json(text: str, path: Path | str = "<input>") -> Draft:
    data = parse_json(text, path)
    if not isinstance(data, dict):
        raise SourceError(
            path,
            "a --cli-input-json file holds one JSON object, { ... }, with the request's fields",
            line=1,
        )
    return Draft(data, toml_numbers=False)


def to_cli_json(draft: Draft) -> str:
    """The request as ``aws bedrock create-model-customization-job --cli-input-json`` reads it."""
    wire = draft.wire()
    ordered = {k: wire[k] for k in REQUEST_MEMBERS if k in wire}
    ordered.update({k: v for k, v in wire.items() if k not in ordered})
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


def aws_cli_command(draft: Draft, region: str | None) -> str:
    """The same request as one AWS CLI command, ready to paste into a shell.

    One argument a line with ``\\`` continuations and the JSON indented inside its quotes: the
    command can be copied off a narrow screen as well as with the clipboard, and still pastes
    as one command.
    """
    body = json.dumps(json.loads(to_cli_json(draft)), indent=2, ensure_ascii=False)
    lines = ["aws bedrock create-model-customization-job"]
    if region:
        lines.append(f"  --region {shlex.quote(region)}")
    lines.append(f"  --cli-input-json {shlex.quote(body)}")
    return " \\\n".join(lines)


def storable(draft: Draft) -> tuple[Draft, list[str]]:
    """A copy of ``draft`` that a TOML profile can hold, and a note for each value dropped."""
    notes: list[str] = []

    def walk(node: Any, loc: tuple[str | int, ...]) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if value is None:
                    notes.append(f"{format_loc((*loc, key))}: dropped null")
                else:
                    out[key] = walk(value, (*loc, key))
            return out
        if isinstance(node, list):
            kept = []
            for index, value in enumerate(node):
                if value is None:
                    notes.append(f"{format_loc((*loc, index))}: dropped null")
                else:
                    kept.append(walk(value, (*loc, index)))
            return kept
        return node

    return Draft(walk(draft.request, ()), toml_numbers=draft.toml_numbers), notes


# --- cloning a job ------------------------------------------------------------------------------

_COPIED = (
    "roleArn",
    "customizationType",
    "trainingDataConfig",
    "validationDataConfig",
    "outputDataConfig",
    "hyperParameters",
    "vpcConfig",
    "customizationConfig",
)


def draft_from_job(
    job: Mapping[str, Any],
    *,
    job_tags: list[dict[str, str]] | None = None,
    model_tags: list[dict[str, str]] | None = None,
    rename: bool = True,
) -> Draft:
    """A draft of the request behind ``job`` (a ``GetModelCustomizationJob`` response).

    With ``rename`` (a clone), the job and model names get the next suffix, so the draft is a
    new job; the idempotency token is always left out. Tags are not in the Get response: pass
    them when known.
    """
    rename_to = next_name if rename else str
    request: dict[str, Any] = {}
    if job.get("jobName"):
        request["jobName"] = rename_to(str(job["jobName"]))
    model_name = job.get("outputModelName")
    if model_name:
        request["customModelName"] = rename_to(str(model_name))
    base = job.get("baseModelArn") or job.get("baseModelIdentifier")
    if isinstance(base, str):
        model_id, custom = parse_model_identifier(base)
        request["baseModelIdentifier"] = model_id if model_id and not custom else base
    for key in _COPIED:
        value = job.get(key)
        if value is not None:
            request[key] = _json_copy(value)
    kms = job.get("outputModelKmsKeyArn")
    if kms:
        request["customModelKmsKeyId"] = kms
    if job_tags:
        request["jobTags"] = [dict(t) for t in job_tags]
    if model_tags:
        request["customModelTags"] = [dict(t) for t in model_tags]
    ordered = {k: request[k] for k in REQUEST_MEMBERS if k in request}
    return Draft(ordered, toml_numbers=True)


def _json_copy(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


_COUNTER = re.compile(r"^(?P<stem>.*?)(?P<sep>[-_.]v?|(?<=[-_.])v)(?P<number>[0-9]+)$")


def next_name(name: str, limit: int = 63) -> str:
    """``job-007`` -> ``job-008``, ``bot-v1`` -> ``bot-v2``, ``job`` -> ``job-2``.

    The result stays within ``limit`` characters.
    """
    found = _COUNTER.match(name)
    if found and found["stem"] and found["sep"]:
        number = found["number"]
        bumped = str(int(number) + 1).zfill(len(number))
        stem, sep = found["stem"], found["sep"]
    else:
        stem, sep, bumped = name, "-", "2"
    stem = stem[: max(1, limit - len(sep) - len(bumped))].rstrip("-_.")
    bumped_name = f"{stem}{sep}{bumped}"
    if len(bumped_name) > limit:
        # job-99…9 grew a digit and leaves no room for the stem: the new number alone is new.
        return bumped_name[-limit:].lstrip("-_.")
    return bumped_name
