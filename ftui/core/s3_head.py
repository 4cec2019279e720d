"""The first megabyte of an S3 object, in one ranged GET, with the object's whole size: enough
to count or estimate a data set's records, or to take examples from it, whatever its size."""

from __future__ import annotations

from dataclasses import dataclass

from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.s3_uris import split_object_uri

SAMPLE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Head:
    data: bytes
    size: int  # the whole object's
    etag: str

    @property
    def whole(self) -> bool:
        return len(self.data) >= self.size


def read_head(
    session: AwsSession, region: str | None, uri: str, limit: int = SAMPLE_BYTES
) -> Outcome[Head]:
    bucket, key = split_object_uri(uri)
    client = session.client("s3", region)

    def fetch() -> Head:
        response = client.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{limit - 1}")
        body = response["Body"]
        try:
            data: bytes = body.read()
        finally:
            body.close()
        # "bytes 0-1048575/73400320": the size after the slash; no range: the whole object.
        total = str(response.get("ContentRange") or "").rpartition("/")[2]
        size = int(total) if total.isdigit() else len(data)
        return Head(data, size, str(response.get("ETag") or ""))

    return session.call("GetObject", fetch)
