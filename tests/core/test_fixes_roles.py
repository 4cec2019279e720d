"""Create the job's service role from ftui: Bedrock may assume it for this account's jobs only,
it reaches only the job's data, and a half-made role says how to finish it."""

from __future__ import annotations

import json
import urllib.parse
import uuid
from typing import Any

import pytest

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.policy import ReadOnly
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.fixes import POLICY_NAME, ROLE_WITHOUT_POLICY, create_service_role, role_plan
from ftui.core.service_role import Trust, bedrock_trust, has_source_account_condition
from ftui.sim.server import SimServer
from ftui.sim.world import ACCOUNT, DATA_BUCKET, KMS_ALIAS, OUTPUT_BUCKET, ROLE_NAME

READ = [f"s3://{DATA_BUCKET}/support/train.jsonl", f"s3://{DATA_BUCKET}/support/validation.jsonl"]
WRITE = [f"s3://{OUTPUT_BUCKET}/jobs/"]
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def session_for(sim: SimServer, read_only: ReadOnly | None = None) -> AwsSession:
    target = AwsTarget(region="us-east-1", endpoint_url=sim.endpoint_url)
    return AwsSession(target, read_only=read_only, max_attempts=1)


def new_name() -> str:
    return f"BedrockCustomization-{uuid.uuid4().hex[:8]}"


def create(
    sim: SimServer,
    name: str,
    *,
    read: list[str] = READ,
    read_only: ReadOnly | None = None,
    kms_key: str | None = None,
) -> Ok[str] | AwsError:
    return create_service_role(
        session_for(sim, read_only),
        name=name,
        account=ACCOUNT,
        region="us-east-1",
        read=read,
        write=WRITE,
        kms_key=kms_key,
    )


def document(text: Any) -> dict[str, Any]:
    parsed: dict[str, Any] = (
        json.loads(urllib.parse.unquote(text)) if isinstance(text, str) else text
    )
    return parsed


def operations(sim: SimServer) -> list[str | None]:
    return [call["operation"] for call in sim.calls.entries()]


def test_the_plan_is_the_exact_documents_shown_before_creating() -> None:
    plan = role_plan(
        name="MyRole", account=ACCOUNT, region="us-west-2", read=READ, write=WRITE, kms_key=KEY
    )
    trust = json.loads(plan.trust_policy)
    [statement] = trust["Statement"]
    assert statement["Principal"] == {"Service": "bedrock.amazonaws.com"}
    assert statement["Condition"]["StringEquals"] == {"aws:SourceAccount": ACCOUNT}
    assert statement["Condition"]["ArnLike"] == {
        "aws:SourceArn": f"arn:aws:bedrock:us-west-2:{ACCOUNT}:model-customization-job/*"
    }
    access = json.loads(plan.access_policy)
    resources = {s["Sid"]: s["Resource"] for s in access["Statement"]}
    assert resources["ReadTrainingData"] == [
        f"arn:aws:s3:::{DATA_BUCKET}/support/train.jsonl",
        f"arn:aws:s3:::{DATA_BUCKET}/support/validation.jsonl",
    ]
    assert resources["WriteOutput"] == [f"arn:aws:s3:::{OUTPUT_BUCKET}/jobs/*"]
    assert resources["UseModelKey"] == [KEY]
    assert "\n" in plan.access_policy  # indented: shown to the user as it is sent


def test_the_created_role_trusts_bedrock_for_this_account_with_the_scoped_policy(
    aws_env: SimServer,
) -> None:
    name = new_name()
    got = create(aws_env, name)
    assert got == Ok(f"arn:aws:iam::{ACCOUNT}:role/{name}")
    iam = aws_env.account.client("iam", "us-east-1")
    trust = document(iam.get_role(RoleName=name)["Role"]["AssumeRolePolicyDocument"])
    assert bedrock_trust(trust, account=ACCOUNT, region="us-east-1") == Trust("trusted")
    assert has_source_account_condition(trust)
    plan = role_plan(
        name=name, account=ACCOUNT, region="us-east-1", read=READ, write=WRITE, kms_key=None
    )
    assert trust == json.loads(plan.trust_policy)
    [policy] = iam.list_role_policies(RoleName=name)["PolicyNames"]
    assert policy == plan.policy_name
    stored = iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"]
    assert document(stored) == json.loads(plan.access_policy)


def test_bedrock_takes_a_job_with_the_new_role(aws_env: SimServer) -> None:
    name = new_name()
    arn = create(aws_env, name)
    assert isinstance(arn, Ok)
    bedrock = aws_env.account.client("bedrock", "us-east-1")
    job = bedrock.create_model_customization_job(
        jobName=f"{name}-job",
        customModelName=f"{name}-model",
        roleArn=arn.value,
        baseModelIdentifier="amazon.nova-micro-v1:0:128k",
        trainingDataConfig={"s3Uri": READ[0]},
        outputDataConfig={"s3Uri": WRITE[0]},
    )
    assert job["jobArn"]


def test_a_name_already_taken_is_iams_words_and_the_role_is_untouched(
    aws_env: SimServer,
) -> None:
    iam = aws_env.account.client("iam", "us-east-1")
    before = iam.get_role(RoleName=ROLE_NAME)["Role"]["AssumeRolePolicyDocument"]
    aws_env.calls.clear()
    got = create(aws_env, ROLE_NAME)
    assert isinstance(got, AwsError) and got.code == "EntityAlreadyExists"
    assert ROLE_NAME in got.message
    assert operations(aws_env) == ["CreateRole"]
    assert iam.get_role(RoleName=ROLE_NAME)["Role"]["AssumeRolePolicyDocument"] == before


def test_a_policy_refused_after_the_role_was_made_says_how_to_finish(aws_env: SimServer) -> None:
    name = new_name()
    with aws_env.fault("access-denied:PutRolePolicy"):
        got = create(aws_env, name)
    assert isinstance(got, AwsError) and got.code == ROLE_WITHOUT_POLICY
    assert f"the role {name} was created, but without its permissions policy" in got.message
    assert "AccessDenied" in got.message
    assert f"aws iam put-role-policy --role-name {name}" in got.message
    iam = aws_env.account.client("iam", "us-east-1")
    assert iam.get_role(RoleName=name)["Role"]["RoleName"] == name
    assert iam.list_role_policies(RoleName=name)["PolicyNames"] == []


def test_read_only_mode_sends_nothing(aws_env: SimServer) -> None:
    name = new_name()
    aws_env.calls.clear()
    got = create(aws_env, name, read_only=ReadOnly("FTUI_READ_ONLY"))
    assert isinstance(got, AwsError) and got.code == "ReadOnly"
    assert "CreateRole" in got.message and "FTUI_READ_ONLY" in got.message
    assert operations(aws_env) == []


@pytest.mark.parametrize("read", [["train.jsonl"], ["s3://"]])
def test_a_location_that_is_not_s3_is_refused_before_sending(
    aws_env: SimServer, read: list[str]
) -> None:
    aws_env.calls.clear()
    got = create(aws_env, new_name(), read=read)
    assert isinstance(got, AwsError) and got.code == "ParamValidation"
    assert "not an s3:// URI" in got.message
    assert operations(aws_env) == []


def test_a_key_picked_by_its_alias_is_named_by_its_arn_in_the_role_policy(
    aws_env: SimServer,
) -> None:
    # The KMS picker fills in the alias; IAM refuses an alias as a policy's Resource.
    name = new_name()
    got = create(aws_env, name, kms_key=KMS_ALIAS)
    assert got == Ok(f"arn:aws:iam::{ACCOUNT}:role/{name}")
    iam = aws_env.account.client("iam", "us-east-1")
    stored = document(iam.get_role_policy(RoleName=name, PolicyName=POLICY_NAME)["PolicyDocument"])
    key = aws_env.account.client("kms", "us-east-1").describe_key(KeyId=KMS_ALIAS)["KeyMetadata"]
    [use_key] = [s for s in stored["Statement"] if s["Sid"] == "UseModelKey"]
    assert use_key["Resource"] == [key["Arn"]]


def test_a_key_that_cannot_be_found_stops_before_the_role_is_created(aws_env: SimServer) -> None:
    name = new_name()
    aws_env.calls.clear()
    got = create(aws_env, name, kms_key="alias/ftui-roles-no-such-key")
    assert isinstance(got, AwsError) and got.code == "NotFoundException"
    assert "alias/ftui-roles-no-such-key could not be read in us-east-1" in got.message
    assert operations(aws_env) == ["DescribeKey"]
    iam = aws_env.account.client("iam", "us-east-1")
    assert name not in {r["RoleName"] for r in iam.list_roles()["Roles"]}


def test_a_plan_is_never_made_with_a_key_iam_would_refuse() -> None:
    with pytest.raises(ValueError, match="not a KMS key ARN"):
        role_plan(
            name="MyRole",
            account=ACCOUNT,
            region="us-east-1",
            read=READ,
            write=WRITE,
            kms_key=KMS_ALIAS,
        )
