"""The demo account's names: what tests, benchmarks and the demo itself refer to."""

from __future__ import annotations

import json
from typing import Any

ACCOUNT = "123456789012"
DATA_BUCKET = "ftui-demo-data"
OUTPUT_BUCKET = "ftui-demo-output"
LOGS_BUCKET = "ftui-demo-invocation-logs"
# An output bucket in another region than the jobs: what a pre-flight check stops.
OREGON_OUTPUT_BUCKET = "ftui-demo-output-oregon"
OREGON = "us-west-2"
# Where the account's model invocation logging (us-east-1) writes, and distillation reads from.
LOGS_PREFIX = "support-app"
ROLE_NAME = "BedrockCustomizationRole"
UNTRUSTED_ROLE_NAME = "DataScienceEC2Role"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/{ROLE_NAME}"
UNTRUSTED_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/{UNTRUSTED_ROLE_NAME}"
# Trusts Bedrock from any account (no aws:SourceAccount condition): the confused deputy.
UNCONDITIONED_ROLE_NAME = "LegacyBedrockFineTuneRole"
UNCONDITIONED_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/{UNCONDITIONED_ROLE_NAME}"
# Trusts Bedrock, and may read none of the data.
NO_ACCESS_ROLE_NAME = "BedrockBatchInferenceRole"
NO_ACCESS_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/{NO_ACCESS_ROLE_NAME}"
# The rest of the data-science team's roles, under their path: (name, trusted service).
TEAM_PATH = "/data-science/"
TEAM_ROLES = (
    ("NotebookRole", "sagemaker.amazonaws.com"),
    ("GlueETLRole", "glue.amazonaws.com"),
    ("PipelineRole", "states.amazonaws.com"),
    ("FeatureStoreIngestRole", "lambda.amazonaws.com"),
    ("MLflowTrackingRole", "ec2.amazonaws.com"),
    ("RedshiftAnalyticsRole", "redshift.amazonaws.com"),
)
GRADER_NAME = "math-answer-grader"
GRADER_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{GRADER_NAME}"
GRADER_ROLE_NAME = "GraderLambdaRole"
KMS_ALIAS = "alias/ftui-demo-models"
REGIONS = ("us-east-1", "us-west-2")


def trust(service: str, *, any_account: bool = False) -> str:
    """A trust policy letting ``service`` assume a role for this account only, or for any."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
    }
    if not any_account:
        statement["Condition"] = {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})
