"""An emulator per test, on a hand-driven clock, with a small account to run jobs in."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from ftui.sim.server import SimServer

BUCKET = "ftui-tests"
ROLE = "BedrockCustomization"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "bedrock.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def records(count: int) -> bytes:
    line = {
        "schemaVersion": "bedrock-conversation-2024",
        "messages": [
            {"role": "user", "content": [{"text": "hi"}]},
            {"role": "assistant", "content": [{"text": "hello"}]},
        ],
    }
    return ("\n".join(json.dumps(line) for _ in range(count)) + "\n").encode()


def client(sim: SimServer, service: str, region: str = "us-east-1") -> Any:
    return boto3.client(
        service,
        endpoint_url=sim.endpoint_url,
        region_name=region,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


@pytest.fixture
def account(sim: SimServer) -> SimServer:
    """A bucket with a training and a validation set, and a role Bedrock may assume."""
    s3 = client(sim, "s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="data/train.jsonl", Body=records(1000))
    s3.put_object(Bucket=BUCKET, Key="data/validation.jsonl", Body=records(100))
    client(sim, "iam").create_role(RoleName=ROLE, AssumeRolePolicyDocument=json.dumps(TRUST))
    return sim


@pytest.fixture
def bedrock(account: SimServer) -> Any:
    return client(account, "bedrock")
