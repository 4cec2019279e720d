"""Starting the terminal UI from the command line."""

from __future__ import annotations

import argparse

from ftui.cli.common import aws_target, err, read_only, regions
from ftui.cli.exits import Exit
from ftui.core.settings import SettingsError, load_settings


def run_tui(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        err(f"error: {error}")
        return Exit.UNUSABLE
    from ftui.tui.app import FtuiApp

    app = FtuiApp(
        settings=settings,
        target=aws_target(args),
        regions=regions(args),
        read_only=read_only(args),
    )
    app.run()
    return int(app.return_code or Exit.OK)
