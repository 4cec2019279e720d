"""ftui starts without what it needs only later: charts, metrics, the checker, cost, pickers,
the custom models and asking a model."""

from __future__ import annotations

import subprocess
import sys

# Loaded with their first use: a chart, a training job's progress, a data check, a review,
# the custom models (F7).
LATER = (
    "plotext",
    "textual_plotext",
    "ftui.core.metrics",
    "ftui.core.progress",
    "ftui.core.dataset",
    "ftui.core.cost",
    "ftui.core.compare",
    "ftui.tui.pickers",
    "ftui.tui.screens.models",
    "ftui.core.custom_models",
    "ftui.core.aws.runtime",
)


def test_importing_the_app_loads_none_of_what_comes_later() -> None:
    code = f"import sys, ftui.tui.app\nprint(sorted(m for m in {LATER!r} if m in sys.modules))\n"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"
