"""Try a custom model beside its base: one prompt to both, both answers streaming side by side,
with their tokens and times; prompts can come from the job's validation data, the expected
answer shown under the two replies.

Each answer streams in its own thread worker (ConverseStream); leaving the screen or sending
again stops the streams still running.
"""

from __future__ import annotations

import threading

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.runtime import Prompt, Reply, Runtime
from ftui.core.aws.serving import Serving
from ftui.core.catalog import load_catalog
from ftui.core.custom_models.examples import Example, ExampleSource, read_examples, source_of
from ftui.core.custom_models.rows import ModelRow
from ftui.core.custom_models.usage import Server
from ftui.core.safe_text import safe_text
from ftui.tui import guides
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.footer import Footer
from ftui.tui.widgets.line import Line
from ftui.tui.widgets.reply_pane import ReplyPane
from ftui.tui.widgets.safe_input import SafeInput
from ftui.tui.widgets.safe_text_area import SafeTextArea

EXPECTED_LIMIT = 4000


class TryScreen(FtuiScreen[None]):
    PLACE = "Try it"
    AUTO_FOCUS = "#try-prompt"
    BINDINGS = [
        Binding("escape", "back", "Back", id="try.back"),
        Binding("ctrl+s", "send", "Send", id="try.send", priority=True),
        Binding("ctrl+n", "example(1)", "Next example", id="try.next", priority=True),
        Binding("ctrl+b", "example(-1)", "Previous example", id="try.previous", priority=True),
    ]
    KEY_GUIDE = guides.TRY

    def __init__(self, row: ModelRow, server: Server) -> None:
        super().__init__(id="try-screen")
        self.row = row
        self.server = server
        self.examples: list[Example] = []
        self.source: ExampleSource | None = None
        self.index = -1
        self.expected: str | None = None
        self._stop = threading.Event()
        base = load_catalog().model(row.base_id) if row.base_id else None
        self.base_name = base.name if base else "the base model"
        self.base_invoke = base.invocation_id if base else None

    def compose(self) -> ComposeResult:
        yield Line(id="try-header")
        with Horizontal(id="try-system-row"):
            # Labelled: a system prompt loaded from an example is no placeholder.
            yield Static("System", id="try-system-label")
            yield SafeInput(id="try-system", compact=True, placeholder="optional")
        # Safe: a prompt may come from a data set, and TextArea draws its text as it is.
        yield SafeTextArea(id="try-prompt", soft_wrap=True, show_line_numbers=False, compact=True)
        yield Static(id="try-examples", markup=False)
        with Horizontal(id="try-replies"):
            yield ReplyPane(f"{self.row.name} (tuned)", id="try-custom")
            yield ReplyPane(f"{self.base_name} (base)", id="try-base")
        yield Static(id="try-expected", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#try-prompt", SafeTextArea).border_title = "Prompt · ctrl+s sends to both"
        self.query_one("#try-expected").display = False
        # The base model is named above its pane: at 80 columns the line has no room for it.
        self.query_one("#try-header", Line).text = safe_text(
            f"Try {self.row.name} · {self.server.kind} {self.server.name} · {self.row.region}"
        )
        self.query_one("#try-examples", Static).update("Reading prompts from the job's data…")
        if self.base_invoke is None:
            self.query_one("#try-base", ReplyPane).say(
                "ftui does not know this model's base, so it cannot ask it."
            )
        self._read_examples()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # ctrl+n / ctrl+b are shown only once there are examples to step through.
        return not (action == "example" and not self.examples)

    # --- examples -----------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="try-examples")
    def _read_examples(self) -> None:
        session = self.ftui.session
        model = Serving(session, self.row.region).get_model(self.row.arn)
        if isinstance(model, AwsError):
            self.app.call_from_thread(self._examples_read, None, model)
            return
        source = source_of(model.value)
        if source is None:
            self.app.call_from_thread(self._examples_read, None, None)
            return
        found = read_examples(session, self.row.region, source)
        self.app.call_from_thread(self._examples_read, source, found)

    def _examples_read(
        self, source: ExampleSource | None, found: Ok[list[Example]] | AwsError | None
    ) -> None:
        line = self.query_one("#try-examples", Static)
        if found is None:
            line.update("The job names no data to take prompts from: type one.")
            return
        if isinstance(found, AwsError):
            line.update(safe_text(f"No example prompts: {found}", 1000))
            return
        self.source, self.examples = source, found.value
        self.refresh_bindings()
        self._say_examples()

    def _say_examples(self) -> None:
        line = self.query_one("#try-examples", Static)
        if not self.examples or self.source is None:
            line.update("No example prompts found in the job's data: type one.")
            return
        where = self.source.label
        # The keys first: a line cut at the terminal's edge keeps them.
        if self.index < 0:
            text = f"ctrl+n loads one of {len(self.examples)} prompts from the {where}"
        else:
            example = self.examples[self.index]
            kind = "validation data" if self.source.validation else "training data"
            text = (
                f"ctrl+n next · ctrl+b previous · example {self.index + 1}/{len(self.examples)}"
                f" ({kind}, line {example.line})"
            )
        line.update(safe_text(text, 1000))

    def action_example(self, step: int) -> None:
        if not self.examples:
            return
        self.index = (self.index + step) % len(self.examples)
        example = self.examples[self.index]
        self.query_one("#try-prompt", SafeTextArea).text = example.prompt
        self.query_one("#try-system", SafeInput).value = example.system or ""
        self.expected = example.expected
        expected = self.query_one("#try-expected", Static)
        expected.display = example.expected is not None
        expected.update(
            safe_text(f"Expected: {example.expected or ''}", EXPECTED_LIMIT, multiline=True)
        )
        self._say_examples()

    # --- asking -------------------------------------------------------------------------------

    def action_send(self) -> None:
        text = self.query_one("#try-prompt", SafeTextArea).text.strip()
        if not text:
            hint = ", or ctrl+n for one from the data" if self.examples else ""
            self.notify(f"Type a prompt first{hint}.", markup=False)
            return
        self._stop.set()  # the answers still streaming to the last prompt
        self._stop = threading.Event()
        system = self.query_one("#try-system", SafeInput).value.strip() or None
        prompt = Prompt(text, system=system)
        panes = [(self.query_one("#try-custom", ReplyPane), self.server.arn)]
        if self.base_invoke is not None:
            panes.append((self.query_one("#try-base", ReplyPane), self.base_invoke))
        for pane, model_id in panes:
            pane.start()
            self._ask(pane, model_id, prompt, self._stop)

    @work(thread=True, exit_on_error=False, group="try-ask")
    def _ask(self, pane: ReplyPane, model_id: str, prompt: Prompt, stop: threading.Event) -> None:
        runtime = Runtime(self.ftui.session, self.row.region)

        def on_text(chunk: str) -> None:
            self.app.call_from_thread(self._heard, pane, stop, chunk)

        outcome = runtime.converse_stream(model_id, prompt, on_text, stop)
        self.app.call_from_thread(self._answered, pane, stop, outcome)

    # On the UI thread, where the stop is checked: a piece of the last prompt's answer that
    # was on its way when another prompt was sent must not land in the new answer.
    def _heard(self, pane: ReplyPane, stop: threading.Event, chunk: str) -> None:
        if not stop.is_set():
            pane.add(chunk)

    def _answered(
        self, pane: ReplyPane, stop: threading.Event, outcome: Ok[Reply] | AwsError
    ) -> None:
        if not stop.is_set():
            pane.finish(outcome)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.notify(
                f"{event.worker.name} failed: {event.worker.error}",
                title="Something went wrong",
                severity="error",
                markup=False,
            )

    def action_back(self) -> None:
        self._stop.set()
        self.dismiss(None)

    def on_unmount(self) -> None:
        self._stop.set()
