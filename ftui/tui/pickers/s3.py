"""The S3 browser: buckets, then a bucket's folders a level at a time, down to the object.

Three uses: a data file ("s3-object": Enter on an object picks it), an output folder
("s3-prefix": Ctrl+S picks the folder shown), and the folder of invocation logs
("invocation-logs": the logging configuration's location first, else a folder as for output).
A bucket in another region than the job's is dimmed: a job uses the S3 of its own region.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.binding import Binding

from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources import Page, logs, s3
from ftui.core.resources.logs import LogLocation
from ftui.core.resources.s3 import Bucket, S3Entry
from ftui.tui.pickers.base import PickerScreen
from ftui.tui.pickers.choices import Column, Row
from ftui.tui.pickers.levels import PICKER_KEYS, Level, Source
from ftui.tui.pickers.values import PickKind, s3_parts
from ftui.tui.screens.help import Row as HelpRow
from ftui.tui.screens.help import Section

TITLES = {
    "s3-object": "S3 object",
    "s3-prefix": "S3 folder",
    "invocation-logs": "Invocation logs",
}
BUCKET_COLUMNS = (Column("Bucket"), Column("Region", 14), Column("Created", 10, optional=True))
FOLDER_COLUMNS = (Column("Name"), Column("Size", 10), Column("Modified", 16, optional=True))
LOG_COLUMNS = (Column("Location", least=48), Column("", 32, optional=True))


@dataclass(frozen=True)
class BrowseS3:
    """The line under the logging location: look for the logs in S3 instead."""

    value: str = "browse S3"
    cells: tuple[str, ...] = ("Browse S3 for the logs…", "choose the folder they are in")


BROWSE = BrowseS3()


class S3Picker(PickerScreen):
    KEY_GUIDE: ClassVar[tuple[Section, ...]] = (
        PICKER_KEYS,
        Section("S3", (HelpRow("Use the folder shown (output, logs)", ("picker.folder",)),)),
    )
    BINDINGS = [Binding("ctrl+s", "use_folder", "Use this folder", id="picker.folder")]

    def __init__(
        self, kind: PickKind, *, region: str, current: str | None, purpose: str | None = None
    ) -> None:
        # Training data, validation set and output all browse S3: the title says which.
        title = f"{purpose}: {TITLES[kind]}" if purpose else TITLES[kind]
        super().__init__(kind, region=region, title=title)
        self.current = current
        self.bucket_regions: dict[str, str | None] = {}

    # --- levels ---------------------------------------------------------------------------

    def buckets_level(self) -> Level:
        prompt = "type to filter, or paste an s3:// location · Enter opens"
        source = Source(s3.BUCKETS, self.aws_region)
        return Level(source, "", BUCKET_COLUMNS, "buckets", prompt=prompt)

    def folder_level(self, bucket: str, prefix: str) -> Level:
        if self.kind == "s3-object":
            prompt = "type to filter · Enter opens or picks · ← up"
        else:
            prompt = "type to filter · Enter opens · Ctrl+S uses this folder · ← up"
        return Level(
            Source(s3.FOLDER, self.aws_region, f"{bucket}/{prefix}"),
            f"s3://{bucket}/{prefix}",
            FOLDER_COLUMNS,
            "entries",
            prompt=prompt,
        )

    def logs_level(self) -> Level:
        prompt = "Enter picks the location, or browses S3"
        source = Source(logs.LOGGING, self.aws_region)
        return Level(source, "", LOG_COLUMNS, "locations", prompt=prompt)

    def start(self) -> None:
        top = [(self.logs_level(), BROWSE.value)] if self.kind == "invocation-logs" else []
        parts = s3_parts(self.current or "")
        if parts is not None:
            self.open_at(*parts, top=top, wanted=self.current)
        else:
            self.go([(top[0][0] if top else self.buckets_level(), None)])

    def open_at(
        self,
        bucket: str,
        key: str,
        *,
        top: Sequence[tuple[Level, str | None]] = (),
        wanted: str | None = None,
    ) -> None:
        """Show the folder of ``key`` in ``bucket`` (``key`` itself if a folder), with the
        levels above it to go up to."""
        folder = key[: key.rfind("/") + 1]
        path = [*top, (self.buckets_level(), f"s3://{bucket}/")]
        prefix = ""
        for name in folder.split("/")[:-1]:
            below = f"{prefix}{name}/"
            path.append((self.folder_level(bucket, prefix), f"s3://{bucket}/{below}"))
            prefix = below
        path.append((self.folder_level(bucket, folder), None))
        self.go(path, wanted=wanted)

    def level_of(self) -> tuple[str, str] | None:
        """The bucket and prefix of the folder shown; None above the buckets."""
        source = self.level.source
        if source.listing != s3.FOLDER:
            return None
        bucket, _, prefix = source.parent.partition("/")
        return bucket, prefix

    # --- listing --------------------------------------------------------------------------

    def fetch(
        self, session: AwsSession, source: Source, token: str | None, page_size: int
    ) -> Outcome[Page[Any]]:
        if source.listing == logs.LOGGING:
            return logs.logging_location(session, source.region)
        if source.listing == s3.BUCKETS:
            return s3.list_buckets(
                session, source.region, prefix=source.parent, token=token, page_size=page_size
            )
        bucket, _, prefix = source.parent.partition("/")
        region = self.bucket_regions.get(bucket) or source.region
        return s3.list_folder(session, region, bucket, prefix, token=token, page_size=page_size)

    def ordered(self, items: list[Any]) -> list[Any]:
        if self.level.source.listing == logs.LOGGING:
            # Browsing comes once the location is known: it goes under it.
            listing = self.loader.listings.get(self.level.source)
            return [*items, BROWSE] if listing and (listing.pages or listing.error) else []
        # Pages of a folder each hold folders then objects; all folders come first.
        return sorted(items, key=lambda item: not getattr(item, "folder", True))

    def narrowed(self, text: str) -> Source | None:
        """The level listed by S3 from what is typed, when the level has more than was listed."""
        source = self.level.source
        listing = self.loader.listings.get(source)
        if (
            source.listing == logs.LOGGING
            or not text
            or text.startswith("s3://")
            or any(c.isspace() for c in text)
            or listing is None
            or not listing.next_token
        ):
            return None
        return Source(source.listing, source.region, source.parent + text)

    def matches(self, item: Any, words: list[str]) -> bool:
        if isinstance(item, S3Entry):
            level = self.level_of()
            text = item.key.removeprefix(level[1] if level else "").lower()
            return all(word in text for word in words)
        return super().matches(item, words)

    # --- showing --------------------------------------------------------------------------

    def row(self, item: Any) -> Row:
        if isinstance(item, Bucket):
            elsewhere = item.region is not None and item.region != self.aws_region
            region = f"({item.region})" if elsewhere else item.cells[1]
            return Row((item.name, region, item.cells[2]), style="dim" if elsewhere else "")
        if isinstance(item, S3Entry):
            level = self.level_of()
            name = item.key.removeprefix(level[1] if level else "")
            pickable = item.folder or self.kind == "s3-object"
            return Row((name, *item.cells[1:]), style="" if pickable else "dim")
        if isinstance(item, BrowseS3):
            return Row(item.cells, style="italic")
        return Row(tuple(item.cells))

    def hint(self, item: Any) -> str:
        if isinstance(item, Bucket) and item.region and item.region != self.aws_region:
            return (
                f"{item.name} is in {item.region}, the job in {self.aws_region}:"
                " a job reads and writes S3 in its own region"
            )
        level = self.level_of()
        if self.kind != "s3-object" and level is not None:
            return f"Ctrl+S uses s3://{level[0]}/{level[1]}  ·  Enter opens a folder"
        if isinstance(item, LogLocation):
            return f"Where invocation logging in {self.aws_region} writes: Enter picks it"
        if isinstance(item, BrowseS3) and not self.shown_listing().items:
            loading = self.shown_listing().loading
            return "" if loading else f"No invocation logging is set up in {self.aws_region}"
        return ""

    # --- picking --------------------------------------------------------------------------

    def choose(self, item: Any) -> None:
        if isinstance(item, Bucket):
            self.bucket_regions[item.name] = item.region
            self.enter(self.folder_level(item.name, ""))
        elif isinstance(item, S3Entry) and item.folder:
            self.enter(self.folder_level(item.bucket, item.key))
        elif isinstance(item, S3Entry) and self.kind == "s3-object":
            self.dismiss(item.value)
        elif isinstance(item, BrowseS3):
            self.enter(self.buckets_level())
        elif isinstance(item, LogLocation):
            self.dismiss(item.value)

    def take_text(self, text: str) -> bool:
        """An s3:// location typed that is not a whole value here: go there."""
        parts = s3_parts(text)
        if parts is None:
            return False
        bucket, key = parts
        top = [(self.logs_level(), BROWSE.value)] if self.kind == "invocation-logs" else []
        self.open_at(bucket, key, top=top)
        self.filter.value = key[key.rfind("/") + 1 :]
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use_folder":
            return self.kind != "s3-object"
        return super().check_action(action, parameters)

    def action_use_folder(self) -> None:
        level = self.level_of()
        entry = self.choices.entry
        if level is not None:
            self.dismiss(f"s3://{level[0]}/{level[1]}")
        elif isinstance(entry, Bucket | LogLocation):
            self.dismiss(entry.value)
