"""The dataset checker reads any file as JSON Lines, in bounded memory, and reports it plainly."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from ftui.core.dataset import (
    MAX_LISTED,
    DataReport,
    UnknownModel,
    check_file,
    check_lines,
    default_type,
    resolve,
)
from ftui.core.dataset.reader import MAX_LINE_BYTES, Oversized, split_lines
from tests.core.test_dataset_formats import NOVA_MICRO, QA

GOOD = json.dumps(QA).encode()
UNPARSABLE = "Unable to parse Amazon S3 file: train.jsonl. Data files must conform to JSONL format."


def check(lines: list[bytes] | Iterator[bytes], model: str = NOVA_MICRO) -> DataReport:
    return check_lines(
        lines, source="train.jsonl", model_id=model, customization_type="FINE_TUNING"
    )


# --- JSON Lines --------------------------------------------------------------------------------


def test_each_line_that_is_not_one_json_object_is_named_with_its_line() -> None:
    lines = [GOOD] * 8 + [
        b"",
        GOOD + b' {"more": 1}',
        b'{"schemaVersion": "bedrock-conv',
        b'{"a": 1,}',
        b"[1, 2]",
        b"caf\xe9",
    ]
    report = check(lines)
    assert report.lines() == [
        "train.jsonl:9: blank line; JSON Lines files must not have empty lines: delete it",
        f"train.jsonl:10: more after the JSON object at column {len(GOOD) + 2}; each line holds"
        " one record: join or split the lines",
        "train.jsonl:11: not valid JSON at column 19: a string that starts here is not closed",
        "train.jsonl:12: not valid JSON at column 9: a key in double quotes is expected (a"
        " trailing comma?)",
        "train.jsonl:13: the line is a JSON array; each line must be one JSON object",
        "train.jsonl:14: byte 0xe9 at column 4 is not UTF-8; save the file as UTF-8",
    ]
    assert report.counts == {"json": 5, "encoding": 1}
    assert report.records == 8
    assert report.aws_failure == UNPARSABLE


def test_a_final_line_end_is_fine_and_windows_line_ends_too() -> None:
    data = b"\r\n".join([GOOD] * 8) + b"\r\n"
    assert check(split_lines([data])).passed


def test_a_byte_order_mark_is_a_warning_and_the_record_is_read() -> None:
    report = check([b"\xef\xbb\xbf" + GOOD] + [GOOD] * 7)
    assert report.passed
    assert report.records == 8
    assert report.lines() == [
        "train.jsonl:1: warning: the file starts with a byte order mark (BOM); save it as UTF-8"
        " without one"
    ]


def test_an_empty_file_has_no_records() -> None:
    report = check([])
    assert report.lines() == ["train.jsonl: the file has no records"]
    assert report.aws_failure == UNPARSABLE


def test_too_few_records_for_the_model() -> None:
    report = check([GOOD] * 7)
    assert report.lines() == ["train.jsonl: 7 records; Nova Micro needs at least 8 for training"]
    assert report.aws_failure == "The training data has 7 records; at least 8 are required."


# --- the report ----------------------------------------------------------------------------------


def test_the_summary_counts_records_tokens_and_problems_by_kind() -> None:
    report = check([GOOD] * 8 + [b"", b"[]", b"{}"])
    assert report.summary() == (
        "9 records, ~74 tokens (estimate: 6 characters a token); 3 problems: 2 json, 1 keys"
    )
    data = report.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["passed"] is False
    assert data["counts"] == {"json": 2, "keys": 1}
    assert data["problems"][0] == {  # type: ignore[index]
        "line": 9,
        "kind": "json",
        "severity": "error",
        "message": "blank line; JSON Lines files must not have empty lines: delete it",
    }


def bad_lines(count: int) -> Iterator[bytes]:
    for _ in range(count):
        yield b'{"prompt": "Summarize the meeting notes", "completion": "Moved to Friday."}'


def test_a_file_bad_on_every_line_lists_100_problems_and_counts_the_rest() -> None:
    report = check(bad_lines(20_000))
    assert len(report.problems) == MAX_LISTED
    assert report.counts == {"keys": 20_000}
    assert report.unlisted == 20_000 - MAX_LISTED
    assert report.summary().endswith("20,000 problems: 20,000 keys; the first 100 listed")


def test_memory_stays_flat_however_many_bad_lines() -> None:
    def peak(count: int) -> int:
        tracemalloc.start()
        check(bad_lines(count))
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(2_000), peak(40_000)
    assert large < small * 1.5 + 100_000


# --- reading -------------------------------------------------------------------------------------


def test_lines_split_across_chunks_come_out_whole() -> None:
    data = b"\n".join(b"line %d " % i * (i % 7) for i in range(500)) + b"\n"
    chunks = [data[i : i + 37] for i in range(0, len(data), 37)]
    assert list(split_lines(chunks)) == data.split(b"\n")[:-1]


def test_a_file_without_line_ends_is_measured_not_held() -> None:
    chunk = b"x" * (1 << 20)
    chunks = [chunk] * (MAX_LINE_BYTES // len(chunk) + 2)
    (line,) = list(split_lines(chunks))
    assert isinstance(line, Oversized)
    assert line.length == len(chunk) * len(chunks)
    report = check(iter([line]))
    assert report.lines()[0] == (
        f"train.jsonl:1: the line is {line.length:,} bytes long; no record can be: is the file"
        " JSON Lines, one record a line?"
    )


def test_check_file_streams_a_local_file_and_knows_its_size(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b"\n".join([GOOD] * 10) + b"\n")
    report = check_file(path, model_id=NOVA_MICRO, customization_type="FINE_TUNING")
    assert (report.passed, report.records, report.size) == (True, 10, path.stat().st_size)
    assert report.source == str(path)
    with pytest.raises(OSError):
        check_file(
            tmp_path / "missing.jsonl", model_id=NOVA_MICRO, customization_type="FINE_TUNING"
        )


# --- the model ----------------------------------------------------------------------------------


def test_models_are_found_by_id_or_arn_and_an_unknown_one_says_so() -> None:
    assert resolve(
        "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k"
    ).id == (NOVA_MICRO)
    with pytest.raises(UnknownModel, match=r"ftui does not know the model 'acme\.gpt-9'"):
        resolve("acme.gpt-9")
    with pytest.raises(UnknownModel, match="Nova Micro cannot be customized by"):
        check_lines(
            [], source="x", model_id=NOVA_MICRO, customization_type="CONTINUED_PRE_TRAINING"
        )


def test_the_default_kind_is_fine_tuning_else_the_models_own() -> None:
    assert default_type(resolve(NOVA_MICRO)) == "FINE_TUNING"
    assert default_type(resolve("openai.gpt-oss-20b")) == "REINFORCEMENT_FINE_TUNING"
