"""The service role: the account's roles, each marked by whether Bedrock may assume it.

A role Bedrock may not assume can still be picked (its trust policy may be about to change);
the mark and the status line say what a job with it would meet.
"""

from __future__ import annotations

from typing import Any

from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources import Page, iam
from ftui.core.resources.iam import Role
from ftui.tui.pickers.base import PickerScreen
from ftui.tui.pickers.choices import Column, Row
from ftui.tui.pickers.levels import Level, Source

COLUMNS = (Column("Role"), Column("Bedrock", 17), Column("Created", 10, optional=True))


class RolePicker(PickerScreen):
    def __init__(self, *, region: str, current: str | None) -> None:
        super().__init__("role", region=region, title="Service role")
        self.current = current

    def start(self) -> None:
        # IAM is global, but a trust may name the region of the jobs it lets in: the marks are
        # the job region's, and kept apart from another region's.
        source = Source(iam.ROLES, self.aws_region)
        self.go([(Level(source, "", COLUMNS, "roles"), None)], wanted=self.current)

    def fetch(
        self, session: AwsSession, source: Source, token: str | None, page_size: int
    ) -> Outcome[Page[Any]]:
        return iam.list_roles(session, region=self.aws_region, token=token, page_size=page_size)

    def row(self, item: Any) -> Row:
        assert isinstance(item, Role)
        mark = "$success" if item.trusted else "$warning"
        return Row(item.cells, styles=("", mark, ""))

    def hint(self, item: Any) -> str:
        if isinstance(item, Role) and not item.trusted:
            why = item.trust_note or "does not trust bedrock.amazonaws.com"
            return f"{item.name} {why}; a job with it fails until that changes"
        if isinstance(item, Role) and item.trust_note:
            return f"{item.name} {item.trust_note}"
        return str(getattr(item, "description", ""))
