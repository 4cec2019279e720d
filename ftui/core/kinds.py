"""The kinds of customization job: one vocabulary for the wizard, the tables, names and rules.

The values are botocore's ``CustomizationType`` enum (mirrored in :mod:`ftui.core.request`);
everything a person reads about a kind, and the config member each kind carries, is here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    value: str  # as AWS spells it
    title: str  # "Fine-tuning"
    label: str  # lower case, short: the jobs and profiles tables
    abbreviation: str  # in suggested job names
    what: str  # one line for a person choosing
    # The member of customizationConfig this kind needs, if any.
    config_key: str | None = None


FINE_TUNING = "FINE_TUNING"
CONTINUED_PRE_TRAINING = "CONTINUED_PRE_TRAINING"
DISTILLATION = "DISTILLATION"
REINFORCEMENT_FINE_TUNING = "REINFORCEMENT_FINE_TUNING"
IMPORTED = "IMPORTED"
# What AWS assumes when a request has no customizationType.
DEFAULT_CUSTOMIZATION_TYPE = FINE_TUNING

_ALL = (
    Kind(
        FINE_TUNING, "Fine-tuning", "fine-tuning", "ft", "labelled examples teach the model a task"
    ),
    Kind(
        CONTINUED_PRE_TRAINING,
        "Continued pre-training",
        "pre-training",
        "cpt",
        "unlabelled text teaches it a domain",
    ),
    Kind(
        DISTILLATION,
        "Distillation",
        "distillation",
        "distill",
        "a larger teacher model's answers train a smaller one",
        config_key="distillationConfig",
    ),
    Kind(
        REINFORCEMENT_FINE_TUNING,
        "Reinforcement fine-tuning",
        "RFT",
        "rft",
        "a grader function rewards good answers",
        config_key="rftConfig",
    ),
    # A placeholder the AWS CLI's skeleton writes; not a kind of training job.
    Kind(IMPORTED, "Imported", "imported", "import", "a model imported into Bedrock"),
)
KINDS: Mapping[str, Kind] = {kind.value: kind for kind in _ALL}
# The kinds a person can choose for a training job, in the console's order.
TRAINING_KINDS: tuple[Kind, ...] = tuple(k for k in _ALL if k.value != IMPORTED)
CONFIG_KEYS: Mapping[str, str] = {k.value: k.config_key for k in _ALL if k.config_key}


def kind_of(request: Mapping[str, Any]) -> str:
    """The job's type as AWS will read it: FINE_TUNING when ``customizationType`` is absent."""
    value = request.get("customizationType")
    return value if isinstance(value, str) else DEFAULT_CUSTOMIZATION_TYPE


def label(value: str | None) -> str:
    """``fine-tuning`` for ``FINE_TUNING`` (absent too); an unknown value as it is."""
    kind = KINDS.get(value or DEFAULT_CUSTOMIZATION_TYPE)
    return kind.label if kind else str(value)


def abbreviation(value: str) -> str:
    kind = KINDS.get(value)
    return kind.abbreviation if kind else "job"
