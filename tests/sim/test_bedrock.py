"""The simulated Bedrock through boto3: every behaviour the emulator promises."""

from __future__ import annotations

import io
import json
import re
import urllib.request
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ftui.sim.server import SimServer
from tests.factories import valid_request
from tests.sim.conftest import BUCKET, client, records

ARN = re.compile(
    r"arn:aws:bedrock:us-east-1:123456789012:model-customization-job/"
    r"amazon\.nova-micro-v1:0:128k/[a-z0-9]{12}"
)
HOUR = 3600


def error_of(call: Any, **kwargs: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    response = raised.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def stages(job: dict[str, Any]) -> tuple[str, str, str]:
    details = job["statusDetails"]
    return (
        details["validationDetails"]["status"],
        details["dataProcessingDetails"]["status"],
        details["trainingDetails"]["status"],
    )


def run_until_done(sim: SimServer, bedrock: Any, name: str, step: float = 600) -> dict[str, Any]:
    for _ in range(500):
        job: dict[str, Any] = bedrock.get_model_customization_job(jobIdentifier=name)
        if job["status"] not in ("InProgress", "Stopping"):
            return job
        sim.advance(step)
    raise AssertionError("the job never finished")


# --- create and the lifecycle -----------------------------------------------------------------


def test_a_job_moves_through_every_stage_to_completed(sim: SimServer, bedrock: Any) -> None:
    arn = bedrock.create_model_customization_job(**valid_request())["jobArn"]
    assert ARN.fullmatch(arn)
    seen = []
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    while job["status"] == "InProgress":
        seen.append(stages(job))
        sim.advance(300)
        job = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert job["status"] == "Completed"
    assert seen[0] == ("InProgress", "NotStarted", "NotStarted")
    assert ("Completed", "InProgress", "NotStarted") in seen
    assert ("Completed", "Completed", "InProgress") in seen
    assert stages(job) == ("Completed", "Completed", "Completed")
    details = job["statusDetails"]
    assert (
        job["creationTime"]
        == details["validationDetails"]["creationTime"]
        < details["validationDetails"]["lastModifiedTime"]
        == details["dataProcessingDetails"]["creationTime"]
        < details["trainingDetails"]["creationTime"]
        < job["endTime"]
        == details["trainingDetails"]["lastModifiedTime"]
    )
    assert job["creationTime"].utcoffset() == timedelta(0)
    assert job["endTime"] - job["creationTime"] > timedelta(hours=1), "AWS takes hours"
    assert 0 < job["trainingMetrics"]["trainingLoss"] < 3
    assert len(job["validationMetrics"]) == 1
    assert job["outputModelArn"].startswith(
        "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-micro-v1:0:128k/"
    )
    assert "failureMessage" not in job


def test_get_returns_what_was_submitted(bedrock: Any) -> None:
    request = valid_request()
    request["vpcConfig"] = None  # filled below once the VPC exists
    del request["vpcConfig"]
    arn = bedrock.create_model_customization_job(**request)["jobArn"]
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    for key in ("jobName", "roleArn", "hyperParameters", "trainingDataConfig", "outputDataConfig"):
        assert job[key] == request[key]
    assert job["validationDataConfig"] == request["validationDataConfig"]
    assert job["outputModelName"] == request["customModelName"]
    assert job["customizationType"] == "FINE_TUNING"
    assert job["baseModelArn"] == (
        "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k"
    )
    assert "outputModelArn" not in job and "endTime" not in job and "trainingMetrics" not in job


def test_lookup_by_name_and_by_arn(bedrock: Any) -> None:
    arn = bedrock.create_model_customization_job(**valid_request())["jobArn"]
    by_name = bedrock.get_model_customization_job(jobIdentifier="support-bot-ft-001")
    by_arn = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert by_name["jobArn"] == by_arn["jobArn"] == arn
    code, _, status = error_of(bedrock.get_model_customization_job, jobIdentifier="nope")
    assert (code, status) == ("ResourceNotFoundException", 404)


def test_customization_type_defaults_to_fine_tuning(bedrock: Any) -> None:
    request = valid_request()
    del request["customizationType"]
    bedrock.create_model_customization_job(**request)
    job = bedrock.get_model_customization_job(jobIdentifier=request["jobName"])
    assert job["customizationType"] == "FINE_TUNING"


def test_metrics_files_grow_while_training(sim: SimServer, bedrock: Any) -> None:
    arn = bedrock.create_model_customization_job(**valid_request())["jobArn"]
    job_id = arn.rsplit("/", 1)[1]
    s3 = client(sim, "s3")
    prefix = f"output/model-customization-job-{job_id}/"
    training_key = prefix + "training_artifacts/step_wise_training_metrics.csv"
    validation_key = (
        prefix + "validation_artifacts/post_fine_tuning_validation/validation_metrics.csv"
    )

    def rows(key: str) -> list[str]:
        try:
            body: str = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()
        except ClientError:
            return []
        return body.strip().splitlines()

    counts = []
    while True:
        job = bedrock.get_model_customization_job(jobIdentifier=arn)
        if stages(job)[2] == "NotStarted":
            assert rows(training_key) == [], "no metrics before training starts"
        counts.append(len(rows(training_key)))
        if job["status"] == "Completed":
            break
        sim.advance(900)
    growing = [c for c in counts if c]
    assert len(set(growing)) >= 3 and growing == sorted(growing)
    lines = rows(training_key)
    assert lines[0] == "step_number,epoch_number,training_loss,perplexity"
    _, _, loss, perplexity = lines[-1].split(",")
    assert float(loss) == pytest.approx(job["trainingMetrics"]["trainingLoss"], abs=0.2)
    assert float(perplexity) == pytest.approx(2.718281828 ** float(loss), rel=1e-3)
    validation = rows(validation_key)
    assert validation[0] == "step_number,epoch_number,validation_loss,perplexity"
    assert len(validation) == 1 + 2  # two epochs
    first, last = float(lines[1].split(",")[2]), float(lines[-1].split(",")[2])
    assert last < first, "loss goes down"


def test_custom_model_appears_when_the_job_completes(sim: SimServer, bedrock: Any) -> None:
    bedrock.create_model_customization_job(**valid_request())
    assert bedrock.list_custom_models()["modelSummaries"] == []
    sim.advance(HOUR)
    assert bedrock.list_custom_models()["modelSummaries"] == []
    job = run_until_done(sim, bedrock, "support-bot-ft-001")
    models = bedrock.list_custom_models()["modelSummaries"]
    assert [m["modelName"] for m in models] == ["support-bot-v1"]
    assert models[0]["modelArn"] == job["outputModelArn"]
    detail = bedrock.get_custom_model(modelIdentifier="support-bot-v1")
    assert detail["jobArn"] == job["jobArn"]
    assert detail["trainingMetrics"] == job["trainingMetrics"]
    tags = bedrock.list_tags_for_resource(resourceARN=job["outputModelArn"])["tags"]
    assert tags == [{"key": "project", "value": "support"}]


def test_duration_grows_with_data_and_epochs(sim: SimServer, bedrock: Any) -> None:
    s3 = client(sim, "s3")
    s3.put_object(Bucket=BUCKET, Key="data/big.jsonl", Body=records(4000))
    small = valid_request()
    small.pop("validationDataConfig")
    big = {**small, "jobName": "big", "customModelName": "big-model"}
    big["trainingDataConfig"] = {"s3Uri": f"s3://{BUCKET}/data/big.jsonl"}
    more_epochs = {**small, "jobName": "epochs", "customModelName": "epochs-model"}
    more_epochs["hyperParameters"] = {"epochCount": "5"}
    durations = {}
    for request in (small, big, more_epochs):
        bedrock.create_model_customization_job(**request)
    for request in (small, big, more_epochs):
        job = run_until_done(sim, bedrock, request["jobName"])
        durations[request["jobName"]] = job["endTime"] - job["creationTime"]
    assert durations["big"] > durations["support-bot-ft-001"] * 1.5
    assert durations["epochs"] > durations["support-bot-ft-001"] * 1.5
    assert durations["support-bot-ft-001"] > timedelta(hours=1)


# --- idempotency and names -------------------------------------------------------------------


def test_same_token_same_request_returns_the_same_job(bedrock: Any) -> None:
    request = {**valid_request(), "clientRequestToken": "retry-123"}
    first = bedrock.create_model_customization_job(**request)["jobArn"]
    again = bedrock.create_model_customization_job(**request)["jobArn"]
    assert first == again
    assert len(bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]) == 1


def test_same_token_different_request_is_a_conflict(bedrock: Any) -> None:
    bedrock.create_model_customization_job(**{**valid_request(), "clientRequestToken": "t-1"})
    other = {**valid_request(), "clientRequestToken": "t-1", "jobName": "other"}
    code, message, _ = error_of(bedrock.create_model_customization_job, **other)
    assert code == "ConflictException" and "token" in message


def test_the_token_expires_after_eight_hours(sim: SimServer, bedrock: Any) -> None:
    request = {**valid_request(), "clientRequestToken": "t-2"}
    bedrock.create_model_customization_job(**request)
    sim.advance(9 * HOUR)
    code, message, _ = error_of(bedrock.create_model_customization_job, **request)
    assert (code, message) == ("ValidationException", "The provided job name is currently in use.")


def test_a_used_job_name_is_refused(bedrock: Any) -> None:
    bedrock.create_model_customization_job(**valid_request())
    again = {**valid_request(), "customModelName": "another-model"}
    code, message, _ = error_of(bedrock.create_model_customization_job, **again)
    assert (code, message) == ("ValidationException", "The provided job name is currently in use.")


def test_a_used_custom_model_name_is_refused(bedrock: Any) -> None:
    bedrock.create_model_customization_job(**valid_request())
    again = {**valid_request(), "jobName": "second"}
    code, message, _ = error_of(bedrock.create_model_customization_job, **again)
    assert code == "ValidationException" and "custom model name" in message


# --- request validation ----------------------------------------------------------------------


def test_request_errors_are_validation_exceptions_in_aws_words(bedrock: Any) -> None:
    request = valid_request()
    request["jobName"] = "bad name"
    code, message, status = error_of(bedrock.create_model_customization_job, **request)
    assert (code, status) == ("ValidationException", 400)
    assert message == (
        "1 validation error detected: Value 'bad name' at 'jobName' failed to satisfy"
        " constraint: Member must satisfy regular expression pattern:"
        r" [a-zA-Z0-9](-*[a-zA-Z0-9\+\-\.])*"
    )


def test_every_request_error_is_listed(bedrock: Any) -> None:
    request = valid_request()
    request["customModelName"] = "x" * 64
    request["hyperParameters"] = {"epochCount": "9"}
    code, message, _ = error_of(bedrock.create_model_customization_job, **request)
    assert code == "ValidationException"
    assert message.startswith("2 validation errors detected: ")
    assert (
        "at 'customModelName' failed to satisfy constraint: Member must have length less than or equal to 63"
        in message
    )
    assert "at 'hyperParameters.epochCount'" in message and "from 1 to 5" in message


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"customizationType": "DISTILLATION"}, "customizationConfig.distillationConfig"),
        ({"customizationType": "REINFORCEMENT_FINE_TUNING"}, "needs a grader"),
        ({"trainingDataConfig": {}}, "training data source"),
    ],
)
def test_cross_field_rules_are_enforced(bedrock: Any, change: dict[str, Any], words: str) -> None:
    request = {**valid_request(), **change}
    code, message, _ = error_of(bedrock.create_model_customization_job, **request)
    assert code == "ValidationException" and words in message


def test_a_role_that_does_not_exist_or_trust_bedrock_is_refused(
    sim: SimServer, bedrock: Any
) -> None:
    client(sim, "iam").create_role(
        RoleName="Ec2Only",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "ec2.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )
    for role in ("Ec2Only", "Missing"):
        request = {**valid_request(), "roleArn": f"arn:aws:iam::123456789012:role/{role}"}
        code, message, _ = error_of(bedrock.create_model_customization_job, **request)
        assert (code, message) == ("ValidationException", "Could not assume provided IAM role.")


def test_a_trust_for_another_accounts_jobs_is_refused(sim: SimServer, bedrock: Any) -> None:
    """The trust's conditions count: a role that lets in only account 999's jobs."""
    client(sim, "iam").create_role(
        RoleName="OtherAccountsJobs",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "bedrock.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                        "Condition": {"StringEquals": {"aws:SourceAccount": "999999999999"}},
                    }
                ],
            }
        ),
    )
    request = {
        **valid_request(),
        "roleArn": "arn:aws:iam::123456789012:role/OtherAccountsJobs",
    }
    code, message, _ = error_of(bedrock.create_model_customization_job, **request)
    assert (code, message) == ("ValidationException", "Could not assume provided IAM role.")


@pytest.mark.parametrize(
    ("base", "kind", "words"),
    [
        (
            "amazon.nova-micro-v1:0",
            "FINE_TUNING",
            "Use the customizable version amazon.nova-micro-v1:0:128k",
        ),
        (
            "meta.llama3-1-8b-instruct-v1:0:128k",
            "FINE_TUNING",
            "not supported for customization in us-east-1",
        ),
        (
            "amazon.nova-micro-v1:0:128k",
            "CONTINUED_PRE_TRAINING",
            "does not support CONTINUED_PRE_TRAINING",
        ),
    ],
)
def test_base_model_must_be_customizable_here(
    bedrock: Any, base: str, kind: str, words: str
) -> None:
    request = {**valid_request(), "baseModelIdentifier": base, "customizationType": kind}
    code, message, _ = error_of(bedrock.create_model_customization_job, **request)
    assert code == "ValidationException" and words in message


# --- the validation stage --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"trainingDataConfig": {"s3Uri": f"s3://{BUCKET}/data/missing.jsonl"}},
            f"Could not validate GetObject permissions to access Amazon S3 bucket: {BUCKET} at key"
            " data/missing.jsonl",
        ),
        (
            {"trainingDataConfig": {"s3Uri": f"s3://{BUCKET}/data/broken.jsonl"}},
            "Unable to parse Amazon S3 file: broken.jsonl. Data files must conform to JSONL format.",
        ),
        (
            {
                "validationDataConfig": {
                    "validators": [{"s3Uri": f"s3://{BUCKET}/data/broken.jsonl"}]
                }
            },
            "Unable to parse Amazon S3 file: broken.jsonl. Data files must conform to JSONL format.",
        ),
        (
            {"outputDataConfig": {"s3Uri": "s3://no-such-bucket/output"}},
            "Amazon S3 perms missing (PutObject): Could not validate PutObject permissions to"
            " access S3 bucket: no-such-bucket at key output/.write_access_check_file.tmp",
        ),
    ],
)
def test_data_problems_fail_the_validation_stage(
    sim: SimServer, bedrock: Any, change: dict[str, Any], message: str
) -> None:
    client(sim, "s3").put_object(Bucket=BUCKET, Key="data/broken.jsonl", Body=b'{"a": 1}\n{"a": \n')
    bedrock.create_model_customization_job(**{**valid_request(), **change})
    job = bedrock.get_model_customization_job(jobIdentifier="support-bot-ft-001")
    assert job["status"] == "InProgress" and "failureMessage" not in job
    job = run_until_done(sim, bedrock, "support-bot-ft-001", step=120)
    assert job["status"] == "Failed"
    assert job["failureMessage"] == message
    assert stages(job) == ("Failed", "NotStarted", "NotStarted")
    assert job["endTime"] == job["statusDetails"]["validationDetails"]["lastModifiedTime"]
    assert "outputModelArn" not in job
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_data_uploaded_after_create_is_found(sim: SimServer, bedrock: Any) -> None:
    request = {**valid_request(), "trainingDataConfig": {"s3Uri": f"s3://{BUCKET}/late.jsonl"}}
    bedrock.create_model_customization_job(**request)
    client(sim, "s3").put_object(Bucket=BUCKET, Key="late.jsonl", Body=records(50))
    assert run_until_done(sim, bedrock, request["jobName"])["status"] == "Completed"


# --- stop ------------------------------------------------------------------------------------


def test_stop_goes_through_stopping_to_stopped(sim: SimServer, bedrock: Any) -> None:
    arn = bedrock.create_model_customization_job(**valid_request())["jobArn"]
    sim.advance(1.2 * HOUR)
    assert stages(bedrock.get_model_customization_job(jobIdentifier=arn))[2] == "InProgress"
    bedrock.stop_model_customization_job(jobIdentifier=arn)
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert job["status"] == "Stopping"
    assert stages(job) == ("Completed", "Completed", "Stopping")
    code, _, _ = error_of(bedrock.stop_model_customization_job, jobIdentifier=arn)
    assert code == "ConflictException"
    sim.advance(120)
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert job["status"] == "Stopped"
    assert stages(job) == ("Completed", "Completed", "Stopped")
    assert "endTime" in job and "outputModelArn" not in job
    sim.advance(10 * HOUR)
    assert bedrock.get_model_customization_job(jobIdentifier=arn)["status"] == "Stopped"
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_stopping_a_finished_job_is_refused(sim: SimServer, bedrock: Any) -> None:
    bedrock.create_model_customization_job(**valid_request())
    run_until_done(sim, bedrock, "support-bot-ft-001")
    code, message, status = error_of(
        bedrock.stop_model_customization_job, jobIdentifier="support-bot-ft-001"
    )
    assert (code, status) == ("ConflictException", 400)
    assert "its status is Completed" in message


# --- list ------------------------------------------------------------------------------------


def _make_jobs(sim: SimServer, bedrock: Any, names: list[str]) -> None:
    for name in names:
        request = {**valid_request(), "jobName": name, "customModelName": f"{name}-model"}
        bedrock.create_model_customization_job(**request)
        sim.advance(60)


def test_list_filters_sorts_and_pages(sim: SimServer, bedrock: Any) -> None:
    _make_jobs(sim, bedrock, ["alpha-1", "beta-1", "Alpha-2", "gamma-1", "alpha-3"])
    bedrock.stop_model_customization_job(jobIdentifier="beta-1")

    def names(**kwargs: Any) -> list[str]:
        summaries = bedrock.list_model_customization_jobs(**kwargs)
        return [s["jobName"] for s in summaries["modelCustomizationJobSummaries"]]

    assert names() == ["alpha-3", "gamma-1", "Alpha-2", "beta-1", "alpha-1"]
    assert names(sortBy="CreationTime", sortOrder="Ascending")[0] == "alpha-1"
    assert names(nameContains="ALPHA") == ["alpha-3", "Alpha-2", "alpha-1"]
    assert names(statusEquals="Stopping") == ["beta-1"]
    first = bedrock.get_model_customization_job(jobIdentifier="Alpha-2")["creationTime"]
    assert names(creationTimeAfter=first) == ["alpha-3", "gamma-1"]
    assert names(creationTimeBefore=first) == ["beta-1", "alpha-1"]
    paginator = bedrock.get_paginator("list_model_customization_jobs")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 2}))
    assert [len(p["modelCustomizationJobSummaries"]) for p in pages] == [2, 2, 1]
    listed = [s["jobName"] for p in pages for s in p["modelCustomizationJobSummaries"]]
    assert listed == names()
    summary = bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"][0]
    assert set(summary) >= {
        "jobArn",
        "baseModelArn",
        "jobName",
        "status",
        "statusDetails",
        "creationTime",
        "lastModifiedTime",
        "customModelName",
        "customizationType",
    }


def test_pages_stay_stable_while_jobs_are_added(sim: SimServer, bedrock: Any) -> None:
    _make_jobs(sim, bedrock, [f"job-{i}" for i in range(4)])
    page = bedrock.list_model_customization_jobs(maxResults=2)
    _make_jobs(sim, bedrock, ["newer"])
    rest = bedrock.list_model_customization_jobs(maxResults=2, nextToken=page["nextToken"])
    names = [
        s["jobName"]
        for s in page["modelCustomizationJobSummaries"] + rest["modelCustomizationJobSummaries"]
    ]
    assert names == ["job-3", "job-2", "job-1", "job-0"]


@pytest.mark.parametrize(
    "kwargs", [{"maxResults": 1001}, {"nextToken": "garbage"}, {"statusEquals": "Done"}]
)
def test_bad_list_parameters(bedrock: Any, kwargs: dict[str, Any]) -> None:
    code, _, _ = error_of(bedrock.list_model_customization_jobs, **kwargs)
    assert code == "ValidationException"


def test_naive_and_aware_time_filters_agree(sim: SimServer, bedrock: Any) -> None:
    _make_jobs(sim, bedrock, ["a", "b"])
    cut = sim.clock.now() - timedelta(seconds=90)
    aware = bedrock.list_model_customization_jobs(creationTimeAfter=cut)
    naive = bedrock.list_model_customization_jobs(creationTimeAfter=cut.replace(tzinfo=None))
    assert aware["modelCustomizationJobSummaries"] == naive["modelCustomizationJobSummaries"]


# --- foundation models -----------------------------------------------------------------------


def test_list_foundation_models_by_region_and_type(sim: SimServer, bedrock: Any) -> None:
    east = bedrock.list_foundation_models(byCustomizationType="FINE_TUNING")["modelSummaries"]
    ids = {m["modelId"] for m in east}
    assert "amazon.nova-micro-v1:0:128k" in ids
    assert not any(i.startswith("meta.llama3") for i in ids)
    micro = next(m for m in east if m["modelId"] == "amazon.nova-micro-v1:0:128k")
    assert micro["customizationsSupported"] == ["FINE_TUNING", "DISTILLATION"]
    assert micro["modelLifecycle"] == {"status": "ACTIVE"}
    west = client(sim, "bedrock", "us-west-2").list_foundation_models(
        byCustomizationType="DISTILLATION"
    )["modelSummaries"]
    assert "meta.llama3-1-8b-instruct-v1:0:128k" in {m["modelId"] for m in west}
    everything = {m["modelId"] for m in bedrock.list_foundation_models()["modelSummaries"]}
    assert {
        "amazon.nova-micro-v1:0",
        "amazon.nova-pro-v1:0",
        "amazon.nova-premier-v1:0",
    } <= everything
    detail = bedrock.get_foundation_model(modelIdentifier="amazon.nova-lite-v1:0:300k")
    assert detail["modelDetails"]["modelName"] == "Nova Lite"
    amazon = bedrock.list_foundation_models(byProvider="amazon")["modelSummaries"]
    assert amazon and all(m["providerName"] == "Amazon" for m in amazon)


# --- configs, keys, network, tags ------------------------------------------------------------


def test_kms_vpc_and_tags_are_stored_and_returned(sim: SimServer, bedrock: Any) -> None:
    kms = client(sim, "kms")
    key = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/models", TargetKeyId=key["KeyId"])
    ec2 = client(sim, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="g", Description="d", VpcId=vpc)["GroupId"]
    request = {
        **valid_request(),
        "customModelKmsKeyId": "alias/models",
        "vpcConfig": {"subnetIds": [subnet], "securityGroupIds": [group]},
    }
    arn = bedrock.create_model_customization_job(**request)["jobArn"]
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert job["outputModelKmsKeyArn"] == key["Arn"]
    assert job["vpcConfig"] == request["vpcConfig"]
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == request["jobTags"]
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "stage", "value": "dev"}])
    bedrock.untag_resource(resourceARN=arn, tagKeys=["team"])
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [
        {"key": "stage", "value": "dev"}
    ]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"customModelKmsKeyId": "alias/nope"}, "KMS key alias/nope"),
        (
            {"vpcConfig": {"subnetIds": ["subnet-0nope"], "securityGroupIds": ["sg-1"]}},
            "subnet ID 'subnet-0nope'",
        ),
    ],
)
def test_missing_key_or_network_is_refused(
    bedrock: Any, change: dict[str, Any], words: str
) -> None:
    code, message, _ = error_of(
        bedrock.create_model_customization_job, **{**valid_request(), **change}
    )
    assert code == "ValidationException" and words in message


def test_distillation_from_invocation_logs(sim: SimServer, bedrock: Any) -> None:
    client(sim, "s3").put_object(
        Bucket=BUCKET, Key="invocation-logs/2026/11/01.json.gz", Body=b"{}"
    )
    request = valid_request("DISTILLATION")
    arn = bedrock.create_model_customization_job(**request)["jobArn"]
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert job["customizationConfig"] == request["customizationConfig"]
    assert job["trainingDataConfig"] == request["trainingDataConfig"]
    assert run_until_done(sim, bedrock, arn)["status"] == "Completed"


def test_distillation_teacher_must_teach_this_student(bedrock: Any) -> None:
    request = valid_request("DISTILLATION")
    request["baseModelIdentifier"] = "amazon.nova-pro-v1:0:300k"
    code, message, _ = error_of(bedrock.create_model_customization_job, **request)
    assert (
        code == "ValidationException" and "cannot distill into amazon.nova-pro-v1:0:300k" in message
    )


def test_rft_needs_an_existing_grader(sim: SimServer, bedrock: Any) -> None:
    prompts = b"".join(
        json.dumps(
            {
                "id": f"q-{i}",
                "messages": [{"role": "user", "content": f"What is {i} + 1?"}],
                "reference_answer": {"answer": str(i + 1)},
            }
        ).encode()
        + b"\n"
        for i in range(200)
    )
    client(sim, "s3").put_object(Bucket=BUCKET, Key="rft/prompts.jsonl", Body=prompts)
    request = valid_request("REINFORCEMENT_FINE_TUNING")
    code, message, _ = error_of(bedrock.create_model_customization_job, **request)
    assert code == "ValidationException" and "math-grader" in message
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("grader.py", "def handler(e, c):\n    return []\n")
    client(sim, "lambda").create_function(
        FunctionName="math-grader",
        Runtime="python3.12",
        Role="arn:aws:iam::123456789012:role/BedrockCustomization",
        Handler="grader.handler",
        Code={"ZipFile": archive.getvalue()},
    )
    arn = bedrock.create_model_customization_job(**request)["jobArn"]
    job = run_until_done(sim, bedrock, arn)
    assert job["status"] == "Completed"
    assert job["customizationConfig"]["rftConfig"]["hyperParameters"]["epochCount"] == 2


# --- the rest of the account through the same endpoint ---------------------------------------


def test_the_other_services_answer_on_the_same_endpoint(sim: SimServer) -> None:
    assert client(sim, "sts").get_caller_identity()["Account"] == "123456789012"
    assert client(sim, "ec2").describe_vpcs()["Vpcs"]
    assert client(sim, "kms").list_aliases()["Aliases"]
    assert client(sim, "lambda").list_functions()["Functions"] == []
    assert client(sim, "iam").list_roles()["Roles"] == []
    client(sim, "s3").create_bucket(Bucket="x-bucket")
    assert [b["Name"] for b in client(sim, "s3").list_buckets()["Buckets"]] == ["x-bucket"]


def test_control_endpoint_moves_time(sim: SimServer) -> None:
    before = sim.clock.now()
    request = urllib.request.Request(
        f"{sim.endpoint_url}/_ftui/advance?seconds=3600", method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body = json.loads(response.read())
    assert datetime.fromisoformat(body["now"]) == before + timedelta(hours=1)
    assert sim.clock.now().tzinfo == UTC
