"""bedrock-runtime in the emulator: a fine-tuned model answers what it was trained on, its base
model generically, through Converse, ConverseStream and the AWS CLI."""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ftui.sim.bedrock.model import ACCOUNT_ID, CustomModel, SimDeployment, SimThroughput
from ftui.sim.datasets import DATASETS
from ftui.sim.runtime.answers import tokens
from ftui.sim.runtime.recall import closest, examples
from ftui.sim.runtime.routes import NO_PACING, Pacing
from ftui.sim.server import SimServer
from tests.shape_check import shape_problems, unknown_members
from tests.sim.conftest import SIGNED

REGION = "us-east-1"
BASE = "amazon.nova-micro-v1:0"
SUPPORT_MODEL = "support-bot-micro-v3"  # trained on support/train.jsonl (ftui/sim/datasets.py)
TRAINED_RESET = "Open Settings, choose Security, then Reset password."
AWS = str(Path(sys.executable).parent / "aws")


@pytest.fixture(autouse=True)
def unpaced(world: SimServer) -> Iterator[SimServer]:
    """Answers at once: the pacing a terminal needs would only slow the tests."""
    before = world.stream_pacing
    world.stream_pacing = NO_PACING
    yield world
    world.stream_pacing = before


def runtime(world: SimServer, region: str = REGION) -> Any:
    # One attempt: botocore retries ModelNotReadyException, and the answer is what is tested.
    return boto3.client(
        "bedrock-runtime",
        endpoint_url=world.endpoint_url,
        region_name=region,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def model_named(world: SimServer, name: str = SUPPORT_MODEL) -> CustomModel:
    with world.bedrock.exclusive():
        world.bedrock.advance()
        return world.bedrock.region(REGION).models[name]


def _new_id() -> str:
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(12))


def deploy(world: SimServer, model: CustomModel, status: str = "Active") -> str:
    """A custom model deployment in ``status``, put straight into the region's state."""
    arn = f"arn:aws:bedrock:{REGION}:{ACCOUNT_ID}:custom-model-deployment/{_new_id()}"
    now = world.now()
    ready = now if status == "Active" else now + timedelta(days=30)
    with world.bedrock.exclusive():
        world.bedrock.region(REGION).deployments[arn] = SimDeployment(
            arn, f"try-{arn[-6:]}", model, now, ready, status=status
        )
    return arn


def provision(world: SimServer, model: CustomModel, status: str) -> str:
    arn = f"arn:aws:bedrock:{REGION}:{ACCOUNT_ID}:provisioned-model/{_new_id()}"
    now = world.now()
    ready = now if status == "InService" else now + timedelta(days=30)
    with world.bedrock.exclusive():
        world.bedrock.region(REGION).throughputs[arn] = SimThroughput(
            arn, f"pt-{arn[-6:]}", model, 1, now, ready, status=status
        )
    return arn


def ask(text: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": [{"text": text}]}]


def converse(world: SimServer, model_id: str, text: str, **more: Any) -> dict[str, Any]:
    """Converse, its answer checked against botocore's output shape, as sent and as parsed."""
    client = runtime(world)
    bodies: list[bytes] = []
    client.meta.events.register(
        "after-call", lambda http_response, **_: bodies.append(http_response.content)
    )
    answer: dict[str, Any] = client.converse(modelId=model_id, messages=ask(text), **more)
    answer.pop("ResponseMetadata")
    shape = client.meta.service_model.operation_model("Converse").output_shape
    assert shape_problems(shape, answer) == []
    assert unknown_members(shape, json.loads(bodies[-1])) == []
    return answer


def text_of(answer: dict[str, Any]) -> str:
    return "".join(block["text"] for block in answer["output"]["message"]["content"])


def refusal(world: SimServer, model_id: str, messages: Any = None, **more: Any) -> ClientError:
    with pytest.raises(ClientError) as caught:
        runtime(world).converse(modelId=model_id, messages=messages or ask("Hello?"), **more)
    return caught.value


def code(error: ClientError) -> tuple[str, int]:
    return error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]


# --- what the models say ------------------------------------------------------------------------


def test_the_fine_tuned_support_bot_gives_its_trained_answer_and_its_base_a_generic_one(
    world: SimServer,
) -> None:
    deployment = deploy(world, model_named(world))
    custom = converse(world, deployment, "How do I reset my password?")
    base = converse(world, BASE, "How do I reset my password?")

    assert text_of(custom) == TRAINED_RESET
    assert "Settings, choose Security" not in text_of(base)
    assert "I don't have details about your account" in text_of(base)
    assert "to reset your password" in text_of(base)  # about the question, from its side
    for answer in (custom, base):
        assert answer["stopReason"] == "end_turn"
        assert answer["output"]["message"]["role"] == "assistant"
        usage = answer["usage"]
        assert usage["totalTokens"] == usage["inputTokens"] + usage["outputTokens"]
        assert usage["outputTokens"] == tokens(text_of(answer))  # one token per 4 characters
        assert usage["inputTokens"] == tokens("How do I reset my password?")


@pytest.mark.parametrize(
    ("question", "trained"),
    [
        ("I forgot my password. How can I reset it?", TRAINED_RESET),
        ("how do i RESET my password (ticket 9)", TRAINED_RESET),
        ("Where's my order #77?", "Open Orders and choose the order to see its tracking link."),
        ("Is it possible to export invoices?", "Yes: Billing, then Invoices, then Export as CSV."),
    ],
)
def test_a_paraphrase_gets_the_closest_trained_answer(
    world: SimServer, question: str, trained: str
) -> None:
    deployment = deploy(world, model_named(world))
    assert text_of(converse(world, deployment, question)) == trained


def test_answers_are_deterministic_and_a_question_unlike_any_trained_one_is_answered_generically(
    world: SimServer,
) -> None:
    deployment = deploy(world, model_named(world))
    first = text_of(converse(world, deployment, "What is the capital of France?"))
    assert first == text_of(converse(world, deployment, "What is the capital of France?"))
    assert "I don't have details" in first


def test_provisioned_throughput_in_service_answers_as_the_custom_model(world: SimServer) -> None:
    throughput = provision(world, model_named(world), "InService")
    assert text_of(converse(world, throughput, "How do I reset my password?")) == TRAINED_RESET


def test_a_custom_model_whose_training_file_is_gone_answers_generically(world: SimServer) -> None:
    model = model_named(world)
    request = {**model.job.request, "trainingDataConfig": {"s3Uri": "s3://ftui-demo-data/gone"}}
    lost = dataclasses.replace(
        model,
        arn=model.arn.rsplit("/", 1)[0] + "/lostlostlost",
        job=dataclasses.replace(model.job, request=request),
    )
    answer = text_of(converse(world, deploy(world, lost), "How do I reset my password?"))
    assert answer.startswith("I don't have details")


def test_max_tokens_cuts_the_answer_at_a_word(world: SimServer) -> None:
    whole = text_of(converse(world, BASE, "Can I change my plan?"))
    cut = converse(world, BASE, "Can I change my plan?", inferenceConfig={"maxTokens": 12})
    assert cut["stopReason"] == "max_tokens"
    assert cut["usage"]["outputTokens"] <= 12
    assert whole.startswith(text_of(cut)) and whole[len(text_of(cut))] == " "
    assert len(text_of(cut)) > 30  # about 12 tokens, not a word or two


def test_a_system_prompt_is_read_and_counted(world: SimServer) -> None:
    system = [{"text": "You are a concise support agent."}]
    answer = converse(world, BASE, "Where is my order?", system=system)
    assert answer["usage"]["inputTokens"] == tokens(system[0]["text"]) + tokens(
        "Where is my order?"
    )


@pytest.mark.parametrize(
    "model_id",
    [
        BASE,
        "us.amazon.nova-micro-v1:0",
        f"arn:aws:bedrock:{REGION}::foundation-model/{BASE}",
        f"arn:aws:bedrock:{REGION}:{ACCOUNT_ID}:inference-profile/us.{BASE}",
        "us.amazon.nova-premier-v1:0",  # a teacher served through its profile only
    ],
)
def test_a_base_model_is_reached_by_its_id_its_arn_or_its_inference_profile(
    world: SimServer, model_id: str
) -> None:
    assert "I don't have details" in text_of(converse(world, model_id, "Can I change my plan?"))


def test_the_training_examples_of_each_format_are_recalled() -> None:
    summaries = examples(DATASETS["summaries/train.jsonl"])  # prompt/completion, "#12" noise
    assert len(summaries) == 6  # the six distinct questions, their numbers ignored
    found = closest(summaries, "why did my card get declined")
    assert found is not None and found.answer.startswith("Your bank refused the charge")
    tickets = examples(DATASETS["tickets/train.jsonl"])  # Claude's plain-string content
    assert {e.answer for e in tickets} <= {"billing", "account", "shipping", "product"}
    assert examples(b'{"broken\n[1, 2]\n{"messages": "no"}\n') == ()


# --- what is refused ----------------------------------------------------------------------------


def test_a_deployment_still_creating_is_not_ready(world: SimServer) -> None:
    error = refusal(world, deploy(world, model_named(world), "Creating"))
    assert code(error) == ("ModelNotReadyException", 429)
    assert "Creating" in str(error) and "Active" in str(error)


def test_a_failed_deployment_and_a_throughput_still_creating_are_refused(
    world: SimServer,
) -> None:
    assert code(refusal(world, deploy(world, model_named(world), "Failed")))[0] == (
        "ValidationException"
    )
    creating = refusal(world, provision(world, model_named(world), "Creating"))
    assert code(creating) == ("ModelNotReadyException", 429)
    assert "InService" in str(creating)


def test_a_custom_model_arn_is_refused_saying_it_needs_a_deployment(world: SimServer) -> None:
    error = refusal(world, model_named(world).arn)
    assert code(error) == ("ValidationException", 400)
    message = error.response["Error"]["Message"]
    assert "custom model deployment" in message and "Provisioned Throughput" in message


@pytest.mark.parametrize(
    ("model_id", "expected", "words"),
    [
        ("nope.unknown-model-v1", "ValidationException", "The provided model identifier is"),
        ("amazon.nova-micro-v1:0:128k", "ValidationException", "on-demand throughput"),
        ("amazon.nova-canvas-v1:0", "ValidationException", "supported text or chat model"),
        ("amazon.nova-premier-v1:0", "ValidationException", "inference profile"),
        (
            f"arn:aws:bedrock:{REGION}:{ACCOUNT_ID}:custom-model-deployment/aaaaaaaaaaaa",
            "ResourceNotFoundException",
            "was not found",
        ),
        (
            f"arn:aws:bedrock:{REGION}:{ACCOUNT_ID}:provisioned-model/aaaaaaaaaaaa",
            "ResourceNotFoundException",
            "was not found",
        ),
        ("bad model id!", "ValidationException", "at 'modelId'"),
    ],
)
def test_a_model_nobody_serves_is_refused_as_aws_refuses_it(
    world: SimServer, model_id: str, expected: str, words: str
) -> None:
    error = refusal(world, model_id)
    assert code(error)[0] == expected
    assert words in error.response["Error"]["Message"]


@pytest.mark.parametrize(
    ("messages", "words"),
    [
        (
            [{"role": "assistant", "content": [{"text": "Hi"}]}],
            "A conversation must start with a user message.",
        ),
        (
            [*ask("Hi"), *ask("Anyone?")],
            "A conversation must alternate between user and assistant roles.",
        ),
        (ask("   "), "The text field in the ContentBlock object at messages.0.content.0 is blank"),
        ([{"role": "user", "content": []}], "The content field in the Message object at"),
        ([{"role": "robot", "content": [{"text": "x"}]}], "Member must satisfy enum value set"),
        ([], "The messages field is empty"),
    ],
)
def test_a_malformed_conversation_is_a_validation_exception(
    world: SimServer, messages: list[dict[str, Any]], words: str
) -> None:
    with pytest.raises(ClientError) as caught:
        _post(world, "converse", {"messages": messages})
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert words in caught.value.response["Error"]["Message"]


def test_max_tokens_below_one_breaks_the_shape(world: SimServer) -> None:
    with pytest.raises(ClientError) as caught:
        _post(world, "converse", {"messages": ask("Hi"), "inferenceConfig": {"maxTokens": 0}})
    assert "at 'inferenceConfig.maxTokens'" in caught.value.response["Error"]["Message"]


def _post(world: SimServer, action: str, body: dict[str, Any], model_id: str = BASE) -> Any:
    """A POST to the runtime as a script sends it, which boto3 would not have checked first;
    an error as the ClientError boto3 would raise."""
    request = urllib.request.Request(
        f"{world.endpoint_url}/model/{model_id}/{action}",
        data=json.dumps(body).encode(),
        headers={**SIGNED, "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:
        response = {
            "Error": {
                "Code": error.headers.get("x-amzn-ErrorType"),
                "Message": json.loads(error.read())["message"],
            },
            "ResponseMetadata": {"HTTPStatusCode": error.code},
        }
        raise ClientError(response, action) from None


def test_an_operation_not_simulated_is_501_not_implemented(world: SimServer) -> None:
    with pytest.raises(ClientError) as caught:
        runtime(world).invoke_model(modelId=BASE, body=b"{}")
    assert code(caught.value) == ("NotImplemented", 501)
    assert "Converse" in str(caught.value)


# --- the call log and faults --------------------------------------------------------------------


def test_runtime_calls_are_logged_and_faulted_as_bedrock_runtime(world: SimServer) -> None:
    converse(world, BASE, "Where is my order?")
    assert world.calls.entries()[-1] == {
        "service": "bedrock-runtime",
        "operation": "Converse",
        "region": REGION,
    }
    with world.fault("throttle:bedrock-runtime"):
        assert code(refusal(world, BASE))[0] == "ThrottlingException"
        # The control plane, signed for the same name, is another service.
        boto3.client(
            "bedrock",
            endpoint_url=world.endpoint_url,
            region_name=REGION,
            aws_access_key_id="test",
            aws_secret_access_key="test",
        ).list_custom_models()
    with world.fault("5xx=503:ConverseStream"):
        with pytest.raises(ClientError) as caught:
            runtime(world).converse_stream(modelId=BASE, messages=ask("Hi"))
        assert code(caught.value) == ("ServiceUnavailableException", 503)


# --- ConverseStream -----------------------------------------------------------------------------


def stream_events(world: SimServer, model_id: str, text: str, **more: Any) -> list[Any]:
    """ConverseStream's events as botocore parses them, each checked against its shape."""
    client = runtime(world)
    response = client.converse_stream(modelId=model_id, messages=ask(text), **more)
    assert response["ResponseMetadata"]["HTTPHeaders"]["content-type"] == (
        "application/vnd.amazon.eventstream"
    )
    output = client.meta.service_model.operation_model("ConverseStream").output_shape
    union = output.members["stream"]
    events = list(response["stream"])
    for event in events:
        ((name, payload),) = event.items()
        assert shape_problems(union.members[name], payload, name) == []
    return events


def test_the_stream_says_the_same_answer_in_events_botocore_reads(world: SimServer) -> None:
    deployment = deploy(world, model_named(world))
    events = stream_events(world, deployment, "How do I reset my password?")
    names = [next(iter(event)) for event in events]
    deltas = [e["contentBlockDelta"] for e in events if "contentBlockDelta" in e]

    assert names[0] == "messageStart" and events[0]["messageStart"]["role"] == "assistant"
    assert names[-3:] == ["contentBlockStop", "messageStop", "metadata"]
    assert set(names[1:-3]) == {"contentBlockDelta"} and len(deltas) > 1  # a few words each
    assert all(d["contentBlockIndex"] == 0 for d in deltas)
    assert "".join(d["delta"]["text"] for d in deltas) == TRAINED_RESET
    assert events[-2]["messageStop"]["stopReason"] == "end_turn"
    usage = events[-1]["metadata"]["usage"]
    assert usage["outputTokens"] == tokens(TRAINED_RESET)
    assert events[-1]["metadata"]["metrics"]["latencyMs"] >= 0


def test_the_stream_honours_max_tokens(world: SimServer) -> None:
    events = stream_events(world, BASE, "Can I change my plan?", inferenceConfig={"maxTokens": 8})
    assert events[-2]["messageStop"]["stopReason"] == "max_tokens"
    assert events[-1]["metadata"]["usage"]["outputTokens"] <= 8


def test_a_stream_refused_before_it_starts_is_a_json_error(world: SimServer) -> None:
    with pytest.raises(ClientError) as caught:
        runtime(world).converse_stream(
            modelId=deploy(world, model_named(world), "Creating"), messages=ask("Hi")
        )
    assert code(caught.value) == ("ModelNotReadyException", 429)


def test_the_stream_is_paced_in_real_time(world: SimServer) -> None:
    world.stream_pacing = Pacing(first=0.3, between=0.02)
    client = runtime(world)
    started = time.monotonic()
    stream = client.converse_stream(modelId=BASE, messages=ask("Hi"))["stream"]
    arrived = [(time.monotonic() - started, event) for event in stream]
    first_text = next(at for at, event in arrived if "contentBlockDelta" in event)
    deltas = sum("contentBlockDelta" in event for _, event in arrived)
    assert first_text >= 0.3
    assert arrived[-1][0] >= 0.3 + 0.02 * (deltas - 1)
    assert arrived[-1][0] - first_text > 0.1  # the text came over time, not in one piece


# --- the AWS CLI --------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_aws_cli_converses_with_a_deployed_custom_model(world: SimServer) -> None:
    deployment = deploy(world, model_named(world))
    done = subprocess.run(
        [
            AWS,
            "bedrock-runtime",
            "converse",
            "--model-id",
            deployment,
            "--messages",
            json.dumps(ask("How do I reset my password?")),
            "--output",
            "json",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **world.environment()},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["output"]["message"]["content"] == [{"text": TRAINED_RESET}]
    assert answer["stopReason"] == "end_turn"
