"""Files that break JSON readers: each is a problem on its line, never a crash of the checker."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.dataset import (
    CheckCancelled,
    DataReport,
    check_file,
    check_lines,
    check_s3,
    check_stream,
    resolve,
    rules_for,
)
from ftui.core.dataset import check as check_module
from ftui.core.dataset.reader import CHUNK_BYTES, MAX_LINE_BYTES, split_lines
from tests.core.test_dataset import GOOD, UNPARSABLE, check
from tests.core.test_dataset_formats import NOVA_2
from tests.core.test_dataset_other_formats import RFT, prompt

NOVA_LITE = "amazon.nova-lite-v1:0:300k"
# The same conversation as GOOD, with one more key holding a number of 5,000 digits.
HUGE_NUMBER = GOOD[:-1] + b', "n": ' + b"1" * 5000 + b"}"
DEEP = b"[" * 100_000 + b"]" * 100_000


def test_a_number_of_thousands_of_digits_is_a_json_problem_on_its_line() -> None:
    report = check([GOOD] * 8 + [HUGE_NUMBER])
    assert report.lines() == [
        "train.jsonl:9: not valid JSON: a number of more than 4,300 digits, more than JSON"
        " readers take; write it as text, in quotes"
    ]
    assert report.counts == {"json": 1}
    assert report.aws_failure == UNPARSABLE


def test_lists_nested_too_deep_are_a_json_problem_on_their_line() -> None:
    report = check([GOOD] * 8 + [DEEP, b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}"])
    deep = "not valid JSON: nested too deep (lists or objects about 1,000 levels inside each other)"
    assert report.lines() == [f"train.jsonl:9: {deep}", f"train.jsonl:10: {deep}"]
    assert report.records == 8


# --- S3 -----------------------------------------------------------------------------------------


def put(world: Any, key: str, body: bytes) -> str:
    s3 = boto3.client(
        "s3",
        endpoint_url=world.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    s3.put_object(Bucket="ftui-demo-data", Key=key, Body=body)
    return f"s3://ftui-demo-data/{key}"


def check_object(world: Any, uri: str) -> Any:
    session = AwsSession(AwsTarget(region="us-east-1", endpoint_url=world.endpoint_url))
    return check_s3(
        session, uri, region="us-east-1", model_id=NOVA_LITE, customization_type="FINE_TUNING"
    )


def test_an_s3_object_with_a_huge_number_is_checked_not_an_aws_failure(aws_env: Any) -> None:
    uri = put(aws_env, "hostile/huge-number.jsonl", b"\n".join([GOOD] * 8 + [HUGE_NUMBER]))
    found = check_object(aws_env, uri)
    assert isinstance(found, Ok)
    assert found.value.counts == {"json": 1}
    assert found.value.lines()[0].startswith(f"{uri}:9: not valid JSON: a number of more than")


def test_a_bug_in_the_checker_is_raised_never_reported_as_aws_failing(
    aws_env: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> DataReport:
        raise RuntimeError("a bug in the checker")

    monkeypatch.setattr("ftui.core.dataset.check.check_stream", broken)
    with pytest.raises(RuntimeError, match="a bug in the checker"):
        check_object(aws_env, "s3://ftui-demo-data/support/train.jsonl")


def test_s3_failing_in_the_middle_of_the_body_is_an_aws_error(
    aws_env: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.exceptions import ReadTimeoutError

    class Body:
        closed = False

        def __init__(self) -> None:
            self.chunks = [b"\n".join([GOOD] * 5) + b"\n"]

        def read(self, amt: int) -> bytes:
            if self.chunks:
                return self.chunks.pop()
            raise ReadTimeoutError(endpoint_url="https://s3.amazonaws.com")

        def close(self) -> None:
            self.closed = True

    body = Body()
    monkeypatch.setattr("ftui.core.dataset.check._open", lambda *args: (body, None, None))
    found = check_object(aws_env, "s3://ftui-demo-data/support/train.jsonl")
    assert isinstance(found, AwsError)
    assert (found.code, found.operation) == ("Timeout", "GetObject")
    assert body.closed


def test_nan_and_infinity_are_not_json_though_python_writes_them() -> None:
    lines = [
        json.dumps({**prompt(n), "reference_answer": {"answer": value}}).encode()
        for n, value in enumerate([1.5, math.nan, math.inf, -math.inf])
    ]
    assert b"NaN" in lines[1]  # json.dumps writes it for a float that is not a number
    report = check_lines(lines * 30, source="rft.jsonl", model_id=NOVA_2, customization_type=RFT)
    assert report.lines()[:3] == [
        "rft.jsonl:2: NaN is not JSON: write null or a number",
        "rft.jsonl:3: Infinity is not JSON: write null or a number",
        "rft.jsonl:4: -Infinity is not JSON: write null or a number",
    ]
    assert (report.errors, report.counts["json"], report.records) == (90, 90, 30)
    assert (
        report.aws_failure
        == "Unable to parse Amazon S3 file: rft.jsonl. Data files must conform to JSONL format."
    )


def test_an_oversized_line_counts_its_full_length_in_a_stream_of_unknown_size() -> None:
    chunk = b"x" * CHUNK_BYTES
    chunks = [GOOD + b"\n", *[chunk] * (MAX_LINE_BYTES // CHUNK_BYTES + 2), b"\n" + GOOD + b"\n"]
    report = check(split_lines(chunks))
    assert report.counts == {"size": 1, "records": 1}
    assert report.size == sum(map(len, chunks))


# --- cancelling a check -------------------------------------------------------------------------


def test_a_cancelled_check_stops_within_a_few_thousand_lines() -> None:
    pulled = 0

    def lines() -> Iterator[bytes]:
        nonlocal pulled
        for _ in range(100_000):
            pulled += 1
            yield GOOD

    rules = rules_for(resolve(NOVA_LITE), "FINE_TUNING")
    with pytest.raises(CheckCancelled):
        check_stream(lines(), rules, source="train.jsonl", cancelled=lambda: pulled >= 3000)
    assert 3000 <= pulled < 3000 + 5000
    calls = 0

    def never() -> bool:
        nonlocal calls
        calls += 1
        return False

    report = check_stream(lines(), rules, source="train.jsonl", cancelled=never)
    assert report.records == 100_000
    assert 10 <= calls <= 100  # every few thousand lines, not every line


def test_a_cancelled_file_check_stops_even_in_a_file_without_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "one-line.jsonl"
    path.write_bytes(b"x" * (8 * CHUNK_BYTES))
    calls = 0

    def after_two_chunks() -> bool:
        nonlocal calls
        calls += 1
        return calls >= 2

    with pytest.raises(CheckCancelled):
        check_file(
            path, model_id=NOVA_LITE, customization_type="FINE_TUNING", cancelled=after_two_chunks
        )
    assert calls == 2


def test_a_cancelled_s3_check_stops_and_closes_the_body(
    aws_env: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = AwsSession(AwsTarget(region="us-east-1", endpoint_url=aws_env.endpoint_url))
    uri = "s3://ftui-demo-data/support/train-large.jsonl"
    closed: list[bool] = []
    real_open = check_module._open

    class Body:
        def __init__(self, body: Any) -> None:
            self.body = body

        def read(self, amt: int) -> bytes:
            chunk: bytes = self.body.read(amt)
            return chunk

        def close(self) -> None:
            closed.append(True)
            self.body.close()

    def spied(*args: Any) -> tuple[Body, int | None, str | None]:
        body, size, etag = real_open(*args)
        return Body(body), size, etag

    monkeypatch.setattr(check_module, "_open", spied)
    with pytest.raises(CheckCancelled):
        check_s3(
            session,
            uri,
            region="us-east-1",
            model_id=NOVA_LITE,
            customization_type="FINE_TUNING",
            cancelled=lambda: True,
        )
    assert closed == [True]
    found = check_s3(
        session,
        uri,
        region="us-east-1",
        model_id=NOVA_LITE,
        customization_type="FINE_TUNING",
        cancelled=lambda: False,
    )
    assert isinstance(found, Ok) and found.value.records == 6000  # the demo's large set
