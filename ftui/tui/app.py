"""The ftui application: settings, AWS target and the screens."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from ftui import __version__
from ftui.core.aws.session import AwsTarget
from ftui.core.profiles import ProfileStore
from ftui.core.settings import Settings
from ftui.tui.screens.home import HomeScreen


class FtuiApp(App[int]):
    """Build, save, submit and watch Bedrock model customization jobs."""

    TITLE = "ftui"
    SUB_TITLE = f"Bedrock model customization · {__version__}"
    CSS_PATH = "ftui.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f1", "show_help_panel", "Keys", id="app.help"),
    ]

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        target: AwsTarget | None = None,
        regions: list[str] | None = None,
        store: ProfileStore | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.target = target or AwsTarget()
        self.regions = regions or list(self.settings.regions)
        self.store = store or ProfileStore.default()
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.set_keymap(self.settings.keymap)

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen(self.store)
