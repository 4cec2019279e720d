"""Two to four jobs on one chart, what the curves say, and their settings side by side.

Each job keeps one colour: its training loss as a line, its validation loss as points, and
its name in that colour above its column of settings. What differs between the jobs is marked
and bright; what they share is dim, so the eye goes to the differences.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ftui.core.aws.errors import AwsError
from ftui.core.compare import Compared, SettingRow, settings, verdict
from ftui.core.metrics.curves import TRAINING, By, Value, curves_of
from ftui.core.progress.watch import JobWatch
from ftui.core.safe_text import safe_text
from ftui.tui import guides
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.footer import Footer
from ftui.tui.widgets.job_columns import fit_middle
from ftui.tui.widgets.loss_chart import SERIES_COLORS, Drawn, LossChart

LABEL_WIDTH = 28  # the most a setting's name takes ("learningRateWarmupSteps" and a mark)
NAME_LIMIT = 24  # a job's name in the chart's legend


def table(names: list[str], rows: list[SettingRow], width: int) -> Content:
    """The settings, a column per job; differing rows marked ``≠`` and bright."""
    label = min(LABEL_WIDTH, max(len(r.label) for r in rows) + 2) if rows else 2
    column = max(8, (width - label - 2) // max(1, len(names)) - 1)
    header = [Content(" " * label)]
    for index, name in enumerate(names):
        color = SERIES_COLORS[index % len(SERIES_COLORS)]
        header.append(Content.styled(" " + fit_middle(name, column), f"bold ${color}"))
    lines = [Content.assemble(*header)]
    for row in rows:
        style = "bold" if row.differs else "dim"
        mark = "≠ " if row.differs else "  "
        cells = [Content.styled(mark + fit_middle(row.label, label - 2), style)]
        cells += [Content.styled(" " + fit_middle(value, column), style) for value in row.values]
        lines.append(Content.assemble(*cells))
    return Content("\n").join(lines)


class CompareScreen(FtuiScreen[None]):
    PLACE = "Compare"
    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="compare.back"),
        Binding("p", "chart('value')", "Loss/perplexity", id="compare.perplexity"),
        Binding("x", "chart('by')", "By step/epoch", id="compare.by_epoch"),
        Binding("r", "reload", "Reload", id="compare.reload"),
    ]
    KEY_GUIDE = guides.COMPARE

    @dataclass
    class Loaded(Message):
        compared: list[Compared]
        errors: list[str]

    def __init__(self, jobs: list[tuple[str, str, str]]) -> None:
        """``jobs``: (region, ARN, name) of each, in the order they were marked."""
        super().__init__(classes="compare")
        self.jobs = jobs
        self.compared: list[Compared] = []
        # By epoch: jobs on data of different sizes line up, and validation falls on each.
        self.by: By = "epoch"
        self.value: Value = "loss"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="compare-body"):
            yield Static(f"Loading {len(self.jobs)} jobs…", id="compare-verdict", markup=False)
            yield LossChart(id="compare-chart")
            yield Static(id="compare-table", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _load(self) -> None:
        with ThreadPoolExecutor(len(self.jobs)) as pool:
            results = list(pool.map(self._read, self.jobs))
        compared = [c for c, _ in results if c is not None]
        errors = [e for _, e in results if e is not None]
        self.post_message(self.Loaded(compared, errors))

    def _read(self, job: tuple[str, str, str]) -> tuple[Compared | None, str | None]:
        """One job and its metrics; what went wrong is said for that job, the others shown."""
        try:
            return self._read_job(job)
        except Exception as error:  # a bug reading one job must not hide the others
            return None, f"{job[2]}: {type(error).__name__}: {error}"

    def _read_job(self, job: tuple[str, str, str]) -> tuple[Compared | None, str | None]:
        region, arn, name = job
        got = self.ftui.bedrock(region).get_job(arn)
        if isinstance(got, AwsError):
            return None, f"{name}: {got.code}: {got.message}"
        watch = JobWatch(self.ftui.session, region, got.value, self.ftui.reports)
        read = watch.refresh(got.value, self.ftui.now())
        metrics = watch.metrics.copy() if watch.metrics is not None else None
        problem = None
        if isinstance(read, AwsError):
            problem = f"{name}: metrics not read: {read.code}: {read.message}"
        return Compared(got.value, metrics), problem

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.compared = event.compared
        lines = [Content.styled(f"⚠ {safe_text(e, 1000)}", "$error") for e in event.errors]
        lines += [Content(safe_text(line, 1000)) for line in verdict(self.compared)]
        self.query_one("#compare-verdict", Static).update(Content("\n").join(lines))
        self._draw()

    @on(Worker.StateChanged)
    def _failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.query_one("#compare-verdict", Static).update(
                Content.styled(f"⚠ {type(error).__name__}: {error}", "$error")
            )

    def _draw(self) -> None:
        drawn: list[Drawn] = []
        validation: list[Drawn] = []  # drawn last: a job's points stay on top of the lines
        for index, job in enumerate(self.compared):
            if job.metrics is None:
                continue
            name = fit_middle(job.name, NAME_LIMIT).rstrip()
            for curve in curves_of(job.metrics, by=self.by, value=self.value):
                # One legend entry a job: its training line; its validation points share
                # its colour.
                if curve.kind == TRAINING:
                    drawn.append(Drawn(replace(curve, label=name), index))
                else:
                    validation.append(Drawn(replace(curve, label=""), index))
        drawn += validation
        what = "Perplexity" if self.value == "perplexity" else "Loss"
        self.query_one(LossChart).draw(
            drawn, title=f"{what} by {self.by}   (line: training · ●: validation)", x_label=self.by
        )
        self._table()

    def _table(self) -> None:
        if not self.compared:
            return
        names = [safe_text(c.name, 200) for c in self.compared]
        rows = [
            SettingRow(r.label, tuple(safe_text(v, 2048) for v in r.values))
            for r in settings(self.compared, self.ftui.now())
        ]
        box = self.query_one("#compare-table", Static)
        box.update(table(names, rows, max(40, box.size.width or self.size.width - 4)))

    def on_resize(self) -> None:
        self._table()

    def action_chart(self, what: str) -> None:
        if what == "value":
            self.value = "perplexity" if self.value == "loss" else "loss"
        else:
            self.by = "epoch" if self.by == "step" else "step"
        self._draw()

    def action_reload(self) -> None:
        self._load()
