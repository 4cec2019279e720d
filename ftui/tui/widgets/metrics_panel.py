"""A job's progress, estimated end and loss curves, at the top of its detail view.

The panel shows what it is given (the detail screen's worker reads the metrics); it keeps only
how the curves are drawn: loss or perplexity, by step or by epoch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ftui.core.metrics import JobMetrics
from ftui.core.metrics.curves import By, Value, curves_of
from ftui.core.progress import Progress
from ftui.core.progress.estimate import DONE, ENDED, NOT_TRAINED, TRAINING, WAITING
from ftui.core.safe_text import safe_text

if TYPE_CHECKING:
    from ftui.tui.widgets.loss_chart import LossChart

BAR_CELLS = 12
NOTE_LIMIT = 1000


def bar(fraction: float, cells: int = BAR_CELLS) -> str:
    filled = round(fraction * cells)
    return "█" * filled + "░" * (cells - filled)


def when(moment: datetime, now: datetime) -> str:
    """``15:40``, or ``Mon 03 15:40`` when not today (local time, as the rest of the view)."""
    local, today = moment.astimezone(), now.astimezone()
    return f"{local:%H:%M}" if local.date() == today.date() else f"{local:%a %d %H:%M}"


def progress_line(progress: Progress, stage: str, now: datetime) -> Content:
    """How far, when it may end, and (a line below) what the estimate rests on."""
    total = f"{progress.total_steps:,}" if progress.total_steps else "?"
    basis = Content.styled(f"\nEstimate: {progress.basis}", "dim") if progress.basis else ""
    if progress.state == WAITING:
        planned = f" · {total} steps planned" if progress.total_steps else ""
        return Content.assemble(f"Training has not started ({stage or 'waiting'}){planned}", basis)
    if progress.state == DONE:
        return Content.assemble(("Trained ", "bold $success"), bar(1.0), f" 100% · {total} steps")
    fraction = progress.fraction
    done = f"step {progress.steps_done or 0:,} of {total}"
    shown = Content.assemble(bar(fraction or 0.0), f" {progress.percent or '?'} · {done}")
    if progress.state == ENDED:
        return Content.assemble(("Ended at ", "bold"), shown, basis)
    ends = ""
    if progress.ends is not None:
        ends = f" · ends ~{when(progress.ends, now)}, in {progress.eta_text(now)}"
    elif progress.state == TRAINING and progress.total_steps:
        ends = " · estimating the end…"
    elif progress.state == TRAINING:
        ends = " · the end is not known yet"
    return Content.assemble(("Training ", "bold $warning"), shown, ends, basis)


@dataclass(frozen=True)
class Shown:
    """What the panel was last given."""

    progress: Progress | None
    metrics: JobMetrics | None
    stage: str
    uri: str


class MetricsPanel(Vertical):
    """Progress, a note, and the curves; the chart loads with the first metrics to draw."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.by: By = "step"
        self.value: Value = "loss"
        self.shown = Shown(None, None, "", "")
        self._chart_mounted = False

    def compose(self) -> ComposeResult:
        yield Static(id="metrics-progress", markup=False)
        yield Static(id="metrics-cost", markup=False)
        yield Static(id="metrics-note", markup=False)

    def show(
        self,
        progress: Progress | None,
        metrics: JobMetrics | None,
        *,
        stage: str,
        uri: str,
        now: datetime,
        problem: str | None = None,
    ) -> None:
        # A running job's detail is given the same again at every poll: what did not change is
        # not redrawn (over SSH a chart is ~10 KB, a changed line's layout the whole screen).
        curves_changed = metrics != self.shown.metrics
        self.shown = Shown(progress, metrics, stage, uri)
        line = self.query_one("#metrics-progress", Static)
        line.display = progress is not None and not _never_trained(progress)
        if progress is not None and _never_trained(progress):
            self.query_one("#metrics-cost").display = False
        if progress is not None:
            _update(line, progress_line(progress, stage, now))
        self._note(problem)
        if curves_changed:
            self._draw()

    def show_cost(self, text: str) -> None:
        """The cost estimate's line (dated prices, or why there is none)."""
        progress = self.shown.progress
        cost = self.query_one("#metrics-cost", Static)
        cost.update(Content.styled(f"Cost: {safe_text(text, NOTE_LIMIT)}", "dim"))
        # A job that never trained was not billed for training: no estimate to weigh.
        cost.display = progress is None or not _never_trained(progress)

    def show_failure(self, problem: str) -> None:
        """The read failed outright (raised): say so, keep what was drawn."""
        self._note(problem)

    def _note(self, problem: str | None) -> None:
        note = self.query_one("#metrics-note", Static)
        text = self._note_text(problem)
        _update(note, text)
        note.display = bool(text)

    def _note_text(self, problem: str | None) -> str | Content:
        metrics, progress = self.shown.metrics, self.shown.progress
        state = progress.state if progress is not None else None
        where = safe_text(self.shown.uri, NOTE_LIMIT)
        if problem is not None:
            return _warning(f"⚠ Metrics not read: {problem} (showing the last read)")
        if metrics is None or not metrics.any:
            if state == WAITING:
                return "No metrics yet: training has not started."
            if state == NOT_TRAINED:
                return "No metrics: the job ended before training started."
            if state == ENDED:
                return "No metrics: the job ended before training logged a step."
            if not where:
                return "No metrics: the job names no output location."
            if metrics is not None and metrics.denied:
                # Without s3:ListBucket, S3 says AccessDenied for a file that is not there.
                return (
                    f"No metrics yet under {where}: S3 answered AccessDenied, as it does for a"
                    " file not written yet when these credentials may not list the bucket, or"
                    " when they may not read it."
                )
            return f"No metrics yet: Bedrock writes them under {where} as training goes."
        diverged = metrics.training.diverged
        if diverged is not None:
            return _warning(
                f"⚠ Training loss is {diverged.loss} from step {diverged.step:,}: the run"
                " diverged (a lower learning rate usually helps)."
            )
        if metrics.validation_problem is not None:
            return _warning(f"⚠ Validation metrics not read: {metrics.validation_problem}")
        return ""

    def _draw(self) -> None:
        metrics = self.shown.metrics
        if metrics is None or not metrics.any:
            if self._chart_mounted:
                self.chart.display = False
            return
        if not self._chart_mounted:
            from ftui.tui.widgets.loss_chart import LossChart  # plotext loads with a chart

            self.mount(LossChart(id="metrics-chart"))
            self._chart_mounted = True
        from ftui.tui.widgets.loss_chart import Drawn

        self.chart.display = True
        curves = curves_of(metrics, by=self.by, value=self.value)
        name = "Perplexity" if self.value == "perplexity" else "Loss"
        other = "loss" if self.value == "perplexity" else "perplexity"
        self.chart.draw(
            [Drawn(curve, index) for index, curve in enumerate(curves)],
            title=f"{name} by {self.by}   (p: {other} · x: by {_other_axis(self.by)})",
            x_label=self.by,
        )

    @property
    def chart(self) -> LossChart:
        from ftui.tui.widgets.loss_chart import LossChart

        return self.query_one("#metrics-chart", LossChart)

    def toggle(self, what: Literal["value", "by"]) -> str:
        """Switch loss/perplexity or step/epoch; returns what is now drawn, to say it."""
        if what == "value":
            self.value = "perplexity" if self.value == "loss" else "loss"
        else:
            self.by = "epoch" if self.by == "step" else "step"
        self._draw()
        return f"{self.value} by {self.by}"


def _other_axis(by: By) -> str:
    return "epoch" if by == "step" else "step"


def _never_trained(progress: Progress) -> bool:
    return progress.state == NOT_TRAINED


def _update(line: Static, text: str | Content) -> None:
    """``line`` shows ``text``, refreshed only if it showed something else."""
    if line.content != text:
        line.update(text)


def _warning(text: str) -> Content:
    return Content.styled(safe_text(text, NOTE_LIMIT), "$error")
