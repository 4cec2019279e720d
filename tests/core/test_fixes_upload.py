"""Upload a local data file to S3 from ftui: the same bytes arrive, big files in parts, an
existing object is never replaced unasked, and read-only mode sends nothing."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.policy import ReadOnly
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.fixes import ObjectExists, destination, upload_file
from ftui.sim.server import SimServer
from ftui.sim.world import DATA_BUCKET

MIB = 1024 * 1024


def session_for(sim: SimServer, read_only: ReadOnly | None = None) -> AwsSession:
    # One attempt: a fault shows as the error it is, not hidden by botocore's retries.
    target = AwsTarget(region="us-east-1", endpoint_url=sim.endpoint_url)
    return AwsSession(target, read_only=read_only, max_attempts=1)


def folder() -> str:
    return f"s3://{DATA_BUCKET}/uploads-{uuid.uuid4().hex[:8]}/"


def data_file(tmp_path: Path, size: int, name: str = "train.jsonl") -> Path:
    line = b'{"prompt": "How do I reset my password?", "completion": "Settings, Security."}\n'
    path = tmp_path / name
    path.write_bytes((line * (size // len(line) + 1))[:size])
    return path


def stored(sim: SimServer, uri: str) -> bytes:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    body: bytes = (
        sim.account.client("s3", "us-east-1").get_object(Bucket=bucket, Key=key)["Body"].read()
    )
    return body


def operations(sim: SimServer) -> list[str | None]:
    return [call["operation"] for call in sim.calls.entries()]


def test_a_file_uploaded_to_a_folder_keeps_its_name_and_bytes(
    aws_env: SimServer, tmp_path: Path
) -> None:
    path = data_file(tmp_path, 20_000)
    heard: list[tuple[int, int]] = []
    got = upload_file(
        session_for(aws_env),
        path,
        folder(),
        region="us-east-1",
        on_progress=lambda sent, total: heard.append((sent, total)),
    )
    assert isinstance(got, Ok)
    assert got.value.endswith("/train.jsonl")
    assert stored(aws_env, got.value) == path.read_bytes()
    assert heard[0] == (0, 20_000) and heard[-1] == (20_000, 20_000)


def test_a_uri_naming_the_object_is_used_as_it_is(aws_env: SimServer, tmp_path: Path) -> None:
    path = data_file(tmp_path, 500)
    uri = folder() + "renamed.jsonl"
    assert upload_file(session_for(aws_env), path, uri, region="us-east-1") == Ok(uri)
    assert stored(aws_env, uri) == path.read_bytes()
    assert destination(path, f"s3://{DATA_BUCKET}") == f"s3://{DATA_BUCKET}/train.jsonl"


def test_a_file_over_8_mb_goes_in_parts_and_arrives_whole(
    aws_env: SimServer, tmp_path: Path
) -> None:
    path = data_file(tmp_path, 9 * MIB)
    heard: list[int] = []
    aws_env.calls.clear()
    got = upload_file(
        session_for(aws_env),
        path,
        folder(),
        region="us-east-1",
        on_progress=lambda sent, total: heard.append(sent),
    )
    assert isinstance(got, Ok)
    sent = operations(aws_env)
    assert sent.count("UploadPart") == 2
    assert {"HeadObject", "CreateMultipartUpload", "CompleteMultipartUpload"} <= set(sent)
    assert "PutObject" not in sent
    assert stored(aws_env, got.value) == path.read_bytes()
    assert heard == sorted(heard) and heard[-1] == 9 * MIB


def test_an_existing_object_is_replaced_only_when_asked(aws_env: SimServer, tmp_path: Path) -> None:
    session = session_for(aws_env)
    first = data_file(tmp_path, 300, "first.jsonl")
    uri = folder() + "train.jsonl"
    assert isinstance(upload_file(session, first, uri, region="us-east-1"), Ok)
    second = data_file(tmp_path, 700, "second.jsonl")
    aws_env.calls.clear()
    refused = upload_file(session, second, uri, region="us-east-1")
    assert isinstance(refused, AwsError) and refused.code == ObjectExists
    assert uri in refused.message and "300 bytes" in refused.message
    assert operations(aws_env) == ["HeadObject"]
    assert stored(aws_env, uri) == first.read_bytes()
    assert upload_file(session, second, uri, region="us-east-1", replace=True) == Ok(uri)
    assert stored(aws_env, uri) == second.read_bytes()


def test_read_only_mode_sends_nothing(aws_env: SimServer, tmp_path: Path) -> None:
    path = data_file(tmp_path, 300)
    session = session_for(aws_env, ReadOnly("--read-only"))
    aws_env.calls.clear()
    got = upload_file(session, path, folder(), region="us-east-1", replace=True)
    assert isinstance(got, AwsError) and got.code == "ReadOnly"
    assert "--read-only" in got.message and "PutObject" in got.message
    assert operations(aws_env) == []


def test_a_bucket_that_does_not_exist_is_aws_words(aws_env: SimServer, tmp_path: Path) -> None:
    path = data_file(tmp_path, 300)
    got = upload_file(session_for(aws_env), path, "s3://ftui-no-such-bucket/x/", region="us-east-1")
    assert isinstance(got, AwsError) and got.code == "NoSuchBucket"
    assert "bucket does not exist" in got.message


def test_a_refused_check_for_an_existing_object_stops_the_upload(
    aws_env: SimServer, tmp_path: Path
) -> None:
    path = data_file(tmp_path, 300)
    uri = folder()
    aws_env.calls.clear()
    with aws_env.fault("access-denied:HeadObject"):
        got = upload_file(session_for(aws_env), path, uri, region="us-east-1")
    assert isinstance(got, AwsError) and got.code == "AccessDenied"
    assert "could not tell whether" in got.message
    assert operations(aws_env) == ["HeadObject"]


def test_a_part_that_fails_fails_the_upload_and_leaves_no_object(
    aws_env: SimServer, tmp_path: Path
) -> None:
    path = data_file(tmp_path, 9 * MIB)
    uri = folder()
    with aws_env.fault("5xx:UploadPart"):
        got = upload_file(session_for(aws_env), path, uri, region="us-east-1")
    assert isinstance(got, AwsError) and got.code == "InternalError"
    assert "AbortMultipartUpload" in operations(aws_env)
    s3 = aws_env.account.client("s3", "us-east-1")
    bucket, _, prefix = uri.removeprefix("s3://").partition("/")
    assert s3.list_objects_v2(Bucket=bucket, Prefix=prefix)["KeyCount"] == 0


@pytest.mark.parametrize(
    ("uri", "code"),
    [("https://example.com/a/", "ParamValidation"), ("s3:///a/", "ParamValidation")],
)
def test_a_location_that_is_not_s3_is_refused_before_sending(
    aws_env: SimServer, tmp_path: Path, uri: str, code: str
) -> None:
    aws_env.calls.clear()
    got = upload_file(session_for(aws_env), data_file(tmp_path, 10), uri, region="us-east-1")
    assert isinstance(got, AwsError) and got.code == code
    assert operations(aws_env) == []


def test_a_file_that_cannot_be_read_is_said_so(aws_env: SimServer, tmp_path: Path) -> None:
    got = upload_file(
        session_for(aws_env), tmp_path / "missing.jsonl", folder(), region="us-east-1"
    )
    assert isinstance(got, AwsError) and got.code == "FileUnreadable"
    assert "missing.jsonl" in got.message


@pytest.mark.parametrize(
    ("name", "folder", "uri"),
    [
        (
            "support train (v2).jsonl",
            "s3://b-1/uploads/",
            "s3://b-1/uploads/support-train-(v2).jsonl",
        ),
        ("train.jsonl", "s3://b-1/uploads", "s3://b-1/uploads/train.jsonl"),  # a folder, not a key
        ("données #1.jsonl", "s3://b-1", "s3://b-1/donn-es-1.jsonl"),
        ("x.jsonl", "s3://b-1/data/renamed.jsonl", "s3://b-1/data/renamed.jsonl"),
    ],
)
def test_the_object_gets_a_name_a_job_can_read(name: str, folder: str, uri: str) -> None:
    """Bedrock reads only URIs of its S3Uri pattern: no spaces, no '#', ASCII."""
    assert destination(Path(name), folder) == uri


def test_a_folder_a_job_could_not_read_from_is_refused_before_sending(
    aws_env: SimServer, tmp_path: Path
) -> None:
    path = tmp_path / "train.jsonl"
    path.write_text('{"prompt": "a", "completion": "b"}\n')
    with pytest.raises(ValueError, match="no spaces"):
        destination(path, f"s3://{DATA_BUCKET}/my data/")
    aws_env.calls.clear()
    result = upload_file(
        session_for(aws_env), path, f"s3://{DATA_BUCKET}/my data/", region="us-east-1"
    )
    assert isinstance(result, AwsError) and result.code == "ParamValidation"
    assert aws_env.calls.entries() == [], "nothing sent"
