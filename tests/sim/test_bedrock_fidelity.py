"""The simulated Bedrock against botocore's model of it: filters, enums, identifier patterns and
tags answered as AWS answers them, including to clients that do not check requests themselves."""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

import botocore.session
import pytest

from ftui.sim.server import SimServer
from tests.factories import valid_request
from tests.shape_check import shape_problems
from tests.sim.conftest import SIGNED, Reply, client, send
from tests.sim.test_bedrock import error_of, run_until_done

MODEL = botocore.session.get_session().get_service_model("bedrock")
AWS_VALIDATION = re.compile(
    r"1 validation error detected: Value '[^']*' at '(\w+)' failed to satisfy constraint: "
)
NOVA_MICRO = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k"


def get(sim: SimServer, path: str, **query: str) -> Reply:
    """A GET as a script or another SDK sends it: nothing checked before it leaves."""
    suffix = f"?{urllib.parse.urlencode(query)}" if query else ""
    return send(sim, "GET", path + suffix, headers=SIGNED)


def refused(reply: Reply, member: str) -> str:
    """The AWS ValidationException for ``member``: its message."""
    assert reply.status == 400, reply.body
    assert reply.headers["x-amzn-errortype"].startswith("ValidationException")
    message: str = reply.json()["message"]
    found = AWS_VALIDATION.match(message)
    assert found is not None and found.group(1) == member, message
    return message


def names(world: SimServer, **query: Any) -> set[str]:
    models = client(world, "bedrock").list_custom_models(**query)["modelSummaries"]
    return {m["modelName"] for m in models}


# --- ListCustomModels -------------------------------------------------------------------------


def test_custom_models_filtered_by_status_list_only_ready_models(world: SimServer) -> None:
    everything = names(world)
    assert everything, "the demo account has custom models"
    assert names(world, modelStatus="Active") == everything
    assert names(world, modelStatus="Creating") == set()
    assert names(world, modelStatus="Failed") == set()


def test_custom_models_not_owned_are_none_of_the_accounts_own(world: SimServer) -> None:
    assert names(world, isOwned=True) == names(world)
    assert names(world, isOwned=False) == set()


def test_custom_model_filters_hold_together(world: SimServer) -> None:
    micro = names(world, baseModelArnEquals=NOVA_MICRO)
    assert micro and micro == names(world, foundationModelArnEquals=NOVA_MICRO)
    other = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k"
    # Both filters at once must both hold: the second is not dropped for the first.
    assert names(world, baseModelArnEquals=NOVA_MICRO, foundationModelArnEquals=other) == set()


def test_every_listed_custom_model_has_what_the_shape_requires(world: SimServer) -> None:
    listed = client(world, "bedrock").list_custom_models()
    shape = MODEL.operation_model("ListCustomModels").output_shape
    summary = shape.members["modelSummaries"].member
    # botocore's ModelName is ``provider.name``: "Nova Micro", the catalog's name, breaks it.
    base_name = summary.members["baseModelName"].metadata["pattern"]
    for model in listed["modelSummaries"]:
        assert set(summary.required_members) <= set(model), model
        assert re.fullmatch(base_name, model["baseModelName"]), model
        if model["modelName"] == "support-bot-micro-v3":
            assert model["baseModelName"] == "amazon.nova-micro-v1"
    assert shape_problems(shape, {k: v for k, v in listed.items() if k != "ResponseMetadata"}) == []


def test_a_model_trained_from_a_custom_model_names_it_as_its_base(
    sim: SimServer, bedrock: Any
) -> None:
    bedrock.create_model_customization_job(**valid_request())
    first = run_until_done(sim, bedrock, "support-bot-ft-001")["outputModelArn"]
    again = {
        **valid_request(),
        "jobName": "support-bot-ft-002",
        "customModelName": "support-bot-v2",
        "baseModelIdentifier": first,
    }
    job = bedrock.get_model_customization_job(
        jobIdentifier=bedrock.create_model_customization_job(**again)["jobArn"]
    )
    pattern = MODEL.shape_for("ModelCustomizationJobSummary").members["baseModelArn"]
    assert job["baseModelArn"] == first
    assert re.fullmatch(pattern.metadata["pattern"], first)
    run_until_done(sim, bedrock, "support-bot-ft-002")
    assert {
        m["modelName"]
        for m in bedrock.list_custom_models(baseModelArnEquals=first)["modelSummaries"]
    } == {"support-bot-v2"}
    # Its foundation model is the one under the whole chain.
    assert (
        len(bedrock.list_custom_models(foundationModelArnEquals=NOVA_MICRO)["modelSummaries"]) == 2
    )


# --- enums ------------------------------------------------------------------------------------

BAD_ENUMS = {
    "customization-type": ("/foundation-models", "byCustomizationType"),
    "output-modality": ("/foundation-models", "byOutputModality"),
    "inference-type": ("/foundation-models", "byInferenceType"),
    "job-status": ("/model-customization-jobs", "statusEquals"),
    "job-sort-by": ("/model-customization-jobs", "sortBy"),
    "job-sort-order": ("/model-customization-jobs", "sortOrder"),
    "model-sort-by": ("/custom-models", "sortBy"),
    "model-sort-order": ("/custom-models", "sortOrder"),
    "model-status": ("/custom-models", "modelStatus"),
}


@pytest.mark.parametrize(("path", "member"), BAD_ENUMS.values(), ids=BAD_ENUMS.keys())
def test_a_value_outside_the_enum_is_refused_with_the_values_allowed(
    world: SimServer, path: str, member: str
) -> None:
    message = refused(get(world, path, **{member: "BOGUS"}), member)
    operation = {
        "/foundation-models": "ListFoundationModels",
        "/model-customization-jobs": "ListModelCustomizationJobs",
        "/custom-models": "ListCustomModels",
    }[path]
    enum = MODEL.operation_model(operation).input_shape.members[member].enum
    assert message.endswith(f"Member must satisfy enum value set: [{', '.join(enum)}]")


def test_a_flag_that_is_neither_true_nor_false_is_refused(world: SimServer) -> None:
    message = refused(get(world, "/custom-models", isOwned="maybe"), "isOwned")
    assert message.endswith("Member must be true or false")


def test_a_filter_breaking_its_pattern_is_refused(world: SimServer) -> None:
    refused(
        get(world, "/custom-models", baseModelArnEquals="not-an-arn-at-all-xyz"),
        "baseModelArnEquals",
    )
    refused(get(world, "/model-customization-jobs", nameContains="a b"), "nameContains")


def test_a_valid_enum_sent_raw_is_still_served(world: SimServer) -> None:
    reply = get(world, "/foundation-models", byCustomizationType="FINE_TUNING")
    assert reply.status == 200 and reply.json()["modelSummaries"]


# --- identifiers ------------------------------------------------------------------------------

IDENTIFIERS = {
    "get-job": ("GET", "/model-customization-jobs/{}", "jobIdentifier"),
    "stop-job": ("POST", "/model-customization-jobs/{}/stop", "jobIdentifier"),
    "get-custom-model": ("GET", "/custom-models/{}", "modelIdentifier"),
    "get-foundation-model": ("GET", "/foundation-models/{}", "modelIdentifier"),
}


@pytest.mark.parametrize(("method", "path", "member"), IDENTIFIERS.values(), ids=IDENTIFIERS.keys())
def test_an_identifier_that_cannot_be_one_is_a_validation_error(
    world: SimServer, method: str, path: str, member: str
) -> None:
    reply = send(world, method, path.format(urllib.parse.quote("no such!thing")), headers=SIGNED)
    message = refused(reply, member)
    assert (
        "failed to satisfy constraint: Member must satisfy regular expression pattern: " in message
    )


@pytest.mark.parametrize(("method", "path", "member"), IDENTIFIERS.values(), ids=IDENTIFIERS.keys())
def test_a_well_formed_unknown_identifier_is_not_found(
    world: SimServer, method: str, path: str, member: str
) -> None:
    unknown = "nosuch.model-v1" if "foundation" in path else "no-such-thing"
    reply = send(world, method, path.format(unknown), headers=SIGNED)
    assert reply.status == 404, reply.body
    assert reply.headers["x-amzn-errortype"].startswith("ResourceNotFoundException")


# --- tags -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "where"),
    [
        ({"key": "k" * 129, "value": "v"}, "Member must have length less than or equal to 128"),
        ({"key": "", "value": "v"}, "Member must have length greater than or equal to 1"),
        ({"key": "k", "value": "v" * 257}, "Member must have length less than or equal to 256"),
        ({"key": "bad#key", "value": "v"}, "Member must satisfy regular expression pattern"),
        ({"key": "k", "value": "bad!value"}, "Member must satisfy regular expression pattern"),
    ],
    ids=["long-key", "empty-key", "long-value", "key-pattern", "value-pattern"],
)
def test_a_bad_tag_is_refused_and_no_tag_is_applied(
    sim: SimServer, bedrock: Any, tag: dict[str, str], where: str
) -> None:
    arn = bedrock.create_model_customization_job(**valid_request())["jobArn"]
    before = bedrock.list_tags_for_resource(resourceARN=arn)["tags"]
    tags = [{"key": "good", "value": "fine"}, tag]
    code, message, status = error_of(
        _without_client_checks(sim).tag_resource, resourceARN=arn, tags=tags
    )
    assert (code, status) == ("ValidationException", 400)
    assert "at 'tags.2.member." in message and where in message
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == before


def test_more_tags_than_a_resource_may_have_are_refused_whole(sim: SimServer, bedrock: Any) -> None:
    arn = bedrock.create_model_customization_job(**valid_request())["jobArn"]
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": f"a{i}", "value": "v"} for i in range(150)])
    before = bedrock.list_tags_for_resource(resourceARN=arn)["tags"]
    more = [{"key": f"b{i}", "value": "v"} for i in range(60)]
    code, message, status = error_of(bedrock.tag_resource, resourceARN=arn, tags=more)
    assert (code, status) == ("TooManyTagsException", 400)
    assert "at most 200 tags" in message
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == before


def _without_client_checks(sim: SimServer) -> Any:
    """A boto3 client that sends what it is given, as another SDK or a script may."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "bedrock",
        endpoint_url=sim.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(parameter_validation=False),
    )
