"""The ``ftui`` command line. Heavy imports wait inside each command: ``ftui --help`` is quick."""

from ftui.cli.main import main

__all__ = ["main"]
