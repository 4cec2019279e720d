"""ftui's first frame waits for nothing the jobs monitor does not show: the wizard, profiles,
drafts and their validation, the catalog, boto3, charts, the checker, the custom models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Loaded with their first use: a chart, a training job's progress, a data check, a review,
# the custom models (F7), the wizard (F4), the profiles (F3), the first poll (boto3).
LATER = (
    "plotext",
    "textual_plotext",
    "pygments",
    "pydantic",
    "boto3",
    "botocore",
    "ftui.core.request",
    "ftui.core.catalog",
    "ftui.core.draft",
    "ftui.core.profiles",
    "ftui.core.metrics",
    "ftui.core.progress",
    "ftui.core.dataset",
    "ftui.core.cost",
    "ftui.core.compare",
    "ftui.tui.pickers",
    "ftui.tui.wizard",
    "ftui.tui.screens.profiles",
    "ftui.tui.screens.models",
    "ftui.core.custom_models",
    "ftui.core.aws.runtime",
    "ftui.core.resources",  # the pickers' cache
    "ftui.tui.commands",  # the palette's
    "ftui.tui.widgets.safe_text_area",
    "tomllib",  # no config.toml here
    "email.utils",  # the endpoint's Date header, with the first answer
)

# What `ftui` does before its first frame: the command line, the settings, the app and the
# jobs monitor it opens on (composed, not yet polled).
FIRST_FRAME = """
import sys
from ftui.cli.main import build_parser
from ftui.cli.tui import build_app
app = build_app(build_parser().parse_args([]))
from ftui.tui.screens.jobs import JobsScreen
JobsScreen()
print(sorted(m for m in {later!r} if m in sys.modules))
"""


def test_the_first_frame_loads_none_of_what_comes_later(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME.format(later=LATER)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={
            "HOME": str(tmp_path),
            "FTUI_CONFIG_DIR": str(tmp_path / "config"),
            "FTUI_STATE_DIR": str(tmp_path / "state"),
            "AWS_REGION": "us-east-1",
        },
    )
    assert done.stdout.strip() == "[]"
