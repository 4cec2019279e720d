"""Lambda functions, for a reinforcement fine-tuning job's grader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources.pages import Page

FUNCTIONS = "lambda-functions"
MAX_ITEMS = 50  # Lambda's most per ListFunctions page


@dataclass(frozen=True)
class Function:
    name: str
    arn: str
    runtime: str = ""
    modified: str = ""  # Lambda gives an ISO 8601 string, e.g. 2026-11-28T23:32:07.694+0000
    description: str = ""

    @property
    def value(self) -> str:
        return self.arn

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.name, self.runtime, self.modified[:10], self.description)


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
                str(f.get("LastModified") or ""),
                str(f.get("Description") or ""),
            )
            for f in answer.get("Functions", [])
        ]
        return Page(functions, answer.get("NextMarker") or None)

    return session.call("ListFunctions", run)
