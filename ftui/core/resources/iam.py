"""IAM roles for the job's service role, each marked by whether Bedrock may assume it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources.pages import Page, as_utc, day_text
from ftui.core.service_role import trusts_bedrock

ROLES = "iam-roles"
MAX_ITEMS = 1000  # IAM's most per ListRoles page
TRUSTED = "✓ trusts Bedrock"
UNTRUSTED = "✗ not Bedrock"


@dataclass(frozen=True)
class Role:
    name: str
    arn: str
    trusted: bool  # its trust policy lets bedrock.amazonaws.com assume it
    created: datetime | None = None
    description: str = ""

    @property
    def value(self) -> str:
        return self.arn

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.name, TRUSTED if self.trusted else UNTRUSTED, day_text(self.created))


def list_roles(
    session: AwsSession, *, token: str | None = None, page_size: int = 100
) -> Outcome[Page[Role]]:
    """A page of the account's roles (IAM is global: no region), by ListRoles' Marker."""
    client = session.client("iam")
    params: dict[str, Any] = {"MaxItems": max(1, min(page_size, MAX_ITEMS))}
    if token:
        params["Marker"] = token

    def run() -> Page[Role]:
        answer = client.list_roles(**params)
        roles = [
            Role(
                str(r["RoleName"]),
                str(r["Arn"]),
                trusts_bedrock(r.get("AssumeRolePolicyDocument") or {}),
                as_utc(r.get("CreateDate")),
                str(r.get("Description") or ""),
            )
            for r in answer.get("Roles", [])
        ]
        following = answer.get("Marker") if answer.get("IsTruncated") else None
        # The roles Bedrock may assume first: in an account of hundreds, those are the answer.
        roles.sort(key=lambda role: (not role.trusted, role.name.lower()))
        return Page(roles, str(following) if following else None)

    return session.call("ListRoles", run)
