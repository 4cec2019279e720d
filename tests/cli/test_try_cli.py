"""`ftui try`: a deployed custom model answers, streamed, beside its base model when asked."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import boto3
import pytest

from ftui.sim.runtime.routes import NO_PACING
from ftui.sim.server import SimServer
from tests.cli.test_safety_cli import run

MODEL = "support-bot-micro-v3"  # trained on support/train.jsonl
DEPLOYMENT = "try-support-bot"
QUESTION = "How do I reset my password?"
TRAINED_RESET = "Open Settings, choose Security, then Reset password."
GENERIC = "I don't have details about your account"


def _bedrock(sim: SimServer) -> Any:
    return boto3.client("bedrock", endpoint_url=sim.endpoint_url, region_name="us-east-1")


@pytest.fixture
def deployed(aws_env: SimServer, monkeypatch: pytest.MonkeyPatch) -> SimServer:
    """The support bot deployed on demand and Active; answers streamed at once."""
    monkeypatch.setattr(aws_env, "stream_pacing", NO_PACING)
    client = _bedrock(aws_env)
    names = [
        d["customModelDeploymentName"]
        for d in client.list_custom_model_deployments()["modelDeploymentSummaries"]
    ]
    if DEPLOYMENT not in names:
        arn = client.get_custom_model(modelIdentifier=MODEL)["modelArn"]
        client.create_custom_model_deployment(modelDeploymentName=DEPLOYMENT, modelArn=arn)
        aws_env.advance(600)
    return aws_env


def test_the_trained_answer_streams_then_its_tokens_and_latency(
    deployed: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "try", MODEL, QUESTION)
    assert code == 0, err
    assert out == TRAINED_RESET + "\n"
    usage = f"{MODEL} (deployment {DEPLOYMENT}): 7 tokens in, 13 tokens out; latency"
    assert usage in err and " ms (answered in " in err


def test_base_answers_the_same_prompt_under_its_own_heading(
    deployed: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "try", MODEL, QUESTION, "--base")
    assert code == 0, err
    custom, base = out.split("\n== Nova Micro (amazon.nova-micro-v1:0) ==\n")
    assert custom == f"== {MODEL} (deployment {DEPLOYMENT}) ==\n{TRAINED_RESET}\n"
    assert GENERIC in base and TRAINED_RESET not in base
    usage = [line for line in err.splitlines() if " tokens in, " in line]
    assert [line.split(":")[0] for line in usage] == [
        f"{MODEL} (deployment {DEPLOYMENT})",
        "Nova Micro (amazon.nova-micro-v1",
    ]


def test_a_deployment_named_directly_answers_as_its_model(
    deployed: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "try", DEPLOYMENT, QUESTION)
    assert (code, out) == (0, TRAINED_RESET + "\n")


def test_a_model_served_by_provisioned_throughput_answers_through_it(
    deployed: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "try", "support-bot-micro-v3-5-epochs", QUESTION)
    assert code == 0, err
    assert "provisioned throughput support-bot-micro-v3-5-epochs-pt" in err
    assert out.strip()


def test_json_holds_both_replies_once_they_are_whole(
    deployed: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "try", MODEL, QUESTION, "--json")
    assert code == 0
    alone = json.loads(out)
    assert alone["base"] is None
    assert set(alone["model"]) == {
        "modelId",
        "text",
        "stopReason",
        "inputTokens",
        "outputTokens",
        "latencyMs",
        "firstTextAfter",
        "took",
    }
    assert (alone["model"]["text"], alone["model"]["stopReason"]) == (TRAINED_RESET, "end_turn")
    assert ":custom-model-deployment/" in alone["model"]["modelId"]

    code, out, _ = run(capsys, "try", MODEL, QUESTION, "--json", "--base")
    both = json.loads(out)
    assert both["base"]["modelId"] == "amazon.nova-micro-v1:0"
    assert GENERIC in both["base"]["text"]


def test_the_prompt_comes_from_stdin_with_a_dash_and_max_tokens_cuts_the_answer(
    deployed: SimServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(QUESTION + "\n"))
    code, out, _ = run(capsys, "try", MODEL, "-", "--max-tokens", "3", "--json")
    assert code == 0
    reply = json.loads(out)["model"]
    assert reply["inputTokens"] == 7 and reply["outputTokens"] <= 3  # cut at a word
    assert reply["stopReason"] == "max_tokens"
    assert TRAINED_RESET.startswith(reply["text"])


def test_a_model_nothing_serves_is_not_deployed_exit_1(
    deployed: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "try", "titan-docs-cpt-v1", QUESTION)
    assert (code, out) == (1, "")
    assert "titan-docs-cpt-v1 is not deployed: ftui deploy titan-docs-cpt-v1" in err


def test_a_deployment_still_creating_says_so(
    deployed: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    client = _bedrock(deployed)
    arn = client.get_custom_model(modelIdentifier="support-bot-micro-v3-5-epochs")["modelArn"]
    client.create_custom_model_deployment(modelDeploymentName="try-creating", modelArn=arn)
    code, out, err = run(capsys, "try", "try-creating", QUESTION)
    assert (code, out) == (1, "")
    assert "try-creating is Creating; it answers once it is Active" in err


def test_nothing_by_that_name_exits_3(
    deployed: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "try", "no-such-model", QUESTION)
    assert (code, out) == (3, "")
    assert "no custom model, deployment or Provisioned Throughput 'no-such-model'" in err


def test_read_only_mode_lets_a_model_be_asked(
    deployed: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--read-only", "try", MODEL, QUESTION)
    assert (code, out) == (0, TRAINED_RESET + "\n")


def test_a_refused_answer_is_awss_words_and_exit_3(
    deployed: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with deployed.fault("access-denied:ConverseStream"):
        code, out, err = run(capsys, "try", MODEL, QUESTION)
    assert code == 3 and out.strip() == ""
    assert "error: support-bot-micro-v3 (deployment try-support-bot): AccessDeniedException" in err


def test_an_answer_cut_by_max_tokens_says_so_beside_its_tokens(
    deployed: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "try", MODEL, QUESTION, "--max-tokens", "3")
    assert code == 0 and TRAINED_RESET.startswith(out.strip())
    assert "cut: max_tokens" in err
