"""The monitor's ETA column: training jobs' progress, read after each poll in a worker of its own.

The poll stays one List call; progress is read beside it, never holding it up, and a failure
to read it (a bucket the credentials may not read) is said once per job and cause, not at
every poll.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from ftui.core.jobs import JobRow

if TYPE_CHECKING:
    from ftui.core.progress.tracker import ProgressTracker, TrackerUpdate
    from ftui.tui.screens.jobs import JobsScreen

GROUP = "progress"
FIRST_DELAY = 2.0  # seconds after the monitor first shows its jobs


class ProgressFollow:
    def __init__(self, screen: JobsScreen) -> None:
        self.screen = screen
        self.tracker: ProgressTracker | None = None
        self.running = False
        self.told: set[tuple[str, str]] = set()  # (job, error code) already said

    def after_poll(self, active: Iterable[JobRow]) -> None:
        """Read the training jobs' progress once the poll is on screen, unless a read is
        still under way. The first read waits a moment more: it loads the metrics reader and
        makes an S3 client, work that would otherwise hold up the monitor's first screen.

        ``active``: the running jobs (the poll's thread picked them out of all the jobs)."""
        training = [r for r in active if r.status == "InProgress" and r.stage in ("Training", "")]
        if self.running or not (training or self.screen.table.progress):
            return
        self.running = True
        first = self.tracker is None
        now = self.screen.ftui.now()

        def start() -> None:
            self.screen.run_worker(
                lambda: self._read(training, now), thread=True, group=GROUP, exit_on_error=False
            )

        # No timer of 0 s for the later reads: Textual's timer divides by its interval.
        if first:
            self.screen.call_after_refresh(lambda: self.screen.set_timer(FIRST_DELAY, start))
        else:
            self.screen.call_after_refresh(start)

    def _read(self, training: list[JobRow], now: datetime) -> None:
        """In the worker: the tracker is made here, with its imports, off the screen's thread."""
        if self.tracker is None:
            from ftui.core.progress.tracker import ProgressTracker

            app = self.screen.ftui
            self.tracker = ProgressTracker(app.session, app.reports)
        self.screen.post_message(self.screen.ProgressRead(self.tracker.update(training, now)))

    def read(self, update: TrackerUpdate) -> None:
        self.running = False
        self.screen.table.set_progress(update.progress)
        for row, error in update.errors:
            if (row.arn, error.code) not in self.told:
                self.told.add((row.arn, error.code))
                self.screen.flash(
                    f"ETA of {row.name} not known: {error.code}: {error.message}", failed=True
                )

    def failed(self, error: BaseException) -> None:
        """The read raised: say so once; the next poll tries again."""
        self.running = False
        key = ("", type(error).__name__)
        if key not in self.told:
            self.told.add(key)
            self.screen.flash(f"ETA not known: {type(error).__name__}: {error}", failed=True)
