"""One job, everything ``GetModelCustomizationJob`` says of it, and what can be done to it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.catalog import parse_model_identifier
from ftui.core.files import atomic_write
from ftui.core.interop import draft_from_job, to_cli_json
from ftui.core.jobs import ACTIVE, TEXT_LIMIT, stage_of
from ftui.core.kinds import kind_of
from ftui.core.metrics import JobMetrics, metrics_files
from ftui.core.progress import Progress
from ftui.core.progress.watch import JobWatch, training_uri
from ftui.core.resources.pages import size_text
from ftui.core.safe_text import safe_file_name, safe_text
from ftui.tui import guides
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.job_description import describe
from ftui.tui.screens.path_prompt import PathChoice, PathScreen
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.footer import Footer
from ftui.tui.widgets.metrics_panel import MetricsPanel

if TYPE_CHECKING:
    from ftui.core.dataset import DataReport

NOTE_LIMIT = 1000  # a toast
# The largest training file read to count its tokens when a job is opened (~2 s of reading).
COUNT_LIMIT = 256 * 1024 * 1024


class JobLoaded(Message):
    def __init__(
        self, job: dict[str, Any] | None, tags: list[dict[str, str]] | None, error: AwsError | None
    ) -> None:
        super().__init__()
        self.job = job
        self.tags = tags
        self.error = error


class JobStopped(Message):
    def __init__(self, error: AwsError | None) -> None:
        super().__init__()
        self.error = error


class JobDetailScreen(FtuiScreen[None]):
    PLACE = "Job detail"
    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="detail.back"),
        Binding("s", "stop", "Stop", id="detail.stop"),
        Binding("c", "clone", "Clone", id="detail.clone"),
        Binding("e", "export", "Export", id="detail.export"),
        Binding("m", "model", "Model", id="detail.model"),
        Binding("y", "copy_arn", "Copy ARN", id="detail.copy"),
        Binding("p", "chart('value')", "Loss/perplexity", show=False, id="detail.perplexity"),
        Binding("x", "chart('by')", "By step/epoch", show=False, id="detail.by_epoch"),
    ]

    @dataclass
    class CostEstimated(Message):
        """The cost estimate's one line, the training file's tokens counted (or not)."""

        text: str

    @dataclass
    class MetricsRead(Message):
        """What the metrics worker read: progress and a copy of the rows, or why not."""

        job: dict[str, Any]
        progress: Progress | None
        metrics: JobMetrics | None
        error: AwsError | None

    KEY_GUIDE = guides.JOB_DETAIL

    def __init__(self, region: str, arn: str, name: str) -> None:
        super().__init__(classes="job-detail")
        self.aws_region = region
        self.arn = arn
        self.job_name = safe_text(name, TEXT_LIMIT)  # shown in messages; the job's own is in job
        self.job: dict[str, Any] | None = None
        self.tags: list[dict[str, str]] | None = None
        self.metrics_watch: JobWatch | None = None  # made with the first answer
        self._reading = False
        self._read_status: str | None = None  # the job's status at the last metrics read
        self._costed = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-body"):
            yield MetricsPanel(id="detail-metrics")
            yield Static(f"Loading {self.job_name}…", id="detail", markup=False)
        yield Static(id="detail-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#detail-error").display = False
        self._load()

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _load(self) -> None:
        bedrock = self.ftui.bedrock(self.aws_region)
        got = bedrock.get_job(self.arn)
        if not isinstance(got, Ok):
            self.post_message(JobLoaded(None, None, got))
            return
        tags = bedrock.tags(self.arn)
        self.post_message(JobLoaded(got.value, tags.value if isinstance(tags, Ok) else None, None))

    @on(JobLoaded)
    def _loaded(self, event: JobLoaded) -> None:
        if event.tags is not None:
            self.tags = event.tags
        self.show_job(event.job, event.error)

    def show_job(self, job: dict[str, Any] | None, error: AwsError | None) -> None:
        """New data from the monitor's poll (or the first load)."""
        self._show_error(f"{error.code}: {error.message}" if error is not None else None)
        if job is None:
            return
        changed = job != self.job
        self.job = job
        self.job_name = safe_text(str(job.get("jobName", self.job_name)), TEXT_LIMIT)
        if changed:
            self.query_one("#detail", Static).update(describe(job, self.tags, self.ftui.now()))
            # Only then: the footer is rebuilt, and its new layout repaints the whole screen
            # (~15 KB at 120x40, each poll, over SSH). The keys offered follow the job alone.
            self.refresh_bindings()
        self._follow(job)

    # --- metrics ---------------------------------------------------------------------------

    def _follow(self, job: dict[str, Any]) -> None:
        """Read the metrics at every answer while the job runs; once more when it ends."""
        if not self._costed:
            self._costed = True
            self._estimate_cost(job)
        status = str(job.get("status", ""))
        if self._reading or (status not in ACTIVE and status == self._read_status):
            return
        if self.metrics_watch is None:
            self.metrics_watch = JobWatch(
                self.ftui.session, self.aws_region, job, self.ftui.reports
            )
        self._reading = True
        self._read_metrics(self.metrics_watch, job)

    @work(thread=True, group="metrics", exit_on_error=False)
    def _read_metrics(self, watch: JobWatch, job: dict[str, Any]) -> None:
        got = watch.refresh(job, self.ftui.now())
        metrics = watch.metrics.copy() if watch.metrics is not None else None
        if isinstance(got, Ok):
            self.post_message(self.MetricsRead(job, got.value, metrics, None))
        else:
            self.post_message(self.MetricsRead(job, None, metrics, got))

    @work(thread=True, group="cost", exit_on_error=False)
    def _estimate_cost(self, job: dict[str, Any]) -> None:
        """Count the training file's tokens (the checker's report, kept for the session by the
        file's ETag) and say what the job costs; the file is read once, in the background."""
        from ftui.core.cost import estimate_request

        estimate = estimate_request(job, None, prices=self.ftui.settings.prices)
        counted = self._count_tokens(job)
        if isinstance(counted, str):
            estimate = replace(estimate, missing=(counted,))
        elif counted is not None:
            estimate = estimate_request(job, counted, prices=self.ftui.settings.prices)
        self.post_message(self.CostEstimated(estimate.text()))

    def _count_tokens(self, job: dict[str, Any]) -> DataReport | str | None:
        """The checker's report of the training file, or why its tokens were not counted.

        A file past :data:`COUNT_LIMIT` is not read just for opening a job: the line says the
        command that counts it.
        """
        from ftui.core.dataset import CheckCancelled, TooLarge, UnknownModel, check_s3

        uri = training_uri(job)
        model_id, _ = parse_model_identifier(str(job.get("baseModelArn") or ""))
        if uri is None or model_id is None:
            return None
        try:
            got = check_s3(
                self.ftui.session,
                uri,
                region=self.aws_region,
                model_id=model_id,
                customization_type=kind_of(job),
                cancelled=lambda: not self.is_attached,
                cache=self.ftui.reports,
                largest=COUNT_LIMIT,
            )
        except TooLarge as large:
            return (
                f"the training file is {size_text(large.size)}, not read to open a job;"
                f" ftui data check {uri} --model {model_id} counts its tokens"
            )
        except (UnknownModel, CheckCancelled, ValueError):
            return None
        if isinstance(got, AwsError):
            return f"the training file could not be read ({got.code}: {got.message})"
        return got.value

    @on(CostEstimated)
    def _cost_estimated(self, event: CostEstimated) -> None:
        self.query_one(MetricsPanel).show_cost(event.text)

    @on(MetricsRead)
    def _metrics_read(self, event: MetricsRead) -> None:
        self._reading = False
        if event.error is None:
            self._read_status = str(event.job.get("status", ""))
        files = metrics_files(event.job)
        panel = self.query_one(MetricsPanel)
        progress = event.progress if event.progress is not None else panel.shown.progress
        panel.show(
            progress,
            event.metrics,
            stage=stage_of(event.job),
            uri=files.uri if files is not None else "",
            now=self.ftui.now(),
            problem=f"{event.error.code}: {event.error.message}" if event.error else None,
        )

    def action_chart(self, what: str) -> None:
        if what in ("value", "by"):
            drawn = self.query_one(MetricsPanel).toggle("value" if what == "value" else "by")
            self._note(f"Showing {drawn}", timeout=2)

    def _show_error(self, text: str | None) -> None:
        box = self.query_one("#detail-error", Static)
        if text is not None:
            text = safe_text(text, NOTE_LIMIT, multiline=True)
        if text is not None and self.job is not None:
            box.update(f"⚠ {text} (showing the last data)")
        elif text is not None:
            box.update(f"⚠ {text}")
            self.query_one("#detail", Static).update(f"{self.job_name} could not be loaded.")
        box.display = text is not None

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A worker that raised instead of answering: say so where its answer would have gone."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        text = f"{type(error).__name__}: {error}"
        if event.worker.group == "detail":
            self._show_error(text)
        elif event.worker.group == "cost":
            self.query_one(MetricsPanel).show_cost(f"not estimated: {text}")
        elif event.worker.group == "metrics":
            self._reading = False
            self.query_one(MetricsPanel).show_failure(text)
        elif event.worker.group == "stop":
            self._note(text, title="Not stopped", severity="error")
            self._load()  # what the job's status is now

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop" and self.ftui.read_only:
            return False
        if action in ("clone", "export") and self.job is None:
            return None
        if action == "model" and not (self.job or {}).get("outputModelArn"):
            return None  # shown dimmed: the job has made no model (yet)
        return True

    def action_model(self) -> None:
        """The custom model the job made, in the models place (F7)."""
        job = self.job or {}
        if not job.get("outputModelArn"):
            return
        from ftui.core.custom_models.rows import row_of
        from ftui.tui.screens.model_detail import ModelDetailScreen

        row = row_of(
            {
                "modelName": job.get("outputModelName"),
                "modelArn": job.get("outputModelArn"),
                "baseModelArn": job.get("baseModelArn"),
                "customizationType": job.get("customizationType"),
                "creationTime": job.get("endTime") or job.get("creationTime"),
            },
            self.aws_region,
        )
        self.app.switch_mode("models")
        self.app.push_screen(ModelDetailScreen(row))

    def action_stop(self) -> None:
        status = (self.job or {}).get("status", "")
        if status not in ACTIVE or status == "Stopping":
            word = status or "unknown"
            self._note(
                f"Only a job in progress can be stopped; {self.job_name} is {word}.",
                title="Nothing to stop",
                timeout=5,
            )
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._stop()

        self.app.push_screen(
            ConfirmScreen(
                f"Stop {self.job_name}?",
                "A stopped job cannot be resumed. The tokens it has already trained are billed,"
                " and no model is kept from it.",
                yes="Stop job",
                no="Keep running",
                danger=True,
            ),
            answer,
        )

    @work(thread=True, exclusive=True, group="stop", exit_on_error=False)
    def _stop(self) -> None:
        result = self.ftui.bedrock(self.aws_region).stop_job(self.arn)
        self.post_message(JobStopped(result if isinstance(result, AwsError) else None))

    @on(JobStopped)
    def _stopped(self, event: JobStopped) -> None:
        if event.error is not None:
            self._note(
                f"{event.error.code}: {event.error.message}", title="Not stopped", severity="error"
            )
        else:
            self._note(f"Stopping {self.job_name}.", timeout=4)
        self._load()
        self.ftui.refresh_jobs()

    def action_clone(self) -> None:
        if self.job is not None:
            self.ftui.clone_job(self.job, self.tags, self.aws_region)

    def action_export(self) -> None:
        """Write the job's request as a ``--cli-input-json`` file, where the user says."""
        if self.job is None:
            return
        # The name is the endpoint's: as a file name it could climb out of the folder
        # (``../../x``) or name another (``/etc/x``).
        default = Path.cwd() / safe_file_name(str(self.job.get("jobName", "")), suffix=".json")

        def chosen(choice: PathChoice | None) -> None:
            if choice is None or self.job is None:
                return
            text = to_cli_json(draft_from_job(self.job, job_tags=self.tags, rename=False))
            try:
                # Exclusive unless replacing was confirmed: a file that appeared since is kept.
                atomic_write(choice.path, text.encode(), mode=0o644, exclusive=not choice.replace)
            except FileExistsError:
                self._not_exported(f"{choice.path} exists now; it was not replaced.")
                return
            except (OSError, ValueError) as error:  # ValueError: a NUL in the path typed
                self._not_exported(str(error))
                return
            self._note(f"Wrote {choice.path}", title="Exported cli-json", timeout=8)

        self.app.push_screen(
            PathScreen(f"Export {self.job_name} as --cli-input-json to", default), chosen
        )

    def _not_exported(self, message: str) -> None:
        self._note(message, title="Not exported", severity="error", timeout=10)

    def action_copy_arn(self) -> None:
        self.app.copy_to_clipboard(self.arn)  # OSC 52 carries it in base64: nothing to escape
        self._note(f"Copied {self.arn}", timeout=3)

    def _note(self, message: str, **options: Any) -> None:
        """A toast: its text often holds the endpoint's words (a name, an error), never markup."""
        self.notify(safe_text(message, NOTE_LIMIT, multiline=True), markup=False, **options)
