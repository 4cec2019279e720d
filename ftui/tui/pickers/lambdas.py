"""The grader of a reinforcement fine-tuning job: the region's Lambda functions."""

from __future__ import annotations

from typing import Any

from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources import Page, lambdas
from ftui.tui.pickers.base import PickerScreen
from ftui.tui.pickers.choices import Column
from ftui.tui.pickers.levels import Level, Source

COLUMNS = (
    Column("Function"),
    Column("Runtime", 12),
    Column("Modified", 10, optional=True),
    Column("Description", optional=True),
)


class LambdaPicker(PickerScreen):
    def __init__(self, *, region: str, current: str | None) -> None:
        super().__init__("lambda", region=region, title="Grader function")
        self.current = current

    def start(self) -> None:
        level = Level(Source(lambdas.FUNCTIONS, self.aws_region), "", COLUMNS, "functions")
        self.go([(level, None)], wanted=self.current)

    def fetch(
        self, session: AwsSession, source: Source, token: str | None, page_size: int
    ) -> Outcome[Page[Any]]:
        return lambdas.list_functions(session, source.region, token=token, page_size=page_size)

    def hint(self, item: Any) -> str:
        return str(getattr(item, "value", ""))
