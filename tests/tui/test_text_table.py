"""The profiles table measures its one-line cells by length, to the same widths as Textual."""

from __future__ import annotations

from typing import Any

import pytest
import textual.widgets._data_table as data_table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from ftui.tui.widgets import text_table
from ftui.tui.widgets.cell import Cell
from ftui.tui.widgets.text_table import TextTable

ROWS = [
    ("nova-support-bot", "ready", "Fine-tuning", "Nova Micro", "11-29 09:00"),
    ("a-much-longer-profile-name-here", "6 problems", "-", "-", "11-28 10:00"),
    ("漢字のプロファイル", "reading…", "", "", "11-27 11:00"),  # wide characters: 2 cells each
]


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(id="textual")
        yield TextTable(id="ours")

    def on_mount(self) -> None:
        for table_id, cell in (("#textual", Text), ("#ours", Cell)):
            table = self.query_one(table_id, DataTable)
            for column in ("Profile", "State", "Type", "Base model", "Modified"):
                table.add_column(column)
            for row in ROWS:
                table.add_row(*(cell(value) for value in row))


async def test_the_columns_are_as_wide_as_textual_makes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    measured: list[int] = []
    by_length = text_table._measure_cell

    def counted(*args: Any, **kwargs: Any) -> int:
        width = by_length(*args, **kwargs)
        measured.append(width)
        return width

    monkeypatch.setattr(text_table, "_measure_cell", counted)
    app = Tables()
    async with app.run_test(size=(160, 20)) as pilot:
        await pilot.pause()
        textual = app.query_one("#textual", DataTable)
        ours = app.query_one("#ours", TextTable)
        widths = [column.content_width for column in ours.columns.values()]
        assert widths == [column.content_width for column in textual.columns.values()]
        assert widths[0] == len("a-much-longer-profile-name-here")
        # The rows went through the length measure: Textual measures new rows where it did.
        assert len(measured) >= len(ROWS) * len(ROWS[0])
    assert data_table.measure is text_table._measure  # type: ignore[attr-defined]  # put back
