"""``ftui jobs``: the monitor's data without the UI, as a table, JSON, or a stream of changes."""

from __future__ import annotations

import argparse
import json
import signal
import threading
from datetime import UTC, datetime
from typing import Any

from ftui.cli.common import err, out, session
from ftui.cli.exits import Exit
from ftui.cli.target import regions
from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import Ok
from ftui.core.aws.session import AwsSession
from ftui.core.jobs import JobRow, diff, format_elapsed, row_of, sort_key, stage_of
from ftui.core.polling import Schedule, fetch
from ftui.core.settings import SettingsError, load_settings

HEADERS = (
    "NAME",
    "STATUS",
    "STAGE",
    "TYPE",
    "BASE MODEL",
    "CUSTOM MODEL",
    "CREATED",
    "ELAPSED",
    "REGION",
)


def _cells(row: JobRow, now: datetime) -> tuple[str, ...]:
    return (
        row.name,
        row.status,
        row.stage or "-",
        row.kind,
        row.base_model,
        row.custom_model or "-",
        row.created.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
        format_elapsed(row.elapsed(now)),
        row.region,
    )


def _table(rows: list[JobRow], now: datetime) -> list[str]:
    cells = [_cells(r, now) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(HEADERS)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in cells
    ]
    return lines


def _keep(row: JobRow, args: argparse.Namespace) -> bool:
    if args.status and row.status != args.status:
        return False
    return not (args.name and args.name.lower() not in row.name.lower())


def run_jobs(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        err(f"error: {error}")
        return Exit.UNUSABLE
    aws = session(args)
    watched = regions(args) or settings.regions or [aws.region or "us-east-1"]
    clients = {region: Bedrock(aws, region) for region in watched}
    if args.json:
        return _json(aws, clients, args)
    poll = fetch(1, clients)
    for region, failure in poll.errors.items():
        err(f"error: {region}: {failure.code}: {failure.message}")
    now = aws.clock.now()  # the endpoint's, like the job times
    rows = [r for r in poll.rows.values() if _keep(r, args)]
    rows.sort(key=sort_key("created", now), reverse=True)
    if rows:
        for line in _table(rows, now):
            out(line)
    elif not poll.errors:
        err("no jobs")
    if not args.watch:
        return Exit.AWS if poll.errors else Exit.OK
    return _watch(aws, clients, args, poll.rows, settings.refresh_interval)


def _json(aws: AwsSession, clients: dict[str, Bedrock], args: argparse.Namespace) -> int:
    """The jobs of every region that answered; nothing on stdout when none did.

    An empty array would read as "no jobs" to a script that ignores the exit code.
    """
    summaries: list[dict[str, Any]] = []
    failed = 0
    for region, bedrock in clients.items():
        # The name is matched here, as the table does: AWS's nameContains refuses text that is
        # not a job name (a space), and its case rules are not the table's.
        listed = bedrock.list_all_jobs(status=args.status)
        if not isinstance(listed, Ok):
            err(f"error: {region}: {listed.code}: {listed.message}")
            failed += 1
            continue
        for summary in listed.value:
            if args.name and args.name.lower() not in str(summary.get("jobName", "")).lower():
                continue
            summaries.append({**summary, "region": region, "stage": stage_of(summary)})
    if failed < len(clients):
        _add_progress(aws, summaries)
        out(json.dumps(summaries, indent=2, default=lambda v: v.isoformat()))
    return Exit.AWS if failed else Exit.OK


def _add_progress(aws: AwsSession, summaries: list[dict[str, Any]]) -> None:
    """Progress and estimated end of each training job; null for the others.

    A Get and the metrics files of each training job: only ``--json`` pays for them.
    """
    from ftui.cli.metrics import progress_fields
    from ftui.core.progress.tracker import ProgressTracker

    rows = [row_of(summary, summary["region"]) for summary in summaries]
    update = ProgressTracker(aws, interval=0).update(rows, aws.clock.now())
    for row, failure in update.errors:
        err(f"warning: no progress for {row.name}: {failure.code}: {failure.message}")
    for summary in summaries:
        summary.update(progress_fields(update.progress.get(str(summary["jobArn"]))))


def _watch(
    session: AwsSession,
    clients: dict[str, Bedrock],
    args: argparse.Namespace,
    rows: dict[str, JobRow],
    interval: float,
) -> int:
    """Poll like the monitor does and print one line per change; Ctrl+C stops."""
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    schedule = Schedule(interval=interval)
    generation = 1
    delay = schedule.succeeded(active=any(r.active for r in rows.values()))
    while not stop.wait(delay):
        generation += 1
        poll = fetch(generation, clients)
        stamp = session.clock.now().astimezone(UTC).strftime("%H:%M:%S")
        if poll.errors:
            for region, failure in poll.errors.items():
                err(f"{stamp} error: {region}: {failure.code}: {failure.message}")
            delay = schedule.failed()
            continue
        changes = diff(rows, poll.rows)
        for arn in changes.added:
            row = poll.rows[arn]
            if _keep(row, args):
                out(f"{stamp}  new      {row.name}  {row.status}  {row.stage or '-'}  {row.region}")
        for arn in changes.changed:
            row, before = poll.rows[arn], rows[arn]
            if _keep(row, args):
                what = (
                    f"{before.status} -> {row.status}"
                    if before.status != row.status
                    else row.status
                )
                out(f"{stamp}  changed  {row.name}  {what}  {row.stage or '-'}  {row.region}")
        for arn in changes.removed:
            out(f"{stamp}  gone     {rows[arn].name}")
        rows = poll.rows
        delay = schedule.succeeded(active=any(r.active for r in rows.values()))
    return Exit.OK
