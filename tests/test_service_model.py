"""Our request model against botocore's: every member, every constraint, all the way down.

A botocore release that adds, removes or changes a member of CreateModelCustomizationJob's
input fails this test, so CI tells us when the model needs an update.
"""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from pydantic import BaseModel

from ftui.core.constraints import INT32_MAX, INT32_MIN, Spec, spec_of
from ftui.core.custom_models.requests import (
    CreateCustomModelDeploymentRequest,
    CreateProvisionedModelThroughputRequest,
)
from ftui.core.request import CreateModelCustomizationJobRequest


@pytest.fixture(scope="module")
def input_shape() -> Any:
    model = botocore.session.get_session().get_service_model("bedrock")
    return model.operation_model("CreateModelCustomizationJob").input_shape


def _compare(shape: Any, spec: Spec, path: str, failures: list[str]) -> None:
    meta = shape.metadata
    if spec.kind != shape.type_name:
        failures.append(f"{path}: type {spec.kind} != botocore {shape.type_name}")
        return
    want_min = meta.get("min")
    want_max = meta.get("max")
    if shape.type_name == "integer" and want_min is None and want_max is None:
        # Smithy integers are 32-bit: that range is implied, not modelled.
        want_min, want_max = INT32_MIN, INT32_MAX
    if (want_min or None) != (spec.min or None):
        failures.append(f"{path}: min {spec.min} != botocore {want_min}")
    if want_max != spec.max:
        failures.append(f"{path}: max {spec.max} != botocore {want_max}")
    want_pattern = meta.get("pattern")
    got_pattern = spec.pattern.regex if spec.pattern else None
    if want_pattern != got_pattern:
        failures.append(f"{path}: pattern {got_pattern!r} != botocore {want_pattern!r}")
    want_enum = tuple(shape.enum) if shape.type_name == "string" and shape.enum else None
    if want_enum != spec.enum:
        failures.append(f"{path}: enum {spec.enum} != botocore {want_enum}")
    if shape.type_name == "structure":
        assert spec.model is not None
        if bool(meta.get("union")) != spec.union:
            failures.append(f"{path}: union {spec.union} != botocore {bool(meta.get('union'))}")
        _compare_structure(shape, spec.model, path, failures)
    elif shape.type_name == "list":
        assert spec.member is not None
        _compare(shape.member, spec.member, f"{path}[]", failures)
    elif shape.type_name == "map":
        assert spec.key is not None and spec.value is not None
        _compare(shape.key, spec.key, f"{path}{{key}}", failures)
        _compare(shape.value, spec.value, f"{path}{{value}}", failures)


def _compare_structure(shape: Any, model: type[BaseModel], path: str, failures: list[str]) -> None:
    prefix = f"{path}." if path else ""
    ours = set(model.model_fields)
    theirs = set(shape.members)
    for name in sorted(theirs - ours):
        failures.append(f"{prefix}{name}: in botocore's model, missing from {model.__name__}")
    for name in sorted(ours - theirs):
        failures.append(f"{prefix}{name}: in {model.__name__}, not in botocore's model")
    if model.__name__ != shape.name:
        failures.append(f"{path or 'input'}: class {model.__name__} != shape {shape.name}")
    required = set(shape.required_members)
    for name in sorted(ours & theirs):
        spec = spec_of(model, name)
        if spec.required != (name in required):
            failures.append(
                f"{prefix}{name}: required={spec.required}, botocore {name in required}"
            )
        _compare(shape.members[name], spec, f"{prefix}{name}", failures)


def test_request_model_matches_botocore(input_shape: Any) -> None:
    failures: list[str] = []
    _compare_structure(input_shape, CreateModelCustomizationJobRequest, "", failures)
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize(
    ("operation", "model"),
    [
        ("CreateCustomModelDeployment", CreateCustomModelDeploymentRequest),
        ("CreateProvisionedModelThroughput", CreateProvisionedModelThroughputRequest),
    ],
)
def test_serving_requests_match_botocore(operation: str, model: type[BaseModel]) -> None:
    """Deploying sends exactly what botocore's model takes, with its constraints."""
    shape = botocore.session.get_session().get_service_model("bedrock")
    failures: list[str] = []
    _compare_structure(shape.operation_model(operation).input_shape, model, "", failures)
    assert failures == [], "\n".join(failures)


def test_comparison_detects_missing_members_and_changed_constraints(input_shape: Any) -> None:
    """The walk itself must be able to fail."""
    from typing import Annotated

    from pydantic import Field

    class CreateModelCustomizationJobRequest(BaseModel):
        jobName: Annotated[str, Field(min_length=1, max_length=64)]
        extraThing: str | None = None

    failures: list[str] = []
    _compare_structure(input_shape, CreateModelCustomizationJobRequest, "", failures)
    assert (
        "customModelName: in botocore's model, missing from CreateModelCustomizationJobRequest"
        in failures
    )
    assert "extraThing: in CreateModelCustomizationJobRequest, not in botocore's model" in failures
    assert "jobName: max 64 != botocore 63" in failures
    assert any(f.startswith("jobName: pattern None") for f in failures)
