"""A one-line text that repaints itself alone when it changes.

``Static.update`` asks for a new layout of the whole screen, which repaints the scrollbars of
every scrolling widget: over SSH that is more bytes than the line itself. A line of fixed height
needs no layout.
"""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget


class Line(Widget):
    DEFAULT_CSS = """
    Line {
        height: 1;
    }
    """

    text: reactive[str] = reactive("", layout=False)

    def render(self) -> str:
        return self.text
