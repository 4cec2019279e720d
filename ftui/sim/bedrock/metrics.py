"""Training metrics as Bedrock writes them: per-step loss while training, validation per epoch.

Files and columns follow the Bedrock user guide ("Analyze the results of a model customization
job"): ``step_wise_training_metrics.csv`` with step_number, epoch_number, training_loss,
perplexity, and ``validation_metrics.csv`` with validation_loss in place of training_loss.

A curve is a pure function of the job's seed and its :class:`TrainingPlan`, so that two jobs
on the same data with different settings differ the way a person who trains models expects:

- the training loss falls, with noise that grows as the batch shrinks or the learning rate
  rises;
- a learning rate well above the model's default learns fast but settles higher and noisier;
  a tiny one learns slowly;
- with few records (a few hundred) and several epochs the model memorizes them: the training
  loss keeps falling while the validation loss falls, bottoms out and rises again; with plenty
  of data the validation loss follows the training loss a little above it.

Rows are only ever appended while a job trains (a reader may fetch just the new bytes): the
sampling stride is fixed by the plan, each row depends only on its step, and numbers are
always written the same way.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cached_property

# Rows kept per file at most; longer runs are sampled evenly, as a person plotting them would.
MAX_ROWS = 500
TRAINING_HEADER = "step_number,epoch_number,training_loss,perplexity"
VALIDATION_HEADER = "step_number,epoch_number,validation_loss,perplexity"

# Records at which memorizing the data set is half as strong as it gets: a few hundred
# examples seen five times over are learnt by heart, a few thousand are not.
_MEMORIZE_RECORDS = 300.0
# Epochs of learning (at the default learning rate) before memorizing starts to show.
_MEMORIZE_AFTER = 1.5
# How far the validation loss climbs when the model memorizes a tiny data set.
_OVERFIT = 0.2
# Steps per epoch at which a run learns at the base speed; more updates per epoch learn more.
_REFERENCE_STEPS = 50.0


@dataclass(frozen=True)
class TrainingPlan:
    """What shapes a run: the records the validation stage counted and the request's settings.

    ``learning_rate`` is relative to the model's default (10 means ten times AWS's default).
    ``task`` names the model and the data (any text): runs of the same task start from the
    same loss and can reach the same floor, so what tells them apart is their settings.
    """

    records: int
    epochs: int
    batch_size: int
    learning_rate: float = 1.0
    task: str = ""

    @property
    def steps_per_epoch(self) -> int:
        return max(1, math.ceil(max(self.records, 1) / max(self.batch_size, 1)))

    @property
    def steps(self) -> int:
        return self.steps_per_epoch * max(self.epochs, 1)


@dataclass(frozen=True)
class _Shape:
    start: float  # loss before training
    floor: float  # what the model can reach on data like this
    speed: float  # how many e-folds the loss falls per epoch
    drive: float  # the learning rate's push: >1 learns (and memorizes) faster
    memorize: float  # 0 (plenty of data) .. 1 (a handful of records)
    gap: float  # validation above training, before any memorizing
    noise: float  # relative spread of the per-step training loss


@dataclass(frozen=True)
class LossCurve:
    """The losses of one run, fixed by its seed and plan."""

    seed: int
    plan: TrainingPlan

    @property
    def steps(self) -> int:
        return self.plan.steps

    @property
    def steps_per_epoch(self) -> int:
        return self.plan.steps_per_epoch

    @property
    def epochs(self) -> int:
        return max(self.plan.epochs, 1)

    @property
    def stride(self) -> int:
        """Steps between logged rows: fixed for the run, so rows are only ever appended."""
        return max(1, math.ceil(self.steps / MAX_ROWS))

    @cached_property
    def _shape(self) -> _Shape:
        rng = random.Random(self.seed)
        task = random.Random(f"task:{self.plan.task}")
        plan = self.plan
        ratio = plan.learning_rate if plan.learning_rate > 0 else 1.0
        hot = max(0.0, math.log10(ratio))  # 1 at ten times the default
        # A tiny learning rate slows learning more than a big one speeds it up.
        drive = ratio**0.6 if ratio < 1 else ratio**0.3
        updates = min(max((plan.steps_per_epoch / _REFERENCE_STEPS) ** 0.25, 0.7), 1.8)
        memorize = 1 / (1 + (max(plan.records, 1) / _MEMORIZE_RECORDS) ** 2)
        batch_noise = (8 / max(plan.batch_size, 1)) ** 0.25
        return _Shape(
            start=task.uniform(2.2, 2.8) + rng.uniform(-0.05, 0.05),
            floor=task.uniform(0.38, 0.52) + rng.uniform(-0.015, 0.015) + 0.25 * hot,
            speed=rng.uniform(2.2, 2.5) * updates * drive,
            drive=drive,
            memorize=memorize,
            gap=0.04 + 0.05 * memorize + rng.uniform(0.0, 0.02),
            noise=min(0.05 * batch_noise * (1 + 1.2 * hot), 0.15),
        )

    def _epochs_seen(self, step: int) -> float:
        return (step + 1) / self.steps_per_epoch

    def _learnt(self, step: int) -> float:
        """The loss the run has learnt down to by ``step``, on data like its own."""
        shape = self._shape
        return shape.floor + (shape.start - shape.floor) * math.exp(
            -shape.speed * self._epochs_seen(step)
        )

    def _memorized(self, step: int) -> float:
        """Epochs of memorizing so far: learning past what generalizes."""
        return max(0.0, self._epochs_seen(step) * self._shape.drive - _MEMORIZE_AFTER)

    def smooth_training_loss(self, step: int) -> float:
        shape = self._shape
        # Memorized records keep pulling the training loss down, never below 40% of the floor;
        # even plenty of data is memorized a little, which the validation loss does not share.
        depth = 0.6 * shape.floor * math.sqrt(shape.memorize)
        drop = depth * (1 - math.exp(-self._memorized(step) / 1.5))
        return self._learnt(step) - drop

    def smooth_validation_loss(self, step: int) -> float:
        shape = self._shape
        overfit = shape.memorize * _OVERFIT * math.pow(self._memorized(step), 1.5)
        return self._learnt(step) + shape.gap + overfit

    def training_loss(self, step: int) -> float:
        wobble = _gauss(self.seed, step, 1)
        return max(self.smooth_training_loss(step) * (1 + self._shape.noise * wobble), 0.01)

    def validation_loss(self, epoch: int) -> float:
        wobble = _gauss(self.seed, epoch, 2)
        return max(self.smooth_validation_loss(self.epoch_end(epoch)) * (1 + 0.005 * wobble), 0.01)

    def epoch_end(self, epoch: int) -> int:
        """The last step of ``epoch`` (from 0), where its validation row is logged."""
        return min((epoch + 1) * self.steps_per_epoch, self.steps) - 1

    def epochs_done(self, done: int) -> int:
        """Epochs whose every step has run once ``done`` steps have."""
        return min(done // self.steps_per_epoch, self.epochs)

    def logged_steps(self, done: int) -> list[int]:
        """The steps written to the CSV once ``done`` steps have run.

        Every ``stride``-th step, and the final step once the run is complete, so a finished
        job's last row is its last step.
        """
        steps = list(range(0, min(done, self.steps), self.stride))
        if done >= self.steps and steps[-1] != self.steps - 1:
            steps.append(self.steps - 1)
        return steps


def reported(loss: float) -> float:
    """A loss as the CSV shows it: what GetModelCustomizationJob must repeat."""
    return float(f"{loss:.6f}")


def _row(step: int, epoch: int, loss: float) -> str:
    return f"{step},{epoch},{loss:.6f},{math.exp(loss):.6f}"


def training_csv(curve: LossCurve, done: int) -> str:
    lines = [TRAINING_HEADER]
    for step in curve.logged_steps(done):
        epoch = step // curve.steps_per_epoch
        lines.append(_row(step, epoch, curve.training_loss(step)))
    return "\n".join(lines) + "\n"


def validation_csv(curve: LossCurve, epochs_done: int) -> str:
    lines = [VALIDATION_HEADER]
    for epoch in range(min(epochs_done, curve.epochs)):
        lines.append(_row(curve.epoch_end(epoch), epoch, curve.validation_loss(epoch)))
    return "\n".join(lines) + "\n"


def _gauss(seed: int, index: int, stream: int) -> float:
    """A standard normal draw fixed by (seed, index, stream), clipped so no row is wild."""
    value = random.Random(f"{seed}:{stream}:{index}").gauss(0, 1)
    return min(max(value, -2.5), 2.5)
