"""The service role and the data checks, each passing and failing against the demo account.

Resources a test needs beyond the demo's are made with its own unique names, so other tests of
the module-scoped world do not see them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ftui.core.draft import Draft
from ftui.core.preflight import CheckResult, run_checks
from ftui.core.service_role import trust_policy
from tests.core.test_preflight import REGION, demo_draft, load_demo_requests, only, session

ACCOUNT = "123456789012"


@pytest.fixture(scope="module")
def demo_requests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return load_demo_requests(tmp_path_factory.mktemp("profiles"))


def check(draft: Draft, name: str, region: str = REGION) -> CheckResult:
    return only(run_checks(session(region), draft, region), name)


def trust(service: str, **condition: Any) -> str:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
    }
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def trusted_by(world: Any, demo_requests: dict[str, Any], name: str, document: str) -> Draft:
    """The demo draft with a new role ``name`` whose trust policy is ``document``."""
    world.account.client("iam", REGION).create_role(
        RoleName=name, AssumeRolePolicyDocument=document
    )
    draft = demo_draft(demo_requests)
    draft.set(("roleArn",), f"arn:aws:iam::{ACCOUNT}:role/{name}")
    return draft


def pasted_policy(fix: str) -> dict[str, Any]:
    """The first JSON document in a fix, as a person would copy it."""
    start = fix.index("{")
    policy, _ = json.JSONDecoder().raw_decode(fix[start:])
    assert isinstance(policy, dict)
    return policy


# --- the service role ---------------------------------------------------------------------------


def test_the_demo_role_passes(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    result = check(demo_draft(demo_requests), "role")
    assert result.status == "pass"
    assert result.message == "BedrockCustomizationRole trusts bedrock.amazonaws.com"


def test_a_role_without_bedrock_trust_fails_with_the_trust_policy_to_paste(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("roleArn",), f"arn:aws:iam::{ACCOUNT}:role/DataScienceEC2Role")
    result = check(draft, "role")
    assert result.status == "fail"
    assert result.field == ("roleArn",)
    assert "DataScienceEC2Role does not trust bedrock.amazonaws.com" in result.message
    assert "aws iam update-assume-role-policy --role-name DataScienceEC2Role" in result.fix
    (statement,) = pasted_policy(result.fix)["Statement"]
    assert statement["Principal"] == {"Service": "bedrock.amazonaws.com"}
    assert statement["Condition"]["StringEquals"] == {"aws:SourceAccount": ACCOUNT}
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"] == (
        f"arn:aws:bedrock:{REGION}:{ACCOUNT}:model-customization-job/*"
    )


def test_a_trust_without_source_account_is_a_warning(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = trusted_by(
        aws_env, demo_requests, "PreflightLooseTrust", trust("bedrock.amazonaws.com")
    )
    result = check(draft, "role")
    assert result.status == "warn"
    assert "no aws:SourceAccount condition" in result.message
    assert "aws:SourceAccount" in json.dumps(pasted_policy(result.fix))


def test_a_role_made_for_another_regions_jobs_fails_naming_its_condition(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    # As ftui's own Ctrl+N makes it for a job in us-east-1, then reused for one in us-west-2.
    draft = trusted_by(
        aws_env, demo_requests, "PreflightEastOnly", json.dumps(trust_policy(ACCOUNT, "us-east-1"))
    )
    assert check(draft, "role", "us-east-1").status == "pass"
    result = check(draft, "role", "us-west-2")
    assert result.status == "fail"
    assert result.message == (
        "PreflightEastOnly trusts bedrock.amazonaws.com only for ArnLike aws:SourceArn"
        f" arn:aws:bedrock:us-east-1:{ACCOUNT}:model-customization-job/* (this job's ARN is"
        f" arn:aws:bedrock:us-west-2:{ACCOUNT}:model-customization-job/…): AWS would answer"
        " 'Could not assume provided IAM role'"
    )
    assert "aws iam update-assume-role-policy --role-name PreflightEastOnly" in result.fix
    (statement,) = pasted_policy(result.fix)["Statement"]
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"] == (
        f"arn:aws:bedrock:us-west-2:{ACCOUNT}:model-customization-job/*"
    )


def test_a_role_trusting_another_accounts_jobs_fails(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = trusted_by(
        aws_env,
        demo_requests,
        "PreflightOtherAccount",
        trust("bedrock.amazonaws.com", StringEquals={"aws:SourceAccount": "999999999999"}),
    )
    result = check(draft, "role")
    assert result.status == "fail"
    assert "StringEquals aws:SourceAccount 999999999999" in result.message
    assert f"this job's account is {ACCOUNT}" in result.message


def test_a_trust_condition_ftui_cannot_evaluate_is_a_warning(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = trusted_by(
        aws_env,
        demo_requests,
        "PreflightOrgTrust",
        trust("bedrock.amazonaws.com", StringEquals={"aws:SourceOrgID": "o-abc123"}),
    )
    result = check(draft, "role")
    assert result.status == "warn"
    assert result.message.startswith(
        "PreflightOrgTrust trusts bedrock.amazonaws.com only for StringEquals aws:SourceOrgID"
        " o-abc123 (ftui cannot evaluate this condition)"
    )


def test_a_missing_role_fails_with_how_to_create_it(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("roleArn",), f"arn:aws:iam::{ACCOUNT}:role/NoSuchPreflightRole")
    result = check(draft, "role")
    assert result.status == "fail"
    assert result.message == f"there is no role named NoSuchPreflightRole in account {ACCOUNT}"
    assert "aws iam create-role --role-name NoSuchPreflightRole" in result.fix
    assert "s3:PutObject" in result.fix and "arn:aws:s3:::ftui-demo-output/jobs/*" in result.fix


def key_statement(fix: str) -> list[dict[str, Any]]:
    """The KMS statement of the access policy a fix pastes (its last JSON document)."""
    policy, _ = json.JSONDecoder().raw_decode(fix[fix.rindex('{\n  "Version"') :])
    return [s for s in policy["Statement"] if s["Sid"] == "UseModelKey"]


def test_the_policies_to_paste_name_the_key_picked_by_alias_by_its_arn(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    key = aws_env.account.client("kms", REGION).describe_key(KeyId="alias/ftui-demo-models")
    draft = demo_draft(demo_requests)
    draft.set(("customModelKmsKeyId",), "alias/ftui-demo-models")
    draft.set(("roleArn",), f"arn:aws:iam::{ACCOUNT}:role/NoSuchPreflightRole")
    aws_env.calls.clear()
    results = run_checks(session(), draft, REGION)
    [statement] = key_statement(only(results, "role").fix)
    assert statement["Resource"] == [key["KeyMetadata"]["Arn"]]
    assert only(results, "kms-key").status == "pass"
    described = [c for c in aws_env.calls.entries() if c["operation"] == "DescribeKey"]
    assert len(described) == 1, "the key check's answer is the fixes' answer"


def test_a_key_that_cannot_be_read_is_left_out_of_the_policy_with_a_note(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("customModelKmsKeyId",), "alias/ftui-preflight-no-such-key")
    draft.set(("roleArn",), f"arn:aws:iam::{ACCOUNT}:role/NoSuchPreflightRole")
    fix = check(draft, "role").fix
    assert key_statement(fix) == []
    assert (
        fix.endswith("add kms:Decrypt and kms:GenerateDataKey on its key ARN)")
        and "alias/ftui-preflight-no-such-key could not be read (NotFoundException" in fix
    )


def test_a_role_arn_with_the_wrong_path_names_the_right_one(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("roleArn",), f"arn:aws:iam::{ACCOUNT}:role/service-role/BedrockCustomizationRole")
    result = check(draft, "role")
    assert result.status == "fail"
    assert result.fix == f"set roleArn to arn:aws:iam::{ACCOUNT}:role/BedrockCustomizationRole"


def test_a_role_of_another_account_fails(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("roleArn",), "arn:aws:iam::210987654321:role/BedrockCustomizationRole")
    result = check(draft, "role")
    assert result.status == "fail"
    assert "account 210987654321" in result.message and ACCOUNT in result.message


# --- the role's permissions ---------------------------------------------------------------------


def role_with(world: Any, name: str, *statements: dict[str, Any], managed: bool = False) -> str:
    """A role Bedrock may assume, with ``statements`` as its inline (or attached) policy."""
    iam = world.account.client("iam", REGION)
    iam.create_role(
        RoleName=name,
        AssumeRolePolicyDocument=trust(
            "bedrock.amazonaws.com", StringEquals={"aws:SourceAccount": ACCOUNT}
        ),
    )
    policy = json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    if managed:
        arn = iam.create_policy(PolicyName=f"{name}-access", PolicyDocument=policy)["Policy"]["Arn"]
        iam.attach_role_policy(RoleName=name, PolicyArn=arn)
    else:
        iam.put_role_policy(RoleName=name, PolicyName="access", PolicyDocument=policy)
    return f"arn:aws:iam::{ACCOUNT}:role/{name}"


def allow(actions: list[str], resources: list[str], effect: str = "Allow") -> dict[str, Any]:
    return {"Effect": effect, "Action": actions, "Resource": resources}


def test_the_demo_role_may_read_and_write(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    result = check(demo_draft(demo_requests), "role-access")
    assert (result.status, result.message) == (
        "pass",
        "BedrockCustomizationRole may read the data and write the output",
    )


def test_a_role_that_cannot_write_the_output_is_warned_with_the_policy_to_paste(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = demo_draft(demo_requests)
    draft.set(
        ("roleArn",),
        role_with(
            aws_env,
            "PreflightReadOnlyRole",
            allow(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3:::ftui-demo-*"]),
            allow(["s3:GetObject"], ["arn:aws:s3:::ftui-demo-data/*"]),
        ),
    )
    result = check(draft, "role-access")
    assert result.status == "warn"
    assert result.message.startswith(
        "PreflightReadOnlyRole's policies do not allow s3:PutObject on"
        " arn:aws:s3:::ftui-demo-output/jobs/.write_access_check_file.tmp"
    )
    assert "aws iam put-role-policy --role-name PreflightReadOnlyRole" in result.fix
    by_sid = {s["Sid"]: s for s in pasted_policy(result.fix)["Statement"]}
    assert by_sid["WriteOutput"]["Resource"] == ["arn:aws:s3:::ftui-demo-output/jobs/*"]


def test_the_permissions_to_paste_name_the_key_by_its_arn(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    key = aws_env.account.client("kms", REGION).describe_key(KeyId="alias/ftui-demo-models")
    draft = demo_draft(demo_requests)
    draft.set(("customModelKmsKeyId",), "alias/ftui-demo-models")
    draft.set(
        ("roleArn",),
        role_with(
            aws_env, "PreflightNoAccessKeyRole", allow(["s3:GetObject"], ["arn:aws:s3:::x/*"])
        ),
    )
    result = check(draft, "role-access")
    assert result.status == "warn"
    [statement] = key_statement(result.fix)
    assert statement["Resource"] == [key["KeyMetadata"]["Arn"]]


def test_a_deny_in_the_roles_policies_fails(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    draft = demo_draft(demo_requests)
    draft.set(
        ("roleArn",),
        role_with(
            aws_env,
            "PreflightDeniedRole",
            allow(["s3:*"], ["*"]),
            allow(["s3:GetObject"], ["arn:aws:s3:::ftui-demo-data/support/*"], effect="Deny"),
        ),
    )
    result = check(draft, "role-access")
    assert result.status == "fail"
    assert "deny s3:GetObject on arn:aws:s3:::ftui-demo-data/support/train.jsonl" in result.message


def test_a_deny_only_over_plain_http_is_a_warning_not_a_failure(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    # The common guardrail: AWS accepts the role, since Bedrock reads S3 over HTTPS.
    draft = demo_draft(demo_requests)
    draft.set(
        ("roleArn",),
        role_with(
            aws_env,
            "PreflightTlsOnlyRole",
            allow(["s3:*"], ["*"]),
            allow(["s3:*"], ["*"], effect="Deny")
            | {"Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        ),
    )
    result = check(draft, "role-access")
    assert result.status == "warn"
    assert result.message.startswith(
        "PreflightTlsOnlyRole's policies deny s3:GetObject on"
        " arn:aws:s3:::ftui-demo-data/support/train.jsonl"
    )
    assert result.message.endswith(
        'when {"Bool": {"aws:SecureTransport": "false"}}, a condition ftui could not evaluate'
        " (if it holds for Bedrock's requests, AWS fails the job)"
    )
    assert "condition does not hold" in result.fix


def test_an_attached_policy_counts(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    draft = demo_draft(demo_requests)
    draft.set(
        ("roleArn",),
        role_with(aws_env, "PreflightManagedRole", allow(["S3:*"], ["*"]), managed=True),
    )
    assert check(draft, "role-access").status == "pass"


def test_unreadable_role_policies_are_skipped_naming_the_call(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    with aws_env.fault("access-denied:GetRolePolicy"):
        result = check(demo_draft(demo_requests), "role-access")
    assert result.status == "skipped"
    assert result.message.endswith("may not call iam:GetRolePolicy")


# --- the data -----------------------------------------------------------------------------------


def test_the_demo_data_passes_the_dataset_checker(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    results = run_checks(session(), demo_draft(demo_requests), REGION)
    training = only(results, "training-data")
    assert training.status == "pass", training.message
    assert training.message.startswith("s3://ftui-demo-data/support/train.jsonl (")
    assert only(results, "validation-data").status == "pass"


def test_broken_data_fails_with_its_lines_and_the_command_that_lists_them_all(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("trainingDataConfig", "s3Uri"), "s3://ftui-demo-data/broken/train-bad-json.jsonl")
    result = check(draft, "training-data")
    assert result.status == "fail"
    assert any(line.startswith("line ") for line in result.message.splitlines()[1:])
    assert result.fix == (
        "see every problem: ftui data check s3://ftui-demo-data/broken/train-bad-json.jsonl"
        " --model amazon.nova-micro-v1:0:128k --type FINE_TUNING"
    )


def test_missing_data_suggests_the_file_it_probably_meant(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("trainingDataConfig", "s3Uri"), "s3://ftui-demo-data/support/train.json")
    result = check(draft, "training-data")
    assert result.status == "fail"
    assert result.message == "there is no object at s3://ftui-demo-data/support/train.json"
    assert result.fix == "did you mean s3://ftui-demo-data/support/train.jsonl?"


def test_a_missing_validation_set_names_its_validator(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("validationDataConfig", "validators", 0, "s3Uri"), "s3://ftui-demo-data/nothing/v")
    result = check(draft, "validation-data")
    assert result.status == "fail"
    assert result.field == ("validationDataConfig", "validators", 0, "s3Uri")


def test_an_empty_data_file_fails(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    aws_env.account.client("s3", REGION).put_object(
        Bucket="ftui-demo-data", Key="preflight/empty.jsonl", Body=b""
    )
    draft = demo_draft(demo_requests)
    draft.set(("trainingDataConfig", "s3Uri"), "s3://ftui-demo-data/preflight/empty.jsonl")
    result = check(draft, "training-data")
    assert (result.status, result.message) == (
        "fail",
        "s3://ftui-demo-data/preflight/empty.jsonl is empty",
    )


def test_data_in_a_missing_bucket_says_the_bucket_is_missing(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("trainingDataConfig", "s3Uri"), "s3://ftui-preflight-nobucket/train.jsonl")
    results = run_checks(session(), draft, REGION)
    assert only(results, "training-data").message == "there is no bucket ftui-preflight-nobucket"
    buckets = only(results, "data-buckets")
    assert buckets.status == "fail"
    assert buckets.field == ("trainingDataConfig", "s3Uri")


def test_unreadable_data_is_skipped_not_failed(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    with aws_env.fault("access-denied:HeadObject"):
        result = check(demo_draft(demo_requests), "training-data")
    assert result.status == "skipped"
    assert result.message.endswith("may not call s3:HeadObject")


# --- buckets and their region -------------------------------------------------------------------


@pytest.fixture(scope="module")
def west_bucket(world: Any) -> str:
    """A bucket in us-west-2, holding a copy of the demo's training data."""
    s3 = world.account.client("s3", "us-west-2")
    s3.create_bucket(
        Bucket="ftui-preflight-west", CreateBucketConfiguration={"LocationConstraint": "us-west-2"}
    )
    data = world.account.client("s3", REGION).get_object(
        Bucket="ftui-demo-data", Key="support/train.jsonl"
    )["Body"]
    s3.put_object(Bucket="ftui-preflight-west", Key="support/train.jsonl", Body=data.read())
    return "ftui-preflight-west"


def test_an_output_bucket_in_another_region_fails_with_a_fix(
    aws_env: Any, demo_requests: dict[str, Any], west_bucket: str
) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("outputDataConfig", "s3Uri"), f"s3://{west_bucket}/out/")
    result = check(draft, "output-bucket")
    assert result.status == "fail"
    assert result.message == f"{west_bucket} is in us-west-2, but the job runs in {REGION}"
    assert f"aws s3 mb s3://{west_bucket}-{REGION} --region {REGION}" in result.fix


def test_data_in_another_region_fails(
    aws_env: Any, demo_requests: dict[str, Any], west_bucket: str
) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("trainingDataConfig", "s3Uri"), f"s3://{west_bucket}/support/train.jsonl")
    result = check(draft, "data-buckets")
    assert result.status == "fail"
    assert f"copy the data there, e.g.\n  aws s3 cp s3://{west_bucket}/support/" in result.fix


def test_a_missing_output_bucket_fails(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    draft = demo_draft(demo_requests)
    draft.set(("outputDataConfig", "s3Uri"), "s3://ftui-demo-missing-bucket/out/")
    result = check(draft, "output-bucket")
    assert result.message == "there is no bucket ftui-demo-missing-bucket"
    assert result.fix == f"create it: aws s3 mb s3://ftui-demo-missing-bucket --region {REGION}"


def test_the_us_east_1_demo_buckets_pass(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    results = run_checks(session(), demo_draft(demo_requests), REGION)
    assert only(results, "data-buckets").message == f"ftui-demo-data is in {REGION}"
    assert only(results, "output-bucket").message == f"ftui-demo-output is in {REGION}"


# --- invocation logs ----------------------------------------------------------------------------


def logs_draft(demo_requests: dict[str, Any], uri: str) -> Draft:
    draft = demo_draft(demo_requests, "distill-nova-micro")
    draft.set(
        ("trainingDataConfig",),
        {"invocationLogsConfig": {"invocationLogSource": {"s3Uri": uri}}},
    )
    return draft


def test_invocation_logs_with_objects_pass(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    draft = logs_draft(demo_requests, "s3://ftui-demo-invocation-logs/support-app/")
    result = check(draft, "invocation-logs")
    assert result.status == "pass"


def test_an_empty_log_prefix_fails(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    draft = logs_draft(demo_requests, "s3://ftui-demo-invocation-logs/no-such-app/")
    result = check(draft, "invocation-logs")
    assert result.status == "fail"
    assert "no invocation logs to distill from" in result.message
    assert "writes to s3://ftui-demo-invocation-logs/support-app/" in result.fix, (
        "the fix names where the account's logging writes"
    )
    assert result.field == (
        "trainingDataConfig",
        "invocationLogsConfig",
        "invocationLogSource",
        "s3Uri",
    )


def test_objects_where_logging_does_not_write_are_a_warning(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    s3 = aws_env.account.client("s3", "us-east-1")
    s3.put_object(Bucket="ftui-demo-invocation-logs", Key="old-exports/2025.json.gz", Body=b"{}")
    draft = logs_draft(demo_requests, "s3://ftui-demo-invocation-logs/old-exports/")
    result = check(draft, "invocation-logs")
    assert result.status == "warn"
    assert "s3://ftui-demo-invocation-logs/support-app/" in result.fix
    deeper = logs_draft(demo_requests, "s3://ftui-demo-invocation-logs/support-app/2026/11/")
    assert check(deeper, "invocation-logs").status == "pass", "a narrower prefix is fine"
