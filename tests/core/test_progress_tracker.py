"""The monitor's progress: a training job in the emulator is followed, its end estimated."""

from __future__ import annotations

from typing import Any

import boto3

from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import Ok
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.jobs import row_of
from ftui.core.progress.estimate import DONE, TRAINING, WAITING
from ftui.core.progress.tracker import ProgressTracker
from ftui.core.progress.watch import JobWatch
from ftui.sim.seeding.requests import job_request

MICRO = "amazon.nova-micro-v1:0:128k"


def start_job(world: Any, name: str) -> str:
    request = job_request(
        name,
        f"{name}-model",
        MICRO,
        "support/train.jsonl",
        validation="support/validation.jsonl",
        hyper={"epochCount": "2", "learningRate": "0.00001", "learningRateWarmupSteps": "10"},
    )
    client = boto3.client("bedrock", region_name="us-east-1")
    return str(client.create_model_customization_job(**request)["jobArn"])


def session(world: Any) -> AwsSession:
    return AwsSession(AwsTarget(region="us-east-1", endpoint_url=world.endpoint_url))


def job(world: Any, arn: str) -> dict[str, Any]:
    got = Bedrock(session(world), "us-east-1").get_job(arn)
    assert isinstance(got, Ok)
    return got.value


def test_a_job_is_followed_from_waiting_to_done(aws_env: Any) -> None:
    arn = start_job(aws_env, "progress-followed")
    watch = JobWatch(session(aws_env), "us-east-1", job(aws_env, arn))
    first = watch.refresh(job(aws_env, arn), aws_env.clock.now())
    assert isinstance(first, Ok) and first.value.state == WAITING
    assert watch.reader is not None and watch.reader.reads == 0  # nothing asked before training

    while job(aws_env, arn)["statusDetails"]["trainingDetails"]["status"] != "InProgress":
        aws_env.advance(60)
    aws_env.advance(900)
    now = aws_env.clock.now()
    middle = watch.refresh(job(aws_env, arn), now)
    assert isinstance(middle, Ok)
    progress = middle.value
    assert progress.state == TRAINING
    assert progress.total_steps == 100  # 400 records counted ÷ batch 8 (assumed) x 2 epochs
    assert "400 records (counted)" in progress.basis and "(assumed)" in progress.basis
    assert progress.steps_done is not None and 0 < progress.steps_done < 50  # first epoch
    assert progress.ends is not None and progress.ends > now

    aws_env.advance(6 * 3600)
    done = watch.refresh(job(aws_env, arn), aws_env.clock.now())
    assert isinstance(done, Ok)
    assert (done.value.state, done.value.percent) == (DONE, "100%")
    metrics = watch.metrics
    assert metrics is not None and metrics.training.last is not None
    assert metrics.training.last.step == 99  # the last step, as the plan said
    assert len(metrics.validation) == 2  # a validation row per epoch


def test_the_tracker_reads_training_jobs_only_and_not_too_often(aws_env: Any) -> None:
    arn = start_job(aws_env, "progress-tracked")
    aws_env.advance(3000)
    clock = [0.0]
    tracker = ProgressTracker(session(aws_env), interval=30, monotonic=lambda: clock[0])
    summaries = Bedrock(session(aws_env), "us-east-1").list_all_jobs()
    assert isinstance(summaries, Ok)
    rows = [row_of(s, "us-east-1") for s in summaries.value]
    update = tracker.update(rows, aws_env.clock.now())
    assert not update.errors
    assert set(update.progress) == {
        r.arn for r in rows if r.status == "InProgress" and r.stage == "Training"
    }
    assert arn in update.progress
    reads = tracker._followed[arn].watch.reader.reads  # type: ignore[union-attr]
    clock[0] = 10.0
    tracker.update(rows, aws_env.clock.now())
    assert tracker._followed[arn].watch.reader.reads == reads  # type: ignore[union-attr]
    clock[0] = 40.0
    tracker.update(rows, aws_env.clock.now())
    assert tracker._followed[arn].watch.reader.reads > reads  # type: ignore[union-attr]
