"""``ftui stop JOB``: stop a running job, with the same warning as the TUI."""

from __future__ import annotations

import argparse

from ftui.cli.common import err
from ftui.cli.exits import Exit


def run_stop(args: argparse.Namespace) -> int:
    err("not implemented yet")
    return Exit.UNUSABLE
