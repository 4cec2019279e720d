"""``ftui metrics JOB``: a job's loss curves as Bedrock wrote them, and how far it has trained.

The rows are the two CSV files Bedrock writes under the job's output, merged by step: each
training row with the validation row logged at its step, and a validation row at a step the
training file did not log (it may be sampled) on a line of its own. Nothing is averaged,
rounded or dropped, so ``--csv`` gives back what AWS wrote.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ftui.cli.common import err, out, session
from ftui.cli.exits import Exit
from ftui.cli.interrupt import interruptible
from ftui.cli.job_lookup import find_job
from ftui.cli.target import one_region
from ftui.core.aws.bedrock import Bedrock, region_of_arn
from ftui.core.aws.errors import AwsError
from ftui.core.aws.session import AwsSession
from ftui.core.jobs import ACTIVE, stage_of
from ftui.core.metrics import MetricRow, MetricsFiles, Series, metrics_files
from ftui.core.polling import Schedule
from ftui.core.progress import Progress
from ftui.core.progress.estimate import DONE, TRAINING, WAITING
from ftui.core.progress.watch import JobWatch
from ftui.core.safe_text import safe_text
from ftui.core.settings import load_settings

# Machine output keeps Bedrock's names and numbers (epoch_number counts from 0); what is read
# by people (the table, the summary) counts epochs from 1, as the TUI does.
CSV_COLUMNS = (
    "step_number",
    "epoch_number",
    "training_loss",
    "training_perplexity",
    "validation_loss",
    "validation_perplexity",
)
HEADERS = ("STEP", "EPOCH", "TRAINING LOSS", "VALIDATION LOSS")
# Column widths while watching, when the rows to come are not known: a million steps fit.
WATCH_WIDTHS = (7, 5, 13, 15)
NUMBERED = 2  # the step and epoch columns, which come first
PROGRESS_KEYS = ("progress", "steps_done", "total_steps", "estimated_end", "estimate_basis")
# Written by the reader when a file is there but is not what Bedrock writes.
UNREADABLE = "UnreadableMetrics"


@dataclass(frozen=True)
class Line:
    """One step of the merged table: its training row, its validation row, or both."""

    step: int
    epoch: int
    training: MetricRow | None
    validation: MetricRow | None


def merged(training: Iterable[MetricRow], validation: Iterable[MetricRow]) -> list[Line]:
    """The training rows in file order, each validation row at the training row of its step."""
    lines: list[Line] = []
    pending = deque(validation)
    for row in training:
        while pending and pending[0].step < row.step:
            alone = pending.popleft()
            lines.append(Line(alone.step, alone.epoch, None, alone))
        same = pending.popleft() if pending and pending[0].step == row.step else None
        lines.append(Line(row.step, row.epoch, row, same))
    lines.extend(Line(v.step, v.epoch, None, v) for v in pending)
    return lines


def progress_fields(progress: Progress | None) -> dict[str, Any]:
    """The progress keys of ``--json`` output (``ftui metrics`` and ``ftui jobs``); null if none."""
    if progress is None:
        return dict.fromkeys(PROGRESS_KEYS)
    fraction = progress.fraction
    return {
        "progress": None if fraction is None else round(fraction, 4),
        "steps_done": progress.steps_done,
        "total_steps": progress.total_steps,
        "estimated_end": (
            progress.ends.replace(microsecond=0).isoformat() if progress.ends is not None else None
        ),
        "estimate_basis": progress.basis or None,
    }


# --- formatting -------------------------------------------------------------------------------


def _number(value: float) -> str:
    """A value as read: the shortest text that reads back the same (``nan``, ``inf`` too)."""
    return repr(value)


def _json_number(value: float) -> float | None:
    return value if math.isfinite(value) else None  # JSON has no NaN: a diverged loss is null


def _cells(line: Line) -> tuple[str, ...]:
    return (
        str(line.step),
        str(line.epoch + 1),
        _number(line.training.loss) if line.training else "-",
        _number(line.validation.loss) if line.validation else "-",
    )


def _table_line(cells: Iterable[str], widths: Iterable[int]) -> str:
    # Steps and epochs to the right; losses to the left, where their decimal points line up.
    placed = [
        c.rjust(w) if i < NUMBERED else c.ljust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    ]
    return "  ".join(placed).rstrip()


def _widths(lines: list[Line]) -> tuple[int, ...]:
    cells = [_cells(line) for line in lines]
    return tuple(max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(HEADERS))


def _csv_row(line: Line) -> str:
    # Numbers only: nothing to quote.
    t, v = line.training, line.validation
    values = (
        str(line.step),
        str(line.epoch),
        _number(t.loss) if t else "",
        _number(t.perplexity) if t else "",
        _number(v.loss) if v else "",
        _number(v.perplexity) if v else "",
    )
    return ",".join(values)


def _json_row(line: Line) -> dict[str, Any]:
    t, v = line.training, line.validation
    return {
        "step_number": line.step,
        "epoch_number": line.epoch,
        "training_loss": _json_number(t.loss) if t else None,
        "training_perplexity": _json_number(t.perplexity) if t else None,
        "validation_loss": _json_number(v.loss) if v else None,
        "validation_perplexity": _json_number(v.perplexity) if v else None,
    }


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _status(job: Mapping[str, Any]) -> str:
    status = safe_text(str(job.get("status") or "unknown"), 40)
    stage = stage_of(job)
    return f"status {status}, stage {stage}" if stage else f"status {status}"


def _progress_text(progress: Progress, job: Mapping[str, Any], now: datetime) -> str:
    done, total = progress.steps_done, progress.total_steps
    if progress.state == DONE:
        return "training complete"
    if progress.state != TRAINING:
        return _status(job)
    if done is None or not total:
        return f"training, no end estimated: {progress.basis}"
    share = f"training {progress.percent} ({done:,} of {total:,} steps)"
    if progress.ends is None:
        return f"{share}, no end estimated yet: too early to tell ({progress.basis})"
    left = progress.eta_text(now)
    return (
        f"{share}, estimated end {_when(progress.ends)} ({left} left; estimate: {progress.basis})"
    )


def _summary(
    series: tuple[Series, Series], progress: Progress, job: Mapping[str, Any], now: datetime
) -> str:
    training, validation = series
    parts = [f"{len(training):,} training rows, {len(validation):,} validation rows"]
    last = training.last
    if last is not None:
        parts.append(f"last step {last.step:,} (epoch {last.epoch + 1})")
    best = validation.best()
    if best is not None:
        parts.append(
            f"best validation loss {_number(best.loss)} at epoch {best.epoch + 1}"
            f" (step {best.step:,})"
        )
    skipped = training.skipped + validation.skipped
    if skipped:
        parts.append(f"{skipped:,} unreadable lines skipped")
    parts.append(_progress_text(progress, job, now))
    return "; ".join(parts)


def _nothing_yet(job: Mapping[str, Any], progress: Progress, files: MetricsFiles) -> str:
    status = _status(job)
    if progress.state == WAITING:
        return f"no metrics yet: training has not started ({status})"
    if progress.state == TRAINING:
        return f"no metrics yet: training has written no row to {files.uri} yet ({status})"
    if str(job.get("status")) == "Completed":
        return f"no metrics: none in {files.uri} ({status})"
    return f"no metrics: the job ended before training wrote any ({status})"


# --- the command ------------------------------------------------------------------------------


@dataclass
class _Job:
    """The job being shown, and what reads its metrics."""

    aws: AwsSession
    bedrock: Bedrock
    job: Mapping[str, Any]
    files: MetricsFiles
    watch: JobWatch
    progress: Progress | None = None

    @property
    def series(self) -> tuple[Series, Series]:
        metrics = self.watch.metrics
        assert metrics is not None  # a _Job has files, so a reader
        return metrics.training, metrics.validation

    def refresh(self) -> AwsError | None:
        """Read the job and what is new in its metrics; the failure, if any."""
        got = self.bedrock.get_job(str(self.job.get("jobArn")))
        if isinstance(got, AwsError):
            return got
        self.job = got.value
        return self.read()

    def read(self) -> AwsError | None:
        refreshed = self.watch.refresh(self.job, self.aws.clock.now())
        if isinstance(refreshed, AwsError):
            return refreshed
        self.progress = refreshed.value
        return None


def run_metrics(args: argparse.Namespace) -> int:
    if args.watch and args.json:
        err("error: --watch prints rows as they come: use it with the table or --csv")
        return Exit.UNUSABLE
    aws = session(args, region_of_arn(args.job) or one_region(args))
    found = find_job(aws, args.job)
    if isinstance(found, Exit):
        return found
    region, bedrock, job = found.region, found.bedrock, found.job
    files = metrics_files(job)
    if files is None:
        name = str(job.get("jobName") or args.job)
        err(f"error: {name} has no output location (outputDataConfig.s3Uri): no metrics to read")
        return Exit.AWS
    shown = _Job(aws, bedrock, job, files, JobWatch(aws, region, job))
    failure = shown.read()
    if failure is not None:
        return _failed(failure, files)
    if args.watch:
        return _follow(shown, args)
    return _print_all(shown, args)


def _failed(failure: AwsError, files: MetricsFiles) -> int:
    if failure.code == UNREADABLE:
        err(f"error: {failure.message}")  # it names the file
    else:
        err(f"error: cannot read the metrics in {files.uri}: {failure.code}: {failure.message}")
    return Exit.AWS


def _print_all(shown: _Job, args: argparse.Namespace) -> int:
    assert shown.progress is not None
    training, validation = shown.series
    lines = merged(training, validation)
    metrics = shown.watch.metrics
    if not lines and metrics is not None and metrics.denied and shown.progress.state != WAITING:
        err(
            f"error: cannot read the metrics in {shown.files.uri}: AccessDenied (S3's answer both"
            " for a file these credentials may not read, s3:GetObject, and for one not written"
            " yet when they may not list the bucket, s3:ListBucket)"
        )
        return Exit.AWS
    if not lines:
        err(_nothing_yet(shown.job, shown.progress, shown.files))
    if args.json:
        document = {
            "jobName": shown.job.get("jobName"),
            "jobArn": shown.job.get("jobArn"),
            "region": shown.bedrock.region,
            "status": shown.job.get("status"),
            "stage": stage_of(shown.job),
            "metricsUri": shown.files.uri,
            **progress_fields(shown.progress),
            "rows": [_json_row(line) for line in lines],
        }
        out(json.dumps(document, indent=2))
    elif args.csv:
        out(",".join(CSV_COLUMNS))
        for line in lines:
            out(_csv_row(line))
    elif lines:
        widths = _widths(lines)
        out(_table_line(HEADERS, widths))
        for line in lines:
            out(_table_line(_cells(line), widths))
        out()
        out(_summary(shown.series, shown.progress, shown.job, shown.aws.clock.now()))
    return Exit.OK


class _Stream:
    """Prints the rows not printed yet; holds a validation row back until its step's training
    row is there, and, for a job with validation sets, the newest training row until the next
    read (its step's validation row may be written a moment after it), so the two share a line
    as they do in the full table."""

    def __init__(self, csv: bool, validates: bool = False) -> None:
        self.csv = csv
        self.validates = validates
        self.training = 0  # rows of each file printed so far
        self.validation = 0
        self.header = False
        self.printed = 0  # lines of the table printed

    def print_new(self, series: tuple[Series, Series], *, final: bool) -> None:
        training, validation = series
        if len(training) < self.training or len(validation) < self.validation:
            err("the metrics files were written anew: their rows again from the start")
            self.training = self.validation = 0
        upto = len(training) if final or not self.validates else len(training) - 1
        new_training = [training.row(i) for i in range(self.training, max(upto, self.training))]
        reached = new_training[-1].step if new_training else -1
        if self.training and not new_training:
            reached = training.steps[self.training - 1]
        end = self.validation
        while end < len(validation) and (final or validation.steps[end] <= reached):
            end += 1
        new_validation = [validation.row(i) for i in range(self.validation, end)]
        self.training, self.validation = max(upto, self.training), end
        lines = merged(new_training, new_validation)
        if (lines or self.csv) and not self.header:  # a script reading CSV wants it first
            out(",".join(CSV_COLUMNS) if self.csv else _table_line(HEADERS, WATCH_WIDTHS))
            self.header = True
        for line in lines:
            out(_csv_row(line) if self.csv else _table_line(_cells(line), WATCH_WIDTHS))
        self.printed += len(lines)


def _follow(shown: _Job, args: argparse.Namespace) -> int:
    """Print rows as they are written until the job ends; Ctrl+C stops (exit 130)."""
    stream = _Stream(csv=args.csv, validates=shown.files.validates)
    schedule = Schedule(interval=load_settings().refresh_interval)
    said = ""
    with interruptible() as interrupt:
        delay = schedule.succeeded(active=True)
        while True:
            assert shown.progress is not None
            active = str(shown.job.get("status")) in ACTIVE
            stream.print_new(shown.series, final=not active)
            if not active:
                break
            waiting = _nothing_yet(shown.job, shown.progress, shown.files)
            if not stream.printed and waiting != said:
                err(f"{waiting}; waiting for rows (Ctrl+C stops)")
                said = waiting
            if interrupt.stop.wait(delay):
                return interrupt.code or Exit.OK
            failure = shown.refresh()
            if failure is None:
                delay = schedule.succeeded(active=True)
                continue
            if failure.code == UNREADABLE:
                return _failed(failure, shown.files)
            stamp = shown.aws.clock.now().astimezone(UTC).strftime("%H:%M:%S")
            err(f"{stamp} error: {failure.code}: {failure.message}")
            delay = schedule.failed()
    assert shown.progress is not None
    if not stream.printed:
        err(_nothing_yet(shown.job, shown.progress, shown.files))
    elif not args.csv:
        out()
        out(_summary(shown.series, shown.progress, shown.job, shown.aws.clock.now()))
    return Exit.OK
