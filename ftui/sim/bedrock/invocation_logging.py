"""Model invocation logging: where a region's Bedrock writes the log of every model invocation.

It is a setting of the account in each region, not a resource: its Get answers without
``loggingConfig`` until one is put, as AWS does where logging was never turned on, and its Put
replaces it whole. Bedrock checks the destinations exist when the setting is put; the messages
are modelled on its words for the same checks elsewhere (the API reference does not give them).
"""

from __future__ import annotations

import copy
from typing import Any

from ftui.sim.bedrock.model import validation
from ftui.sim.bedrock.service import BedrockService


def get_configuration(service: BedrockService, region: str) -> dict[str, Any]:
    with service.exclusive():
        config = service.region(region).logging
    return {} if config is None else {"loggingConfig": copy.deepcopy(config)}


def put_configuration(service: BedrockService, region: str, body: dict[str, Any]) -> dict[str, Any]:
    """Replace the region's setting, once its destinations are known to exist.

    ``body`` has been checked against the operation's input shape (``loggingConfig`` is there
    and its members have their types).
    """
    config: dict[str, Any] = body["loggingConfig"]
    account = service.account
    cloudwatch = config.get("cloudWatchConfig") or {}
    buckets = [
        destination["bucketName"]
        for destination in (config.get("s3Config"), cloudwatch.get("largeDataDeliveryS3Config"))
        if destination
    ]
    for bucket in buckets:
        if not account.bucket_exists(bucket, region):
            raise validation(f"The S3 bucket {bucket} does not exist or Bedrock cannot access it.")
    if cloudwatch and not account.role_trusts_bedrock(cloudwatch["roleArn"]):
        raise validation(
            f"Could not assume provided IAM role {cloudwatch['roleArn']} to write to the log"
            f" group {cloudwatch['logGroupName']}."
        )
    with service.exclusive():
        service.region(region).logging = copy.deepcopy(config)
    return {}
