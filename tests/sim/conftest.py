"""An emulator per test, on a hand-driven clock, with a small account to run jobs in."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any, Protocol

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


# --- plain HTTP, as a script or a broken client speaks to the emulator --------------------------

SIGNED = {
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20261102/us-east-1/bedrock/aws4_request,"
    " SignedHeaders=host;x-amz-date, Signature=0123456789abcdef"
}


class Reachable(Protocol):
    """An emulator as a client knows it: where it listens."""

    @property
    def port(self) -> int: ...

    @property
    def endpoint_url(self) -> str: ...


@dataclass(frozen=True)
class Remote:
    """An emulator in another process."""

    port: int

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def send(
    sim: Reachable,
    method: str,
    path: str,
    body: bytes | None = None,
    *,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Reply:
    """One request, headers exactly as given (Content-Length too: it may be a lie)."""
    connection = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=timeout)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        given = headers or {}
        for name, value in given.items():
            connection.putheader(name, value)
        if body is not None and not {"Content-Length", "Transfer-Encoding"} & set(given):
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return Reply(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        )
    finally:
        connection.close()


def control(sim: Reachable, method: str, path: str, payload: Any = None) -> Reply:
    """A call to the emulator's own ``/_ftui/`` endpoints."""
    body = None if payload is None else json.dumps(payload).encode()
    return send(
        sim, method, path, body, headers={"Content-Type": "application/json"} if body else {}
    )
