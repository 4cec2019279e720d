"""The jobs monitor: every job of the account in the watched regions, live, cheap over SSH.

Polling runs in a thread worker and hands back one :class:`~ftui.core.polling.Poll`; the next
poll is planned only after that (never overlapping), backs off on errors, slows down when
nothing runs, and a poll overtaken by a manual refresh is dropped. When a region fails, its
last rows stay, marked stale, and the status line says why.

Its parts: what a poll's answer does on screen (jobs_poll.py), showing one job (jobs_show.py),
the lines above and below the table (jobs_lines.py), the ETA column's progress
(jobs_progress.py).
"""

from __future__ import annotations

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
from ftui.core.polling import Schedule, fetch
from ftui.core.safe_text import safe_text
from ftui.tui import guides, readiness
from ftui.tui.screens import jobs_lines, jobs_poll, jobs_progress, jobs_show
from ftui.tui.screens.jobs_poll import JobsFetched
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
    class AccountFound(Message):
        """The account the credentials belong to, from :meth:`_ask_account`'s worker."""

        account: str

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
        self._asking: Worker[None] | None = None  # STS, for the account the header shows
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
        self.render_header()
        self.render_bar()
        # After the first frame: the poll's worker loads boto3 and makes its clients, work that
        # would hold the interpreter while the screen is being drawn.
        self.call_after_refresh(self._first_frame_drawn)

    def _first_frame_drawn(self) -> None:
        readiness.announce()
        self.poll_now()

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
        if self.account is None and (self._asking is None or self._asking.is_finished):
            self._asking = self._ask_account()

    @work(thread=True, group="poll", exit_on_error=False)
    def _fetch(
        self, generation: int, detail: tuple[str, str] | None, shown: dict[str, JobRow]
    ) -> None:
        clients = {region: self.ftui.bedrock(region) for region in self.ftui.monitor_regions}
        poll = fetch(generation, clients, detail=detail)
        # Here, not on the screen's thread: comparing 10,000 rows with those shown.
        poll.update = poll.over(shown)
        self.post_message(JobsFetched(poll, detail))

    @work(thread=True, group="account", exit_on_error=False)
    def _ask_account(self) -> None:
        # Beside the poll, not before it: the account is only the header's, and the jobs are
        # on screen a round trip sooner. Not found, it is asked again with the next poll.
        found = self.ftui.session.account_id()
        if isinstance(found, Ok):
            self.post_message(self.AccountFound(found.value))

    @on(AccountFound)
    def _account_found(self, event: AccountFound) -> None:
        self.account = event.account
        self.render_header()

    @on(JobsFetched)
    def _fetched(self, event: JobsFetched) -> None:
        jobs_poll.received(self, event)

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
        self.apply_changes([])  # nothing changed but the rows turn stale
        self.render_status()
        self.plan_poll(self.schedule.failed())

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

    def plan_poll(self, delay: float) -> None:
        """The next poll, in ``delay`` seconds; none while paused (unpausing polls at once)."""
        if not self.paused:
            self._timer = self.set_timer(delay, self.poll_now, name="next-poll")

    @property
    def stale(self) -> bool:
        return bool(self.errors) or self.failure is not None

    def apply_filters(self) -> None:
        """Every row through the filter and sorted again: for a new filter."""
        visible = select(self.rows.values(), self.name_filter, self.status_filter)
        self.table.update(self.rows, visible, self.ftui.now(), stale=self.stale)
        self.render_bar()

    def apply_changes(self, changed: list[str]) -> None:
        """A poll: only the jobs that changed go through the filter and move in the table."""
        if len(changed) > len(self.rows) * RESORT_SHARE:
            self.apply_filters()  # the first poll: one sort costs less than placing rows one by one
            return
        rows = self.rows
        touched = (rows[arn] for arn in changed if arn in rows)
        visible = select(touched, self.name_filter, self.status_filter)
        self.table.apply(rows, changed, visible, self.ftui.now(), stale=self.stale)
        self.render_bar()

    # --- what the screen says --------------------------------------------------------------

    def render_header(self) -> None:
        self.query_one("#jobs-header", Line).text = jobs_lines.header(self)

    def render_bar(self) -> None:
        self.query_one("#jobs-bar", Line).text = jobs_lines.bar(self)

    def render_status(self) -> None:
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
        self.render_header()

    def action_status(self, name: str) -> None:
        self.status_filter = name
        self.apply_filters()

    def action_sort(self, column: str) -> None:
        self.table.sort_by(column)
        self.render_bar()

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
            self.apply_filters()
            self.table.focus()
        else:
            self.table.clear_marks()

    @on(JobTable.Marked)
    def _marked(self, event: JobTable.Marked) -> None:
        if event.refused:
            self.flash(f"At most {len(event.marked)} jobs compare at once; space unmarks one")
        self.render_bar()

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
        self.apply_filters()

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
        jobs_show.open_detail(self, region, arn, name)

    def show(self, arn: str, region: str, name: str) -> None:
        """Show a job (just submitted): selected in a list that shows it, its detail open."""
        jobs_show.show(self, arn, region, name)

    def flash(self, text: str, *, failed: bool = False) -> None:
        """One line above the footer: what just happened."""
        flash = self.query_one("#jobs-flash", Line)
        flash.text = text
        flash.set_class(failed, "-failed")
