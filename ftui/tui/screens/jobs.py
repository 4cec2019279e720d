"""The jobs monitor: every job of the account in the watched regions, live, cheap over SSH.

Polling runs in a thread worker and hands back one :class:`~ftui.core.polling.Poll`; the next
poll is planned only after that (never overlapping), backs off on errors, slows down when
nothing runs, and a poll overtaken by a manual refresh is dropped. When a region fails, its
last rows stay, marked stale, and the status line says why.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.jobs import JobRow, NameFilter, select
from ftui.core.polling import Poll, Schedule, fetch
from ftui.core.safe_text import safe_text
from ftui.tui import guides, trace
from ftui.tui.screens import jobs_lines, jobs_progress
from ftui.tui.screens.jobs_progress import ProgressFollow
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.filter_prompt import FilterPrompt
from ftui.tui.widgets.footer import Footer
from ftui.tui.widgets.job_table import JobTable
from ftui.tui.widgets.line import Line

if TYPE_CHECKING:
    from ftui.core.progress.tracker import TrackerUpdate

SORT_KEYS = {
    "N": "name",
    "S": "status",
    "A": "stage",  # stAge: G is the table's "last row" (vi)
    "T": "kind",
    "B": "base_model",
    "M": "custom_model",
    "C": "created",
    "E": "elapsed",
    "R": "region",
}
# The error box under the table: AWS's messages are short; an endpoint's may not be.
STATUS_LIMIT = 2000
STATUS_KEYS = {"0": "all", "1": "running", "2": "completed", "3": "failed", "4": "stopped"}
# A poll that changed more than this share of the jobs (the first) sorts them all again: placing
# that many one by one would cost more.
RESORT_SHARE = 0.25


class JobsFetched(Message):
    def __init__(
        self, poll: Poll, account: str | None, detail: tuple[str, str] | None = None
    ) -> None:
        super().__init__()
        self.poll = poll
        self.account = account
        self.detail = detail  # (region, arn) of the job whose detail the poll fetched


class JobsScreen(FtuiScreen[None]):
    PLACE = "Jobs"
    AUTO_FOCUS = "#jobs"  # the table, not the filter above it
    BINDINGS = [
        # A priority binding runs as the key arrives, before the keys behind it are handed to
        # the focused widget: `/nova` typed fast (a paste, keys bunched over SSH) then lands in
        # the filter, where `n` would otherwise reach the table and start a new draft.
        Binding("slash", "filter", "Filter", id="jobs.filter", priority=True),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="jobs.clear"),
        Binding("r", "refresh", "Refresh", id="jobs.refresh"),
        Binding("p", "pause", "Pause", id="jobs.pause"),
        # "New", not "New draft": with Compare, the 80-column footer keeps "f1 Keys" in view.
        Binding("n", "new_draft", "New", id="jobs.new"),
        Binding("c", "compare", "Compare", id="jobs.compare"),
        Binding("y", "copy_arn", "Copy ARN", id="jobs.copy", show=False),
        *(
            Binding(key, f"status('{name}')", f"Show {name}", show=False, id=f"jobs.show_{name}")
            for key, name in STATUS_KEYS.items()
        ),
        *(
            Binding(
                key,
                f"sort('{column}')",
                f"Sort by {column.replace('_', ' ')}",
                show=False,
                id=f"jobs.sort_{column}",
            )
            for key, column in SORT_KEYS.items()
        ),
    ]

    KEY_GUIDE = guides.JOBS

    @dataclass
    class ProgressRead(Message):
        """The training jobs' progress, from :class:`ProgressFollow`'s worker."""

        update: TrackerUpdate

    def __init__(self) -> None:
        super().__init__(id="jobs-screen")
        self.rows: dict[str, JobRow] = {}
        self.errors: dict[str, AwsError] = {}
        self.generation = 0
        self.paused = False
        self.failure: str | None = None  # the last poll raised this, instead of answering
        self.account: str | None = None
        self.last_ok: datetime | None = None
        self.status_filter = "all"
        self.name_filter = NameFilter()
        self.loaded = False
        self.pending_select: str | None = None
        self.detail: tuple[str, str] | None = None  # (region, arn) of the job open in detail
        self._timer: Timer | None = None
        self._poll: Worker[None] | None = None  # the latest poll's worker
        self.follow_progress = ProgressFollow(self)

    def compose(self) -> ComposeResult:
        yield Line(id="jobs-header")
        yield Line(id="jobs-bar", markup=False)  # carries the filter as typed: not markup
        yield FilterPrompt(id="jobs-prompt")
        yield JobTable(id="jobs")
        yield Static(id="jobs-status", markup=False)
        yield Line(id="jobs-flash")
        yield Footer()

    def on_mount(self) -> None:
        self.schedule = Schedule(interval=self.ftui.settings.refresh_interval)
        self.query_one("#jobs-status").display = False
        self._render_header()
        self._render_bar()
        # After the first frame: the poll's worker loads boto3 and makes its clients, work that
        # would hold the interpreter while the screen is being drawn.
        self.call_after_refresh(self.poll_now)

    @property
    def table(self) -> JobTable:
        return self.query_one("#jobs", JobTable)

    # --- polling --------------------------------------------------------------------------

    def poll_now(self) -> None:
        """Poll at once; an answer still on its way from an earlier poll will be dropped."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.generation += 1
        self._poll = self._fetch(self.generation, self.detail, self.rows)

    @work(thread=True, group="poll", exit_on_error=False)
    def _fetch(
        self, generation: int, detail: tuple[str, str] | None, shown: dict[str, JobRow]
    ) -> None:
        clients = {region: self.ftui.bedrock(region) for region in self.ftui.monitor_regions}
        account = self.account
        if account is None:
            found = self.ftui.session.account_id()
            account = found.value if isinstance(found, Ok) else None
        poll = fetch(generation, clients, detail=detail)
        # Here, not on the screen's thread: comparing 10,000 rows with those shown.
        poll.update = poll.over(shown)
        self.post_message(JobsFetched(poll, account, detail))

    @on(JobsFetched)
    def _fetched(self, event: JobsFetched) -> None:
        started, cpu_started = time.perf_counter(), time.thread_time()
        poll = event.poll
        if poll.generation != self.generation:
            return  # overtaken by a later poll
        self.failure = None
        if event.account:
            self.account = event.account
        update = poll.update
        if update is None or update.shown is not self.rows:
            update = poll.over(self.rows)  # worked out against rows replaced since
        changes = update.changes
        self.errors = poll.errors
        if poll.ok:
            self.last_ok = self.ftui.now()
        if self.loaded:
            self._announce(changes.status_changes)
        self.rows = rows = update.rows
        first = not self.loaded
        self.loaded = True
        self._apply_changes(changes.touched)
        self.follow_progress.after_poll(update.active)
        if first:
            self.call_after_refresh(self.ftui.settle_memory)
        if self.pending_select in self.rows:
            self._reveal(self.pending_select)
        self._forward_detail(event)
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

            self.call_after_refresh(shown)
        active = bool(update.active)
        delay = self.schedule.failed() if poll.errors else self.schedule.succeeded(active=active)
        self._render_header()
        self._render_status()
        self._plan(delay)

    @on(Worker.StateChanged)
    def _poll_failed(self, event: Worker.StateChanged) -> None:
        """A poll that raised (a bug, an answer botocore could not read) instead of answering.

        Without this, no answer would plan the next poll and the monitor would stop, silently.
        The last data stays, marked stale; the status line says what happened; polls go on,
        backing off as for an AWS error.
        """
        if event.state == WorkerState.ERROR and event.worker.group == jobs_progress.GROUP:
            self.follow_progress.failed(event.worker.error or Exception("unknown"))
            return
        if event.state != WorkerState.ERROR or event.worker is not self._poll:
            return  # another worker, or a poll a later one has overtaken
        error = event.worker.error
        self.failure = f"{type(error).__name__}: {error}"
        self._apply_changes([])  # nothing changed but the rows turn stale
        self._render_status()
        self._plan(self.schedule.failed())

    @on(ProgressRead)
    def _progress_read(self, event: ProgressRead) -> None:
        self.follow_progress.read(event.update)

    # --- under another screen ---------------------------------------------------------------

    def _compositor_refresh(self) -> None:
        # Textual 8.2.8 draws the screen just under the top one as if it showed through, even
        # under an opaque screen: what changes here is sent to the top screen as a repaint of
        # all of it, and the flag asking for that is set again each time, so every message the
        # monitor handles afterwards (each poll's) writes the top screen in full: 40 KB at
        # 120x40 under a job's detail. Nothing is sent while covered; Textual repaints a
        # resumed screen in full, with every line changed meanwhile drawn anew.
        if self.is_active:
            super()._compositor_refresh()
        else:
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()

    def on_screen_resume(self) -> None:
        self.table.uncovered()

    def _plan(self, delay: float) -> None:
        """The next poll, in ``delay`` seconds; none while paused (unpausing polls at once)."""
        if not self.paused:
            self._timer = self.set_timer(delay, self.poll_now, name="next-poll")

    def _forward_detail(self, event: JobsFetched) -> None:
        """Hand the detail the poll fetched to that job's screen (not another job's)."""
        poll = event.poll
        if event.detail is None or not (poll.detail or poll.detail_error):
            return
        # Here, after the return: the detail (its chart, the metrics reader) loads with the
        # first job opened, not within the monitor's first poll.
        from ftui.tui.screens.job_detail import JobDetailScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, JobDetailScreen) and screen.arn == event.detail[1]:
                screen.show_job(poll.detail, poll.detail_error)

    def _announce(self, status_changes: list[tuple[JobRow, str]]) -> None:
        jobs_lines.announce(self, status_changes)

    @property
    def stale(self) -> bool:
        return bool(self.errors) or self.failure is not None

    def _apply(self) -> None:
        """Every row through the filter and sorted again: for a new filter."""
        visible = select(self.rows.values(), self.name_filter, self.status_filter)
        self.table.update(self.rows, visible, self.ftui.now(), stale=self.stale)
        self._render_bar()

    def _apply_changes(self, changed: list[str]) -> None:
        """A poll: only the jobs that changed go through the filter and move in the table."""
        if len(changed) > len(self.rows) * RESORT_SHARE:
            self._apply()  # the first poll: one sort costs less than placing rows one by one
            return
        rows = self.rows
        touched = (rows[arn] for arn in changed if arn in rows)
        visible = select(touched, self.name_filter, self.status_filter)
        self.table.apply(rows, changed, visible, self.ftui.now(), stale=self.stale)
        self._render_bar()

    # --- what the screen says --------------------------------------------------------------

    def _render_header(self) -> None:
        self.query_one("#jobs-header", Line).text = jobs_lines.header(self)

    def _render_bar(self) -> None:
        self.query_one("#jobs-bar", Line).text = jobs_lines.bar(self)

    def _render_status(self) -> None:
        status = self.query_one("#jobs-status", Static)
        text = jobs_lines.status(self)
        status.display = text is not None
        if text is not None:
            status.update(safe_text(text, STATUS_LIMIT, multiline=True))

    # --- actions ---------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.poll_now()

    def action_pause(self) -> None:
        self.paused = not self.paused
        if self.paused:
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
        else:
            self.poll_now()
        self._render_header()

    def action_status(self, name: str) -> None:
        self.status_filter = name
        self._apply()

    def action_sort(self, column: str) -> None:
        self.table.sort_by(column)
        self._render_bar()

    @property
    def prompt(self) -> FilterPrompt:
        return self.query_one(FilterPrompt)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Typing in the filter, `/` is a character (the binding is priority, so it would not be).
        return not (action == "filter" and self.prompt.editing)

    def action_filter(self) -> None:
        self.prompt.open()

    def action_clear_filter(self) -> None:
        if self.prompt.clear():
            self.name_filter = NameFilter()
            self._apply()
            self.table.focus()
        else:
            self.table.clear_marks()

    @on(JobTable.Marked)
    def _marked(self, event: JobTable.Marked) -> None:
        if event.refused:
            self.flash(f"At most {len(event.marked)} jobs compare at once; space unmarks one")
        self._render_bar()

    def action_compare(self) -> None:
        from ftui.tui.screens.compare import CompareScreen

        rows = [self.rows[arn] for arn in self.table.marked if arn in self.rows]
        if len(rows) < 2:
            self.flash("Mark two to four jobs with space, then c compares them")
            return
        self.app.push_screen(CompareScreen([(r.region, r.arn, r.name) for r in rows]))

    @on(FilterPrompt.Changed)
    def _filter_typed(self, event: FilterPrompt.Changed) -> None:
        self.name_filter = NameFilter(event.text)
        self._apply()

    @on(FilterPrompt.Done)
    def _filter_done(self) -> None:
        self.table.focus()

    def action_new_draft(self) -> None:
        self.ftui.new_draft()

    def action_copy_arn(self) -> None:
        row = self.table.current
        if row is not None:
            self.app.copy_to_clipboard(row.arn)
            self.notify(f"Copied {safe_text(row.arn)}", timeout=3, markup=False)

    @on(JobTable.Selected)
    def _open(self, event: JobTable.Selected) -> None:
        self.open_detail(event.row.region, event.row.arn, event.row.name)

    def open_detail(self, region: str, arn: str, name: str) -> None:
        from ftui.tui.screens.job_detail import JobDetailScreen

        self.detail = (region, arn)

        def closed(_: object) -> None:
            if self.detail == (region, arn):
                self.detail = None

        self.app.push_screen(JobDetailScreen(region, arn, name), closed)

    def show(self, arn: str, region: str, name: str) -> None:
        """Show a job (just submitted): selected in a list that shows it, its detail open.

        Called with the monitor's mode current. Whatever is open over the monitor goes first:
        typically the detail of the job that was cloned into the draft just submitted, which
        would otherwise be shown instead of the new job, or under it.
        """
        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()
        self.detail = None
        self.pending_select = None
        if region not in self.ftui.monitor_regions:
            self.flash(f"{name} runs in {region}, which the monitor does not watch (--region)")
        elif arn in self.rows:
            self._reveal(arn)
        else:
            self.pending_select = arn  # a new job: selected when the poll brings it
            self.poll_now()
        self.open_detail(region, arn, name)

    def _reveal(self, arn: str) -> None:
        """Select the job, first clearing the filters that hide it (and saying so)."""
        row = self.rows[arn]
        hiding = []
        if not select([row], NameFilter(), self.status_filter):
            hiding.append(f"the {self.status_filter} filter")
            self.status_filter = "all"
        if not self.name_filter.compile()(row.name):
            hiding.append(f"the filter /{self.name_filter.text}")
            self.name_filter = NameFilter()
            self.prompt.clear()
        if hiding:
            self._apply()
            self.flash(
                f"showing {self.status_filter} jobs: {' and '.join(hiding)} would hide {row.name}"
            )
        self.table.select_arn(arn)
        self.pending_select = None

    def flash(self, text: str, *, failed: bool = False) -> None:
        """One line above the footer: what just happened."""
        flash = self.query_one("#jobs-flash", Line)
        flash.text = text
        flash.set_class(failed, "-failed")
