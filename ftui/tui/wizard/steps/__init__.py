"""The wizard's steps, in order. Each owns the request paths it edits."""

from __future__ import annotations

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

__all__ = ["STEPS", "Step"]
