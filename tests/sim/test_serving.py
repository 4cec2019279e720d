"""After the job, through boto3 and the AWS CLI: deploy a custom model on demand or buy it
Provisioned Throughput, watch either come up on the clock, and delete a model only once
nothing serves it. Every answer is checked against botocore's output shape."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import botocore.session
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError

import ftui.sim.bedrock.deployments as deployments_module
from ftui.core.catalog import load_catalog
from ftui.sim.server import SimServer
from tests.factories import valid_request
from tests.shape_check import shape_problems, unknown_members
from tests.sim.conftest import SIGNED, client, send
from tests.sim.test_bedrock import error_of, run_until_done
from tests.sim.test_cli_and_demo import aws

MODEL = botocore.session.get_session().get_service_model("bedrock")
MINUTE = 60
NOVA_MICRO = "amazon.nova-micro-v1:0:128k"


def pattern_of(shape: str, member: str) -> str:
    found: str = MODEL.shape_for(shape).members[member].metadata["pattern"]
    return found


def answered(sim: SimServer, operation: str, region: str = "us-east-1", **params: Any) -> Any:
    """Call ``operation``; assert it succeeds with the status botocore's model gives it and
    that its answer fits the output shape, no member missing or unknown."""
    aws = client(sim, "bedrock", region)
    bodies: list[bytes] = []
    aws.meta.events.register(
        "after-call", lambda http_response, **_: bodies.append(http_response.content)
    )
    answer = getattr(aws, xform_name(operation))(**params)
    model = MODEL.operation_model(operation)
    assert answer.pop("ResponseMetadata")["HTTPStatusCode"] == model.http["responseCode"]
    shape = model.output_shape
    if shape is not None:
        assert shape_problems(shape, answer) == [], operation
        assert unknown_members(shape, json.loads(bodies[-1])) == [], operation
    return answer


def trained(sim: SimServer, bedrock: Any, job: str, model: str) -> str:
    """A finished fine-tuning job's custom model: its ARN."""
    request = {**valid_request(), "jobName": job, "customModelName": model}
    bedrock.create_model_customization_job(**request)
    arn: str = run_until_done(sim, bedrock, job, step=3600)["outputModelArn"]
    return arn


@pytest.fixture
def model_arn(sim: SimServer, bedrock: Any) -> str:
    return trained(sim, bedrock, "support-bot-ft-001", "support-bot-v1")


def deploy(sim: SimServer, name: str, model: str, **extra: Any) -> str:
    answer = answered(
        sim, "CreateCustomModelDeployment", modelDeploymentName=name, modelArn=model, **extra
    )
    arn: str = answer["customModelDeploymentArn"]
    return arn


def provision(sim: SimServer, name: str, model: str, **extra: Any) -> str:
    answer = answered(
        sim,
        "CreateProvisionedModelThroughput",
        provisionedModelName=name,
        modelId=model,
        modelUnits=1,
        **extra,
    )
    arn: str = answer["provisionedModelArn"]
    return arn


def deployment_status(bedrock: Any, name: str) -> str:
    found: str = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=name)["status"]
    return found


# --- deployments: the lifecycle ---------------------------------------------------------------


def test_a_deployment_is_creating_for_eight_minutes_then_active(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    arn = deploy(sim, "support-live", model_arn)  # 202, as botocore's model says
    assert re.fullmatch(
        r"arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/[a-z0-9]{12}", arn
    )
    assert re.fullmatch(
        pattern_of("CreateCustomModelDeploymentResponse", "customModelDeploymentArn"), arn
    )
    assert deployment_status(bedrock, "support-live") == "Creating"
    sim.advance(7 * MINUTE + 59)
    assert deployment_status(bedrock, arn) == "Creating"
    sim.advance(1)
    got = answered(sim, "GetCustomModelDeployment", customModelDeploymentIdentifier=arn)
    assert got["status"] == "Active"
    assert got["lastUpdatedAt"] - got["createdAt"] == timedelta(minutes=8)


def test_deploy_get_list_and_delete(sim: SimServer, bedrock: Any, model_arn: str) -> None:
    arn = deploy(
        sim,
        "support-live",
        model_arn,
        description="Help center answers",
        tags=[{"key": "team", "value": "support"}],
    )
    by_name = answered(
        sim, "GetCustomModelDeployment", customModelDeploymentIdentifier="support-live"
    )
    assert by_name["customModelDeploymentArn"] == arn
    assert by_name["modelArn"] == model_arn
    assert by_name["description"] == "Help center answers"
    listed = answered(sim, "ListCustomModelDeployments")["modelDeploymentSummaries"]
    assert [(d["customModelDeploymentName"], d["modelArn"]) for d in listed] == [
        ("support-live", model_arn)
    ]
    answered(sim, "DeleteCustomModelDeployment", customModelDeploymentIdentifier=arn)
    code, message, status = error_of(
        bedrock.get_custom_model_deployment, customModelDeploymentIdentifier=arn
    )
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert arn in message
    assert bedrock.list_custom_model_deployments()["modelDeploymentSummaries"] == []


def test_the_same_token_and_request_deploy_once(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    first = deploy(sim, "support-live", model_arn, clientRequestToken="deploy-1")
    again = deploy(sim, "support-live", model_arn, clientRequestToken="deploy-1")
    assert again == first
    # Another request under the same token is ignored, as AWS's IdempotencyToken says.
    other = bedrock.create_custom_model_deployment(
        modelDeploymentName="support-other", modelArn=model_arn, clientRequestToken="deploy-1"
    )
    assert other["customModelDeploymentArn"] == first
    listed = bedrock.list_custom_model_deployments()["modelDeploymentSummaries"]
    assert [d["customModelDeploymentArn"] for d in listed] == [first]


def test_a_deployment_name_in_use_is_refused(sim: SimServer, bedrock: Any, model_arn: str) -> None:
    deploy(sim, "support-live", model_arn)
    code, message, status = error_of(
        bedrock.create_custom_model_deployment,
        modelDeploymentName="support-live",
        modelArn=model_arn,
    )
    assert (code, status) == ("ValidationException", 400)
    assert "support-live is currently in use" in message


# --- deployments: who may deploy --------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "model", "base"),
    [
        ("us-east-1", "titan-docs-cpt-v1", "amazon.titan-text-express-v1:0:8k"),
        ("us-west-2", "ticket-classifier-haiku-v2", "anthropic.claude-3-haiku-20240307-v1:0:200k"),
    ],
)
def test_a_model_whose_base_has_no_on_demand_is_sent_to_provisioned_throughput(
    world: SimServer, region: str, model: str, base: str
) -> None:
    bedrock = client(world, "bedrock", region)
    arn = bedrock.get_custom_model(modelIdentifier=model)["modelArn"]
    code, message, _ = error_of(
        bedrock.create_custom_model_deployment, modelDeploymentName="try-it", modelArn=arn
    )
    assert code == "ValidationException"
    assert f"its base model {base} does not support it" in message
    assert "Nova Micro, Nova Lite, Nova Pro" in message
    assert "Provisioned Throughput" in message


def test_a_model_customized_before_the_day_on_demand_began_is_refused(
    sim: SimServer, bedrock: Any
) -> None:
    early = {**valid_request(), "jobName": "early-ft", "customModelName": "early-v1"}
    sim.bedrock.create_job("us-east-1", early, at=datetime(2025, 7, 1, 9, tzinfo=UTC))
    model = run_until_done(sim, bedrock, "early-ft")["outputModelArn"]
    code, message, _ = error_of(
        bedrock.create_custom_model_deployment, modelDeploymentName="early", modelArn=model
    )
    assert code == "ValidationException"
    assert "early-v1 was customized on 2025-07-01" in message
    assert "on or after 2025-07-16" in message


def test_the_regions_that_may_deploy_come_from_the_catalog(
    sim: SimServer, bedrock: Any, model_arn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = load_catalog()
    oregon_only = real.model_copy(
        update={
            "models": tuple(
                m.model_copy(
                    update={"on_demand": m.on_demand.model_copy(update={"regions": ("us-west-2",)})}
                )
                if m.id == NOVA_MICRO and m.on_demand is not None
                else m
                for m in real.models
            )
        }
    )
    monkeypatch.setattr(deployments_module, "load_catalog", lambda: oregon_only)
    code, message, _ = error_of(
        bedrock.create_custom_model_deployment, modelDeploymentName="live", modelArn=model_arn
    )
    assert code == "ValidationException"
    assert "Nova Micro is not available in us-east-1; it is in us-west-2" in message
    monkeypatch.setattr(deployments_module, "load_catalog", lambda: real)
    deploy(sim, "live", model_arn)


def test_a_model_that_is_not_active_cannot_be_served(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    sim.bedrock.region("us-east-1").models["support-bot-v1"].status = "Creating"
    assert bedrock.get_custom_model(modelIdentifier=model_arn)["modelStatus"] == "Creating"
    for call, params in (
        (
            bedrock.create_custom_model_deployment,
            {"modelDeploymentName": "live", "modelArn": model_arn},
        ),
        (
            bedrock.create_provisioned_model_throughput,
            {"provisionedModelName": "pt", "modelId": model_arn, "modelUnits": 1},
        ),
    ):
        code, message, _ = error_of(call, **params)
        assert code == "ValidationException"
        assert "support-bot-v1 is Creating, not Active" in message


def test_a_model_that_does_not_exist_is_not_found(bedrock: Any) -> None:
    missing = f"arn:aws:bedrock:us-east-1:123456789012:custom-model/{NOVA_MICRO}/abcdefghijkl"
    code, _, status = error_of(
        bedrock.create_custom_model_deployment, modelDeploymentName="live", modelArn=missing
    )
    assert (code, status) == ("ResourceNotFoundException", 404)


# --- deployments: update ----------------------------------------------------------------------


def test_an_update_swaps_the_model_while_the_deployment_stays_active(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    second = trained(sim, bedrock, "support-bot-ft-002", "support-bot-v2")
    arn = deploy(sim, "support-live", model_arn)
    code, message, _ = error_of(
        bedrock.update_custom_model_deployment, customModelDeploymentIdentifier=arn, modelArn=second
    )
    assert code == "ValidationException" and "once it is Active" in message
    sim.advance(8 * MINUTE)
    answer = answered(
        sim,
        "UpdateCustomModelDeployment",
        customModelDeploymentIdentifier="support-live",
        modelArn=second,
    )
    assert answer["customModelDeploymentArn"] == arn
    updating = answered(sim, "GetCustomModelDeployment", customModelDeploymentIdentifier=arn)
    assert updating["status"] == "Active"
    assert updating["modelArn"] == model_arn, "the old model answers until the update completes"
    assert updating["updateDetails"] == {"modelArn": second, "updateStatus": "Updating"}
    sim.advance(8 * MINUTE)
    done = answered(sim, "GetCustomModelDeployment", customModelDeploymentIdentifier=arn)
    assert done["modelArn"] == second
    assert done["updateDetails"] == {"modelArn": second, "updateStatus": "UpdateCompleted"}


# --- DeleteCustomModel ------------------------------------------------------------------------


def test_a_deployed_model_cannot_be_deleted_until_it_is_undeployed(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    deploy(sim, "support-live", model_arn)
    code, message, status = error_of(bedrock.delete_custom_model, modelIdentifier=model_arn)
    assert (code, status) == ("ConflictException", 400)
    assert message == (
        "The custom model support-bot-v1 is in use by the custom model deployment"
        " support-live; delete it first."
    )
    answered(sim, "DeleteCustomModelDeployment", customModelDeploymentIdentifier="support-live")
    answered(sim, "DeleteCustomModel", modelIdentifier="support-bot-v1")
    code, _, status = error_of(bedrock.get_custom_model, modelIdentifier=model_arn)
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert bedrock.list_custom_models()["modelSummaries"] == []
    job = bedrock.get_model_customization_job(jobIdentifier="support-bot-ft-001")
    assert job["status"] == "Completed" and job["outputModelArn"] == model_arn


def test_the_demo_serves_two_models_and_refuses_to_delete_either(world: SimServer) -> None:
    bedrock = client(world, "bedrock")
    listed = answered(world, "ListCustomModelDeployments")["modelDeploymentSummaries"]
    assert [(d["customModelDeploymentName"], d["status"]) for d in listed] == [
        ("nova-lite-distilled-live", "Active")
    ]
    distilled = bedrock.get_custom_model(modelIdentifier="nova-lite-distilled-v1")["modelArn"]
    assert listed[0]["modelArn"] == distilled
    pts = answered(world, "ListProvisionedModelThroughputs")["provisionedModelSummaries"]
    assert [(p["provisionedModelName"], p["status"], p["modelUnits"]) for p in pts] == [
        ("support-bot-micro-v3-5-epochs-pt", "InService", 1)
    ]
    assert "commitmentDuration" not in pts[0]
    for model, user in (
        ("nova-lite-distilled-v1", "the custom model deployment nova-lite-distilled-live"),
        (
            "support-bot-micro-v3-5-epochs",
            "the Provisioned Throughput support-bot-micro-v3-5-epochs-pt",
        ),
    ):
        code, message, _ = error_of(bedrock.delete_custom_model, modelIdentifier=model)
        assert code == "ConflictException" and user in message


# --- Provisioned Throughput -------------------------------------------------------------------


def test_provisioned_throughput_is_creating_for_fifteen_minutes_then_in_service(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    answer = answered(
        sim,
        "CreateProvisionedModelThroughput",
        provisionedModelName="support-pt",
        modelId="support-bot-v1",
        modelUnits=2,
    )
    arn = answer["provisionedModelArn"]
    assert re.fullmatch(
        r"arn:aws:bedrock:us-east-1:123456789012:provisioned-model/[a-z0-9]{12}", arn
    )
    assert re.fullmatch(
        pattern_of("GetProvisionedModelThroughputResponse", "provisionedModelArn"), arn
    )
    got = answered(sim, "GetProvisionedModelThroughput", provisionedModelId="support-pt")
    assert (got["status"], got["modelUnits"], got["desiredModelUnits"]) == ("Creating", 2, 2)
    assert got["modelArn"] == got["desiredModelArn"] == model_arn
    assert got["foundationModelArn"] == f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_MICRO}"
    assert "commitmentDuration" not in got and "commitmentExpirationTime" not in got
    sim.advance(15 * MINUTE - 1)
    assert bedrock.get_provisioned_model_throughput(provisionedModelId=arn)["status"] == "Creating"
    sim.advance(1)
    assert bedrock.get_provisioned_model_throughput(provisionedModelId=arn)["status"] == "InService"
    answered(sim, "DeleteProvisionedModelThroughput", provisionedModelId=arn)
    code, _, status = error_of(bedrock.get_provisioned_model_throughput, provisionedModelId=arn)
    assert (code, status) == ("ResourceNotFoundException", 404)


def test_a_committed_throughput_cannot_be_deleted_before_its_term_ends(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    arn = provision(sim, "support-pt", model_arn, commitmentDuration="OneMonth")
    got = answered(sim, "GetProvisionedModelThroughput", provisionedModelId=arn)
    assert got["commitmentDuration"] == "OneMonth"
    assert got["commitmentExpirationTime"] == got["creationTime"].replace(month=12)
    code, message, _ = error_of(bedrock.delete_provisioned_model_throughput, provisionedModelId=arn)
    assert code == "ValidationException"
    assert "OneMonth commitment until" in message
    code, message, _ = error_of(bedrock.delete_custom_model, modelIdentifier=model_arn)
    assert code == "ConflictException" and "the Provisioned Throughput support-pt" in message
    sim.advance(31 * 24 * 3600)
    answered(sim, "DeleteProvisionedModelThroughput", provisionedModelId=arn)
    answered(sim, "DeleteCustomModel", modelIdentifier=model_arn)


def test_six_months_of_commitment_end_on_the_same_day(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    arn = provision(sim, "support-pt", model_arn, commitmentDuration="SixMonths")
    got = bedrock.get_provisioned_model_throughput(provisionedModelId=arn)
    created = got["creationTime"]
    assert created.month == 11, "the account's clock starts on 2 November 2026"
    assert got["commitmentExpirationTime"] == created.replace(year=2027, month=5)


def test_the_same_token_and_request_provision_once(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    first = provision(sim, "support-pt", model_arn, clientRequestToken="pt-1")
    assert provision(sim, "support-pt", model_arn, clientRequestToken="pt-1") == first
    other = bedrock.create_provisioned_model_throughput(
        provisionedModelName="support-pt",
        modelId=model_arn,
        modelUnits=3,
        clientRequestToken="pt-1",
    )
    assert other["provisionedModelArn"] == first, "ignored: no second throughput, no 3 units"
    assert bedrock.get_provisioned_model_throughput(provisionedModelId=first)["modelUnits"] == 1
    code, message, _ = error_of(
        bedrock.create_provisioned_model_throughput,
        provisionedModelName="support-pt",
        modelId=model_arn,
        modelUnits=1,
    )
    assert code == "ValidationException" and "support-pt is currently in use" in message


def test_a_foundation_model_is_not_provisioned_here(bedrock: Any) -> None:
    code, message, _ = error_of(
        bedrock.create_provisioned_model_throughput,
        provisionedModelName="base-pt",
        modelId=NOVA_MICRO,
        modelUnits=1,
        commitmentDuration="OneMonth",
    )
    assert code == "ValidationException" and "custom models only" in message


def test_an_update_renames_at_once_and_switches_models_after_updating(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    second = trained(sim, bedrock, "support-bot-ft-002", "support-bot-v2")
    arn = provision(sim, "support-pt", model_arn)
    code, message, _ = error_of(
        bedrock.update_provisioned_model_throughput, provisionedModelId=arn, desiredModelId=second
    )
    assert code == "ValidationException" and "once it is InService" in message
    sim.advance(15 * MINUTE)
    answered(
        sim,
        "UpdateProvisionedModelThroughput",
        provisionedModelId="support-pt",
        desiredProvisionedModelName="support-pt-v2",
        desiredModelId="support-bot-v2",
    )
    updating = answered(sim, "GetProvisionedModelThroughput", provisionedModelId=arn)
    assert updating["provisionedModelName"] == "support-pt-v2"
    assert updating["status"] == "Updating"
    assert (updating["modelArn"], updating["desiredModelArn"]) == (model_arn, second)
    sim.advance(15 * MINUTE)
    done = bedrock.get_provisioned_model_throughput(provisionedModelId="support-pt-v2")
    assert (done["status"], done["modelArn"], done["desiredModelArn"]) == (
        "InService",
        second,
        second,
    )


def test_a_throughput_switches_only_to_a_model_of_the_same_base(world: SimServer) -> None:
    bedrock = client(world, "bedrock")
    code, message, _ = error_of(
        bedrock.update_provisioned_model_throughput,
        provisionedModelId="support-bot-micro-v3-5-epochs-pt",
        desiredModelId="titan-docs-cpt-v1",
    )
    assert code == "ValidationException"
    assert "titan-docs-cpt-v1 was customized from amazon.titan-text-express-v1:0:8k" in message
    got = bedrock.get_provisioned_model_throughput(
        provisionedModelId="support-bot-micro-v3-5-epochs-pt"
    )
    assert got["status"] == "InService"


# --- lists, tags and the wire ------------------------------------------------------------------


def test_deployments_are_listed_filtered_sorted_and_paged(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    second = trained(sim, bedrock, "support-bot-ft-002", "support-bot-v2")
    for name, model in (
        ("alpha-live", model_arn),
        ("beta-live", second),
        ("gamma-test", model_arn),
    ):
        deploy(sim, name, model)
        sim.advance(5 * MINUTE)
    middle = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier="beta-live")

    def names(**query: Any) -> list[str]:
        answer = bedrock.list_custom_model_deployments(**query)
        return [d["customModelDeploymentName"] for d in answer["modelDeploymentSummaries"]]

    assert names() == ["gamma-test", "beta-live", "alpha-live"]
    assert names(sortBy="CreationTime", sortOrder="Ascending") == [
        "alpha-live",
        "beta-live",
        "gamma-test",
    ]
    assert names(nameContains="live") == ["beta-live", "alpha-live"]
    assert names(modelArnEquals=second) == ["beta-live"]
    assert names(statusEquals="Active") == ["beta-live", "alpha-live"]  # 15 and 10 minutes old
    assert names(statusEquals="Creating") == ["gamma-test"]
    assert names(createdAfter=middle["createdAt"]) == ["gamma-test"]
    assert names(createdBefore=middle["createdAt"]) == ["alpha-live"]
    page = bedrock.list_custom_model_deployments(maxResults=2)
    assert [d["customModelDeploymentName"] for d in page["modelDeploymentSummaries"]] == [
        "gamma-test",
        "beta-live",
    ]
    assert names(maxResults=2, nextToken=page["nextToken"]) == ["alpha-live"]
    paginator = bedrock.get_paginator("list_custom_model_deployments")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 1}))
    assert len(pages) == 3


def test_throughputs_are_listed_filtered_sorted_and_paged(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    for name in ("pt-a", "pt-b", "other"):
        provision(sim, name, model_arn)
        sim.advance(10 * MINUTE)
    first = bedrock.get_provisioned_model_throughput(provisionedModelId="pt-a")

    def names(**query: Any) -> list[str]:
        answer = answered(sim, "ListProvisionedModelThroughputs", **query)
        return [p["provisionedModelName"] for p in answer["provisionedModelSummaries"]]

    assert names() == ["other", "pt-b", "pt-a"]
    assert names(sortOrder="Ascending", nameContains="pt") == ["pt-a", "pt-b"]
    assert names(statusEquals="InService") == ["pt-b", "pt-a"]
    assert names(modelArnEquals=model_arn, creationTimeAfter=first["creationTime"]) == [
        "other",
        "pt-b",
    ]
    page = bedrock.list_provisioned_model_throughputs(maxResults=1)
    assert page["nextToken"]
    assert names(maxResults=5, nextToken=page["nextToken"]) == ["pt-b", "pt-a"]


def test_deployments_and_throughputs_carry_tags(
    sim: SimServer, bedrock: Any, model_arn: str
) -> None:
    team = [{"key": "team", "value": "support"}]
    for arn in (
        deploy(sim, "support-live", model_arn, tags=team),
        provision(sim, "support-pt", model_arn, tags=team),
    ):
        assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == team
        bedrock.tag_resource(resourceARN=arn, tags=[{"key": "stage", "value": "prod"}])
        bedrock.untag_resource(resourceARN=arn, tagKeys=["team"])
        assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [
            {"key": "stage", "value": "prod"}
        ]


def test_requests_are_checked_against_botocores_shapes(account: SimServer) -> None:
    json_headers = {**SIGNED, "Content-Type": "application/json"}
    body = json.dumps({"provisionedModelName": "pt", "modelId": "support-bot-v1", "modelUnits": 0})
    reply = send(
        account, "POST", "/provisioned-model-throughput", body.encode(), headers=json_headers
    )
    assert reply.status == 400
    assert reply.json()["message"] == (
        "1 validation error detected: Value '0' at 'modelUnits' failed to satisfy constraint:"
        " Member must have value greater than or equal to 1"
    )
    reply = send(
        account, "GET", "/model-customization/custom-model-deployments/bad%20name", headers=SIGNED
    )
    assert reply.status == 400
    assert "at 'customModelDeploymentIdentifier'" in reply.json()["message"]


def test_an_operation_the_emulator_does_not_simulate_is_a_json_501(bedrock: Any) -> None:
    with pytest.raises(ClientError) as raised:
        bedrock.list_model_import_jobs()
    error = raised.value.response
    assert error["Error"]["Code"] == "NotImplemented"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert "ListModelImportJobs" in error["Error"]["Message"]
    assert "CreateCustomModelDeployment" in error["Error"]["Message"], "it says what it serves"


# --- the AWS CLI ------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_aws_cli_deploys_lists_and_deletes(sim: SimServer, model_arn: str) -> None:
    created = aws(
        sim,
        "create-custom-model-deployment",
        "--model-deployment-name",
        "cli-live",
        "--model-arn",
        model_arn,
    )
    arn = created["customModelDeploymentArn"]
    got = aws(
        sim, "get-custom-model-deployment", "--custom-model-deployment-identifier", "cli-live"
    )
    assert (got["customModelDeploymentArn"], got["status"]) == (arn, "Creating")
    listed = aws(sim, "list-custom-model-deployments", "--status-equals", "Creating")
    assert [d["customModelDeploymentArn"] for d in listed["modelDeploymentSummaries"]] == [arn]
    aws(sim, "delete-custom-model-deployment", "--custom-model-deployment-identifier", arn)
    assert aws(sim, "list-custom-model-deployments")["modelDeploymentSummaries"] == []
    pt = aws(
        sim,
        "create-provisioned-model-throughput",
        "--provisioned-model-name",
        "cli-pt",
        "--model-id",
        "support-bot-v1",
        "--model-units",
        "1",
    )["provisionedModelArn"]
    listed = aws(sim, "list-provisioned-model-throughputs")["provisionedModelSummaries"]
    assert [p["provisionedModelArn"] for p in listed] == [pt]
    aws(sim, "delete-provisioned-model-throughput", "--provisioned-model-id", "cli-pt")
    aws(sim, "delete-custom-model", "--model-identifier", "support-bot-v1")
    assert aws(sim, "list-custom-models")["modelSummaries"] == []
