"""What the service role's own policies let it do with the data: read it, and write the output.

"Could not validate GetObject permissions" and "Amazon S3 perms missing (PutObject)" arrive
once the job has started (bedrock.md §11). This reads the role's inline and attached policies
and asks, for each S3 action the job needs, whether a statement allows it and none denies it.

It is a reading, not IAM's evaluation: a bucket policy may grant what the role's policies do
not, and an Allow's conditions are taken as met. So a permission not found is a warning, with
the policy to paste, while a Deny in the role's own policies fails. A Deny with a condition
(the common guardrail: deny s3:* when aws:SecureTransport is false) denies only when the
condition holds, which is not read here: it is a warning saying so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.preflight.context import Context
from ftui.core.preflight.iam import ROLE, access_document, parse_role_arn
from ftui.core.preflight.result import CheckResult, PlannedCheck
from ftui.core.s3_uris import split_s3_uri
from ftui.core.service_role import parse_policy

# The object Bedrock writes first to test its access to the output location (bedrock.md §11).
WRITE_CHECK_FILE = ".write_access_check_file.tmp"
# Permissions a message names; the policy in the fix grants them all.
LISTED_NEEDS = 2


@dataclass(frozen=True)
class Need:
    action: str
    resource: str

    def __str__(self) -> str:
        return f"{self.action} on {self.resource}"


def needs(reads: Iterable[str], writes: Iterable[str]) -> list[Need]:
    """The S3 permissions a job with these locations needs, as one resource each."""
    out: list[Need] = []
    for uri in reads:
        bucket, key = split_s3_uri(uri)
        folder = not key or key.endswith("/")  # invocation logs: any object under the prefix
        out.append(Need("s3:GetObject", f"arn:aws:s3:::{bucket}/{key}{'x' if folder else ''}"))
        out.append(Need("s3:ListBucket", f"arn:aws:s3:::{bucket}"))
    for uri in writes:
        bucket, key = split_s3_uri(uri)
        prefix = key if not key or key.endswith("/") else f"{key}/"
        out.append(Need("s3:PutObject", f"arn:aws:s3:::{bucket}/{prefix}{WRITE_CHECK_FILE}"))
        out.append(Need("s3:ListBucket", f"arn:aws:s3:::{bucket}"))
    return list(dict.fromkeys(out))


@cache
def _wildcard(pattern: str, *, fold: bool) -> re.Pattern[str]:
    """IAM's wildcards: ``*`` any run of characters, ``?`` one."""
    body = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
    return re.compile(body, re.IGNORECASE if fold else 0)


def _listed(value: Any) -> list[str]:
    return [str(v) for v in (value if isinstance(value, list) else [value]) if v is not None]


def _covers(statement: Mapping[str, Any], need: Need) -> bool:
    """Whether a statement applies to the need (actions case-insensitively, resources not)."""

    def matches(key: str, negated: str, value: str, *, fold: bool) -> bool:
        if key in statement:
            return any(_wildcard(p, fold=fold).fullmatch(value) for p in _listed(statement[key]))
        if negated in statement:
            return not any(
                _wildcard(p, fold=fold).fullmatch(value) for p in _listed(statement[negated])
            )
        return False

    return matches("Action", "NotAction", need.action, fold=True) and matches(
        "Resource", "NotResource", need.resource, fold=False
    )


def _statements(documents: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for policy in documents:
        statements = policy.get("Statement")
        for statement in statements if isinstance(statements, list) else [statements]:
            if isinstance(statement, Mapping):
                out.append(statement)
    return out


def _inline_document(iam: Any, *, role: str, name: str) -> Any:
    return iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]


def _default_version(iam: Any, *, arn: str) -> str:
    return str(iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"])


def _version_document(iam: Any, *, arn: str, version: str) -> Any:
    answer = iam.get_policy_version(PolicyArn=arn, VersionId=version)
    return answer["PolicyVersion"]["Document"]


def _role_policies(ctx: Context, role: str) -> Outcome[list[Any]]:
    """Every policy document of the role: inline ones, then the default version of attached.

    One session call per AWS operation, so a refusal names the operation refused.
    """
    names = ctx.call(
        "iam",
        "ListRolePolicies",
        lambda iam: [
            str(name)
            for page in iam.get_paginator("list_role_policies").paginate(RoleName=role)
            for name in page["PolicyNames"]
        ],
    )
    if isinstance(names, AwsError):
        return names
    arns = ctx.call(
        "iam",
        "ListAttachedRolePolicies",
        lambda iam: [
            str(policy["PolicyArn"])
            for page in iam.get_paginator("list_attached_role_policies").paginate(RoleName=role)
            for policy in page["AttachedPolicies"]
        ],
    )
    if isinstance(arns, AwsError):
        return arns
    documents: list[Any] = []
    for name in names.value:
        got = ctx.call(
            "iam",
            "GetRolePolicy",
            partial(_inline_document, role=role, name=name),
        )
        if isinstance(got, AwsError):
            return got
        documents.append(got.value)
    for arn in arns.value:
        version = ctx.call(
            "iam",
            "GetPolicy",
            partial(_default_version, arn=arn),
        )
        if isinstance(version, AwsError):
            return version
        got = ctx.call(
            "iam",
            "GetPolicyVersion",
            partial(_version_document, arn=arn, version=version.value),
        )
        if isinstance(got, AwsError):
            return got
        documents.append(got.value)
    return Ok(documents)


def _some(found: list[Need]) -> str:
    listed = "; ".join(map(str, found[:LISTED_NEEDS]))
    more = len(found) - LISTED_NEEDS
    return f"{listed} (and {more} more)" if more > 0 else listed


def check_role_access(ctx: Context, planned: PlannedCheck) -> CheckResult:
    role = parse_role_arn(ctx.text(ROLE))
    if role is None:  # not planned without a usable ARN
        return planned.failed("roleArn is not an IAM role ARN", "see the request check")
    reads, writes = [u for _, u in ctx.reads()], [u for _, u in ctx.writes()]
    policies = _role_policies(ctx, role.name)
    if isinstance(policies, AwsError):
        if policies.code == "NoSuchEntity":
            return planned.failed(f"there is no role named {role.name}", "see the role check")
        return planned.could_not(policies, ctx.who)
    statements = _statements(p for p in map(parse_policy, policies.value) if p is not None)
    denies = [s for s in statements if s.get("Effect") == "Deny"]
    always = [s for s in denies if not s.get("Condition")]
    sometimes = [s for s in denies if s.get("Condition")]
    denied = [n for n in needs(reads, writes) if any(_covers(s, n) for s in always)]
    missing = [
        need
        for need in needs(reads, writes)
        if need not in denied
        and not any(s.get("Effect") == "Allow" and _covers(s, need) for s in statements)
    ]
    unsure = [
        n for n in needs(reads, writes) if n not in denied and any(_covers(s, n) for s in sometimes)
    ]
    put = (
        f"aws iam put-role-policy --role-name {role.name} --policy-name bedrock-customization"
        " --policy-document file://access.json"
    )
    if denied:
        return planned.failed(
            f"{role.name}'s policies deny {_some(denied)}",
            f"remove the Deny from {role.name}'s policies, then give it (save as access.json):\n"
            f"  {put}\n{access_document(ctx)}",
            field=ROLE,
        )
    said: list[str] = []
    if missing:
        said.append(
            f"do not allow {_some(missing)} (a bucket policy may; if not, AWS fails the job at"
            " validation)"
        )
    if unsure:
        condition = next(s["Condition"] for s in sometimes if any(_covers(s, n) for n in unsure))
        said.append(
            f"deny {_some(unsure)} when {json.dumps(condition)}, a condition ftui could not"
            " evaluate (if it holds for Bedrock's requests, AWS fails the job)"
        )
    if said:
        fix = (
            f"give the role access (save as access.json):\n  {put}\n{access_document(ctx)}"
            if missing
            else "make sure the Deny's condition does not hold when Bedrock reads the data and"
            " writes the output"
        )
        return planned.warned(
            f"{role.name}'s policies " + "; and they ".join(said), fix, field=ROLE
        )
    return planned.passed(f"{role.name} may read the data and write the output")
