"""Progress of every job a monitor shows that is training, each read at most every so often.

The monitor's poll is one List call whatever the number of jobs; progress costs more (a Get,
and a conditional GetObject per metrics file, for each training job), so it is read for the
training jobs only, the most recent first up to a limit, each no more often than ``interval``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.session import AwsSession
from ftui.core.dataset import ReportCache
from ftui.core.jobs import JobRow
from ftui.core.progress.estimate import Progress
from ftui.core.progress.watch import JobWatch

INTERVAL = 30.0  # seconds between two reads of one job's progress
LIMIT = 20  # training jobs followed at once (an account runs few in parallel)
WORKERS = 4


@dataclass
class _Followed:
    watch: JobWatch | None = None
    progress: Progress | None = None
    read_at: float = float("-inf")


@dataclass(frozen=True)
class TrackerUpdate:
    progress: dict[str, Progress]  # by job ARN
    errors: list[tuple[JobRow, AwsError]] = field(default_factory=list)


class ProgressTracker:
    """Thread-safe for one caller at a time: the monitor runs it in one exclusive worker."""

    def __init__(
        self,
        session: AwsSession,
        reports: ReportCache | None = None,
        *,
        interval: float = INTERVAL,
        limit: int = LIMIT,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.reports = reports
        self.interval = interval
        self.limit = limit
        self.monotonic = monotonic
        self._followed: dict[str, _Followed] = {}

    def update(self, rows: Iterable[JobRow], now: datetime) -> TrackerUpdate:
        """Read the progress of the training jobs among ``rows`` that are due; all known."""
        training = sorted(
            # A job without stage details (AWS documents them for distillation) may be
            # training too: its metrics say.
            (r for r in rows if r.status == "InProgress" and r.stage in ("Training", "")),
            key=lambda r: r.created,
            reverse=True,
        )[: self.limit]
        wanted = {r.arn for r in training}
        for arn in list(self._followed):
            if arn not in wanted:
                del self._followed[arn]  # finished, stopped or out of view
        clock = self.monotonic()
        due = [
            r
            for r in training
            if clock - self._followed.setdefault(r.arn, _Followed()).read_at >= self.interval
        ]
        errors: list[tuple[JobRow, AwsError]] = []
        if due:
            with ThreadPoolExecutor(min(WORKERS, len(due))) as pool:
                results = list(pool.map(lambda r: self._read(r, now), due))
            for row, error in zip(due, results, strict=True):
                self._followed[row.arn].read_at = clock
                if error is not None:
                    errors.append((row, error))
        progress = {
            arn: followed.progress
            for arn, followed in self._followed.items()
            if followed.progress is not None
        }
        return TrackerUpdate(progress, errors)

    def _read(self, row: JobRow, now: datetime) -> AwsError | None:
        followed = self._followed[row.arn]
        got = Bedrock(self.session, row.region).get_job(row.arn)
        if isinstance(got, AwsError):
            return got
        if followed.watch is None:
            followed.watch = JobWatch(self.session, row.region, got.value, self.reports)
        refreshed = followed.watch.refresh(got.value, now)
        if isinstance(refreshed, Ok):
            followed.progress = refreshed.value
            return None
        return refreshed
