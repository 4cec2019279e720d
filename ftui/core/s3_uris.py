"""``s3://`` URIs taken apart: one reading for the checker, the checks, the fixes and the role."""

from __future__ import annotations


def split_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/some/key`` → ``("bucket", "some/key")``; the key may be empty.

    Raises ValueError for anything that is not an s3:// URI with a bucket.
    """
    scheme, separator, rest = uri.partition("://")
    bucket, _, key = rest.partition("/")
    if scheme != "s3" or not separator or not bucket:
        raise ValueError(f"not an s3:// URI: {uri!r}")
    return bucket, key


def split_object_uri(uri: str) -> tuple[str, str]:
    """The bucket and key of a URI that names one object (not a bucket, not a folder)."""
    try:
        bucket, key = split_s3_uri(uri)
    except ValueError:
        bucket, key = "", ""
    if not key or key.endswith("/"):
        raise ValueError(f"{uri!r} names no S3 object; write s3://bucket/path/file.jsonl")
    return bucket, key
