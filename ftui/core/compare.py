"""Two to four jobs side by side: which learned better, and how their settings differ.

The verdict rests on validation loss when the jobs have it (the loss on data they did not
train on), and says so when only training loss is there to go on. A job whose validation loss
rose after its lowest point while training loss went on falling is said to overfit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ftui.core.jobs import STAGES, format_elapsed
from ftui.core.metrics import JobMetrics
from ftui.core.metrics.rows import MetricRow

# Validation loss this far above its lowest point (and at least this share of it) is a rise.
RISE = 0.02
RISE_SHARE = 0.05


@dataclass(frozen=True)
class Compared:
    job: Mapping[str, Any]  # a GetModelCustomizationJob answer
    metrics: JobMetrics | None

    @property
    def name(self) -> str:
        return str(self.job.get("jobName") or "")


@dataclass(frozen=True)
class Learned:
    final_training: float | None
    best_validation: MetricRow | None
    final_validation: MetricRow | None

    @property
    def overfit(self) -> bool:
        best, last = self.best_validation, self.final_validation
        if best is None or last is None or last.step <= best.step:
            return False
        return last.loss - best.loss > max(RISE, RISE_SHARE * best.loss)


def learned(metrics: JobMetrics | None) -> Learned:
    if metrics is None:
        return Learned(None, None, None)
    last = metrics.training.last
    final = last.loss if last is not None and math.isfinite(last.loss) else None
    return Learned(final, metrics.validation.best(), metrics.validation.last)


def _loss(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def _epoch(row: MetricRow | None) -> str:
    return "-" if row is None else f"{row.loss:.4f} (epoch {row.epoch + 1})"


def verdict(jobs: Sequence[Compared]) -> list[str]:
    """What the curves say, in a few sentences."""
    results = [(job, learned(job.metrics)) for job in jobs]
    validated = [
        (row.loss, job.name, row)
        for job, result in results
        if (row := result.best_validation) is not None
    ]
    trained = [
        (loss, job.name) for job, result in results if (loss := result.final_training) is not None
    ]
    lines: list[str] = []
    if len(validated) > 1:
        _, name, row = min(validated, key=lambda found: found[0])
        lines.append(f"{name} learned best: lowest validation loss {_epoch(row)}.")
    elif len(trained) > 1:
        loss, name = min(trained)
        lines.append(
            f"{name} has the lowest final training loss ({_loss(loss)}); without validation"
            " losses for them all, how well they generalise is not known."
        )
    elif not trained:
        lines.append("No metrics yet: none of these jobs has started training.")
    else:
        lines.append("Only one of these jobs has losses to compare so far.")
    without = [job.name for job, result in results if result.final_training is None]
    if without and trained:
        lines.append(f"No metrics yet: {', '.join(without)}.")
    running = [
        job.name
        for job, result in results
        if job.job.get("status") == "InProgress" and result.final_training is not None
    ]
    if running:
        lines.append(f"Still training, its losses will change: {', '.join(running)}.")
    if len(validated) > 1 and len({_validation_data(job.job) for job, _ in results}) > 1:
        lines.append(
            "Their validation sets differ: their losses are not measured on the same data."
        )
    for job, result in results:
        best, last = result.best_validation, result.final_validation
        if result.overfit and best is not None and last is not None:
            lines.append(
                f"{job.name} overfit: validation loss rose from {best.loss:.4f} (epoch"
                f" {best.epoch + 1}) to {last.loss:.4f} (epoch {last.epoch + 1})."
            )
    return lines


def _hyperparameters(job: Mapping[str, Any]) -> Mapping[str, Any]:
    """The job's hyperparameters: top-level, or RFT's own in ``rftConfig``."""
    rft = ((job.get("customizationConfig") or {}).get("rftConfig") or {}).get("hyperParameters")
    return rft if isinstance(rft, Mapping) else (job.get("hyperParameters") or {})


def _teacher(job: Mapping[str, Any]) -> str | None:
    config = (job.get("customizationConfig") or {}).get("distillationConfig") or {}
    teacher = (config.get("teacherModelConfig") or {}).get("teacherModelIdentifier")
    return str(teacher) if teacher else None


def _validation_data(job: Mapping[str, Any]) -> str:
    validators = (job.get("validationDataConfig") or {}).get("validators") or []
    return ", ".join(str(v.get("s3Uri")) for v in validators)


@dataclass(frozen=True)
class SettingRow:
    label: str
    values: tuple[str, ...]

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


def _duration(start: Any, end: Any, now: datetime) -> str:
    if not isinstance(start, datetime):
        return "-"
    stop = end if isinstance(end, datetime) else now
    return format_elapsed(stop - start) + ("" if isinstance(end, datetime) else " so far")


def _training_time(job: Mapping[str, Any], now: datetime) -> str:
    stage = (job.get("statusDetails") or {}).get(STAGES[-1][0]) or {}
    if stage.get("status") in (None, "NotStarted"):
        return "-"
    end = stage.get("lastModifiedTime") if stage.get("status") != "InProgress" else None
    return _duration(stage.get("creationTime"), end, now)


def settings(jobs: Sequence[Compared], now: datetime) -> list[SettingRow]:
    """Rows of settings, data, durations and results, one value per job."""

    def row(label: str, values: Sequence[Any]) -> SettingRow:
        return SettingRow(label, tuple("-" if v in (None, "") else str(v) for v in values))

    answers = [j.job for j in jobs]
    results = [learned(j.metrics) for j in jobs]
    hypers = [_hyperparameters(job) for job in answers]
    hyper_keys: list[str] = []
    for hyper in hypers:
        for key in hyper:
            if key not in hyper_keys:
                hyper_keys.append(key)
    validators = [_validation_data(j) for j in answers]
    steps = [
        j.metrics.training.last.step + 1 if j.metrics and j.metrics.training.last else None
        for j in jobs
    ]
    rows = [
        row("Status", [j.get("status") for j in answers]),
        row("Base model", [str(j.get("baseModelArn", "")).rsplit("/", 1)[-1] for j in answers]),
        row("Type", [j.get("customizationType") for j in answers]),
        *(row(key, [hyper.get(key) for hyper in hypers]) for key in hyper_keys),
        row("Teacher", [_teacher(j) for j in answers]),
        row("Training data", [(j.get("trainingDataConfig") or {}).get("s3Uri") for j in answers]),
        row("Validation data", validators),
        row("Duration", [_duration(j.get("creationTime"), j.get("endTime"), now) for j in answers]),
        row("Training time", [_training_time(j, now) for j in answers]),
        row("Steps", [f"{s:,}" if s else None for s in steps]),
        row("Final training loss", [_loss(r.final_training) for r in results]),
        row("Best validation loss", [_epoch(r.best_validation) for r in results]),
        row("Final validation loss", [_epoch(r.final_validation) for r in results]),
    ]
    # A setting none of them has (a teacher, for jobs that distil nothing) is left out.
    return [r for r in rows if any(value != "-" for value in r.values)]
