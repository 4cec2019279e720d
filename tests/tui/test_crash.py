"""A crash keeps the draft and reports where it happened, never the values it held."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftui.sim.server import SimServer
from tests.tui.conftest import make_app


class Boom(Exception):
    pass


async def test_a_crash_report_shows_no_local_variables(
    aws_env: SimServer, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    app = make_app(aws_env, tmp_path)

    def crash() -> None:
        # What Textual's report would print: a value held by the crashing frame.
        other_profile = "-".join(["SECRET", "PROFILE", "CONTENTS"])
        raise Boom(f"failed after reading {len(other_profile)} characters")

    with pytest.raises(Boom):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.call_later(crash)
            await pilot.pause()
    report = capfd.readouterr().err
    assert "Boom" in report and "crash" in report, "Textual no longer prints the report"
    assert "SECRET-PROFILE-CONTENTS" not in report
