"""What a picker is made of: the levels it moves through, what each lists, and its filter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ftui.core.resources import PageKey
from ftui.tui.pickers.choices import Column
from ftui.tui.screens.help import Row as HelpRow
from ftui.tui.screens.help import Section
from ftui.tui.widgets.safe_input import SafeInput

PICKER_KEYS = Section(
    "Picker",
    (
        HelpRow("Filter what is listed", keys="type"),
        HelpRow("Move in the list", keys="↑ ↓ PgUp PgDn"),
        HelpRow("Open or pick; take a whole value typed by hand", keys="Enter"),
        HelpRow("Up a level (with the filter empty)", ("picker.up",)),
        HelpRow("List again from AWS (drops what was kept)", ("picker.refresh",)),
        HelpRow("Close without picking", ("picker.cancel",)),
        HelpRow("These keys", ("picker.help",)),
    ),
)


@dataclass(frozen=True)
class Source:
    """A listing of one thing: the cache's key, without the page token."""

    listing: str
    region: str
    parent: str = ""

    def key(self, token: str | None) -> PageKey:
        return PageKey(self.listing, self.region, self.parent, token)


@dataclass
class Listing:
    """What this picker has loaded of a source."""

    items: list[Any] = field(default_factory=list)
    next_token: str | None = None
    pages: int = 0
    loading: bool = False
    error: str | None = None

    def status(self, *, shown: int, total: int, noun: str, hint: str) -> str:
        """The line under the list: the error, the highlighted item's hint, or a count."""
        if self.error is not None:
            return f"⚠ {self.error}  (Ctrl+R tries again)"
        count = f"{shown} of {total}" if shown != total else str(shown)
        more = ", more to list" if self.next_token else ""
        return hint or f"{count} {noun}{more}"

    def last_line(self, *, asking: bool, empty: bool, text: str, noun: str) -> str | None:
        """What closes the list when it is not a "more…" line: loading, or why it is empty
        (an empty page with more to list says "more…": what is typed may be further on)."""
        if self.loading or asking:
            return "Loading…"
        if empty and self.error is None and self.next_token is None:
            return f"Nothing here matches “{text}”" if text else f"No {noun} here"
        return None


@dataclass(frozen=True)
class Level:
    source: Source
    where: str  # shown after the title: "s3://ftui-demo-data/support/"
    columns: tuple[Column, ...]
    noun: str  # "buckets", "roles": "No roles"
    marked: bool = False  # rows carry a check mark (a multiple choice)
    prompt: str = "type to filter, or a whole value by hand · Enter picks"


class FilterInput(SafeInput):
    """The filter. On a level of check marks a space checks instead of being typed.

    Textual hands a key an Input would type to the Input, whatever is bound to it higher up,
    unless the Input says it does not take it.
    """

    space_checks = False

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key == "space" and self.space_checks:
            return False
        return super().check_consume_key(key, character)
