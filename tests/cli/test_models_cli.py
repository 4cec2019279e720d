"""`ftui models`, `ftui deploy`, `ftui deployments` and `ftui undeploy` against the demo account:
what the jobs made, serving it, and cleaning up."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from ftui.core.aws.policy import mutates
from ftui.sim.runtime.routes import NO_PACING
from ftui.sim.server import SimServer
from tests.cli.test_safety_cli import run

V4 = "support-bot-micro-v4"  # Nova Micro, trained 2.5 hours before the demo starts
# Another Nova Micro model nothing serves at first (V4 is deleted by the user's path).
SPARE = "nova-micro-distilled-v2"
TRAINED_RESET = "Open Settings, choose Security, then Reset password."  # support/train.jsonl


def _bedrock(sim: SimServer, region: str = "us-east-1") -> Any:
    return boto3.client("bedrock", endpoint_url=sim.endpoint_url, region_name=region)


# The demo's jobs of the last hours whose models the tests use, and their regions.
RECENT_JOBS = {
    "support-bot-nova-micro-ft-004": "us-east-1",  # V4
    "nova-micro-distill-from-pro": "us-east-1",  # SPARE
    "titan-docs-cpt-002": "us-east-1",
    "legal-summarizer-llama31-8b-ft": "us-west-2",
}


@pytest.fixture
def trained(aws_env: SimServer, monkeypatch: pytest.MonkeyPatch) -> SimServer:
    """The demo account once its jobs of the last hours have made their models; answers
    streamed at once (the pacing a terminal needs would only slow the tests)."""
    monkeypatch.setattr(aws_env, "stream_pacing", NO_PACING)
    for job, region in RECENT_JOBS.items():
        client = _bedrock(aws_env, region)
        for _ in range(48):  # hours: a job that never ends fails the test, not hangs it
            if client.get_model_customization_job(jobIdentifier=job)["status"] != "InProgress":
                break
            aws_env.advance(3600)
    return aws_env


def _deployment(sim: SimServer, name: str) -> dict[str, Any] | None:
    try:
        return dict(_bedrock(sim).get_custom_model_deployment(customModelDeploymentIdentifier=name))
    except _bedrock(sim).exceptions.ResourceNotFoundException:
        return None


def _model_exists(sim: SimServer, name: str) -> bool:
    try:
        _bedrock(sim).get_custom_model(modelIdentifier=name)
    except _bedrock(sim).exceptions.ResourceNotFoundException:
        return False
    return True


def _mutations(sim: SimServer) -> list[str]:
    return [
        c["operation"] for c in sim.calls.entries() if c["operation"] and mutates(c["operation"])
    ]


@pytest.fixture
def advance_when(trained: SimServer) -> Iterator[Callable[[Callable[[], bool]], None]]:
    """Call with a condition: once it holds, the clock moves 10 minutes, enough for a
    deployment to be made or updated. In a thread, as the command waits."""
    threads: list[threading.Thread] = []
    over = threading.Event()

    def start(condition: Callable[[], bool]) -> None:
        def advance_when_true() -> None:
            deadline = time.monotonic() + 30  # never hang the suite: fail instead
            while not condition() and time.monotonic() < deadline:
                if over.wait(0.05):
                    return
            trained.advance(600)

        thread = threading.Thread(target=advance_when_true)
        thread.start()
        threads.append(thread)

    yield start
    over.set()
    for thread in threads:
        thread.join()


def _polled_after(sim: SimServer, operation: str) -> Callable[[], bool]:
    """Whether ftui has read a deployment since ``operation`` (the call log holds only ftui's
    calls since the test cleared it): its wait has seen the state before the change."""

    def polled() -> bool:
        received = [c["operation"] for c in sim.calls.entries()]
        if operation not in received:
            return False
        after = received[len(received) - received[::-1].index(operation) :]
        return "GetCustomModelDeployment" in after

    return polled


# --- the user's path ----------------------------------------------------------------------------


def test_list_shows_the_support_bot_models_and_what_serves_them(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "models", "list")
    assert code == 0, err
    header, *lines = out.splitlines()
    assert header.split() == ["NAME", "BASE", "CREATED", "STATUS", "SERVING", "JOB", "REGION"]
    rows = {line.split()[0]: line.split() for line in lines}
    assert rows["nova-lite-distilled-v1"][6:8] == ["deployed", "nova-lite-distill-from-logs"]
    assert rows["support-bot-micro-v3-5-epochs"][6] == "provisioned"
    assert rows[SPARE][1:3] == ["Nova", "Micro"] and rows[SPARE][5] == "Active"


def test_list_json_has_a_stable_shape(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "models", "list", "--json")
    assert code == 0
    models = {m["name"]: m for m in json.loads(out)}
    lite = models["nova-lite-distilled-v1"]
    assert set(lite) == {
        "name",
        "arn",
        "region",
        "base",
        "customizationType",
        "status",
        "created",
        "jobName",
        "jobArn",
        "kmsKeyArn",
        "tags",
        "serving",
    }
    assert lite["serving"] == [
        {
            "kind": "deployment",
            "name": "nova-lite-distilled-live",
            "arn": lite["serving"][0]["arn"],
            "status": "Active",
        }
    ]
    assert (lite["base"], lite["jobName"], lite["region"]) == (
        "Nova Lite",
        "nova-lite-distill-from-logs",
        "us-east-1",
    )
    assert lite["created"].startswith("20")


def _rows(shown: str) -> list[tuple[str, str]]:
    """The label and value of each line of `models show` under a section title."""
    pairs = [re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in shown.splitlines()]
    return [(p[0], p[1]) for p in pairs if len(p) == 2]


def test_show_describes_a_model_its_job_data_metrics_and_what_serves_it(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "models", "show", "support-bot-micro-v3")
    assert code == 0, err
    rows = _rows(out)
    assert ("Base model", "Nova Micro (amazon.nova-micro-v1:0:128k)") in rows
    assert ("Validation 1", "s3://ftui-demo-data/support/validation.jsonl") in rows
    assert ("epochCount", "2") in rows and "Final metrics" in out.splitlines()
    assert any(label == "On demand" and value.startswith("offered") for label, value in rows)
    code, out, err = run(capsys, "models", "show", "nova-lite-distilled-v1")
    assert ("Deployment", "nova-lite-distilled-live (Active)") in _rows(out)
    code, out, _ = run(capsys, "models", "show", "support-bot-micro-v3", "--json")
    shown = json.loads(out)
    assert set(shown) == {"region", "model", "serving", "onDemand", "tags"}
    assert shown["model"]["modelName"] == "support-bot-micro-v3"
    assert shown["onDemand"] == {"offered": True, "reason": None}


def test_show_finds_a_model_by_name_in_any_watched_region(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "models", "show", "legal-summarizer-8b-v1", "--json", "--region", "us-east-1",
        "--region", "us-west-2",
    )  # fmt: skip
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["region"], shown["onDemand"]["offered"]) == ("us-west-2", False)
    assert "served with Provisioned Throughput" in shown["onDemand"]["reason"]


def test_a_model_not_found_exits_3_saying_where_ftui_looked(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "models", "show", "no-such-model", "--region", "us-east-1", "--region", "us-west-2"
    )
    assert (code, out) == (3, "")
    assert "no custom model 'no-such-model' in us-east-1, us-west-2" in err


def test_the_users_path_deploy_wait_try_against_the_base_undeploy_delete(
    trained: SimServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    advance_when: Callable[[Callable[[], bool]], None],
) -> None:
    """Deploy on demand and wait for it; try it beside its base; a served model cannot be
    deleted, the refusal naming what serves it; once undeployed it can."""
    monkeypatch.setenv("FTUI_REFRESH_INTERVAL", "2")
    trained.calls.clear()
    advance_when(_polled_after(trained, "CreateCustomModelDeployment"))
    code, out, err = run(capsys, "deploy", V4, "--name", "path-bot", "--yes", "--wait")
    made = _deployment(trained, "path-bot")
    assert code == 0, err
    assert made is not None and out.strip() == made["customModelDeploymentArn"]
    assert "billed by its tokens" in err and "Creating -> Active" in err
    assert made["status"] == "Active"

    code, out, err = run(capsys, "try", V4, "How do I reset my password?", "--base")
    assert code == 0, err
    trained_part, base_part = out.split("== Nova Micro (amazon.nova-micro-v1:0) ==")
    assert trained_part.startswith(f"== {V4} (deployment path-bot) ==")
    assert TRAINED_RESET in trained_part
    assert "I don't have details about your account" in base_part
    assert TRAINED_RESET not in base_part

    code, out, err = run(capsys, "models", "delete", V4, "--yes")
    assert (code, out) == (1, "")
    assert "in use by deployment path-bot (Active)" in err and "ftui undeploy path-bot" in err
    assert _model_exists(trained, V4)

    code, out, err = run(capsys, "undeploy", "path-bot", "--yes")
    assert (code, out.strip()) == (0, made["customModelDeploymentArn"])
    assert _deployment(trained, "path-bot") is None

    code, out, err = run(capsys, "models", "delete", V4, "--yes")
    assert code == 0, err
    assert f"deleted {V4}" in err and not _model_exists(trained, V4)


def test_a_model_served_by_a_throughput_is_not_deleted_either(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "models", "delete", "support-bot-micro-v3-5-epochs", "--yes")
    assert (code, out) == (1, "")
    assert "in use by provisioned throughput support-bot-micro-v3-5-epochs-pt (InService)" in err
    assert "ftui undeploy support-bot-micro-v3-5-epochs-pt" in err
    assert _model_exists(trained, "support-bot-micro-v3-5-epochs")


def test_deploy_names_default_to_the_models_and_a_second_run_makes_nothing_new(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, first, err = run(capsys, "deploy", SPARE, "--yes")
    assert code == 0, err
    assert _deployment(trained, f"{SPARE}-live") is not None
    code, again, err = run(capsys, "deploy", SPARE, "--yes")
    assert (code, again) == (0, first) and f"already serves {SPARE}" in err


def test_a_name_serving_another_model_is_replaced_only_when_asked(
    trained: SimServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    advance_when: Callable[[Callable[[], bool]], None],
) -> None:
    monkeypatch.setenv("FTUI_REFRESH_INTERVAL", "2")
    trained.calls.clear()
    advance_when(_polled_after(trained, "CreateCustomModelDeployment"))
    code, arn, err = run(capsys, "deploy", "support-bot-micro-v3", "--name", "swap-bot", "--yes",
                         "--wait")  # fmt: skip
    assert code == 0, err
    code, out, err = run(capsys, "deploy", SPARE, "--name", "swap-bot", "--yes")
    assert (code, out) == (1, "")
    assert "swap-bot serves support-bot-micro-v3" in err and "--replace" in err

    trained.calls.clear()
    advance_when(_polled_after(trained, "UpdateCustomModelDeployment"))
    code, out, err = run(
        capsys, "deploy", SPARE, "--name", "swap-bot", "--replace", "--yes", "--wait"
    )
    assert (code, out) == (0, arn), err
    assert "Updating -> UpdateCompleted" in err
    spare = _bedrock(trained).get_custom_model(modelIdentifier=SPARE)["modelArn"]
    assert (_deployment(trained, "swap-bot") or {})["modelArn"] == spare


def test_ctrl_c_stops_waiting_with_130_and_leaves_the_deployment(
    trained: SimServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FTUI_REFRESH_INTERVAL", "2")
    before = signal.getsignal(signal.SIGINT)

    def press_ctrl_c() -> None:
        while signal.getsignal(signal.SIGINT) is before:  # until the command listens for it
            threading.Event().wait(0.02)
        os.kill(os.getpid(), signal.SIGINT)

    pressing = threading.Thread(target=press_ctrl_c)
    pressing.start()
    code, out, err = run(capsys, "deploy", SPARE, "--name", "waited-bot", "--yes", "--wait")
    pressing.join()
    assert code == 130 and "Traceback" not in err
    assert out.strip() == (_deployment(trained, "waited-bot") or {})["customModelDeploymentArn"]
    assert "stopped waiting; it goes on" in err
    assert signal.getsignal(signal.SIGINT) is before


# --- models that are not deployed on demand -----------------------------------------------------


@pytest.mark.parametrize(
    ("model", "region", "base"),
    [
        ("titan-docs-cpt-v1", "us-east-1", "Titan Text G1 Express"),
        ("legal-summarizer-8b-v1", "us-west-2", "Llama 3.1 8B Instruct"),
    ],
)
def test_a_model_not_offered_on_demand_says_why_and_how_provisioned_serves_it(
    model: str, region: str, base: str, trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    trained.calls.clear()
    code, out, err = run(capsys, "--region", region, "deploy", model, "--yes")
    assert (code, out) == (1, "")
    assert f"models of {base} are served with Provisioned Throughput" in err
    assert f"ftui deploy {model} --provisioned" in err
    assert _mutations(trained) == []


def test_provisioned_throughput_says_its_billing_even_with_yes(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, arn, err = run(capsys, "deploy", "titan-docs-cpt-v1", "--provisioned", "--units", "2",
                         "--commitment", "6-months", "--name", "titan-pt", "--yes")  # fmt: skip
    assert code == 0, err
    assert "2 model units x 730 h = 1,460 model-unit hours a month" in err
    assert "A six-month commitment" in err and "cannot be deleted before about" in err
    assert "https://aws.amazon.com/bedrock/pricing/" in err
    throughput = _bedrock(trained).get_provisioned_model_throughput(provisionedModelId="titan-pt")
    assert throughput["provisionedModelArn"] == arn.strip()
    assert (throughput["modelUnits"], throughput["commitmentDuration"]) == (2, "SixMonths")

    code, out, err = run(capsys, "deployments", "list")
    line = next(x for x in out.splitlines() if " titan-pt " in x)
    assert line.split()[:4] == ["provisioned", "titan-pt", "titan-docs-cpt-v1", "Creating"]

    code, out, err = run(capsys, "undeploy", "titan-pt", "--yes")
    assert (code, out) == (3, ""), "a committed throughput: AWS refuses"
    assert "not undeployed: ValidationException" in err and "SixMonths commitment" in err


def test_deployments_list_json_has_both_kinds(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "deployments", "list", "--json")
    assert code == 0
    entries = {e["name"]: e for e in json.loads(out)}
    live, pt = entries["nova-lite-distilled-live"], entries["support-bot-micro-v3-5-epochs-pt"]
    assert (live["kind"], live["modelName"], live["modelUnits"]) == (
        "deployment",
        "nova-lite-distilled-v1",
        None,
    )
    assert (pt["kind"], pt["status"], pt["modelUnits"]) == (
        "provisioned throughput",
        "InService",
        1,
    )
    assert set(live) == set(pt) == {
        "kind", "name", "arn", "region", "status", "modelArn", "modelName", "created",
        "modelUnits", "commitmentDuration", "commitmentExpirationTime",
    }  # fmt: skip


# --- refusals -----------------------------------------------------------------------------------


def test_a_bad_name_names_the_field_and_its_rule_and_sends_nothing(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    trained.calls.clear()
    code, out, err = run(capsys, "deploy", SPARE, "--name", "my bot!", "--yes")
    assert (code, out) == (2, "")
    assert "modelDeploymentName: must start with a letter or digit" in err
    assert _mutations(trained) == []


def test_read_only_refuses_deploy_undeploy_and_delete_sending_nothing(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    trained.calls.clear()
    for words in (
        ["deploy", SPARE, "--yes"],
        ["deploy", "titan-docs-cpt-v1", "--provisioned", "--yes"],
        ["undeploy", "nova-lite-distilled-live", "--yes"],
        ["models", "delete", "titan-docs-cpt-v2", "--yes"],
    ):
        code, out, err = run(capsys, "--read-only", *words)
        assert (code, out) == (2, ""), words
        assert "read-only mode (--read-only)" in err and "so it was not sent" in err
    assert _mutations(trained) == []
    assert _deployment(trained, "nova-lite-distilled-live") is not None


def test_delete_refuses_to_guess_when_what_serves_the_model_cannot_be_read(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with trained.fault("5xx:ListProvisionedModelThroughputs"):
        code, out, err = run(capsys, "models", "delete", "titan-docs-cpt-v2", "--yes")
    assert (code, out) == (3, "")
    assert "whether anything serves titan-docs-cpt-v2 is unknown" in err
    assert _model_exists(trained, "titan-docs-cpt-v2")


def test_delete_asks_and_a_script_without_yes_deletes_nothing(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "models", "delete", "titan-docs-cpt-v2")
    assert (code, out) == (2, "")
    assert "cannot be undone" in err and "pass --yes" in err
    assert _model_exists(trained, "titan-docs-cpt-v2")


def test_a_lost_answer_to_deploy_is_looked_up_not_reported_as_a_failure(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with trained.fault("drop=after:CreateCustomModelDeployment"):
        code, out, err = run(capsys, "deploy", "support-bot-micro-v3", "--name", "lost-bot",
                             "--yes")  # fmt: skip
    assert code == 0, err
    assert out.strip() == (_deployment(trained, "lost-bot") or {})["customModelDeploymentArn"]


def test_a_lost_answer_to_a_throughput_is_looked_up_too(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with trained.fault("drop=after:CreateProvisionedModelThroughput"):
        code, out, err = run(capsys, "deploy", "titan-docs-cpt-v1", "--provisioned", "--name",
                             "lost-pt", "--yes")  # fmt: skip
    assert code == 0, err
    bought = _bedrock(trained).get_provisioned_model_throughput(provisionedModelId="lost-pt")
    assert out.strip() == bought["provisionedModelArn"]
    assert run(capsys, "undeploy", "lost-pt", "--yes")[0] == 0


def test_undeploy_of_nothing_exits_3_saying_where_it_looked(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "undeploy", "no-such-bot", "--yes")
    assert (code, out) == (3, "")
    assert "no deployment or Provisioned Throughput 'no-such-bot' in us-east-1" in err


def test_a_model_not_active_yet_is_not_deployed_either_way(
    trained: SimServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    model = trained.bedrock.region("us-east-1").models["titan-docs-cpt-v2"]
    monkeypatch.setattr(model, "status", "Creating")
    trained.calls.clear()
    for way in ([], ["--provisioned"]):
        code, out, err = run(capsys, "deploy", "titan-docs-cpt-v2", *way, "--yes")
        assert (code, out) == (1, "")
        assert "titan-docs-cpt-v2 is Creating; it can be served once it is Active" in err
        assert "--provisioned" not in err
    assert _mutations(trained) == []


def test_tags_and_a_description_go_with_the_deployment(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, arn, err = run(capsys, "deploy", SPARE, "--name", "tagged-bot", "--tag", "team=support",
                         "--tag", "cost=", "--description", "for the help desk", "--yes")  # fmt: skip
    assert code == 0, err
    assert (_deployment(trained, "tagged-bot") or {})["description"] == "for the help desk"
    tags = _bedrock(trained).list_tags_for_resource(resourceARN=arn.strip())["tags"]
    assert tags == [{"key": "team", "value": "support"}, {"key": "cost", "value": ""}]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_provisioned_throughput_is_asked_for_after_its_billing_and_a_no_buys_nothing(
    trained: SimServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(question: str) -> str:
        asked.append(capsys.readouterr().err)  # what was said before the question
        return "n"

    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr("builtins.input", answer)
    trained.calls.clear()
    code, out, err = run(capsys, "deploy", "titan-docs-cpt-v1", "--provisioned", "--units", "3")
    assert (code, out) == (2, "") and "not deployed" in err
    assert "3 model units x 730 h" in asked[0] and "No commitment" in asked[0]
    assert _mutations(trained) == []


def test_a_throughput_serving_another_model_is_repointed_only_when_asked(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's throughput of the 5-epoch model can serve the 2-epoch one: same ARN, units
    and commitment, so its callers and its bill stay as they are."""
    pt = "support-bot-micro-v3-5-epochs-pt"
    code, out, err = run(capsys, "deploy", "support-bot-micro-v3", "--provisioned", "--name", pt,
                         "--yes")  # fmt: skip
    assert (code, out) == (1, "")
    assert f"{pt} serves support-bot-micro-v3-5-epochs" in err and "--replace" in err

    code, out, err = run(capsys, "deploy", "support-bot-micro-v3", "--provisioned", "--name", pt,
                         "--replace", "--yes")  # fmt: skip
    assert code == 0, err
    assert "its hourly billing does not change" in err
    throughput = _bedrock(trained).get_provisioned_model_throughput(provisionedModelId=pt)
    v3 = _bedrock(trained).get_custom_model(modelIdentifier="support-bot-micro-v3")["modelArn"]
    assert out.strip() == throughput["provisionedModelArn"]
    assert (throughput["status"], throughput["desiredModelArn"]) == ("Updating", v3)
    assert throughput["modelUnits"] == 1


def test_a_throughput_is_named_as_the_tui_names_it(
    trained: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, arn, err = run(capsys, "deploy", "titan-docs-cpt-v1", "--provisioned", "--yes")
    assert code == 0, err
    pt = _bedrock(trained).get_provisioned_model_throughput(
        provisionedModelId="titan-docs-cpt-v1-pt"
    )
    assert pt["provisionedModelArn"] == arn.strip()
    assert run(capsys, "undeploy", "titan-docs-cpt-v1-pt", "--yes")[0] == 0
