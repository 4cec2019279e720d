"""The demo account's resources: buckets and data, roles, a network and a key, the grader.

Everything is made through the emulator's public API (boto3 against its endpoint), as a user
would make it on AWS.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from typing import Any

from ftui.sim.datasets import DATASETS
from ftui.sim.seeding.names import (
    ACCOUNT,
    DATA_BUCKET,
    GRADER_NAME,
    GRADER_ROLE_NAME,
    KMS_ALIAS,
    LOGS_BUCKET,
    LOGS_PREFIX,
    NO_ACCESS_ROLE_NAME,
    OREGON,
    OREGON_OUTPUT_BUCKET,
    OUTPUT_BUCKET,
    ROLE_NAME,
    TEAM_PATH,
    TEAM_ROLES,
    UNCONDITIONED_ROLE_NAME,
    UNTRUSTED_ROLE_NAME,
    trust,
)
from ftui.sim.server import SimServer

# Three days of invocation logs: a distillation job's length follows their number, and the
# seeded history's times are what snapshots show.
LOG_DAYS = (20, 21, 22)
# Weekly snapshots of the support data: enough files under one folder for a picker to page.
ARCHIVE_WEEKS = 24
ARCHIVE_SOURCE = "support/train.jsonl"

_GRADER_CODE = b'''def handler(event, context):
    """Reward 1.0 when the response ends with the reference answer."""
    results = []
    for sample in event:
        answer = sample["metadata"]["reference_answer"]["answer"]
        text = sample["messages"][-1]["content"]
        score = 1.0 if text.strip().endswith(answer) else 0.0
        results.append({"id": sample["id"], "aggregate_reward_score": score})
    return results
'''


def _grader_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("grader.py", _GRADER_CODE)
    return buffer.getvalue()


def _client(sim: SimServer, service: str, region: str = "us-east-1") -> Any:
    return sim.account.client(service, region)


def seed_storage(sim: SimServer) -> None:
    """The data, output and invocation-log buckets, with the data sets and three days of logs;
    and an output bucket in Oregon, which jobs in Virginia cannot use."""
    s3 = _client(sim, "s3")
    for bucket in (DATA_BUCKET, OUTPUT_BUCKET, LOGS_BUCKET):
        s3.create_bucket(Bucket=bucket)
    _client(sim, "s3", OREGON).create_bucket(
        Bucket=OREGON_OUTPUT_BUCKET, CreateBucketConfiguration={"LocationConstraint": OREGON}
    )
    for key, data in DATASETS.items():
        s3.put_object(Bucket=DATA_BUCKET, Key=key, Body=data)
    for day in LOG_DAYS:
        s3.put_object(
            Bucket=LOGS_BUCKET,
            Key=f"{LOGS_PREFIX}/2026/11/{day:02d}/invocations.json.gz",
            Body=b"{}",
        )


def seed_archive(sim: SimServer) -> None:
    """Weekly snapshots of the support data, for a picker to page through (no job reads them)."""
    s3 = _client(sim, "s3")
    start = date(2026, 11, 16)
    for week in range(ARCHIVE_WEEKS):
        taken = start - timedelta(weeks=week)
        s3.put_object(
            Bucket=DATA_BUCKET,
            Key=f"support/archive/train-{taken.isoformat()}.jsonl",
            Body=DATASETS[ARCHIVE_SOURCE],
        )


def seed_logging(sim: SimServer) -> None:
    """Model invocation logging in us-east-1, into the logs bucket: distillation's source."""
    _client(sim, "bedrock").put_model_invocation_logging_configuration(
        loggingConfig={
            "s3Config": {"bucketName": LOGS_BUCKET, "keyPrefix": LOGS_PREFIX},
            "textDataDeliveryEnabled": True,
            "imageDataDeliveryEnabled": False,
            "embeddingDataDeliveryEnabled": False,
        }
    )


def _data_access() -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                    "Resource": [
                        f"arn:aws:s3:::{b}{s}"
                        for b in (DATA_BUCKET, OUTPUT_BUCKET, LOGS_BUCKET)
                        for s in ("", "/*")
                    ],
                }
            ],
        }
    )


def seed_roles(sim: SimServer) -> None:
    """The service role Bedrock may assume, one it may not, the grader's, two that trust
    Bedrock and fall short (any account may use one, the other may read nothing), and the
    rest of the data-science team's, enough for a role picker to page."""
    iam = _client(sim, "iam")
    iam.create_role(
        RoleName=ROLE_NAME,
        AssumeRolePolicyDocument=trust("bedrock.amazonaws.com"),
        Description="Lets Bedrock read training data and write job output",
    )
    iam.put_role_policy(RoleName=ROLE_NAME, PolicyName="s3-data", PolicyDocument=_data_access())
    iam.create_role(
        RoleName=UNTRUSTED_ROLE_NAME, AssumeRolePolicyDocument=trust("ec2.amazonaws.com")
    )
    iam.create_role(
        RoleName=GRADER_ROLE_NAME, AssumeRolePolicyDocument=trust("lambda.amazonaws.com")
    )
    iam.create_role(
        RoleName=UNCONDITIONED_ROLE_NAME,
        AssumeRolePolicyDocument=trust("bedrock.amazonaws.com", any_account=True),
        Description="Fine-tuning role from before the team added the source account condition",
    )
    iam.put_role_policy(
        RoleName=UNCONDITIONED_ROLE_NAME, PolicyName="s3-data", PolicyDocument=_data_access()
    )
    iam.create_role(
        RoleName=NO_ACCESS_ROLE_NAME,
        AssumeRolePolicyDocument=trust("bedrock.amazonaws.com"),
        Description="Batch inference; reads none of the training data",
    )
    for name, service in TEAM_ROLES:
        iam.create_role(Path=TEAM_PATH, RoleName=name, AssumeRolePolicyDocument=trust(service))


def seed_grader(sim: SimServer) -> None:
    """The RFT grader: a Lambda function scoring math answers."""
    _client(sim, "lambda").create_function(
        FunctionName=GRADER_NAME,
        Runtime="python3.12",
        Role=f"arn:aws:iam::{ACCOUNT}:role/{GRADER_ROLE_NAME}",
        Handler="grader.handler",
        Code={"ZipFile": _grader_zip()},
        Timeout=300,
        Description="Scores math answers against the reference answer",
    )


def seed_key_and_network(sim: SimServer) -> None:
    """The model encryption key, and a VPC with two private subnets and a security group."""
    kms = _client(sim, "kms")
    key = kms.create_key(Description="ftui demo: custom model encryption")
    kms.create_alias(AliasName=KMS_ALIAS, TargetKeyId=key["KeyMetadata"]["KeyId"])
    ec2 = _client(sim, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": "ml-training"}])
    for index, zone in enumerate(("us-east-1a", "us-east-1b")):
        subnet = ec2.create_subnet(
            VpcId=vpc, CidrBlock=f"10.42.{index}.0/24", AvailabilityZone=zone
        )
        ec2.create_tags(
            Resources=[subnet["Subnet"]["SubnetId"]],
            Tags=[{"Key": "Name", "Value": f"ml-training-private-{zone[-1]}"}],
        )
    ec2.create_security_group(GroupName="bedrock-training", Description="Bedrock jobs", VpcId=vpc)
