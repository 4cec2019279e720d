"""Progress and the estimated end of a job: the arithmetic, and what it rests on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ftui.core.metrics import JobMetrics, Series
from ftui.core.metrics.rows import MetricRow
from ftui.core.progress import RecordCount, progress_of, training_plan
from ftui.core.progress.estimate import DONE, ENDED, NOT_TRAINED, TRAINING, WAITING, total_of
from ftui.core.progress.records import count_sample

MICRO = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k"
LLAMA = "arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-1-8b-instruct-v1:0:128k"
START = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
RECORDS = RecordCount(800, exact=True, source="checked")


def job(status: str = "InProgress", stage: str = "InProgress", **extra: Any) -> dict[str, Any]:
    details = {
        "validationDetails": {"status": "Completed"},
        "dataProcessingDetails": {"status": "Completed"},
        "trainingDetails": {"status": stage, "creationTime": START},
    }
    return {
        "status": status,
        "baseModelArn": LLAMA,
        "hyperParameters": {"epochCount": "2", "batchSize": "4", "learningRate": "0.0001"},
        "statusDetails": details,
        **extra,
    }


def metrics(*steps: tuple[int, int], validation: tuple[tuple[int, int], ...] = ()) -> JobMetrics:
    training, checked = Series(), Series()
    for step, epoch in steps:
        training.append(MetricRow(step, epoch, 1.0, 2.7))
    for step, epoch in validation:
        checked.append(MetricRow(step, epoch, 1.1, 3.0))
    return JobMetrics(training, checked, True, bool(validation))


def test_total_steps_are_records_over_batch_times_epochs() -> None:
    plan = training_plan(job())
    assert (plan.epochs, plan.batch_size, plan.batch_assumed) == (2, 4, False)
    total, basis = total_of(plan, None, RECORDS)
    assert total == 400  # ceil(800 / 4) x 2
    assert basis == "800 records (checked) ÷ batch 4 × 2 epochs"


def test_a_model_without_a_published_batch_size_says_it_was_assumed() -> None:
    plan = training_plan({"baseModelIdentifier": MICRO, "hyperParameters": {}})
    assert plan.epochs == 2  # the catalog's default for Nova
    assert plan.batch_assumed
    _, basis = total_of(plan, None, RecordCount(100, exact=False, source="estimated"))
    assert "(assumed)" in basis and "~100 records" in basis


def test_the_job_s_own_epochs_replace_the_estimate_once_seen() -> None:
    plan = training_plan(job())
    seen = metrics((0, 0), (149, 0), (150, 1), validation=((149, 0),))
    total, basis = total_of(plan, seen, RECORDS)
    assert total == 300
    assert basis == "150 steps an epoch (seen) × 2 epochs"


def test_epochs_chosen_by_aws_leave_no_total() -> None:
    plan = training_plan({"baseModelIdentifier": MICRO, "hyperParameters": {"epochCount": "Auto"}})
    assert total_of(plan, None, RECORDS) == (None, "epochs chosen by AWS (Auto): no total known")


def test_rft_reads_its_own_hyperparameters() -> None:
    request = {
        "baseModelIdentifier": MICRO,
        "customizationConfig": {
            "rftConfig": {"hyperParameters": {"epochCount": 3, "batchSize": 16}}
        },
    }
    plan = training_plan(request)
    assert (plan.epochs, plan.batch_size) == (3, 16)


def test_the_end_is_extrapolated_from_the_pace_of_training() -> None:
    now = START + timedelta(hours=1)
    progress = progress_of(job(), metrics((0, 0), (99, 0)), RECORDS, now)
    assert progress.state == TRAINING
    assert (progress.steps_done, progress.total_steps, progress.percent) == (100, 400, "25%")
    assert progress.ends == START + timedelta(hours=4)
    assert progress.eta_text(now) == "~3h 00m"


def test_too_little_done_gives_no_end_yet() -> None:
    progress = progress_of(job(), metrics((0, 0), (3, 0)), RECORDS, START + timedelta(minutes=5))
    assert progress.ends is None
    assert progress.eta_text(START) == "…"  # estimating, not unknown


def test_before_training_there_is_no_progress() -> None:
    waiting = job(stage="NotStarted")
    waiting["statusDetails"]["dataProcessingDetails"]["status"] = "InProgress"
    progress = progress_of(waiting, None, RECORDS, START)
    assert (progress.state, progress.fraction, progress.total_steps) == (WAITING, None, 400)


def test_a_completed_job_is_whole_and_a_stopped_one_where_it_stopped() -> None:
    done = progress_of(job("Completed", "Completed"), metrics((399, 1)), RECORDS, START)
    assert (done.state, done.percent) == (DONE, "100%")
    stopped = progress_of(job("Stopped", "Stopped"), metrics((199, 0)), RECORDS, START)
    assert (stopped.state, stopped.percent, stopped.ends) == (ENDED, "50%", None)


def test_a_small_file_is_counted_and_a_large_one_estimated() -> None:
    lines = b"".join(b'{"prompt": "%d"}\n' % i for i in range(10))
    assert count_sample(lines, len(lines)) == RecordCount(10, exact=True, source="counted")
    estimate = count_sample(lines[:50], len(lines) * 100)
    assert not estimate.exact
    assert 900 <= estimate.count <= 1100
    assert estimate.text.startswith("~")


def test_a_job_without_stage_details_is_timed_from_its_creation() -> None:
    bare = job()
    del bare["statusDetails"]
    bare["creationTime"] = START
    now = START + timedelta(hours=2)
    progress = progress_of(bare, metrics((0, 0), (199, 0)), RECORDS, now)
    assert progress.ends == START + timedelta(hours=4)


def test_more_steps_than_planned_leaves_the_total_unknown_not_past_100_percent() -> None:
    """Nova's batch size is not published: a plan on an assumed 8 can be short."""
    nova = job()
    nova["hyperParameters"] = {"epochCount": "2"}
    nova["baseModelArn"] = MICRO
    now = START + timedelta(hours=1)
    progress = progress_of(nova, metrics((0, 0), (400, 0)), RecordCount(1000, True, "checked"), now)
    assert (progress.total_steps, progress.fraction, progress.ends) == (None, None, None)
    assert "401 steps done, more than the 250 planned" in progress.basis
    assert progress.eta_text(now) == "?"


def test_a_completed_job_took_the_steps_its_metrics_show() -> None:
    done = progress_of(job("Completed", "Completed"), metrics((499, 0)), RECORDS, START)
    assert (done.steps_done, done.total_steps) == (500, 500)


def test_training_over_while_the_job_saves_its_model_is_done() -> None:
    saving = progress_of(job("InProgress", "Completed"), metrics((399, 1)), RECORDS, START)
    assert saving.state == DONE


def test_stopped_before_training_trained_nothing_and_during_training_something() -> None:
    before = job("Stopped", "NotStarted")
    assert progress_of(before, None, RECORDS, START).state == NOT_TRAINED
    during = progress_of(job("Stopped", "Stopped"), None, RECORDS, START)
    assert during.state == ENDED
