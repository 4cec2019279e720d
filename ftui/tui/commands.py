"""The palette (Ctrl+P): places, drafts, checks, fixes, wizard steps, profiles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.app import SystemCommand
from textual.screen import Screen

from ftui.tui.format import short_path
from ftui.tui.screens.jobs import JobsScreen

if TYPE_CHECKING:
    from ftui.tui.app import FtuiApp


# Profiles the palette reads itself to describe them: ~0.3 ms each, a blink for this many.
PALETTE_READS = 50


def palette(app: FtuiApp, screen: Screen[Any]) -> Iterator[SystemCommand]:
    """The commands of ``screen``, after Textual's own (theme, keys, quit)."""
    yield SystemCommand("Jobs", "The jobs monitor (F2)", lambda: app.switch_mode("jobs"))
    yield SystemCommand("Profiles", "Saved profiles (F3)", lambda: app.switch_mode("profiles"))
    yield SystemCommand(
        "Draft", "The wizard's working draft (F4)", lambda: app.switch_mode("wizard")
    )
    yield SystemCommand(
        "Models", "Custom models: deploy, try, delete (F7)", lambda: app.switch_mode("models")
    )
    yield SystemCommand("New draft", "Start a new job request", app.new_draft)
    yield SystemCommand("Keys", "Every key of this screen (F1)", app.action_help)
    yield from _jobs_commands(screen)
    if app.current_mode == "wizard":
        from ftui.tui.wizard.commands import wizard_commands  # loaded with the wizard

        yield from wizard_commands(app, screen)
    yield from _profile_commands(app)


def _profile_commands(app: FtuiApp) -> Iterator[SystemCommand]:
    """Open each profile: described as read when the profiles screen (or this, for a few
    files) has read it, else by its path. Reading a thousand at each Ctrl+P took a second."""
    files = [file for file in app.store.files() if file.error is None]
    summaries = app.profile_summaries
    unread = [file for file in files if summaries.get(file) is None]
    if len(unread) <= PALETTE_READS:
        for file in unread:
            summaries.read(app.store, file)
    for file in files:
        summary = summaries.get(file)
        profile = summary.entry.profile if summary is not None else None
        yield SystemCommand(
            f"Open profile {file.qualified_name}",
            (profile.description if profile is not None else "") or short_path(file.path),
            lambda n=file.qualified_name: app.open_profile(n),
        )


@runtime_checkable
class _Charts(Protocol):
    """A screen with loss curves (a job's detail, a comparison): the chart library loads with
    the first of them, so the palette asks for the method, not the class."""

    def action_chart(self, what: str) -> None: ...


def _jobs_commands(screen: Screen[Any]) -> Iterator[SystemCommand]:
    """The monitor's comparison, and the curves of a job's detail or of a comparison."""
    if isinstance(screen, JobsScreen):
        yield SystemCommand(
            "Compare marked jobs",
            "Their curves on one chart, settings side by side (Space marks, c compares)",
            screen.action_compare,
        )
    if isinstance(screen, _Charts):
        charts = screen
        yield SystemCommand(
            "Loss or perplexity", "Draw the other one (p)", lambda: charts.action_chart("value")
        )
        yield SystemCommand(
            "By step or by epoch", "Along the other axis (x)", lambda: charts.action_chart("by")
        )
