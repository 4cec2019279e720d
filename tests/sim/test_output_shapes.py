"""Every AWS operation ftui uses is answered as botocore's service model shapes it.

Each answer of the seeded emulator, as botocore parsed it, is checked against the operation's
output shape: the type of every member all the way down, the required members, and enum values
where the emulator answers with one. botocore keeps JSON answers' values as sent, so a wrong
type from Bedrock, KMS or Lambda shows; XML it converts by the shape, so what shows there is a
missing member or a value outside its enum.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError
from botocore.model import Shape

import ftui
from ftui.core.service_role import access_policy
from ftui.sim.server import SimServer
from ftui.sim.world import (
    DATA_BUCKET,
    GRADER_ARN,
    GRADER_NAME,
    KMS_ALIAS,
    OREGON_OUTPUT_BUCKET,
    REGIONS,
    ROLE_ARN,
    ROLE_NAME,
    UNTRUSTED_ROLE_NAME,
    _trust,
)
from tests.shape_check import shape_problems, unknown_members
from tests.sim.conftest import client

MIB = 1024 * 1024
DATA_POLICY = json.dumps(access_policy(read=[f"s3://{DATA_BUCKET}/support/"], write=[]))
SERVICES = ("bedrock", "bedrock-runtime", "s3", "iam", "ec2", "kms", "lambda", "sts")
# What this module checks. boto3's managed transfer (ftui's upload) sends the multipart calls.
CHECKED = frozenset(
    {
        "ListModelCustomizationJobs",
        "GetModelCustomizationJob",
        "CreateModelCustomizationJob",
        "StopModelCustomizationJob",
        "ListFoundationModels",
        "GetFoundationModel",
        "ListCustomModels",
        "GetCustomModel",
        "ListTagsForResource",
        "GetModelInvocationLoggingConfiguration",
        "ListBuckets",
        "GetBucketLocation",
        "ListObjectsV2",
        "HeadObject",
        "GetObject",
        "PutObject",
        "CreateMultipartUpload",
        "UploadPart",
        "CompleteMultipartUpload",
        "AbortMultipartUpload",
        "GetRole",
        "ListRoles",
        "CreateRole",
        "PutRolePolicy",
        "ListRolePolicies",
        "GetRolePolicy",
        "ListAttachedRolePolicies",
        "GetPolicy",
        "GetPolicyVersion",
        "DescribeVpcs",
        "DescribeSubnets",
        "DescribeSecurityGroups",
        "DescribeVpcEndpoints",
        "ListKeys",
        "ListAliases",
        "DescribeKey",
        "ListFunctions",
        "GetFunction",
        "GetCallerIdentity",
    }
)
# Checked against their output shapes in test_serving.py (deployments, throughputs, deleting a
# model) and test_runtime.py (Converse, ConverseStream and each of its events).
CHECKED_ELSEWHERE = frozenset(
    {
        "CreateCustomModelDeployment",
        "GetCustomModelDeployment",
        "ListCustomModelDeployments",
        "UpdateCustomModelDeployment",
        "DeleteCustomModelDeployment",
        "CreateProvisionedModelThroughput",
        "GetProvisionedModelThroughput",
        "ListProvisionedModelThroughputs",
        "UpdateProvisionedModelThroughput",
        "DeleteProvisionedModelThroughput",
        "DeleteCustomModel",
        "Converse",
        "ConverseStream",
    }
)


def checked(
    sim: SimServer, service: str, operation: str, region: str = "us-east-1", **params: Any
) -> dict[str, Any]:
    """Call ``operation``, assert its answer fits the output shape, and return the answer."""
    aws = client(sim, service, region)
    json_protocol = aws.meta.service_model.protocol in ("json", "rest-json")
    bodies: list[bytes] = []
    if json_protocol:  # reading the body of another would spend a stream (GetObject's)
        aws.meta.events.register(
            "after-call", lambda http_response, **_: bodies.append(http_response.content)
        )
    answer: dict[str, Any] = getattr(aws, xform_name(operation))(**params)
    answer.pop("ResponseMetadata", None)
    shape = aws.meta.service_model.operation_model(operation).output_shape
    if shape is None:
        return answer
    assert shape_problems(shape, answer) == [], f"{service}:{operation}({params})"
    if bodies and bodies[-1].strip():
        raw = json.loads(bodies[-1])
        assert unknown_members(shape, raw) == [], f"{service}:{operation}({params})"
    return answer


def unique(stem: str) -> str:
    return f"{stem}-{uuid.uuid4().hex[:8]}"


def bedrock_shape(operation: str) -> Shape:
    shape = client_model("bedrock").operation_model(operation).output_shape
    assert shape is not None
    return shape


def client_model(service: str) -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model(service)


# --- the validator fails on a wrong answer ------------------------------------------------------


def test_the_check_names_each_way_an_answer_is_wrong() -> None:
    shape = bedrock_shape("GetModelCustomizationJob")
    wrong = {
        "jobArn": 5,
        "jobName": "job",
        "status": "Running",
        "creationTime": "2026-11-01T00:00:00Z",
        "trainingDataConfig": {"s3Uri": "s3://b/k"},
        "hyperParameters": {"epochCount": 2},
        "validationDataConfig": {"validators": [{"s3Uri": ["s3://b/v"]}]},
        "trainingMetrics": {"trainingLoss": "0.5"},
    }
    found = shape_problems(shape, wrong)
    assert "jobArn: int 5, not a string" in found
    assert "status: 'Running' is none of ModelCustomizationJobStatus's values" in found
    assert "creationTime: str '2026-11-01T00:00:00Z', not a timestamp" in found
    assert "hyperParameters['epochCount']: int 2, not a string" in found
    assert "validationDataConfig.validators[0].s3Uri: list ['s3://b/v'], not a string" in found
    assert "trainingMetrics.trainingLoss: str '0.5', not a float" in found
    assert "roleArn: required, missing" in found
    assert "outputModelName: required, missing" in found
    assert shape_problems(shape, [wrong]) == ["(answer): list, not an object"]


def test_a_member_the_model_does_not_have_is_named() -> None:
    shape = bedrock_shape("ListModelCustomizationJobs")
    raw = {"modelCustomizationJobSummaries": [{"jobArn": "a", "trainingMetric": {}}], "extra": 1}
    found = unknown_members(shape, raw)
    assert found == ["modelCustomizationJobSummaries[0].trainingMetric", "extra"]


def test_the_check_passes_an_answer_as_aws_gives_it() -> None:
    shape = bedrock_shape("ListTagsForResource")
    assert shape_problems(shape, {"tags": [{"key": "team", "value": "ml"}]}) == []
    assert shape_problems(shape, {"tags": {"team": "ml"}}) == ["tags: dict, not a list"]


# --- every operation ftui uses is one checked here -------------------------------------------


def test_every_operation_ftui_calls_is_checked_here() -> None:
    """ftui names an operation as AWS spells it (to ``session.call``) or as boto3 does (the
    client's method): both are found in its source, the emulator's own code left out."""
    names: dict[str, str] = {}
    for service in SERVICES:
        for operation in client_model(service).operation_names:
            names[operation] = names[xform_name(operation)] = operation
    used = set()
    for path in Path(ftui.__file__).parent.rglob("*.py"):
        if "sim" in path.relative_to(Path(ftui.__file__).parent).parts:
            continue
        text = path.read_text(encoding="utf-8")
        words = set(re.findall(r'"([A-Z][A-Za-z0-9]+)"', text))
        words |= set(re.findall(r"\.([a-z][a-z0-9_]+)\(", text))
        used |= {names[word] for word in words if word in names}
    assert {"ListModelCustomizationJobs", "CreateRole", "HeadObject"} <= used
    assert sorted(used - CHECKED - CHECKED_ELSEWHERE) == []


# --- Bedrock: our layer ---------------------------------------------------------------------------


@pytest.mark.parametrize("region", REGIONS)
def test_every_seeded_job_and_its_listing(world: SimServer, region: str) -> None:
    listed = checked(world, "bedrock", "ListModelCustomizationJobs", region, maxResults=100)
    jobs = listed["modelCustomizationJobSummaries"]
    assert jobs
    for job in jobs:
        details = checked(
            world, "bedrock", "GetModelCustomizationJob", region, jobIdentifier=job["jobArn"]
        )
        checked(world, "bedrock", "ListTagsForResource", region, resourceARN=details["jobArn"])
    page = checked(world, "bedrock", "ListModelCustomizationJobs", region, maxResults=1)
    if len(jobs) > 1:
        checked(
            world,
            "bedrock",
            "ListModelCustomizationJobs",
            region,
            maxResults=1,
            nextToken=page["nextToken"],
        )


def test_the_seeded_history_has_every_status_it_is_checked_in(world: SimServer) -> None:
    statuses = set()
    for region in REGIONS:
        listed = checked(world, "bedrock", "ListModelCustomizationJobs", region, maxResults=100)
        statuses |= {job["status"] for job in listed["modelCustomizationJobSummaries"]}
    assert statuses == {"InProgress", "Completed", "Failed", "Stopped"}


@pytest.mark.parametrize("region", REGIONS)
def test_every_foundation_model(world: SimServer, region: str) -> None:
    models = checked(world, "bedrock", "ListFoundationModels", region)["modelSummaries"]
    assert models
    for model in models:
        checked(world, "bedrock", "GetFoundationModel", region, modelIdentifier=model["modelId"])
    checked(world, "bedrock", "ListFoundationModels", region, byCustomizationType="FINE_TUNING")


@pytest.mark.parametrize("region", REGIONS)
def test_every_custom_model(world: SimServer, region: str) -> None:
    models = checked(world, "bedrock", "ListCustomModels", region, maxResults=100)
    for model in models["modelSummaries"]:
        details = checked(
            world, "bedrock", "GetCustomModel", region, modelIdentifier=model["modelArn"]
        )
        checked(world, "bedrock", "ListTagsForResource", region, resourceARN=details["modelArn"])
    assert models["modelSummaries"] or region == "us-west-2"


def test_a_job_created_and_stopped(world: SimServer) -> None:
    name = unique("shapes")
    created = checked(
        world,
        "bedrock",
        "CreateModelCustomizationJob",
        jobName=name,
        customModelName=name,
        roleArn=ROLE_ARN,
        baseModelIdentifier="amazon.nova-micro-v1:0:128k",
        trainingDataConfig={"s3Uri": f"s3://{DATA_BUCKET}/support/train.jsonl"},
        outputDataConfig={"s3Uri": f"s3://{DATA_BUCKET}/out/"},
    )
    checked(world, "bedrock", "GetModelCustomizationJob", jobIdentifier=created["jobArn"])
    checked(world, "bedrock", "StopModelCustomizationJob", jobIdentifier=created["jobArn"])
    checked(world, "bedrock", "GetModelCustomizationJob", jobIdentifier=name)


@pytest.mark.parametrize("region", REGIONS)
def test_invocation_logging_set_or_not(world: SimServer, region: str) -> None:
    checked(world, "bedrock", "GetModelInvocationLoggingConfiguration", region)


# --- the other services: moto -------------------------------------------------------------------


def test_s3_buckets_folders_and_objects(world: SimServer) -> None:
    buckets = checked(world, "s3", "ListBuckets")["Buckets"]
    for bucket in buckets:
        checked(world, "s3", "GetBucketLocation", Bucket=bucket["Name"])
    checked(world, "s3", "ListObjectsV2", Bucket=DATA_BUCKET, Delimiter="/")
    page = checked(world, "s3", "ListObjectsV2", Bucket=DATA_BUCKET, Prefix="support/", MaxKeys=2)
    checked(
        world,
        "s3",
        "ListObjectsV2",
        Bucket=DATA_BUCKET,
        Prefix="support/",
        MaxKeys=2,
        ContinuationToken=page["NextContinuationToken"],
    )
    checked(world, "s3", "HeadObject", Bucket=DATA_BUCKET, Key="support/train.jsonl")
    body = checked(world, "s3", "GetObject", Bucket=DATA_BUCKET, Key="support/train.jsonl")
    assert body["Body"].read()
    checked(
        world, "s3", "GetObject", Bucket=DATA_BUCKET, Key="support/train.jsonl", Range="bytes=0-9"
    )


def test_s3_uploads_whole_and_in_parts(world: SimServer) -> None:
    key = unique("shapes/upload")
    checked(world, "s3", "PutObject", Bucket=OREGON_OUTPUT_BUCKET, Key=key, Body=b"{}\n")
    started = checked(world, "s3", "CreateMultipartUpload", Bucket=DATA_BUCKET, Key=key)
    parts = []
    for number, size in enumerate((5 * MIB, 1024), start=1):
        sent = checked(
            world,
            "s3",
            "UploadPart",
            Bucket=DATA_BUCKET,
            Key=key,
            UploadId=started["UploadId"],
            PartNumber=number,
            Body=b"x" * size,
        )
        parts.append({"ETag": sent["ETag"], "PartNumber": number})
    checked(
        world,
        "s3",
        "CompleteMultipartUpload",
        Bucket=DATA_BUCKET,
        Key=key,
        UploadId=started["UploadId"],
        MultipartUpload={"Parts": parts},
    )
    aborted = checked(world, "s3", "CreateMultipartUpload", Bucket=DATA_BUCKET, Key=key + "-2")
    checked(
        world,
        "s3",
        "AbortMultipartUpload",
        Bucket=DATA_BUCKET,
        Key=key + "-2",
        UploadId=aborted["UploadId"],
    )


def test_a_missing_object_or_bucket_is_a_bare_404_as_s3_gives_it(world: SimServer) -> None:
    s3 = client(world, "s3")
    calls: list[Callable[[], Any]] = [
        lambda: s3.head_object(Bucket=DATA_BUCKET, Key="no/such/key.jsonl"),
        lambda: s3.head_bucket(Bucket="ftui-no-such-bucket"),
    ]
    for call in calls:
        with pytest.raises(ClientError) as raised:
            call()
        assert raised.value.response["Error"]["Code"] == "404"
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_iam_roles(world: SimServer) -> None:
    page = checked(world, "iam", "ListRoles", MaxItems=3)
    checked(world, "iam", "ListRoles", MaxItems=3, Marker=page["Marker"])
    for name in (ROLE_NAME, UNTRUSTED_ROLE_NAME):
        checked(world, "iam", "GetRole", RoleName=name)
    name = unique("ShapesRole")
    checked(
        world,
        "iam",
        "CreateRole",
        RoleName=name,
        AssumeRolePolicyDocument=_trust("bedrock.amazonaws.com"),
        Description="shapes",
    )
    checked(
        world,
        "iam",
        "PutRolePolicy",
        RoleName=name,
        PolicyName="data",
        PolicyDocument=DATA_POLICY,
    )


def test_iam_policies_of_a_role(world: SimServer) -> None:
    for name in checked(world, "iam", "ListRolePolicies", RoleName=ROLE_NAME)["PolicyNames"]:
        checked(world, "iam", "GetRolePolicy", RoleName=ROLE_NAME, PolicyName=name)
    name = unique("ShapesManaged")
    iam = client(world, "iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=_trust("bedrock.amazonaws.com"))
    arn = iam.create_policy(PolicyName=name, PolicyDocument=DATA_POLICY)["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=name, PolicyArn=arn)
    attached = checked(world, "iam", "ListAttachedRolePolicies", RoleName=name)
    assert [p["PolicyArn"] for p in attached["AttachedPolicies"]] == [arn]
    policy = checked(world, "iam", "GetPolicy", PolicyArn=arn)["Policy"]
    checked(world, "iam", "GetPolicyVersion", PolicyArn=arn, VersionId=policy["DefaultVersionId"])


def test_ec2_network(world: SimServer) -> None:
    vpcs = checked(world, "ec2", "DescribeVpcs")["Vpcs"]
    assert vpcs
    vpc = next(v["VpcId"] for v in vpcs if not v.get("IsDefault"))
    where = [{"Name": "vpc-id", "Values": [vpc]}]
    assert checked(world, "ec2", "DescribeSubnets", Filters=where)["Subnets"]
    assert checked(world, "ec2", "DescribeSecurityGroups", Filters=where)["SecurityGroups"]
    checked(world, "ec2", "DescribeVpcEndpoints", Filters=where)


def test_kms_keys(world: SimServer) -> None:
    keys = checked(world, "kms", "ListKeys")["Keys"]
    aliases = checked(world, "kms", "ListAliases")["Aliases"]
    assert KMS_ALIAS in {a["AliasName"] for a in aliases}
    for key in keys:
        checked(world, "kms", "DescribeKey", KeyId=key["KeyId"])
    checked(world, "kms", "DescribeKey", KeyId=KMS_ALIAS)


def test_lambda_graders(world: SimServer) -> None:
    functions = checked(world, "lambda", "ListFunctions")["Functions"]
    assert GRADER_NAME in {f["FunctionName"] for f in functions}
    checked(world, "lambda", "GetFunction", FunctionName=GRADER_ARN)


def test_sts_caller_identity(world: SimServer) -> None:
    assert checked(world, "sts", "GetCallerIdentity")["Account"] == "123456789012"
