"""Saved profiles: open one in the wizard, start a new draft, duplicate, rename, delete."""

from __future__ import annotations

import os

from rich.cells import cell_len
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static
from textual.widgets.data_table import ColumnKey
from textual.worker import get_current_worker

from ftui.core.profile_summary import ProfileSummary
from ftui.core.profile_types import ProfileEntry, ProfileError, ProfileFile, qualify
from ftui.core.safe_text import safe_text
from ftui.tui import guides
from ftui.tui.format import short_path
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.name_prompt import NameScreen
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.cell import Cell
from ftui.tui.widgets.footer import Footer
from ftui.tui.widgets.text_table import TextTable

# Cut what a profile file says where it is shown: a cell, and the line under the table.
NAME_LIMIT = 100
DETAIL_LIMIT = 2000
# Rows a worker fills in at a time: each fill redraws the table once.
FILL_BATCH = 200
READING = "reading…"
READ_GROUP = "profiles-read"


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
        # Every listed file by qualified name; reading them is the cache's business.
        self.files: dict[str, ProfileFile] = {}
        self._reload_due = False
        self._any_kept = False
        # The listing whose every row is drawn as read, if nothing changed since.
        self._complete: tuple[ProfileFile, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="profiles-intro", markup=False)
        yield TextTable(id="profiles", cursor_type="row", zebra_stripes=True)
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

    def on_screen_resume(self) -> None:
        # Textual resumes a mode's new screen twice: one listing answers both.
        if not self._reload_due:
            self._reload_due = True
            self.call_later(self.action_reload)

    def action_reload(self) -> None:
        """List every file at once; read the first screenful (and the selected) before drawing.

        A thousand profiles take a second to read and check: the rest are read by a worker and
        their rows filled in as they come, and unchanged files are never read twice.
        """
        self._reload_due = False
        self.workers.cancel_group(self, READ_GROUP)  # its rows may be gone or read again below
        table = self.query_one("#profiles", DataTable)
        selected = self._selected()
        files = self.ftui.store.files()
        any_kept, self._any_kept = self._any_kept, self._anything_kept()
        if files == self._complete and not (any_kept or self._any_kept):
            self._show_detail()
            return  # every row is drawn as it is on disk: rebuilding would change nothing
        self._complete = None
        self.ftui.profile_summaries.keep_only(files)
        self.files = {f.qualified_name: f for f in files}
        # No more rows than the terminal has lines can show before the person scrolls.
        at_once = {f.qualified_name for f in files[: self.app.size.height]} | {selected}
        waiting = []
        table.clear()
        for file in files:
            summary = self.ftui.profile_summaries.get(file)
            if summary is None and file.qualified_name in at_once:
                summary = self.ftui.profile_summaries.read(self.ftui.store, file)
            if summary is None:
                waiting.append(file)
            # DataTable reads a str cell as markup: a file's words go in as plain Text.
            table.add_row(
                Cell(safe_text(file.qualified_name, NAME_LIMIT)),
                *self._cells(summary),
                Cell(file.modified.astimezone().strftime("%m-%d %H:%M")),
                key=file.qualified_name,
            )
        if waiting:
            # After the first frame: a reading thread holds the GIL most of each switch interval.
            self.call_after_refresh(self._read_the_rest, files, waiting)
        else:
            self._complete = files
        if selected in self.files:
            table.move_cursor(row=table.get_row_index(selected))
        folder = short_path(self.ftui.store.user_dir)
        intro = self.query_one("#profiles-intro", Static)
        if files:
            intro.update(
                safe_text(f"{len(files)} profile(s) in {folder} · enter opens one in the wizard")
            )
        else:
            intro.update(
                safe_text(
                    f"No profiles yet in {folder}. Press n for a new draft, or import one:"
                    " ftui import request.json --name NAME"
                )
            )
        self._show_detail()

    def _cells(self, summary: ProfileSummary | None) -> tuple[Cell, Cell, Cell]:
        """State, type and base model; a row not read yet says so."""
        if summary is None:
            return (Cell(READING), Cell(), Cell())
        kept = self._has_kept(summary.entry)
        state = Cell(summary.state + (" · edits kept" if kept else ""))
        if summary.kind is None or summary.model is None:
            return (state, Cell("-"), Cell("-"))
        kind = Cell(safe_text(summary.kind, NAME_LIMIT))
        return (state, kind, Cell(safe_text(summary.model, NAME_LIMIT)))

    @work(thread=True, exclusive=True, group=READ_GROUP, exit_on_error=False)
    def _read_the_rest(self, listed: tuple[ProfileFile, ...], files: list[ProfileFile]) -> None:
        """Read ``files`` off the UI thread, filling in their rows a batch at a time."""
        worker = get_current_worker()
        batch: list[ProfileSummary] = []
        for file in files:
            if worker.is_cancelled:
                return  # a newer listing has its own worker
            batch.append(self.ftui.profile_summaries.read(self.ftui.store, file))
            if len(batch) == FILL_BATCH:
                self.app.call_from_thread(self._fill, batch)
                batch = []
        self.app.call_from_thread(self._fill, batch, listed)

    def _fill(
        self, summaries: list[ProfileSummary], complete: tuple[ProfileFile, ...] | None = None
    ) -> None:
        """Rows read by the worker; with ``complete``, the last of them for that listing."""
        if complete is not None and complete == tuple(self.files.values()):
            self._complete = complete
        table = self.query_one("#profiles", DataTable)
        for summary in summaries:
            key = summary.entry.qualified_name
            if key not in table.rows:
                continue  # gone from the list since
            cells = dict(zip(("state", "type", "model"), self._cells(summary), strict=True))
            for column, value in cells.items():
                # Columns only grow here: asked to fit a narrower cell, DataTable measures every
                # cell of the column again, a thousand rows for each row filled in.
                wider = cell_len(str(value)) > table.columns[ColumnKey(column)].content_width
                table.update_cell(key, column, value, update_width=wider)
        self._show_detail()

    def _entry(self, name: str | None) -> ProfileEntry | None:
        """The listed profile ``name`` as read (now, if the worker has not come to it)."""
        file = self.files.get(name or "")
        if file is None:
            return None
        return self.ftui.profile_summaries.read(self.ftui.store, file).entry

    def _has_kept(self, entry: ProfileEntry) -> bool:
        """Unsaved changes were kept when the user left this profile's draft."""
        return self._any_kept and self.ftui.autosave.kept(entry.qualified_name) is not None

    def _anything_kept(self) -> bool:
        """Whether any draft is kept at all: most often none, and then no row opens a file."""
        try:
            with os.scandir(self.ftui.autosave.kept_dir) as kept:
                return any(True for _ in kept)
        except OSError:
            return False

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
        entry = self._entry(self._selected())
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
        entry = self._entry(self._selected())
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
        file = self.files.get(name or "")
        if name is None or file is None:
            return

        def done(new_name: str | None) -> None:
            if not new_name:
                return
            try:
                if act == "rename":
                    self.ftui.store.rename(name, new_name)
                    self.ftui.autosave.move(name, qualify(new_name, file.origin))
                else:
                    self.ftui.store.duplicate(name, new_name)
            except ProfileError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.action_reload()
            table = self.query_one("#profiles", DataTable)
            key = qualify(new_name, file.origin)
            if key in self.files:
                table.move_cursor(row=table.get_row_index(key))

        self.app.push_screen(NameScreen(title, suggestion, set(self.files)), done)

    def action_duplicate(self) -> None:
        name = self._selected()
        if name is not None:
            self._name_action(f"Copy {name} as", f"{self.files[name].name}-copy", "duplicate")

    def action_rename(self) -> None:
        name = self._selected()
        if name is not None:
            self._name_action(f"Rename {name} to", self.files[name].name, "rename")

    def action_delete(self) -> None:
        name = self._selected()
        file = self.files.get(name or "")
        if name is None or file is None:
            return

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
                f"{short_path(file.path)} moves to the deleted-profiles folder.",
                yes="Delete",
                danger=True,
            ),
            answer,
        )
