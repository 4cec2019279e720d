"""Check a JSON Lines data set against a base model's format and limits, streaming.

``check_lines`` takes the raw lines of a file; ``check_file`` and ``check_s3`` read them a chunk
at a time, so a file of any size is checked in constant memory (problems past
:data:`~ftui.core.dataset.report.MAX_LISTED` are only counted).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from json import JSONDecodeError
from pathlib import Path
from typing import Any, Protocol

from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.dataset import aws_words as words
from ftui.core.dataset.cache import ReportCache, ReportKey
from ftui.core.dataset.jsonl import json_kind, loads, not_json, not_utf8, unreadable
from ftui.core.dataset.reader import (
    CHUNK_BYTES,
    Cancelled,
    CheckCancelled,
    Oversized,
    file_lines,
    split_lines,
    stop_if,
)
from ftui.core.dataset.records import CHECKS
from ftui.core.dataset.report import CHARS_PER_TOKEN, DataProblem, DataReport, Severity
from ftui.core.dataset.rules import Rules, resolve, rules_for
from ftui.core.dataset.shared import Found
from ftui.core.s3_uris import split_object_uri

_BOM = b"\xef\xbb\xbf"
# A power of two, so "is it time to ask" is one mask on the line number.
CANCEL_POLL_LINES = 4096
_POLL_MASK = CANCEL_POLL_LINES - 1


def check_lines(
    lines: Iterable[bytes],
    *,
    source: str,
    model_id: str,
    customization_type: str,
    validation: bool = False,
    bucket: str | None = None,
    size: int | None = None,
    cancelled: Cancelled | None = None,
) -> DataReport:
    """Check raw lines (with or without their ``\\n``) for ``model_id``'s format and limits.

    Raises :class:`~ftui.core.dataset.rules.UnknownModel` (a ``ValueError``) when the catalog
    does not know the model, or the model takes no such customization; and
    :class:`CheckCancelled` as :func:`check_stream` does.
    """
    rules = rules_for(resolve(model_id), customization_type, validation=validation, bucket=bucket)
    return check_stream(lines, rules, source=source, size=size, cancelled=cancelled)


def check_file(
    path: Path,
    *,
    model_id: str,
    customization_type: str,
    validation: bool = False,
    cancelled: Cancelled | None = None,
) -> DataReport:
    """Check a local file; raises ``OSError`` when it cannot be read.

    Raises :class:`~ftui.core.dataset.rules.UnknownModel` as :func:`check_lines` does, and
    :class:`CheckCancelled` when ``cancelled()`` turns true (asked after each chunk read, and
    every few thousand lines).
    """
    with path.open("rb") as stream:
        size = _size(stream.fileno())
        return check_lines(
            file_lines(stream, cancelled),
            source=str(path),
            model_id=model_id,
            customization_type=customization_type,
            validation=validation,
            size=size,
            cancelled=cancelled,
        )


def check_s3(
    session: AwsSession,
    uri: str,
    *,
    region: str | None,
    model_id: str,
    customization_type: str,
    validation: bool = False,
    cancelled: Cancelled | None = None,
    cache: ReportCache | None = None,
    largest: int | None = None,
) -> Outcome[DataReport]:
    """Stream an S3 object through the checker; an AwsError when it cannot be read.

    With a ``cache``, a HeadObject first: a version of the object already checked the same way
    (its ETag) is answered from the cache, and a new report is kept there.

    Only the calls to S3 (the GetObject, each read of the body) go through the session: an
    exception of the checker itself is raised, never passed off as AWS failing. Raises
    :class:`~ftui.core.dataset.rules.UnknownModel` (a ``ValueError``) when the catalog does not
    know the model or the model takes no such customization, and ``ValueError`` when ``uri``
    names no object, both before S3 is called; :class:`CheckCancelled` when ``cancelled()``
    turns true (asked after each chunk read, and every few thousand lines), the body closed;
    :class:`TooLarge` when the object is longer than ``largest`` bytes and not in the cache
    (told by GetObject's length, before a byte of the body is read).
    """
    bucket, key = split_object_uri(uri)
    model = resolve(model_id)
    rules = rules_for(model, customization_type, validation=validation, bucket=bucket)

    def s3() -> Any:  # made inside each call: a missing AWS profile is that call's AwsError
        return session.client("s3", region)

    def key_of(etag: object) -> ReportKey | None:
        if cache is None or not etag:
            return None
        return ReportKey(uri, str(etag), model.id, customization_type, validation)

    if cache is not None:
        # A failed HEAD says less than GetObject will ("404"): that error is left to GetObject.
        head = session.call("HeadObject", lambda: s3().head_object(Bucket=bucket, Key=key))
        known = key_of(head.value.get("ETag")) if isinstance(head, Ok) else None
        kept = cache.get(known) if cache is not None and known is not None else None
        if kept is not None:
            return Ok(kept)
    opened = session.call("GetObject", lambda: _open(s3(), bucket, key))
    if isinstance(opened, AwsError):
        return opened
    body, size, etag = opened.value
    if largest is not None and size is not None and size > largest:
        body.close()
        raise TooLarge(size)
    try:
        chunks = _s3_chunks(session, body, cancelled)
        report = check_stream(
            split_lines(chunks), rules, source=uri, size=size, cancelled=cancelled
        )
    except _ReadFailed as failed:
        return failed.error
    finally:
        body.close()
    # The ETag of the version read, not of the HEAD's: the object may have changed between.
    checked = key_of(etag)
    if cache is not None and checked is not None:
        cache.put(checked, report)
    return Ok(report)


class TooLarge(Exception):
    """The object is longer than the caller will read for the check (its size in bytes)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


class _Body(Protocol):
    """botocore's StreamingBody, as far as it is used."""

    def read(self, amt: int) -> bytes: ...

    def close(self) -> None: ...


class _ReadFailed(Exception):
    """S3 failed in the middle of the body: the check stops there, and AWS's error is told."""

    def __init__(self, error: AwsError) -> None:
        super().__init__(error.message)
        self.error = error


def _open(s3: Any, bucket: str, key: str) -> tuple[_Body, int | None, str | None]:
    answer = s3.get_object(Bucket=bucket, Key=key)
    return answer["Body"], answer.get("ContentLength"), answer.get("ETag")


def _s3_chunks(session: AwsSession, body: _Body, cancelled: Cancelled | None) -> Iterator[bytes]:
    """The chunks of ``body``, each read through the session (see :func:`read_chunks`)."""
    while True:
        read = session.call("GetObject", lambda: body.read(CHUNK_BYTES))
        if isinstance(read, AwsError):
            raise _ReadFailed(read)
        if not read.value:
            return
        yield read.value
        stop_if(cancelled)


def check_stream(
    lines: Iterable[bytes],
    rules: Rules,
    *,
    source: str,
    size: int | None = None,
    cancelled: Cancelled | None = None,
) -> DataReport:
    """The report on ``lines`` under ``rules`` (the engine of every ``check_*``).

    Raises :class:`CheckCancelled` when ``cancelled()`` turns true; it is asked every
    :data:`CANCEL_POLL_LINES` lines, so a caller that gives up on a large file (the wizard, when
    the URI changes) stops the check without slowing it.
    """
    report = DataReport(source, rules.format_id)
    note = _Notes(report, rules)
    check = CHECKS.get(rules.format_id) if rules.format_id else None
    counted = chars = 0
    for number, line in enumerate(lines, 1):
        if not number & _POLL_MASK and cancelled is not None and cancelled():
            raise CheckCancelled
        counted += len(line) + 1
        if isinstance(line, Oversized):
            counted += line.length - len(line)  # only its head was kept
            note.line(
                number,
                "size",
                f"the line is {line.length:,} bytes long; no record can be: is the file JSON"
                " Lines, one record a line?",
            )
            continue
        if number == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]  # noqa: PLW2901 (the mark is noted, the record read)
            note.line(
                1,
                "encoding",
                "the file starts with a byte order mark (BOM); save it as UTF-8 without one",
                "warning",
            )
        try:
            # Decoding first is faster than json.loads(bytes), which sniffs the encoding.
            record = loads(line.decode())
        except UnicodeDecodeError as error:
            note.line(number, "encoding", not_utf8(line, error))
            continue
        except JSONDecodeError as error:
            note.line(number, "json", not_json(error))
            continue
        except (ValueError, RecursionError) as error:  # not the syntax: see jsonl.unreadable
            note.line(number, "json", unreadable(error))
            continue
        if type(record) is not dict:
            note.line(
                number,
                "json",
                f"the line is {json_kind(record)}; each line must be one JSON object",
            )
            continue
        report.records += 1
        if check is None:
            continue
        found: Found = []
        inputs, outputs = check(record, rules, found)
        chars += inputs + outputs
        for kind, message, severity in found:
            note.line(number, kind, message, severity)
        note.tokens(number, inputs, outputs)
    report.size = counted if size is None else size
    report.estimated_tokens = _estimate(chars)
    note.whole_file()
    return report


class _Notes:
    """Problems into the report, and, with the first error, the words AWS would fail it with."""

    def __init__(self, report: DataReport, rules: Rules) -> None:
        self.report = report
        self.rules = rules
        self.what = "validation" if rules.validation else "training"
        limits = (rules.max_tokens, rules.max_input_tokens, rules.max_output_tokens)
        self.token_limits = any(limit is not None for limit in limits)

    def line(
        self,
        line: int | None,
        kind: str,
        message: str,
        severity: Severity = "error",
        *,
        aws: str | None = None,
    ) -> None:
        report = self.report
        if severity == "error" and report.aws_failure is None:
            if aws is None:
                wrong = kind == "keys" and self.rules.format_id == "prompt-completion"
                aws = (words.wrong_keys if wrong else words.unparsable)(report.source)
            report.aws_failure = aws
        report.add(DataProblem(line, kind, message, severity))

    def tokens(self, number: int, inputs: int, outputs: int) -> None:
        rules = self.rules
        total = _estimate(inputs + outputs)
        self.report.largest_record_tokens = max(self.report.largest_record_tokens, total)
        if not self.token_limits:
            return
        for which, count, limit in (
            ("in", _estimate(inputs), rules.max_input_tokens),
            ("out", _estimate(outputs), rules.max_output_tokens),
            ("", total, rules.max_tokens),
        ):
            if limit is not None and count > limit:
                self.line(
                    number,
                    "tokens",
                    f"{_PARTS[which]} is about {count:,} tokens (an estimate,"
                    f" {CHARS_PER_TOKEN} characters a token); {rules.model_name} takes at most"
                    f" {limit:,}: shorten or split it",
                    aws=words.too_many_tokens(which, count, limit),
                )

    def whole_file(self) -> None:
        report, rules = self.report, self.rules
        n, name, what = report.records, rules.model_name, self.what
        if rules.validation and not rules.validation_allowed:
            self.line(
                None,
                "validation",
                f"{name} takes no validation set; leave it out",
                aws=words.no_validation(name),
            )
        if n == 0:
            if report.errors == 0:
                self.line(None, "records", "the file has no records")
        elif rules.min_records is not None and n < rules.min_records:
            self.line(
                None,
                "records",
                f"{n:,} records; {name} needs at least {rules.min_records:,} for {what}",
                aws=words.too_few_records(what, n, rules.min_records),
            )
        elif rules.max_records is not None and n > rules.max_records:
            self.line(
                None,
                "records",
                f"{n:,} records; {name} takes at most {rules.max_records:,} for {what}",
                aws=words.too_many_records(what, n, rules.max_records),
            )
        if rules.suggested_records is not None and 0 < n < rules.suggested_records:
            self.line(
                None,
                "records",
                f"only {n:,} prompts; AWS suggests at least {rules.suggested_records} to train"
                " on and as many to evaluate with",
                "warning",
            )
        if rules.max_bytes is not None and report.size > rules.max_bytes:
            self.line(
                None,
                "size",
                f"the file is {_bytes(report.size)}; {name} takes at most"
                f" {_bytes(rules.max_bytes)} of {what} data",
                aws=words.too_large(what, report.size, rules.max_bytes),
            )


_PARTS = {"in": "the prompt", "out": "the answer", "": "the record"}


def _estimate(chars: int) -> int:
    return -(-chars // CHARS_PER_TOKEN)


def _bytes(n: int) -> str:
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= size:
            return f"{n / size:,.1f} {unit}".replace(".0 ", " ")
    return f"{n:,} bytes"


def _size(fd: int) -> int | None:
    info = os.fstat(fd)
    return info.st_size if stat.S_ISREG(info.st_mode) else None
