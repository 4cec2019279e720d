"""``ftui validate PATH...``: the verdict of Bedrock's request model and the catalog."""

from __future__ import annotations

import argparse

from ftui.cli.common import err, out
from ftui.cli.exits import Exit
from ftui.cli.loading import LINE_LIMIT, load_target
from ftui.cli.target import one_region
from ftui.core.profiles import UnreadableProfile
from ftui.core.safe_text import safe_text
from ftui.core.sources import SourceError


def run_validate(args: argparse.Namespace) -> int:
    region_override = one_region(args)
    unreadable = invalid = valid = 0
    for name in args.paths:
        try:
            loaded = load_target(args, name)
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
