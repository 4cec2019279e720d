"""The demo account has what the pre-flight checks and the pickers are shown with."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from ftui.sim.server import SimServer
from ftui.sim.world import (
    DATA_BUCKET,
    LOGS_BUCKET,
    LOGS_PREFIX,
    NO_ACCESS_ROLE_NAME,
    OREGON_OUTPUT_BUCKET,
    OUTPUT_BUCKET,
    ROLE_NAME,
    TEAM_PATH,
    TEAM_ROLES,
    UNCONDITIONED_ROLE_ARN,
    UNCONDITIONED_ROLE_NAME,
    UNTRUSTED_ROLE_NAME,
)
from tests.sim.conftest import client


def _trust(role: dict[str, Any]) -> dict[str, Any]:
    document = role["AssumeRolePolicyDocument"]
    parsed: dict[str, Any] = (
        json.loads(urllib.parse.unquote(document)) if isinstance(document, str) else document
    )
    return parsed


def test_an_output_bucket_in_another_region_is_there_to_be_caught(world: SimServer) -> None:
    s3 = client(world, "s3")
    names = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    assert {DATA_BUCKET, OUTPUT_BUCKET, LOGS_BUCKET, OREGON_OUTPUT_BUCKET} <= names
    location = s3.get_bucket_location(Bucket=OREGON_OUTPUT_BUCKET)["LocationConstraint"]
    assert location == "us-west-2"
    assert s3.get_bucket_location(Bucket=OUTPUT_BUCKET)["LocationConstraint"] is None


def test_invocation_logging_writes_where_the_demo_distillation_reads(world: SimServer) -> None:
    config = client(world, "bedrock").get_model_invocation_logging_configuration()
    s3_config = config["loggingConfig"]["s3Config"]
    assert s3_config == {"bucketName": LOGS_BUCKET, "keyPrefix": LOGS_PREFIX}
    assert config["loggingConfig"]["textDataDeliveryEnabled"] is True
    oregon = client(world, "bedrock", "us-west-2").get_model_invocation_logging_configuration()
    assert "loggingConfig" not in oregon
    job = client(world, "bedrock").get_model_customization_job(
        jobIdentifier="nova-lite-distill-from-logs"
    )
    source = job["trainingDataConfig"]["invocationLogsConfig"]["invocationLogSource"]["s3Uri"]
    assert source.startswith(f"s3://{LOGS_BUCKET}/{LOGS_PREFIX}/")
    assert job["status"] == "Completed"


def test_roles_come_in_pages_and_every_page_adds_new_ones(world: SimServer) -> None:
    iam = client(world, "iam")
    pages = list(iam.get_paginator("list_roles").paginate(PaginationConfig={"PageSize": 4}))
    assert len(pages) >= 3
    names = [role["RoleName"] for page in pages for role in page["Roles"]]
    assert len(names) == len(set(names))
    team = {name for name, _ in TEAM_ROLES}
    expected = {ROLE_NAME, UNTRUSTED_ROLE_NAME, UNCONDITIONED_ROLE_NAME, NO_ACCESS_ROLE_NAME}
    assert expected | team <= set(names)
    paths = {role["RoleName"]: role["Path"] for page in pages for role in page["Roles"]}
    assert {paths[name] for name in team} == {TEAM_PATH}


def test_two_roles_trust_bedrock_and_still_fall_short(world: SimServer) -> None:
    iam = client(world, "iam")
    legacy = iam.get_role(RoleName=UNCONDITIONED_ROLE_NAME)["Role"]
    assert legacy["Arn"] == UNCONDITIONED_ROLE_ARN
    [statement] = _trust(legacy)["Statement"]
    assert statement["Principal"] == {"Service": "bedrock.amazonaws.com"}
    assert "Condition" not in statement  # any account's jobs could make Bedrock assume it
    no_access = iam.get_role(RoleName=NO_ACCESS_ROLE_NAME)["Role"]
    [statement] = _trust(no_access)["Statement"]
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}
    assert iam.list_role_policies(RoleName=NO_ACCESS_ROLE_NAME)["PolicyNames"] == []
    assert iam.list_role_policies(RoleName=UNCONDITIONED_ROLE_NAME)["PolicyNames"] == ["s3-data"]


def test_a_folder_of_data_sets_comes_in_pages(world: SimServer) -> None:
    s3 = client(world, "s3")
    first = s3.list_objects_v2(Bucket=DATA_BUCKET, Prefix="support/archive/", MaxKeys=10)
    assert first["IsTruncated"] is True
    pages = s3.get_paginator("list_objects_v2").paginate(
        Bucket=DATA_BUCKET, Prefix="support/archive/", PaginationConfig={"PageSize": 10}
    )
    keys = [item["Key"] for page in pages for item in page["Contents"]]
    assert len(keys) == len(set(keys)) > 20
    newest = s3.get_object(Bucket=DATA_BUCKET, Key=max(keys))["Body"].read()
    assert newest == s3.get_object(Bucket=DATA_BUCKET, Key="support/train.jsonl")["Body"].read()
