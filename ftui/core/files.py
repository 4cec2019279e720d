"""Writing files so that a crash leaves the old version or the new one, never half of either.

Also: ftui's own folders are private (0700, whatever the umask), the temporary files of writers
that were killed are cleared away, and :func:`write_output` sends an export where the user said,
a pipe, a device or ``-`` included, never replacing one with a regular file.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: stale temps are told by their age alone
    fcntl = None  # type: ignore[assignment]

PRIVATE = 0o600
PRIVATE_FOLDER = 0o700

# A temp of a writer that is gone: unlocked for this long (the lock is taken just after the
# file is made, so a younger one may be a writer about to lock it), or of another file and
# this old (no lock at all to go by).
STALE_UNLOCKED = 10.0
STALE_ANYWAY = 3600.0
_TEMP = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{8}\.tmp")


def private_folder(folder: Path) -> Path:
    """Make ``folder`` and any missing parent, each 0700 whatever the umask; returns ``folder``.

    Folders that already exist are left as they are: they are the user's (a project's
    ``.ftui/profiles`` shared through git, a home folder), not ours to tighten.
    """
    missing: list[Path] = []
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    for created in reversed(missing):
        try:
            created.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            if not created.is_dir():
                raise
            continue  # someone else made it just now: theirs, left as it is
        created.chmod(PRIVATE_FOLDER)  # mkdir's mode is filtered by the umask
    return folder


def atomic_write(path: Path, data: bytes, *, mode: int = PRIVATE, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The data is fsynced before it takes the name, and the folder after, so a power cut leaves the
    old or the new file. With ``exclusive``, an existing ``path`` is never replaced:
    ``FileExistsError`` instead (the check and the rename are one step, a hard link).

    The temp is ``.NAME.<8 hex>.tmp``, locked while it lives; temps in that folder left by
    writers that were killed are removed first (:func:`clear_stale_temps`).
    """
    folder = private_folder(path.parent)
    clear_stale_temps(folder, path.name)
    temp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        _lock(fd)
        with os.fdopen(fd, "wb", closefd=False) as handle:
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
        os.close(fd)  # the lock goes with it, after the temp is gone


def clear_stale_temps(folder: Path, name: str, *, now: float | None = None) -> list[Path]:
    """Remove the temps of ``atomic_write`` calls whose writer is gone; returns what went.

    Only names of the form ``.NAME.<8 hex>.tmp`` are looked at. One of ``name`` (the file about
    to be written) is stale when no writer holds its lock and it is older than a few seconds;
    one of another file when it is, besides, an hour old. A temp whose lock cannot be tested
    goes only after that hour. Nothing here ever raises: cleaning is a courtesy.
    """
    now = time.time() if now is None else now
    removed = []
    for entry, match in _temps(folder):
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
            if not entry.is_file(follow_symlinks=False) or age < STALE_UNLOCKED:
                continue
            if match["name"] != name and age < STALE_ANYWAY:
                continue
            if _held(Path(entry.path), may_guess=age >= STALE_ANYWAY):
                continue
            Path(entry.path).unlink()
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _temps(folder: Path) -> Iterator[tuple[os.DirEntry[str], re.Match[str]]]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = _TEMP.fullmatch(entry.name)
        if match:
            yield entry, match


def _lock(fd: int) -> None:
    if fcntl is None:  # pragma: no cover
        return
    with contextlib.suppress(OSError):  # a file system without locks: age alone decides
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _held(path: Path, *, may_guess: bool) -> bool:
    """A live writer holds the lock of ``path``; if that cannot be told, ``not may_guess``."""
    if fcntl is None:  # pragma: no cover
        return not may_guess
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return not may_guess
    else:
        return False
    finally:
        os.close(fd)


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


# --- writing where the user said ---------------------------------------------------------------


class Output(StrEnum):
    """How :func:`write_output` delivered the data."""

    STDOUT = "stdout"
    STREAM = "stream"  # into a pipe, a FIFO, a terminal or another device, or an open descriptor
    CREATED = "created"
    REPLACED = "replaced"


@dataclass(frozen=True)
class Written:
    path: Path | None  # None for stdout
    how: Output


class OutputError(Exception):
    """The data cannot go where it was asked to; the message names the path and says why."""


_FD_PATH = re.compile(r"/(?:dev|proc/self)/fd/(?P<fd>[0-9]+)|/dev/(?P<std>stdout|stderr)")
_FILE_TYPES = {
    stat.S_IFDIR: "a folder",
    stat.S_IFSOCK: "a socket",
    stat.S_IFBLK: "a block device (a disk)",
}


def write_output(
    target: str | Path, data: bytes, *, force: bool, stdout: BinaryIO | None = None
) -> Written:
    """Put ``data`` at ``target`` as a shell redirection would, but never clobbering by surprise.

    ``-`` is standard output. A FIFO, a pipe, a character device or ``/dev/fd/N`` is written
    into, never replaced (``/dev/fd/N`` writes through that very descriptor, so ``3>>log`` keeps
    appending). A regular file is replaced atomically, and only with ``force``; a symbolic link
    to one keeps being a link (its target is replaced). Anything else is refused by name.
    """
    if str(target) == "-":
        _to_stdout(data, stdout)
        return Written(None, Output.STDOUT)
    path = Path(target)
    descriptor = _FD_PATH.fullmatch(str(path))
    if descriptor:
        std = descriptor["std"]
        number = int(descriptor["fd"]) if std is None else {"stdout": 1, "stderr": 2}[std]
        _to_descriptor(path, number, data)
        return Written(path, Output.STREAM)
    if str(target).endswith(("/", os.sep)) and not path.is_dir():
        raise OutputError(f"cannot write {target}: it ends with {os.sep}; give a file name")
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError) as error:
        _check_parent(path)
        if isinstance(error, NotADirectoryError):  # pragma: no cover - a folder became a file
            raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
        _atomic_output(path, data, exclusive=True, mode=0o644)
        return Written(path, Output.CREATED)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    kind = stat.S_IFMT(info.st_mode)
    if kind in (stat.S_IFIFO, stat.S_IFCHR):
        _to_stream(path, data)
        return Written(path, Output.STREAM)
    if kind != stat.S_IFREG:
        what = _FILE_TYPES.get(kind, "not a regular file")
        raise OutputError(f"cannot write {path}: it is {what}; give a file name")
    if not force:
        raise OutputError(f"{path} exists; pass --force to replace it")
    real = Path(os.path.realpath(path))  # replacing a link would turn it into a file
    _atomic_output(real, data, exclusive=False, mode=stat.S_IMODE(info.st_mode))
    return Written(path, Output.REPLACED)


def _check_parent(path: Path) -> None:
    """Say which folder on the way to ``path`` is missing, or is a file, if one is."""
    for folder in reversed((path.parent, *path.parent.parents)):
        try:
            info = folder.stat()
        except FileNotFoundError:
            raise OutputError(f"cannot write {path}: the folder {folder} does not exist") from None
        except OSError as error:
            raise OutputError(f"cannot write {path}: {folder}: {error.strerror or error}") from None
        if not stat.S_ISDIR(info.st_mode):
            raise OutputError(f"cannot write {path}: {folder} is a file, not a folder") from None


def _atomic_output(path: Path, data: bytes, *, exclusive: bool, mode: int) -> None:
    try:
        atomic_write(path, data, mode=mode, exclusive=exclusive)
    except FileExistsError:
        raise OutputError(f"{path} exists; pass --force to replace it") from None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def _to_stdout(data: bytes, stdout: BinaryIO | None) -> None:
    if stdout is None:
        sys.stdout.flush()  # what was printed before comes first
        stdout = sys.stdout.buffer
    try:
        stdout.write(data)
        stdout.flush()
    except BrokenPipeError:
        raise OutputError("standard output was closed before all was written") from None
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None


def _to_descriptor(path: Path, number: int, data: bytes) -> None:
    try:
        fd = os.dup(number)
    except OSError:
        raise OutputError(f"cannot write {path}: descriptor {number} is not open") from None
    _write_all(path, fd, data)


def _to_stream(path: Path, data: bytes) -> None:
    # No O_CREAT, no O_TRUNC: what is there is a pipe or a device, and stays one.
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    _write_all(path, fd, data)


def _write_all(path: Path, fd: int, data: bytes) -> None:
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise OutputError(f"cannot write {path}: the reader closed it before the end") from None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        os.close(fd)
