"""Small formatting helpers shared by screens."""

from __future__ import annotations

from pathlib import Path


def short_path(text: str | Path) -> str:
    """``/home/me/.config/ftui`` -> ``~/.config/ftui``: shorter, and the same on every machine."""
    home = str(Path.home())
    text = str(text)
    return text.replace(home, "~", 1) if home and text.startswith(home) else text
