"""One model's answer as it streams in, with its tokens and times once it ends."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.runtime import Reply
from ftui.core.safe_text import safe_text

# A model's answer is a few thousand characters; a runaway one is cut, not redrawn forever.
ANSWER_LIMIT = 100_000


def stats_text(reply: Reply) -> str:
    """``132 in · 58 out · first text 0.42 s · 1.9 s`` (what AWS and ftui measured)."""
    parts = []
    if reply.input_tokens is not None:
        parts.append(f"{reply.input_tokens:,} in")
    if reply.output_tokens is not None:
        parts.append(f"{reply.output_tokens:,} out")
    if reply.first_text_after is not None:
        parts.append(f"first text {reply.first_text_after:.2f} s")
    parts.append(f"{reply.took:.1f} s")
    if reply.latency_ms is not None:
        parts.append(f"AWS {reply.latency_ms:,} ms")
    if reply.stop_reason and reply.stop_reason != "end_turn":
        parts.append(f"stopped: {reply.stop_reason}")
    return " · ".join(parts)


class ReplyPane(Vertical):
    """Title, the answer (scrolls), and a line of tokens and latency."""

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(id=id, classes="reply-pane")
        self._title = safe_text(title, 200)
        self._text = ""

    def compose(self) -> ComposeResult:
        yield Static(self._title, classes="reply-title", markup=False)
        with VerticalScroll(classes="reply-scroll"):
            yield Static(classes="reply-body", markup=False)
        yield Static(classes="reply-stats", markup=False)

    @property
    def text(self) -> str:
        return self._text

    def _body(self) -> Static:
        return self.query_one(".reply-body", Static)

    def _stats(self, text: str, *, error: bool = False) -> None:
        stats = self.query_one(".reply-stats", Static)
        stats.set_class(error, "-error")
        stats.update(safe_text(text, 2000, multiline=True))

    def on_mount(self) -> None:
        # Anchored, the answer follows its last words as it grows (until the reader scrolls
        # up): scrolling to the end after each chunk raced the layout and could stop short.
        self.query_one(".reply-scroll", VerticalScroll).anchor()

    def start(self, note: str = "asking…") -> None:
        self.query_one(".reply-scroll", VerticalScroll).anchor()  # a new answer: follow it
        self._text = ""
        self._body().update("")
        self._stats(note)

    def say(self, text: str) -> None:
        """A line in place of an answer: why this model is not asked."""
        self._text = ""
        self._body().update(safe_text(text, 2000, multiline=True))
        self._stats("")

    def add(self, chunk: str) -> None:
        if len(self._text) >= ANSWER_LIMIT:
            return
        self._text += chunk
        self._body().update(safe_text(self._text, ANSWER_LIMIT, multiline=True))

    def finish(self, outcome: Ok[Reply] | AwsError) -> None:
        if isinstance(outcome, AwsError):
            self._stats(str(outcome), error=True)
            return
        if not self._text and outcome.value.text:  # an answer that came whole
            self.add(outcome.value.text)
        self._stats(stats_text(outcome.value))
        # Followed while it streamed; once whole, it is read from its first words, beside the
        # other model's (whose start would otherwise be above the view).
        scroll = self.query_one(".reply-scroll", VerticalScroll)
        scroll.anchor(False)
        scroll.call_after_refresh(scroll.scroll_home, animate=False)
