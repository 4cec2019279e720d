"""The demo's job requests: the seeded job history and the sample profiles' drafts.

The history is backdated so it has jobs in every state with realistic times; its names, times
and requests are what snapshot tests show, so change them only with those.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ftui.sim.seeding.names import (
    DATA_BUCKET,
    GRADER_ARN,
    LOGS_BUCKET,
    LOGS_PREFIX,
    OUTPUT_BUCKET,
    ROLE_ARN,
)


def uri(key: str, bucket: str = DATA_BUCKET) -> str:
    return f"s3://{bucket}/{key}"


def job_request(
    name: str,
    model_name: str,
    base: str,
    training: str,
    *,
    kind: str = "FINE_TUNING",
    validation: str | None = None,
    hyper: dict[str, Any] | None = None,
    output: str = uri("jobs/", OUTPUT_BUCKET),
    role: str = ROLE_ARN,
    **extra: Any,
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "jobName": name,
        "customModelName": model_name,
        "roleArn": role,
        "baseModelIdentifier": base,
        "customizationType": kind,
        "trainingDataConfig": {"s3Uri": uri(training)},
        "outputDataConfig": {"s3Uri": output},
        "jobTags": [
            {"key": "team", "value": "ml-platform"},
            {"key": "cost-center", "value": "4711"},
        ],
    }
    if validation:
        request["validationDataConfig"] = {"validators": [{"s3Uri": uri(validation)}]}
    if hyper:
        request["hyperParameters"] = hyper
    request.update(extra)
    return request


def distillation_request(name: str, model_name: str, *, from_logs: bool) -> dict[str, Any]:
    request = job_request(
        name,
        model_name,
        "amazon.nova-micro-v1:0:128k" if not from_logs else "amazon.nova-lite-v1:0:300k",
        "distill/prompts.jsonl",
        kind="DISTILLATION",
        customizationConfig={
            "distillationConfig": {
                "teacherModelConfig": {
                    "teacherModelIdentifier": "amazon.nova-pro-v1:0",
                    "maxResponseLengthForInference": 1000,
                }
            }
        },
    )
    if from_logs:
        request["trainingDataConfig"] = {
            "invocationLogsConfig": {
                "usePromptResponse": False,
                "invocationLogSource": {"s3Uri": uri(f"{LOGS_PREFIX}/", LOGS_BUCKET)},
                "requestMetadataFilters": {"equals": {"project": "support-bot"}},
            }
        }
    return request


def rft_request(name: str, model_name: str) -> dict[str, Any]:
    return job_request(
        name,
        model_name,
        "amazon.nova-2-lite-v1:0:256k",
        "rft/math-prompts.jsonl",
        kind="REINFORCEMENT_FINE_TUNING",
        customizationConfig={
            "rftConfig": {
                "graderConfig": {"lambdaGrader": {"lambdaArn": GRADER_ARN}},
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
    )


@dataclass(frozen=True)
class SeededJob:
    region: str
    hours_ago: float
    request: dict[str, Any]
    stop_after_hours: float | None = None


def demo_jobs() -> list[SeededJob]:
    nova = "amazon.nova-micro-v1:0:128k"
    lite = "amazon.nova-lite-v1:0:300k"
    hyper = {"epochCount": "2", "learningRate": "0.00001", "learningRateWarmupSteps": "10"}
    return [
        SeededJob(
            "us-east-1",
            52,
            job_request(
                "support-bot-nova-micro-ft-003",
                "support-bot-micro-v3",
                nova,
                "support/train.jsonl",
                validation="support/validation.jsonl",
                hyper=hyper,
            ),
        ),
        # The same data and settings as ft-003 but five epochs: 400 records seen five times
        # are learnt by heart, so its validation loss turns up after epoch two and ends
        # higher. The pair to compare.
        SeededJob(
            "us-east-1",
            50,
            job_request(
                "support-bot-nova-micro-ft-003-5-epochs",
                "support-bot-micro-v3-5-epochs",
                nova,
                "support/train.jsonl",
                validation="support/validation.jsonl",
                hyper={**hyper, "epochCount": "5"},
            ),
        ),
        SeededJob(
            "us-east-1",
            30,
            job_request(
                "titan-docs-cpt-001",
                "titan-docs-cpt-v1",
                "amazon.titan-text-express-v1:0:8k",
                "docs/corpus.jsonl",
                kind="CONTINUED_PRE_TRAINING",
                hyper={"epochCount": "1", "batchSize": "1", "learningRate": "0.00001"},
            ),
        ),
        SeededJob(
            "us-east-1",
            27,
            job_request(
                "support-bot-nova-lite-ft-bad-data",
                "support-bot-lite-bad",
                lite,
                "broken/train-bad-json.jsonl",
                hyper=hyper,
            ),
        ),
        SeededJob(
            "us-east-1",
            26,
            job_request(
                "churn-explainer-ft-missing-data", "churn-explainer-v1", nova, "churn/train.jsonl"
            ),
        ),
        SeededJob(
            "us-east-1",
            22,
            distillation_request(
                "nova-lite-distill-from-logs", "nova-lite-distilled-v1", from_logs=True
            ),
        ),
        SeededJob(
            "us-east-1",
            20,
            job_request(
                "nova-lite-ft-experiment-7",
                "nova-lite-exp-7",
                lite,
                "support/train-large.jsonl",
                validation="support/validation.jsonl",
                hyper={"epochCount": "3", "learningRate": "0.00005"},
            ),
            stop_after_hours=1.6,
        ),
        SeededJob(
            "us-east-1",
            9,
            job_request(
                "nova-pro-ft-no-output-bucket",
                "nova-pro-support-v1",
                "amazon.nova-pro-v1:0:300k",
                "support/train.jsonl",
                output="s3://ftui-demo-missing-bucket/out/",
            ),
        ),
        SeededJob(
            "us-east-1",
            2.5,
            job_request(
                "support-bot-nova-micro-ft-004",
                "support-bot-micro-v4",
                nova,
                "support/train-large.jsonl",
                validation="support/validation.jsonl",
                hyper={
                    "epochCount": "3",
                    "learningRate": "0.00001",
                    "learningRateWarmupSteps": "20",
                },
            ),
        ),
        # Nova Pro on 6,000 records for five epochs: a day of training, started an hour
        # ago, so the demo (an hour a minute) shows its loss curves growing for half an hour.
        SeededJob(
            "us-east-1",
            1.5,
            job_request(
                "support-bot-nova-pro-ft-001",
                "support-bot-pro-v1",
                "amazon.nova-pro-v1:0:300k",
                "support/train-large.jsonl",
                validation="support/validation.jsonl",
                hyper={"epochCount": "5", "learningRate": "0.00001"},
            ),
        ),
        SeededJob("us-east-1", 1.4, rft_request("nova2-math-rft-001", "nova2-math-rft-v1")),
        SeededJob(
            "us-east-1",
            0.25,
            job_request(
                "titan-docs-cpt-002",
                "titan-docs-cpt-v2",
                "amazon.titan-text-express-v1:0:8k",
                "docs/corpus.jsonl",
                kind="CONTINUED_PRE_TRAINING",
                hyper={"epochCount": "2", "batchSize": "1", "learningRate": "0.00001"},
            ),
        ),
        SeededJob(
            "us-east-1",
            0.05,
            distillation_request(
                "nova-micro-distill-from-pro", "nova-micro-distilled-v2", from_logs=False
            ),
        ),
        SeededJob(
            "us-west-2",
            75,
            job_request(
                "ticket-classifier-haiku-ft-002",
                "ticket-classifier-haiku-v2",
                "anthropic.claude-3-haiku-20240307-v1:0:200k",
                "tickets/train.jsonl",
                validation="tickets/validation.jsonl",
                hyper={"epochCount": "2", "batchSize": "32", "learningRateMultiplier": "1"},
            ),
        ),
        SeededJob(
            "us-west-2",
            1.2,
            job_request(
                "legal-summarizer-llama31-8b-ft",
                "legal-summarizer-8b-v1",
                "meta.llama3-1-8b-instruct-v1:0:128k",
                "summaries/train.jsonl",
                validation="summaries/validation.jsonl",
                hyper={"epochCount": "3", "batchSize": "1", "learningRate": "0.0001"},
            ),
        ),
    ]
