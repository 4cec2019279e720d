"""Reports of S3 objects by their ETag: an object unchanged since it was checked is not read again.

The wizard checks the training file when it is chosen, and the pre-flight checks read it again
before a submit; for a file of gigabytes that is minutes of reading twice. S3 gives every
version of an object its own ETag, so a report stands for as long as the ETag does.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from ftui.core.dataset.report import DataReport

# Reports kept; each holds at most MAX_LISTED problems, so this stays small.
LIMIT = 64


@dataclass(frozen=True)
class ReportKey:
    """One object version checked one way."""

    uri: str
    etag: str
    model_id: str
    customization_type: str
    validation: bool


class ReportCache:
    """Thread-safe (checks run in workers), the least recently used forgotten past the limit."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._reports: OrderedDict[ReportKey, DataReport] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: ReportKey) -> DataReport | None:
        with self._lock:
            report = self._reports.get(key)
            if report is not None:
                self._reports.move_to_end(key)
            return report

    def put(self, key: ReportKey, report: DataReport) -> None:
        with self._lock:
            self._reports[key] = report
            self._reports.move_to_end(key)
            while len(self._reports) > self.limit:
                self._reports.popitem(last=False)
