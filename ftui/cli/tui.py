"""Starting the terminal UI from the command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ftui.cli.exits import Exit
from ftui.cli.target import aws_target, read_only, regions
from ftui.core.settings import load_settings

if TYPE_CHECKING:
    from ftui.tui.app import FtuiApp


def build_app(args: argparse.Namespace) -> FtuiApp:
    """The app the command line asks for (settings, AWS target, read-only mode).

    Raises :class:`~ftui.core.settings.SettingsError` for broken settings (exit 2).
    """
    from ftui.tui.app import FtuiApp

    return FtuiApp(
        settings=load_settings(),
        target=aws_target(args),
        regions=regions(args),
        read_only=read_only(args),
    )


def run_tui(args: argparse.Namespace) -> int:
    app = build_app(args)
    app.run()
    app.css_cache.save()  # what this run parsed, for the next start (a killed run saves nothing)
    return int(app.return_code or Exit.OK)
