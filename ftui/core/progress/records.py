"""How many records a training file holds: counted by the dataset checker, or estimated.

The checker's count is exact but reads the whole file. Without it, the first megabyte is read
(one ranged GET): a file that fits is counted, a larger one is estimated from its size and the
mean length of the lines read.
"""

from __future__ import annotations

from dataclasses import dataclass

from ftui.core.aws.errors import Ok, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.s3_head import read_head


@dataclass(frozen=True)
class RecordCount:
    count: int
    exact: bool
    source: str  # "checked", "counted", "estimated from the first MB"
    etag: str = ""  # the version of the file counted

    @property
    def text(self) -> str:
        return f"{self.count:,} records" if self.exact else f"~{self.count:,} records"


def count_sample(data: bytes, size: int) -> RecordCount:
    """The records of a file of ``size`` bytes whose first bytes are ``data``."""
    if len(data) >= size:
        count = sum(1 for line in data.splitlines() if line.strip())
        return RecordCount(count, exact=True, source="counted")
    whole = data[: data.rfind(b"\n") + 1]
    lines = [line for line in whole.splitlines() if line.strip()]
    if not lines:
        return RecordCount(0, exact=False, source="estimated from the first MB")
    mean = len(whole) / len(lines)
    return RecordCount(round(size / mean), exact=False, source="estimated from the first MB")


def sample_records(session: AwsSession, region: str | None, uri: str) -> Outcome[RecordCount]:
    """Count or estimate the records of the JSON Lines object at ``uri`` from its first MB."""
    head = read_head(session, region, uri)
    if not isinstance(head, Ok):
        return head
    found = count_sample(head.value.data, head.value.size)
    return Ok(RecordCount(found.count, found.exact, found.source, head.value.etag))
