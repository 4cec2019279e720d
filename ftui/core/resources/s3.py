"""S3 for pickers: buckets with their regions, and one folder level of a bucket.

S3 has no folders: a "folder" is the common prefix of keys up to a ``/``, which ListObjectsV2
returns as CommonPrefixes when asked with ``Delimiter="/"``. A picker goes down a bucket one
such level at a time.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ftui.core.aws.errors import Ok, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources.pages import (
    DETAIL_WORKERS,
    Page,
    as_utc,
    day_text,
    minute_text,
    size_text,
)

BUCKETS = "s3-buckets"
FOLDER = "s3-folder"
DELIMITER = "/"
MAX_KEYS = 1000  # S3's most per ListObjectsV2 page
# GetBucketLocation's answers that are not region names (S3's oldest regions).
_LEGACY_LOCATIONS = {"": "us-east-1", "EU": "eu-west-1"}


@dataclass(frozen=True)
class Bucket:
    name: str
    region: str | None  # None: its location could not be read (no s3:GetBucketLocation)
    created: datetime | None = None

    @property
    def value(self) -> str:
        return f"s3://{self.name}/"

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.name, self.region or "region unknown", day_text(self.created))


@dataclass(frozen=True)
class S3Entry:
    """A folder (common prefix) or an object, one level below ``prefix`` in ``bucket``."""

    bucket: str
    key: str  # the whole key; a folder's ends in "/"
    folder: bool
    size: int | None = None
    modified: datetime | None = None
    prefix: str = ""  # the level it was listed at

    @property
    def name(self) -> str:
        """The key below the level it was listed at: ``train.jsonl``, ``support/``."""
        return self.key.removeprefix(self.prefix)

    @property
    def value(self) -> str:
        return f"s3://{self.bucket}/{self.key}"

    @property
    def cells(self) -> tuple[str, ...]:
        if self.folder:
            return (self.name, "folder", "")
        return (self.name, size_text(self.size), minute_text(self.modified))


def region_of_location(constraint: object) -> str:
    """The region of a bucket from GetBucketLocation's LocationConstraint (None in us-east-1)."""
    text = str(constraint or "")
    return _LEGACY_LOCATIONS.get(text, text)


def list_buckets(
    session: AwsSession,
    region: str,
    *,
    prefix: str = "",
    token: str | None = None,
    page_size: int = 100,
) -> Outcome[Page[Bucket]]:
    """A page of the buckets (whose names start with ``prefix``), each with its region.

    ListBuckets answers every bucket at once (its own paging is not in every S3 there is), so
    the page is cut here and the token is the index of the next bucket: only the buckets shown
    cost a GetBucketLocation, asked for several at once. A region ListBuckets already gives
    (BucketRegion, in newer S3) costs none.
    """
    client = session.client("s3", region)
    start = int(token) if token and token.isdigit() else 0

    def run() -> Page[Bucket]:
        params: dict[str, Any] = {"Prefix": prefix} if prefix else {}
        listed = client.list_buckets(**params).get("Buckets", [])
        # Some S3s ignore Prefix; asking for it only saves bytes.
        named = [b for b in listed if str(b.get("Name", "")).startswith(prefix)]
        chosen = named[start : start + page_size]
        with ThreadPoolExecutor(max_workers=DETAIL_WORKERS) as pool:
            regions = list(pool.map(lambda b: _bucket_region(session, client, b), chosen))
        buckets = [
            Bucket(str(b["Name"]), found, as_utc(b.get("CreationDate")))
            for b, found in zip(chosen, regions, strict=True)
        ]
        following = start + page_size
        return Page(buckets, str(following) if following < len(named) else None)

    return session.call("ListBuckets", run)


def _bucket_region(session: AwsSession, client: Any, listed: dict[str, Any]) -> str | None:
    if listed.get("BucketRegion"):
        return str(listed["BucketRegion"])
    name = str(listed["Name"])
    got = session.call(
        "GetBucketLocation",
        lambda: client.get_bucket_location(Bucket=name).get("LocationConstraint"),
    )
    return region_of_location(got.value) if isinstance(got, Ok) else None


def list_folder(
    session: AwsSession,
    region: str,
    bucket: str,
    prefix: str = "",
    *,
    token: str | None = None,
    page_size: int = 100,
) -> Outcome[Page[S3Entry]]:
    """One page of the level ``prefix`` of ``bucket``: its folders, then its objects.

    ``prefix`` is a folder (``support/``) or a folder and the start of names in it
    (``support/tr``): S3 then lists only what starts with it. ``region`` is the bucket's, where
    known (S3 answers a client of another region with a redirect, which costs a round trip).
    """
    client = session.client("s3", region)
    level = prefix[: prefix.rfind(DELIMITER) + 1]
    params: dict[str, Any] = {
        "Bucket": bucket,
        "Prefix": prefix,
        "Delimiter": DELIMITER,
        "MaxKeys": max(1, min(page_size, MAX_KEYS)),
    }
    if token:
        params["ContinuationToken"] = token

    def run() -> Page[S3Entry]:
        answer = client.list_objects_v2(**params)
        folders = [
            S3Entry(bucket, str(p["Prefix"]), folder=True, prefix=level)
            for p in answer.get("CommonPrefixes", [])
        ]
        objects = [
            S3Entry(
                bucket,
                str(o["Key"]),
                folder=False,
                size=int(o.get("Size", 0)),
                modified=as_utc(o.get("LastModified")),
                prefix=level,
            )
            for o in answer.get("Contents", [])
            if o["Key"] != level  # the empty object a console's "Create folder" leaves
        ]
        following = answer.get("NextContinuationToken") if answer.get("IsTruncated") else None
        return Page([*folders, *objects], str(following) if following else None)

    return session.call("ListObjectsV2", run)
