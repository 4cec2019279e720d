"""One custom model: what it is, the job that made it, its final metrics, what serves it; and
from here deploy it, try it, undeploy what serves it, open its job, delete it.

Read in a thread worker (GetCustomModel, its tags, its deployments and throughputs); while one
of those is on its way (Creating, Updating) it is read again every few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.serving import Serving
from ftui.core.custom_models.describe import Section, describe
from ftui.core.custom_models.offer import offer
from ftui.core.custom_models.rows import ModelRow, with_serving
from ftui.core.custom_models.usage import Server, answering, servers
from ftui.core.safe_text import safe_text
from ftui.tui import guides
from ftui.tui.screens import model_actions, models
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.footer import Footer
from ftui.tui.widgets.line import Line

VALUE_LIMIT = 4096


class ModelDetailScreen(FtuiScreen[None]):
    PLACE = "Model"
    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="model.back"),
        Binding("d", "deploy", "Deploy", id="model.deploy"),
        Binding("t", "try", "Try it", id="model.try"),
        Binding("u", "undeploy", "Undeploy", id="model.undeploy"),
        Binding("j", "job", "Its job", id="model.job"),
        Binding("x", "delete", "Delete", id="model.delete"),
        # Out of the footer, as in the list: at 80 columns it pushed Quit and Keys off.
        Binding("y", "copy_arn", "Copy ARN", show=False, id="model.copy"),
        Binding("r", "reload", "Reload", show=False, id="model.reload"),
    ]
    KEY_GUIDE = guides.MODEL

    @dataclass
    class Read(Message):
        model: Ok[dict[str, Any]] | AwsError
        tags: list[dict[str, str]] | None
        servers: list[Server] | None
        serving_error: AwsError | None
        read: int  # which read: one overtaken by a later one is dropped

    def __init__(self, row: ModelRow) -> None:
        super().__init__(id="model-screen")
        self.row = row
        self.model: dict[str, Any] | None = None
        self._timer: Timer | None = None
        self._reads = 0

    def compose(self) -> ComposeResult:
        yield Line(id="model-header")
        with VerticalScroll(id="model-scroll"):
            yield Static(id="model-body", markup=False)
        yield Static(id="model-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#model-header", Line).text = safe_text(
            f"Custom model {self.row.name} · {self.row.region}"
        )
        self.query_one("#model-body", Static).update("Reading the model…")
        self.action_reload()

    def action_reload(self) -> None:
        self._reads += 1
        self._read(self._reads)

    @work(thread=True, exclusive=True, group="model-read", exit_on_error=False)
    def _read(self, read: int) -> None:
        session, region = self.ftui.session, self.row.region
        serving = Serving(session, region)
        model = serving.get_model(self.row.arn)
        tags = Bedrock(session, region).tags(self.row.arn)
        deployments = serving.deployments(self.row.arn)
        throughputs = serving.throughputs(self.row.arn)
        found: list[Server] | None = None
        error = next((r for r in (deployments, throughputs) if isinstance(r, AwsError)), None)
        if isinstance(deployments, Ok) and isinstance(throughputs, Ok):
            found = [
                s
                for s in servers(deployments.value, throughputs.value)
                if s.model_arn == self.row.arn
            ]
        self.post_message(
            self.Read(model, tags.value if isinstance(tags, Ok) else None, found, error, read)
        )

    @on(Worker.StateChanged)
    def _read_failed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self._error(f"Reading the model failed: {event.worker.error}")

    @on(Read)
    def _shown(self, event: Read) -> None:
        if event.read != self._reads:
            return  # overtaken by a later read (r, an undeploy, a follow-up)
        if isinstance(event.model, AwsError):
            self._error(str(event.model))
            return
        self.model = event.model.value
        self.row = with_serving(self.row, event.servers)
        sections = describe(
            self.model,
            servers=event.servers,
            offer=offer(self.model, self.row.region),
            tags=event.tags,
        )
        self.query_one("#model-body", Static).update(self._drawn(sections))
        self._error(
            f"What serves the model could not be read: {event.serving_error}"
            if event.serving_error
            else ""
        )
        if self._timer is not None:
            self._timer.stop()
        moving = any(s.status in models.MOVING for s in self.row.serving)
        # The list's pace, read when planned (tests quicken it).
        follow = models.FOLLOW_SECONDS
        self._timer = self.set_timer(follow, self.action_reload) if moving else None

    def _drawn(self, sections: list[Section]) -> Group:
        """Each section's title, then its labels and values in two columns: a value longer
        than a line (an ARN at 80 columns) wraps under itself, not under the labels."""
        title = Style(bold=True, color=self.app.theme_variables.get("accent"))
        parts: list[RenderableType] = []
        for section in sections:
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column(overflow="fold")
            for label, value in section.rows:
                grid.add_row(Text(safe_text(label, 100)), Text(safe_text(value, VALUE_LIMIT)))
            parts += [Text(""), Text(section.title, style=title), Padding(grid, (0, 0, 0, 2))]
        return Group(*parts[1:])

    def _error(self, text: str) -> None:
        error = self.query_one("#model-error", Static)
        error.display = bool(text)
        error.update(safe_text(text, 2000, multiline=True))

    # --- keys ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in ("deploy", "undeploy", "delete") and self.ftui.read_only)

    def action_deploy(self) -> None:
        model_actions.deploy(self, self.row, then=self.action_reload)

    def action_try(self) -> None:
        model_actions.try_it(self, self.row)

    def action_undeploy(self) -> None:
        if not self.row.serving_known:
            self.notify(
                f"What serves {self.row.name} could not be read; r reads it again.",
                severity="warning",
                markup=False,
            )
            return
        using = list(self.row.serving)
        if not using:
            self.notify(f"{self.row.name} is not deployed.", markup=False)
            return
        if len(using) == 1:
            model_actions.undeploy(self, using[0], then=self.action_reload)
            return
        from ftui.tui.screens.choice import ChoiceScreen

        def chosen(index: int | None) -> None:
            if index is not None:
                model_actions.undeploy(self, using[index], then=self.action_reload)

        self.app.push_screen(ChoiceScreen("Undeploy which?", [s.label for s in using]), chosen)

    def action_delete(self) -> None:
        model_actions.delete(self, self.row, then=self._deleted)

    def _deleted(self) -> None:
        if self.is_current:  # else the user has left it: dismissing would pop another screen
            self.dismiss(None)

    def action_job(self) -> None:
        job_arn = (self.model or {}).get("jobArn") or self.row.job_arn
        if not job_arn:
            self.notify("The job that made this model is not known.", markup=False)
            return
        name = str((self.model or {}).get("jobName") or self.row.job_name or job_arn)
        self.ftui.show_job(str(job_arn), self.row.region, name)

    def action_copy_arn(self) -> None:
        # What clients send requests to, the one try it talks to, is what a person copies for.
        server = answering(self.row.serving)
        arn = server.arn if server is not None else self.row.arn
        self.app.copy_to_clipboard(arn)
        self.notify(f"Copied {safe_text(arn)}", timeout=3, markup=False)
