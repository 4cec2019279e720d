"""What the screens ask of the app, as a protocol: screens import this, never the app itself.

The app is the one place that owns settings, the profile store, the AWS sessions and the moves
between places; a screen reaches them through :attr:`FtuiScreen.ftui`, typed, without an import
cycle between the app and its screens.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from ftui.core.autosave import Autosave
    from ftui.core.aws.bedrock import Bedrock
    from ftui.core.aws.session import AwsSession
    from ftui.core.dataset import ReportCache
    from ftui.core.profile_summary import SummaryCache
    from ftui.core.profiles import ProfileStore
    from ftui.core.resources import ResourceCache
    from ftui.core.settings import Settings
    from ftui.tui.wizard.context import ModelChoices

ResultType = TypeVar("ResultType")


class Services(Protocol):
    settings: Settings
    store: ProfileStore
    autosave: Autosave
    session: AwsSession
    resources: ResourceCache
    reports: ReportCache
    profile_summaries: SummaryCache
    read_only: bool
    model_choices: dict[str, ModelChoices]

    @property
    def default_region(self) -> str: ...

    @property
    def monitor_regions(self) -> list[str]: ...

    @property
    def shown_regions(self) -> list[str]: ...

    def now(self) -> datetime: ...

    def bedrock(self, region: str) -> Bedrock: ...

    def settle_memory(self) -> None: ...

    def tell(self, lines: list[str], *, title: str, error: bool = False) -> None: ...

    def new_draft(self) -> None: ...

    def open_profile(self, name: str) -> None: ...

    def show_job(self, job_arn: str, region: str, name: str) -> None: ...

    def refresh_jobs(self) -> None: ...

    def clone_job(
        self, job: dict[str, Any], tags: list[dict[str, str]] | None, region: str
    ) -> None: ...


class FtuiScreen(Screen[ResultType]):
    """A screen of ftui: the app's services, typed."""

    @property
    def ftui(self) -> Services:
        return cast("Services", self.app)
