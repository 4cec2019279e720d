"""Lambda functions, for a reinforcement fine-tuning job's grader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources.pages import Page, day_text

FUNCTIONS = "lambda-functions"
MAX_ITEMS = 50  # Lambda's most per ListFunctions page


@dataclass(frozen=True)
class Function:
    name: str
    arn: str
    runtime: str = ""
    modified: datetime | None = None
    description: str = ""

    @property
    def value(self) -> str:
        return self.arn

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.name, self.runtime, day_text(self.modified), self.description)


def modified_time(text: object) -> datetime | None:
    """Lambda's LastModified, ``2026-11-28T23:32:07.694+0000``, to the second (always UTC)."""
    try:
        return datetime.strptime(str(text)[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def list_functions(
    session: AwsSession, region: str, *, token: str | None = None, page_size: int = 50
) -> Outcome[Page[Function]]:
    client = session.client("lambda", region)
    params: dict[str, Any] = {"MaxItems": max(1, min(page_size, MAX_ITEMS))}
    if token:
        params["Marker"] = token

    def run() -> Page[Function]:
        answer = client.list_functions(**params)
        functions = [
            Function(
                str(f["FunctionName"]),
                str(f["FunctionArn"]),
                str(f.get("Runtime") or f.get("PackageType") or ""),
                modified_time(f.get("LastModified")),
                str(f.get("Description") or ""),
            )
            for f in answer.get("Functions", [])
        ]
        return Page(functions, answer.get("NextMarker") or None)

    return session.call("ListFunctions", run)
