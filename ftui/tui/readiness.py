"""Telling whoever started ftui that its first frame is drawn: a line on ``FTUI_READY_FD``.

A process starting ftui beside work of its own (``ftui --demo`` and its emulator, a
benchmark) may hold that work back until ftui has drawn, so the two do not share the CPU
while the user waits for the first frame. It sets ``FTUI_READY_FD`` to a file descriptor
open for writing (a pipe's end); ftui writes one newline to it once its first screen is on
the terminal, and closes it. The readiness notification of s6 and systemd, by another name.
"""

from __future__ import annotations

import contextlib
import os

ENV = "FTUI_READY_FD"


def announce() -> None:
    """Say the first frame is drawn, once (later calls, or none asked for: nothing)."""
    fd = os.environ.pop(ENV, None)  # once, and not handed on to processes ftui starts
    if not fd:
        return
    with contextlib.suppress(ValueError, OSError):  # not a number, or closed: nobody listens
        number = int(fd)
        try:
            os.write(number, b"\n")
        finally:
            os.close(number)
