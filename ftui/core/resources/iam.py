"""IAM roles for the job's service role, each marked by whether Bedrock may assume it.

The mark is the pre-flight role check's reading of the trust policy, for a job of the role's
own account (a job can only pass a role of its account) in the job's region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources.pages import Page, as_utc, day_text
from ftui.core.service_role import Trust, bedrock_trust

ROLES = "iam-roles"
MAX_ITEMS = 1000  # IAM's most per ListRoles page
TRUSTED = "✓ trusts Bedrock"
UNTRUSTED = "✗ not Bedrock"
_ROLE_ACCOUNT = re.compile(r"arn:[^:]*:iam::(?P<account>[0-9]{12}):")


@dataclass(frozen=True)
class Role:
    name: str
    arn: str
    trusted: bool  # its trust policy lets bedrock.amazonaws.com assume it (or may: unsure)
    created: datetime | None = None
    description: str = ""
    # Why Bedrock may not assume it, after its name ("does not trust bedrock.amazonaws.com");
    # or what may stop it though it is marked trusted.
    trust_note: str = ""

    @property
    def value(self) -> str:
        return self.arn

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.name, TRUSTED if self.trusted else UNTRUSTED, day_text(self.created))


def role_trust(role: dict[str, Any], region: str | None) -> Trust:
    """Whether Bedrock may assume ``role`` (as ListRoles describes it) for a job in ``region``."""
    found = _ROLE_ACCOUNT.match(str(role.get("Arn", "")))
    document = role.get("AssumeRolePolicyDocument") or {}
    return bedrock_trust(document, account=found["account"] if found else "", region=region)


def list_roles(
    session: AwsSession,
    *,
    region: str | None = None,
    token: str | None = None,
    page_size: int = 100,
) -> Outcome[Page[Role]]:
    """A page of the account's roles, by ListRoles' Marker, marked for jobs in ``region``.

    IAM is global: the region only decides the marks (a trust may name a region's jobs);
    None reads a trust as for any region.
    """
    client = session.client("iam")
    params: dict[str, Any] = {"MaxItems": max(1, min(page_size, MAX_ITEMS))}
    if token:
        params["Marker"] = token

    def run() -> Page[Role]:
        answer = client.list_roles(**params)
        roles = []
        for r in answer.get("Roles", []):
            trust = role_trust(r, region)
            roles.append(
                Role(
                    str(r["RoleName"]),
                    str(r["Arn"]),
                    not trust.stops,
                    as_utc(r.get("CreateDate")),
                    str(r.get("Description") or ""),
                    trust.reason,
                )
            )
        following = answer.get("Marker") if answer.get("IsTruncated") else None
        # The roles Bedrock may assume first: in an account of hundreds, those are the answer.
        roles.sort(key=lambda role: (not role.trusted, role.name.lower()))
        return Page(roles, str(following) if following else None)

    return session.call("ListRoles", run)
