"""What a chart of a job's metrics draws: loss (or perplexity) by step or by epoch.

Pure data, no drawing: the detail view and the comparison both build their curves here, and
tests check them without a terminal. A file of a million steps becomes at most a few points
per column of the chart: each point the mean of the steps it stands for.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ftui.core.metrics.reader import JobMetrics
from ftui.core.metrics.rows import Series, exp

By = Literal["step", "epoch"]
Value = Literal["loss", "perplexity"]
TRAINING = "training"
VALIDATION = "validation"


@dataclass(frozen=True)
class Curve:
    label: str
    kind: str  # TRAINING or VALIDATION
    xs: tuple[float, ...]
    ys: tuple[float, ...]


def _values(series: Series, value: Value) -> Sequence[float]:
    return series.perplexities if value == "perplexity" else series.losses


def _finite(xs: Sequence[float], ys: Sequence[float]) -> tuple[list[float], list[float]]:
    """Drop NaN and infinite values: a diverged step is said in words, not drawn off-scale."""
    kept = [(x, y) for x, y in zip(xs, ys, strict=True) if math.isfinite(y)]
    return [x for x, _ in kept], [y for _, y in kept]


def downsample(
    xs: Sequence[float], ys: Sequence[float], points: int
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """At most ``points`` points, each the mean of consecutive ones; the last kept as it is.

    Slices of typed arrays are summed in C: a million steps become 400 points in milliseconds.
    """
    if len(xs) <= points or points < 2:
        return tuple(float(x) for x in xs), tuple(ys)
    size = len(xs) / (points - 1)
    out_x: list[float] = []
    out_y: list[float] = []
    for bucket in range(points - 1):
        start, end = int(bucket * size), int((bucket + 1) * size)
        if end > start:
            out_x.append(sum(xs[start:end]) / (end - start))
            out_y.append(sum(ys[start:end]) / (end - start))
    out_x.append(float(xs[-1]))
    out_y.append(ys[-1])
    return tuple(out_x), tuple(out_y)


def _by_step(series: Series, value: Value) -> tuple[Sequence[float], Sequence[float]]:
    """The steps up to a divergence (said in words beside the chart), finite values only."""
    steps, ys = series.steps, _values(series, value)
    if series.diverged is not None:
        # Sliced in C: after a run diverges its losses are rarely numbers again, and a Python
        # pass over a million of them would hold up the screen.
        steps, ys = steps[: series.diverged_at], ys[: series.diverged_at]
    # Perplexity is exp(loss): finite where the loss is, unless it overflowed, which a sum
    # carries (one infinite value makes it infinite).
    if value == "loss" or math.isfinite(sum(ys)):
        return steps, ys
    return _finite(steps, ys)


def curves_of(
    metrics: JobMetrics,
    *,
    by: By = "step",
    value: Value = "loss",
    points: int = 400,
    name: str = "",
) -> list[Curve]:
    """The training and validation curves of one job; ``name`` prefixes their labels."""
    prefix = f"{name} " if name else ""
    out: list[Curve] = []
    training = metrics.training
    if len(training):
        xs: Sequence[float]
        ys: Sequence[float]
        if by == "epoch":
            per_epoch = training.by_epoch()
            xs = [float(e + 1) for e, _ in per_epoch]
            ys = [exp(loss) if value == "perplexity" else loss for _, loss in per_epoch]
        else:
            xs, ys = _by_step(training, value)
        if xs:
            out.append(Curve(f"{prefix}{TRAINING}", TRAINING, *downsample(xs, ys, points)))
    validation = metrics.validation
    if len(validation):
        if by == "epoch":
            raw_x: Sequence[float] = [float(e + 1) for e in validation.epochs]
        else:
            raw_x = [float(s) for s in validation.steps]
        vx, vy = _finite(raw_x, _values(validation, value))
        if vx:
            out.append(Curve(f"{prefix}{VALIDATION}", VALIDATION, tuple(vx), tuple(vy)))
    return out


def nice_ticks(low: float, high: float, most: int) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) across ``low``..``high``."""
    if most < 2 or not high > low:
        return [low]
    power = 10 ** math.floor(math.log10((high - low) / most))

    def count(step: float) -> int:
        return math.floor(high / step + 1e-9) - math.ceil(low / step - 1e-9) + 1

    step = next(m * power for m in (1, 2, 5, 10, 20, 50) if count(m * power) <= most)
    first = math.ceil(low / step) * step
    ticks = []
    tick = first
    while tick <= high + step * 1e-9:
        ticks.append(round(tick, 10))
        tick += step
    return ticks
