"""What ``validate`` and ``check`` read: a request file, or failing that a saved profile."""

from __future__ import annotations

import argparse
from pathlib import Path

from ftui.cli.common import elsewhere, store
from ftui.core.interop import LoadedRequest, load_request_file
from ftui.core.profile_types import SUFFIX, ProfileError
from ftui.core.sources import SourceError

# The longest line a command prints of a message that quotes a file (a whole line of it).
LINE_LIMIT = 2000


def load_target(args: argparse.Namespace, name: str) -> LoadedRequest:
    """A path, or failing that the name of a saved profile.

    What looks like a path (a slash, a .toml or .json ending) is always a path, so
    ``ftui validate x.toml`` checks ./x.toml; when there is none but profile ``x`` exists, the
    message says how to check that instead.
    """
    path = Path(name)
    if _exists(path) or "/" in name or path.suffix in (".toml", ".json"):
        try:
            return load_request_file(path)
        except SourceError:
            missing = not _exists(path) and "/" not in name
            if missing and name.endswith(SUFFIX) and _is_profile(path.stem):
                raise SourceError(
                    path,
                    f"no such file; to check the profile {path.stem!r}:"
                    f" ftui {args.command} {path.stem}",
                ) from None
            raise
    try:
        _, _, found = store().resolve(name)
    except ProfileError:
        hint = elsewhere(args, name)
        if hint is not None:
            raise SourceError(path, f"no such file or profile; {hint}") from None
        return load_request_file(path)  # reports "no such file" for the path as given
    return load_request_file(found)


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; a name the system cannot even look up (too long) does not."""
    try:
        return path.exists()
    except (OSError, ValueError):  # ENAMETOOLONG and the like; ValueError: a NUL in the name
        return False


def _is_profile(name: str) -> bool:
    try:
        store().resolve(name)
    except ProfileError:
        return False
    return True
