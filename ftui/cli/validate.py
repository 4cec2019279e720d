"""``ftui validate PATH...``: the verdict of Bedrock's request model and the catalog."""

from __future__ import annotations

import argparse
from pathlib import Path

from ftui.cli.common import elsewhere, err, one_region, out, store
from ftui.cli.exits import Exit
from ftui.core.interop import LoadedRequest, load_request_file
from ftui.core.profiles import SUFFIX, ProfileError, UnreadableProfile
from ftui.core.safe_text import safe_text
from ftui.core.sources import SourceError


def _load(args: argparse.Namespace, name: str) -> LoadedRequest:
    """A path, or failing that the name of a saved profile.

    What looks like a path (a slash, a .toml or .json ending) is always a path, so
    ``ftui validate x.toml`` checks ./x.toml; when there is none but profile ``x`` exists, the
    message says how to check that instead.
    """
    path = Path(name)
    if _exists(path) or "/" in name or path.suffix in (".toml", ".json"):
        try:
            return load_request_file(path)
        except SourceError:
            missing = not _exists(path) and "/" not in name
            if missing and name.endswith(SUFFIX) and _is_profile(path.stem):
                raise SourceError(
                    path,
                    f"no such file; to check the profile {path.stem!r}: ftui validate {path.stem}",
                ) from None
            raise
    try:
        _, _, found = store().resolve(name)
    except ProfileError:
        hint = elsewhere(args, name)
        if hint is not None:
            raise SourceError(path, f"no such file or profile; {hint}") from None
        return load_request_file(path)  # reports "no such file" for the path as given
    return load_request_file(found)


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; a name the system cannot even look up (too long) does not."""
    try:
        return path.exists()
    except (OSError, ValueError):  # ENAMETOOLONG and the like; ValueError: a NUL in the name
        return False


def _is_profile(name: str) -> bool:
    try:
        store().resolve(name)
    except ProfileError:
        return False
    return True


LINE_LIMIT = 2000


def run_validate(args: argparse.Namespace) -> int:
    region_override = one_region(args)
    unreadable = invalid = valid = 0
    for name in args.paths:
        try:
            loaded = _load(args, name)
        except (SourceError, UnreadableProfile) as error:
            # Safe text: the name may hold what a pipe's strict UTF-8 cannot write (a file name
            # that is not UTF-8 comes as \udcff), or a newline.
            out(safe_text(str(error), LINE_LIMIT))
            unreadable += 1
            continue
        report = loaded.draft.validate(region=region_override or loaded.region)
        # One problem, one line, even through a pipe: a key in the file may hold a newline.
        for problem in report.errors:
            out(safe_text(f"{name}: {problem.path}: {problem.message}", LINE_LIMIT))
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
