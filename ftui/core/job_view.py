"""The monitor's rows in sort order, kept in order one row at a time.

A poll changes a few jobs out of thousands; re-sorting them all on the screen's thread cost
tens of milliseconds per poll. Here a changed row leaves its place and is put back where its
new sort key belongs (a binary search), so a poll costs in proportion to what it changed.
Ties are broken by ARN: every row has one place, and the order kept one row at a time is the
order a full sort gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from ftui.core.jobs import JobRow, sort_key


class SortedRows:
    """Rows in the order of a column (``reverse``: descending), with the running ones known."""

    def __init__(self, column: str = "created", *, reverse: bool = True) -> None:
        self.column = column
        self.reverse = reverse
        self.rows: list[JobRow] = []  # in the order shown
        self.active: set[str] = set()  # ARNs of the running rows: their elapsed time moves
        self._keys: list[tuple[Any, str]] = []  # beside ``rows``
        self._key_of: dict[str, tuple[Any, str]] = {}
        self._by_column: Callable[[JobRow], Any] = sort_key(column, datetime.min)

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, arn: object) -> bool:
        return arn in self._key_of

    def reset(self, rows: Iterable[JobRow], column: str, *, reverse: bool, now: datetime) -> None:
        """Sort ``rows`` from scratch (a new filter, a new column)."""
        self.column = column
        self.reverse = reverse
        self._by_column = sort_key(column, now)
        keyed = sorted(((self._key(row), row) for row in rows), reverse=reverse)
        self.rows = [row for _, row in keyed]
        self._keys = [key for key, _ in keyed]
        self._key_of = {row.arn: key for key, row in keyed}
        self.active = {row.arn for row in self.rows if row.active}

    def at(self, now: datetime) -> None:
        """Sort keys from now on are taken at ``now`` (the elapsed time of running jobs)."""
        self._by_column = sort_key(self.column, now)

    @property
    def moves_with_time(self) -> bool:
        """Whether running rows change places as time passes (sorted by elapsed time)."""
        return self.column == "elapsed"

    def index(self, arn: str) -> int | None:
        key = self._key_of.get(arn)
        return None if key is None else self._position(key)

    def remove(self, arn: str) -> JobRow | None:
        """Take the row out: the row, or None if it was not here."""
        key = self._key_of.pop(arn, None)
        if key is None:
            return None
        index = self._position(key)
        row = self.rows.pop(index)
        del self._keys[index]
        self.active.discard(arn)
        return row

    def insert(self, row: JobRow) -> int:
        """Put the row where its key belongs (it must not be here already); where that is."""
        key = self._key(row)
        index = self._position(key)
        self.rows.insert(index, row)
        self._keys.insert(index, key)
        self._key_of[row.arn] = key
        if row.active:
            self.active.add(row.arn)
        return index

    def _key(self, row: JobRow) -> tuple[Any, str]:
        return (self._by_column(row), row.arn)

    def _position(self, key: tuple[Any, str]) -> int:
        """The first place whose key does not come before ``key`` in the order shown."""
        keys = self._keys
        low, high = 0, len(keys)
        while low < high:
            middle = (low + high) // 2
            if (keys[middle] > key) if self.reverse else (keys[middle] < key):
                low = middle + 1
            else:
                high = middle
        return low
