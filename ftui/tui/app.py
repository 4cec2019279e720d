"""The ftui application: modes for profiles and the wizard, AWS access, safety nets.

Four places, each a mode with its own screen stack: the jobs monitor (F2), the profiles (F3),
the wizard's working draft (F4) and the custom models (F7: F5 and F6 were the wizard's keys).
The app owns what they share: settings, the profile store, the autosave, the AWS sessions,
and what to do when the terminal goes away.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandInput, CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ftui import __version__
from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.policy import ReadOnly
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.paths import state_dir
from ftui.core.safe_text import safe_text
from ftui.core.settings import Settings
from ftui.tui import css_cache, draft_moves, terminal, trace
from ftui.tui.keys import read_alt_digits
from ftui.tui.screens import models_screen, profiles_screen, wizard_screen
from ftui.tui.screens.help import EVERYWHERE, HelpScreen, help_lines
from ftui.tui.screens.jobs import JobsScreen

if TYPE_CHECKING:
    from ftui.core.autosave import Autosave
    from ftui.core.dataset import ReportCache
    from ftui.core.profile_summary import SummaryCache
    from ftui.core.profiles import ProfileStore
    from ftui.core.resources import ResourceCache
    from ftui.tui.wizard.context import ModelChoices
    from ftui.tui.wizard.screen import WizardScreen

# A toast is a few lines; what it quotes is cut to fit one.
TOAST_LIMIT = 1000
TITLE_LIMIT = 200


class FtuiApp(App[None]):
    """Build, save, submit and watch Bedrock model customization jobs."""

    TITLE = "ftui"
    SUB_TITLE = f"Bedrock model customization {__version__}"
    CSS_PATH = "ftui.tcss"
    SCREENS = {
        "jobs": JobsScreen,
        "profiles": profiles_screen,
        "wizard": wizard_screen,
        "models": models_screen,
    }
    MODES = {"jobs": "jobs", "profiles": "profiles", "wizard": "wizard", "models": "models"}
    DEFAULT_MODE = "jobs"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f1,question_mark", "help", "Keys", id="app.help"),
        Binding("f2", "switch_mode('jobs')", "Jobs", id="app.jobs", show=False),
        Binding("f3", "switch_mode('profiles')", "Profiles", id="app.profiles", show=False),
        Binding("f4", "switch_mode('wizard')", "Draft", id="app.wizard", show=False),
        Binding("f7", "switch_mode('models')", "Models", id="app.models", show=False),
    ]

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        target: AwsTarget | None = None,
        regions: list[str] | None = None,
        store: ProfileStore | None = None,
        autosave: Autosave | None = None,
        read_only: ReadOnly | None = None,
        session: AwsSession | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        # Before Textual parses any: rules kept from an earlier start are not parsed again.
        self.css_cache = css_cache.start(state_dir() / css_cache.FILE_NAME)
        super().__init__()
        read_alt_digits()
        self.settings = settings or Settings()
        self.target = target or AwsTarget()
        self.regions = regions or list(self.settings.regions)
        if read_only is None and self.settings.read_only:
            read_only = ReadOnly("read_only = true in the settings")
        # Screens hide what read-only mode refuses; the session and the store refuse it.
        self.read_only = read_only is not None
        self._read_only = read_only
        # Made on first use: profiles and drafts (and pydantic, which checks them) are not
        # needed for the monitor's first frame.
        if store is not None:
            store.read_only = read_only
            self.store = store
        if autosave is not None:
            self.autosave = autosave
        self.session = session or AwsSession(self.target)
        self.session.read_only = read_only
        self._clock = clock or self.session.clock.now
        self.model_choices: dict[str, ModelChoices] = {}
        self._bedrock: dict[str, Bedrock] = {}
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.set_keymap(self.settings.keymap)

    @cached_property
    def store(self) -> ProfileStore:
        from ftui.core.profiles import ProfileStore

        store = ProfileStore.default()
        store.read_only = self._read_only
        return store

    @cached_property
    def resources(self) -> ResourceCache:
        """What pickers listed (buckets, roles ...), kept for the session; pickers refresh it."""
        from ftui.core.resources import ResourceCache

        return ResourceCache(self.session)

    @cached_property
    def profile_summaries(self) -> SummaryCache:
        """Profiles read and checked, by file: the profiles screen's rows, the palette's too."""
        from ftui.core.profile_summary import SummaryCache

        return SummaryCache()

    @cached_property
    def autosave(self) -> Autosave:
        from ftui.core.autosave import Autosave

        return Autosave()

    @cached_property
    def reports(self) -> ReportCache:
        """Data sets checked, by ETag: the data step's check spares the pre-flight a re-read.
        Made with the first check, so the checker is not loaded while ftui starts."""
        from ftui.core.dataset import ReportCache

        return ReportCache()

    def on_mount(self) -> None:
        self.settle_memory()
        if not self.is_headless:
            terminal.watch(self, self._hang_up)
        if trace.enabled():
            trace.watch_gc()
            self.run_worker(
                trace.watch_loop_lag(), name="trace-lag", group="trace", exit_on_error=False
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast as plain, safe text: most quote a job, a file or AWS's words.

        ``markup`` is accepted for Textual's signature and ignored: no toast of ftui's needs
        markup, and one that parsed a job's name as markup could run an action.
        """
        super().notify(
            safe_text(str(message), TOAST_LIMIT, multiline=True),
            title=safe_text(title, TITLE_LIMIT),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """The app's own workers: one that breaks is said, and the app goes on.

        Screens handle their workers' failures where the answer would have gone; this is for
        the rest, so that no failure is silent.
        """
        if event.state is WorkerState.ERROR and event.worker.node is self:
            self.notify(
                f"{event.worker.name} failed: {event.worker.error}",
                title="Something went wrong",
                severity="error",
                markup=False,
            )

    # --- shared services ----------------------------------------------------------------------

    def now(self) -> datetime:
        """The time at the AWS endpoint, unless the app was given a clock (tests freeze it).

        Job times are written by the endpoint's clock, so elapsed times are taken against it.
        """
        return self._clock()

    def settle_memory(self) -> None:
        """Take what lives for the whole run out of the garbage collector's sight.

        Textual's widgets, botocore's service models and the catalog are long-lived; with them
        frozen, a full collection (which stops every thread, the UI's too) scans only the
        objects of recent polls: measured on 10,000 jobs, 60-90 ms pauses became 5-20 ms.
        Called at start and once the first jobs are shown; freezing is cheap (no collection).
        """
        gc.freeze()

    def tell(self, lines: list[str], *, title: str, error: bool = False) -> None:
        """News from elsewhere (a job changed status) where the user is looking.

        In the wizard, its status line: a toast there covers the fields being typed in at
        80x24. Elsewhere, a toast.
        """
        screen = self.screen
        if self.current_mode == "wizard" and isinstance(screen, self._wizard_class()):
            screen.status.say(f"{title}: {'; '.join(lines)}", error=error)
            return
        severity: SeverityLevel = "error" if error else "information"
        self.notify("\n".join(lines), title=title, severity=severity, timeout=8, markup=False)

    @property
    def default_region(self) -> str:
        """Where new drafts and the monitor start: --region, settings, AWS config, us-east-1."""
        if self.regions:
            return self.regions[0]
        return self.session.region or "us-east-1"

    @property
    def monitor_regions(self) -> list[str]:
        """The regions the jobs monitor watches: --region (repeatable), settings, the default."""
        return self.regions or [self.default_region]

    @property
    def shown_regions(self) -> list[str]:
        """The monitor's regions as far as they are known without loading boto3 (which the
        first poll loads, after the first frame): "…" for one only the AWS configuration tells."""
        if self.regions or self.session.loaded:
            return self.monitor_regions
        return [self.session.region_at_hand() or "…"]

    def bedrock(self, region: str) -> Bedrock:
        if region not in self._bedrock:
            self._bedrock[region] = Bedrock(self.session, region)
        return self._bedrock[region]

    @property
    def wizard(self) -> WizardScreen:
        screen = self.get_screen("wizard")
        assert isinstance(screen, self._wizard_class())
        return screen

    @staticmethod
    def _wizard_class() -> type[WizardScreen]:
        from ftui.tui.wizard.screen import WizardScreen

        return WizardScreen

    # --- moving between drafts (ftui/tui/draft_moves.py) ----------------------------------------

    def open_profile(self, name: str) -> None:
        draft_moves.open_profile(self, name)

    def revert_draft(self) -> None:
        draft_moves.revert_draft(self)

    def new_draft(self) -> None:
        draft_moves.new_draft(self)

    def clone_job(
        self, job: dict[str, Any], tags: list[dict[str, str]] | None, region: str
    ) -> None:
        draft_moves.clone_job(self, job, tags, region)

    @property
    def jobs(self) -> JobsScreen:
        screen = self.get_screen("jobs")
        assert isinstance(screen, JobsScreen)
        return screen

    def show_job(self, job_arn: str, region: str, name: str) -> None:
        """Take the user to a job in the monitor, with its details open (and no other's)."""
        self.switch_mode("jobs")
        # In the same step as the switch, not after a refresh: a detail left open over the
        # monitor (the job just cloned and submitted) would be drawn first. The monitor is the
        # default mode, so its screen is mounted.
        self.jobs.show(job_arn, region, name)

    def refresh_jobs(self) -> None:
        jobs = self.jobs
        if jobs.is_mounted:
            jobs.poll_now()

    # --- keys, help, palette ------------------------------------------------------------------

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        sections = getattr(screen, "KEY_GUIDE", ())
        lines = help_lines(screen, (*sections, EVERYWHERE))
        self.push_screen(HelpScreen(getattr(screen, "PLACE", screen.__class__.__name__), lines))

    def action_command_palette(self) -> None:
        super().action_command_palette()
        self.call_after_refresh(self._steady_palette_cursor)

    def _steady_palette_cursor(self) -> None:
        """Textual's palette blinks its cursor: two frames a second over SSH for as long as it
        is open. ftui's own fields do not blink either."""
        if isinstance(self.screen, CommandPalette):
            for field in self.screen.query(CommandInput):
                field.cursor_blink = False

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from ftui.tui.commands import palette  # with the palette, not before the first frame

        yield from super().get_system_commands(screen)
        yield from palette(self, screen)

    # --- leaving ------------------------------------------------------------------------------

    def save_working_draft(self) -> None:
        if "ftui.tui.wizard.screen" not in sys.modules:
            return  # the wizard was never opened: no draft to keep, nothing to load to leave
        wizard = self.wizard
        if wizard.is_mounted:
            wizard.saving.autosave_now()

    async def action_quit(self) -> None:
        self.save_working_draft()
        self.exit()

    def _fatal_error(self) -> None:
        """A crash: keep the draft, and report where it happened without local variables.

        Textual's own report prints every frame's locals, which here hold drafts, other
        profiles and AWS answers; crash reports get pasted into issues. (Textual's private
        hook; tests/tui/test_crash.py fails if a Textual upgrade stops calling it.)
        """
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        with contextlib.suppress(Exception):  # the crash may be in saving itself
            self.save_working_draft()
        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        rendered = self.console.render(traceback, self.console.options)
        self._exit_renderables.append(Segments(rendered))
        self._close_messages_no_wait()

    def _hang_up(self) -> None:
        self.save_working_draft()
        self.exit(return_code=129)
