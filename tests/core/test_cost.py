"""The cost estimate: tokens (or images) trained, training and storage cost, dated prices."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources
from typing import Any

import pytest
from pydantic import ValidationError

from ftui.core.catalog import Catalog, load_catalog
from ftui.core.cost import count, estimate, estimate_request, money, price_of
from ftui.core.dataset.report import DataReport
from ftui.core.price_override import PriceOverride

CATALOG = load_catalog()
NOVA_MICRO = "amazon.nova-micro-v1:0:128k"
TITAN_EXPRESS = "amazon.titan-text-express-v1:0:8k"
TITAN_IMAGE = "amazon.titan-image-generator-v2:0"
TITAN_EMBED = "amazon.titan-embed-image-v1:0"
NOVA_LITE = "amazon.nova-lite-v1:0:300k"


def report(tokens: int, records: int = 400) -> DataReport:
    return DataReport("s3://ftui-demo-data/train.jsonl", "converse", records, tokens)


def test_tokens_trained_are_the_data_tokens_times_the_epochs_at_the_catalog_price() -> None:
    found = estimate(NOVA_MICRO, report=report(600_000), hyperparameters={"epochCount": "2"})
    assert found.trained == 1_200_000
    assert found.training_cost == pytest.approx(1.2)  # $0.001 a 1,000 tokens
    assert found.storage_per_month == 1.95
    text = found.text()
    assert text.startswith("~1.2M tokens trained (estimate: 600k tokens × 2 epochs)")
    assert "~$1.20 training" in text and "$1.95/month storage" in text
    assert "prices of 2026-04-16" in text, "the date the price was read"


def test_without_epochs_in_the_request_the_familys_default_counts() -> None:
    assert estimate(NOVA_MICRO, report=report(1000)).trained == 2000  # Nova: 2
    assert estimate(TITAN_EXPRESS, report=report(1000)).trained == 5000  # Titan Text: 5
    typed = estimate(TITAN_EXPRESS, report=report(1000), hyperparameters={"epochCount": 3})
    assert typed.trained == 3000, "a number from a profile counts like a wire string"


def test_a_price_in_config_toml_beats_the_catalogs() -> None:
    mine = {NOVA_MICRO: PriceOverride(training_per_1k_tokens=0.5, storage_per_month=3.0)}
    found = estimate(NOVA_MICRO, report=report(10_000), prices=mine)
    assert found.training_cost == pytest.approx(10.0)  # 20,000 tokens at $0.50 a 1,000
    assert found.storage_per_month == 3.0
    text = found.text()
    assert "your prices (config.toml)" in text
    assert "prices of" not in text
    assert price_of(TITAN_EXPRESS, prices=mine) == price_of(TITAN_EXPRESS), "others unchanged"


def test_a_model_without_a_price_is_said_so_with_where_to_set_one() -> None:
    found = estimate(NOVA_LITE, report=report(10_000))
    assert found.price is None and found.training_cost is None
    assert found.trained == 20_000, "the tokens are still counted"
    assert f'no price known for {NOVA_LITE}; set one in config.toml ([prices."{NOVA_LITE}"])' in (
        found.text()
    )


def test_epochs_that_bedrock_chooses_leave_the_count_unknown() -> None:
    found = estimate(
        TITAN_EMBED, report=report(0, records=1000), hyperparameters={"epochCount": "Auto"}
    )
    assert found.trained is None and found.training_cost is None
    text = found.text()
    assert "epochCount is 'Auto': Bedrock chooses it" in text
    assert "$0.0002 per image seen" in text, "the rate, when the total cannot be told"
    assert "prices of 2025-02-27" in text


def test_a_required_count_left_out_says_to_set_it() -> None:
    found = estimate(TITAN_EMBED, report=report(0, records=1000))  # epochCount has no default
    assert found.trained is None
    assert "set epochCount to estimate" in found.text()


def test_before_the_data_is_checked_the_estimate_says_how_to_get_the_tokens() -> None:
    text = estimate(NOVA_MICRO, report=None).text()
    assert text.startswith("tokens trained unknown: check the training data")
    assert "$0.001 per 1,000 tokens trained" in text and "prices of 2026-04-16" in text


def test_image_generation_is_billed_per_image_seen_whatever_the_data() -> None:
    found = estimate(TITAN_IMAGE, hyperparameters={"stepCount": "1000", "batchSize": "16"})
    assert (found.unit, found.trained) == ("images", 16_000)
    assert found.training_cost == pytest.approx(80.0)  # $0.005 an image
    assert found.text().startswith("~16k images seen (estimate: 1,000 steps × 16 images a step)")
    auto = estimate(TITAN_IMAGE, hyperparameters={"stepCount": "auto"})
    assert auto.trained is None and "Bedrock chooses it" in auto.text()


def test_multimodal_embeddings_see_each_record_once_an_epoch() -> None:
    found = estimate(
        TITAN_EMBED, report=report(0, records=1000), hyperparameters={"epochCount": "3"}
    )
    assert (found.unit, found.trained) == ("images", 3000)
    assert found.training_cost == pytest.approx(0.6)


def test_distillation_leaves_out_the_teacher_and_rft_counts_prompts_only() -> None:
    distill = estimate(NOVA_MICRO, kind="DISTILLATION", report=report(1000))
    assert "teacher answers and teacher inference not included" in distill.text()
    rft = estimate(
        "amazon.nova-2-lite-v1:0:256k",
        kind="REINFORCEMENT_FINE_TUNING",
        report=report(1000),
        rft_hyperparameters={"epochCount": 3},
    )
    assert rft.trained == 3000
    assert "prompt tokens only" in rft.text()
    unset = estimate("qwen.qwen3-32b", kind="REINFORCEMENT_FINE_TUNING", report=report(1000))
    assert "set rftConfig.hyperParameters.epochCount to estimate" in unset.text()


def test_no_base_model_or_an_unknown_one() -> None:
    assert "choose a base model to estimate the cost" in estimate(None).text()
    assert "ftui does not know the model acme.foo-v1" in estimate("acme.foo-v1").text()


def test_a_price_per_image_for_a_text_model_is_not_multiplied_by_tokens() -> None:
    mine = {NOVA_MICRO: PriceOverride(training_per_image=0.01)}
    found = estimate(NOVA_MICRO, report=report(1000), prices=mine)
    assert found.training_cost is None
    assert "billed per 1,000 tokens" in found.text()


def test_a_request_and_a_job_are_estimated_from_their_own_fields() -> None:
    request = {
        "customizationType": "FINE_TUNING",
        "baseModelIdentifier": NOVA_MICRO,
        "hyperParameters": {"epochCount": "4"},
    }
    assert estimate_request(request, report(1000)).trained == 4000
    job = {
        "jobArn": "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/x",
        "baseModelArn": f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_MICRO}",
        "customizationType": "FINE_TUNING",
        "hyperParameters": {"epochCount": "3", "learningRate": "0.00001"},
    }
    found = estimate_request(job, report(1000))
    assert (found.model_id, found.trained) == (NOVA_MICRO, 3000)
    rft_job = {
        "baseModelArn": "arn:aws:bedrock:us-west-2::foundation-model/openai.gpt-oss-20b",
        "customizationType": "REINFORCEMENT_FINE_TUNING",
        "customizationConfig": {"rftConfig": {"hyperParameters": {"epochCount": 2}}},
    }
    assert estimate_request(rft_job, report(500)).trained == 1000
    assert "check the training data" in estimate_request(job).text()


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0.0, "$0"), (0.004, "<$0.01"), (0.06, "$0.06"), (9.6, "$9.60"), (1234.5, "$1,234")],
)
def test_money(amount: float, text: str) -> None:
    assert money(amount) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [(9999, "9,999"), (62_400, "62.4k"), (999_960, "1M"), (1_234_567, "1.2M"), (3 * 10**9, "3B")],
)
def test_count(n: int, text: str) -> None:
    assert count(n) == text


# --- the price table in the catalog ---------------------------------------------------------


def test_every_priced_model_is_a_catalog_model_with_a_dated_source() -> None:
    model_ids = {m.id for m in CATALOG.models}
    assert CATALOG.prices.models, "the catalog prices some models"
    for price in CATALOG.prices.models:
        model = CATALOG.model(price.id)
        assert model is not None and price.id in model_ids
        assert price.source.startswith("https://"), price.id
        assert date(2024, 1, 1) <= price.as_of <= CATALOG.prices.as_of, price.id
        assert (price.training_per_1k_tokens is None) != (price.training_per_image is None)
        image_model = "image-caption" in model.data_formats.values()
        assert image_model == (price.training_per_image is not None), "billed per image seen"


def _catalog_with(entry: dict[str, Any]) -> dict[str, Any]:
    text = resources.files("ftui.core").joinpath("data/catalog.toml").read_text("utf-8")
    data = tomllib.loads(text)
    data["prices"]["models"].append(entry)
    return data


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (
            {"id": "amazon.nova-mikro-v1:0:128k"},
            "price of amazon.nova-mikro-v1:0:128k: no such model",
        ),
        ({"id": NOVA_MICRO}, f"price of {NOVA_MICRO}: given twice"),
        ({"id": NOVA_LITE, "training_per_image": 0.1}, "set training_per_1k_tokens or"),
        ({"id": NOVA_LITE, "source": "aws pricing page"}, "source"),
    ],
)
def test_a_bad_price_entry_is_refused(entry: dict[str, Any], words: str) -> None:
    complete = {
        "training_per_1k_tokens": 0.002,
        "storage_per_month": 1.95,
        "source": "https://aws.amazon.com/bedrock/pricing/",
        "as_of": date(2026, 1, 1),
        "on_pricing_page": True,
    } | entry
    with pytest.raises(ValidationError) as raised:
        Catalog.model_validate(_catalog_with(complete))
    assert words in str(raised.value)


# --- prices in config.toml ------------------------------------------------------------------


def test_money_just_short_of_a_thousand_is_written_as_thousands_are() -> None:
    assert money(999.996) == "$1,000"
    assert money(999.99) == "$999.99"


def test_a_job_trained_from_invocation_logs_is_not_told_to_check_a_file() -> None:
    request = {
        "baseModelIdentifier": NOVA_MICRO,
        "customizationType": "DISTILLATION",
        "trainingDataConfig": {
            "invocationLogsConfig": {"invocationLogSource": {"s3Uri": "s3://logs/"}}
        },
    }
    text = estimate_request(request).text()
    assert "trained from invocation logs, whose tokens ftui does not count" in text
    assert "check the training data" not in text
