"""The key bar at the bottom of every screen: one widget drawing one line.

Not Textual's ``Footer``, which is a container holding a widget per key, rebuilt (all of them
styled and laid out again) each time the bindings change: on the monitor, that was the largest
single part of its first frame (~60 ms of CPU on a 2-core VM, of ~330), and a rebuilt footer
relaid the screen, which over SSH meant every line written again. Here the keys are text: a
change of bindings repaints this one line, and only when the keys shown did change.

It shows what Textual's would (the screen's active bindings marked ``show``, one key per action,
disabled ones dimmed, the command palette's key on the right when there is room for it), styled
by the same theme variables (ftui.tcss), and a click on a key presses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


@dataclass(frozen=True)
class Key:
    """One key as shown: what it presses, how it is written, what it does."""

    key: str
    display: str
    description: str
    enabled: bool
    palette: bool = False  # the command palette's key, drawn on the right


@dataclass(frozen=True)
class Span:
    """Where a key is drawn, for the mouse."""

    start: int
    end: int
    key: Key


class Footer(Widget):
    """The screen's keys, on one line; they follow focus and ``refresh_bindings()``."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--hover"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[Key, ...] | None = None
        self._spans: list[Span] = []
        self._hover: Key | None = None
        self._check_queued = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        # Sent in the middle of a change (a screen losing its widgets as it closes): the keys
        # are read once it is done, as Textual's footer does, and however many were sent.
        if screen is self.screen and not self._check_queued:
            self._check_queued = True
            self.call_after_refresh(self._check)

    def _check(self) -> None:
        self._check_queued = False
        if self.is_attached and self.keys() != self._shown:
            self.refresh()

    def keys(self) -> tuple[Key, ...]:
        """The keys to show, in the order the bindings give them."""
        active = self.screen.active_bindings
        keys: list[Key] = []
        actions: set[str] = set()
        app = self.app
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue  # Textual's footer too shows one key per action: its first
            actions.add(binding.action)
            display = app.get_key_display(binding)
            keys.append(Key(binding.key, display, binding.description, enabled))
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            display = app.get_key_display(binding)
            keys.append(Key(binding.key, display, binding.description, enabled, palette=True))
        return tuple(keys)

    def render(self) -> Text:
        keys = self.keys()
        self._shown = keys
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[Span] = []
        for key in keys:
            if not key.palette:
                spans.append(self._append(line, key))
        palette = next((key for key in keys if key.palette), None)
        if palette is not None:
            width = len(palette.display) + len(palette.description) + 3  # " k desc" and a bar
            gap = self.size.width - line.cell_len - width
            if gap >= 1:  # on the right when it fits; F1's list names it when it does not
                line.append(" " * gap)
                line.append("▏", self.get_component_rich_style("footer--description"))
                spans.append(self._append(line, palette))
        self._spans = spans
        return line

    def _append(self, line: Text, key: Key) -> Span:
        start = line.cell_len
        key_style = self.get_component_rich_style("footer--key")
        description_style = self.get_component_rich_style("footer--description")
        if key == self._hover:
            hover = self.get_component_rich_style("footer--hover")
            key_style, description_style = key_style + hover, description_style + hover
        piece = Text.assemble((f" {key.display} ", key_style))
        if key.description:
            piece.append(f"{key.description} ", description_style)
        if not key.enabled:
            piece.stylize("dim")
        line.append_text(piece)
        return Span(start, line.cell_len, key)

    def _key_at(self, x: int) -> Key | None:
        return next((span.key for span in self._spans if span.start <= x < span.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._key_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
