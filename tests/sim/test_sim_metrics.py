"""The emulator's training metrics tell a story: loss falls, small data overfits, settings show,
the files only grow, and the numbers agree with the plan and with GetModelCustomizationJob."""

from __future__ import annotations

import copy
import itertools
import json
import math
import statistics
from datetime import datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ftui.sim.bedrock.metrics import (
    TRAINING_HEADER,
    VALIDATION_HEADER,
    LossCurve,
    TrainingPlan,
    training_csv,
    validation_csv,
)
from ftui.sim.server import SimServer
from tests.factories import valid_request
from tests.sim.conftest import BUCKET, client

TRAINING_FILE = "training_artifacts/step_wise_training_metrics.csv"
VALIDATION_FILE = "validation_artifacts/post_fine_tuning_validation/validation_metrics.csv"
SEEDS = range(12)


# --- reading the files as ftui does --------------------------------------------------------------


def read_object(s3: Any, bucket: str, key: str) -> bytes:
    try:
        body: bytes = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError:
        return b""
    return body


def job_files(s3: Any, job: dict[str, Any]) -> tuple[bytes, bytes]:
    """The training and validation CSVs of a job (b"" while one does not exist yet)."""
    bucket, _, key = job["outputDataConfig"]["s3Uri"].removeprefix("s3://").partition("/")
    prefix = (key if not key or key.endswith("/") else key + "/") + "model-customization-job-"
    prefix += job["jobArn"].rsplit("/", 1)[1] + "/"
    return (
        read_object(s3, bucket, prefix + TRAINING_FILE),
        read_object(s3, bucket, prefix + VALIDATION_FILE),
    )


def rows(csv: bytes | str) -> list[tuple[int, int, float]]:
    """(step, epoch, loss) of every row under the header."""
    text = csv.decode() if isinstance(csv, bytes) else csv
    out = []
    for line in text.splitlines()[1:]:
        step, epoch, loss, perplexity = line.split(",")
        assert float(perplexity) == pytest.approx(math.exp(float(loss)), rel=1e-5)
        out.append((int(step), int(epoch), float(loss)))
    return out


def losses(csv: bytes | str) -> list[float]:
    return [loss for _, _, loss in rows(csv)]


def chunk_means(values: list[float], chunks: int) -> list[float]:
    size = len(values) // chunks
    return [statistics.fmean(values[i * size : (i + 1) * size]) for i in range(chunks)]


def curve(plan: TrainingPlan, seed: int = 3) -> LossCurve:
    return LossCurve(seed, plan)


def complete(c: LossCurve) -> tuple[list[float], list[float]]:
    return losses(training_csv(c, c.steps)), losses(validation_csv(c, c.epochs))


SMALL = TrainingPlan(records=400, epochs=5, batch_size=8, task="nova-micro support/train")
LARGE = TrainingPlan(records=2400, epochs=5, batch_size=8, task="nova-micro support/train-large")


# --- the shape of a curve ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_the_training_loss_falls_with_noise_you_can_see_but_no_wild_jumps(seed: int) -> None:
    c = curve(TrainingPlan(1000, 2, 8), seed)
    training = losses(training_csv(c, c.steps))
    means = chunk_means(training, 5)
    assert means == sorted(means, reverse=True), "each fifth of the run ends lower"
    assert training[0] > 2 * training[-1]
    wobble = [
        loss / c.smooth_training_loss(step) - 1 for step, _, loss in rows(training_csv(c, c.steps))
    ]
    assert 0.02 < statistics.pstdev(wobble) < 0.1
    assert max(abs(w) for w in wobble) < 0.2


@pytest.mark.parametrize("seed", SEEDS)
def test_few_records_for_many_epochs_overfit_while_the_training_loss_keeps_falling(
    seed: int,
) -> None:
    training, validation = complete(curve(SMALL, seed))
    assert len(validation) == 5
    best = validation.index(min(validation))
    assert 0 < best < 4, "the validation loss falls, then rises"
    assert validation[-1] > min(validation) + 0.15
    assert validation[best + 1 :] == sorted(validation[best + 1 :]), "it keeps rising"
    means = chunk_means(training, 5)
    assert means == sorted(means, reverse=True)


@pytest.mark.parametrize("seed", SEEDS)
def test_three_epochs_on_under_500_records_already_turn_the_validation_loss_up(seed: int) -> None:
    _, validation = complete(curve(TrainingPlan(450, 3, 8), seed))
    assert validation[-1] > validation[1]


@pytest.mark.parametrize("seed", SEEDS)
def test_plenty_of_data_keeps_validation_close_above_training(seed: int) -> None:
    c = curve(LARGE, seed)
    _, validation = complete(c)
    assert validation[-1] - min(validation) < 0.03, "no real turn upwards"
    assert validation[0] > validation[-1]
    for epoch, loss in enumerate(validation):
        learnt = c.smooth_training_loss(c.epoch_end(epoch))
        assert 0 < loss - learnt < 0.15, "a small gap above the training loss"


def test_the_same_data_with_different_epochs_tell_apart() -> None:
    two = curve(TrainingPlan(400, 2, 8, task="same data"), seed=1)
    five = curve(TrainingPlan(400, 5, 8, task="same data"), seed=2)
    _, val_two = complete(two)
    _, val_five = complete(five)
    assert val_two[-1] < val_five[-1] - 0.2
    assert five.smooth_training_loss(five.steps - 1) < two.smooth_training_loss(two.steps - 1)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_too_high_learning_rate_is_noisier_and_settles_higher_a_tiny_one_learns_slowly(
    seed: int,
) -> None:
    plan = TrainingPlan(2400, 2, 8, task="same data")
    default, hot = curve(plan, seed), curve(TrainingPlan(2400, 2, 8, 10.0, "same data"), seed)
    cold = curve(TrainingPlan(2400, 2, 8, 0.1, "same data"), seed)
    last = plan.steps - 1
    assert hot.smooth_training_loss(last) > default.smooth_training_loss(last) + 0.15

    def spread(c: LossCurve) -> float:
        return statistics.pstdev(
            loss / c.smooth_training_loss(step) - 1 for step, _, loss in rows(training_csv(c, last))
        )

    assert spread(hot) > 1.5 * spread(default)
    one_epoch = plan.steps_per_epoch - 1
    assert cold.smooth_training_loss(one_epoch) > default.smooth_training_loss(one_epoch) + 0.5
    assert cold.smooth_training_loss(last) > default.smooth_training_loss(last)


def test_a_smaller_batch_is_noisier() -> None:
    def spread(batch: int) -> float:
        c = curve(TrainingPlan(2000, 2, batch))
        return statistics.pstdev(
            loss / c.smooth_training_loss(step) - 1
            for step, _, loss in rows(training_csv(c, c.steps))
        )

    assert spread(1) > spread(8) > spread(64)


def test_a_curve_is_a_pure_function_of_seed_and_plan() -> None:
    assert training_csv(curve(SMALL, 5), 200) == training_csv(curve(SMALL, 5), 200)
    assert training_csv(curve(SMALL, 5), 200) != training_csv(curve(SMALL, 6), 200)
    assert validation_csv(curve(SMALL, 5), 3) == validation_csv(curve(SMALL, 5), 3)


def test_rows_are_sampled_to_at_most_500_with_the_last_step_at_the_end() -> None:
    c = curve(TrainingPlan(10_000, 3, 8))
    logged = [step for step, _, _ in rows(training_csv(c, c.steps))]
    assert len(logged) <= 501
    assert logged[-1] == c.steps - 1 == 3749
    assert {b - a for a, b in itertools.pairwise(logged[:-1])} == {c.stride}


@pytest.mark.parametrize("plan", [SMALL, LARGE, TrainingPlan(10_000, 3, 8), TrainingPlan(7, 3, 2)])
def test_each_write_starts_with_every_byte_of_the_one_before(plan: TrainingPlan) -> None:
    c = curve(plan, 11)
    training = [training_csv(c, done) for done in range(c.steps + 1)]
    validation = [validation_csv(c, c.epochs_done(done)) for done in range(c.steps + 1)]
    for files in (training, validation):
        for before, after in itertools.pairwise(files):
            assert after.startswith(before)
    assert training[0] == TRAINING_HEADER + "\n" and validation[0] == VALIDATION_HEADER + "\n"


def test_steps_follow_records_batch_and_epochs() -> None:
    plan = TrainingPlan(records=1001, epochs=3, batch_size=8)
    assert (plan.steps_per_epoch, plan.steps) == (126, 378)
    c = curve(plan)
    assert [step for step, _, _ in rows(validation_csv(c, 3))] == [125, 251, 377]
    assert [epoch for _, epoch, _ in rows(validation_csv(c, 3))] == [0, 1, 2]


# --- the emulator writes them while a job trains ----------------------------------------------------


def prompt_completion(count: int) -> bytes:
    lines = (
        json.dumps({"prompt": f"Summarize note {i}.", "completion": "Fine."}) for i in range(count)
    )
    return ("\n".join(lines) + "\n").encode()


def titan_request(hyper: dict[str, str] | None) -> dict[str, Any]:
    request = copy.deepcopy(valid_request())
    request.update(
        jobName="titan-ft-notes",
        customModelName="titan-notes",
        baseModelIdentifier="amazon.titan-text-express-v1:0:8k",
        trainingDataConfig={"s3Uri": f"s3://{BUCKET}/data/notes.jsonl"},
    )
    del request["validationDataConfig"]
    request.pop("hyperParameters")
    if hyper is not None:
        request["hyperParameters"] = hyper
    return request


def watch(
    sim: SimServer, bedrock: Any, arn: str, step: float
) -> list[tuple[datetime, bytes, bytes, dict[str, Any]]]:
    """Every state of the job's files until it ends, with the time each was read."""
    s3 = client(sim, "s3")
    seen = []
    for _ in range(2000):
        job = bedrock.get_model_customization_job(jobIdentifier=arn)
        seen.append((sim.clock.now(), *job_files(s3, job), job))
        if job["status"] != "InProgress":
            return seen
        sim.advance(step)
    raise AssertionError("the job never finished")


def test_the_files_only_grow_and_the_last_step_keeps_time_with_the_training_stage(
    sim: SimServer, bedrock: Any
) -> None:
    arn = bedrock.create_model_customization_job(**valid_request())["jobArn"]
    seen = watch(sim, bedrock, arn, step=60)
    job = seen[-1][3]
    assert job["status"] == "Completed"
    trainings = [training for _, training, _, _ in seen]
    validations = [validation for _, _, validation, _ in seen]
    assert len(set(trainings)) > 50, "many writes while it trains"
    for files in (trainings, validations):
        for before, after in itertools.pairwise(files):
            assert after.startswith(before), "a reader may fetch just the new bytes"
    # 1,000 records in batches of 8 (Nova's), for 2 epochs.
    total = 125 * 2
    started = job["statusDetails"]["trainingDetails"]["creationTime"]
    span = (job["endTime"] - started).total_seconds()
    for at, training, _, _ in seen:
        logged = rows(training)
        if not logged or at >= job["endTime"]:
            continue
        elapsed = (at - started).total_seconds() / span
        assert (logged[-1][0] + 1) / total == pytest.approx(elapsed, abs=0.02)
    final = rows(trainings[-1])
    assert final[-1][0] == total - 1, "a completed job shows 100%"
    assert [(step, epoch) for step, epoch, _ in rows(validations[-1])] == [(124, 0), (249, 1)]


def test_no_metrics_before_training_and_no_validation_file_without_validators(
    sim: SimServer, bedrock: Any
) -> None:
    request = valid_request()
    del request["validationDataConfig"]
    arn = bedrock.create_model_customization_job(**request)["jobArn"]
    seen = watch(sim, bedrock, arn, step=300)
    for _, training, _, job in seen:
        if job["statusDetails"]["trainingDetails"]["status"] == "NotStarted":
            assert training == b""
    assert all(validation == b"" for _, _, validation, _ in seen)
    assert seen[-1][3]["validationMetrics"] == []


def test_get_repeats_the_last_rows_of_the_files(sim: SimServer, bedrock: Any) -> None:
    arn = bedrock.create_model_customization_job(**valid_request())["jobArn"]
    seen = watch(sim, bedrock, arn, step=900)
    _, training, validation, job = seen[-1]
    assert job["trainingMetrics"]["trainingLoss"] == rows(training)[-1][2]
    assert job["validationMetrics"] == [{"validationLoss": rows(validation)[-1][2]}]
    model = bedrock.get_custom_model(modelIdentifier=job["outputModelName"])
    assert model["trainingMetrics"] == job["trainingMetrics"]
    assert model["validationMetrics"] == job["validationMetrics"]


def test_the_learning_rate_in_the_request_shows_in_the_curve(sim: SimServer, bedrock: Any) -> None:
    rates = {"default": "0.00001", "hot": "0.0001", "cold": "0.000001"}
    arns = {}
    for name, rate in rates.items():
        request = valid_request()
        request.update(jobName=f"lr-{name}", customModelName=f"lr-{name}-model")
        request["hyperParameters"] = {"epochCount": "2", "learningRate": rate}
        arns[name] = bedrock.create_model_customization_job(**request)["jobArn"]
    files = {name: watch(sim, bedrock, arn, step=1800)[-1][1] for name, arn in arns.items()}
    epoch = 125  # 1,000 records in batches of 8
    first = {name: statistics.fmean(losses(csv)[:epoch]) for name, csv in files.items()}
    last = {name: losses(csv)[-epoch:] for name, csv in files.items()}
    assert statistics.fmean(last["hot"]) > statistics.fmean(last["default"]) + 0.1
    assert statistics.pstdev(last["hot"]) > statistics.pstdev(last["default"])
    assert first["cold"] > first["default"] + 0.3, "a tiny rate learns slowly"


@pytest.mark.parametrize(
    ("hyper", "epochs", "batch"),
    [
        (None, 5, 1),  # Titan Text's defaults in the catalog
        ({"epochCount": "2", "batchSize": "4", "learningRate": "0.00001"}, 2, 4),
    ],
)
def test_steps_come_from_the_request_or_the_models_defaults(
    sim: SimServer, bedrock: Any, hyper: dict[str, str] | None, epochs: int, batch: int
) -> None:
    client(sim, "s3").put_object(Bucket=BUCKET, Key="data/notes.jsonl", Body=prompt_completion(100))
    arn = bedrock.create_model_customization_job(**titan_request(hyper))["jobArn"]
    training = watch(sim, bedrock, arn, step=1800)[-1][1]
    logged = rows(training)
    per_epoch = math.ceil(100 / batch)
    assert logged[-1][:2] == (per_epoch * epochs - 1, epochs - 1)
    assert {epoch for _, epoch, _ in logged} == set(range(epochs))


# --- the demo -------------------------------------------------------------------------------------

TWO_EPOCHS = "support-bot-nova-micro-ft-003"
FIVE_EPOCHS = "support-bot-nova-micro-ft-003-5-epochs"
LONG_RUN = "support-bot-nova-pro-ft-001"


def test_the_demo_compares_two_runs_on_the_same_data_one_learnt_one_overfit(
    world: SimServer,
) -> None:
    bedrock, s3 = client(world, "bedrock"), client(world, "s3")
    two = bedrock.get_model_customization_job(jobIdentifier=TWO_EPOCHS)
    five = bedrock.get_model_customization_job(jobIdentifier=FIVE_EPOCHS)
    assert two["status"] == five["status"] == "Completed"
    for key in ("baseModelArn", "trainingDataConfig", "validationDataConfig"):
        assert two[key] == five[key]
    assert (two["hyperParameters"]["epochCount"], five["hyperParameters"]["epochCount"]) == (
        "2",
        "5",
    )
    two_validation = losses(job_files(s3, two)[1])
    five_training, five_validation = map(losses, job_files(s3, five))
    assert (len(two_validation), len(five_validation)) == (2, 5)
    assert two_validation[-1] < five_validation[-1] - 0.2, "fewer epochs learnt better"
    best = five_validation.index(min(five_validation))
    assert best < 4 and five_validation[-1] > five_validation[best] + 0.2, "five overfit"
    epoch_of_50 = 50  # 400 records in batches of 8
    assert statistics.fmean(five_training[-epoch_of_50:]) < statistics.fmean(
        five_training[epoch_of_50 : 2 * epoch_of_50]
    ), "while its training loss kept falling"
    assert two["validationMetrics"][0]["validationLoss"] == two_validation[-1]
    assert five["validationMetrics"][0]["validationLoss"] == five_validation[-1]


def test_the_demo_has_a_job_learning_for_a_day_to_watch(world: SimServer) -> None:
    bedrock, s3 = client(world, "bedrock"), client(world, "s3")
    job = bedrock.get_model_customization_job(jobIdentifier=LONG_RUN)
    assert job["statusDetails"]["trainingDetails"]["status"] == "InProgress"
    total = math.ceil(6000 / 8) * 5
    last = [rows(job_files(s3, job)[0])[-1][0]]
    assert 0 < last[0] < total * 0.1, "training has just started"
    # At the demo's speed an hour passes in a real minute: twenty minutes of watching.
    for _ in range(20):
        world.advance(3600)
        job = bedrock.get_model_customization_job(jobIdentifier=LONG_RUN)
        assert job["status"] == "InProgress"
        last.append(rows(job_files(s3, job)[0])[-1][0])
    growth = [(b - a) / total for a, b in itertools.pairwise(last)]
    assert min(growth) > 0.02, "its curve grows every minute"
    validation = rows(job_files(s3, job)[1])
    assert [step for step, _, _ in validation][:2] == [749, 1499], "a row per epoch of 750 steps"


def test_an_image_model_takes_its_step_count_whatever_the_data_size() -> None:
    """ftui's progress plans stepCount steps for image models: the emulator takes as many."""
    from datetime import UTC, datetime

    from ftui.core.progress.plan import training_plan
    from ftui.sim.bedrock.jobs import SimJob

    model = "amazon.titan-image-generator-v2:0"
    request = {
        "baseModelIdentifier": model,
        "customizationType": "FINE_TUNING",
        "hyperParameters": {"stepCount": "500", "batchSize": "8", "learningRate": "0.00001"},
    }
    job = SimJob(
        arn="arn:aws:bedrock:us-east-1:123456789012:model-customization-job/x",
        name="images",
        job_id="x",
        region="us-east-1",
        request=request,
        base_model_id=model,
        base_model_arn=f"arn:aws:bedrock:us-east-1::foundation-model/{model}",
        created=datetime(2026, 11, 1, tzinfo=UTC),
        seed=7,
    )
    job._plan(job.created, records=120)
    assert job.curve is not None
    assert job.curve.steps == training_plan(request).steps == 500
