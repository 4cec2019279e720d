"""Interop: --cli-input-json in and out without loss, and jobs cloned into drafts."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from ftui.core import profile_types
from ftui.core.constraints import INT32_MAX, INT32_MIN, Spec, spec_of
from ftui.core.draft import Draft
from ftui.core.interop import (
    draft_from_cli_json,
    draft_from_job,
    next_name,
    storable,
    to_cli_json,
)
from ftui.core.request import CreateModelCustomizationJobRequest
from tests.factories import KINDS, valid_request


def _via_profile(text: str) -> str:
    """cli-json -> profile file -> cli-json, as `ftui import` then `ftui export` do."""
    draft, _ = storable(draft_from_cli_json(text))
    profile = profile_types.Profile("p", Draft(draft.request, toml_numbers=True))
    reloaded = profile_types.loads(profile_types.dumps(profile), path="p.toml", name="p")
    return to_cli_json(reloaded.draft)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_round_trips(kind: str) -> None:
    request = valid_request(kind)
    assert json.loads(_via_profile(json.dumps(request))) == request


# --- requests generated from the model itself -----------------------------------------------


def _strategy(spec: Spec) -> st.SearchStrategy[Any]:
    if spec.enum:
        return st.sampled_from(spec.enum)
    if spec.kind == "string":
        low, high = int(spec.min or 0), int(spec.max or 64)
        if spec.pattern is None:
            return st.text(min_size=low, max_size=min(high, 40))
        regex = re.compile(spec.pattern.regex, re.ASCII)
        return st.from_regex(regex, fullmatch=True).filter(lambda s: low <= len(s) <= high)
    if spec.kind == "integer":
        return st.integers(
            int(spec.min if spec.min is not None else INT32_MIN), int(spec.max or INT32_MAX)
        )
    if spec.kind == "float":
        return st.floats(spec.min, spec.max, allow_nan=False)
    if spec.kind == "boolean":
        return st.booleans()
    if spec.kind == "list":
        assert spec.member is not None
        return st.lists(
            _strategy(spec.member), min_size=int(spec.min or 0), max_size=min(int(spec.max or 3), 3)
        )
    if spec.kind == "map":
        assert spec.key is not None and spec.value is not None
        return st.dictionaries(
            _strategy(spec.key),
            _strategy(spec.value),
            min_size=int(spec.min or 0),
            max_size=min(int(spec.max or 3), 3),
        )
    assert spec.model is not None
    return _model_strategy(spec.model, union=spec.union)


def _keyed(name: str) -> Callable[[Any], dict[str, Any]]:
    return lambda v: {name: v}


def _model_strategy(
    model: type[BaseModel], *, union: bool = False
) -> st.SearchStrategy[dict[str, Any]]:
    specs = {name: spec_of(model, name) for name in model.model_fields}
    if union:
        return st.one_of(*(_strategy(spec).map(_keyed(name)) for name, spec in specs.items()))
    required = {n: _strategy(s) for n, s in specs.items() if s.required}
    optional = {n: _strategy(s) for n, s in specs.items() if not s.required}
    return st.fixed_dictionaries(required, optional=optional)


REQUESTS = _model_strategy(CreateModelCustomizationJobRequest)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=REQUESTS)
def test_generated_requests_round_trip_exactly(request: dict[str, Any]) -> None:
    assert json.loads(_via_profile(json.dumps(request))) == request


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=REQUESTS)
def test_generated_requests_are_structurally_valid(request: dict[str, Any]) -> None:
    """The generator makes what the model accepts, so the round trip covers real requests."""
    report = Draft(request, toml_numbers=False).validate()
    structural = [p for p in report.errors if p.code not in ("rule", "hyperparameter")]
    assert structural == []


# No nulls: TOML has none, and a null is never a valid request value (see the next test).
_JSON = st.recursive(
    st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(
    request=st.dictionaries(
        st.text(max_size=12).filter(lambda k: k != "hyperParameters"), _JSON, max_size=6
    )
)
def test_any_json_object_round_trips(request: dict[str, Any]) -> None:
    """Even drafts AWS would refuse come back as they went in."""
    assert json.loads(_via_profile(json.dumps(request))) == request


def test_nulls_are_dropped_with_a_note() -> None:
    request = valid_request()
    request["customModelKmsKeyId"] = None
    request["validationDataConfig"]["validators"].append(None)
    draft, notes = storable(Draft(request))
    assert sorted(notes) == [
        "customModelKmsKeyId: dropped null",
        "validationDataConfig.validators[1]: dropped null",
    ]
    assert draft.request == valid_request()


def test_cli_json_must_be_an_object() -> None:
    from ftui.core.sources import SourceError

    with pytest.raises(SourceError, match="one JSON object"):
        draft_from_cli_json("[1, 2]", "x.json")


# --- cloning ---------------------------------------------------------------------------------


def _job_response() -> dict[str, Any]:
    request = valid_request()
    return {
        "jobArn": "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/amazon.nova-micro-v1:0:128k/a1b2c3d4e5f6",
        "jobName": request["jobName"],
        "outputModelName": request["customModelName"],
        "outputModelArn": "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-micro-v1:0:128k/abcdefabcdef",
        "clientRequestToken": "ftui-0123",
        "roleArn": request["roleArn"],
        "status": "Completed",
        "creationTime": datetime(2026, 11, 1, tzinfo=UTC),
        "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k",
        "hyperParameters": request["hyperParameters"],
        "trainingDataConfig": request["trainingDataConfig"],
        "validationDataConfig": request["validationDataConfig"],
        "outputDataConfig": request["outputDataConfig"],
        "customizationType": "FINE_TUNING",
        "outputModelKmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "trainingMetrics": {"trainingLoss": 0.42},
    }


def test_a_cloned_job_is_a_valid_new_request() -> None:
    draft = draft_from_job(_job_response(), job_tags=[{"key": "team", "value": "ml-platform"}])
    request = draft.request
    assert request["jobName"] == "support-bot-ft-002"
    assert request["customModelName"] == "support-bot-v2"
    assert request["baseModelIdentifier"] == "amazon.nova-micro-v1:0:128k"
    assert request["customModelKmsKeyId"].startswith("arn:aws:kms:")
    assert request["jobTags"] == [{"key": "team", "value": "ml-platform"}]
    assert "clientRequestToken" not in request
    assert draft.validate().ok


@pytest.mark.parametrize(
    ("name", "after"),
    [
        ("job-007", "job-008"),
        ("job", "job-2"),
        ("job-9", "job-10"),
        ("run_2026", "run_2027"),
        ("v1", "v1-2"),
        ("bot-v9", "bot-v10"),
        ("llama3", "llama3-2"),
        ("a" * 63, "a" * 61 + "-2"),
    ],
)
def test_next_name(name: str, after: str) -> None:
    assert next_name(name) == after
