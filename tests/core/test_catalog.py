"""The model catalog: consistent data, lookups, and the facts the Bedrock docs state."""

from __future__ import annotations

import pytest

from ftui.core.catalog import HyperParameter, format_number, load_catalog, parse_model_identifier
from ftui.core.hyperparameters import check_value, defaults
from ftui.core.request import RFTHyperParameters

CATALOG = load_catalog()


def test_every_hyperparameter_is_coherent() -> None:
    for family in CATALOG.families:
        table = CATALOG.hyperparameters(family)
        assert table, family.id
        for spec in table:
            assert spec.min <= spec.max, (family.id, spec.name)
            assert spec.label and spec.help, (family.id, spec.name)
            if spec.default is not None:
                assert spec.min <= spec.default <= spec.max, (family.id, spec.name)
                assert check_value(spec, spec.default_text or "") is None


def test_models_reference_known_families_formats_and_regions() -> None:
    for model in CATALOG.models:
        assert set(model.regions) <= set(CATALOG.regions), model.id
        for kind in model.customizations:
            if kind in model.data_formats:
                assert CATALOG.data_format(model, kind) is not None


def test_rft_help_covers_exactly_the_typed_rft_hyperparameters() -> None:
    """Ranges come from the request model; the catalog only adds labels and help."""
    assert set(CATALOG.rft.hyperparameters) == set(RFTHyperParameters.model_fields)


@pytest.mark.parametrize(
    ("model_id", "name", "low", "high", "default"),
    [
        ("amazon.nova-micro-v1:0:128k", "epochCount", 1, 5, 2),
        ("amazon.nova-pro-v1:0:300k", "learningRateWarmupSteps", 0, 100, 10),
        ("amazon.nova-canvas-v1:0", "stepCount", 10, 20000, 500),
        ("amazon.titan-text-express-v1:0:8k", "batchSize", 1, 64, 1),
        ("amazon.titan-text-premier-v1:0:32k", "learningRate", 1e-7, 1e-5, 1e-6),
        ("amazon.titan-image-generator-v2:0", "stepCount", 10, 40000, None),
        ("amazon.titan-embed-image-v1:0", "epochCount", 1, 100, None),
        ("anthropic.claude-3-haiku-20240307-v1:0:200k", "batchSize", 4, 256, 32),
        ("cohere.command-light-text-v14:7:4k", "batchSize", 8, 32, 8),
        ("meta.llama3-2-90b-instruct-v1:0:128k", "learningRate", 5e-6, 0.1, 1e-4),
    ],
)
def test_documented_ranges(
    model_id: str, name: str, low: float, high: float, default: float | None
) -> None:
    model = CATALOG.model(model_id)
    assert model is not None
    family = CATALOG.family_of(model)
    assert family is not None
    spec = next(h for h in CATALOG.hyperparameters(family) if h.name == name)
    assert (spec.min, spec.max, spec.default) == (low, high, default)


def test_documented_distillation_pairs() -> None:
    premier = CATALOG.teacher("amazon.nova-premier-v1:0")
    assert premier is not None and premier.invocation == "inference-profile"
    assert "amazon.nova-pro-v1:0:300k" in premier.students
    teachers = {t.id for t in CATALOG.teachers_for("meta.llama3-2-3b-instruct-v1:0:128k")}
    assert teachers == {"meta.llama3-1-70b-instruct-v1:0", "meta.llama3-3-70b-instruct-v1:0"}


def test_rft_models() -> None:
    ids = {m.id for m in CATALOG.models_for("REINFORCEMENT_FINE_TUNING")}
    assert ids == {"amazon.nova-2-lite-v1:0:256k", "openai.gpt-oss-20b", "qwen.qwen3-32b"}
    assert {m.id for m in CATALOG.models_for("REINFORCEMENT_FINE_TUNING", "us-east-1")} == {
        "amazon.nova-2-lite-v1:0:256k"
    }


@pytest.mark.parametrize(
    ("identifier", "model_id", "custom"),
    [
        ("amazon.nova-micro-v1:0:128k", "amazon.nova-micro-v1:0:128k", False),
        (
            "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k",
            "amazon.nova-lite-v1:0:300k",
            False,
        ),
        (
            "arn:aws:bedrock:us-west-2:123456789012:custom-model/meta.llama3-1-8b-instruct-v1:0:128k/abcdefghij12",
            "meta.llama3-1-8b-instruct-v1:0:128k",
            True,
        ),
        (
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-premier-v1:0",
            "amazon.nova-premier-v1:0",
            False,
        ),
        ("my-custom-model", None, False),
    ],
)
def test_parse_model_identifier(identifier: str, model_id: str | None, custom: bool) -> None:
    assert parse_model_identifier(identifier) == (model_id, custom)


def test_match_without_context_suffix_is_inexact() -> None:
    match = CATALOG.match("amazon.nova-lite-v1:0")
    assert match is not None and match.model.id == "amazon.nova-lite-v1:0:300k"
    assert not match.exact
    assert CATALOG.match("amazon.nova-2-lite-v1:0:256k").model.name == "Nova 2 Lite"  # type: ignore[union-attr]


def test_defaults_are_wire_strings() -> None:
    family = CATALOG.family("nova-understanding")
    assert defaults(CATALOG.hyperparameters(family)) == {
        "epochCount": "2",
        "learningRate": "1e-5",
        "learningRateWarmupSteps": "10",
    }


@pytest.mark.parametrize(
    ("value", "text"), [(1e-05, "1e-5"), (2.0, "2"), (0.001, "0.001"), (3, "3"), (1.5e-7, "1.5e-7")]
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


def test_literal_words_and_fixed_values() -> None:
    spec = HyperParameter(
        name="stepCount", label="Steps", type="int", min=10, max=40, literals=("auto",)
    )
    assert check_value(spec, "auto") is None
    assert check_value(spec, "Auto") is None
    assert "whole number" in (check_value(spec, "2.5") or "")
    assert "from 10 to 40 or 'auto'" in (check_value(spec, "5") or "")
    fixed = HyperParameter(name="batchSize", label="Batch", type="int", min=1, max=1, default=1)
    assert fixed.fixed and "fixed at 1" in (check_value(fixed, "2") or "")
