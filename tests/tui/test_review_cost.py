"""The review says what a job will train on and cost, dated, before anything is submitted.

Each test is a draft of the demo: the support bot on Nova Micro (priced in the catalog), the
same with the person's own price in config.toml, and a model ftui knows no price for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from ftui.core.cost import count, money
from ftui.core.dataset import check_lines
from ftui.core.settings import load_settings
from ftui.sim.datasets import DATASETS
from ftui.sim.server import SimServer
from ftui.tui.app import FtuiApp
from ftui.tui.wizard.datacheck import DELAY as DATA_CHECK_DELAY
from ftui.tui.wizard.steps.review import ReviewStep
from tests.tui.conftest import make_app
from tests.tui.test_preflight import settle
from tests.tui.test_wizard import SIZE, type_in, wizard

NOVA_MICRO = "amazon.nova-micro-v1:0:128k"
STORAGE = "$1.95/month storage"


def support_tokens() -> int:
    """What the dataset checker counts in the support bot's training file, read here apart."""
    report = check_lines(
        DATASETS["support/train.jsonl"].splitlines(),
        source="support/train.jsonl",
        model_id=NOVA_MICRO,
        customization_type="FINE_TUNING",
    )
    return report.estimated_tokens


async def open_profile(pilot: Pilot[Any], name: str) -> None:
    app: FtuiApp = pilot.app  # type: ignore[assignment]
    app.open_profile(name)
    await pilot.pause()


async def review_cost(pilot: Pilot[Any]) -> str:
    """To the review, the data step's check of the training file done: the cost line.

    The check starts a moment after the last change (as a user sees the tokens come in).
    """
    await pilot.press("alt+8")
    await pilot.pause(DATA_CHECK_DELAY + 0.1)
    await settle(pilot)
    review = wizard(pilot.app).step(ReviewStep)  # type: ignore[arg-type]
    return str(review.query_one("#review-cost", Static).render())


async def test_the_review_shows_tokens_trained_and_their_dated_cost_and_follows_the_epochs(
    aws_env: SimServer, tmp_path: Path
) -> None:
    tokens = support_tokens()
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_profile(pilot, "nova-support-bot")  # Nova Micro, 2 epochs
        line = await review_cost(pilot)
        assert f"~{count(tokens * 2)} tokens trained (estimate: {count(tokens)} tokens × 2" in line
        assert f"~{money(tokens * 2 / 1000 * 0.001)} training" in line, "$0.001 a 1,000 tokens"
        assert STORAGE in line
        assert "prices of 2026-04-16" in line, "the date the catalog's price was read"

        await pilot.press("alt+6")
        await type_in(pilot, ("hyperParameters", "epochCount"), "5")
        line = await review_cost(pilot)
        assert f"~{count(tokens * 5)} tokens trained (estimate: {count(tokens)} tokens × 5" in line
        assert f"~{money(tokens * 5 / 1000 * 0.001)} training" in line


async def test_a_price_in_config_toml_replaces_the_catalogs(
    aws_env: SimServer, tmp_path: Path
) -> None:
    tokens = support_tokens()
    config = tmp_path / "config.toml"
    config.write_text(
        f'[prices."{NOVA_MICRO}"]\ntraining_per_1k_tokens = 0.5\nstorage_per_month = 3\n'
    )
    app = make_app(aws_env, tmp_path, settings=load_settings(config, env={}))
    async with app.run_test(size=SIZE) as pilot:
        await open_profile(pilot, "nova-support-bot")
        line = await review_cost(pilot)
        assert f"~{money(tokens * 2 / 1000 * 0.5)} training" in line
        assert "$3.00/month storage" in line
        assert "your prices (config.toml)" in line
        assert "prices of" not in line, "no catalog date for the person's own prices"


async def test_a_model_without_a_known_price_says_where_to_set_one(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_profile(pilot, "nova-support-bot")
        await pilot.press("alt+2")
        await type_in(pilot, ("baseModelIdentifier",), "amazon.nova-lite-v1:0:300k")
        line = await review_cost(pilot)
        assert "tokens trained (estimate:" in line, "the tokens are counted all the same"
        assert "no price known for amazon.nova-lite-v1:0:300k; set one in config.toml" in line
        assert "$" not in line
