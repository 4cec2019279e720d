"""Training metrics as Bedrock writes them: per-step loss while training, validation per epoch.

Files and columns follow the Bedrock user guide ("Analyze the results of a model customization
job"): ``step_wise_training_metrics.csv`` with step_number, epoch_number, training_loss,
perplexity, and ``validation_metrics.csv`` with validation_loss in place of training_loss.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

# Rows kept per file at most; longer runs are sampled evenly, as a person plotting them would.
MAX_ROWS = 500


@dataclass(frozen=True)
class LossCurve:
    """A decaying loss with noise, fixed by its seed."""

    seed: int
    steps: int
    steps_per_epoch: int

    def _params(self) -> tuple[float, float, float, random.Random]:
        rng = random.Random(self.seed)
        start = rng.uniform(1.9, 2.9)
        floor = rng.uniform(0.25, 0.75)
        rate = rng.uniform(2.5, 4.5)
        return start, floor, rate, rng

    def training_loss(self, step: int) -> float:
        start, floor, rate, _ = self._params()
        noise = random.Random(self.seed * 1_000_003 + step).gauss(0, 0.035)
        value = floor + (start - floor) * math.exp(-rate * step / max(self.steps, 1)) + noise
        return max(value, 0.01)

    def validation_loss(self, epoch: int) -> float:
        step = min((epoch + 1) * self.steps_per_epoch - 1, self.steps - 1)
        start, floor, rate, _ = self._params()
        smooth = floor + (start - floor) * math.exp(-rate * step / max(self.steps, 1))
        gap = 0.06 + 0.025 * epoch  # a little overfitting with every epoch
        return smooth + gap + random.Random(self.seed * 7 + epoch).gauss(0, 0.015)

    @property
    def epochs(self) -> int:
        return max(1, math.ceil(self.steps / max(self.steps_per_epoch, 1)))

    def logged_steps(self, done: int) -> list[int]:
        """The steps written to the CSV once ``done`` steps have run."""
        stride = max(1, math.ceil(self.steps / MAX_ROWS))
        return list(range(0, done, stride))


def training_csv(curve: LossCurve, done: int) -> str:
    lines = ["step_number,epoch_number,training_loss,perplexity"]
    for step in curve.logged_steps(done):
        loss = curve.training_loss(step)
        epoch = step // max(curve.steps_per_epoch, 1)
        lines.append(f"{step},{epoch},{loss:.6f},{math.exp(loss):.6f}")
    return "\n".join(lines) + "\n"


def validation_csv(curve: LossCurve, epochs_done: int) -> str:
    lines = ["step_number,epoch_number,validation_loss,perplexity"]
    for epoch in range(epochs_done):
        step = min((epoch + 1) * curve.steps_per_epoch - 1, curve.steps - 1)
        loss = curve.validation_loss(epoch)
        lines.append(f"{step},{epoch},{loss:.6f},{math.exp(loss):.6f}")
    return "\n".join(lines) + "\n"
