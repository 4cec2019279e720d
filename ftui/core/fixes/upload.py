"""Upload a local data file to S3 with boto3's managed transfer (multipart for big files).

An object already at the destination is never replaced unasked: HeadObject first, and the
caller asks the user before calling again with ``replace=True``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Final, get_args

from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.constraints import Pattern
from ftui.core.request import S3Uri
from ftui.core.s3_uris import split_s3_uri

# The code of the AwsError for an object that is already there (the caller asks to replace it).
ObjectExists: Final = "ObjectExists"
# HeadObject has no body, so a missing object is only its status.
_MISSING: Final = frozenset({"404", "NoSuchKey", "NotFound"})
_FORBIDDEN: Final = frozenset({"403", "AccessDenied", "Forbidden"})

Progress = Callable[[int, int], None]
# A job reads its data only from URIs of this pattern (botocore's S3Uri, in the request model).
_S3_URI_PATTERN: Final = next(m for m in get_args(S3Uri)[1:] if isinstance(m, Pattern))
_REFUSED: Final = re.compile(r"[^-!_*'().a-zA-Z0-9]")


def usable_name(name: str) -> str:
    """``name`` with what Bedrock's S3 URIs refuse (spaces, accents, ``#`` …) made ``-``:
    ``support train (v2).jsonl`` → ``support-train-(v2).jsonl``."""
    return re.sub(r"-{2,}", "-", _REFUSED.sub("-", name)).strip("-") or "data.jsonl"


def destination(path: Path, uri: str) -> str:
    """The object's URI: ``uri`` itself when it names a ``.jsonl`` file, else the file's name
    (made usable) below it, as a folder (``s3://b/uploads`` is the folder ``uploads/``).

    ValueError, with what to do, for anything a job could not read from: not an s3:// URI, or
    a URI that breaks Bedrock's pattern for S3 URIs (checked before a byte is sent).
    """
    bucket, key = split_s3_uri(uri)
    if not key.lower().endswith(".jsonl"):
        key = (key.rstrip("/") + "/" if key.strip("/") else "") + usable_name(path.name)
    target = f"s3://{bucket}/{key}"
    pattern = _S3_URI_PATTERN
    if not pattern.matches(target):
        raise ValueError(f"{target} {pattern.hint}")
    return target


def upload_file(
    session: AwsSession,
    path: Path,
    uri: str,
    *,
    region: str | None,
    on_progress: Progress | None = None,
    replace: bool = False,
) -> Outcome[str]:
    """Upload ``path`` to ``uri`` (see :func:`destination`); the object's s3:// URI.

    ``on_progress(sent, total)`` hears bytes sent, from the transfer's threads. An existing
    object is an AwsError with code :data:`ObjectExists` unless ``replace``.
    """
    refused = session.refusal("PutObject")
    if refused is not None:
        return refused
    try:
        target = destination(path, uri)
    except ValueError as error:
        return AwsError("ParamValidation", str(error), "PutObject")
    bucket, key = split_s3_uri(target)
    try:
        size = path.stat().st_size
        source = path.open("rb")
    except OSError as error:
        return AwsError("FileUnreadable", f"cannot read {path}: {error.strerror}", "PutObject")
    with source:
        if not replace:
            existing = _existing(session, bucket, key, region)
            if existing is not None:
                return existing
        if on_progress is not None:
            on_progress(0, size)
        callback = _ProgressTotal(size, on_progress)
        client = session.client("s3", region)
        sent = session.call(
            "PutObject",
            lambda: client.upload_fileobj(source, bucket, key, Callback=callback),
        )
    if isinstance(sent, AwsError):
        return sent
    return Ok(target)


def _existing(session: AwsSession, bucket: str, key: str, region: str | None) -> AwsError | None:
    """The refusal for an object already at ``key``, the error that stops looking, or None."""
    client = session.client("s3", region)
    head = session.call("HeadObject", lambda: client.head_object(Bucket=bucket, Key=key))
    if isinstance(head, AwsError):
        if head.code in _MISSING:
            return None
        if head.code in _FORBIDDEN:
            return AwsError(
                "AccessDenied",
                f"could not tell whether s3://{bucket}/{key} already exists: access denied"
                " (HeadObject needs s3:GetObject on it, and s3:ListBucket to tell a missing"
                " object)",
                "HeadObject",
                status=head.status,
                request_id=head.request_id,
            )
        return head
    size = head.value.get("ContentLength")
    modified = head.value.get("LastModified")
    when = f", last changed {modified:%Y-%m-%d %H:%M} UTC" if modified is not None else ""
    return AwsError(
        ObjectExists,
        f"s3://{bucket}/{key} already exists ({size} bytes{when}); replace it, or upload"
        " under another name",
        "PutObject",
    )


class _ProgressTotal:
    """boto3 reports each chunk's bytes, from several threads; the caller hears the sum."""

    def __init__(self, total: int, listener: Progress | None) -> None:
        self.total = total
        self.sent = 0
        self.listener = listener
        self._lock = threading.Lock()

    def __call__(self, chunk: int) -> None:
        with self._lock:
            self.sent += chunk
            sent = self.sent
        if self.listener is not None:
            self.listener(sent, self.total)
