"""Pages of an AWS listing as a picker shows them, and the cache that keeps them for a session.

A listing answers one page at a time: its items and the token of the next page (``None`` at
the end). Pages are cached by (listing, region, parent, token) for the whole session, so a
picker opened again shows at once and costs no call; a refresh drops a listing's pages. Failed
calls are never cached: the next try asks AWS again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, NamedTuple, Protocol, TypeVar, cast

from ftui.core.aws.errors import Ok, Outcome
from ftui.core.aws.session import AwsSession

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 100
# Pages kept at most: browsing a big bucket folder by folder must not grow without end.
CACHE_LIMIT = 2000
# Calls made at once for per-item details (a bucket's region, a key's state).
DETAIL_WORKERS = 8


class Choice(Protocol):
    """An item of a listing: what goes into the field, and the cells a picker shows."""

    @property
    def value(self) -> str: ...

    @property
    def cells(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_token: str | None = None


class PageKey(NamedTuple):
    listing: str  # e.g. "s3-folder"; the modules' LISTING constants
    region: str  # "" for a global service (IAM)
    parent: str  # what the listing is of: a bucket and prefix, a VPC, a student model; or ""
    token: str | None  # None: the first page


class ResourceCache:
    """Listing pages of one AWS session, shared by the UI's worker threads."""

    def __init__(
        self, session: AwsSession, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int = CACHE_LIMIT
    ) -> None:
        self.session = session
        self.page_size = page_size
        self.limit = limit
        self._pages: dict[PageKey, Page[Any]] = {}
        self._lock = threading.Lock()

    def page(self, key: PageKey, fetch: Callable[[], Outcome[Page[T]]]) -> Outcome[Page[T]]:
        """The cached page at ``key``, else what ``fetch`` answers (kept if it is a page)."""
        with self._lock:
            kept = self._pages.get(key)
        if kept is not None:
            return Ok(cast("Page[T]", kept))
        got = fetch()
        if isinstance(got, Ok):
            with self._lock:
                self._pages[key] = got.value
                while len(self._pages) > self.limit:
                    del self._pages[next(iter(self._pages))]  # the oldest first
        return got

    def cached(self, key: PageKey) -> Page[Any] | None:
        with self._lock:
            return self._pages.get(key)

    def drop(self, listing: str, region: str | None = None) -> int:
        """Forget every page of ``listing`` (in ``region``, if given); how many were dropped."""
        with self._lock:
            gone = [
                key
                for key in self._pages
                if key.listing == listing and (region is None or key.region == region)
            ]
            for key in gone:
                del self._pages[key]
        return len(gone)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._pages)


# --- cells ----------------------------------------------------------------------------------


def as_utc(value: object) -> datetime | None:
    """A time from boto3 as aware UTC (some endpoints send naive ones); None if not a time."""
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def day_text(value: datetime | None) -> str:
    """The day, in local time as the jobs' times are shown."""
    return value.astimezone().strftime("%Y-%m-%d") if value is not None else ""


def minute_text(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


def size_text(size: int | None) -> str:
    """``812 B``, ``119.4 KB``, ``1.2 GB``: as the S3 console writes sizes (1 KB = 1024 B)."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    amount = size / 1024
    for unit in ("KB", "MB", "GB"):
        if amount < 1024:
            return f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} TB"
