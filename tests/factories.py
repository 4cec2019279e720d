"""Valid requests of every customization type, to start tests from."""

from __future__ import annotations

import copy
from typing import Any

ROLE = "arn:aws:iam::123456789012:role/BedrockCustomization"
BUCKET = "s3://ftui-tests"

_FINE_TUNING: dict[str, Any] = {
    "jobName": "support-bot-ft-001",
    "customModelName": "support-bot-v1",
    "roleArn": ROLE,
    "baseModelIdentifier": "amazon.nova-micro-v1:0:128k",
    "customizationType": "FINE_TUNING",
    "trainingDataConfig": {"s3Uri": f"{BUCKET}/data/train.jsonl"},
    "validationDataConfig": {"validators": [{"s3Uri": f"{BUCKET}/data/validation.jsonl"}]},
    "outputDataConfig": {"s3Uri": f"{BUCKET}/output/"},
    "hyperParameters": {"epochCount": "2", "learningRate": "0.00001"},
    "jobTags": [{"key": "team", "value": "ml-platform"}],
    "customModelTags": [{"key": "project", "value": "support"}],
}

_CPT: dict[str, Any] = {
    "jobName": "titan-cpt-docs",
    "customModelName": "titan-docs-cpt",
    "roleArn": ROLE,
    "baseModelIdentifier": "amazon.titan-text-express-v1:0:8k",
    "customizationType": "CONTINUED_PRE_TRAINING",
    "trainingDataConfig": {"s3Uri": f"{BUCKET}/cpt/corpus.jsonl"},
    "outputDataConfig": {"s3Uri": f"{BUCKET}/output/"},
    "hyperParameters": {"epochCount": "1", "batchSize": "1", "learningRate": "0.00001"},
}

_DISTILLATION: dict[str, Any] = {
    "jobName": "distill-nova-micro",
    "customModelName": "nova-micro-distilled",
    "roleArn": ROLE,
    "baseModelIdentifier": "amazon.nova-micro-v1:0:128k",
    "customizationType": "DISTILLATION",
    "trainingDataConfig": {
        "invocationLogsConfig": {
            "usePromptResponse": False,
            "invocationLogSource": {"s3Uri": f"{BUCKET}/invocation-logs/"},
            "requestMetadataFilters": {"equals": {"project": "support"}},
        }
    },
    "outputDataConfig": {"s3Uri": f"{BUCKET}/output/"},
    "customizationConfig": {
        "distillationConfig": {
            "teacherModelConfig": {
                "teacherModelIdentifier": "amazon.nova-pro-v1:0",
                "maxResponseLengthForInference": 1000,
            }
        }
    },
}

_RFT: dict[str, Any] = {
    "jobName": "rft-math-reasoning",
    "customModelName": "nova2-math-rft",
    "roleArn": ROLE,
    "baseModelIdentifier": "amazon.nova-2-lite-v1:0:256k",
    "customizationType": "REINFORCEMENT_FINE_TUNING",
    "trainingDataConfig": {"s3Uri": f"{BUCKET}/rft/prompts.jsonl"},
    "outputDataConfig": {"s3Uri": f"{BUCKET}/output/"},
    "customizationConfig": {
        "rftConfig": {
            "graderConfig": {
                "lambdaGrader": {
                    "lambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:math-grader"
                }
            },
            "hyperParameters": {
                "epochCount": 2,
                "batchSize": 16,
                "learningRate": 1e-05,
                "trainingSamplePerPrompt": 4,
                "reasoningEffort": "medium",
                "evalInterval": 10,
            },
        }
    },
}

KINDS = {
    "FINE_TUNING": _FINE_TUNING,
    "CONTINUED_PRE_TRAINING": _CPT,
    "DISTILLATION": _DISTILLATION,
    "REINFORCEMENT_FINE_TUNING": _RFT,
}


def valid_request(kind: str = "FINE_TUNING") -> dict[str, Any]:
    return copy.deepcopy(KINDS[kind])
