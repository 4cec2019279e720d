"""How a picker's pages come from AWS: :class:`PageLoader`, what is loaded of each source.

Every AWS call runs in a thread worker, through the session's
:class:`~ftui.core.resources.ResourceCache`. A refresh starts a new generation: an answer of an
older one is dropped when it arrives. A failure (an AWS error, or a worker that raised) is
kept in its listing, for the picker to show until Ctrl+R tries again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.timer import Timer
from textual.worker import Worker, WorkerState

from ftui.core.aws.errors import AwsError, Outcome
from ftui.core.resources import Page
from ftui.tui.pickers.levels import Listing, Source

if TYPE_CHECKING:
    from ftui.tui.pickers.base import PickerScreen

# How long typing pauses before a typed prefix is sent to AWS (S3): one call per pause, not
# one per key.
NARROW_DELAY = 0.3


class PageLoader:
    """The listings of a picker and the workers that fill them; the picker shows them."""

    def __init__(self, picker: PickerScreen) -> None:
        self.picker = picker
        self.listings: dict[Source, Listing] = {}
        self.narrow: Source | None = None  # the level narrowed by what is typed (S3)
        self.generation = 0
        self._workers: dict[Worker[None], tuple[Source, int]] = {}
        self._narrow_timer: Timer | None = None

    def load(self, source: Source, token: str | None = None) -> None:
        """Ask for the page of ``source`` at ``token`` (the first page: None)."""
        listing = self.listings.setdefault(source, Listing())
        if listing.loading:
            return
        listing.loading = True
        listing.error = None
        picker = self.picker
        cache = picker.ftui.resources
        generation = self.generation

        def work() -> None:
            def ask() -> Outcome[Page[Any]]:
                return picker.fetch(cache.session, source, token, cache.page_size)

            outcome = cache.page(source.key(token), ask)
            picker.post_message(picker.PageLoaded(source, token, outcome, generation))

        worker = picker.run_worker(
            work, name=f"listing {source.listing}", group="picker", thread=True, exit_on_error=False
        )
        self._workers[worker] = (source, generation)

    def page_loaded(self, event: PickerScreen.PageLoaded) -> None:
        listing = self.listings.get(event.source)
        if event.generation != self.generation or listing is None:
            return  # overtaken by a refresh
        listing.loading = False
        if isinstance(event.outcome, AwsError):
            listing.error = f"{event.outcome.code}: {event.outcome.message}"
        elif event.token == (listing.next_token if listing.pages else None):
            listing.items += event.outcome.value.items
            listing.next_token = event.outcome.value.next_token
            listing.pages += 1
        self.picker.loaded(event.source, listing)
        self.picker.show()

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """A listing whose worker raised (a bug, an answer that could not be read) says so."""
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        started = self._workers.pop(event.worker, None)
        if event.state is not WorkerState.ERROR or started is None:
            return
        source, generation = started
        listing = self.listings.get(source)
        if generation != self.generation or listing is None:
            return
        listing.loading = False
        listing.error = f"{type(event.worker.error).__name__}: {event.worker.error}"
        self.picker.show()

    def refresh(self, level: Source) -> None:
        """Forget what was listed of ``level``'s listing (and the narrowed one), in this picker
        and in the cache, and list it again from AWS."""
        cache = self.picker.ftui.resources
        dropped = {(s.listing, s.region) for s in (level, self.narrow) if s}
        for listing, region in dropped:
            cache.drop(listing, region)
        for source in [s for s in self.listings if (s.listing, s.region) in dropped]:
            del self.listings[source]
        self.generation += 1
        self.load(level)
        if self.narrow is not None:
            self.load(self.narrow)

    def narrow_to(self, query: Source | None) -> None:
        """Narrow to ``query`` (what is typed, as AWS filters it), asked once typing pauses."""
        if query == self.narrow:
            return
        self.narrow = query
        if self._narrow_timer is not None:
            self._narrow_timer.stop()
        if query is not None and query not in self.listings:
            self._narrow_timer = self.picker.set_timer(NARROW_DELAY, self._ask_narrowed)

    def _ask_narrowed(self) -> None:
        if self.narrow is not None and self.narrow not in self.listings:
            self.load(self.narrow)
            self.picker.show()
