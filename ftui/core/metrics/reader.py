"""Reading a job's metrics files again and again, fetching only the bytes added since.

Each read asks S3 for the object from the last whole line already read, on condition it
changed (``If-None-Match``): an unchanged file costs a 304 and no body, a grown one only its new
rows. The last line read is asked for again and must come back the same; if it does not, the
file was rewritten rather than appended to, and it is read again from the start. A file longer
than a chunk is read a chunk at a time, each on condition the object is still the one begun
(``If-Match``), so a file of millions of rows never sits in memory as one body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.metrics.files import MetricsFiles
from ftui.core.metrics.rows import Columns, HeaderError, Series, add_line

CHUNK = 4 * 1024 * 1024
NOT_MODIFIED = frozenset({"304", "NotModified"})
MISSING = frozenset({"NoSuchKey", "404", "NotFound"})
# Without s3:ListBucket, S3 answers a key that does not exist with AccessDenied, not 404: for a
# file not found yet, that may only mean "not written yet".
MAYBE_MISSING = frozenset({"AccessDenied", "403", "Forbidden"})
REWRITTEN = frozenset({"InvalidRange", "412", "PreconditionFailed"})


@dataclass
class FileState:
    """What is known of one metrics file between reads."""

    key: str
    found: bool = False
    etag: str | None = None
    consumed: int = 0  # bytes up to and including the last whole line read
    overlap: bytes = b""  # that last line, asked for again to prove the file only grew
    columns: Columns | None = None
    series: Series = field(default_factory=Series)
    partial: bytes = b""  # after the last whole line: a row being written, or one never ended
    denied: bool = False  # not found, or not permitted: S3 did not say which
    reads: int = 0  # GetObject calls made, for tests and the benchmark

    def reset(self) -> None:
        self.etag, self.consumed, self.overlap, self.columns = None, 0, b"", None
        self.partial = b""
        self.series = Series()


@dataclass(frozen=True)
class JobMetrics:
    """Both files as read so far; a file not written yet is an empty series."""

    training: Series
    validation: Series
    training_found: bool
    validation_found: bool
    denied: bool = False  # S3 said AccessDenied for a file not found yet (see MAYBE_MISSING)
    validation_problem: str | None = None  # the validation file could not be read: why

    @property
    def any(self) -> bool:
        return bool(len(self.training) or len(self.validation))

    def copy(self) -> JobMetrics:
        return JobMetrics(
            self.training.copy(),
            self.validation.copy(),
            self.training_found,
            self.validation_found,
            self.denied,
            self.validation_problem,
        )


class MetricsReader:
    """Reads one job's two metrics files; call :meth:`read` at every poll."""

    def __init__(self, session: AwsSession, region: str | None, files: MetricsFiles) -> None:
        self.session = session
        self.region = region
        self.files = files
        self.training = FileState(files.training_key)
        self.validation = FileState(files.validation_key)
        self.validation_problem: str | None = None

    @property
    def metrics(self) -> JobMetrics:
        return JobMetrics(
            self.training.series,
            self.validation.series,
            self.training.found,
            self.validation.found,
            self.training.denied or self.validation.denied,
            self.validation_problem,
        )

    @property
    def reads(self) -> int:
        return self.training.reads + self.validation.reads

    def read(self, *, final: bool = False) -> Outcome[JobMetrics]:
        """Fetch what is new; an AwsError if the training file could not be read (the rows
        read stay). The validation file's failure is said in ``validation_problem`` and does
        not hide the training rows. ``final``: the job has ended, so a last line without its
        newline is a row, not one still being written."""
        outcome = self._read_file(self.training, final)
        if isinstance(outcome, AwsError):
            return outcome
        if self.files.validates:
            checked = self._read_file(self.validation, final)
            self.validation_problem = (
                f"{checked.code}: {checked.message}" if isinstance(checked, AwsError) else None
            )
        return Ok(self.metrics)

    def _read_file(self, state: FileState, final: bool) -> Outcome[None]:
        outcome = self._fetch_file(state)
        if final and state.partial.strip() and state.columns is not None:
            add_line(state.series, state.partial.decode("utf-8", errors="replace"), state.columns)
            state.consumed += len(state.partial)
            state.overlap, state.partial = state.partial, b""
        return outcome

    def _fetch_file(self, state: FileState) -> Outcome[None]:
        restarted = False
        condition = "IfNoneMatch"  # the first request of a read: only if the file changed
        while True:
            start = state.consumed - len(state.overlap)
            got = self._get(state, start, condition)
            if isinstance(got, AwsError):
                if got.code in NOT_MODIFIED:
                    return Ok(None)
                if got.code in MISSING or (got.code in MAYBE_MISSING and not state.found):
                    if state.found:
                        state.reset()  # deleted: what it said is no longer the job's
                    state.found = False
                    state.denied = got.code in MAYBE_MISSING
                    return Ok(None)
                if got.code in REWRITTEN and state.consumed and not restarted:
                    state.reset()  # shorter than what was read, or changed mid-read
                    restarted, condition = True, "IfNoneMatch"
                    continue
                if got.code == "InvalidRange":
                    state.found = True
                    return Ok(None)  # an empty object: no byte to ask for
                return got
            etag, data, ranged = got.value
            state.found, state.denied = True, False
            if state.consumed and ((start and not ranged) or not data.startswith(state.overlap)):
                if restarted:
                    return Ok(None)  # rewritten again while read: the next poll tries
                state.reset()
                restarted, condition = True, "IfNoneMatch"
                continue
            try:
                more = self._take(state, data, etag)
            except HeaderError as error:
                state.reset()
                return AwsError(
                    "UnreadableMetrics",
                    f"s3://{self.files.bucket}/{state.key} is not a metrics file: {error}",
                    "GetObject",
                )
            if not more:
                return Ok(None)
            condition = "IfMatch"  # the rest of the same object, or start again

    def _get(
        self, state: FileState, start: int, condition: str
    ) -> Outcome[tuple[str, bytes, bool]]:
        client = self.session.client("s3", self.region)
        kwargs: dict[str, Any] = {
            "Bucket": self.files.bucket,
            "Key": state.key,
            "Range": f"bytes={start}-{start + CHUNK - 1}",
        }
        if state.etag is not None:
            kwargs[condition] = state.etag

        def fetch() -> tuple[str, bytes, bool]:
            response = client.get_object(**kwargs)
            body = response["Body"]
            try:
                data: bytes = body.read()
            finally:
                body.close()
            return str(response.get("ETag") or ""), data, "ContentRange" in response

        state.reads += 1
        return self.session.call("GetObject", fetch)

    def _take(self, state: FileState, data: bytes, etag: str) -> bool:
        """Add the whole lines of ``data``; True if the file may go on past this chunk."""
        state.etag = etag
        new = data[len(state.overlap) :] if state.consumed else data
        end = new.rfind(b"\n")
        more = len(data) >= CHUNK
        if not more:
            state.partial = new[end + 1 :]
        if end < 0:
            return False  # no new whole line (or one longer than a chunk: never a metrics row)
        lines = new[: end + 1].decode("utf-8", errors="replace").splitlines()
        if state.columns is None:
            state.columns = Columns.of(lines[0])
            lines = lines[1:]
        for line in lines:
            if line.strip():
                add_line(state.series, line, state.columns)
        state.consumed += end + 1
        whole = new[: end + 1]
        state.overlap = whole[whole.rfind(b"\n", 0, end) + 1 :]
        return more
