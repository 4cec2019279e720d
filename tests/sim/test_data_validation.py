"""A demo job on broken data fails its validation stage as on AWS, with AWS's words.

The emulator's validation stage runs the same checker as ``ftui data check``, for the job's
base model and kind.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from ftui.sim.datasets import DATASETS
from ftui.sim.server import SimServer

ROLE = "arn:aws:iam::123456789012:role/BedrockCustomizationRole"
DATA = "s3://ftui-demo-data"
NOVA = "amazon.nova-micro-v1:0:128k"
TITAN = "amazon.titan-text-express-v1:0:8k"
NOVA_2 = "amazon.nova-2-lite-v1:0:256k"
LLAMA = "meta.llama3-1-8b-instruct-v1:0:128k"
GRADER = "arn:aws:lambda:us-east-1:123456789012:function:math-answer-grader"
UNPARSABLE = "Unable to parse Amazon S3 file: {}. Data files must conform to JSONL format."


def bedrock(world: SimServer, region: str) -> Any:
    return boto3.client(
        "bedrock",
        endpoint_url=world.endpoint_url,
        region_name=region,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def validate(
    world: SimServer,
    name: str,
    model: str,
    key: str,
    *,
    kind: str = "FINE_TUNING",
    validation: str | None = None,
    region: str = "us-east-1",
) -> dict[str, Any]:
    """Create a job on ``key`` and run the clock until its validation stage has ended."""
    client = bedrock(world, region)
    request: dict[str, Any] = {
        "jobName": name,
        "customModelName": f"{name}-model",
        "roleArn": ROLE,
        "baseModelIdentifier": model,
        "customizationType": kind,
        "trainingDataConfig": {"s3Uri": f"{DATA}/{key}"},
        "outputDataConfig": {"s3Uri": "s3://ftui-demo-output/validation-tests/"},
    }
    if kind == "DISTILLATION":
        request["customizationConfig"] = {
            "distillationConfig": {
                "teacherModelConfig": {"teacherModelIdentifier": "amazon.nova-pro-v1:0"}
            }
        }
    if kind == "REINFORCEMENT_FINE_TUNING":
        request["customizationConfig"] = {
            "rftConfig": {"graderConfig": {"lambdaGrader": {"lambdaArn": GRADER}}}
        }
    if validation:
        request["validationDataConfig"] = {"validators": [{"s3Uri": f"{DATA}/{validation}"}]}
    client.create_model_customization_job(**request)
    for _ in range(50):
        job: dict[str, Any] = client.get_model_customization_job(jobIdentifier=name)
        if job["statusDetails"]["validationDetails"]["status"] != "InProgress":
            return job
        world.advance(120)
    raise AssertionError("the validation stage never ended")


@pytest.mark.parametrize(
    ("name", "model", "key", "message"),
    [
        (
            "bad-json",
            NOVA,
            "broken/train-bad-json.jsonl",
            UNPARSABLE.format("train-bad-json.jsonl"),
        ),
        ("empty", NOVA, "broken/empty.jsonl", UNPARSABLE.format("empty.jsonl")),
        (
            "wrong-keys",
            TITAN,
            "broken/train-wrong-keys.jsonl",
            "Input data at broken/train-wrong-keys.jsonl must follow"
            ' \'{"prompt": "<input text>", "completion": "<output text>"}\' format',
        ),
        (
            "ends-with-user",
            NOVA,
            "broken/train-ends-with-user.jsonl",
            UNPARSABLE.format("train-ends-with-user.jsonl"),
        ),
        (
            "reserved-word",
            NOVA,
            "broken/train-reserved-word.jsonl",
            UNPARSABLE.format("train-reserved-word.jsonl"),
        ),
        (
            "too-few",
            NOVA,
            "broken/train-too-few.jsonl",
            "The training data has 5 records; at least 8 are required.",
        ),
        (
            "too-long",
            TITAN,
            "broken/train-too-long.jsonl",
            "Maximum input and output token count 5001 exceeds limit of 4096",
        ),
        (
            "converse-for-titan",
            TITAN,
            "support/train.jsonl",
            "Input data at support/train.jsonl must follow"
            ' \'{"prompt": "<input text>", "completion": "<output text>"}\' format',
        ),
    ],
)
def test_a_job_on_broken_data_fails_validation_with_aws_words(
    world: SimServer, name: str, model: str, key: str, message: str
) -> None:
    job = validate(world, f"broken-{name}", model, key)
    assert job["status"] == "Failed"
    assert job["statusDetails"]["validationDetails"]["status"] == "Failed"
    assert job["statusDetails"]["dataProcessingDetails"]["status"] == "NotStarted"
    assert job["failureMessage"] == message


def test_a_broken_validation_set_fails_the_job_too(world: SimServer) -> None:
    job = validate(
        world,
        "broken-validation-set",
        NOVA,
        "support/train.jsonl",
        validation="broken/train-ends-with-user.jsonl",
    )
    assert job["failureMessage"] == UNPARSABLE.format("train-ends-with-user.jsonl")


GOOD = {
    "nova": (NOVA, "support/train.jsonl", "FINE_TUNING", "support/validation.jsonl", "us-east-1"),
    "titan-cpt": (TITAN, "docs/corpus.jsonl", "CONTINUED_PRE_TRAINING", None, "us-east-1"),
    "llama": (
        LLAMA,
        "summaries/train.jsonl",
        "FINE_TUNING",
        "summaries/validation.jsonl",
        "us-west-2",
    ),
    "nova-distill": (NOVA, "distill/prompts.jsonl", "DISTILLATION", None, "us-east-1"),
}


@pytest.mark.parametrize("name", list(GOOD))
def test_a_job_on_good_data_passes_validation(world: SimServer, name: str) -> None:
    model, key, kind, validation, region = GOOD[name]
    job = validate(
        world, f"good-{name}", model, key, kind=kind, validation=validation, region=region
    )
    assert job["statusDetails"]["validationDetails"]["status"] == "Completed"
    assert "failureMessage" not in job


# --- files that break JSON readers, and a checker that breaks -----------------------------------

QA = (
    '{"schemaVersion": "bedrock-conversation-2024", "messages": [{"role": "user", "content":'
    ' [{"text": "Where is my order?"}]}, {"role": "assistant", "content": [{"text": "In Orders."}]}]}'
)


def put(world: SimServer, key: str, body: bytes) -> None:
    s3 = boto3.client(
        "s3",
        endpoint_url=world.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    s3.put_object(Bucket="ftui-demo-data", Key=key, Body=body)


def test_a_number_of_thousands_of_digits_fails_the_job_and_the_service_carries_on(
    world: SimServer,
) -> None:
    huge = QA[:-1] + ', "n": ' + "1" * 5000 + "}"
    put(world, "hostile/huge-number.jsonl", "\n".join([QA] * 8 + [huge]).encode())
    job = validate(world, "hostile-huge-number", NOVA, "hostile/huge-number.jsonl")
    assert job["failureMessage"] == UNPARSABLE.format("huge-number.jsonl")
    names = [
        summary["jobName"]
        for summary in bedrock(world, "us-east-1").list_model_customization_jobs()[
            "modelCustomizationJobSummaries"
        ]
    ]
    assert "hostile-huge-number" in names


def test_an_exception_of_the_checker_fails_that_job_not_the_service(
    world: SimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug in the checker")

    monkeypatch.setattr("ftui.sim.bedrock.effects.check_stream", broken)
    # A file of its own: one already checked (by its ETag) would not be read again.
    put(world, "hostile/checker-bug.jsonl", DATASETS["support/train.jsonl"])
    job = validate(world, "checker-bug", NOVA, "hostile/checker-bug.jsonl")
    assert (job["status"], job["failureMessage"]) == (
        "Failed",
        UNPARSABLE.format("checker-bug.jsonl"),
    )
    client = bedrock(world, "us-east-1")
    assert client.get_model_customization_job(jobIdentifier="checker-bug")["status"] == "Failed"
    assert client.list_model_customization_jobs()["modelCustomizationJobSummaries"]


def test_a_file_is_checked_once_for_its_content_and_again_once_it_changes(
    world: SimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ftui.core.dataset import check_stream as check

    checked: list[str] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        checked.append(str(kwargs.get("source")))
        return check(*args, **kwargs)

    monkeypatch.setattr("ftui.sim.bedrock.effects.check_stream", counted)
    put(world, "hostile/twice.jsonl", DATASETS["support/train.jsonl"])
    first = validate(world, "twice-1", NOVA, "hostile/twice.jsonl")
    second = validate(world, "twice-2", NOVA, "hostile/twice.jsonl")
    assert first["status"] == second["status"] != "Failed"
    assert checked == ["s3://ftui-demo-data/hostile/twice.jsonl"]
    put(world, "hostile/twice.jsonl", b"not json\n")
    third = validate(world, "twice-3", NOVA, "hostile/twice.jsonl")
    assert third["status"] == "Failed" and len(checked) == 2


def test_rft_prompts_without_ids_and_with_fields_for_the_grader_pass_validation(
    world: SimServer,
) -> None:
    prompts = [
        json.dumps(
            {
                "messages": [{"role": "user", "content": f"What is {n} * 3?"}],
                "reference_answer": {"answer": str(n * 3)},
                "difficulty": "easy",
            }
        )
        for n in range(120)
    ]
    put(world, "hostile/rft-lean.jsonl", "\n".join(prompts).encode())
    job = validate(
        world, "rft-lean", NOVA_2, "hostile/rft-lean.jsonl", kind="REINFORCEMENT_FINE_TUNING"
    )
    assert job["statusDetails"]["validationDetails"]["status"] == "Completed"
    assert "failureMessage" not in job
