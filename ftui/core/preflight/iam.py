"""The service role: it exists, its ARN is the one given, and Bedrock may assume it.

"Could not assume provided IAM role" is what AWS says at submit, naming neither the role nor the
cause (bedrock.md §13, pain point 2). This check names both, and its fix is the document to
paste, from :mod:`ftui.core.service_role`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ftui.core.aws.errors import AwsError
from ftui.core.preflight.context import Context
from ftui.core.preflight.kms import policy_key
from ftui.core.preflight.result import CheckResult, PlannedCheck
from ftui.core.service_role import (
    access_policy,
    bedrock_trust,
    has_source_account_condition,
    trust_policy,
)

ROLE = ("roleArn",)
_ROLE_ARN = re.compile(
    r"arn:aws(?:-[a-z-]+)?:iam::(?P<account>[0-9]{12}):role/(?:.*/)?(?P<name>[^/]+)"
)


@dataclass(frozen=True)
class RoleArn:
    arn: str
    account: str
    name: str


def parse_role_arn(value: str | None) -> RoleArn | None:
    """The account and name in a role ARN; None for anything a role cannot be looked up by."""
    found = _ROLE_ARN.fullmatch(value or "")
    if found is None:
        return None
    return RoleArn(found.string, found["account"], found["name"])


def document(policy: dict[str, Any]) -> str:
    return json.dumps(policy, indent=2)


def _trust_fix(role: RoleArn, ctx: Context) -> str:
    return (
        "Let Bedrock assume the role: save this as trust.json and run\n"
        f"  aws iam update-assume-role-policy --role-name {role.name}"
        " --policy-document file://trust.json\n"
        + document(trust_policy(ctx.account or role.account, ctx.region))
    )


def access_document(ctx: Context) -> str:
    """The access policy to paste for the draft's locations and key, as JSON text."""
    key = policy_key(ctx)
    access = access_policy(
        read=[uri for _, uri in ctx.reads()],
        write=[uri for _, uri in ctx.writes()],
        kms_key=key.arn,
    )
    return document(access) + (f"\n{key.note}" if key.note else "")


def _create_fix(role: RoleArn, ctx: Context) -> str:
    return (
        "Create it with Bedrock's trust (save as trust.json):\n"
        f"  aws iam create-role --role-name {role.name}"
        " --assume-role-policy-document file://trust.json\n"
        + document(trust_policy(ctx.account or role.account, ctx.region))
        + "\nthen let it read the data and write the output (save as access.json):\n"
        f"  aws iam put-role-policy --role-name {role.name} --policy-name bedrock-customization"
        " --policy-document file://access.json\n" + access_document(ctx)
    )


def check_role(ctx: Context, planned: PlannedCheck) -> CheckResult:
    role = parse_role_arn(ctx.text(ROLE))
    if role is None:  # not planned without a usable ARN
        return planned.failed("roleArn is not an IAM role ARN", "see the request check")
    if ctx.account is not None and role.account != ctx.account:
        return planned.failed(
            f"{role.arn} is in account {role.account}, but these credentials are of account"
            f" {ctx.account}: Bedrock can only pass a role of the job's own account",
            f"use a role of account {ctx.account}, or credentials of account {role.account}",
        )
    got = ctx.call("iam", "GetRole", lambda iam: iam.get_role(RoleName=role.name)["Role"])
    if isinstance(got, AwsError):
        if got.code == "NoSuchEntity":
            return planned.failed(
                f"there is no role named {role.name} in account {role.account}",
                _create_fix(role, ctx),
            )
        return planned.could_not(got, ctx.who)
    found = got.value
    actual = str(found.get("Arn", ""))
    if actual != role.arn:
        return planned.failed(
            f"roleArn is {role.arn}, but the role named {role.name} is {actual}",
            f"set roleArn to {actual}",
        )
    trust = found.get("AssumeRolePolicyDocument") or {}
    reading = bedrock_trust(trust, account=ctx.account or role.account, region=ctx.region)
    if reading.stops:
        return planned.failed(
            f"{role.name} {reading.reason}: AWS would answer 'Could not assume provided IAM role'",
            _trust_fix(role, ctx),
        )
    if reading.status == "unsure":
        return planned.warned(
            f"{role.name} {reading.reason}: if it does not hold, AWS will answer"
            " 'Could not assume provided IAM role'",
            _trust_fix(role, ctx),
        )
    if not has_source_account_condition(trust):
        return planned.warned(
            f"{role.name} trusts bedrock.amazonaws.com for any account: its trust policy has no"
            " aws:SourceAccount condition (AWS's confused-deputy protection)",
            _trust_fix(role, ctx),
        )
    return planned.passed(f"{role.name} trusts bedrock.amazonaws.com")
