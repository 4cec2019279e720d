"""ftui.core stands without Textual: the CLI and the emulator must not pay for the UI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import ftui.core


def _core_modules() -> list[str]:
    prefix = ftui.core.__name__ + "."
    return [ftui.core.__name__] + [
        info.name for info in pkgutil.walk_packages(ftui.core.__path__, prefix)
    ]


def test_every_core_module_imports_without_textual() -> None:
    modules = _core_modules()
    assert len(modules) >= 15, modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_check_would_see_textual() -> None:
    """The same probe reports Textual when something does import it."""
    code = "import sys, ftui.tui.app\nprint(any(m == 'textual' for m in sys.modules))\n"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "True"
