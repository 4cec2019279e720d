"""The demo account's names: what tests, benchmarks and the demo itself refer to."""

from __future__ import annotations

import json

ACCOUNT = "123456789012"
DATA_BUCKET = "ftui-demo-data"
OUTPUT_BUCKET = "ftui-demo-output"
LOGS_BUCKET = "ftui-demo-invocation-logs"
# An output bucket in another region than the jobs: what a pre-flight check stops.
OREGON_OUTPUT_BUCKET = "ftui-demo-output-oregon"
OREGON = "us-west-2"
# Where the account's model invocation logging writes, and distillation reads from.
LOGS_PREFIX = "support-app/"
ROLE_NAME = "BedrockCustomizationRole"
UNTRUSTED_ROLE_NAME = "DataScienceEC2Role"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/{ROLE_NAME}"
UNTRUSTED_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/{UNTRUSTED_ROLE_NAME}"
GRADER_NAME = "math-answer-grader"
GRADER_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{GRADER_NAME}"
GRADER_ROLE_NAME = "GraderLambdaRole"
KMS_ALIAS = "alias/ftui-demo-models"
REGIONS = ("us-east-1", "us-west-2")


def trust(service: str) -> str:
    """A trust policy letting ``service`` assume a role for this account only."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": service},
                    "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
                }
            ],
        }
    )
