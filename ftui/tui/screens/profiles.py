"""Saved profiles: open one in the wizard, start a new draft, duplicate, rename, delete."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ftui.core import kinds
from ftui.core.catalog import load_catalog
from ftui.core.draft import Draft
from ftui.core.profiles import ProfileEntry, ProfileError, qualify
from ftui.core.safe_text import safe_text
from ftui.tui import guides
from ftui.tui.format import short_path
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.name_prompt import NameScreen
from ftui.tui.services import FtuiScreen

# Cut what a profile file says where it is shown: a cell, and the line under the table.
NAME_LIMIT = 100
DETAIL_LIMIT = 2000


def _kind(draft: Draft) -> str:
    return kinds.label(kinds.kind_of(draft.request))


def _model(draft: Draft) -> str:
    identifier = str(draft.get(("baseModelIdentifier",)) or "")
    match = load_catalog().match(identifier) if identifier else None
    return match.model.name if match else (identifier or "-")


def _state(entry: ProfileEntry) -> str:
    if entry.profile is None:
        return "unreadable"
    report = entry.profile.draft.validate(region=entry.profile.region)
    if report.ok:
        return "ready"
    count = len(report.errors)
    return f"{count} problem{'s' if count != 1 else ''}"


class ProfilesScreen(FtuiScreen[None]):
    PLACE = "Profiles"
    BINDINGS = [
        Binding("enter", "open", "Open", id="profiles.open"),
        Binding("n", "new", "New draft", id="profiles.new"),
        Binding("d", "duplicate", "Duplicate", id="profiles.duplicate"),
        Binding("r", "rename", "Rename", id="profiles.rename"),
        Binding("x,delete", "delete", "Delete", id="profiles.delete"),
        Binding("f5", "reload", "Reload", id="profiles.reload", show=False),
    ]
    KEY_GUIDE = guides.PROFILES

    def __init__(self) -> None:
        super().__init__(id="profiles-screen")
        self.entries: dict[str, ProfileEntry] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="profiles-intro", markup=False)
        yield DataTable(id="profiles", cursor_type="row", zebra_stripes=True)
        yield Static(id="profile-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#profiles", DataTable)
        # What a person looks for first comes first: at 80 columns the last column is cut.
        table.add_column("Profile", key="name")
        table.add_column("State", key="state")
        table.add_column("Type", key="type")
        table.add_column("Base model", key="model")
        table.add_column("Modified", key="modified")
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        table = self.query_one("#profiles", DataTable)
        selected = self._selected()
        table.clear()
        entries = self.ftui.store.list()
        self.entries = {e.qualified_name: e for e in entries}
        for entry in entries:
            draft = entry.profile.draft if entry.profile else None
            # DataTable reads a str cell as markup: a file's words go in as plain Text.
            table.add_row(
                Text(safe_text(entry.qualified_name, NAME_LIMIT)),
                _state(entry) + (" · edits kept" if self._has_kept(entry) else ""),
                Text(safe_text(_kind(draft), NAME_LIMIT)) if draft else "-",
                Text(safe_text(_model(draft), NAME_LIMIT)) if draft else "-",
                entry.modified.astimezone().strftime("%m-%d %H:%M"),
                key=entry.qualified_name,
            )
        if selected in self.entries:
            table.move_cursor(row=table.get_row_index(selected))
        folder = short_path(self.ftui.store.user_dir)
        intro = self.query_one("#profiles-intro", Static)
        if entries:
            intro.update(
                safe_text(f"{len(entries)} profile(s) in {folder} · enter opens one in the wizard")
            )
        else:
            intro.update(
                safe_text(
                    f"No profiles yet in {folder}. Press n for a new draft, or import one:"
                    " ftui import request.json --name NAME"
                )
            )
        self._show_detail()

    def _has_kept(self, entry: ProfileEntry) -> bool:
        """Unsaved changes were kept when the user left this profile's draft."""
        return self.ftui.autosave.kept(entry.qualified_name) is not None

    def _selected(self) -> str | None:
        table = self.query_one("#profiles", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _show_detail(self) -> None:
        entry = self.entries.get(self._selected() or "")
        detail = self.query_one("#profile-detail", Static)
        if entry is None:
            detail.update("")
            return
        if entry.error is not None:
            detail.update(safe_text(short_path(str(entry.error)), DETAIL_LIMIT, multiline=True))
            return
        assert entry.profile is not None
        lines = [short_path(entry.path)]
        if entry.profile.description:
            lines.insert(0, entry.profile.description)
        if entry.profile.region:
            lines.append(f"region {entry.profile.region}")
        detail.update(safe_text(" · ".join(lines), DETAIL_LIMIT, multiline=True))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "delete" and self.ftui.read_only)

    def action_open(self) -> None:
        entry = self.entries.get(self._selected() or "")
        if entry is None:
            return
        if entry.profile is None:
            self.notify(
                f"{short_path(str(entry.error))}\nFix or move the file; ftui never overwrites it.",
                title="Cannot open",
                severity="error",
                markup=False,
            )
            return
        self.ftui.open_profile(entry.qualified_name)

    def action_new(self) -> None:
        self.ftui.new_draft()

    def _name_action(self, title: str, suggestion: str, act: str) -> None:
        name = self._selected()
        if name is None:
            return
        entry = self.entries[name]

        def done(new_name: str | None) -> None:
            if not new_name:
                return
            try:
                if act == "rename":
                    self.ftui.store.rename(name, new_name)
                    self.ftui.autosave.move(name, qualify(new_name, entry.origin))
                else:
                    self.ftui.store.duplicate(name, new_name)
            except ProfileError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.action_reload()
            table = self.query_one("#profiles", DataTable)
            key = qualify(new_name, entry.origin)
            if key in self.entries:
                table.move_cursor(row=table.get_row_index(key))

        self.app.push_screen(NameScreen(title, suggestion, set(self.entries)), done)

    def action_duplicate(self) -> None:
        name = self._selected()
        if name is not None:
            self._name_action(f"Copy {name} as", f"{self.entries[name].name}-copy", "duplicate")

    def action_rename(self) -> None:
        name = self._selected()
        if name is not None:
            self._name_action(f"Rename {name} to", self.entries[name].name, "rename")

    def action_delete(self) -> None:
        name = self._selected()
        if name is None:
            return
        entry = self.entries[name]

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                kept = self.ftui.store.delete(name)
            except ProfileError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.ftui.autosave.forget(name)
            self.notify(f"Deleted {name}; a copy is in {short_path(kept)}", markup=False)
            self.action_reload()

        self.app.push_screen(
            ConfirmScreen(
                f"Delete profile {name}?",
                f"{short_path(entry.path)} moves to the deleted-profiles folder.",
                yes="Delete",
                danger=True,
            ),
            answer,
        )
