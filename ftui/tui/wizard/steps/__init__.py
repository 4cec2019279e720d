"""The wizard's steps, in order. Each owns the request paths it edits."""

from __future__ import annotations

from ftui.core.draft import Path
from ftui.tui.wizard.steps.access import AccessStep
from ftui.tui.wizard.steps.base import Step
from ftui.tui.wizard.steps.data import DataStep
from ftui.tui.wizard.steps.hyper import HyperStep
from ftui.tui.wizard.steps.job import JobStep
from ftui.tui.wizard.steps.model import ModelStep
from ftui.tui.wizard.steps.network import NetworkStep
from ftui.tui.wizard.steps.review import ReviewStep
from ftui.tui.wizard.steps.tags import TagsStep

STEPS: tuple[type[Step], ...] = (
    JobStep,
    ModelStep,
    DataStep,
    AccessStep,
    NetworkStep,
    HyperStep,
    TagsStep,
    ReviewStep,
)


def step_of(loc: Path) -> int:
    """The index of the step that edits ``loc``: the longest owned prefix wins."""
    best, best_length = len(STEPS) - 1, -1
    for index, step in enumerate(STEPS):
        for prefix in step.paths:
            if loc[: len(prefix)] == prefix and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    return best


__all__ = ["STEPS", "Step", "step_of"]
