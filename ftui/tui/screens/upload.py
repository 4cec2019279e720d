"""Upload a local JSONL file to S3, once the dataset checker passed it, as the training data.

The file is checked here, on this machine, before a byte is sent: a file that would fail the
job's validation stage is not worth uploading. An object already at the destination is replaced
only after a yes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static
from textual.worker import Worker, WorkerState, get_current_worker

from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.dataset import DataReport, check_file
from ftui.core.fixes import ObjectExists, destination, upload_file
from ftui.core.safe_text import safe_text
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.path_prompt import resolve
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.footer import Footer
from ftui.tui.widgets.safe_input import SafeInput

MB = 1_000_000


@dataclass(frozen=True)
class UploadRequest:
    model_id: str
    customization_type: str
    region: str
    folder: str | None  # where the current training file is, offered as the destination


class UploadScreen(ModalScreen[str | None], FtuiScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="upload.cancel"),
        Binding("ctrl+o", "pick_folder", "Browse S3", id="upload.pick"),
        Binding("ctrl+s", "upload", "Upload", id="upload.send", priority=True),
    ]

    def __init__(self, request: UploadRequest) -> None:
        super().__init__(classes="dialog-screen")
        self.request = request
        self.report: DataReport | None = None
        self.checked: Path | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog fix"):
            yield Static("Upload a local JSONL file as the training data", classes="dialog-title")
            yield Label("Local file  [dim]Enter checks it[/]", classes="field-label")
            yield SafeInput(id="upload-path", compact=True, placeholder="~/data/train.jsonl")
            yield Label("To the S3 folder  [dim]^O browse[/]", classes="field-label")
            yield SafeInput(
                self.request.folder or "",
                id="upload-folder",
                compact=True,
                placeholder="s3://bucket/prefix/",
            )
            yield Static(
                f"The file is checked against {self.request.model_id}'s format and limits"
                " before it is uploaded.",
                id="upload-note",
                classes="fix-note",
                markup=False,
            )
            with VerticalScroll(classes="fix-documents"):
                yield Static("", id="upload-report", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#upload-path", Input).focus()

    def _note(self, text: str, state: str = "") -> None:
        note = self.query_one("#upload-note", Static)
        note.update(safe_text(text, multiline=True))
        note.set_class(state == "error", "-error")
        note.set_class(state == "ok", "-ok")

    def destination(self) -> str | ValueError | None:
        """Where the checked file would go, or why it cannot (None: no file checked yet)."""
        folder = self.query_one("#upload-folder", Input).value.strip()
        if self.checked is None:
            return None
        try:
            return destination(self.checked, folder)
        except ValueError as error:
            return error

    # --- checking -------------------------------------------------------------------------

    @on(Input.Submitted, "#upload-path")
    def _check(self, event: Input.Submitted) -> None:
        path = resolve(event.value) if event.value.strip() else None
        if path is None or not path.is_file():
            self._note(f"There is no file {path or ''}: type the path of a JSONL file.", "error")
            return
        self.report, self.checked = None, None
        self._note(f"Checking {path}…")
        self._run_check(path)

    @on(Input.Changed, "#upload-path")
    def _path_changed(self) -> None:
        self.report, self.checked = None, None
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="check", exit_on_error=False, name="data check")
    def _run_check(self, path: Path) -> tuple[Path, DataReport]:
        worker = get_current_worker()
        return path, check_file(
            path,
            model_id=self.request.model_id,
            customization_type=self.request.customization_type,
            # Another file chosen, or the dialog closed: this read stops at its next chunk.
            cancelled=lambda: worker.is_cancelled,
        )

    @on(Worker.StateChanged)
    def _worker(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "check":
            self._checked(event)
        elif event.worker.group == "upload":
            self._uploaded(event)

    def _checked(self, event: Worker.StateChanged) -> None:
        if event.worker.is_cancelled:
            return  # a check another file (or Enter again) took over from
        if event.state is WorkerState.ERROR:
            self._note(f"Could not read the file: {event.worker.error}", "error")
        if event.state is not WorkerState.SUCCESS or not isinstance(event.worker.result, tuple):
            return
        path, report = event.worker.result
        self.report, self.checked = report, path
        self.query_one("#upload-report", Static).update(
            safe_text("\n".join(report.lines()), multiline=True)
        )
        target = self.destination()
        if report.passed and isinstance(target, ValueError):
            self._note(f"✓ {report.summary()}. But {target}", "error")
        elif report.passed:
            self._note(f"✓ {report.summary()}. Ctrl+S uploads it as {target}.", "ok")
        else:
            self._note(
                f"✗ The data would fail the job: {report.summary()}. Fix the file first.",
                "error",
            )
        self.refresh_bindings()

    # --- uploading ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "upload":
            return self.report is not None and self.report.passed and not self.busy
        return True

    def action_pick_folder(self) -> None:
        from ftui.tui.pickers import picker_for

        folder = self.query_one("#upload-folder", Input)

        def picked(value: str | list[str] | None) -> None:
            if isinstance(value, str):
                folder.value = value

        self.app.push_screen(
            picker_for("s3-prefix", region=self.request.region, current=folder.value or None),
            picked,
        )

    def action_upload(self) -> None:
        """Ask first: the upload writes to the account (and an existing object is asked about
        again, by name, before it is replaced)."""
        uri = self.destination()
        if not isinstance(uri, str) or self.checked is None:
            self._note(f"Not uploaded: {uri or 'type the S3 folder: s3://bucket/prefix/'}", "error")
            return
        size = self.checked.stat().st_size if self.checked.exists() else 0

        def answered(yes: bool | None) -> None:
            if yes:
                self._start(replace=False)

        self.app.push_screen(
            ConfirmScreen(
                f"Upload {self.checked.name} ({size / MB:.1f} MB) to {uri}?",
                "It becomes the job's training data.",
                yes="Upload",
            ),
            answered,
        )

    def _start(self, *, replace: bool) -> None:
        uri = self.destination()
        if not isinstance(uri, str) or self.checked is None:
            return
        self.busy = True
        self.refresh_bindings()
        self._note(f"Uploading to {uri}…")
        self._send(self.checked, uri, replace)

    @work(thread=True, exclusive=True, group="upload", exit_on_error=False, name="upload")
    def _send(self, path: Path, uri: str, replace: bool) -> Outcome[str]:
        def progress(done: int, total: int) -> None:
            share = f" ({done * 100 // total}%)" if total else ""
            self.app.call_from_thread(
                self._note, f"Uploading to {uri}: {done / MB:.1f} of {total / MB:.1f} MB{share}"
            )

        return upload_file(
            self.ftui.session,
            path,
            uri,
            region=self.request.region,
            on_progress=progress,
            replace=replace,
        )

    def _uploaded(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.busy = False
            self._note(f"The upload broke: {event.worker.error}", "error")
            self.refresh_bindings()
        if event.state is not WorkerState.SUCCESS:
            return
        self.busy = False
        self.refresh_bindings()
        result = event.worker.result
        if isinstance(result, Ok):
            self.dismiss(result.value)
        elif isinstance(result, AwsError) and result.code == ObjectExists:
            self._ask_replace()
        elif isinstance(result, AwsError):
            self._note(f"Not uploaded: {result}", "error")

    def _ask_replace(self) -> None:
        uri = self.destination()

        def answered(yes: bool | None) -> None:
            if yes:
                self._start(replace=True)
            else:
                self._note("Not uploaded: choose another folder or file name.")

        self.app.push_screen(
            ConfirmScreen(f"{uri} exists. Replace it?", yes="Replace", danger=True), answered
        )

    def action_cancel(self) -> None:
        if self.busy:
            self._note("The upload is under way; it cannot be taken back halfway.")
            return
        self.dismiss(None)
