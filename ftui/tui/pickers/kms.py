"""The key that encrypts the custom model: aliases first, then keys that have none."""

from __future__ import annotations

from typing import Any

from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources import Page, kms
from ftui.core.resources.kms import KmsKey
from ftui.tui.pickers.base import PickerScreen
from ftui.tui.pickers.choices import Column, Row
from ftui.tui.pickers.levels import Level, Listing, Source

COLUMNS = (
    Column("Alias", least=20),
    Column("Key id", 36),
    Column("State", 9, optional=True),
    Column("Description", least=20, optional=True),
)
USABLE = "Enabled"


class KmsPicker(PickerScreen):
    def __init__(self, *, region: str, current: str | None) -> None:
        super().__init__("kms-key", region=region, title="KMS key")
        self.current = current

    def start(self) -> None:
        level = Level(Source(kms.KEYS, self.aws_region), "", COLUMNS, "keys")
        self.go([(level, None)], wanted=self.current)

    def fetch(
        self, session: AwsSession, source: Source, token: str | None, page_size: int
    ) -> Outcome[Page[Any]]:
        return kms.list_keys(session, source.region, token=token, page_size=page_size)

    def ordered(self, items: list[Any]) -> list[Any]:
        """A key listed under its alias is not listed again by its id."""
        aliased = {k.key_id for k in items if isinstance(k, KmsKey) and k.alias}
        return [k for k in items if k.alias or k.key_id not in aliased]

    def more_label(self, listing: Listing) -> str:
        if listing.next_token == kms.KEYS_WITHOUT_ALIAS:
            return "keys without an alias…  Enter lists them"
        return super().more_label(listing)

    def row(self, item: Any) -> Row:
        assert isinstance(item, KmsKey)
        usable = item.state in (None, USABLE)
        return Row(item.cells, style="" if usable else "dim")

    def hint(self, item: Any) -> str:
        if isinstance(item, KmsKey) and item.state not in (None, USABLE):
            return f"The key is {item.state}: a job cannot encrypt with it"
        return str(getattr(item, "description", ""))
