"""What the profiles list says of each profile, kept while its file is unchanged.

Reading and checking one profile costs about a millisecond: a list of a thousand would take
seconds every time it is shown. A summary is kept by the file's stamp (inode, mtime, size), so
only files that changed since are read again.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ftui.core import kinds
from ftui.core.catalog import load_catalog
from ftui.core.draft import Draft
from ftui.core.profiles import ProfileEntry, ProfileFile, ProfileStore


@dataclass(frozen=True)
class ProfileSummary:
    """One row's worth: the file as read, and its state, kind and base model for a person."""

    entry: ProfileEntry
    state: str  # "ready", "3 problems", "unreadable"
    kind: str | None = None  # None when the file could not be read
    model: str | None = None


def summarize(entry: ProfileEntry) -> ProfileSummary:
    if entry.profile is None:
        return ProfileSummary(entry, "unreadable")
    draft = entry.profile.draft
    return ProfileSummary(entry, _state(draft, entry.profile.region), _kind(draft), _model(draft))


def _state(draft: Draft, region: str | None) -> str:
    report = draft.validate(region=region)
    if report.ok:
        return "ready"
    count = len(report.errors)
    return f"{count} problem{'s' if count != 1 else ''}"


def _kind(draft: Draft) -> str:
    return kinds.label(kinds.kind_of(draft.request))


def _model(draft: Draft) -> str:
    identifier = str(draft.get(("baseModelIdentifier",)) or "")
    match = load_catalog().match(identifier) if identifier else None
    return match.model.name if match else (identifier or "-")


class SummaryCache:
    """Summaries by file; safe to fill from a worker thread while the UI reads it."""

    def __init__(self) -> None:
        self._kept: dict[Path, tuple[tuple[int, int, int], ProfileSummary]] = {}
        self._lock = threading.Lock()

    def get(self, file: ProfileFile) -> ProfileSummary | None:
        """The summary of ``file`` if it was read as it is now."""
        if file.stamp is None:
            return None
        with self._lock:
            kept = self._kept.get(file.path)
        if kept is None or kept[0] != file.stamp:
            return None
        return kept[1]

    def read(self, store: ProfileStore, file: ProfileFile) -> ProfileSummary:
        """Read and check ``file`` now (unless unchanged since it last was)."""
        summary = self.get(file)
        if summary is not None:
            return summary
        summary = summarize(store.read_file(file))
        if file.stamp is not None:
            with self._lock:
                self._kept[file.path] = (file.stamp, summary)
        return summary

    def __len__(self) -> int:
        """How many files are remembered."""
        with self._lock:
            return len(self._kept)

    def keep_only(self, files: Sequence[ProfileFile]) -> None:
        """Forget deleted and renamed files, so the cache does not outgrow the folder."""
        listed = {file.path for file in files}
        with self._lock:
            for path in [p for p in self._kept if p not in listed]:
                del self._kept[path]
