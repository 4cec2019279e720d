"""The first screen: saved profiles at a glance."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ftui.core.profiles import ProfileEntry, ProfileStore
from ftui.tui.format import short_path


def _state(entry: ProfileEntry) -> str:
    if entry.profile is None:
        return "unreadable"
    report = entry.profile.draft.validate(region=entry.profile.region)
    if report.ok:
        return "ready"
    count = len(report.errors)
    return f"{count} problem{'s' if count != 1 else ''}"


class HomeScreen(Screen[None]):
    """Profiles, with the state each is in. The wizard and the jobs monitor open from here."""

    BINDINGS = [Binding("r", "reload", "Reload", id="home.reload")]

    def __init__(self, store: ProfileStore) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-intro")
        yield DataTable(id="profiles", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-problems")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#profiles", DataTable)
        table.add_columns("Profile", "Type", "Base model", "Modified", "State")
        self.action_reload()

    def action_reload(self) -> None:
        table = self.query_one("#profiles", DataTable)
        table.clear()
        entries = self.store.list()
        for entry in entries:
            draft = entry.profile.draft if entry.profile else None
            table.add_row(
                entry.qualified_name,
                str(draft.get(("customizationType",)) or "FINE_TUNING") if draft else "-",
                str(draft.get(("baseModelIdentifier",)) or "-") if draft else "-",
                entry.modified.strftime("%Y-%m-%d %H:%M"),
                _state(entry),
                key=entry.qualified_name,
            )
        intro = self.query_one("#home-intro", Static)
        if entries:
            intro.update(f"{len(entries)} profile(s) in {short_path(self.store.user_dir)}")
        else:
            intro.update(
                f"No profiles yet in {short_path(self.store.user_dir)}.\n"
                "Import one with: ftui import request.json --name NAME"
            )
        broken = [e for e in entries if e.error is not None]
        self.query_one("#home-problems", Static).update(
            "\n".join(short_path(str(e.error)) for e in broken)
        )
