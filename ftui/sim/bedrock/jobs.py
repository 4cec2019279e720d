"""A simulated customization job and its lifecycle, driven by a clock.

A job runs through Bedrock's three stages, each NotStarted -> InProgress -> Completed (or
Failed, Stopping, Stopped), with the top status InProgress -> Completed | Failed, or
Stopping -> Stopped after StopModelCustomizationJob. Stage lengths grow with the data set and the
epochs, so a job takes hours at speed 1, as on AWS. Transitions carry the time they happened at,
not the time someone looked.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from ftui.core.catalog import load_catalog
from ftui.core.kinds import kind_of
from ftui.core.progress.plan import training_plan
from ftui.sim.bedrock.metrics import (
    LossCurve,
    TrainingPlan,
    reported,
    training_csv,
    validation_csv,
)

STAGES = ("validationDetails", "dataProcessingDetails", "trainingDetails")
TERMINAL = frozenset({"Completed", "Failed", "Stopped"})
STOP_DELAY = timedelta(seconds=90)


@dataclass
class Stage:
    status: str = "NotStarted"
    created: datetime | None = None
    modified: datetime | None = None

    def move(self, status: str, at: datetime) -> None:
        if self.created is None:
            self.created = at
        self.status = status
        self.modified = at


@dataclass(frozen=True)
class DataCheck:
    """What the validation stage found: a failure message, or the size of the data."""

    failure: str | None = None
    records: int = 0


class Effects(Protocol):
    """What a job does to the world around it, provided by the service."""

    def check_data(self, job: SimJob) -> DataCheck: ...

    def write_metrics(self, job: SimJob, training: str, validation: str | None) -> None: ...

    def completed(self, job: SimJob) -> None: ...


@dataclass
class SimJob:
    arn: str
    name: str
    job_id: str
    region: str
    request: dict[str, Any]
    base_model_id: str
    base_model_arn: str
    created: datetime
    seed: int
    kms_key_arn: str | None = None
    status: str = "InProgress"
    stages: dict[str, Stage] = field(default_factory=lambda: {s: Stage() for s in STAGES})
    failure: str | None = None
    end_time: datetime | None = None
    last_modified: datetime | None = None
    validation_ends: datetime | None = None
    processing_ends: datetime | None = None
    training_ends: datetime | None = None
    stop_requested: datetime | None = None
    curve: LossCurve | None = None
    logged_rows: int = -1
    logged_epochs: int = -1
    output_model_arn: str | None = None
    training_loss: float | None = None
    validation_losses: list[float] = field(default_factory=list)
    tags: list[dict[str, str]] = field(default_factory=list)

    @property
    def customization_type(self) -> str:
        return kind_of(self.request)

    @property
    def custom_model_name(self) -> str:
        return str(self.request["customModelName"])

    @property
    def finished(self) -> bool:
        return self.status in TERMINAL

    def start(self) -> None:
        rng = random.Random(self.seed)
        self.validation_ends = self.created + timedelta(seconds=rng.uniform(180, 480))
        self.stages["validationDetails"].move("InProgress", self.created)
        self.last_modified = self.created

    # --- the lifecycle --------------------------------------------------------------------

    def advance(self, now: datetime, effects: Effects) -> None:
        """Apply every transition due by ``now``, in order."""
        if self.finished:
            return
        if self.status == "Stopping":
            assert self.stop_requested is not None
            done = self.stop_requested + STOP_DELAY
            if now >= done:
                self._stopped(done)
            return
        if self.validation_ends and self.stages["validationDetails"].status == "InProgress":
            if now < self.validation_ends:
                return
            self._end_validation(self.validation_ends, effects)
            if self.finished:
                return
        if self.processing_ends and self.stages["dataProcessingDetails"].status == "InProgress":
            if now < self.processing_ends:
                return
            self.stages["dataProcessingDetails"].move("Completed", self.processing_ends)
            self.stages["trainingDetails"].move("InProgress", self.processing_ends)
            self.last_modified = self.processing_ends
        if self.training_ends and self.stages["trainingDetails"].status == "InProgress":
            self._log_metrics(min(now, self.training_ends), effects)
            if now >= self.training_ends:
                self._complete(self.training_ends, effects)

    def stop(self, now: datetime) -> None:
        self.stop_requested = now
        self.status = "Stopping"
        for stage in self.stages.values():
            if stage.status == "InProgress":
                stage.move("Stopping", now)
        self.last_modified = now

    def _stopped(self, at: datetime) -> None:
        self.status = "Stopped"
        for stage in self.stages.values():
            if stage.status == "Stopping":
                stage.move("Stopped", at)
        self.end_time = at
        self.last_modified = at

    def _end_validation(self, at: datetime, effects: Effects) -> None:
        check = effects.check_data(self)
        if check.failure is not None:
            self.stages["validationDetails"].move("Failed", at)
            self.status = "Failed"
            self.failure = check.failure
            self.end_time = at
            self.last_modified = at
            return
        self.stages["validationDetails"].move("Completed", at)
        self.stages["dataProcessingDetails"].move("InProgress", at)
        self.last_modified = at
        self._plan(at, check.records)

    def _plan(self, at: datetime, records: int) -> None:
        """Stage lengths from the data size, epochs and the model's size, as AWS would take."""
        rng = random.Random(self.seed + 1)
        records = max(records, 1)
        processing = 300 + records * 0.15 + rng.uniform(0, 240)
        self.processing_ends = at + timedelta(seconds=processing)
        epochs, batch, learning_rate = self._settings()
        steps = training_plan(self.request).steps
        if steps is not None:
            # An image model takes its steps (stepCount) whatever the data's size: one pass
            # of steps x batch images.
            records, epochs = steps * batch, 1
        per_record = _seconds_per_record(self.base_model_id) * rng.uniform(0.85, 1.2)
        samples = 1
        if self.customization_type == "REINFORCEMENT_FINE_TUNING":
            samples = int(_rft(self.request).get("trainingSamplePerPrompt") or 4)
        # AWS needs most of an hour even for a small data set: instances start, data loads.
        training = 2400 + records * epochs * samples * per_record
        self.training_ends = self.processing_ends + timedelta(seconds=training)
        task = f"{self.base_model_id} {_training_source(self.request)}"
        self.curve = LossCurve(self.seed, TrainingPlan(records, epochs, batch, learning_rate, task))

    def _settings(self) -> tuple[int, int, float]:
        """Epochs, batch size and the learning rate relative to the model's default.

        What the request sets, else the defaults of the model's family in the catalog.
        """
        catalog = load_catalog()
        match = catalog.match(self.base_model_id)
        family = catalog.family_of(match.model) if match else None
        defaults = {h.name: h.default for h in catalog.hyperparameters(family)} if family else {}
        # The steps ftui's progress expects are the steps the emulator takes: one plan.
        plan = training_plan(self.request)
        epochs, batch = plan.epochs or 2, plan.batch_size
        if self.customization_type == "REINFORCEMENT_FINE_TUNING":
            rft = _rft(self.request)
            return epochs, batch, _ratio(rft.get("learningRate"), defaults.get("learningRate"))
        given = self.request.get("hyperParameters") or {}
        # Claude 3 Haiku takes a multiplier of its own default rather than a rate.
        if "learningRateMultiplier" in defaults:
            return epochs, batch, _ratio(given.get("learningRateMultiplier"), 1.0)
        return epochs, batch, _ratio(given.get("learningRate"), defaults.get("learningRate"))

    def _log_metrics(self, at: datetime, effects: Effects) -> None:
        """Write the metrics files as they stand at ``at``, if a row was added since last time.

        Steps run evenly over the training stage, so the last logged step tells how far it is.
        """
        assert self.curve is not None and self.processing_ends and self.training_ends
        span = (self.training_ends - self.processing_ends).total_seconds()
        progress = min(1.0, (at - self.processing_ends).total_seconds() / span)
        done = int(self.curve.steps * progress)
        rows = len(self.curve.logged_steps(done))
        epochs = self.curve.epochs_done(done)
        if rows == 0 or (rows == self.logged_rows and epochs == self.logged_epochs):
            return  # Bedrock writes the files with their first row, and again with each new one
        self.logged_rows, self.logged_epochs = rows, epochs
        validates = bool(self._validators())
        effects.write_metrics(
            self,
            training_csv(self.curve, done),
            validation_csv(self.curve, epochs) if validates and epochs else None,
        )

    def _complete(self, at: datetime, effects: Effects) -> None:
        assert self.curve is not None
        self.stages["trainingDetails"].move("Completed", at)
        self.status = "Completed"
        self.end_time = at
        self.last_modified = at
        # The final numbers are the files' last rows: the final step, and the last epoch.
        self.training_loss = reported(self.curve.training_loss(self.curve.steps - 1))
        final = reported(self.curve.validation_loss(self.curve.epochs - 1))
        # One file holds the first validator's losses; another set scores a little apart.
        self.validation_losses = [
            reported(final + 0.01 * index) for index in range(len(self._validators()))
        ]
        effects.completed(self)

    def _validators(self) -> list[dict[str, Any]]:
        return list((self.request.get("validationDataConfig") or {}).get("validators") or [])


def _rft(request: dict[str, Any]) -> dict[str, Any]:
    config = (request.get("customizationConfig") or {}).get("rftConfig") or {}
    return dict(config.get("hyperParameters") or {})


def _training_source(request: dict[str, Any]) -> str:
    training = request.get("trainingDataConfig") or {}
    logs = (training.get("invocationLogsConfig") or {}).get("invocationLogSource") or {}
    return str(training.get("s3Uri") or logs.get("s3Uri") or "")


def _ratio(value: Any, default: float | None) -> float:
    """``value`` over ``default``; 1 when either is missing or not a positive number."""
    try:
        given = float(str(value))
    except (TypeError, ValueError):
        return 1.0
    if not default or not math.isfinite(given) or given <= 0:
        return 1.0
    return given / default


_SIZES = (
    ("micro", 0.9),
    ("1b", 0.7),
    ("3b", 0.9),
    ("8b", 1.2),
    ("lite", 1.5),
    ("11b", 1.8),
    ("haiku", 2.0),
    ("express", 1.5),
    ("canvas", 3.0),
    ("image", 3.0),
    ("embed", 0.5),
    ("pro", 3.5),
    ("32b", 3.0),
    ("20b", 2.2),
    ("70b", 4.0),
    ("90b", 4.5),
    ("premier", 4.0),
)


def _seconds_per_record(model_id: str) -> float:
    return next((seconds for word, seconds in _SIZES if word in model_id), 2.0)
