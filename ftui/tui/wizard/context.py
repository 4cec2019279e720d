"""What the wizard knows besides the draft: the region, and the models AWS offers there."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ftui.core.aws.errors import AwsError


@dataclass
class ModelChoices:
    """ListFoundationModels and ListCustomModels for one region (or why they are missing)."""

    region: str
    foundation: list[dict[str, Any]] = field(default_factory=list)
    custom: list[dict[str, Any]] = field(default_factory=list)
    account: str | None = None
    error: AwsError | None = None
    loading: bool = False


@dataclass
class WizardContext:
    region: str
    choices: ModelChoices | None = None
