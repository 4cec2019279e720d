"""Progress and an estimated end: the steps done over the steps the request will take.

The end is extrapolated from the training stage's own pace: the time since training began,
divided by the share of steps done. It is said to be an estimate, and what it rests on (the
records, the epochs, the batch size, whether one was assumed) is said beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ftui.core.jobs import format_elapsed
from ftui.core.metrics import JobMetrics
from ftui.core.progress.plan import TrainingPlan, training_plan
from ftui.core.progress.records import RecordCount

# Below this share of the steps the pace says little (instances still warming up): no end yet.
MIN_FRACTION = 0.02

WAITING = "waiting"
TRAINING = "training"
DONE = "done"
ENDED = "ended"  # stopped or failed before the last step
NOT_TRAINED = "not trained"  # stopped or failed before training began: nothing trained


@dataclass(frozen=True)
class Progress:
    state: str
    steps_done: int | None = None
    total_steps: int | None = None
    ends: datetime | None = None  # estimated end of training (while training)
    basis: str = ""  # what the total rests on, or why there is none

    @property
    def fraction(self) -> float | None:
        if self.state == DONE:
            return 1.0
        if self.steps_done is None or not self.total_steps:
            return None
        return min(1.0, self.steps_done / self.total_steps)

    @property
    def percent(self) -> str:
        fraction = self.fraction
        return "" if fraction is None else f"{fraction:.0%}"

    def remaining(self, now: datetime) -> timedelta | None:
        if self.ends is None:
            return None
        return max(timedelta(0), self.ends - now)

    def eta_text(self, now: datetime) -> str:
        """``~1h 20m`` left, for a column; ``…`` while too little is done to tell, ``?`` when
        no total is known; empty for a job not training."""
        left = self.remaining(now)
        if left is None:
            if self.state != TRAINING:
                return ""
            return "…" if self.total_steps else "?"
        if left < timedelta(minutes=1):
            return "<1m"
        return "~" + format_elapsed(left)


def steps_per_epoch(metrics: JobMetrics) -> int | None:
    """Steps an epoch takes, as the job's own metrics show once its first epoch is over."""
    for step, epoch in zip(metrics.validation.steps, metrics.validation.epochs, strict=True):
        if epoch == 0:
            return step + 1  # a validation row sits on the last step of its epoch
    training = metrics.training
    for i in range(1, len(training)):
        epoch = training.epochs[i]
        if epoch >= 1 and training.epochs[i - 1] == epoch - 1:
            # The first step of epoch e is e x steps-per-epoch; rows may be sampled, so
            # this is exact only when the row before is the step before.
            return max(1, training.steps[i] // epoch)
    return None


def total_of(
    plan: TrainingPlan, metrics: JobMetrics | None, records: RecordCount | None
) -> tuple[int | None, str]:
    """The steps training will take, and the words that say how that is known."""
    if plan.steps is not None:
        return plan.steps, f"{plan.steps:,} steps (stepCount)"
    if plan.epochs is None:
        return None, "epochs chosen by AWS (Auto): no total known"
    epochs = f"{plan.epochs} epoch{'s' if plan.epochs != 1 else ''}"
    seen = steps_per_epoch(metrics) if metrics is not None else None
    if seen is not None:
        return seen * plan.epochs, f"{seen:,} steps an epoch (seen) × {epochs}"
    if records is None or not records.count:
        return None, "records not known yet"
    batch = f"batch {plan.batch_size}" + (" (assumed)" if plan.batch_assumed else "")
    total = plan.total_steps(records.count)
    return total, f"{records.text} ({records.source}) ÷ {batch} × {epochs}"


def _time(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


def progress_of(
    job: Mapping[str, Any],
    metrics: JobMetrics | None,
    records: RecordCount | None,
    now: datetime,
) -> Progress:
    """How far ``job`` (a GetModelCustomizationJob answer) has trained, by ``now``."""
    status = str(job.get("status") or "")
    training = (job.get("statusDetails") or {}).get("trainingDetails") or {}
    last = metrics.training.last if metrics is not None else None
    done = last.step + 1 if last is not None else None
    total, basis = total_of(training_plan(job), metrics, records)
    stage = training.get("status")
    if status == "Completed" or (stage == "Completed" and status == "InProgress"):
        # The steps it took, when its metrics say (the plan's total may rest on a guess).
        return Progress(DONE, done or total, done or total, basis=basis)
    if status in ("Failed", "Stopped", "Stopping") and stage in ("NotStarted", None) and training:
        return Progress(NOT_TRAINED, basis="")
    if done is not None and total is not None and done > total:
        # More steps than planned: the plan rests on a batch size or a record count that is
        # not the job's. Its own epochs will tell.
        basis = f"{done:,} steps done, more than the {total:,} planned from {basis}"
        total = None
    if status in ("Failed", "Stopped"):
        return Progress(ENDED, done, total, basis=basis)
    started = _time(training.get("creationTime"))
    if not training and done is not None:
        # No stage details: the job's own start stands in, so the end comes out late.
        started, training = _time(job.get("creationTime")), {"status": "InProgress"}
    if training.get("status") != "InProgress" or started is None:
        if status == "Stopping":
            return Progress(ENDED, done, total, basis=basis)
        return Progress(WAITING, None, total, basis=basis)
    ends = None
    if done is not None and total:
        fraction = min(1.0, done / total)
        if fraction >= MIN_FRACTION and now > started:
            ends = started + (now - started) / fraction
    return Progress(TRAINING, done or 0, total, ends, basis)
