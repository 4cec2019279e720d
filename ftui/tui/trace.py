"""Performance tracing for the benchmarks: FTUI_TRACE=FILE writes timings as JSON lines.

Off unless the variable is set. It measures the UI thread as a user feels it: how long applying a
poll takes, how long until the screen shows it, and how late the event loop runs (stalls).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from typing import Any

_PATH = os.environ.get("FTUI_TRACE")


def enabled() -> bool:
    return bool(_PATH)


def record(event: str, **fields: Any) -> None:
    if not _PATH:
        return
    line = json.dumps({"event": event, "t": time.time(), **fields})
    with open(_PATH, "a", encoding="utf-8") as handle:  # noqa: PTH123 - one line, then closed
        handle.write(line + "\n")


_gc_started = [0.0]


def _gc_timer(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    elif info.get("generation") == 2:
        record("gc", ms=round((time.perf_counter() - _gc_started[0]) * 1000, 2))


def watch_gc() -> None:
    """Record how long each full garbage collection takes."""
    import gc

    gc.callbacks.append(_gc_timer)


async def watch_loop_lag(period: float = 0.01, report_every: float = 1.0) -> None:
    """Sleep ``period`` over and over; how late each wake-up comes is how long the loop stalled."""
    worst = 0.0
    last_report = time.perf_counter()
    while True:
        start = time.perf_counter()
        await asyncio.sleep(period)
        lag = time.perf_counter() - start - period
        worst = max(worst, lag)
        if time.perf_counter() - last_report >= report_every:
            record("lag", max_ms=round(worst * 1000, 2))
            worst = 0.0
            last_report = time.perf_counter()
