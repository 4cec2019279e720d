"""Ctrl+C (and SIGTERM) in a command that follows something: it stops the following, not what
is followed, and the command exits with the shells' code for a process ended by that signal.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Interrupt:
    stop: threading.Event = field(default_factory=threading.Event)
    received: list[int] = field(default_factory=list)

    @property
    def code(self) -> int | None:
        """128 + the signal (130 for Ctrl+C), once one came; None before."""
        return 128 + self.received[0] if self.received else None


@contextmanager
def interruptible() -> Iterator[Interrupt]:
    """Within: SIGINT and SIGTERM set ``stop`` instead of raising; after: as they were."""
    interrupt = Interrupt()

    def heard(signum: int, _frame: object) -> None:
        interrupt.received.append(signum)
        interrupt.stop.set()

    saved = {sig: signal.signal(sig, heard) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield interrupt
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
