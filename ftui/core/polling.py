"""When to poll next, and fetching one poll's worth of jobs across regions.

The next poll is planned only when the last one has finished (so a slow answer never piles up
requests); errors and throttling back off exponentially with full jitter; with no job running,
polls come less often. Each poll carries a generation number, so a poll superseded by a manual
refresh is recognised and dropped when it answers late.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import AwsError, Ok
from ftui.core.jobs import Changes, JobRow, reconcile, row_of

MIN_INTERVAL = 2.0
IDLE_FACTOR = 6.0
IDLE_MIN = 60.0
MAX_DELAY = 300.0


@dataclass
class Schedule:
    """The delay before the next poll, from the interval, the last outcome and activity."""

    interval: float = 10.0
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self.interval = max(MIN_INTERVAL, self.interval)

    def succeeded(self, *, active: bool) -> float:
        self.failures = 0
        if active:
            return self.interval
        return min(MAX_DELAY, max(IDLE_MIN, self.interval * IDLE_FACTOR))

    def failed(self) -> float:
        """Exponential backoff with full jitter: somewhere up to interval x 2^failures."""
        self.failures += 1
        return self.rng.uniform(self.interval, self.ceiling)

    @property
    def ceiling(self) -> float:
        """The longest the next try may wait, after the failures so far."""
        return float(max(self.interval, min(MAX_DELAY, self.interval * 2**self.failures)))


@dataclass
class Poll:
    """One poll's answer: rows from every region that answered, errors from the others."""

    generation: int
    rows: dict[str, JobRow]
    errors: dict[str, AwsError]
    detail: dict[str, Any] | None = None  # GetModelCustomizationJob of the job open in detail
    detail_error: AwsError | None = None
    calls: int = 0
    update: Update | None = None  # ``over`` the rows shown, worked out in the poll's thread

    @property
    def ok(self) -> bool:
        return not self.errors

    def over(self, shown: Mapping[str, JobRow]) -> Update:
        """This poll laid over the rows ``shown`` before it: all the work that grows with the
        number of jobs, done in the poll's thread so that the screen's does only what changed."""
        answered = self.rows
        if self.errors:  # keep what a failing region showed last
            kept = {a: r for a, r in shown.items() if r.region in self.errors}
            answered = {**answered, **kept}
        rows, changes = reconcile(shown, answered)
        return Update(shown, rows, changes, [row for row in rows.values() if row.active])


@dataclass(frozen=True)
class Update:
    """The rows to show after a poll, and how they differ from the rows shown before."""

    shown: Mapping[str, JobRow]  # what it was worked out against: stale once that is replaced
    rows: dict[str, JobRow]
    changes: Changes
    active: list[JobRow]


def fetch(
    generation: int,
    clients: Mapping[str, Bedrock],
    *,
    detail: tuple[str, str] | None = None,
) -> Poll:
    """List every job in each region (in parallel), and Get the one open in detail."""

    def one(region: str, bedrock: Bedrock) -> tuple[str, list[dict[str, Any]] | AwsError, int]:
        summaries: list[dict[str, Any]] = []
        token: str | None = None
        calls = 0
        while True:
            page = bedrock.list_jobs(next_token=token, page_size=1000)
            calls += 1
            if not isinstance(page, Ok):
                return region, page, calls
            summaries += page.value.summaries
            token = page.value.next_token
            if not token:
                return region, summaries, calls

    poll = Poll(generation, {}, {})
    workers = max(1, min(8, len(clients)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ftui-poll") as pool:
        answers = list(pool.map(lambda item: one(*item), clients.items()))
    for region, answer, calls in answers:
        poll.calls += calls
        if isinstance(answer, AwsError):
            poll.errors[region] = answer
            continue
        for summary in answer:
            row = row_of(summary, region)
            poll.rows[row.arn] = row
    if detail is not None:
        region, arn = detail
        bedrock = clients.get(region)
        if bedrock is not None:
            got = bedrock.get_job(arn)
            poll.calls += 1
            if isinstance(got, Ok):
                poll.detail = got.value
            else:
                poll.detail_error = got
    return poll
