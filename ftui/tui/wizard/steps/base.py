"""What every step has: a title, the paths it owns, fields that show the draft and its problems."""

from __future__ import annotations

from typing import ClassVar

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from ftui.core.draft import Draft, Path
from ftui.core.problems import Problem
from ftui.tui.widgets.field import BoundWidget
from ftui.tui.wizard.context import WizardContext


class Step(VerticalScroll):
    """One page of the wizard."""

    title: ClassVar[str] = ""
    short: ClassVar[str] = ""
    # Request paths whose problems belong to this step (the longest prefix wins).
    paths: ClassVar[tuple[Path, ...]] = ()

    def __init__(self, context: WizardContext) -> None:
        super().__init__(id=f"step-{self.short.lower()}", classes="step")
        self.context = context
        self._bound: tuple[int, list[BoundWidget]] = (-1, [])

    def heading(self, text: str = "") -> Static:
        return Static(text or self.title, classes="step-title")

    def bound(self) -> list[BoundWidget]:
        """The widgets that edit request paths, in screen order.

        This runs for every step on every keystroke, and even a walk of the steps' nodes was a
        third of a keystroke's cost. Textual counts every change to the children of a node or of
        any node below it in ``_nodes._updates`` (its own query cache keys on it), so the walk
        is redone only when a step's fields were mounted or removed.
        """
        updates = self._nodes._updates
        if self._bound[0] != updates:
            found = [w for w in self.walk_children(with_self=False) if isinstance(w, BoundWidget)]
            self._bound = (updates, found)
        return self._bound[1]

    def _shown(self, widget: Widget) -> bool:
        node: Widget | None = widget
        while node is not None and node is not self:
            if not node.display:
                return False
            node = node.parent if isinstance(node.parent, Widget) else None
        return True

    def show_draft(self, draft: Draft) -> None:
        """Put the draft's values into the fields (when a draft is opened or rebuilt)."""
        for widget in self.bound():
            widget.show(draft.get(widget.path))

    def show_problems(self, problems: list[Problem]) -> None:
        """Give each problem to the field that edits its path.

        A problem about a whole structure ("set one of s3Uri") goes to the first visible field
        inside it, so no problem of this step goes unseen.
        """
        fields = self.bound()
        owned: dict[int, list[Problem]] = {id(w): [] for w in fields}
        visible: list[BoundWidget] | None = None  # asked only for a problem without a field
        for problem in problems:
            owner = max(
                (w for w in fields if problem.loc[: len(w.path)] == w.path),
                key=lambda w: len(w.path),
                default=None,
            )
            if owner is None:
                if visible is None:
                    visible = [w for w in fields if isinstance(w, Widget) and self._shown(w)]
                owner = next(
                    (w for w in visible if w.path[: len(problem.loc)] == problem.loc), None
                )
            if owner is not None:
                owned[id(owner)].append(problem)
        for widget in fields:
            widget.set_problems(owned[id(widget)])

    def draft_changed(self, draft: Draft, changed: list[Path]) -> None:
        """Show the values an edit moved (a chosen model's ID, suggested names, defaults).

        The field being typed in is left alone: rewriting it would move the cursor under the
        person's fingers (``1,2`` in a list field reads back as ``1, 2``).
        """
        for widget in self.bound():
            if not any(_overlap(widget.path, path) for path in changed):
                continue
            if isinstance(widget, Widget) and widget.has_focus_within:
                continue
            widget.show(draft.get(widget.path))

    def context_changed(self, draft: Draft) -> None:
        """The region or the models on offer changed."""

    def focus_path(self, path: Path) -> bool:
        """Focus the field that edits ``path`` (or the nearest one above it)."""
        best = None
        for widget in self.bound():
            if path[: len(widget.path)] == widget.path and (
                best is None or len(widget.path) > len(best.path)
            ):
                best = widget
        if best is None:
            return False
        assert isinstance(best, Widget)
        target = next((w for w in self.screen.focus_chain if best in w.ancestors_with_self), None)
        if target is not None:
            target.focus()
        self.scroll_to_widget(best)
        return True

    def enter(self) -> None:
        """The step is shown: its top in view, the cursor in its first field."""
        self.first_focus()
        self.call_after_refresh(self.scroll_home, animate=False)

    def first_focus(self) -> None:
        """The first control a person can see and use (hidden ones never take focus)."""
        for widget in self.screen.focus_chain:
            if self in widget.ancestors:
                widget.focus()
                return


def _overlap(a: Path, b: Path) -> bool:
    return a[: len(b)] == b or b[: len(a)] == a
