"""``ftui profiles ...``, ``ftui import`` and ``ftui export``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ftui.cli.common import confirm, err, out, profile_error, store
from ftui.cli.exits import Exit
from ftui.cli.target import one_region
from ftui.core import kinds
from ftui.core import profile_types as profile_files
from ftui.core.draft import Draft
from ftui.core.files import Output, OutputError, write_output
from ftui.core.interop import draft_from_cli_json, draft_from_job, storable, to_cli_json
from ftui.core.profiles import (
    Origin,
    Profile,
    ProfileEntry,
    ProfileError,
    ProfileExists,
    ProfileStore,
)
from ftui.core.safe_text import safe_text
from ftui.core.settings import REGION_NAME
from ftui.core.sources import SourceError, parse_json, read_source


def run(args: argparse.Namespace) -> int:
    try:
        return _ACTIONS[args.action](args, store(args))
    except ProfileError as error:
        err(profile_error(args, error, getattr(args, "name", "")))
        return Exit.UNUSABLE


def _entry_row(entry: ProfileEntry, region: str | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": entry.qualified_name,
        "origin": entry.origin.value,
        "path": str(entry.path),
        "modified": entry.modified.isoformat(timespec="seconds"),
    }
    if entry.profile is None:
        assert entry.error is not None
        row.update(state="unreadable", error=str(entry.error))
        return row
    draft = entry.profile.draft
    report = draft.validate(region=region or entry.profile.region)
    row.update(
        description=entry.profile.description,
        region=entry.profile.region,
        customizationType=kinds.kind_of(draft.request),
        baseModelIdentifier=draft.get(("baseModelIdentifier",)),
        jobName=draft.get(("jobName",)),
        state="valid" if report.ok else "invalid",
        errors=len(report.errors),
        warnings=len(report.warnings),
    )
    return row


CELL_LIMIT = 100


def _list(args: argparse.Namespace, profiles: ProfileStore) -> int:
    rows = [_entry_row(e, one_region(args)) for e in profiles.list()]
    if args.json:
        out(json.dumps(rows, indent=2))
        return Exit.OK
    if not rows:
        err(f"no profiles yet in {profiles.user_dir}")
        return Exit.OK
    headers = ("NAME", "TYPE", "BASE MODEL", "MODIFIED", "STATE")
    table = []
    for row in rows:
        if row["state"] == "unreadable":
            state = "unreadable"
        elif row["state"] == "invalid":
            state = f"{row['errors']} problem{'s' if row['errors'] != 1 else ''}"
        else:
            state = "ready"
        # A table for people, even through a pipe: what the files say is made visible and cut.
        table.append(
            (
                safe_text(row["name"], CELL_LIMIT),
                safe_text(str(row.get("customizationType") or "-"), CELL_LIMIT),
                safe_text(str(row.get("baseModelIdentifier") or "-"), CELL_LIMIT),
                row["modified"][:16].replace("T", " "),
                state,
            )
        )
    widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(headers)]
    out("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for line in table:
        out("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    for row in rows:
        if row["state"] == "unreadable":
            err(row["error"])
    return Exit.OK


def _show(args: argparse.Namespace, profiles: ProfileStore) -> int:
    profile = profiles.load(args.name)
    assert profile.path is not None and profile.modified is not None
    stamp = profile.modified.strftime("%Y-%m-%d %H:%M UTC")
    out(f"# {profile.path} ({profile.origin.value} profile, modified {stamp})")
    out(profile.path.read_text("utf-8").rstrip("\n"))
    report = profile.draft.validate(region=one_region(args) or profile.region)
    if report.problems:
        out(f"# {len(report.errors)} error(s), {len(report.warnings)} warning(s):")
        for problem in report.problems:
            out(f"#   {problem}")
    else:
        out("# valid: ready to submit")
    return Exit.OK if report.ok else Exit.INVALID


def _delete(args: argparse.Namespace, profiles: ProfileStore) -> int:
    refused = profiles.refuses_delete(args.name)
    if refused is not None:
        raise refused
    name, origin, path = profiles.resolve(args.name)
    if not args.yes and not confirm(
        f"Delete profile {profile_files.qualify(name, origin)!r} ({path})?"
    ):
        err("not deleted (pass --yes to delete without a question)")
        return Exit.UNUSABLE
    kept = profiles.delete(args.name)
    err(f"deleted {path}; a copy is kept at {kept}")
    return Exit.OK


def _rename(args: argparse.Namespace, profiles: ProfileStore) -> int:
    target = profiles.rename(args.name, args.new_name)
    err(f"renamed to {target}")
    return Exit.OK


def _duplicate(args: argparse.Namespace, profiles: ProfileStore) -> int:
    target = profiles.duplicate(args.name, args.new_name)
    err(f"copied to {target}")
    return Exit.OK


_ACTIONS = {
    "list": _list,
    "show": _show,
    "delete": _delete,
    "rename": _rename,
    "duplicate": _duplicate,
}


# --- import and export ------------------------------------------------------------------------


def _draft_from_file(path: Path) -> tuple[Draft, str | None, str, str]:
    """(draft, region, description, kind) from a cli-json, job JSON or profile file."""
    _, text = read_source(path)
    if path.suffix.lower() == ".toml" or not text.lstrip().startswith("{"):
        profile = profile_files.loads(text, path=path, name=path.stem)
        return profile.draft, profile.region, profile.description, "profile"
    data = parse_json(text, path)
    if isinstance(data, dict) and "jobArn" in data and "status" in data:
        # arn:aws:bedrock:REGION:ACCOUNT:model-customization-job/...; anything else: no region.
        parts = str(data["jobArn"]).split(":")
        region = parts[3] if len(parts) > 3 and REGION_NAME.fullmatch(parts[3]) else None
        description = f"Clone of {data.get('jobName', 'a job')}"
        return draft_from_job(data), region, description, "job"
    return draft_from_cli_json(text, path), None, "", "cli-json"


def run_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        draft, region, description, kind = _draft_from_file(path)
    except SourceError as error:
        err(str(error))
        return Exit.UNUSABLE
    draft, notes = storable(draft)
    for note in notes:
        err(f"{path}: {note}")
    profile = Profile(
        name=args.name,
        draft=Draft(draft.request, toml_numbers=True),
        description=description,
        region=one_region(args) or region,
        origin=Origin.PROJECT if args.project else Origin.USER,
    )
    try:
        saved = store().save(profile, overwrite=args.force)
    except ProfileExists:
        err(
            f"error: a profile named {profile.qualified_name!r} already exists: pass --force to"
            " replace it, or choose another --name"
        )
        return Exit.UNUSABLE
    except ProfileError as error:
        err(f"error: {error}")
        return Exit.UNUSABLE
    report = profile.draft.validate(region=profile.region)
    err(f"imported {kind} {path} as {profile.qualified_name!r}: {saved}")
    for problem in report.problems:
        err(f"{saved}: {problem}")
    return Exit.OK


def run_export(args: argparse.Namespace) -> int:
    try:
        profile = store().load(args.name)
    except ProfileError as error:
        err(profile_error(args, error, args.name))
        return Exit.UNUSABLE
    text = profile_files.dumps(profile) if args.format == "toml" else to_cli_json(profile.draft)
    report = profile.draft.validate(region=one_region(args) or profile.region)
    if not report.ok:
        count = len(report.errors)
        err(f"note: {profile.qualified_name!r} has {count} problem(s); AWS would refuse it:")
        for problem in report.errors:
            err(f"  {problem}")
    if args.output in (None, "", "-"):
        out(text.removesuffix("\n"))  # out() is what makes stdout safe to a terminal
        return Exit.OK
    try:
        written = write_output(args.output, text.encode("utf-8"), force=args.force)
    except OutputError as error:
        err(f"error: {error}")
        return Exit.UNUSABLE
    err(f"{'replaced' if written.how is Output.REPLACED else 'wrote'} {written.path}")
    return Exit.OK
