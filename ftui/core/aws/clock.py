"""The endpoint's time, read from the ``Date`` header of its responses.

Job times (created, ended) are written by the endpoint's clock, so elapsed times must be taken
against that clock too: this machine's may be skewed, and the emulator's runs faster than real
time. Between responses the endpoint's time is carried on by this machine's monotonic clock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

# A Date header is truncated to the second, and arrives some latency after it was written: a
# reading can disagree with a correct estimate by about a second either way. Readings within
# this margin are ignored, so the clock does not jitter by a second on every response.
TOLERANCE = timedelta(seconds=1.5)
# The middle of the second a Date header names is the best guess of when it was written.
_HALF_SECOND = timedelta(seconds=0.5)


def _local_now() -> datetime:
    return datetime.now().astimezone()


class EndpointClock:
    """The time at the endpoint: its last ``Date`` header plus monotonic time since.

    Before the first response it is this machine's clock. Once anchored it never goes back: a
    reading behind the estimate re-anchors the clock, which then stands still until the
    endpoint catches up, so elapsed times never shrink and sorted columns never reorder
    backwards. Thread-safe: polls observe from worker threads while the UI reads.
    """

    def __init__(
        self,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        local_now: Callable[[], datetime] = _local_now,
    ) -> None:
        self._monotonic = monotonic
        self._local_now = local_now
        self._lock = threading.Lock()
        self._anchor: tuple[datetime, float] | None = None
        self._latest = datetime.min.replace(tzinfo=UTC)  # the latest time now() returned

    def observe(self, date_header: str) -> None:
        """Take the endpoint's time from an HTTP ``Date`` header; one that does not parse is
        ignored (a broken header must not fail the call that carried it)."""
        from email.utils import parsedate_to_datetime  # with the first answer, not at start

        try:
            parsed = parsedate_to_datetime(date_header)
            if parsed.tzinfo is None:  # "-0000": UTC, the sender's zone unknown (RFC 5322)
                parsed = parsed.replace(tzinfo=UTC)
            reading = parsed + _HALF_SECOND
        except (TypeError, ValueError, OverflowError):
            return
        with self._lock:
            mark = self._monotonic()
            if self._anchor is None or abs(reading - _carry(self._anchor, mark)) > TOLERANCE:
                self._anchor = (reading, mark)

    def now(self) -> datetime:
        """The endpoint's time now, in the local time zone."""
        with self._lock:
            if self._anchor is None:
                return self._local_now()
            self._latest = max(self._latest, _carry(self._anchor, self._monotonic()))
            return self._latest.astimezone()


def _carry(anchor: tuple[datetime, float], mark: float) -> datetime:
    """The anchor's reading, carried on to monotonic time ``mark``."""
    reading, anchored_at = anchor
    return reading + timedelta(seconds=mark - anchored_at)
