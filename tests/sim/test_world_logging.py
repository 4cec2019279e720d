"""Model invocation logging in the emulator's Bedrock: the setting distillation from logs reads."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ftui.sim.server import SimServer
from tests.sim.conftest import BUCKET, ROLE, SIGNED, client, send

S3_LOGS = {
    "s3Config": {"bucketName": BUCKET, "keyPrefix": "invocation-logs"},
    "textDataDeliveryEnabled": True,
    "imageDataDeliveryEnabled": False,
}


def test_a_region_where_logging_was_never_turned_on_has_no_setting(sim: SimServer) -> None:
    reply = send(sim, "GET", "/logging/modelinvocations", headers=SIGNED)
    assert reply.status == 200
    assert reply.json() == {}
    answer = client(sim, "bedrock").get_model_invocation_logging_configuration()
    assert "loggingConfig" not in answer


def test_the_setting_put_is_the_setting_got_in_that_region_only(account: SimServer) -> None:
    bedrock = client(account, "bedrock")
    assert bedrock.put_model_invocation_logging_configuration(loggingConfig=S3_LOGS)
    assert bedrock.get_model_invocation_logging_configuration()["loggingConfig"] == S3_LOGS
    oregon = client(account, "bedrock", "us-west-2").get_model_invocation_logging_configuration()
    assert "loggingConfig" not in oregon


def test_a_new_setting_replaces_the_old_one_whole(account: SimServer) -> None:
    bedrock = client(account, "bedrock")
    bedrock.put_model_invocation_logging_configuration(loggingConfig=S3_LOGS)
    bedrock.put_model_invocation_logging_configuration(
        loggingConfig={"s3Config": {"bucketName": BUCKET}}
    )
    got = bedrock.get_model_invocation_logging_configuration()["loggingConfig"]
    assert got == {"s3Config": {"bucketName": BUCKET}}


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ({"s3Config": {"bucketName": "no-such-bucket"}}, "The S3 bucket no-such-bucket does not"),
        (
            {
                "cloudWatchConfig": {
                    "logGroupName": "bedrock",
                    "roleArn": f"arn:aws:iam::123456789012:role/{ROLE}",
                    "largeDataDeliveryS3Config": {"bucketName": "no-such-bucket"},
                }
            },
            "The S3 bucket no-such-bucket does not",
        ),
        (
            {
                "cloudWatchConfig": {
                    "logGroupName": "bedrock",
                    "roleArn": "arn:aws:iam::123456789012:role/Nobody",
                }
            },
            "Could not assume provided IAM role arn:aws:iam::123456789012:role/Nobody",
        ),
    ],
)
def test_a_destination_that_does_not_exist_is_refused_and_nothing_changes(
    account: SimServer, config: dict[str, Any], words: str
) -> None:
    bedrock = client(account, "bedrock")
    bedrock.put_model_invocation_logging_configuration(loggingConfig=S3_LOGS)
    with pytest.raises(ClientError) as raised:
        bedrock.put_model_invocation_logging_configuration(loggingConfig=config)
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert words in raised.value.response["Error"]["Message"]
    assert bedrock.get_model_invocation_logging_configuration()["loggingConfig"] == S3_LOGS


def test_a_body_that_breaks_the_input_shape_gets_aws_words(account: SimServer) -> None:
    body = {"loggingConfig": {"s3Config": {"bucketName": "ab"}, "textDataDeliveryEnabled": "yes"}}
    reply = send(
        account, "PUT", "/logging/modelinvocations", json.dumps(body).encode(), headers=SIGNED
    )
    assert reply.status == 400
    assert reply.headers["x-amzn-errortype"] == "ValidationException"
    message = reply.json()["message"]
    assert message.startswith("2 validation errors detected:")
    assert "at 'loggingConfig.s3Config.bucketName' failed to satisfy constraint" in message
    assert "at 'loggingConfig.textDataDeliveryEnabled'" in message
    missing = send(account, "PUT", "/logging/modelinvocations", b"{}", headers=SIGNED)
    assert "Value null at 'loggingConfig' failed" in missing.json()["message"]
    answer = client(account, "bedrock").get_model_invocation_logging_configuration()
    assert "loggingConfig" not in answer
