"""``ftui sim`` as a script runs it: in the background, read through a pipe, then stopped."""

from __future__ import annotations

import os
import select
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_ftui_sim_tells_a_script_reading_a_pipe_and_stops_cleanly() -> None:
    """Without PYTHONUNBUFFERED a pipe buffers: the lines must still come while it runs."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ftui", "sim"], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)  # a guard against hanging
        assert ready, "nothing printed while the emulator runs"
        assert process.stdout.readline().startswith("ftui sim: AWS on http://127.0.0.1:")
    finally:
        process.terminate()
        assert process.wait(timeout=60) == 0
