"""The working draft, saved as it is typed, so quitting, a crash or a hang-up loses nothing.

One JSON file in the state folder holds the draft and where it came from; writing is atomic.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ftui.core import paths
from ftui.core.draft import Draft
from ftui.core.files import atomic_write


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

    def save(self, working: WorkingDraft) -> None:
        working.saved_at = datetime.now(UTC).isoformat(timespec="seconds")
        data = json.dumps(asdict(working), indent=2, default=str).encode()
        atomic_write(self.path, data)

    def load(self) -> WorkingDraft | None:
        """The last working draft, or ``None`` if there is none or it cannot be read."""
        try:
            data = json.loads(self.path.read_text("utf-8"))
            return WorkingDraft(
                request=dict(data.get("request") or {}),
                region=data.get("region"),
                description=str(data.get("description") or ""),
                profile=data.get("profile"),
                dirty=bool(data.get("dirty")),
                saved_at=str(data.get("saved_at") or ""),
            )
        except (OSError, ValueError, TypeError, AttributeError):
            return None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
