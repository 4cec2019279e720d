"""A job's metrics files are read as they grow, fetching only what is new, from the emulator's S3."""

from __future__ import annotations

import math
from typing import Any

import boto3
import pytest

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.metrics import MetricsReader, metrics_files, parse_rows
from ftui.core.metrics import reader as reader_module

BUCKET = "ftui-metrics-test"
JOB = {
    "jobArn": "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/a1b2c3",
    "outputDataConfig": {"s3Uri": f"s3://{BUCKET}/out"},
    "validationDataConfig": {"validators": [{"s3Uri": f"s3://{BUCKET}/validation.jsonl"}]},
}
HEADER = "step_number,epoch_number,training_loss,perplexity\n"


def row(step: int, loss: float = 1.5, epoch: int = 0) -> str:
    return f"{step},{epoch},{loss:.6f},{math.exp(loss):.6f}\n"


@pytest.fixture
def s3(sim: Any) -> Any:
    client = boto3.client("s3", region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    return client


@pytest.fixture
def reader(sim: Any) -> MetricsReader:
    files = metrics_files(JOB)
    assert files is not None
    session = AwsSession(AwsTarget(region="us-east-1", endpoint_url=sim.endpoint_url))
    return MetricsReader(session, "us-east-1", files)


@pytest.fixture
def ranges(reader: MetricsReader) -> list[dict[str, Any]]:
    """The parameters of every GetObject the reader sends."""
    sent: list[dict[str, Any]] = []
    client = reader.session.client("s3", "us-east-1")
    client.meta.events.register(
        "provide-client-params.s3.GetObject", lambda params, **_: sent.append(dict(params))
    )
    return sent


def write(s3: Any, text: str, validation: bool = False) -> None:
    files = metrics_files(JOB)
    assert files is not None
    key = files.validation_key if validation else files.training_key
    s3.put_object(Bucket=BUCKET, Key=key, Body=text.encode())


def test_the_files_are_where_bedrock_writes_them() -> None:
    files = metrics_files(JOB)
    assert files is not None
    assert files.training_key == (
        "out/model-customization-job-a1b2c3/training_artifacts/step_wise_training_metrics.csv"
    )
    assert files.validation_key == (
        "out/model-customization-job-a1b2c3/validation_artifacts/post_fine_tuning_validation/"
        "validation_metrics.csv"
    )
    assert metrics_files({"jobArn": JOB["jobArn"]}) is None


def test_before_training_there_are_no_metrics_and_that_is_not_an_error(
    s3: Any, reader: MetricsReader
) -> None:
    got = reader.read()
    assert isinstance(got, Ok)
    assert not got.value.any
    assert not got.value.training_found


def test_a_growing_file_is_read_from_its_last_line_only(
    s3: Any, reader: MetricsReader, ranges: list[dict[str, Any]]
) -> None:
    first = HEADER + row(0, 2.5) + row(1, 2.4)
    write(s3, first)
    reader.read()
    assert list(reader.metrics.training.steps) == [0, 1]
    write(s3, first + row(2, 2.3) + row(3, 2.2))
    ranges.clear()
    reader.read()
    assert list(reader.metrics.training.steps) == [0, 1, 2, 3]
    training = [p for p in ranges if "training" in p["Key"]]
    # Asked again from the start of the last line already read, only if the file changed.
    assert training[0]["Range"].startswith(f"bytes={len(HEADER) + len(row(0, 2.5))}-")
    assert "IfNoneMatch" in training[0]


def test_an_unchanged_file_costs_a_304_and_changes_nothing(s3: Any, reader: MetricsReader) -> None:
    write(s3, HEADER + row(0) + row(1))
    reader.read()
    before = reader.reads
    got = reader.read()
    assert isinstance(got, Ok)
    assert len(got.value.training) == 2
    assert reader.reads == before + 2  # one conditional GET a file, no body


def test_a_line_still_being_written_is_read_once_it_is_whole(
    s3: Any, reader: MetricsReader
) -> None:
    write(s3, HEADER + row(0) + "1,0,2.4")
    reader.read()
    assert list(reader.metrics.training.steps) == [0]
    write(s3, HEADER + row(0) + row(1, 2.4))
    reader.read()
    assert list(reader.metrics.training.steps) == [0, 1]
    assert reader.metrics.training.skipped == 0


def test_a_rewritten_file_is_read_again_from_the_start(s3: Any, reader: MetricsReader) -> None:
    write(s3, HEADER + row(0, 2.0) + row(1, 1.9))
    reader.read()
    write(s3, HEADER + row(0, 3.0) + row(1, 2.9) + row(2, 2.8))  # a new run of the same job
    reader.read()
    assert [round(x, 1) for x in reader.metrics.training.losses] == [3.0, 2.9, 2.8]


def test_a_shorter_file_is_read_again_from_the_start(s3: Any, reader: MetricsReader) -> None:
    write(s3, HEADER + "".join(row(i) for i in range(50)))
    reader.read()
    write(s3, HEADER + row(0, 0.5))
    reader.read()
    assert list(reader.metrics.training.steps) == [0]


def test_a_long_file_is_read_a_chunk_at_a_time(
    s3: Any, reader: MetricsReader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader_module, "CHUNK", 100)
    write(s3, HEADER + "".join(row(i, 2.0 - i / 100) for i in range(40)))
    got = reader.read()
    assert isinstance(got, Ok)
    assert list(got.value.training.steps) == list(range(40))
    assert got.value.training.skipped == 0


def test_validation_rows_and_a_diverged_loss_are_kept(s3: Any, reader: MetricsReader) -> None:
    write(s3, HEADER + row(0, 2.0) + "1,0,nan,nan\n")
    write(
        s3,
        "step_number,epoch_number,validation_loss,perplexity\n" + row(1, 1.8),
        validation=True,
    )
    got = reader.read()
    assert isinstance(got, Ok)
    diverged = got.value.training.diverged
    assert diverged is not None and diverged.step == 1
    assert got.value.validation.last is not None and got.value.validation.last.loss == 1.8


def test_a_file_that_is_not_a_metrics_file_says_which_and_why(
    s3: Any, reader: MetricsReader
) -> None:
    write(s3, "<html>nope</html>\n")
    got = reader.read()
    assert isinstance(got, AwsError)
    assert "step_wise_training_metrics.csv is not a metrics file" in got.message


def test_rows_are_read_by_column_name_and_bad_lines_counted() -> None:
    series = parse_rows(
        ["epoch_number,step_number,perplexity,training_loss", "0,5,7.39,2.0", "x,y", ""]
    )
    assert [(r.step, r.epoch, r.loss) for r in series] == [(5, 0, 2.0)]
    assert series.skipped == 1


def test_loss_by_epoch_is_the_mean_of_its_steps() -> None:
    series = parse_rows(
        [HEADER.strip(), row(0, 2.0).strip(), row(1, 1.0).strip(), row(2, 0.5, epoch=1).strip()]
    )
    assert series.by_epoch() == [(0, 1.5), (1, 0.5)]


def reader_for(sim: Any, job: dict[str, Any]) -> MetricsReader:
    files = metrics_files(job)
    assert files is not None
    session = AwsSession(AwsTarget(region="us-east-1", endpoint_url=sim.endpoint_url))
    return MetricsReader(session, "us-east-1", files)


def test_a_job_without_validation_sets_is_not_asked_for_their_file(s3: Any, sim: Any) -> None:
    job = {k: v for k, v in JOB.items() if k != "validationDataConfig"}
    reader = reader_for(sim, job)
    write(s3, HEADER + row(0))
    reader.read()
    assert reader.reads == 1


def test_access_denied_for_a_file_not_found_yet_is_no_metrics_yet(
    s3: Any, reader: MetricsReader
) -> None:
    """Without s3:ListBucket, S3 says AccessDenied for a key that does not exist."""
    client = reader.session.client("s3", "us-east-1")

    def deny(**_: Any) -> None:
        from botocore.exceptions import ClientError

        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "Access Denied"}}, "Get")

    client.meta.events.register("before-call.s3.GetObject", deny)
    got = reader.read()
    assert isinstance(got, Ok) and not got.value.any
    assert got.value.denied, "the view can say it may also be a permission"


def test_a_validation_file_that_cannot_be_read_does_not_hide_the_training_rows(
    s3: Any, reader: MetricsReader
) -> None:
    write(s3, HEADER + row(0) + row(1))
    write(s3, "not,a,metrics,file\n", validation=True)
    got = reader.read()
    assert isinstance(got, Ok) and len(got.value.training) == 2
    assert got.value.validation_problem is not None
    assert "validation_metrics.csv is not a metrics file" in got.value.validation_problem


def test_a_last_row_without_its_newline_counts_once_the_job_has_ended(
    s3: Any, reader: MetricsReader
) -> None:
    write(s3, HEADER + row(0) + "1,0,1.900000,6.685894")
    reader.read()
    assert list(reader.metrics.training.steps) == [0], "still being written"
    reader.read(final=True)
    reader.read(final=True)
    assert list(reader.metrics.training.steps) == [0, 1]


def test_a_byte_order_mark_and_a_step_no_array_holds_are_read_and_skipped(
    s3: Any, reader: MetricsReader
) -> None:
    write(s3, "\ufeff" + HEADER + row(0) + "1,99999999999999999999,1.9,6.68\n" + row(2))
    got = reader.read()
    assert isinstance(got, Ok)
    assert list(got.value.training.steps) == [0, 2]
    assert list(got.value.training.epochs) == [0, 0]
    assert got.value.training.skipped == 1
