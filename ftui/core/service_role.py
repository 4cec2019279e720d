"""The policy documents of a Bedrock model customization service role, and reading a role's trust.

One source of truth for what the role needs (bedrock.md §12): the pre-flight checks paste these
documents as fixes, and creating the role from ftui writes the same ones. Documents are plain
dicts, ready for ``json.dumps`` or boto3.

A trust policy as IAM returns it may be a dict (boto3 decodes it), a URL-encoded JSON string (the
raw Query API, some emulators) or plain JSON; the readers here take all three and read anything
they cannot parse as "does not trust". Its conditions are read against the job Bedrock would
assume the role for (:mod:`ftui.core.trust_conditions`).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from ftui.core.s3_uris import split_s3_uri
from ftui.core.trust_conditions import SOURCE_ACCOUNT, Job, Match, read_conditions

BEDROCK_SERVICE: Final = "bedrock.amazonaws.com"
POLICY_VERSION: Final = "2012-10-17"

# Actions that include sts:AssumeRole; IAM matches actions case-insensitively.
_ASSUME_ACTIONS: Final = frozenset({"sts:assumerole", "sts:*", "*"})
# A KMS key's ARN. IAM takes an alias (or its ARN) in a policy's Resource for the alias
# operations only: kms:Decrypt granted on one does not reach the key behind it.
_KEY_ARN: Final = re.compile(r"arn:aws(?:-[a-z-]+)?:kms:[a-z0-9-]+:[0-9]{12}:key/[^\s/]+")


def is_key_arn(value: str) -> bool:
    """Whether ``value`` is a KMS key ARN (not a key id, an alias, or an alias ARN)."""
    return _KEY_ARN.fullmatch(value) is not None


def trust_policy(account: str, region: str | None = None) -> dict[str, Any]:
    """The trust policy letting Bedrock assume the role for ``account``'s customization jobs.

    The conditions are AWS's confused-deputy protection: only jobs of this account (and, given a
    region, only its model customization jobs there) may make Bedrock assume the role.
    """
    condition: dict[str, dict[str, str]] = {"StringEquals": {"aws:SourceAccount": account}}
    if region:
        condition["ArnLike"] = {
            "aws:SourceArn": f"arn:aws:bedrock:{region}:{account}:model-customization-job/*"
        }
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": BEDROCK_SERVICE},
                "Action": "sts:AssumeRole",
                "Condition": condition,
            }
        ],
    }


def _object_pattern(uri: str, *, folder: bool) -> str:
    """The object ARN a location covers: one object, or everything under a folder or bucket."""
    bucket, key = split_s3_uri(uri)
    if folder or not key or key.endswith("/"):
        return f"arn:aws:s3:::{bucket}/{key}*"
    return f"arn:aws:s3:::{bucket}/{key}"


def _unique(items: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(items))


def access_policy(
    *, read: Sequence[str], write: Sequence[str], kms_key: str | None = None
) -> dict[str, Any]:
    """The role's permissions policy for jobs reading ``read`` and writing ``write`` (s3:// URIs).

    A read location that names a file covers that object only; image data sets need their image
    prefixes passed in ``read`` too. A write location is always a folder: Bedrock writes the
    job's artifacts (and first its own write-access check file) under it. ``kms_key`` is a key
    ARN: IAM refuses an alias or a key id as a Resource (MalformedPolicyDocument), so resolve
    one first (:func:`ftui.core.resources.kms.key_arn`).

    Raises ValueError if a location is not an s3:// URI, or ``kms_key`` not a key ARN.
    """
    if kms_key and not is_key_arn(kms_key):
        raise ValueError(
            f"{kms_key} is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID): a policy"
            " names a key by its ARN"
        )
    statements: list[dict[str, Any]] = []
    if read:
        statements.append(
            {
                "Sid": "ReadTrainingData",
                "Effect": "Allow",
                "Action": ["s3:GetObject"],
                "Resource": _unique(_object_pattern(u, folder=False) for u in read),
            }
        )
    if write:
        statements.append(
            {
                "Sid": "WriteOutput",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject"],
                "Resource": _unique(_object_pattern(u, folder=True) for u in write),
            }
        )
    buckets = _unique(split_s3_uri(u)[0] for u in (*read, *write))
    if buckets:
        # ListBucket's resource is the bucket itself. It is not narrowed with an s3:prefix
        # condition: AWS does not document which prefix Bedrock lists with, and a refused listing
        # fails the job at validation, which is what this policy exists to prevent.
        statements.append(
            {
                "Sid": "ListDataBuckets",
                "Effect": "Allow",
                "Action": ["s3:ListBucket"],
                "Resource": [f"arn:aws:s3:::{b}" for b in buckets],
            }
        )
    if kms_key:
        statements.append(
            {
                "Sid": "UseModelKey",
                "Effect": "Allow",
                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": [kms_key],
            }
        )
    return {"Version": POLICY_VERSION, "Statement": statements}


def parse_policy(document: Mapping[str, Any] | str) -> Mapping[str, Any] | None:
    """A policy document as a mapping, from a dict or a plain or URL-encoded JSON string."""
    if isinstance(document, Mapping):
        return document
    text = document.strip()
    if not text.startswith("{"):
        text = urllib.parse.unquote(text).strip()
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _bedrock_statements(document: Mapping[str, Any] | str, effect: str) -> list[Mapping[str, Any]]:
    """The statements of ``effect`` that name Bedrock as a principal for sts:AssumeRole."""
    policy = parse_policy(document)
    if policy is None:
        return []
    found = []
    for statement in _as_list(policy.get("Statement")):
        if not isinstance(statement, Mapping) or statement.get("Effect") != effect:
            continue
        actions = {str(a).lower() for a in _as_list(statement.get("Action"))}
        principal = statement.get("Principal")
        services = _as_list(principal.get("Service")) if isinstance(principal, Mapping) else []
        if actions & _ASSUME_ACTIONS and BEDROCK_SERVICE in services:
            found.append(statement)
    return found


TrustStatus = Literal["trusted", "unsure", "untrusted"]
NOT_TRUSTED: Final = f"does not trust {BEDROCK_SERVICE}"


@dataclass(frozen=True)
class Trust:
    """Whether Bedrock may assume a role for a job, and if not (or not surely) why."""

    status: TrustStatus
    # For people, after the role's name: "does not trust bedrock.amazonaws.com", "trusts
    # bedrock.amazonaws.com only for StringEquals aws:SourceAccount 1 (this job's account is 2)".
    reason: str = ""

    @property
    def stops(self) -> bool:
        """Whether AWS would answer 'Could not assume provided IAM role'."""
        return self.status == "untrusted"


def bedrock_trust(document: Mapping[str, Any] | str, *, account: str, region: str | None) -> Trust:
    """Whether a trust policy lets Bedrock assume the role for a job of ``account`` in ``region``.

    Bedrock must be allowed with conditions that hold for the job, and no Deny whose conditions
    hold may stop it. A condition ftui cannot evaluate, or one holding for some jobs only, makes
    the answer "unsure". ``region`` None: any region.
    """
    job = Job(account, region)
    denying = [
        read_conditions(s.get("Condition"), job) for s in _bedrock_statements(document, "Deny")
    ]
    for reading in denying:
        if reading.match is Match.YES:
            when = f" when {reading.condition}" if reading.condition else ""
            return Trust("untrusted", f"denies {BEDROCK_SERVICE}{when}")
    allowed = _allowed(document, job)
    if allowed.stops:
        return allowed
    for reading in denying:
        if reading.match is Match.MAYBE:
            return Trust(
                "unsure", f"may deny {BEDROCK_SERVICE}: {reading.condition} ({reading.why})"
            )
    return allowed


def _allowed(document: Mapping[str, Any] | str, job: Job) -> Trust:
    """What the Allow statements naming Bedrock say, Deny statements aside."""
    readings = [
        read_conditions(s.get("Condition"), job) for s in _bedrock_statements(document, "Allow")
    ]
    if not readings:
        return Trust("untrusted", NOT_TRUSTED)
    if any(r.match is Match.YES for r in readings):
        return Trust("trusted")
    # Say the closest: a condition that may hold before one that never does.
    closest = next((r for r in readings if r.match is Match.MAYBE), readings[0])
    status: TrustStatus = "unsure" if closest.match is Match.MAYBE else "untrusted"
    return Trust(status, f"trusts {BEDROCK_SERVICE} only for {closest.condition} ({closest.why})")


def has_source_account_condition(document: Mapping[str, Any] | str) -> bool:
    """Whether every statement trusting Bedrock limits it to one account (aws:SourceAccount).

    Without the condition any account's Bedrock jobs could be made to assume the role (AWS's
    confused-deputy problem). Condition keys are case-insensitive in IAM.
    """
    allowing = _bedrock_statements(document, "Allow")
    if not allowing:
        return False
    for statement in allowing:
        condition = statement.get("Condition")
        operators = condition.values() if isinstance(condition, Mapping) else []
        keys = {
            str(key).lower()
            for operator in operators
            if isinstance(operator, Mapping)
            for key in operator
        }
        if SOURCE_ACCOUNT not in keys:
            return False
    return True
