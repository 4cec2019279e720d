"""Editors for lists in a request: tags, validation sets, free-form hyperparameters.

Each keeps its rows as typed and posts the whole list as one :class:`FieldChanged`.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from ftui.core.draft import Path
from ftui.tui.widgets.field import BoundWidget, FieldChanged
from ftui.tui.widgets.safe_input import SafeInput


class _Row(Horizontal):
    DEFAULT_CSS = "_Row { height: 1; }"

    def __init__(self, values: list[str], placeholders: list[str]) -> None:
        super().__init__(classes="editor-row")
        self._values = values
        self._placeholders = placeholders

    def compose(self) -> ComposeResult:
        for value, placeholder in zip(self._values, self._placeholders, strict=True):
            yield SafeInput(value, placeholder=placeholder, compact=True, select_on_focus=False)
        yield Button("✕", classes="editor-remove", compact=True, tooltip="Remove this row")

    def values(self) -> list[str]:
        return [i.value for i in self.query(Input)]


class RowsEditor(BoundWidget):
    """Rows of one or more inputs, with add and remove buttons, bound to a request path."""

    DEFAULT_CSS = "RowsEditor { height: auto; }"

    def __init__(
        self,
        path: Path,
        label: str,
        *,
        columns: list[str],
        add_label: str,
        limit: int,
        help: str = "",
    ) -> None:
        super().__init__(path)
        self.add_class("rows-editor")
        self._label = label
        self._columns = columns
        self._add_label = add_label
        self._limit = limit
        self._help = help

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="field-label")
        yield Vertical(classes="editor-rows")
        yield Button(self._add_label, classes="editor-add", compact=True)
        yield Static("", classes="field-error", markup=False)
        if self._help:
            yield Static(self._help, classes="field-help", markup=False)

    # --- conversions between rows and the request value ----------------------------------

    def rows_of(self, value: Any) -> list[list[str]]:
        raise NotImplementedError

    def value_of(self, rows: list[list[str]]) -> Any:
        raise NotImplementedError

    # --- showing and editing ----------------------------------------------------------------

    def _show(self, value: Any) -> None:
        rows = self.rows_of(value)
        current = [row.values() for row in self.query(_Row)]
        if current == rows:
            return
        container = self.query_one(".editor-rows", Vertical)
        container.remove_children()
        container.mount_all(_Row(row, self._columns) for row in rows)
        self._update_add()

    def _rows(self) -> list[list[str]]:
        # A row being built (mounted, its inputs not yet) is not a row yet.
        rows = (row.values() for row in self.query(_Row))
        return [values for values in rows if len(values) == len(self._columns)]

    def _update_add(self) -> None:
        self.query_one(".editor-add", Button).disabled = len(self.query(_Row)) >= self._limit

    def _announce(self) -> None:
        self.post_message(FieldChanged(self.path, self.value_of(self._rows())))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._announce()

    @on(Button.Pressed, ".editor-add")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        row = _Row(["" for _ in self._columns], self._columns)
        await self.query_one(".editor-rows", Vertical).mount(row)
        self._update_add()
        row.query(Input).first().focus()
        self._announce()

    @on(Button.Pressed, ".editor-remove")
    async def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        row = event.button.parent
        if isinstance(row, _Row):
            await row.remove()
        self._update_add()
        self._announce()
        remaining = self.query(Input)
        if remaining:
            remaining.last().focus()
        else:
            self.query_one(".editor-add", Button).focus()


class TagsEditor(RowsEditor):
    """``[{"key": ..., "value": ...}]`` (up to 200)."""

    def __init__(self, path: Path, label: str, help: str = "") -> None:
        super().__init__(
            path, label, columns=["key", "value"], add_label="+ Add tag", limit=200, help=help
        )

    def rows_of(self, value: Any) -> list[list[str]]:
        if not isinstance(value, list):
            return []
        return [
            [str(t.get("key", "")), str(t.get("value", ""))] for t in value if isinstance(t, dict)
        ]

    def value_of(self, rows: list[list[str]]) -> Any:
        tags = [{"key": k, "value": v} for k, v in rows if k or v]
        return tags or None


class MapEditor(RowsEditor):
    """``{key: value}`` with string values: free-form hyperparameters."""

    def __init__(self, path: Path, label: str, help: str = "") -> None:
        super().__init__(
            path,
            label,
            columns=["name", "value"],
            add_label="+ Add parameter",
            limit=100,
            help=help,
        )

    def rows_of(self, value: Any) -> list[list[str]]:
        if not isinstance(value, dict):
            return []
        return [[str(k), "" if v is None else str(v)] for k, v in value.items()]

    def value_of(self, rows: list[list[str]]) -> Any:
        mapping = {k: v for k, v in rows if k}
        return mapping or None


class UriListEditor(RowsEditor):
    """``[{"s3Uri": ...}]``: validation data sets (up to 10)."""

    def __init__(self, path: Path, label: str, help: str = "") -> None:
        super().__init__(
            path,
            label,
            columns=["s3://bucket/validation.jsonl"],
            add_label="+ Add validation set",
            limit=10,
            help=help,
        )

    def rows_of(self, value: Any) -> list[list[str]]:
        if not isinstance(value, list):
            return []
        return [[str(v.get("s3Uri", ""))] for v in value if isinstance(v, dict)]

    def value_of(self, rows: list[list[str]]) -> Any:
        return [{"s3Uri": uri.strip()} for (uri,) in rows if uri.strip()] or None
