"""One job, everything ``GetModelCustomizationJob`` says of it, and what can be done to it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.files import atomic_write
from ftui.core.interop import draft_from_job, to_cli_json
from ftui.core.jobs import ACTIVE, STAGES, TEXT_LIMIT, format_elapsed
from ftui.core.safe_text import safe_file_name, safe_text
from ftui.tui import guides
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.path_prompt import PathChoice, PathScreen
from ftui.tui.services import FtuiScreen

STATUS_STYLE = {
    "InProgress": "$warning",
    "Stopping": "$secondary",
    "Completed": "$success",
    "Failed": "bold $error",
    "Stopped": "$text-muted",
    "NotStarted": "$text-muted",
}
# AWS's ARNs and S3 URIs are at most a few thousand characters, its failure messages a few
# lines: an endpoint that sends more has the rest cut, not rendered again at every change.
VALUE_LIMIT = 4096
MESSAGE_LIMIT = 20_000
NOTE_LIMIT = 1000  # a toast


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


def _time(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    return "-"


def _safe(value: Any, limit: int = VALUE_LIMIT) -> str:
    return safe_text(str(value), limit)


def _status(status: str, width: int = 0) -> tuple[str, str]:
    return _safe(status, 40).ljust(width), STATUS_STYLE.get(status, "")


def _json(value: Any) -> str | None:
    return json.dumps(value) if value else None


def _heading(title: str, style: str = "bold $accent") -> list[Content | str]:
    return ["", Content.styled(title, style)]


def _rows(pairs: list[tuple[str, Any]]) -> list[Content | str]:
    shown = [(_safe(k, 100), _safe(v)) for k, v in pairs if v not in (None, "", [], {})]
    width = max((len(k) for k, _ in shown), default=0)
    return [Content.assemble("  ", (k.ljust(width), "bold"), "  ", v) for k, v in shown]


def describe(job: dict[str, Any], tags: list[dict[str, str]] | None, now: datetime) -> Content:
    """The job: stages, failure, model, data, settings, metrics, times.

    Built as content, never parsed as markup: every value comes from the AWS endpoint, and
    markup escaping misses some (``[ @click=app.quit]`` stays a click action). Values are cut
    at a few thousand characters: a longer one would only cost time each time the job changes.
    """
    lines: list[Content | str] = [
        Content.assemble(
            (_safe(job.get("jobName", ""), 200), "bold"),
            "  ",
            _status(job.get("status", "")),
            "  ",
            (_safe(job.get("customizationType", ""), 100), "dim"),
        ),
        Content.styled(_safe(job.get("jobArn", "")), "dim"),
        *_heading("Stages"),
    ]
    details = job.get("statusDetails") or {}
    for key, name in STAGES:
        stage = details.get(key) or {}
        status = stage.get("status", "NotStarted")
        start, end = stage.get("creationTime"), stage.get("lastModifiedTime")
        span = ""
        if isinstance(start, datetime):
            span = f"{start.astimezone():%m-%d %H:%M}"
            if status not in ("InProgress", "NotStarted") and isinstance(end, datetime):
                span += f" → {end.astimezone():%H:%M}  {format_elapsed(end - start)}"
            elif status == "InProgress":
                span += " → …"
        lines.append(Content.assemble(f"  {name.ljust(16)} ", _status(status, 10), f"  {span}"))
    if job.get("failureMessage"):
        failure = safe_text(str(job["failureMessage"]), MESSAGE_LIMIT, multiline=True)
        lines += [*_heading("Failure", "bold $error"), f"  {failure}"]
    output_prefix = ""
    out = str((job.get("outputDataConfig") or {}).get("s3Uri", ""))
    if out:
        job_id = str(job.get("jobArn", "")).rsplit("/", 1)[-1]
        output_prefix = f"{out.rstrip('/')}/model-customization-job-{job_id}/"
    lines += _heading("Model")
    lines += _rows(
        [
            ("Base model", job.get("baseModelArn")),
            ("Custom model", job.get("outputModelName")),
            ("Custom model ARN", job.get("outputModelArn")),
            ("KMS key", job.get("outputModelKmsKeyArn")),
            ("Role", job.get("roleArn")),
        ]
    )
    training = job.get("trainingDataConfig") or {}
    logs = training.get("invocationLogsConfig") or {}
    validators = (job.get("validationDataConfig") or {}).get("validators") or []
    lines += _heading("Data")
    lines += _rows(
        [
            ("Training", training.get("s3Uri")),
            ("Invocation logs", (logs.get("invocationLogSource") or {}).get("s3Uri")),
            ("Use responses", logs.get("usePromptResponse") if logs else None),
            ("Metadata filters", _json(logs.get("requestMetadataFilters"))),
            *[(f"Validation {i + 1}", v.get("s3Uri")) for i, v in enumerate(validators)],
            ("Output", out),
            ("Metrics", output_prefix),
        ]
    )
    hyper = job.get("hyperParameters") or {}
    if hyper:
        lines += [*_heading("Hyperparameters"), *_rows(list(hyper.items()))]
    config = job.get("customizationConfig") or {}
    teacher = ((config.get("distillationConfig") or {}).get("teacherModelConfig")) or {}
    rft = config.get("rftConfig") or {}
    if teacher:
        lines += _heading("Distillation")
        lines += _rows(
            [
                ("Teacher", teacher.get("teacherModelIdentifier")),
                ("Max response length", teacher.get("maxResponseLengthForInference")),
            ]
        )
    if rft:
        grader = ((rft.get("graderConfig") or {}).get("lambdaGrader") or {}).get("lambdaArn")
        lines += [*_heading("Reinforcement fine-tuning"), *_rows([("Grader", grader)])]
        lines += _rows(list((rft.get("hyperParameters") or {}).items()))
    vpc = job.get("vpcConfig") or {}
    if vpc:
        lines += _heading("VPC")
        lines += _rows(
            [
                ("Subnets", ", ".join(vpc.get("subnetIds", []))),
                ("Security groups", ", ".join(vpc.get("securityGroupIds", []))),
            ]
        )
    if tags:
        lines += [*_heading("Job tags"), *_rows([(t.get("key", ""), t.get("value")) for t in tags])]
    training_loss = (job.get("trainingMetrics") or {}).get("trainingLoss")
    validation = [v.get("validationLoss") for v in job.get("validationMetrics") or []]
    if training_loss is not None or validation:
        lines += _heading("Final metrics")
        lines += _rows(
            [
                ("Training loss", training_loss),
                *[(f"Validation loss {i + 1}", v) for i, v in enumerate(validation)],
            ]
        )
    created, ended = job.get("creationTime"), job.get("endTime")
    duration = ""
    if isinstance(created, datetime):
        end = ended if isinstance(ended, datetime) else now
        duration = format_elapsed(end - created) + (
            "" if isinstance(ended, datetime) else " so far"
        )
    lines += _heading("Times")
    lines += _rows(
        [
            ("Created", _time(created)),
            ("Last modified", _time(job.get("lastModifiedTime"))),
            ("Ended", _time(ended) if ended else None),
            ("Duration", duration),
            ("Request token", job.get("clientRequestToken")),
        ]
    )
    return Content("\n").join(lines)


class JobDetailScreen(FtuiScreen[None]):
    PLACE = "Job detail"
    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="detail.back"),
        Binding("s", "stop", "Stop job", id="detail.stop"),
        Binding("c", "clone", "Clone to draft", id="detail.clone"),
        Binding("e", "export", "Export cli-json", id="detail.export"),
        Binding("y", "copy_arn", "Copy ARN", id="detail.copy"),
    ]

    KEY_GUIDE = guides.JOB_DETAIL

    def __init__(self, region: str, arn: str, name: str) -> None:
        super().__init__(classes="job-detail")
        self.aws_region = region
        self.arn = arn
        self.job_name = safe_text(name, TEXT_LIMIT)  # shown in messages; the job's own is in job
        self.job: dict[str, Any] | None = None
        self.tags: list[dict[str, str]] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-body"):
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
        self.refresh_bindings()

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
        elif event.worker.group == "stop":
            self._note(text, title="Not stopped", severity="error")
            self._load()  # what the job's status is now

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop" and self.ftui.read_only:
            return False
        if action in ("clone", "export") and self.job is None:
            return None
        return True

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
