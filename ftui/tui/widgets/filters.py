"""Request metadata filters for invocation logs, as rows: key, equals or not, value.

One row is ``equals``/``notEquals``; several are combined with ``andAll`` (all must match) or
``orAll`` (any may). A filter the rows cannot express is shown as it is, to edit in the file.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from ftui.core.draft import Path
from ftui.core.safe_text import safe_text
from ftui.tui.widgets.field import BoundWidget, FieldChanged
from ftui.tui.widgets.safe_input import SafeInput

Row = tuple[str, str, str]  # key, "equals" | "notEquals", value


def rows_of(value: Any) -> tuple[str, list[Row]] | None:
    """(combine, rows) for a filter value, or ``None`` when rows cannot express it."""
    if value is None:
        return "andAll", []
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((kind, inner),) = value.items()
    if kind in ("equals", "notEquals"):
        row = _row(kind, inner)
        return ("andAll", [row]) if row else None
    if kind in ("andAll", "orAll") and isinstance(inner, list):
        rows = []
        for item in inner:
            if not isinstance(item, dict) or len(item) != 1:
                return None
            ((op, pair),) = item.items()
            row = _row(op, pair)
            if row is None:
                return None
            rows.append(row)
        return kind, rows
    return None


def _row(op: str, pair: Any) -> Row | None:
    if op not in ("equals", "notEquals") or not isinstance(pair, dict) or len(pair) != 1:
        return None
    ((key, value),) = pair.items()
    return str(key), op, str(value)


def value_of(combine: str, rows: list[Row]) -> Any:
    rows = [r for r in rows if r[0] or r[2]]
    if not rows:
        return None
    if len(rows) == 1:
        key, op, value = rows[0]
        return {op: {key: value}}
    return {combine: [{op: {key: value}} for key, op, value in rows]}


class _FilterRow(Horizontal):
    DEFAULT_CSS = "_FilterRow { height: 1; }"

    def __init__(self, row: Row) -> None:
        super().__init__(classes="editor-row")
        self._row = row

    def compose(self) -> ComposeResult:
        key, op, value = self._row
        yield SafeInput(key, placeholder="metadata key", compact=True, classes="filter-key")
        yield Select(
            [("equals", "equals"), ("is not", "notEquals")],
            value=op,
            allow_blank=False,
            compact=True,
            classes="filter-op",
        )
        yield SafeInput(value, placeholder="value", compact=True, classes="filter-value")
        yield Button("✕", classes="editor-remove", compact=True, tooltip="Remove this filter")

    def row(self) -> Row:
        op = self.query_one(Select).value
        return (
            self.query_one(".filter-key", Input).value,
            op if isinstance(op, str) else "equals",
            self.query_one(".filter-value", Input).value,
        )


class FiltersEditor(BoundWidget):
    DEFAULT_CSS = "FiltersEditor { height: auto; }"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.add_class("rows-editor")

    def compose(self) -> ComposeResult:
        yield Label(
            "Request metadata filters  [dim]optional · which logged requests to use[/]",
            classes="field-label",
        )
        yield Select(
            [("all must match", "andAll"), ("any may match", "orAll")],
            value="andAll",
            allow_blank=False,
            compact=True,
            id="filter-combine",
        )
        yield Vertical(classes="editor-rows")
        yield Button("+ Add filter", classes="editor-add", compact=True)
        yield Static("", classes="filter-raw", markup=False)
        yield Static("", classes="field-error", markup=False)

    def _show(self, value: Any) -> None:
        parsed = rows_of(value)
        raw = self.query_one(".filter-raw", Static)
        editable = parsed is not None
        for widget in (self.query_one("#filter-combine"), self.query_one(".editor-add")):
            widget.display = editable
        self.query_one(".editor-rows").display = editable
        if parsed is None:
            raw.update(
                safe_text(
                    f"These filters are more than rows can show; edit them in the profile: {value}",
                    multiline=True,
                )
            )
            return
        raw.update("")
        combine, rows = parsed
        if [r.row() for r in self.query(_FilterRow)] == rows:
            return
        select = self.query_one("#filter-combine", Select)
        with select.prevent(Select.Changed):
            select.value = combine
        container = self.query_one(".editor-rows", Vertical)
        container.remove_children()
        container.mount_all(_FilterRow(row) for row in rows)

    def _announce(self) -> None:
        combine = self.query_one("#filter-combine", Select).value
        rows = [r.row() for r in self.query(_FilterRow)]
        self.post_message(
            FieldChanged(
                self.path, value_of(combine if isinstance(combine, str) else "andAll", rows)
            )
        )

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, event: Input.Changed | Select.Changed) -> None:
        event.stop()
        self._announce()

    @on(Button.Pressed, ".editor-add")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        row = _FilterRow(("", "equals", ""))
        await self.query_one(".editor-rows", Vertical).mount(row)
        row.query_one(Input).focus()

    @on(Button.Pressed, ".editor-remove")
    async def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button.parent, _FilterRow):
            await event.button.parent.remove()
        self._announce()
        self.query_one(".editor-add", Button).focus()
