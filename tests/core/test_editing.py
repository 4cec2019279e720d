"""The rules a draft follows when one thing changes, without a UI: nothing typed is lost."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ftui.core import kinds
from ftui.core.draft import Draft
from ftui.core.editing import DraftEditor
from ftui.core.request import CUSTOMIZATION_TYPES

NOW = datetime(2026, 11, 28, 12, 5, tzinfo=UTC)
MICRO = "amazon.nova-micro-v1:0:128k"
TITAN = "amazon.titan-text-express-v1:0:8k"
TEACHER = {"teacherModelConfig": {"teacherModelIdentifier": "amazon.nova-pro-v1:0"}}
GRADER = {"graderConfig": {"lambdaGrader": {"lambdaArn": "arn:aws:lambda:x"}}}


def editor(request: dict[str, object] | None = None, *, auto_names: bool = True) -> DraftEditor:
    return DraftEditor(Draft(request or {}), now=lambda: NOW, auto_names=auto_names)


def test_every_customization_type_has_words() -> None:
    assert set(kinds.KINDS) == set(CUSTOMIZATION_TYPES)
    assert kinds.kind_of({}) == kinds.FINE_TUNING
    assert kinds.label(None) == "fine-tuning"
    assert kinds.label("SOMETHING_NEW") == "SOMETHING_NEW"


def test_switching_kinds_keeps_each_kinds_settings_aside() -> None:
    edit = editor({"customizationType": "DISTILLATION"})
    edit.set(("customizationConfig", "distillationConfig"), TEACHER)
    edit.set(("customizationType",), "REINFORCEMENT_FINE_TUNING")
    assert edit.draft.get(("customizationConfig",)) is None
    edit.set(("customizationConfig", "rftConfig"), GRADER)
    edit.set(("customizationType",), "DISTILLATION")
    assert edit.draft.get(("customizationConfig",)) == {"distillationConfig": TEACHER}
    edit.set(("customizationType",), "REINFORCEMENT_FINE_TUNING")
    assert edit.draft.get(("customizationConfig",)) == {"rftConfig": GRADER}


def test_untouched_defaults_follow_the_model_and_kind() -> None:
    edit = editor({"customizationType": "FINE_TUNING"})
    edit.set(("baseModelIdentifier",), MICRO)
    micro = edit.draft.get(("hyperParameters",))
    assert micro and micro["epochCount"] == "2"
    edit.set(("baseModelIdentifier",), TITAN)
    titan = edit.draft.get(("hyperParameters",))
    assert titan and titan != micro, "the new model's defaults"
    # Distillation leaves hyperparameters to Bedrock: untouched defaults go.
    edit.set(("customizationType",), "DISTILLATION")
    assert edit.draft.get(("hyperParameters",)) is None
    edit.set(("customizationType",), "FINE_TUNING")
    assert edit.draft.get(("hyperParameters",)) is not None


def test_typed_hyperparameters_stay_when_the_model_changes() -> None:
    edit = editor({"customizationType": "FINE_TUNING"})
    edit.set(("baseModelIdentifier",), MICRO)
    edit.set(("hyperParameters", "epochCount"), "4")
    edit.set(("baseModelIdentifier",), TITAN)
    assert edit.draft.get(("hyperParameters", "epochCount")) == "4"


def test_suggested_names_follow_until_the_user_types_one() -> None:
    edit = editor({"customizationType": "FINE_TUNING"})
    changed = edit.set(("baseModelIdentifier",), MICRO)
    assert ("jobName",) in changed
    assert edit.draft.get(("jobName",)) == "nova-micro-ft-20261128-1205"
    edit.set(("jobName",), "mine")
    edit.set(("customizationType",), "CONTINUED_PRE_TRAINING")
    assert edit.draft.get(("jobName",)) == "mine"


def test_an_echo_changes_nothing() -> None:
    edit = editor({"jobName": "a"})
    assert edit.set(("jobName",), "a") == []


@pytest.mark.parametrize("first", ["s3", "logs"])
def test_the_training_source_switch_loses_nothing(first: str) -> None:
    edit = editor({"trainingDataConfig": {"s3Uri": "s3://b/train.jsonl"}})
    edit.use_source("logs")
    assert edit.source() == "logs"
    edit.set(
        ("trainingDataConfig", "invocationLogsConfig", "invocationLogSource", "s3Uri"),
        "s3://logs/",
    )
    edit.use_source("s3")
    assert edit.draft.get(("trainingDataConfig",)) == {"s3Uri": "s3://b/train.jsonl"}
    edit.use_source("logs")
    logs = edit.draft.get(("trainingDataConfig", "invocationLogsConfig"))
    assert logs == {"invocationLogSource": {"s3Uri": "s3://logs/"}}


def test_the_vpc_switch_restores_what_was_typed() -> None:
    edit = editor()
    edit.use_vpc(True)
    assert edit.draft.get(("vpcConfig",)) == {"subnetIds": [], "securityGroupIds": []}
    edit.set(("vpcConfig", "subnetIds"), ["subnet-1"])
    edit.use_vpc(False)
    assert edit.draft.get(("vpcConfig",)) is None
    edit.use_vpc(True)
    assert edit.draft.get(("vpcConfig", "subnetIds")) == ["subnet-1"]


def test_reset_puts_the_models_defaults_back() -> None:
    edit = editor({"baseModelIdentifier": MICRO, "hyperParameters": {"epochCount": "5"}})
    assert edit.reset_hyperparameters() == [("hyperParameters",)]
    assert edit.draft.get(("hyperParameters", "epochCount")) == "2"
    assert editor({"baseModelIdentifier": "x.unknown"}).reset_hyperparameters() == []
