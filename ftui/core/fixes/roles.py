"""Create a Bedrock model customization service role: the trust and access policies of
:mod:`ftui.core.service_role`, shown in full before anything is created.

CreateRole and PutRolePolicy are two calls, so the second can fail after the first worked:
the role then exists without permissions, and the error says so and how to finish. What can be
known before CreateRole is checked before it: the data locations, and the KMS key's ARN (a
policy cannot name a key by its alias, so an alias IAM would refuse in PutRolePolicy).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources.kms import key_arn
from ftui.core.s3_uris import split_s3_uri
from ftui.core.service_role import access_policy, trust_policy

POLICY_NAME: Final = "bedrock-customization-data"
DESCRIPTION: Final = "Lets Bedrock model customization jobs read their data and write their output"
# The code of the AwsError for a role created without its permissions policy.
ROLE_WITHOUT_POLICY: Final = "RoleWithoutPolicy"


@dataclass(frozen=True)
class RolePlan:
    """The role as it will be created: the exact documents sent, as JSON text."""

    name: str
    trust_policy: str
    access_policy: str
    policy_name: str = POLICY_NAME


def role_plan(
    *,
    name: str,
    account: str,
    region: str,
    read: Sequence[str],
    write: Sequence[str],
    kms_key: str | None = None,
) -> RolePlan:
    """What :func:`create_service_role` sends.

    ``kms_key`` is a key ARN (:func:`resolve_key`). ValueError if a location is not an s3:// URI
    or ``kms_key`` not a key ARN.
    """
    return RolePlan(
        name=name,
        trust_policy=json.dumps(trust_policy(account, region), indent=2),
        access_policy=json.dumps(access_policy(read=read, write=write, kms_key=kms_key), indent=2),
    )


def resolve_key(session: AwsSession, kms_key: str | None, region: str) -> Outcome[str | None]:
    """The ARN of the key ``kms_key`` names in ``region`` (None for no key), for a policy.

    The error, when KMS cannot say, keeps KMS's code and says what it stops.
    """
    if not kms_key:
        return Ok(None)
    found = key_arn(session, kms_key, region)
    if isinstance(found, AwsError):
        return AwsError(
            found.code,
            f"the KMS key {kms_key} could not be read in {region}"
            f" ({found.code}: {found.message.rstrip('.')}), and the role's policy must name the"
            " key by its ARN: pick a key of this region, or clear the key",
            found.operation,
            status=found.status,
            request_id=found.request_id,
        )
    return Ok(found.value)


def create_service_role(
    session: AwsSession,
    *,
    name: str,
    account: str,
    region: str,
    read: Sequence[str],
    write: Sequence[str],
    kms_key: str | None = None,
) -> Outcome[str]:
    """Create the role ``name`` with :func:`role_plan`'s documents; the role's ARN.

    ``kms_key`` may be a key id, alias or ARN: it is resolved to the key's ARN first, and a key
    that cannot be is an error before anything is created. A name already taken is IAM's
    EntityAlreadyExists, in its words. IAM is eventually consistent: a job submitted in the next
    seconds may still be told the role cannot be assumed.
    """
    refused = session.refusal("CreateRole")
    if refused is not None:
        return refused
    try:
        for uri in (*read, *write):  # refused before DescribeKey is sent too
            split_s3_uri(uri)
    except ValueError as error:
        return AwsError("ParamValidation", str(error), "CreateRole")
    key = resolve_key(session, kms_key, region)
    if isinstance(key, AwsError):
        return key
    plan = role_plan(
        name=name, account=account, region=region, read=read, write=write, kms_key=key.value
    )
    iam = session.client("iam")
    created = session.call(
        "CreateRole",
        lambda: iam.create_role(
            RoleName=plan.name,
            AssumeRolePolicyDocument=plan.trust_policy,
            Description=DESCRIPTION,
        ),
    )
    if isinstance(created, AwsError):
        return created
    attached = session.call(
        "PutRolePolicy",
        lambda: iam.put_role_policy(
            RoleName=plan.name, PolicyName=plan.policy_name, PolicyDocument=plan.access_policy
        ),
    )
    if isinstance(attached, AwsError):
        return _without_policy(plan, attached)
    return Ok(str(created.value["Role"]["Arn"]))


def _without_policy(plan: RolePlan, error: AwsError) -> AwsError:
    return AwsError(
        ROLE_WITHOUT_POLICY,
        f"the role {plan.name} was created, but without its permissions policy"
        f" ({error.code}: {error.message.rstrip('.')}), so jobs cannot read their data with it."
        f" Finish it in the IAM console (Roles, {plan.name}, Add permissions, Create inline"
        f" policy, JSON: the policy shown), or with `aws iam put-role-policy --role-name"
        f" {plan.name} --policy-name {plan.policy_name} --policy-document file://policy.json`;"
        " or delete the role and create it again",
        "PutRolePolicy",
        status=error.status,
        request_id=error.request_id,
    )
