"""Calls wait for the part of the account they read: the demo serves while it is being made.

``ftui --demo`` shows its first frame at once and the emulator seeds the demo account beside
it: the jobs (Bedrock, with the S3 data they read) first, then the rest (IAM's other roles,
EC2's network, KMS, logging). A call to a service not yet seeded waits here, instead of
finding an empty account; nothing seeded, or a gate opened for all, passes at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

# Long enough for any seeding, short of a client's read timeout (15 s, ftui.core.aws.session).
WAIT_LIMIT = 12.0


class ServiceGate:
    """Which services' calls may be answered: all of them, unless :meth:`close` was called."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._open: set[str] | None = None  # None: every service
        self._answered: set[str] = set()

    def close(self) -> None:
        """From now on, only the services :meth:`open` names are answered."""
        with self._changed:
            self._open = set()

    def open(self, services: Iterable[str] | None = None) -> None:
        """Answer these services' calls too (``None``: every service, for good)."""
        with self._changed:
            if services is None or self._open is None:
                self._open = None
            else:
                self._open.update(services)
            self._changed.notify_all()

    def is_open(self, service: str) -> bool:
        with self._changed:
            return self._open is None or service in self._open

    def wait(self, service: str, timeout: float = WAIT_LIMIT) -> bool:
        """Wait until ``service`` is open; ``False`` if it was not within ``timeout``."""
        with self._changed:
            return self._changed.wait_for(
                lambda: self._open is None or service in self._open, timeout
            )

    def answered(self, service: str) -> None:
        """A call to ``service`` was answered (the server says so after each)."""
        with self._changed:
            if service not in self._answered:
                self._answered.add(service)
                self._changed.notify_all()

    def wait_answered(self, service: str, timeout: float) -> bool:
        """Wait until a call to ``service`` has been answered; ``False`` if none was."""
        with self._changed:
            return self._changed.wait_for(lambda: service in self._answered, timeout)
