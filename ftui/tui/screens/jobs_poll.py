"""A poll's answer on the monitor: the message that brings it, and what it does there.

The answer of a poll a later one overtook is dropped. Otherwise the jobs that changed move in
the table, their status changes are said, the training jobs' progress is read, a job waiting
to be shown is selected, the detail the poll fetched goes to that job's screen, and the next
poll is planned. Apart from jobs.py (the screen: its keys and actions, the poll's worker and
timer) because this is everything a poll changes on screen, in the order it changes it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.message import Message

from ftui.core.polling import Poll
from ftui.tui import trace
from ftui.tui.screens import jobs_lines, jobs_show

if TYPE_CHECKING:
    from ftui.tui.screens.jobs import JobsScreen


class JobsFetched(Message):
    def __init__(self, poll: Poll, detail: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.poll = poll
        self.detail = detail  # (region, arn) of the job whose detail the poll fetched


def received(screen: JobsScreen, event: JobsFetched) -> None:
    """A poll's answer, on the screen's thread."""
    started, cpu_started = time.perf_counter(), time.thread_time()
    poll = event.poll
    if poll.generation != screen.generation:
        return  # overtaken by a later poll
    screen.failure = None
    update = poll.update
    if update is None or update.shown is not screen.rows:
        update = poll.over(screen.rows)  # worked out against rows replaced since
    changes = update.changes
    screen.errors = poll.errors
    if poll.ok:
        screen.last_ok = screen.ftui.now()
    if screen.loaded:
        jobs_lines.announce(screen, changes.status_changes)
    screen.rows = rows = update.rows
    first = not screen.loaded
    screen.loaded = True
    screen.apply_changes(changes.touched)
    screen.follow_progress.after_poll(update.active)
    if first:
        screen.call_after_refresh(screen.ftui.settle_memory)
    if screen.pending_select in screen.rows:
        jobs_show.reveal(screen, screen.pending_select)
    _forward_detail(screen, event)
    if trace.enabled():
        applied, cpu = time.perf_counter(), time.thread_time() - cpu_started
        changed = len(changes.touched)

        def shown() -> None:
            trace.record(
                "poll",
                rows=len(rows),
                changed=changed,
                calls=poll.calls,
                apply_ms=round((applied - started) * 1000, 2),
                # The screen's thread's own time: without the waits of a loaded machine.
                apply_cpu_ms=round(cpu * 1000, 2),
                display_ms=round((time.perf_counter() - started) * 1000, 2),
            )

        screen.call_after_refresh(shown)
    active = bool(update.active)
    delay = screen.schedule.failed() if poll.errors else screen.schedule.succeeded(active=active)
    screen.render_header()
    screen.render_status()
    screen.plan_poll(delay)


def _forward_detail(screen: JobsScreen, event: JobsFetched) -> None:
    """Hand the detail the poll fetched to that job's screen (not another job's)."""
    poll = event.poll
    if event.detail is None or not (poll.detail or poll.detail_error):
        return
    # Here, after the return: the detail (its chart, the metrics reader) loads with the
    # first job opened, not within the monitor's first poll.
    from ftui.tui.screens.job_detail import JobDetailScreen

    for shown in screen.app.screen_stack:
        if isinstance(shown, JobDetailScreen) and shown.arn == event.detail[1]:
            shown.show_job(poll.detail, poll.detail_error)
