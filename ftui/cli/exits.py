"""The exit codes every ``ftui`` command shares (documented in the README and ``ftui --help``)."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    # A request is invalid (validate, submit), or a check found a problem.
    INVALID = 1
    # A file, profile or argument cannot be used, or the user said no.
    UNUSABLE = 2
    # AWS refused, could not be reached, or answered something unreadable.
    AWS = 3
    # The reader of stdout closed it (``ftui jobs | head``): the shells' code for SIGPIPE.
    PIPE_CLOSED = 141
