"""Curves for charts, and the verdict of a comparison, from metrics alone."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from ftui.core.compare import Compared, learned, settings, verdict
from ftui.core.metrics import JobMetrics, Series
from ftui.core.metrics.curves import curves_of, downsample, nice_ticks
from ftui.core.metrics.rows import MetricRow

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def metrics(training: list[float], validation: list[float], per_epoch: int = 10) -> JobMetrics:
    steps, checked = Series(), Series()
    for step, loss in enumerate(training):
        steps.append(MetricRow(step, step // per_epoch, loss, math.exp(loss)))
    for epoch, loss in enumerate(validation):
        checked.append(MetricRow((epoch + 1) * per_epoch - 1, epoch, loss, math.exp(loss)))
    return JobMetrics(steps, checked, True, bool(validation))


def job(name: str, epochs: str, rate: str = "0.00001") -> dict[str, object]:
    return {
        "jobName": name,
        "status": "Completed",
        "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k",
        "customizationType": "FINE_TUNING",
        "hyperParameters": {"epochCount": epochs, "learningRate": rate},
        "trainingDataConfig": {"s3Uri": "s3://data/train.jsonl"},
        "creationTime": NOW - timedelta(hours=3),
        "endTime": NOW - timedelta(hours=1),
    }


FALLING = [2.0 - i * 0.03 for i in range(50)]
GOOD = Compared(job("good", "2"), metrics(FALLING, [1.6, 1.2, 1.0, 0.9, 0.85]))
OVERFIT = Compared(job("overfit", "5"), metrics(FALLING, [1.4, 1.1, 1.15, 1.3, 1.5]))


def test_the_job_with_the_lowest_validation_loss_learned_best() -> None:
    said = verdict([OVERFIT, GOOD])
    assert said[0] == "good learned best: lowest validation loss 0.8500 (epoch 5)."


def test_validation_loss_rising_after_its_lowest_is_overfitting() -> None:
    assert learned(OVERFIT.metrics).overfit
    assert not learned(GOOD.metrics).overfit
    assert verdict([GOOD, OVERFIT])[1] == (
        "overfit overfit: validation loss rose from 1.1000 (epoch 2) to 1.5000 (epoch 5)."
    )


def test_without_validation_only_training_loss_is_compared_and_that_is_said() -> None:
    a = Compared(job("a", "2"), metrics([2.0, 1.0], []))
    b = Compared(job("b", "2"), metrics([2.0, 0.5], []))
    assert verdict([a, b]) == [
        "b has the lowest final training loss (0.5000); without validation losses for them"
        " all, how well they generalise is not known."
    ]
    assert verdict([Compared(job("c", "1"), None)]) == [
        "No metrics yet: none of these jobs has started training."
    ]


def test_settings_side_by_side_mark_what_differs() -> None:
    rows = {row.label: row for row in settings([GOOD, OVERFIT], NOW)}
    assert rows["epochCount"].values == ("2", "5") and rows["epochCount"].differs
    assert not rows["learningRate"].differs
    assert not rows["Training data"].differs
    assert rows["Duration"].values == ("2h 00m", "2h 00m")
    assert rows["Best validation loss"].values == ("0.8500 (epoch 5)", "1.1000 (epoch 2)")


def test_curves_by_step_and_by_epoch() -> None:
    by_step = curves_of(GOOD.metrics, name="good")  # type: ignore[arg-type]
    assert [c.label for c in by_step] == ["good training", "good validation"]
    assert by_step[0].xs[:3] == (0.0, 1.0, 2.0)
    by_epoch = curves_of(GOOD.metrics, by="epoch")  # type: ignore[arg-type]
    assert by_epoch[0].xs == (1.0, 2.0, 3.0, 4.0, 5.0)
    assert by_epoch[1].ys == (1.6, 1.2, 1.0, 0.9, 0.85)


def test_a_diverged_run_is_drawn_up_to_the_step_it_diverged_at() -> None:
    diverged = metrics([2.0, 1.0, float("nan"), 0.5], [])
    curve = curves_of(diverged, value="perplexity")[0]
    assert curve.xs == (0.0, 1.0)
    assert round(curve.ys[1], 4) == round(math.e, 4)
    assert diverged.training.diverged is not None and diverged.training.diverged.step == 2


def test_a_million_steps_become_a_few_hundred_points_ending_at_the_last() -> None:
    xs = [float(i) for i in range(1_000_000)]
    small_x, small_y = downsample(xs, xs, 400)
    assert small_y == small_x
    assert len(small_x) <= 400
    assert small_x[-1] == 999_999.0
    assert small_x == tuple(sorted(small_x))


def test_ticks_are_round_numbers() -> None:
    assert nice_ticks(0, 999, 5) == [0, 200, 400, 600, 800]
    assert nice_ticks(1, 5, 5) == [1, 2, 3, 4, 5]


def test_losses_on_different_validation_sets_are_said_not_to_compare() -> None:
    a, b = job("a", "2"), job("b", "2")
    a["validationDataConfig"] = {"validators": [{"s3Uri": "s3://data/a.jsonl"}]}
    b["validationDataConfig"] = {"validators": [{"s3Uri": "s3://data/b.jsonl"}]}
    said = verdict(
        [Compared(a, metrics(FALLING, [1.0, 0.9])), Compared(b, metrics(FALLING, [1.1, 0.8]))]
    )
    assert "Their validation sets differ" in said[1]
    assert not any("differ" in line for line in verdict([GOOD, OVERFIT]))


def test_rft_jobs_compare_their_own_hyperparameters() -> None:
    def rft(name: str, epochs: int) -> dict[str, object]:
        base = job(name, "1")
        del base["hyperParameters"]
        base["customizationConfig"] = {
            "rftConfig": {"hyperParameters": {"epochCount": epochs, "learningRate": 1e-5}}
        }
        return base

    rows = {
        r.label: r
        for r in settings([Compared(rft("a", 2), None), Compared(rft("b", 3), None)], NOW)
    }
    assert rows["epochCount"].values == ("2", "3") and rows["epochCount"].differs
    assert "Teacher" not in rows, "no row none of them has"


def test_a_job_without_metrics_is_named_and_no_winner_is_crowned_over_it() -> None:
    waiting = Compared(job("waiting", "2"), None)
    said = verdict([GOOD, waiting])
    assert said == [
        "Only one of these jobs has losses to compare so far.",
        "No metrics yet: waiting.",
    ]


def test_one_validated_job_and_one_without_are_compared_by_training_loss() -> None:
    early = Compared(job("early", "2"), metrics([2.0, 1.5], []))
    said = verdict([GOOD, early])
    assert said[0].startswith("good has the lowest final training loss")


def test_a_job_still_training_is_said_to_be() -> None:
    running = job("running", "2")
    running["status"] = "InProgress"
    said = verdict([GOOD, Compared(running, metrics([2.0, 1.8], [1.9]))])
    assert said[-1] == "Still training, its losses will change: running."
