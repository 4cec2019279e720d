"""The screen every picker is: a filter, a list of what AWS has, paging, refresh, levels.

The focus stays in the filter (as in fzf): typing filters what is loaded, ↑ ↓ PgUp PgDn move
in the list, Enter opens or picks what is highlighted, or takes the filter's text when it is a
whole value typed by hand. The pages listed come from AWS through a
:class:`~ftui.tui.pickers.loading.PageLoader`; a failure is shown in the picker until Ctrl+R
tries again.

A picker moves through levels (buckets, then a bucket's folders ...): each lists one
:class:`Source`, and going up shows the level left, on the item it was left from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import Worker

from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources import Page
from ftui.core.safe_text import safe_text
from ftui.tui.pickers.choices import MARK_WIDTH, MORE, ChoiceList, Row, header, line, notice
from ftui.tui.pickers.choices import widths as fit_widths
from ftui.tui.pickers.levels import (
    PICKER_KEYS,
    FilterInput,
    Level,
    Listing,
    Source,
)
from ftui.tui.pickers.loading import PageLoader
from ftui.tui.pickers.values import Picked, PickKind, typed_value
from ftui.tui.screens.help import Section
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.footer import Footer
from ftui.tui.widgets.line import Line

ERROR_LIMIT = 600


class PickerScreen(ModalScreen[Picked], FtuiScreen[Picked]):
    """A picker; subclasses say what a level lists (:meth:`fetch`) and what Enter does."""

    PLACE = "Picker"
    KEY_GUIDE: ClassVar[tuple[Section, ...]] = (PICKER_KEYS,)
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        # A modal screen hides the app's keys: its help is bound here again.
        Binding("f1", "app.help", "Keys", id="picker.help"),
        Binding("ctrl+r,f5", "refresh", "Refresh", id="picker.refresh"),
        # Priority, so that they reach the screen before the filter; they stand back (and the
        # filter gets the key) unless the filter is empty: see check_action.
        Binding("left,backspace", "up_level", "Up", id="picker.up", show=False, priority=True),
        Binding("up", "move('cursor_up')", "Up", show=False),
        Binding("down", "move('cursor_down')", "Down", show=False),
        Binding("pageup", "move('page_up')", "Page up", show=False),
        Binding("pagedown", "move('page_down')", "Page down", show=False),
    ]

    @dataclass
    class PageLoaded(Message):
        """A page of ``source`` (or why not), posted by the :class:`PageLoader`'s worker."""

        source: Source
        token: str | None
        outcome: Outcome[Page[Any]]
        generation: int

    def __init__(self, kind: PickKind, *, region: str, title: str) -> None:
        super().__init__(classes="picker-screen")
        self.kind = kind
        self.aws_region = region
        self.title_text = title
        self.levels: list[tuple[Level, str | None]] = []  # each with the value left from
        self.loader = PageLoader(self)
        self.wanted: str | None = None  # a value to highlight once it is listed
        self._continue_at: int | None = None  # the line a page being listed starts at
        self._status = ""
        self._sizes: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker"):
            yield Line(id="picker-title")
            with Horizontal(id="picker-filter-row"):
                yield Static("Filter ", id="picker-filter-label", markup=False)
                yield FilterInput(id="picker-filter", compact=True, select_on_focus=False)
            yield Line(id="picker-header")
            yield ChoiceList(id="picker-list")
            yield Static(id="picker-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.filter.focus()
        self.start()
        self.call_after_refresh(self.show)  # again, with the width the list was given

    # --- what a picker says ---------------------------------------------------------------

    def start(self) -> None:
        """Open the first level(s): at the field's current value where there is one."""
        raise NotImplementedError

    def fetch(
        self, session: AwsSession, source: Source, token: str | None, page_size: int
    ) -> Outcome[Page[Any]]:
        """A page of ``source`` (in a worker thread: use only the arguments and settings)."""
        raise NotImplementedError

    def row(self, item: Any) -> Row:
        return Row(tuple(item.cells))

    def choose(self, item: Any) -> None:
        """Enter on ``item``: pick it (dismiss with its value) or open it."""
        self.dismiss(item.value)

    def hint(self, item: Any) -> str:
        """What to say of the highlighted item on the status line."""
        return ""

    def ordered(self, items: list[Any]) -> list[Any]:
        """The loaded items in the order shown (S3: folders first)."""
        return items

    def more_label(self, listing: Listing) -> str:
        return "more…  Enter lists the next page"

    def narrowed(self, text: str) -> Source | None:
        """A listing of the level that AWS filters by ``text`` (S3's Prefix); None: none."""
        return None

    def take_typed(self, value: Picked) -> None:
        self.dismiss(value)

    def take_text(self, text: str) -> bool:
        """Enter on text that is not a whole value: whether the picker did something with it."""
        return False

    # --- levels ---------------------------------------------------------------------------

    @property
    def filter(self) -> FilterInput:
        return self.query_one("#picker-filter", FilterInput)

    @property
    def choices(self) -> ChoiceList:
        return self.query_one("#picker-list", ChoiceList)

    @property
    def level(self) -> Level:
        return self.levels[-1][0]

    def enter(self, level: Level, *, wanted: str | None = None) -> None:
        """Show ``level`` (loading it if it is not yet), the filter empty."""
        if self.levels:
            self.levels[-1] = (self.levels[-1][0], self.highlighted_value())
        self.levels.append((level, None))
        self._arrive(wanted)

    def go(self, path: list[tuple[Level, str | None]], *, wanted: str | None = None) -> None:
        """Show the last level of ``path``, each before it as if left from its value there."""
        self.levels = list(path)
        self._arrive(wanted)

    def action_up_level(self) -> None:
        self.levels.pop()
        self._arrive(self.levels[-1][1])

    def _arrive(self, wanted: str | None) -> None:
        self.wanted = wanted
        self.loader.narrow = None
        with self.filter.prevent(Input.Changed):
            self.filter.value = ""
        level = self.level
        self._show_title()
        self.filter.placeholder = level.prompt
        self.filter.space_checks = level.marked
        self._sizes = []
        self.refresh_bindings()
        if level.source not in self.loader.listings:
            self.loader.load(level.source)
        self.show()

    def relabel(self, where: str) -> None:
        """Say better where the level shown is (a VPC's name, once it is known)."""
        level, left_from = self.levels[-1]
        self.levels[-1] = (replace(level, where=where), left_from)
        self._show_title()

    def _show_title(self) -> None:
        text = f"{self.title_text}  {self.level.where}".rstrip()
        self.query_one("#picker-title", Line).text = text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "up_level":
            return len(self.levels) > 1 and not self.filter.value
        return True

    # --- loading --------------------------------------------------------------------------

    @on(PageLoaded)
    def _page_loaded(self, event: PageLoaded) -> None:
        self.loader.page_loaded(event)

    def loaded(self, source: Source, listing: Listing) -> None:
        """A page of ``source`` arrived (or failed)."""

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        self.loader.worker_changed(event)

    def action_refresh(self) -> None:
        """Forget what was listed of this level's listing, and list it again from AWS."""
        self.wanted = self.highlighted_value()
        self.loader.refresh(self.level.source)
        self.show()

    # --- the filter -----------------------------------------------------------------------

    @on(Input.Changed, "#picker-filter")
    def _typed(self, event: Input.Changed) -> None:
        self.loader.narrow_to(self.narrowed(event.value))
        self.show()

    @on(Input.Submitted, "#picker-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        value = typed_value(self.kind, text) if text else None
        items = self.choices.items
        if value is not None and (not items or any(i.value == text for i in items)):
            self.take_typed(value)
            return
        if text and not items and self.take_text(text):
            return
        entry = self.choices.entry
        if entry is MORE:
            self.more()
        elif entry is not None:
            self.choose(entry)
        elif self.shown_listing().error is not None:
            self.action_refresh()

    def more(self) -> None:
        source = self.shown_source()
        listing = self.loader.listings[source]
        if listing.next_token:
            self._continue_at = len(self.choices.items)
            self.loader.load(source, listing.next_token)
            self.show()

    def matches(self, item: Any, words: list[str]) -> bool:
        text = " ".join(item.cells).lower()
        return all(word in text for word in words)

    # --- showing --------------------------------------------------------------------------

    def shown_source(self) -> Source:
        """The narrowed listing once AWS has answered it, else the level's own."""
        narrow = self.loader.narrow
        query = self.loader.listings.get(narrow) if narrow else None
        if narrow is not None and query is not None and (query.pages or query.error):
            return narrow
        return self.level.source

    def shown_listing(self) -> Listing:
        return self.loader.listings.get(self.shown_source()) or Listing()

    def highlighted_value(self) -> str | None:
        entry = self.choices.entry
        return str(entry.value) if entry is not None and entry is not MORE else None

    def show(self) -> None:
        """Fill the list from what is loaded and typed; the highlight stays on its item."""
        if not self.levels:
            return
        level = self.level
        listing = self.shown_listing()
        text = self.filter.value
        words = text.lower().split()
        items = [i for i in self.ordered(listing.items) if self.matches(i, words)]
        sizes = self._fit(level)
        lines: list[tuple[Any, Any]] = [(item, line(self.row(item), sizes)) for item in items]
        narrow = self.loader.narrow
        asking = narrow is not None and self.shown_source() != narrow
        last = listing.last_line(asking=asking, empty=not items, text=text, noun=level.noun)
        if last is not None:
            lines.append((None, notice(last)))
        elif listing.next_token:
            lines.append((MORE, notice(self.more_label(listing), enabled=True)))
        keep = self.wanted or self.highlighted_value()
        at = None if listing.loading else self._continue_at  # the page just listed
        self.choices.fill(lines, keep=keep, at=at)
        if at is not None:
            self._continue_at = None
        if listing.pages or listing.error:
            self.wanted = None  # looked for in the first page only
        self.show_status()

    def show_status(self) -> None:
        listing = self.shown_listing()
        status = self.query_one("#picker-status", Static)
        status.set_class(listing.error is not None, "-error")
        entry = self.choices.entry
        text = listing.status(
            shown=len(self.choices.items),
            total=len(self.ordered(listing.items)),
            noun=self.level.noun,
            hint=self.hint(entry) if entry is not None and entry is not MORE else "",
        )
        text = safe_text(text, ERROR_LIMIT)  # errors and hints quote what AWS has
        if text != self._status:  # an update lays the screen out again: only for news
            self._status = text
            status.update(text)

    @on(ChoiceList.OptionHighlighted, "#picker-list")
    def _highlighted(self) -> None:
        self.show_status()

    @on(ChoiceList.OptionSelected, "#picker-list")
    def _clicked(self, event: ChoiceList.OptionSelected) -> None:
        entry = self.choices.entries[event.option_index]
        if entry is MORE:
            self.more()
        elif entry is not None:
            self.choose(entry)

    def _fit(self, level: Level) -> list[int]:
        # One column stays free for the scrollbar, which comes and goes with the length.
        width = self.choices.size.width - 1 - (MARK_WIDTH if level.marked else 0)
        sizes = fit_widths(level.columns, max(width, 20))
        if sizes != self._sizes:
            self._sizes = sizes
            self.query_one("#picker-header", Line).text = header(
                level.columns, sizes, marked=level.marked
            )
        return sizes

    def on_resize(self) -> None:
        self.call_after_refresh(self.show)

    # --- moving and leaving ---------------------------------------------------------------

    def action_move(self, how: str) -> None:
        move: Callable[[], None] = getattr(self.choices, f"action_{how}")
        move()

    def action_cancel(self) -> None:
        self.dismiss(None)
