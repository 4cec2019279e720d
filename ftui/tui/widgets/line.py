"""A one-line text that repaints itself alone when it changes.

``Static.update`` asks for a new layout of the whole screen, which repaints the scrollbars of
every scrolling widget: over SSH that is more bytes than the line itself. A line of fixed height
needs no layout.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ftui.core.safe_text import safe_text


class Line(Widget):
    DEFAULT_CSS = """
    Line {
        height: 1;
        text-wrap: nowrap;  /* a long word (a job's name) is cut, not wrapped out of sight */
        text-overflow: ellipsis;
    }
    """

    text: reactive[str] = reactive("", layout=False)

    def render(self) -> Content:
        # Plain text, never markup: a line says what happened to a job, by its name, and a name
        # like ``[@click=app.quit]`` would be a button; its control characters are shown too.
        return Content(safe_text(self.text))
