"""Writing files so that a crash leaves the old version or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

PRIVATE = 0o600


def atomic_write(path: Path, data: bytes, *, mode: int = PRIVATE, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The data is fsynced before it takes the name, and the folder after, so a power cut leaves the
    old or the new file. With ``exclusive``, an existing ``path`` is never replaced:
    ``FileExistsError`` instead (the check and the rename are one step, a hard link).
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(mode)  # O_CREAT's mode is filtered by the umask
        if exclusive:
            _link_exclusive(temp, path)
        else:
            temp.replace(path)
        _fsync_folder(folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def move_exclusive(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target``, raising ``FileExistsError`` rather than replacing it."""
    _link_exclusive(source, target)
    with contextlib.suppress(FileNotFoundError):
        source.unlink()


def _link_exclusive(temp: Path, path: Path) -> None:
    try:
        os.link(temp, path)
    except OSError as error:
        if isinstance(error, FileExistsError):
            raise
        # A file system without hard links: check, then rename (a small race, not a silent loss).
        if path.exists():
            raise FileExistsError(str(path)) from error
        temp.replace(path)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not every platform opens folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
