"""`ftui metrics JOB`: a job's losses as Bedrock wrote them to S3, and `ftui jobs --json` progress."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import pytest

from ftui.cli import main
from ftui.cli import metrics as metrics_cli
from ftui.core.metrics import metrics_files
from ftui.sim.server import SimServer
from tests.cli.test_safety_cli import run
from tests.core.test_progress_tracker import start_job

Rows = list[tuple[int, int, float, float]]


def _job(sim: SimServer, arn: str) -> dict[str, Any]:
    client = boto3.client("bedrock", endpoint_url=sim.endpoint_url, region_name="us-east-1")
    return dict(client.get_model_customization_job(jobIdentifier=arn))


def into_training(sim: SimServer, arn: str) -> None:
    """On until the job has trained for a quarter of an hour: rows written, an end estimated."""
    while _job(sim, arn)["statusDetails"]["trainingDetails"]["status"] != "InProgress":
        sim.advance(60)
    sim.advance(900)


def to_the_end(sim: SimServer, arn: str) -> None:
    sim.advance(6 * 3600)
    assert _job(sim, arn)["status"] == "Completed"


def s3_rows(sim: SimServer, arn: str) -> tuple[Rows, Rows]:
    """The training and validation rows of the job's CSV files, read from S3 directly."""
    files = metrics_files(_job(sim, arn))
    assert files is not None
    client = boto3.client("s3", endpoint_url=sim.endpoint_url, region_name="us-east-1")

    def read(key: str, loss: str) -> Rows:
        try:
            body = client.get_object(Bucket=files.bucket, Key=key)["Body"].read().decode()
        except client.exceptions.NoSuchKey:
            return []  # not written yet
        return [
            (int(r["step_number"]), int(r["epoch_number"]), float(r[loss]), float(r["perplexity"]))
            for r in csv.DictReader(io.StringIO(body))
        ]

    return (
        read(files.training_key, "training_loss"),
        read(files.validation_key, "validation_loss"),
    )


def printed_rows(text: str) -> tuple[Rows, Rows]:
    """The training and validation values of `ftui metrics --csv` output."""
    training: Rows = []
    validation: Rows = []
    for row in csv.DictReader(io.StringIO(text)):
        step, epoch = int(row["step_number"]), int(row["epoch_number"])
        if row["training_loss"]:
            training.append(
                (step, epoch, float(row["training_loss"]), float(row["training_perplexity"]))
            )
        if row["validation_loss"]:
            validation.append(
                (step, epoch, float(row["validation_loss"]), float(row["validation_perplexity"]))
            )
    return training, validation


def test_before_training_there_are_no_metrics_yet_and_that_is_not_an_error(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    start_job(aws_env, "metrics-early")
    code, out, err = run(capsys, "metrics", "metrics-early")
    assert (code, out) == (0, "")
    assert "no metrics yet: training has not started (status InProgress, stage Validation)" in err
    code, out, _ = run(capsys, "metrics", "metrics-early", "--csv")
    assert code == 0 and out.splitlines() == [",".join(metrics_cli.CSV_COLUMNS)]
    code, out, _ = run(capsys, "metrics", "metrics-early", "--json")
    document = json.loads(out)
    assert code == 0 and document["rows"] == [] and document["stage"] == "Validation"


def test_a_training_job_shows_its_rows_and_an_estimated_end(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    arn = start_job(aws_env, "metrics-training")
    into_training(aws_env, arn)
    code, out, err = run(capsys, "metrics", "metrics-training")
    assert code == 0, err
    table, summary = out.rstrip("\n").split("\n\n")
    header, *lines = table.splitlines()
    assert header.split() == ["STEP", "EPOCH", "TRAINING", "LOSS", "VALIDATION", "LOSS"]
    training, _ = s3_rows(aws_env, arn)
    assert len(training) > 0 and len(lines) == len(training)  # no epoch done: no validation yet
    assert [int(line.split()[0]) for line in lines] == [row[0] for row in training]
    assert f"{len(training)} training rows" in summary and "\n" not in summary
    assert f"last step {training[-1][0]}" in summary
    assert "estimated end" in summary and "estimate: " in summary and "records" in summary


def test_csv_gives_back_the_rows_aws_wrote_with_validation_at_its_step(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    arn = start_job(aws_env, "metrics-csv")
    into_training(aws_env, arn)
    to_the_end(aws_env, arn)
    code, out, err = run(capsys, "metrics", arn, "--csv")  # by ARN: its region from there
    assert (code, err) == (0, "")
    training, validation = s3_rows(aws_env, arn)
    assert len(validation) == 2  # an epoch each
    assert printed_rows(out) == (training, validation)
    steps = [int(row["step_number"]) for row in csv.DictReader(io.StringIO(out))]
    assert steps == sorted(steps) and len(steps) == len(set(steps)), "one line a step"

    code, out, _ = run(capsys, "metrics", arn)
    best = min(validation, key=lambda row: row[2])
    # People count epochs from 1; Bedrock's epoch_number counts from 0.
    assert f"best validation loss {best[2]!r} at epoch {best[1] + 1} (step {best[0]})" in out
    assert "training complete" in out


def test_json_is_one_document_with_the_rows_and_the_progress(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    arn = start_job(aws_env, "metrics-json")
    into_training(aws_env, arn)
    code, out, err = run(capsys, "metrics", "metrics-json", "--json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert (document["jobArn"], document["status"], document["stage"]) == (
        arn,
        "InProgress",
        "Training",
    )
    training, _ = s3_rows(aws_env, arn)
    assert [row["step_number"] for row in document["rows"]] == [row[0] for row in training]
    assert [row["training_loss"] for row in document["rows"]] == [row[2] for row in training]
    assert 0 < document["progress"] < 1 and document["total_steps"] == 100
    assert document["steps_done"] == training[-1][0] + 1
    assert datetime.fromisoformat(document["estimated_end"]) > aws_env.clock.now()
    assert "2 epochs" in document["estimate_basis"]
    assert document["metricsUri"].startswith("s3://ftui-demo-output/jobs/")


def test_an_unknown_job_is_named_with_its_region_and_exits_3(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "metrics", "no-such-job", "--region", "us-east-1")
    assert (code, out) == (3, "")
    assert "no job 'no-such-job' in us-east-1 (pass its ARN, or --region)" in err


def test_a_file_that_is_not_metrics_or_s3_refusing_names_the_s3_location(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    arn = start_job(aws_env, "metrics-unreadable")
    into_training(aws_env, arn)
    files = metrics_files(_job(aws_env, arn))
    assert files is not None

    with aws_env.fault("access-denied:GetObject"):
        code, out, err = run(capsys, "metrics", "metrics-unreadable")
    assert (code, out) == (3, "")
    assert f"cannot read the metrics in {files.uri}: AccessDenied" in err
    assert "s3:GetObject" in err and "s3:ListBucket" in err

    client = boto3.client("s3", endpoint_url=aws_env.endpoint_url, region_name="us-east-1")
    client.put_object(Bucket=files.bucket, Key=files.training_key, Body=b"<html>nope</html>\n")
    code, out, err = run(capsys, "metrics", "metrics-unreadable", "--json")
    assert (code, out) == (3, "")
    assert f"s3://{files.bucket}/{files.training_key} is not a metrics file" in err
    assert "Traceback" not in err


def test_a_reader_that_stops_early_gets_no_traceback(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ftui metrics JOB | head -1``."""
    arn = start_job(aws_env, "metrics-head")
    into_training(aws_env, arn)
    read_end, write_end = os.pipe()
    os.close(read_end)
    with os.fdopen(write_end, "w") as closed:
        monkeypatch.setattr(sys, "stdout", closed)
        code = main(["metrics", "metrics-head"])
    assert code == 141
    assert "Traceback" not in capsys.readouterr().err


def test_watch_prints_rows_as_they_are_written_until_the_job_ends(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    arn = start_job(aws_env, "metrics-watched")
    into_training(aws_env, arn)
    monkeypatch.setenv("FTUI_REFRESH_INTERVAL", "2")
    printed: list[str] = []
    monkeypatch.setattr(metrics_cli, "out", lambda text="": printed.append(text))
    over = threading.Event()
    before_the_end: list[int] = []

    def finish_once_rows_are_printed() -> None:
        deadline = time.monotonic() + 30  # if none come, end the job anyway: fail, not hang
        while len(printed) < 2 and time.monotonic() < deadline:  # the header and a row
            if over.wait(0.02):
                return
        before_the_end.append(len(printed))
        aws_env.advance(6 * 3600)

    finishing = threading.Thread(target=finish_once_rows_are_printed)
    finishing.start()
    try:
        code, _, err = run(capsys, "metrics", "metrics-watched", "--watch", "--csv")
    finally:
        over.set()
        finishing.join()
    assert code == 0, err
    training, validation = s3_rows(aws_env, arn)
    assert printed_rows("\n".join(printed)) == (training, validation), "each row once"
    assert len(validation) == 2
    assert 2 <= before_the_end[0] < len(printed), "the first rows came while the job trained"


def test_watch_stops_on_ctrl_c_with_130(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    arn = start_job(aws_env, "metrics-interrupted")
    into_training(aws_env, arn)
    monkeypatch.setenv("FTUI_REFRESH_INTERVAL", "2")
    before = signal.getsignal(signal.SIGINT)

    def press_ctrl_c() -> None:
        while signal.getsignal(signal.SIGINT) is before:  # until the command listens for it
            threading.Event().wait(0.02)
        os.kill(os.getpid(), signal.SIGINT)

    pressing = threading.Thread(target=press_ctrl_c)
    pressing.start()
    code, out, err = run(capsys, "metrics", "metrics-interrupted", "--watch")
    pressing.join()
    assert code == 130 and "Traceback" not in err
    assert out.startswith("   STEP  EPOCH  TRAINING LOSS")
    assert signal.getsignal(signal.SIGINT) is before, "Ctrl+C is Python's again"


def test_watch_and_json_do_not_go_together(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "metrics", "any-job", "--watch", "--json")
    assert (code, out) == (2, "") and "--watch" in err


def test_jobs_json_has_progress_for_a_training_job_and_null_for_a_finished_one(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    done = start_job(aws_env, "metrics-jobs-done")
    into_training(aws_env, done)
    to_the_end(aws_env, done)
    training = start_job(aws_env, "metrics-jobs-training")
    into_training(aws_env, training)
    code, out, err = run(
        capsys, "jobs", "--json", "--name", "metrics-jobs", "--region", "us-east-1"
    )
    assert (code, err) == (0, "")
    jobs = {job["jobArn"]: job for job in json.loads(out)}
    assert list(jobs[done])[-5:] == list(metrics_cli.PROGRESS_KEYS), "added after AWS's fields"
    assert all(jobs[done][key] is None for key in metrics_cli.PROGRESS_KEYS)
    shown = jobs[training]
    assert 0 < shown["progress"] < 1 and shown["total_steps"] == 100
    assert 0 < shown["steps_done"] < 100
    assert datetime.fromisoformat(shown["estimated_end"]) > aws_env.clock.now()
    assert "records" in shown["estimate_basis"]
    assert (shown["status"], shown["stage"]) == ("InProgress", "Training")


def test_watching_prints_a_step_once_when_its_validation_row_comes_a_read_later(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ftui.cli.metrics import _Stream
    from ftui.core.metrics import MetricRow, Series

    def series(*rows: tuple[int, int, float]) -> Series:
        made = Series()
        for step, epoch, loss in rows:
            made.append(MetricRow(step, epoch, loss, 1.0))
        return made

    stream = _Stream(csv=True, validates=True)
    # The training file has the epoch's last step; its validation row is not written yet.
    stream.print_new((series((0, 0, 2.0), (1, 0, 1.8)), series()), final=False)
    stream.print_new(
        (series((0, 0, 2.0), (1, 0, 1.8), (2, 1, 1.7)), series((1, 0, 1.9))), final=False
    )
    stream.print_new(
        (series((0, 0, 2.0), (1, 0, 1.8), (2, 1, 1.7)), series((1, 0, 1.9))), final=True
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["step_number"] for row in rows] == ["0", "1", "2"], "each step once"
    assert (rows[1]["training_loss"], rows[1]["validation_loss"]) == ("1.8", "1.9")


def test_jobs_json_filters_names_as_the_table_does(
    aws_env: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """AWS's nameContains refuses text that is no job name: the name is matched by ftui."""
    code, out, err = run(capsys, "jobs", "--json", "--name", "BOT NOVA")
    assert (code, err) == (0, "")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "jobs", "--json", "--name", "SUPPORT-BOT")
    names = {job["jobName"] for job in json.loads(out)}
    assert names and all("support-bot" in name for name in names)
