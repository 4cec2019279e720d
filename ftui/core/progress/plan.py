"""What a request asks of training: epochs, batch size, and so the steps it will take.

Steps = ceil(records / batch size) x epochs. The epochs and batch size are the request's
hyperparameters, else the model family's defaults (the catalog's); RFT keeps them in
``rftConfig``. Where AWS publishes no batch size for a model (Nova), one is assumed until the
job's own metrics show how many steps an epoch takes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ftui.core.catalog import load_catalog, parse_model_identifier
from ftui.core.hyperparameters import whole, whole_setting

# The batch a model without a published batch size is taken to train with; the emulator uses
# the same, and a job's metrics replace it after its first epoch.
ASSUMED_BATCH_SIZE = 8
# An RFT request without a batch size: taken as the smallest rftConfig allows (16 to 512).
RFT_BATCH_SIZE = 16


@dataclass(frozen=True)
class TrainingPlan:
    """Epochs and batch size of a request; ``None`` where they are "Auto" or not known."""

    epochs: int | None
    batch_size: int
    batch_assumed: bool
    steps: int | None = None  # a model that takes its total steps directly (stepCount)

    def steps_per_epoch(self, records: int) -> int:
        return max(1, math.ceil(records / self.batch_size))

    def total_steps(self, records: int) -> int | None:
        if self.steps is not None:
            return self.steps
        if self.epochs is None:
            return None
        return self.steps_per_epoch(records) * self.epochs


def _positive(value: int | str) -> int | None:
    """A count of epochs, steps or a batch; None for a word ("Auto") or nothing known."""
    return value if isinstance(value, int) and value > 0 else None


def _model_id(request: Mapping[str, Any]) -> str:
    identifier = str(request.get("baseModelIdentifier") or request.get("baseModelArn") or "")
    model_id, _ = parse_model_identifier(identifier)
    return model_id or identifier


def training_plan(request: Mapping[str, Any]) -> TrainingPlan:
    """The plan of a CreateModelCustomizationJob request or a GetModelCustomizationJob answer."""
    rft = ((request.get("customizationConfig") or {}).get("rftConfig") or {}).get("hyperParameters")
    if isinstance(rft, Mapping):
        batch = _positive(whole(rft.get("batchSize")) or 0)
        return TrainingPlan(
            epochs=_positive(whole(rft.get("epochCount")) or 0) or 1,
            batch_size=batch or RFT_BATCH_SIZE,
            batch_assumed=batch is None,
        )
    catalog = load_catalog()
    match = catalog.match(_model_id(request))
    family = catalog.family_of(match.model) if match else None
    table = {h.name: h for h in catalog.hyperparameters(family)} if family else {}
    given = request.get("hyperParameters") or {}

    def setting(name: str) -> int | None:
        return _positive(whole_setting(table, given, name))

    batch = setting("batchSize")
    return TrainingPlan(
        epochs=setting("epochCount"),
        batch_size=batch or ASSUMED_BATCH_SIZE,
        batch_assumed=batch is None,
        steps=setting("stepCount"),
    )
