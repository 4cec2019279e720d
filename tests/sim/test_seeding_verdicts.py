"""The demo's data verdicts shipped with ftui are those validation finds today."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftui.sim.seeding import verdicts


def test_the_shipped_verdicts_are_what_validation_finds_now() -> None:
    """Out of date, the demo checks its data again at each start (slower, never wrong):
    run `python -m ftui.sim.seeding.verdicts` to write the file again."""
    shipped = verdicts.shipped()
    assert shipped, "verdicts.json is shipped and readable"
    assert shipped == verdicts.worked_out()


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"x": [1]}'])
def test_a_file_that_cannot_be_read_gives_no_verdicts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    path = tmp_path / "verdicts.json"
    path.write_text(text)
    monkeypatch.setattr(verdicts, "SHIPPED", path)
    assert verdicts.shipped() == {}
