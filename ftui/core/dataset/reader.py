"""Lines of a file or an S3 body, a chunk at a time: memory stays constant whatever the size."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

CHUNK_BYTES = 1 << 20
# No record of any model comes near this (the largest context, 300k tokens, is ~2 MB of text):
# a longer "line" is a file without line ends, and is measured instead of held.
MAX_LINE_BYTES = 32 << 20
_HEAD_BYTES = 64


class Oversized(bytes):
    """A line longer than :data:`MAX_LINE_BYTES`: its first bytes, and its full ``length``."""

    length: int

    def __new__(cls, head: bytes, length: int) -> Oversized:
        line = super().__new__(cls, head[:_HEAD_BYTES])
        line.length = length
        return line


def split_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The lines in ``chunks``, without their ``\\n``; a final line needs no line end."""
    pending: list[bytes] = []
    pending_size = 0
    for chunk in chunks:
        parts = chunk.split(b"\n")
        if len(parts) == 1:
            pending_size += len(chunk)
            if pending_size <= MAX_LINE_BYTES:
                pending.append(chunk)
            elif len(pending) > 1:
                pending = [pending[0]]  # only the head is kept past the limit
            continue
        if pending:
            pending.append(parts[0])
            yield _joined(pending, pending_size + len(parts[0]))
        else:
            yield parts[0]
        # The middle parts are shorter than a chunk, so shorter than the limit.
        yield from parts[1:-1]
        last = parts[-1]
        pending, pending_size = ([last], len(last)) if last else ([], 0)
    if pending:
        yield _joined(pending, pending_size)


def _joined(parts: list[bytes], size: int) -> bytes:
    if size > MAX_LINE_BYTES:
        return Oversized(parts[0], size)
    return parts[0] if len(parts) == 1 else b"".join(parts)


class CheckCancelled(Exception):
    """The check was called off (its ``cancelled()`` said so) before the end of the data."""


Cancelled = Callable[[], bool]


def read_chunks(
    read: Callable[[int], bytes], cancelled: Cancelled | None = None
) -> Iterator[bytes]:
    """``read(n)`` called until it gives nothing: a file's or a StreamingBody's ``read``.

    ``cancelled`` is asked after each chunk: a file without line ends is read whole before its
    one "line" reaches the checker, so the checker's own asking would come too late.
    """
    while chunk := read(CHUNK_BYTES):
        yield chunk
        stop_if(cancelled)


def stop_if(cancelled: Cancelled | None) -> None:
    """Raise :class:`CheckCancelled` if ``cancelled()`` says so."""
    if cancelled is not None and cancelled():
        raise CheckCancelled


def file_lines(stream: BinaryIO, cancelled: Cancelled | None = None) -> Iterator[bytes]:
    return split_lines(read_chunks(stream.read, cancelled))


def path_lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as stream:
        yield from file_lines(stream)
