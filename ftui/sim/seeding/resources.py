"""The demo account's resources: buckets and data, roles, a network and a key, the grader.

Everything is made through the emulator's public API (boto3 against its endpoint), as a user
would make it on AWS.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from ftui.sim.datasets import DATASETS
from ftui.sim.seeding.names import (
    ACCOUNT,
    DATA_BUCKET,
    GRADER_NAME,
    GRADER_ROLE_NAME,
    KMS_ALIAS,
    LOGS_BUCKET,
    OUTPUT_BUCKET,
    ROLE_NAME,
    UNTRUSTED_ROLE_NAME,
    trust,
)
from ftui.sim.server import SimServer

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
    """The data, output and invocation-log buckets, with the data sets and a few days of logs."""
    s3 = _client(sim, "s3")
    for bucket in (DATA_BUCKET, OUTPUT_BUCKET, LOGS_BUCKET):
        s3.create_bucket(Bucket=bucket)
    for key, data in DATASETS.items():
        s3.put_object(Bucket=DATA_BUCKET, Key=key, Body=data)
    for day in range(3):
        s3.put_object(
            Bucket=LOGS_BUCKET,
            Key=f"support-app/2026/11/{20 + day:02d}/invocations.json.gz",
            Body=b"{}",
        )


def seed_roles(sim: SimServer) -> None:
    """The service role Bedrock may assume, one it may not, and the grader's."""
    iam = _client(sim, "iam")
    iam.create_role(
        RoleName=ROLE_NAME,
        AssumeRolePolicyDocument=trust("bedrock.amazonaws.com"),
        Description="Lets Bedrock read training data and write job output",
    )
    iam.put_role_policy(
        RoleName=ROLE_NAME,
        PolicyName="s3-data",
        PolicyDocument=json.dumps(
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
        ),
    )
    iam.create_role(
        RoleName=UNTRUSTED_ROLE_NAME, AssumeRolePolicyDocument=trust("ec2.amazonaws.com")
    )
    iam.create_role(
        RoleName=GRADER_ROLE_NAME, AssumeRolePolicyDocument=trust("lambda.amazonaws.com")
    )


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
