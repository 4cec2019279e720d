"""``ftui check NAME|FILE [--json]``: the pre-flight checks of a request against AWS.

Each check is printed as it finishes (they run in parallel), then a summary on stderr. With
``--json`` stdout holds one JSON array, one object per check in planned order, and nothing else.
"""

from __future__ import annotations

import argparse
import json
import threading
from collections import Counter

from ftui.cli.common import err, out, session
from ftui.cli.exits import Exit
from ftui.cli.loading import LINE_LIMIT, load_target
from ftui.cli.target import one_region
from ftui.core.preflight import CheckResult, Status, planned_checks, run_checks, verdict
from ftui.core.problems import format_loc
from ftui.core.profiles import UnreadableProfile
from ftui.core.safe_text import safe_text
from ftui.core.sources import SourceError

LABELS: dict[Status, str] = {"pass": "PASS", "fail": "FAIL", "warn": "WARN", "skipped": "SKIP"}
FIX_INDENT = " " * 8
EXITS = {"pass": Exit.OK, "fail": Exit.INVALID, "unreachable": Exit.AWS}


def result_lines(result: CheckResult, title_width: int) -> list[str]:
    """A result as a person reads it: label, title, message; the fix indented below."""
    message = result.message
    if result.field is not None and result.status in ("fail", "warn"):
        message = f"{format_loc(result.field)}: {message}"
    first, *more = message.splitlines() or [""]
    head = f"{LABELS[result.status]}  {result.title:<{title_width}}  "
    lines = [head + first, *(" " * len(head) + line for line in more)]
    if result.status != "pass" and result.fix:
        lines += [FIX_INDENT + line for line in result.fix.splitlines()]
    # Safe line by line, even through a pipe: messages quote AWS and file names.
    return [safe_text(line, LINE_LIMIT) for line in lines]


def summary(results: list[CheckResult]) -> str:
    counts = Counter(r.status for r in results)
    words = {"pass": "passed", "fail": "failed", "warn": "warned", "skipped": "skipped"}
    told = ", ".join(f"{counts[s]} {words[s]}" for s in LABELS if counts[s])
    outcome = {
        "pass": "nothing found that would stop the job",
        "fail": "fix what failed before submitting",
        "unreachable": "AWS could not be reached, so not everything was checked",
    }[verdict(results)]
    return f"{len(results)} checks: {told}; {outcome}"


def run_check(args: argparse.Namespace) -> int:
    try:
        loaded = load_target(args, args.target)
    except (SourceError, UnreadableProfile) as error:
        err(safe_text(f"error: {error}", LINE_LIMIT))  # one line, whatever the name holds
        return Exit.UNUSABLE
    aws = session(args, one_region(args) or loaded.region)
    region = aws.region
    if region is None:
        err("error: no AWS region: pass --region, set region in the profile, or set AWS_REGION")
        return Exit.UNUSABLE
    width = max(len(p.title) for p in planned_checks(loaded.draft, region))
    lock = threading.Lock()

    def show(result: CheckResult) -> None:
        with lock:  # results come from the checks' threads
            for line in result_lines(result, width):
                out(line)

    results = run_checks(aws, loaded.draft, region, on_result=None if args.json else show)
    if args.json:
        out(json.dumps([r.to_json() for r in results], indent=2, ensure_ascii=False))
    else:
        err(summary(results))
    return EXITS[verdict(results)]
