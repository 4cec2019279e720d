"""The custom models of the watched regions, with what serves each (F7).

A ``DataTable``, unlike the jobs monitor's ``JobTable``: an account has tens of custom models,
not thousands of jobs, and they change when someone deploys or deletes one, not every poll.
The list is read in a thread worker: one ListCustomModels and the deployments and throughputs,
shown at once, then each model's details and tags, filled in (bench/models.py: 200 models'
details take 3 s at 50 ms a call). While something is being deployed the lists are read again
every few seconds, so its status moves without a key.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.custom_models.inventory import Inventory, detailed, inventory
from ftui.core.custom_models.rows import ModelRow, keeping_details, select
from ftui.core.jobs import NameFilter
from ftui.core.safe_text import safe_text
from ftui.tui import guides
from ftui.tui.screens import model_actions
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.filter_prompt import FilterPrompt
from ftui.tui.widgets.footer import Footer
from ftui.tui.widgets.line import Line

SORT_KEYS = {"N": "name", "B": "base", "C": "created", "S": "status", "V": "serving", "R": "region"}
# Seconds between reads while a deployment or throughput is on its way (Creating, Updating).
FOLLOW_SECONDS = 5.0
CELL_LIMIT = 100
STATUS_LIMIT = 2000
# Statuses a server passes through on its own: the list is read again until they are over.
MOVING = frozenset({"Creating", "Updating"})


@dataclass(frozen=True)
class Column:
    key: str
    title: str


# What a person looks for first comes first: at 80 columns the last ones are cut.
COLUMNS = (
    Column("name", "Model"),
    Column("base", "Base"),
    Column("serving", "Serving"),
    Column("created", "Created"),
    Column("status", "Status"),
    Column("job", "Job"),
    Column("kind", "Type"),
    Column("region", "Region"),
    Column("kms", "KMS key"),
    Column("tags", "Tags"),
)


def cells(row: ModelRow) -> tuple[Text | str, ...]:
    """The row's cells as plain text: every one came from AWS (DataTable reads str as markup)."""
    values = {
        "name": row.name,
        "base": row.base,
        "serving": row.serving_text,
        # As the jobs monitor shows it: with the year, Created is cut at 80 columns.
        "created": row.created.astimezone().strftime("%m-%d %H:%M"),
        "status": row.status,
        # "…" until GetCustomModel has answered (it may not have: its failure is said below).
        "job": row.job_name or ("-" if row.detailed else "…"),
        "kind": row.kind.replace("_", " ").lower(),
        "region": row.region,
        "kms": (row.kms_key or "AWS owned").rsplit("/", 1)[-1] if row.detailed else "…",
        "tags": row.tags_text,
    }
    return tuple(Text(safe_text(values[c.key], CELL_LIMIT)) for c in COLUMNS)


class ModelsScreen(FtuiScreen[None]):
    PLACE = "Models"
    AUTO_FOCUS = "#models-table"
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="models.filter", priority=True),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="models.clear"),
        Binding("d", "deploy", "Deploy", id="models.deploy"),
        Binding("t", "try", "Try it", id="models.try"),
        Binding("x,delete", "delete", "Delete", id="models.delete"),
        Binding("r", "refresh", "Refresh", id="models.refresh"),
        Binding("y", "copy_arn", "Copy ARN", show=False, id="models.copy"),
        *(
            Binding(
                key,
                f"sort('{column}')",
                f"Sort by {column}",
                show=False,
                id=f"models.sort_{column}",
            )
            for key, column in SORT_KEYS.items()
        ),
    ]
    KEY_GUIDE = guides.MODELS

    @dataclass
    class Loaded(Message):
        """Every watched region's models, or why a region could not be read."""

        found: list[Inventory]
        errors: dict[str, AwsError]
        final: bool  # False: the lists first, each model's details still to come
        read: int  # which read: one overtaken by a later one is dropped

    def __init__(self) -> None:
        super().__init__(id="models-screen")
        self.rows: dict[str, ModelRow] = {}
        self.errors: dict[str, AwsError] = {}
        self.notes: list[str] = []
        self.name_filter = NameFilter()
        self.sort = "created"
        self.descending = True
        self.loaded = False
        self._timer: Timer | None = None
        self._reads = 0  # reads started; only the latest one's answers are shown

    def compose(self) -> ComposeResult:
        yield Line(id="models-header")
        yield FilterPrompt(id="models-prompt")
        yield DataTable(id="models-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="models-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.table
        for column in COLUMNS:
            table.add_column(column.title, key=column.key)
        self.query_one("#models-status").display = False
        self._render_header()
        self.action_refresh()

    def on_screen_resume(self) -> None:
        """Back from a dialog, the detail or try it: what serves the models may have changed,
        their details have not (only new models' are read)."""
        if self.loaded:
            self._reread()

    def on_screen_suspend(self) -> None:
        # Under the detail or try it, no reads of every model: they follow their own.
        self._follow(moving=False)

    @property
    def table(self) -> DataTable[Text | str]:
        return self.query_one("#models-table", DataTable)

    @property
    def prompt(self) -> FilterPrompt:
        return self.query_one("#models-prompt", FilterPrompt)

    @property
    def current(self) -> ModelRow | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.rows.get(str(key.value))

    # --- reading ------------------------------------------------------------------------------

    def action_refresh(self) -> None:
        """r: everything again, each model's details too."""
        self._read()

    def _follow_up(self) -> None:
        # A tick queued just before a screen was pushed over the list still arrives: only the
        # screen in view follows (coming back reads anyway).
        if self.is_current:
            self._reread()

    def _reread(self) -> None:
        self._read(known=self._detailed())

    def _detailed(self) -> frozenset[str]:
        return frozenset(arn for arn, row in self.rows.items() if row.detailed)

    def _read(self, *, known: frozenset[str] = frozenset()) -> None:
        self._reads += 1
        self._reading(self._reads, known)

    @work(thread=True, exclusive=True, group="models-read", exit_on_error=False)
    def _reading(self, read: int, known: frozenset[str]) -> None:
        """The lists first, shown at once (three calls a region); then GetCustomModel and the
        tags of each model not ``known`` (two calls a model). Following a deployment on its
        way or coming back to the list reads only new models' details: a model's job, key
        and tags do not change."""
        found: list[Inventory] = []
        errors: dict[str, AwsError] = {}
        for region in self.ftui.monitor_regions:
            result = inventory(self.ftui.session, region, details=False)
            if isinstance(result, Ok):
                found.append(result.value)
            else:
                errors[region] = result
        missing = any(row.arn not in known for inv in found for row in inv.rows)
        self.post_message(self.Loaded(found, errors, final=not missing, read=read))
        if missing:
            complete = [detailed(self.ftui.session, inv, known=known) for inv in found]
            self.post_message(self.Loaded(complete, errors, final=True, read=read))

    @on(Worker.StateChanged)
    def _read_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "models-read" and event.state is WorkerState.ERROR:
            self._say(f"Reading the models failed: {event.worker.error}")
            self._follow(moving=True)  # try again, as the monitor does

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.read != self._reads:
            return  # overtaken: a later read (r, a follow-up) is on its way or shown
        self.loaded = True
        kept = {arn: row for arn, row in self.rows.items() if row.region in event.errors}
        read = {
            row.arn: keeping_details(row, self.rows.get(row.arn))
            for inv in event.found
            for row in inv.rows
        }
        self.rows = kept | read
        self.errors = event.errors
        self.notes = [
            f"{inv.region}: what serves each model is unknown ({inv.serving_problem})"
            for inv in event.found
            if inv.serving_problem is not None
        ]
        problems = [p for inv in event.found for p in inv.problems]
        if problems:
            self.notes.append(f"{len(problems)} detail(s) could not be read: {problems[0]}")
        self._apply()
        if not event.final:
            return  # the details are on their way; the follow-up is planned once they are in
        moving = any(s.status in MOVING for row in self.rows.values() for s in row.serving)
        self._follow(moving=moving and self.is_current)

    def _follow(self, *, moving: bool) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if moving:
            self._timer = self.set_timer(FOLLOW_SECONDS, self._reread, name="models-follow")

    # --- showing ------------------------------------------------------------------------------

    def _apply(self) -> None:
        table = self.table
        chosen = self.current
        table.clear()
        shown = select(self.rows.values(), self.name_filter, self.sort, self.descending)
        for row in shown:
            table.add_row(*cells(row), key=row.arn)
        if chosen is not None and chosen.arn in {r.arn for r in shown}:
            table.move_cursor(row=table.get_row_index(chosen.arn))
        self._render_header(len(shown))
        lines = [f"{region}: {error}" for region, error in self.errors.items()] + self.notes
        if not self.rows and not self.errors:
            lines.append(
                "No custom models yet: a completed customization job makes one (F2: the jobs)."
            )
        self._say("\n".join(lines))

    def _render_header(self, shown: int | None = None) -> None:
        regions = ", ".join(self.ftui.monitor_regions)
        if not self.loaded:
            text = f"Custom models · {regions} · reading…"
        else:
            served = sum(1 for r in self.rows.values() if r.serving)
            # What serves some models could not be read: no count that would undercount.
            known = all(r.serving_known for r in self.rows.values())
            serving = f"{served} served" if known else "what serves them: unknown"
            count = f"{shown} of {len(self.rows)}" if shown != len(self.rows) else f"{shown}"
            text = f"Custom models · {regions} · {count} · {serving}"
        if self.ftui.read_only:
            text += " · read-only"
        self.query_one("#models-header", Line).text = safe_text(text)

    def _say(self, text: str) -> None:
        status = self.query_one("#models-status", Static)
        status.display = bool(text)
        status.update(safe_text(text, STATUS_LIMIT, multiline=True))

    # --- keys ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in ("deploy", "delete") and self.ftui.read_only)

    def action_filter(self) -> None:
        self.prompt.open()

    def action_clear_filter(self) -> None:
        if self.prompt.clear():
            self.name_filter = NameFilter()
            self._apply()
            self.table.focus()

    @on(FilterPrompt.Changed)
    def _filter_typed(self, event: FilterPrompt.Changed) -> None:
        self.name_filter = NameFilter(event.text)
        self._apply()

    @on(FilterPrompt.Done)
    def _filter_done(self) -> None:
        self.table.focus()

    def action_sort(self, column: str) -> None:
        """A column's key sorts by it; again, reversed."""
        if self.sort == column:
            self.descending = not self.descending
        else:
            # Newest first; every other column from its top (served models before "-").
            self.sort, self.descending = column, column == "created"
        self._apply()

    def action_copy_arn(self) -> None:
        row = self.current
        if row is not None:
            self.app.copy_to_clipboard(row.arn)
            self.notify(f"Copied {safe_text(row.arn)}", timeout=3, markup=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        row = self.rows.get(str(event.row_key.value))
        if row is not None:
            from ftui.tui.screens.model_detail import ModelDetailScreen

            self.app.push_screen(ModelDetailScreen(row))

    def action_deploy(self) -> None:
        row = self.current
        if row is not None:
            model_actions.deploy(self, row)  # back on the list, it reads what serves them

    def action_try(self) -> None:
        row = self.current
        if row is not None:
            model_actions.try_it(self, row)

    def action_delete(self) -> None:
        row = self.current
        if row is not None:
            model_actions.delete(self, row, then=self._reread)
