"""``ftui validate PATH...``: the verdict of Bedrock's request model and the catalog."""

from __future__ import annotations

import argparse
from pathlib import Path

from ftui.cli.common import elsewhere, err, one_region, out, store
from ftui.cli.exits import Exit
from ftui.core.interop import LoadedRequest, load_request_file
from ftui.core.profiles import ProfileError, UnreadableProfile
from ftui.core.sources import SourceError


def _load(args: argparse.Namespace, name: str) -> LoadedRequest:
    """A path, or failing that the name of a saved profile."""
    path = Path(name)
    if path.exists() or "/" in name or path.suffix in (".toml", ".json"):
        return load_request_file(path)
    try:
        _, _, found = store().resolve(name)
    except ProfileError:
        hint = elsewhere(args, name)
        if hint is not None:
            raise SourceError(path, f"no such file or profile; {hint}") from None
        return load_request_file(path)  # reports "no such file" for the path as given
    return load_request_file(found)


def run_validate(args: argparse.Namespace) -> int:
    region_override = one_region(args)
    unreadable = invalid = valid = 0
    for name in args.paths:
        try:
            loaded = _load(args, name)
        except SourceError as error:
            out(str(error))
            unreadable += 1
            continue
        except UnreadableProfile as error:
            out(str(error))
            unreadable += 1
            continue
        report = loaded.draft.validate(region=region_override or loaded.region)
        for problem in report.errors:
            out(f"{name}: {problem.path}: {problem.message}")
        if not args.quiet:
            for problem in report.warnings:
                err(f"{name}: {problem.path}: warning: {problem.message}")
        if report.ok:
            valid += 1
        else:
            invalid += 1
    if not args.quiet:
        total = valid + invalid + unreadable
        parts = [f"{valid} valid"]
        if invalid:
            parts.append(f"{invalid} invalid")
        if unreadable:
            parts.append(f"{unreadable} unreadable")
        err(f"checked {total} file{'s' if total != 1 else ''}: {', '.join(parts)}")
    if unreadable:
        return Exit.UNUSABLE
    return Exit.INVALID if invalid else Exit.OK
