"""The KMS key, the VPC, the base model, the teacher, the grader and the names, each passing and
failing against the demo account (extra resources under names of this module's own)."""

from __future__ import annotations

from typing import Any

import pytest

from ftui.core.aws.errors import AwsError
from ftui.core.draft import Draft
from ftui.core.preflight import CheckResult, run_checks
from ftui.core.preflight.names import free_name, next_name
from tests.core.test_preflight import REGION, demo_draft, load_demo_requests, only, session

ACCOUNT = "123456789012"
TEACHER = ("customizationConfig", "distillationConfig", "teacherModelConfig")
GRADER = ("customizationConfig", "rftConfig", "graderConfig", "lambdaGrader", "lambdaArn")


@pytest.fixture(scope="module")
def demo_requests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return load_demo_requests(tmp_path_factory.mktemp("profiles"))


def check(draft: Draft, name: str) -> CheckResult:
    return only(run_checks(session(), draft, REGION), name)


def with_value(
    requests: dict[str, Any],
    path: tuple[str | int, ...],
    value: Any,
    profile: str = "nova-support-bot",
) -> Draft:
    draft = demo_draft(requests, profile)
    draft.set(path, value)
    return draft


# --- KMS ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def keys(world: Any) -> dict[str, str]:
    """Keys that Bedrock cannot use, by what is wrong with them."""
    kms = world.account.client("kms", REGION)

    def key(**kwargs: Any) -> str:
        return str(
            kms.create_key(Description="ftui preflight test", **kwargs)["KeyMetadata"]["KeyId"]
        )

    disabled, doomed = key(), key()
    kms.disable_key(KeyId=disabled)
    kms.schedule_key_deletion(KeyId=doomed, PendingWindowInDays=7)
    signing = key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")
    west = world.account.client("kms", "us-west-2").create_key()["KeyMetadata"]["Arn"]
    return {"disabled": disabled, "doomed": doomed, "signing": signing, "west": str(west)}


def test_the_demo_key_alias_passes(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    result = check(
        with_value(demo_requests, ("customModelKmsKeyId",), "alias/ftui-demo-models"), "kms-key"
    )
    assert result.status == "pass"
    assert result.message.startswith("alias/ftui-demo-models is key ")


@pytest.mark.parametrize(
    "case",
    [
        ("disabled", "is Disabled", "aws kms enable-key --key-id"),
        ("doomed", "is PendingDeletion", "aws kms cancel-key-deletion --key-id"),
        ("signing", "Bedrock encrypts models with a symmetric encryption key", "SYMMETRIC_DEFAULT"),
        ("west", "the key is in us-west-2", f"give a key of {REGION}"),
    ],
)
def test_a_key_bedrock_cannot_use_fails(
    aws_env: Any, demo_requests: dict[str, Any], keys: dict[str, str], case: tuple[str, str, str]
) -> None:
    which, said, fixed = case
    result = check(with_value(demo_requests, ("customModelKmsKeyId",), keys[which]), "kms-key")
    assert result.status == "fail"
    assert said in result.message
    assert fixed in result.fix


def test_a_missing_key_fails(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    result = check(
        with_value(demo_requests, ("customModelKmsKeyId",), "alias/ftui-preflight-no-such-key"),
        "kms-key",
    )
    assert (result.status, result.message) == (
        "fail",
        f"there is no KMS key alias/ftui-preflight-no-such-key in {REGION}",
    )


# --- VPC ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def network(world: Any) -> dict[str, str]:
    """This module's own VPC (two zones, an S3 endpoint) and the demo's (no endpoint)."""
    ec2 = world.account.client("ec2", REGION)
    vpc = ec2.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
    subnets = {
        name: ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=zone)["Subnet"][
            "SubnetId"
        ]
        for name, cidr, zone in (
            ("a", "10.77.0.0/24", "us-east-1a"),
            ("b", "10.77.1.0/24", "us-east-1b"),
            ("a2", "10.77.2.0/24", "us-east-1a"),
        )
    }
    group = ec2.create_security_group(GroupName="ftui-preflight", Description="t", VpcId=vpc)
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])
    ec2.create_vpc_endpoint(
        VpcId=vpc,
        ServiceName=f"com.amazonaws.{REGION}.s3",
        RouteTableIds=[t["RouteTableId"] for t in tables["RouteTables"]],
    )
    demo_group = ec2.describe_security_groups(
        Filters=[{"Name": "group-name", "Values": ["bedrock-training"]}]
    )["SecurityGroups"][0]
    demo_subnets = ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [demo_group["VpcId"]]}]
    )
    return {
        **subnets,
        "sg": str(group["GroupId"]),
        "vpc": str(vpc),
        "demo-sg": str(demo_group["GroupId"]),
        "demo-vpc": str(demo_group["VpcId"]),
        "demo-subnets": ",".join(s["SubnetId"] for s in demo_subnets["Subnets"]),
    }


def vpc_draft(requests: dict[str, Any], subnets: list[str], groups: list[str]) -> Draft:
    return with_value(requests, ("vpcConfig",), {"subnetIds": subnets, "securityGroupIds": groups})


def test_subnets_in_two_zones_of_a_vpc_with_an_s3_endpoint_pass(
    aws_env: Any, demo_requests: dict[str, Any], network: dict[str, str]
) -> None:
    draft = vpc_draft(demo_requests, [network["a"], network["b"]], [network["sg"]])
    result = check(draft, "network")
    assert result.status == "pass"
    assert result.message == (
        f"2 subnet(s) in us-east-1a, us-east-1b and 1 security group(s), all in {network['vpc']}"
    )


def test_subnets_all_in_one_zone_are_a_warning(
    aws_env: Any, demo_requests: dict[str, Any], network: dict[str, str]
) -> None:
    draft = vpc_draft(demo_requests, [network["a"], network["a2"]], [network["sg"]])
    result = check(draft, "network")
    assert result.status == "warn"
    assert "one Availability Zone (us-east-1a)" in result.message


def test_a_vpc_without_an_s3_endpoint_is_a_warning(
    aws_env: Any, demo_requests: dict[str, Any], network: dict[str, str]
) -> None:
    draft = vpc_draft(demo_requests, network["demo-subnets"].split(","), [network["demo-sg"]])
    result = check(draft, "network")
    assert result.status == "warn"
    assert result.message == f"{network['demo-vpc']} has no S3 VPC endpoint"


def test_a_missing_subnet_fails_naming_it(
    aws_env: Any, demo_requests: dict[str, Any], network: dict[str, str]
) -> None:
    draft = vpc_draft(demo_requests, [network["a"], "subnet-0000000000000dead"], [network["sg"]])
    result = check(draft, "network")
    assert (result.status, result.field) == ("fail", ("vpcConfig", "subnetIds"))
    assert result.message == f"no subnet subnet-0000000000000dead in {REGION}"


def test_a_missing_security_group_fails(
    aws_env: Any, demo_requests: dict[str, Any], network: dict[str, str]
) -> None:
    draft = vpc_draft(demo_requests, [network["a"]], ["sg-0000000000000dead"])
    result = check(draft, "network")
    assert (result.status, result.field) == ("fail", ("vpcConfig", "securityGroupIds"))


def test_a_security_group_of_another_vpc_fails(
    aws_env: Any, demo_requests: dict[str, Any], network: dict[str, str]
) -> None:
    draft = vpc_draft(demo_requests, [network["a"], network["b"]], [network["demo-sg"]])
    result = check(draft, "network")
    assert result.status == "fail"
    assert "are in 2 VPCs" in result.message
    assert result.fix == "give subnets and security groups of one VPC"


# --- the base model -----------------------------------------------------------------------------


def test_the_demo_base_model_passes(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    result = check(demo_draft(demo_requests), "base-model")
    assert (result.status, result.message) == ("pass", f"Nova Micro takes FINE_TUNING in {REGION}")


def test_the_on_demand_id_fails_pointing_at_the_customizable_version(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = with_value(demo_requests, ("baseModelIdentifier",), "amazon.nova-micro-v1:0")
    result = check(draft, "base-model")
    assert result.status == "fail"
    assert "takes no customization" in result.message
    assert result.fix == "use the customizable version amazon.nova-micro-v1:0:128k"


def test_a_model_of_another_region_says_where_it_is_customized(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    haiku = "anthropic.claude-3-haiku-20240307-v1:0:200k"
    result = check(with_value(demo_requests, ("baseModelIdentifier",), haiku), "base-model")
    assert result.status == "fail"
    assert result.message == f"there is no foundation model {haiku} in {REGION}"
    assert result.fix.startswith("Claude 3 Haiku takes FINE_TUNING in us-west-2: run the job there")


def test_a_model_that_does_not_take_the_kind_fails(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = with_value(
        demo_requests,
        ("baseModelIdentifier",),
        "amazon.titan-text-express-v1:0:8k",
        "distill-nova-micro",
    )
    result = check(draft, "base-model")
    assert result.status == "fail"
    assert result.message.endswith(f"in {REGION}, not DISTILLATION")
    assert result.fix.startswith(f"models for DISTILLATION in {REGION}: ")


def test_a_custom_model_as_base_is_looked_up(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    models = aws_env.account.client("bedrock", REGION).list_custom_models()["modelSummaries"]
    arn = next(m["modelArn"] for m in models if m["modelName"] == "support-bot-micro-v3")
    result = check(with_value(demo_requests, ("baseModelIdentifier",), arn), "base-model")
    assert (result.status, result.message) == (
        "pass",
        "custom model support-bot-micro-v3, built on amazon.nova-micro-v1:0:128k",
    )
    missing = arn.rsplit("/", 1)[0] + "/000000000000"
    result = check(with_value(demo_requests, ("baseModelIdentifier",), missing), "base-model")
    assert (result.status, result.message) == (
        "fail",
        f"there is no custom model {missing} in {REGION}",
    )


def test_without_get_foundation_model_the_catalog_answers(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    with aws_env.fault("access-denied:GetFoundationModel"):
        result = check(demo_draft(demo_requests), "base-model")
    assert result.status == "pass"
    assert result.message.endswith(
        "per ftui's catalog (arn:aws:sts::123456789012:user/moto may not call"
        " bedrock:GetFoundationModel)"
    )


def test_rft_models_are_known_from_the_catalog(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    result = check(demo_draft(demo_requests, "rft-math-grader"), "base-model")
    assert result.status == "pass"
    assert "AWS does not list RFT models" in result.message


# --- the teacher and the grader -----------------------------------------------------------------


def test_a_documented_teacher_passes(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    result = check(demo_draft(demo_requests, "distill-nova-micro"), "teacher")
    assert (result.status, result.message) == (
        "pass",
        "Nova Pro teaches Nova Micro (a documented pair)",
    )


def test_an_undocumented_pair_fails_naming_the_students_teachers(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = with_value(
        demo_requests,
        (*TEACHER, "teacherModelIdentifier"),
        "meta.llama3-1-70b-instruct-v1:0",
        "distill-nova-micro",
    )
    result = check(draft, "teacher")
    assert result.status == "fail"
    assert result.fix == (
        "documented teachers of amazon.nova-micro-v1:0:128k: amazon.nova-pro-v1:0,"
        " amazon.nova-premier-v1:0"
    )


def test_a_profile_only_teacher_given_by_id_fails_with_its_profile_arn(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = with_value(
        demo_requests,
        (*TEACHER, "teacherModelIdentifier"),
        "amazon.nova-premier-v1:0",
        "distill-nova-micro",
    )
    result = check(draft, "teacher")
    assert result.status == "fail"
    assert result.fix.endswith(
        f"arn:aws:bedrock:{REGION}:{ACCOUNT}:inference-profile/us.amazon.nova-premier-v1:0"
    )


def test_an_unknown_teacher_is_a_warning(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    draft = with_value(
        demo_requests,
        (*TEACHER, "teacherModelIdentifier"),
        "acme.genius-v1:0",
        "distill-nova-micro",
    )
    assert check(draft, "teacher").status == "warn"


def test_the_demo_grader_passes_and_a_missing_one_fails(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    assert check(demo_draft(demo_requests, "rft-math-grader"), "grader").status == "pass"
    missing = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:ftui-preflight-no-grader"
    result = check(with_value(demo_requests, GRADER, missing, "rft-math-grader"), "grader")
    assert (result.status, result.message) == ("fail", f"there is no Lambda function {missing}")


# --- names --------------------------------------------------------------------------------------


def test_a_taken_job_name_fails_suggesting_a_free_one(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    # -003 is taken and so is -004 (the demo's history): the suggestion skips both.
    draft = with_value(demo_requests, ("jobName",), "support-bot-nova-micro-ft-003")
    result = check(draft, "job-name")
    assert result.status == "fail"
    assert result.message.startswith(
        f"a job named support-bot-nova-micro-ft-003 already exists in {REGION} ("
    )
    assert result.fix == "choose another jobName, e.g. support-bot-nova-micro-ft-005"


def test_a_taken_model_name_fails(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    draft = with_value(demo_requests, ("customModelName",), "support-bot-micro-v3")
    result = check(draft, "model-name")
    assert result.status == "fail"
    assert result.fix == "choose another customModelName, e.g. support-bot-micro-v5"


def test_a_model_name_a_running_job_will_take_fails(
    aws_env: Any, demo_requests: dict[str, Any]
) -> None:
    draft = with_value(demo_requests, ("customModelName",), "support-bot-micro-v4")
    result = check(draft, "model-name")
    assert result.status == "fail"
    assert result.message == (
        "the job support-bot-nova-micro-ft-004, in progress, will create a model named"
        " support-bot-micro-v4"
    )


@pytest.mark.parametrize(
    ("name", "following"),
    [("ft-004", "ft-005"), ("ft-9", "ft-10"), ("model", "model-2"), ("a" * 63, "a" * 61 + "-2")],
)
def test_the_next_name_counts_on(name: str, following: str) -> None:
    assert next_name(name) == following
    assert len(next_name("x" * 60 + "999")) <= 63


def test_a_free_name_skips_the_taken_ones() -> None:
    assert free_name("ft-1", {"ft-2", "ft-3"}) == "ft-4"


def test_names_taken_by_this_very_request_pass(aws_env: Any, demo_requests: dict[str, Any]) -> None:
    """Submitted once, checked again: the job is this request's, so submitting returns it."""
    from ftui.core.aws.bedrock import Bedrock
    from ftui.core.aws.submit import submission_kwargs

    draft = with_value(demo_requests, ("jobName",), "preflight-resubmit-001")
    draft.set(("customModelName",), "preflight-resubmit-model-001")
    kwargs = submission_kwargs(draft.to_request(region=REGION))
    assert not isinstance(Bedrock(session(), REGION).create_job(kwargs), AwsError)
    job, model = check(draft, "job-name"), check(draft, "model-name")
    assert job.status == "pass" and "this very request" in job.message
    assert model.status == "pass", model.message
    draft.set(("hyperParameters", "epochCount"), 3)  # another request of the same names
    assert check(draft, "job-name").status == "fail"
    assert check(draft, "model-name").status == "fail"
