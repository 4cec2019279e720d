"""The key bar at the bottom of every screen: Textual's, rebuilt once per refresh.

Textual's ``Footer`` is a widget per key, rebuilt after each ``refresh_bindings()``; opening a
screen sends three (mount, resume, focus), so the monitor's keys were built three times over
before its first frame, the largest part of its cost. Here the rebuilds asked for before a
refresh come to one, with the bindings as they are by then.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    _rebuild_queued = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # As Textual's own (textual/widgets/_footer.py), but one rebuild however many calls.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_queued:
            self._rebuild_queued = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_queued = False
        await self.recompose()
