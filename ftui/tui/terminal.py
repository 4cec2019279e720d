"""Noticing that the terminal went away (a dropped SSH session), instead of spinning on a dead
tty: a SIGHUP, or a stdin that is no longer a terminal, calls ``hang_up``.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable
from typing import Any

from textual.app import App

CHECK_SECONDS = 2.0


def watch(app: App[Any], hang_up: Callable[[], None]) -> None:
    try:
        loop = getattr(app, "_loop", None) or asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, hang_up)
    except (NotImplementedError, RuntimeError, ValueError):
        pass  # no signals on this platform or loop: the tty check still notices

    def check() -> None:
        stream = sys.__stdin__
        try:
            alive = stream is not None and stream.isatty()
        except (OSError, ValueError):
            alive = False
        if not alive:
            hang_up()

    app.set_interval(CHECK_SECONDS, check, name="tty-watch")
