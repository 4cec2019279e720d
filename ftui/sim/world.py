"""The demo world: an account with data, roles, a network, keys, a grader and a job history.

Everything is made through the emulator's public API (boto3 against its endpoint), and the jobs
through the same CreateModelCustomizationJob path a user's go through, backdated so the history
has jobs in every state with realistic times, metrics and failure messages.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ftui.core.draft import Draft
from ftui.core.profiles import Profile, ProfileStore
from ftui.sim.bedrock.jobs import SimJob
from ftui.sim.datasets import DATASETS
from ftui.sim.server import SimServer

ACCOUNT = "123456789012"
DATA_BUCKET = "ftui-demo-data"
OUTPUT_BUCKET = "ftui-demo-output"
LOGS_BUCKET = "ftui-demo-invocation-logs"
ROLE_NAME = "BedrockCustomizationRole"
UNTRUSTED_ROLE_NAME = "DataScienceEC2Role"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/{ROLE_NAME}"
UNTRUSTED_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/{UNTRUSTED_ROLE_NAME}"
GRADER_NAME = "math-answer-grader"
GRADER_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{GRADER_NAME}"
KMS_ALIAS = "alias/ftui-demo-models"
REGIONS = ("us-east-1", "us-west-2")


def _trust(service: str) -> str:
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


# --- requests -------------------------------------------------------------------------------


def _uri(key: str, bucket: str = DATA_BUCKET) -> str:
    return f"s3://{bucket}/{key}"


def _request(
    name: str,
    model_name: str,
    base: str,
    training: str,
    *,
    kind: str = "FINE_TUNING",
    validation: str | None = None,
    hyper: dict[str, Any] | None = None,
    output: str = _uri("jobs/", OUTPUT_BUCKET),
    role: str = ROLE_ARN,
    **extra: Any,
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "jobName": name,
        "customModelName": model_name,
        "roleArn": role,
        "baseModelIdentifier": base,
        "customizationType": kind,
        "trainingDataConfig": {"s3Uri": _uri(training)},
        "outputDataConfig": {"s3Uri": output},
        "jobTags": [
            {"key": "team", "value": "ml-platform"},
            {"key": "cost-center", "value": "4711"},
        ],
    }
    if validation:
        request["validationDataConfig"] = {"validators": [{"s3Uri": _uri(validation)}]}
    if hyper:
        request["hyperParameters"] = hyper
    request.update(extra)
    return request


def _distillation_request(name: str, model_name: str, *, from_logs: bool) -> dict[str, Any]:
    request = _request(
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
                "invocationLogSource": {"s3Uri": _uri("support-app/", LOGS_BUCKET)},
                "requestMetadataFilters": {"equals": {"project": "support-bot"}},
            }
        }
    return request


def _rft_request(name: str, model_name: str) -> dict[str, Any]:
    return _request(
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


def _history() -> list[SeededJob]:
    nova = "amazon.nova-micro-v1:0:128k"
    lite = "amazon.nova-lite-v1:0:300k"
    hyper = {"epochCount": "2", "learningRate": "0.00001", "learningRateWarmupSteps": "10"}
    return [
        SeededJob(
            "us-east-1",
            52,
            _request(
                "support-bot-nova-micro-ft-003",
                "support-bot-micro-v3",
                nova,
                "support/train.jsonl",
                validation="support/validation.jsonl",
                hyper=hyper,
            ),
        ),
        SeededJob(
            "us-east-1",
            30,
            _request(
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
            _request(
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
            _request(
                "churn-explainer-ft-missing-data", "churn-explainer-v1", nova, "churn/train.jsonl"
            ),
        ),
        SeededJob(
            "us-east-1",
            22,
            _distillation_request(
                "nova-lite-distill-from-logs", "nova-lite-distilled-v1", from_logs=True
            ),
        ),
        SeededJob(
            "us-east-1",
            20,
            _request(
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
            _request(
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
            _request(
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
        SeededJob("us-east-1", 1.4, _rft_request("nova2-math-rft-001", "nova2-math-rft-v1")),
        SeededJob(
            "us-east-1",
            0.25,
            _request(
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
            _distillation_request(
                "nova-micro-distill-from-pro", "nova-micro-distilled-v2", from_logs=False
            ),
        ),
        SeededJob(
            "us-west-2",
            75,
            _request(
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
            _request(
                "legal-summarizer-llama31-8b-ft",
                "legal-summarizer-8b-v1",
                "meta.llama3-1-8b-instruct-v1:0:128k",
                "summaries/train.jsonl",
                validation="summaries/validation.jsonl",
                hyper={"epochCount": "3", "batchSize": "1", "learningRate": "0.0001"},
            ),
        ),
    ]


# --- seeding --------------------------------------------------------------------------------


def seed_world(sim: SimServer) -> None:
    """Make the demo account in ``sim``: resources first, then the job history."""
    clients = {
        name: sim.account.client(name, "us-east-1")
        for name in ("s3", "iam", "kms", "ec2", "lambda")
    }
    s3, iam = clients["s3"], clients["iam"]
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
    iam.create_role(
        RoleName=ROLE_NAME,
        AssumeRolePolicyDocument=_trust("bedrock.amazonaws.com"),
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
        RoleName=UNTRUSTED_ROLE_NAME, AssumeRolePolicyDocument=_trust("ec2.amazonaws.com")
    )
    iam.create_role(
        RoleName="GraderLambdaRole", AssumeRolePolicyDocument=_trust("lambda.amazonaws.com")
    )
    key = clients["kms"].create_key(Description="ftui demo: custom model encryption")
    clients["kms"].create_alias(AliasName=KMS_ALIAS, TargetKeyId=key["KeyMetadata"]["KeyId"])
    ec2 = clients["ec2"]
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
    clients["lambda"].create_function(
        FunctionName=GRADER_NAME,
        Runtime="python3.12",
        Role=f"arn:aws:iam::{ACCOUNT}:role/GraderLambdaRole",
        Handler="grader.handler",
        Code={"ZipFile": _grader_zip()},
        Timeout=300,
        Description="Scores math answers against the reference answer",
    )
    _seed_jobs(sim)


def _seed_jobs(sim: SimServer) -> None:
    with sim.bedrock.exclusive():  # the clock must not tick a backdated job past its stop
        now = sim.clock.now()
        for seeded in sorted(_history(), key=lambda s: -s.hours_ago):
            at = now - timedelta(hours=seeded.hours_ago)
            body = {**seeded.request, "clientRequestToken": f"demo-{seeded.request['jobName']}"}
            sim.bedrock.create_job(seeded.region, body, at=at)
            if seeded.stop_after_hours is not None:
                stop_at = at + timedelta(hours=seeded.stop_after_hours)
                sim.bedrock.stop_job_at(seeded.region, seeded.request["jobName"], stop_at)
        sim.bedrock.advance()


def seed_profiles(store: ProfileStore) -> None:
    """Sample profiles, one of each kind and a draft still in progress; existing ones are kept."""
    nova = "amazon.nova-micro-v1:0:128k"
    samples = [
        Profile(
            "nova-support-bot",
            Draft(
                _request(
                    "support-bot-nova-micro-ft-005",
                    "support-bot-micro-v5",
                    nova,
                    "support/train.jsonl",
                    validation="support/validation.jsonl",
                    hyper={"epochCount": 2, "learningRate": 1e-05, "learningRateWarmupSteps": 10},
                )
            ),
            description="Support answers on Nova Micro, from the support transcripts",
            region="us-east-1",
        ),
        Profile(
            "titan-docs-cpt",
            Draft(
                _request(
                    "titan-docs-cpt-003",
                    "titan-docs-cpt-v3",
                    "amazon.titan-text-express-v1:0:8k",
                    "docs/corpus.jsonl",
                    kind="CONTINUED_PRE_TRAINING",
                    hyper={"epochCount": 1, "batchSize": 1, "learningRate": 1e-05},
                )
            ),
            description="Continued pre-training of Titan Express on the product docs",
            region="us-east-1",
        ),
        Profile(
            "distill-nova-micro",
            Draft(
                _distillation_request(
                    "nova-micro-distill-003", "nova-micro-distilled-v3", from_logs=False
                )
            ),
            description="Nova Pro teaches Nova Micro the support answers",
            region="us-east-1",
        ),
        Profile(
            "rft-math-grader",
            Draft(_rft_request("nova2-math-rft-002", "nova2-math-rft-v2")),
            description="Reinforcement fine-tuning of Nova 2 Lite, graded by a Lambda",
            region="us-east-1",
        ),
        Profile(
            "draft-haiku-classifier",
            Draft(
                {
                    "jobName": "ticket classifier",
                    "baseModelIdentifier": "anthropic.claude-3-haiku-20240307-v1:0:200k",
                    "hyperParameters": {"epochCount": 12},
                }
            ),
            description="Unfinished: the job name has a space and 12 epochs is too many",
            region="us-west-2",
        ),
    ]
    existing = {entry.name for entry in store.list()}
    for profile in samples:
        if profile.name not in existing:
            store.save(profile)


def history(count: int, region: str = "us-east-1", *, end: datetime | None = None) -> list[SimJob]:
    """``count`` finished jobs over the last 90 days (80% completed, 15% failed, 5% stopped)."""
    end = end or datetime.now(UTC)
    rng = random.Random(count)
    models = (
        "amazon.nova-micro-v1:0:128k",
        "amazon.nova-lite-v1:0:300k",
        "amazon.nova-pro-v1:0:300k",
    )
    jobs = []
    for index in range(count):
        created = end - timedelta(minutes=rng.uniform(60, 90 * 24 * 60))
        model = rng.choice(models)
        job_id = f"{index:012d}"
        name = f"history-{index:05d}"
        job = SimJob(
            arn=f"arn:aws:bedrock:{region}:{ACCOUNT}:model-customization-job/{model}/{job_id}",
            name=name,
            job_id=job_id,
            region=region,
            request=_request(name, f"{name}-model", model, "support/train.jsonl"),
            base_model_id=model,
            base_model_arn=f"arn:aws:bedrock:{region}::foundation-model/{model}",
            created=created,
            seed=index,
        )
        roll = rng.random()
        status = "Completed" if roll < 0.8 else "Failed" if roll < 0.95 else "Stopped"
        steps = [created + timedelta(minutes=m) for m in (5, 15, rng.uniform(50, 400))]
        job.stages["validationDetails"].move("InProgress", created)
        job.stages["validationDetails"].move(
            "Failed" if status == "Failed" else "Completed", steps[0]
        )
        if status != "Failed":
            job.stages["dataProcessingDetails"].move("InProgress", steps[0])
            job.stages["dataProcessingDetails"].move("Completed", steps[1])
            job.stages["trainingDetails"].move("InProgress", steps[1])
            job.stages["trainingDetails"].move(status, steps[2])
        job.status = status
        job.end_time = steps[0] if status == "Failed" else steps[2]
        job.last_modified = job.end_time
        if status == "Failed":
            job.failure = (
                "Unable to parse Amazon S3 file: train.jsonl. Data files must conform to JSONL"
                " format."
            )
        jobs.append(job)
    return jobs
