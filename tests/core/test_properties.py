"""Property tests: our validator accepts exactly what botocore's patterns, lengths, ranges accept.

The fields are found by walking botocore's shape tree, so a field botocore adds is covered too.
Each generated value is put into an otherwise valid request at its place, and the verdict at that
place is compared with the service model's constraints read straight from botocore.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftui.core.constraints import INT32_MAX, INT32_MIN, Pattern, spec_of
from ftui.core.draft import Draft, validate_request
from ftui.core.request import REQUEST_MEMBERS, CreateModelCustomizationJobRequest
from tests.factories import valid_request

MAP_KEY = "<key>"
MAP_VALUE = "<value>"


@dataclass(frozen=True)
class Leaf:
    path: tuple[str | int, ...]
    shape: Any

    @property
    def id(self) -> str:
        return ".".join(str(p) for p in self.path)


def _leaves(shape: Any, path: tuple[str | int, ...] = ()) -> list[Leaf]:
    kind = shape.type_name
    if kind == "structure":
        return [
            leaf
            for name, member in shape.members.items()
            for leaf in _leaves(member, (*path, name))
        ]
    if kind == "list":
        return _leaves(shape.member, (*path, 0))
    if kind == "map":
        return _leaves(shape.key, (*path, MAP_KEY)) + _leaves(shape.value, (*path, MAP_VALUE))
    meta = shape.metadata
    if kind == "string" and (meta.get("pattern") or meta.get("min") or "max" in meta):
        return [Leaf(path, shape)]
    if kind in ("integer", "float"):
        return [Leaf(path, shape)]
    return []


_INPUT = (
    botocore.session.get_session()
    .get_service_model("bedrock")
    .operation_model("CreateModelCustomizationJob")
    .input_shape
)
LEAVES = _leaves(_INPUT)
STRING_LEAVES = [
    leaf for leaf in LEAVES if leaf.shape.type_name == "string" and not leaf.shape.enum
]
NUMBER_LEAVES = [leaf for leaf in LEAVES if leaf.shape.type_name in ("integer", "float")]


def _kind_for(path: tuple[str | int, ...]) -> str:
    if "rftConfig" in path:
        return "REINFORCEMENT_FINE_TUNING"
    if "invocationLogsConfig" in path or "distillationConfig" in path:
        return "DISTILLATION"
    return "FINE_TUNING"


def _place(value: Any, path: tuple[str | int, ...]) -> tuple[dict[str, Any], tuple[str | int, ...]]:
    """A valid request with ``value`` at ``path``, and the loc where its errors would be."""
    request = valid_request(_kind_for(path))
    draft = Draft(request)
    if path[-1] == MAP_KEY:
        draft.set(path[:-1], {value: "v"})
        return draft.request, (*path[:-1], value)
    if path[-1] == MAP_VALUE:
        draft.set(path[:-1], {"k": value})
        return draft.request, (*path[:-1], "k")
    # Start list members from a fresh list, so the member is the only one.
    if 0 in path:
        index = path.index(0)
        draft.set(path[:index], [])
    draft.set(path, value)
    return draft.request, path


def _ours_accepts(value: Any, path: tuple[str | int, ...]) -> bool:
    request, loc = _place(value, path)
    report = validate_request(request)
    if path[-1] == MAP_KEY:
        # The map's only value is valid, so any error inside the map is the key's; its loc may
        # not repeat the key verbatim (pydantic-core cannot hold a lone surrogate).
        return not [p for p in report.errors if p.loc[: len(loc) - 1] == loc[:-1]]
    return not [p for p in report.errors if p.loc == loc]


def _service_model_accepts_string(value: str, shape: Any) -> bool:
    meta = shape.metadata
    if len(value) < meta.get("min", 0) or ("max" in meta and len(value) > meta["max"]):
        return False
    pattern = meta.get("pattern")
    return pattern is None or re.fullmatch(pattern, value, re.ASCII) is not None


def _hyphens(value: str) -> int:
    return value.count("-")


def _strings(shape: Any) -> st.SearchStrategy[str]:
    meta = shape.metadata
    limit = meta.get("max", 300) + 3
    pattern = meta.get("pattern")
    plain = st.text(max_size=min(limit, 80))
    if pattern is None:
        return st.one_of(plain, st.text(min_size=limit - 6, max_size=limit))
    matching = st.from_regex(re.compile(pattern, re.ASCII), fullmatch=True)
    mutated = st.tuples(matching, st.characters(), st.integers(0, 200)).map(
        lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]
    )
    return st.one_of(matching, mutated, plain, matching.map(lambda s: s * 40))


@pytest.mark.parametrize("leaf", STRING_LEAVES, ids=lambda leaf: leaf.id)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_strings_accepted_exactly_as_the_service_model_says(
    leaf: Leaf, data: st.DataObject
) -> None:
    # botocore's jobName pattern backtracks 2**(number of '-') times on a near miss; the oracle
    # runs it with Python's re, so keep hyphens few here (test_safe_patterns_* covers the rest).
    value = data.draw(_strings(leaf.shape).filter(lambda v: _hyphens(v) <= 14))
    expected = _service_model_accepts_string(value, leaf.shape)
    assert _ours_accepts(value, leaf.path) == expected, (leaf.id, value)


@pytest.mark.parametrize("leaf", NUMBER_LEAVES, ids=lambda leaf: leaf.id)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_numbers_accepted_exactly_as_the_service_model_says(
    leaf: Leaf, data: st.DataObject
) -> None:
    meta = leaf.shape.metadata
    low = meta.get("min", INT32_MIN)
    high = meta.get("max", INT32_MAX)
    if leaf.shape.type_name == "integer":
        value: float = data.draw(
            st.one_of(st.integers(low - 3, low + 3), st.integers(high - 3, high + 3), st.integers())
        )
    else:
        value = data.draw(
            st.one_of(
                st.floats(low / 10, high * 10, allow_nan=False),
                st.sampled_from([low, high, low * 0.999, high * 1.001]),
            )
        )
    assert _ours_accepts(value, leaf.path) == (low <= value <= high), (leaf.id, value)


def test_the_walk_found_every_constrained_field() -> None:
    ids = {leaf.id for leaf in LEAVES}
    assert {
        "jobName",
        "customModelName",
        "roleArn",
        "clientRequestToken",
        "baseModelIdentifier",
        "customModelKmsKeyId",
        "jobTags.0.key",
        "jobTags.0.value",
        "trainingDataConfig.s3Uri",
        "trainingDataConfig.invocationLogsConfig.requestMetadataFilters.equals.<key>",
        "trainingDataConfig.invocationLogsConfig.requestMetadataFilters.andAll.0.notEquals.<value>",
        "vpcConfig.subnetIds.0",
        "customizationConfig.distillationConfig.teacherModelConfig.teacherModelIdentifier",
        "customizationConfig.rftConfig.graderConfig.lambdaGrader.lambdaArn",
        "customizationConfig.rftConfig.hyperParameters.learningRate",
    } <= ids


SAFE_PATTERNS = [
    spec.pattern
    for spec in (spec_of(CreateModelCustomizationJobRequest, name) for name in REQUEST_MEMBERS)
    if spec.pattern is not None and spec.pattern.safe is not None
]


@pytest.mark.parametrize("pattern", SAFE_PATTERNS, ids=lambda p: p.regex)
def test_safe_patterns_match_the_same_strings_as_the_service_model(pattern: Pattern) -> None:
    """Every string of up to 6 characters over an alphabet that exercises each class."""
    original = re.compile(pattern.regex, re.ASCII)
    alphabet = "a9Z-+._!"
    for length in range(7):
        for chars in itertools.product(alphabet, repeat=length):
            text = "".join(chars)
            assert (original.fullmatch(text) is None) == (not pattern.matches(text)), text


def test_a_hostile_job_name_is_judged_without_hanging() -> None:
    """With botocore's own pattern this takes longer than the universe; it must return."""
    code = (
        "from ftui.core.draft import validate_request;"
        "r = validate_request({'jobName': 'a' + '-' * 61 + '!'});"
        "print([p.path for p in r.errors if p.path == 'jobName'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "['jobName']"
