"""The working draft, saved as it is typed, so quitting, a crash or a hang-up loses nothing.

One JSON file in the state folder holds the draft and where it came from; writing is atomic.
When the user leaves a profile's draft with unsaved changes for another draft, those changes
are kept aside, one file per profile, and come back when that profile is opened again: moving
between drafts never asks to throw work away.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ftui.core import paths
from ftui.core.draft import Draft
from ftui.core.files import atomic_write
from ftui.core.sources import SourceError, parse_json, read_text


@dataclass
class WorkingDraft:
    """A draft being edited, and the profile it belongs to (if any)."""

    request: dict[str, Any] = field(default_factory=dict)
    region: str | None = None
    description: str = ""
    profile: str | None = None  # qualified profile name it was opened from or saved to
    dirty: bool = False  # changed since it was last saved to that profile
    saved_at: str = ""

    @property
    def draft(self) -> Draft:
        return Draft(self.request, toml_numbers=True)


class Autosave:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.state_dir() / "autosave" / "draft.json"
        self.kept_dir = self.path.parent / "kept-drafts"

    def save(self, working: WorkingDraft) -> None:
        _write(self.path, working)

    def load(self) -> WorkingDraft | None:
        """The last working draft, or ``None`` if there is none or it cannot be read."""
        return _read(self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    # --- unsaved changes of profiles the user moved away from ------------------------------

    def _kept_path(self, profile: str) -> Path:
        # Qualified names may hold ':' (project:NAME); quoted, any name is one file name.
        return self.kept_dir / f"{urllib.parse.quote(profile, safe='')}.json"

    def keep(self, working: WorkingDraft) -> None:
        """Put a profile's unsaved draft aside until that profile is opened again."""
        if working.profile is None:
            raise ValueError("only a profile's draft can be kept under its name")
        _write(self._kept_path(working.profile), working)

    def kept(self, profile: str) -> WorkingDraft | None:
        working = _read(self._kept_path(profile))
        if working is None or working.profile != profile:
            return None
        return working

    def forget(self, *profiles: str) -> None:
        for profile in profiles:
            self._kept_path(profile).unlink(missing_ok=True)

    def move(self, old: str, new: str) -> None:
        """The profile was renamed: its kept changes follow it."""
        working = self.kept(old)
        if working is not None:
            working.profile = new
            self.keep(working)
            self.forget(old)


def _write(path: Path, working: WorkingDraft) -> None:
    working.saved_at = datetime.now(UTC).isoformat(timespec="seconds")
    data = _whole_characters(asdict(working))
    atomic_write(path, json.dumps(data, indent=2, default=str).encode())


def _whole_characters(node: Any) -> Any:
    """Half a character (a lone surrogate, from a hostile endpoint's job) as U+FFFD.

    The reader refuses half characters, as every reader of ftui does; without this, a draft
    holding one would be written and then, at the next start, silently not read back.
    """
    if isinstance(node, str):
        return node.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(node, dict):
        return {_whole_characters(k): _whole_characters(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_whole_characters(v) for v in node]
    return node


def _read(path: Path) -> WorkingDraft | None:
    try:
        # parse_json measures the nesting first: a hostile file must not crash the app's start.
        data = parse_json(read_text(path), path)
        return WorkingDraft(
            request=dict(data.get("request") or {}),
            region=data.get("region"),
            description=str(data.get("description") or ""),
            profile=data.get("profile"),
            dirty=bool(data.get("dirty")),
            saved_at=str(data.get("saved_at") or ""),
        )
    except (SourceError, ValueError, TypeError, AttributeError):
        return None
