"""The KMS key of the custom model: it exists in the job's region, is enabled, and can encrypt.

The role checks' fixes paste a policy naming the key, which must name it by its ARN: they read
it from the same DescribeKey answer as this check (:func:`policy_key`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ftui.core.aws.bedrock import region_of_arn
from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.preflight.context import Context
from ftui.core.preflight.result import CheckResult, PlannedCheck
from ftui.core.resources.kms import metadata_arn
from ftui.core.service_role import is_key_arn

KMS_KEY = ("customModelKmsKeyId",)
_FIXES = {
    "Disabled": "enable it: aws kms enable-key --key-id {key} --region {region}",
    "PendingDeletion": "cancel its deletion, then enable it:\n"
    "  aws kms cancel-key-deletion --key-id {key} --region {region}\n"
    "  aws kms enable-key --key-id {key} --region {region}",
}


def describe_key(ctx: Context) -> Outcome[dict[str, Any]]:
    """The draft's key as DescribeKey describes it in the job's region, asked once a run."""
    key = ctx.text(KMS_KEY) or ""
    return ctx.answers.once(
        "kms:DescribeKey",
        lambda: ctx.call(
            "kms", "DescribeKey", lambda kms: dict(kms.describe_key(KeyId=key)["KeyMetadata"])
        ),
    )


@dataclass(frozen=True)
class PolicyKey:
    """The key as a policy to paste names it: its ARN, or why that is unknown."""

    arn: str | None
    note: str = ""  # when the draft names a key whose ARN is unknown: what to add by hand


def policy_key(ctx: Context) -> PolicyKey:
    """The draft's key for a role policy: a key ARN as it is, else DescribeKey's ARN."""
    key = ctx.text(KMS_KEY)
    if key is None or is_key_arn(key):
        return PolicyKey(key)
    described = describe_key(ctx)
    if isinstance(described, Ok):
        try:
            return PolicyKey(metadata_arn(described.value))
        except ValueError as error:
            why = str(error)
    else:
        why = str(described)
    return PolicyKey(
        None,
        f"(without the KMS key: {key} could not be read ({why}); add kms:Decrypt and"
        " kms:GenerateDataKey on its key ARN)",
    )


def check_kms_key(ctx: Context, planned: PlannedCheck) -> CheckResult:
    key = ctx.text(KMS_KEY) or ""
    elsewhere = region_of_arn(key)
    if elsewhere is not None and elsewhere != ctx.region:
        return planned.failed(
            f"the key is in {elsewhere}, but the job runs in {ctx.region}: a KMS key is used only"
            " in its own region",
            f"give a key of {ctx.region} (aws kms list-aliases --region {ctx.region})",
        )
    got = describe_key(ctx)
    if isinstance(got, AwsError):
        if got.code == "NotFoundException":
            return planned.failed(
                f"there is no KMS key {key} in {ctx.region}",
                f"give a key ID, key ARN or alias of {ctx.region}"
                f" (aws kms list-aliases --region {ctx.region})",
            )
        return planned.could_not(got, ctx.who)
    meta: dict[str, Any] = got.value
    key_id = str(meta.get("KeyId", key))
    state = str(meta.get("KeyState", ""))
    if state != "Enabled":
        fix = _FIXES.get(state, "give an enabled key").format(key=key_id, region=ctx.region)
        return planned.failed(f"the key {key_id} is {state}: Bedrock cannot encrypt with it", fix)
    if meta.get("KeySpec", "SYMMETRIC_DEFAULT") != "SYMMETRIC_DEFAULT" or (
        meta.get("KeyUsage", "ENCRYPT_DECRYPT") != "ENCRYPT_DECRYPT"
    ):
        return planned.failed(
            f"the key {key_id} is a {meta.get('KeySpec')} {meta.get('KeyUsage')} key:"
            " Bedrock encrypts models with a symmetric encryption key",
            "give a symmetric encryption key (KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT)",
        )
    named = f"{key} is key {key_id}" if key != key_id else f"key {key_id}"
    return planned.passed(f"{named}, enabled, in {ctx.region}")
