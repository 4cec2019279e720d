"""Simulated time: real time sped up, or a hand-driven clock for tests.

Both refuse what would break time for good: a step that is not a finite number, a step back
(jobs never un-finish), or a leap past :data:`MAX_ADVANCE_SECONDS`; :func:`check_advance`
says why, and the clock stays where it was.
"""

from __future__ import annotations

import math
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol

# Ten years: more than any scenario needs, and far from datetime's year 9999.
MAX_ADVANCE_SECONDS = 10 * 365.25 * 24 * 3600
# Far enough from datetime's year 9999 that a sped-up clock keeps running for hours after.
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
# At this speed a year passes in about half a minute; faster only overflows datetime sooner.
MAX_SPEED = 1e6


class Clock(Protocol):
    def now(self) -> datetime: ...


def check_advance(seconds: float) -> None:
    """Raise ValueError, saying why, unless ``seconds`` is a step simulated time can take."""
    if not math.isfinite(seconds):
        raise ValueError(f"seconds must be a finite number, not {seconds}")
    if seconds < 0:
        raise ValueError("seconds must not be negative: simulated time never goes back")
    if seconds > MAX_ADVANCE_SECONDS:
        raise ValueError(
            f"seconds must be at most {MAX_ADVANCE_SECONDS:.0f} (ten years) in one step"
        )


def _later(moment: datetime, seconds: float) -> datetime:
    try:
        later = moment + timedelta(seconds=seconds)
    except OverflowError:
        later = LATEST
    if later >= LATEST:
        raise ValueError(f"simulated time cannot go past {LATEST.year}")
    return later


class ScaledClock:
    """Real time, ``speed`` times faster: at speed 60 an hour of job time passes in a minute.

    ``advance`` jumps ahead, so a demo or a scenario script can skip a long stage.
    """

    def __init__(self, speed: float = 1.0, start: datetime | None = None) -> None:
        if not math.isfinite(speed) or speed <= 0:
            raise ValueError("speed must be a positive number")
        if speed > MAX_SPEED:
            raise ValueError(f"speed must be at most {MAX_SPEED:g}")
        self.speed = speed
        self._origin = start or datetime.now(UTC)
        self._real_origin = time.monotonic()
        self._skipped = 0.0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            elapsed = (time.monotonic() - self._real_origin) * self.speed + self._skipped
        return self._origin + timedelta(seconds=elapsed)

    def advance(self, seconds: float) -> None:
        check_advance(seconds)
        with self._lock:
            elapsed = (time.monotonic() - self._real_origin) * self.speed + self._skipped
            _later(self._origin, elapsed + seconds)  # refuse before changing anything
            self._skipped += seconds


class ManualClock:
    """Time that moves only when told to: tests step through hours without sleeping."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        check_advance(seconds)
        with self._lock:
            self._now = _later(self._now, seconds)
