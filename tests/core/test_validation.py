"""The verdict on whole requests: structure, cross-field rules, hyperparameters, catalog hints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ftui.core.draft import Draft, InvalidDraft, validate_request
from tests.factories import KINDS, valid_request

Mutation = Callable[[dict[str, Any]], None]


def errors(request: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    report = validate_request(request, **kwargs)
    return {p.path: p.message for p in report.errors}


def warnings(request: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    report = validate_request(request, **kwargs)
    return {p.path: p.message for p in report.warnings}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_of_valid_request_has_no_problem(kind: str) -> None:
    report = validate_request(valid_request(kind), region="us-east-1")
    assert report.problems == ()


def test_valid_request_converts_to_exact_boto3_kwargs() -> None:
    request = valid_request("DISTILLATION")
    model = Draft(request, toml_numbers=False).to_request()
    assert model.to_boto3() == request


def test_rft_request_keeps_typed_hyperparameters() -> None:
    request = valid_request("REINFORCEMENT_FINE_TUNING")
    kwargs = Draft(request, toml_numbers=False).to_request().to_boto3()
    hyper = kwargs["customizationConfig"]["rftConfig"]["hyperParameters"]
    assert hyper["epochCount"] == 2 and isinstance(hyper["epochCount"], int)
    assert hyper["learningRate"] == 1e-05


def _set(path: str, value: Any) -> Mutation:
    def mutate(request: dict[str, Any]) -> None:
        node: Any = request
        parts = path.split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
        last = parts[-1]
        if last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(request: dict[str, Any]) -> None:
        node: Any = request
        parts = path.split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[parts[-1]]

    return mutate


INVALID: list[tuple[str, str, Mutation, str, str]] = [
    # (id, kind, mutation, error path, words in the message)
    ("missing jobName", "FINE_TUNING", _delete("jobName"), "jobName", "is required"),
    ("missing role", "FINE_TUNING", _delete("roleArn"), "roleArn", "is required"),
    ("missing output", "FINE_TUNING", _delete("outputDataConfig"), "outputDataConfig", "required"),
    (
        "missing training",
        "FINE_TUNING",
        _delete("trainingDataConfig"),
        "trainingDataConfig",
        "required",
    ),
    (
        "empty training",
        "FINE_TUNING",
        _set("trainingDataConfig", {}),
        "trainingDataConfig",
        "training data source",
    ),
    ("jobName space", "FINE_TUNING", _set("jobName", "my job"), "jobName", "letters, digits"),
    ("jobName leading dash", "FINE_TUNING", _set("jobName", "-job"), "jobName", "start with"),
    ("jobName too long", "FINE_TUNING", _set("jobName", "a" * 64), "jobName", "1 to 63 characters"),
    ("jobName empty", "FINE_TUNING", _set("jobName", ""), "jobName", "1 to 63"),
    ("jobName number", "FINE_TUNING", _set("jobName", 12), "jobName", "must be a string"),
    (
        "model name double dash",
        "FINE_TUNING",
        _set("customModelName", "a--b"),
        "customModelName",
        "in a row",
    ),
    (
        "model name dot",
        "FINE_TUNING",
        _set("customModelName", "a.b"),
        "customModelName",
        "letters, digits",
    ),
    ("role not arn", "FINE_TUNING", _set("roleArn", "BedrockRole"), "roleArn", "IAM role ARN"),
    (
        "role user arn",
        "FINE_TUNING",
        _set("roleArn", "arn:aws:iam::123456789012:user/x"),
        "roleArn",
        "role ARN",
    ),
    (
        "role short account",
        "FINE_TUNING",
        _set("roleArn", "arn:aws:iam::12345:role/x"),
        "roleArn",
        "role ARN",
    ),
    (
        "role too long",
        "FINE_TUNING",
        _set("roleArn", "arn:aws:iam::123456789012:role/" + "r" * 2030),
        "roleArn",
        "at most 2048",
    ),
    (
        "token bad",
        "FINE_TUNING",
        _set("clientRequestToken", "abc_def"),
        "clientRequestToken",
        "letters, digits and '-'",
    ),
    (
        "token trailing dash",
        "FINE_TUNING",
        _set("clientRequestToken", "abc-"),
        "clientRequestToken",
        "start and end",
    ),
    (
        "base model upper",
        "FINE_TUNING",
        _set("baseModelIdentifier", "Amazon.Nova"),
        "baseModelIdentifier",
        "foundation model ID",
    ),
    (
        "base model spaces",
        "FINE_TUNING",
        _set("baseModelIdentifier", "nova micro"),
        "baseModelIdentifier",
        "foundation model ID",
    ),
    (
        "type unknown",
        "FINE_TUNING",
        _set("customizationType", "FINETUNING"),
        "customizationType",
        "must be one of",
    ),
    (
        "type lower",
        "FINE_TUNING",
        _set("customizationType", "fine_tuning"),
        "customizationType",
        "must be one of",
    ),
    (
        "kms bad",
        "FINE_TUNING",
        _set("customModelKmsKeyId", "my-key"),
        "customModelKmsKeyId",
        "KMS key",
    ),
    (
        "kms empty",
        "FINE_TUNING",
        _set("customModelKmsKeyId", ""),
        "customModelKmsKeyId",
        "1 to 2048",
    ),
    ("tag key empty", "FINE_TUNING", _set("jobTags.0.key", ""), "jobTags[0].key", "1 to 128"),
    (
        "tag key char",
        "FINE_TUNING",
        _set("jobTags.0.key", "a#b"),
        "jobTags[0].key",
        "may contain only",
    ),
    (
        "tag value long",
        "FINE_TUNING",
        _set("customModelTags.0.value", "v" * 257),
        "customModelTags[0].value",
        "at most 256",
    ),
    (
        "tag without value",
        "FINE_TUNING",
        _delete("jobTags.0.value"),
        "jobTags[0].value",
        "is required",
    ),
    (
        "tag extra member",
        "FINE_TUNING",
        _set("jobTags.0.Key", "x"),
        "jobTags[0].Key",
        "unknown field",
    ),
    (
        "too many tags",
        "FINE_TUNING",
        _set("jobTags", [{"key": f"k{i}", "value": ""} for i in range(201)]),
        "jobTags",
        "at most 200",
    ),
    (
        "s3 upper bucket",
        "FINE_TUNING",
        _set("trainingDataConfig.s3Uri", "s3://MyBucket/train.jsonl"),
        "trainingDataConfig.s3Uri",
        "bucket name 'MyBucket' has upper-case letters",
    ),
    (
        "s3 space",
        "FINE_TUNING",
        _set("trainingDataConfig.s3Uri", "s3://bucket/my file.jsonl"),
        "trainingDataConfig.s3Uri",
        "no spaces",
    ),
    (
        "s3 https",
        "FINE_TUNING",
        _set("outputDataConfig.s3Uri", "https://bucket.s3.amazonaws.com/x"),
        "outputDataConfig.s3Uri",
        "S3 URI",
    ),
    (
        "s3 too long",
        "FINE_TUNING",
        _set("outputDataConfig.s3Uri", "s3://bucket/" + "a" * 1020),
        "outputDataConfig.s3Uri",
        "1 to 1024 characters",
    ),
    (
        "validators 11",
        "FINE_TUNING",
        _set(
            "validationDataConfig.validators",
            [{"s3Uri": f"s3://bucket/v{i}.jsonl"} for i in range(11)],
        ),
        "validationDataConfig.validators",
        "at most 10",
    ),
    (
        "validators missing",
        "FINE_TUNING",
        _set("validationDataConfig", {}),
        "validationDataConfig.validators",
        "is required",
    ),
    (
        "validator bad",
        "FINE_TUNING",
        _set("validationDataConfig.validators.0.s3Uri", "bucket/v.jsonl"),
        "validationDataConfig.validators[0].s3Uri",
        "S3 URI",
    ),
    (
        "hyper int in json",
        "FINE_TUNING",
        _set("hyperParameters.epochCount", 2),
        "hyperParameters.epochCount",
        'write "2"',
    ),
    (
        "hyper float in json",
        "FINE_TUNING",
        _set("hyperParameters.learningRate", 1e-5),
        "hyperParameters.learningRate",
        'write "1e-5"',
    ),
    (
        "hyper out of range",
        "FINE_TUNING",
        _set("hyperParameters.epochCount", "6"),
        "hyperParameters.epochCount",
        "from 1 to 5",
    ),
    (
        "hyper below range",
        "FINE_TUNING",
        _set("hyperParameters.learningRate", "1e-7"),
        "hyperParameters.learningRate",
        "1e-6 to 0.0001",
    ),
    (
        "hyper not int",
        "FINE_TUNING",
        _set("hyperParameters.epochCount", "2.0"),
        "hyperParameters.epochCount",
        "whole number",
    ),
    (
        "hyper not number",
        "FINE_TUNING",
        _set("hyperParameters.learningRate", "fast"),
        "hyperParameters.learningRate",
        "must be a number",
    ),
    (
        "hyper unknown key",
        "FINE_TUNING",
        _set("hyperParameters.epochs", "2"),
        "hyperParameters.epochs",
        "no hyperparameter",
    ),
    (
        "hyper wrong case",
        "FINE_TUNING",
        _set("hyperParameters.epochcount", "2"),
        "hyperParameters.epochcount",
        "did you mean 'epochCount'",
    ),
    (
        "hyper spaces",
        "FINE_TUNING",
        _set("hyperParameters.epochCount", " 2"),
        "hyperParameters.epochCount",
        "spaces",
    ),
    (
        "hyper not a map",
        "FINE_TUNING",
        _set("hyperParameters", ["epochCount"]),
        "hyperParameters",
        "table",
    ),
    (
        "vpc no subnets",
        "FINE_TUNING",
        _set("vpcConfig", {"subnetIds": [], "securityGroupIds": ["sg-1"]}),
        "vpcConfig.subnetIds",
        "1 to 16",
    ),
    (
        "vpc 6 groups",
        "FINE_TUNING",
        _set(
            "vpcConfig",
            {"subnetIds": ["subnet-1"], "securityGroupIds": [f"sg-{i}" for i in range(6)]},
        ),
        "vpcConfig.securityGroupIds",
        "1 to 5",
    ),
    (
        "vpc missing groups",
        "FINE_TUNING",
        _set("vpcConfig", {"subnetIds": ["subnet-1"]}),
        "vpcConfig.securityGroupIds",
        "is required",
    ),
    (
        "vpc subnet chars",
        "FINE_TUNING",
        _set("vpcConfig", {"subnetIds": ["subnet_1"], "securityGroupIds": ["sg-1"]}),
        "vpcConfig.subnetIds[0]",
        "subnet ID",
    ),
    (
        "vpc subnet long",
        "FINE_TUNING",
        _set("vpcConfig", {"subnetIds": ["s" * 33], "securityGroupIds": ["sg-1"]}),
        "vpcConfig.subnetIds[0]",
        "at most 32",
    ),
    ("unknown member", "FINE_TUNING", _set("jobname", "x"), "jobname", "did you mean 'jobName'"),
    (
        "null member",
        "FINE_TUNING",
        _set("customModelKmsKeyId", None),
        "customModelKmsKeyId",
        "null",
    ),
    (
        "ft with distillation config",
        "FINE_TUNING",
        _set(
            "customizationConfig",
            {
                "distillationConfig": {
                    "teacherModelConfig": {"teacherModelIdentifier": "amazon.nova-pro-v1:0"}
                }
            },
        ),
        "customizationConfig.distillationConfig",
        "belongs to DISTILLATION",
    ),
    (
        "empty customization config",
        "FINE_TUNING",
        _set("customizationConfig", {}),
        "customizationConfig",
        "set one of",
    ),
    (
        "distillation without teacher",
        "DISTILLATION",
        _delete("customizationConfig"),
        "customizationConfig.distillationConfig",
        "needs a teacher",
    ),
    (
        "distillation teacher missing id",
        "DISTILLATION",
        _set("customizationConfig.distillationConfig.teacherModelConfig", {}),
        "customizationConfig.distillationConfig.teacherModelConfig.teacherModelIdentifier",
        "is required",
    ),
    (
        "distillation teacher bad",
        "DISTILLATION",
        _set(
            "customizationConfig.distillationConfig.teacherModelConfig.teacherModelIdentifier",
            "Nova Pro",
        ),
        "customizationConfig.distillationConfig.teacherModelConfig.teacherModelIdentifier",
        "foundation model ID",
    ),
    (
        "distillation max length string",
        "DISTILLATION",
        _set(
            "customizationConfig.distillationConfig.teacherModelConfig.maxResponseLengthForInference",
            "1000",
        ),
        "customizationConfig.distillationConfig.teacherModelConfig.maxResponseLengthForInference",
        "whole number",
    ),
    (
        "distillation max length huge",
        "DISTILLATION",
        _set(
            "customizationConfig.distillationConfig.teacherModelConfig.maxResponseLengthForInference",
            2**31,
        ),
        "customizationConfig.distillationConfig.teacherModelConfig.maxResponseLengthForInference",
        "at most 2147483647",
    ),
    (
        "distillation use prompt response string",
        "DISTILLATION",
        _set("trainingDataConfig.invocationLogsConfig.usePromptResponse", "false"),
        "trainingDataConfig.invocationLogsConfig.usePromptResponse",
        "true or false",
    ),
    (
        "distillation log source empty",
        "DISTILLATION",
        _set("trainingDataConfig.invocationLogsConfig.invocationLogSource", {}),
        "trainingDataConfig.invocationLogsConfig.invocationLogSource",
        "set one of s3Uri",
    ),
    (
        "distillation log source missing",
        "DISTILLATION",
        _delete("trainingDataConfig.invocationLogsConfig.invocationLogSource"),
        "trainingDataConfig.invocationLogsConfig.invocationLogSource",
        "is required",
    ),
    (
        "filters two kinds",
        "DISTILLATION",
        _set(
            "trainingDataConfig.invocationLogsConfig.requestMetadataFilters",
            {"equals": {"a": "b"}, "notEquals": {"c": "d"}},
        ),
        "trainingDataConfig.invocationLogsConfig.requestMetadataFilters",
        "set only one of",
    ),
    (
        "filters equals two pairs",
        "DISTILLATION",
        _set(
            "trainingDataConfig.invocationLogsConfig.requestMetadataFilters",
            {"equals": {"a": "b", "c": "d"}},
        ),
        "trainingDataConfig.invocationLogsConfig.requestMetadataFilters.equals",
        "exactly 1",
    ),
    (
        "filters andAll empty",
        "DISTILLATION",
        _set("trainingDataConfig.invocationLogsConfig.requestMetadataFilters", {"andAll": []}),
        "trainingDataConfig.invocationLogsConfig.requestMetadataFilters.andAll",
        "1 to 16",
    ),
    (
        "filters orAll 17",
        "DISTILLATION",
        _set(
            "trainingDataConfig.invocationLogsConfig.requestMetadataFilters",
            {"orAll": [{"equals": {"k": "v"}}] * 17},
        ),
        "trainingDataConfig.invocationLogsConfig.requestMetadataFilters.orAll",
        "1 to 16",
    ),
    (
        "filters key chars",
        "DISTILLATION",
        _set(
            "trainingDataConfig.invocationLogsConfig.requestMetadataFilters",
            {"equals": {"a#b": "c"}},
        ),
        'trainingDataConfig.invocationLogsConfig.requestMetadataFilters.equals["a#b"]',
        "key: may contain only",
    ),
    (
        "filters value long",
        "DISTILLATION",
        _set(
            "trainingDataConfig.invocationLogsConfig.requestMetadataFilters",
            {"notEquals": {"a": "v" * 257}},
        ),
        "trainingDataConfig.invocationLogsConfig.requestMetadataFilters.notEquals.a",
        "at most 256",
    ),
    (
        "distillation config under rft type",
        "DISTILLATION",
        _set("customizationType", "REINFORCEMENT_FINE_TUNING"),
        "customizationConfig.distillationConfig",
        "belongs to DISTILLATION",
    ),
    (
        "rft without grader",
        "REINFORCEMENT_FINE_TUNING",
        _delete("customizationConfig.rftConfig.graderConfig"),
        "customizationConfig.rftConfig.graderConfig",
        "needs a grader",
    ),
    (
        "rft without config",
        "REINFORCEMENT_FINE_TUNING",
        _delete("customizationConfig"),
        "customizationConfig.rftConfig.graderConfig",
        "needs a grader",
    ),
    (
        "rft empty grader",
        "REINFORCEMENT_FINE_TUNING",
        _set("customizationConfig.rftConfig.graderConfig", {}),
        "customizationConfig.rftConfig.graderConfig",
        "set one of lambdaGrader",
    ),
    (
        "rft lambda bad",
        "REINFORCEMENT_FINE_TUNING",
        _set(
            "customizationConfig.rftConfig.graderConfig.lambdaGrader.lambdaArn",
            "arn:aws:lambda:us-east-1:123:function:g",
        ),
        "customizationConfig.rftConfig.graderConfig.lambdaGrader.lambdaArn",
        "Lambda function ARN",
    ),
    (
        "rft epochs 51",
        "REINFORCEMENT_FINE_TUNING",
        _set("customizationConfig.rftConfig.hyperParameters.epochCount", 51),
        "customizationConfig.rftConfig.hyperParameters.epochCount",
        "from 1 to 50",
    ),
    (
        "rft epochs string",
        "REINFORCEMENT_FINE_TUNING",
        _set("customizationConfig.rftConfig.hyperParameters.epochCount", "2"),
        "customizationConfig.rftConfig.hyperParameters.epochCount",
        "whole number",
    ),
    (
        "rft batch 8",
        "REINFORCEMENT_FINE_TUNING",
        _set("customizationConfig.rftConfig.hyperParameters.batchSize", 8),
        "customizationConfig.rftConfig.hyperParameters.batchSize",
        "from 16 to 512",
    ),
    (
        "rft lr big",
        "REINFORCEMENT_FINE_TUNING",
        _set("customizationConfig.rftConfig.hyperParameters.learningRate", 0.01),
        "customizationConfig.rftConfig.hyperParameters.learningRate",
        "0.001",
    ),
    (
        "rft samples 1",
        "REINFORCEMENT_FINE_TUNING",
        _set("customizationConfig.rftConfig.hyperParameters.trainingSamplePerPrompt", 1),
        "customizationConfig.rftConfig.hyperParameters.trainingSamplePerPrompt",
        "from 2 to 16",
    ),
    (
        "rft effort",
        "REINFORCEMENT_FINE_TUNING",
        _set("customizationConfig.rftConfig.hyperParameters.reasoningEffort", "max"),
        "customizationConfig.rftConfig.hyperParameters.reasoningEffort",
        "must be one of",
    ),
    (
        "rft eval 0",
        "REINFORCEMENT_FINE_TUNING",
        _set("customizationConfig.rftConfig.hyperParameters.evalInterval", 0),
        "customizationConfig.rftConfig.hyperParameters.evalInterval",
        "from 1 to 100",
    ),
    (
        "rft unknown hyper",
        "REINFORCEMENT_FINE_TUNING",
        _set("customizationConfig.rftConfig.hyperParameters.epochs", 1),
        "customizationConfig.rftConfig.hyperParameters.epochs",
        "did you mean 'epochCount'",
    ),
    (
        "rft bool batch",
        "REINFORCEMENT_FINE_TUNING",
        _set("customizationConfig.rftConfig.hyperParameters.batchSize", True),
        "customizationConfig.rftConfig.hyperParameters.batchSize",
        "whole number",
    ),
    (
        "rft config with ft type",
        "REINFORCEMENT_FINE_TUNING",
        _delete("customizationType"),
        "customizationConfig.rftConfig",
        "customizationType is not set",
    ),
    (
        "cpt out of range",
        "CONTINUED_PRE_TRAINING",
        _set("hyperParameters.epochCount", "11"),
        "hyperParameters.epochCount",
        "from 1 to 10",
    ),
    (
        "cpt batch 65",
        "CONTINUED_PRE_TRAINING",
        _set("hyperParameters.batchSize", "65"),
        "hyperParameters.batchSize",
        "from 1 to 64",
    ),
]


@pytest.mark.parametrize(
    ("kind", "mutate", "path", "words"),
    [pytest.param(k, m, p, w, id=i) for i, k, m, p, w in INVALID],
)
def test_invalid_requests_are_caught_at_the_field(
    kind: str, mutate: Mutation, path: str, words: str
) -> None:
    request = valid_request(kind)
    mutate(request)
    found = errors(request)
    assert path in found, f"no error at {path}; got {found}"
    assert words in found[path], found[path]


@pytest.mark.parametrize(
    ("kind", "mutate"),
    [
        pytest.param("FINE_TUNING", _set("jobName", "a"), id="jobName one char"),
        pytest.param("FINE_TUNING", _set("jobName", "a" * 63), id="jobName 63"),
        pytest.param("FINE_TUNING", _set("jobName", "job-1.0+rc"), id="jobName symbols"),
        pytest.param("FINE_TUNING", _set("jobName", "job-"), id="jobName trailing dash"),
        pytest.param("FINE_TUNING", _set("customModelName", "a_b-c"), id="model name separators"),
        pytest.param(
            "FINE_TUNING",
            _set("roleArn", "arn:aws-cn:iam::123456789012:role/a/b"),
            id="role china path",
        ),
        pytest.param("FINE_TUNING", _set("roleArn", "arn:aws:iam:::role/x"), id="role no account"),
        pytest.param(
            "FINE_TUNING", _set("customModelKmsKeyId", "alias/my-key_1/x"), id="kms alias"
        ),
        pytest.param(
            "FINE_TUNING",
            _set("customModelKmsKeyId", "1234abcd-12ab-34cd-56ef-1234567890ab"),
            id="kms id",
        ),
        pytest.param(
            "FINE_TUNING",
            _set(
                "customModelKmsKeyId",
                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            ),
            id="kms arn",
        ),
        pytest.param("FINE_TUNING", _set("jobTags", []), id="no tags"),
        pytest.param("FINE_TUNING", _set("jobTags.0.value", ""), id="empty tag value"),
        pytest.param(
            "FINE_TUNING",
            _set("jobTags", [{"key": f"k{i}", "value": ""} for i in range(200)]),
            id="200 tags",
        ),
        pytest.param(
            "FINE_TUNING", _set("validationDataConfig.validators", []), id="zero validators"
        ),
        pytest.param(
            "FINE_TUNING", _set("outputDataConfig.s3Uri", "s3://my.bucket-1"), id="s3 bucket only"
        ),
        pytest.param(
            "FINE_TUNING",
            _set("trainingDataConfig.s3Uri", "s3://bucket/a/(b)/c*'!.jsonl"),
            id="s3 odd chars",
        ),
        pytest.param("FINE_TUNING", _set("hyperParameters", {}), id="no hyperparameters"),
        pytest.param("FINE_TUNING", _set("hyperParameters.learningRate", "1e-4"), id="lr at max"),
        pytest.param(
            "FINE_TUNING", _set("hyperParameters.learningRate", "0.000001"), id="lr at min"
        ),
        pytest.param("FINE_TUNING", _set("hyperParameters.epochCount", "+5"), id="plus sign"),
        pytest.param("FINE_TUNING", _delete("customizationType"), id="type defaults to FT"),
        pytest.param(
            "FINE_TUNING",
            _set(
                "baseModelIdentifier",
                "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k",
            ),
            id="foundation arn",
        ),
        pytest.param("FINE_TUNING", _set("clientRequestToken", "a" * 256), id="token 256"),
        pytest.param(
            "FINE_TUNING",
            _set("vpcConfig", {"subnetIds": ["subnet-1"] * 16, "securityGroupIds": ["sg-1"] * 5}),
            id="vpc at limits",
        ),
        pytest.param(
            "DISTILLATION",
            _set(
                "trainingDataConfig.invocationLogsConfig.requestMetadataFilters",
                {"andAll": [{"equals": {"a": "b"}, "notEquals": {"c": "d"}}]},
            ),
            id="andAll with both",
        ),
        pytest.param(
            "DISTILLATION",
            _set(
                "trainingDataConfig.invocationLogsConfig.requestMetadataFilters",
                {"orAll": [{"equals": {"k": "v"}}] * 16},
            ),
            id="orAll 16",
        ),
        pytest.param(
            "DISTILLATION",
            _delete("trainingDataConfig.invocationLogsConfig.requestMetadataFilters"),
            id="no filters",
        ),
        pytest.param(
            "DISTILLATION",
            _set("trainingDataConfig", {"s3Uri": "s3://bucket/prompts.jsonl"}),
            id="distillation from s3",
        ),
        pytest.param(
            "REINFORCEMENT_FINE_TUNING",
            _delete("customizationConfig.rftConfig.hyperParameters"),
            id="rft no hyper",
        ),
        pytest.param(
            "REINFORCEMENT_FINE_TUNING",
            _set("customizationConfig.rftConfig.hyperParameters.learningRate", 0.001),
            id="rft lr at max",
        ),
    ],
)
def test_valid_edge_cases_pass(kind: str, mutate: Mutation) -> None:
    request = valid_request(kind)
    mutate(request)
    assert errors(request) == {}


def test_toml_numbers_are_sent_as_strings() -> None:
    request = valid_request()
    request["hyperParameters"] = {"epochCount": 3, "learningRate": 5e-5}
    draft = Draft(request, toml_numbers=True)
    assert draft.validate().ok
    kwargs = draft.to_request().to_boto3()
    assert kwargs["hyperParameters"] == {"epochCount": "3", "learningRate": "5e-5"}


def test_toml_booleans_are_not_numbers() -> None:
    request = valid_request()
    request["hyperParameters"] = {"epochCount": True}
    found = {p.path: p.message for p in Draft(request, toml_numbers=True).validate().errors}
    assert "must be a string, not true" in found["hyperParameters.epochCount"]


def test_draft_to_request_lists_every_error() -> None:
    request = valid_request()
    request["jobName"] = "bad name"
    request["hyperParameters"]["epochCount"] = "9"
    with pytest.raises(InvalidDraft) as raised:
        Draft(request).to_request()
    paths = [p.path for p in raised.value.report.errors]
    assert paths == ["jobName", "hyperParameters.epochCount"]


def test_empty_draft_reports_the_required_fields_in_request_order() -> None:
    report = Draft({}).validate()
    assert [p.path for p in report.errors] == [
        "jobName",
        "customModelName",
        "roleArn",
        "baseModelIdentifier",
        "trainingDataConfig",
        "outputDataConfig",
    ]


# --- hyperparameters per family --------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "hyper", "bad"),
    [
        (
            "amazon.titan-image-generator-v2:0",
            {"batchSize": "8"},
            {"hyperParameters.stepCount": "required"},
        ),
        ("amazon.titan-image-generator-v2:0", {"stepCount": "auto"}, {}),
        ("amazon.titan-image-generator-v2:0", {"stepCount": "AUTO"}, {}),
        (
            "amazon.titan-image-generator-v2:0",
            {"stepCount": "9"},
            {"hyperParameters.stepCount": "from 10 to 40000"},
        ),
        ("amazon.titan-embed-image-v1:0", {"epochCount": "Auto", "batchSize": "256"}, {}),
        (
            "amazon.titan-embed-image-v1:0",
            {"batchSize": "576"},
            {"hyperParameters.epochCount": "required"},
        ),
        (
            "amazon.titan-embed-image-v1:0",
            {"epochCount": "10", "batchSize": "255"},
            {"hyperParameters.batchSize": "from 256 to 9216"},
        ),
        (
            "meta.llama3-1-8b-instruct-v1:0:128k",
            {"batchSize": "2"},
            {"hyperParameters.batchSize": "fixed at 1"},
        ),
        (
            "meta.llama3-1-8b-instruct-v1:0:128k",
            {"epochCount": "10", "batchSize": "1", "learningRate": "0.1"},
            {},
        ),
        (
            "anthropic.claude-3-haiku-20240307-v1:0:200k",
            {"learningRateMultiplier": "2.5"},
            {"hyperParameters.learningRateMultiplier": "from 0.1 to 2"},
        ),
        (
            "anthropic.claude-3-haiku-20240307-v1:0:200k",
            {"earlyStoppingThreshold": "0.1", "earlyStoppingPatience": "10", "batchSize": "4"},
            {},
        ),
        (
            "anthropic.claude-3-haiku-20240307-v1:0:200k",
            {"learningRate": "0.0001"},
            {"hyperParameters.learningRate": "learningRateMultiplier"},
        ),
        (
            "cohere.command-text-v14:7:4k",
            {"batchSize": "16"},
            {"hyperParameters.batchSize": "fixed at 8"},
        ),
        ("cohere.command-light-text-v14:7:4k", {"batchSize": "32", "evalPercentage": "50"}, {}),
        ("amazon.nova-canvas-v1:0", {"stepCount": "20000", "batchSize": "192"}, {}),
        (
            "amazon.nova-canvas-v1:0",
            {"stepCount": "20001"},
            {"hyperParameters.stepCount": "from 10 to 20000"},
        ),
        ("amazon.titan-text-express-v1:0:8k", {"learningRate": "1"}, {}),
        (
            "amazon.titan-text-express-v1:0:8k",
            {"learningRate": "1.5"},
            {"hyperParameters.learningRate": "from 0 to 1"},
        ),
    ],
)
def test_hyperparameters_follow_the_family_table(
    model: str, hyper: dict[str, str], bad: dict[str, str]
) -> None:
    request = valid_request()
    request["baseModelIdentifier"] = model
    request["hyperParameters"] = hyper
    request.pop("validationDataConfig")
    found = errors(request)
    assert set(found) == set(bad), found
    for path, words in bad.items():
        assert words in found[path]


def test_undocumented_family_gives_warnings_not_errors() -> None:
    request = valid_request()
    request["baseModelIdentifier"] = "meta.llama3-3-70b-instruct-v1:0:128k"
    request["hyperParameters"] = {"epochCount": "50", "bogus": "1"}
    report = validate_request(request, region="us-west-2")
    assert report.ok
    warned = {p.path for p in report.warnings}
    assert {"hyperParameters.epochCount", "hyperParameters.bogus", "hyperParameters"} <= warned


def test_unknown_model_takes_free_form_hyperparameters_with_a_warning() -> None:
    request = valid_request()
    request["baseModelIdentifier"] = "acme.super-model-v9:0"
    request["hyperParameters"] = {"anything": "goes"}
    report = validate_request(request)
    assert report.ok
    assert {p.path for p in report.warnings} == {"baseModelIdentifier", "hyperParameters"}


def test_custom_model_base_uses_its_foundation_family() -> None:
    request = valid_request()
    request["baseModelIdentifier"] = (
        "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-micro-v1:0:128k/abcdefghij12"
    )
    request["hyperParameters"] = {"epochCount": "9"}
    assert "hyperParameters.epochCount" in errors(request)


# --- warnings from the catalog ---------------------------------------------------------------


def test_region_outside_the_models_regions_is_a_warning() -> None:
    found = warnings(valid_request(), region="us-west-2")
    assert "us-east-1, not us-west-2" in found["baseModelIdentifier"]


def test_missing_context_suffix_is_a_warning_naming_the_right_id() -> None:
    request = valid_request()
    request["baseModelIdentifier"] = "amazon.nova-micro-v1:0"
    assert "amazon.nova-micro-v1:0:128k" in warnings(request)["baseModelIdentifier"]


def test_unsupported_customization_type_is_a_warning() -> None:
    request = valid_request()
    request["customizationType"] = "CONTINUED_PRE_TRAINING"
    assert "not CONTINUED_PRE_TRAINING" in warnings(request)["baseModelIdentifier"]


def test_a_misspelt_type_is_named_with_the_right_spelling_and_hides_nothing() -> None:
    request = valid_request()
    request["customizationType"] = "FINE_TUNNING"
    request["hyperParameters"] = {"epochCount": "99"}
    report = validate_request(request, region="us-east-1")
    found = {p.path: p.message for p in report.errors}
    assert found["customizationType"].endswith(
        "(it is 'FINE_TUNNING'); did you mean 'FINE_TUNING'?"
    )
    assert found["hyperParameters.epochCount"] == "Epochs: must be from 1 to 5 (it is 99)"
    assert report.warnings == [], "no 'supports ..., not FINE_TUNNING' noise"


def test_hyperparameters_are_checked_under_a_type_that_is_no_type() -> None:
    request = valid_request()
    request["customizationType"] = "SOMETHING"
    request["hyperParameters"] = {"epochCount": "99", "epochs": "2"}
    found = errors(request)
    assert "did you mean" not in found["customizationType"]
    assert "from 1 to 5" in found["hyperParameters.epochCount"]
    assert "did you mean 'epochCount'" in found["hyperParameters.epochs"]


def test_imported_placeholder_is_flagged() -> None:
    request = valid_request()
    request["customizationType"] = "IMPORTED"
    assert "placeholder" in warnings(request)["customizationType"]


def test_undocumented_teacher_student_pair_is_a_warning() -> None:
    request = valid_request("DISTILLATION")
    request["baseModelIdentifier"] = "amazon.nova-pro-v1:0:300k"
    path = "customizationConfig.distillationConfig.teacherModelConfig.teacherModelIdentifier"
    assert "not amazon.nova-pro-v1:0:300k" in warnings(request)[path]
    request["customizationConfig"]["distillationConfig"]["teacherModelConfig"][
        "teacherModelIdentifier"
    ] = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-premier-v1:0"
    assert path not in warnings(request)


def test_profile_only_teacher_by_id_is_a_warning() -> None:
    request = valid_request("DISTILLATION")
    request["customizationConfig"]["distillationConfig"]["teacherModelConfig"][
        "teacherModelIdentifier"
    ] = "amazon.nova-premier-v1:0"
    path = "customizationConfig.distillationConfig.teacherModelConfig.teacherModelIdentifier"
    assert "inference profile" in warnings(request)[path]


def test_validation_set_for_a_model_without_one_is_a_warning() -> None:
    request = valid_request()
    request["baseModelIdentifier"] = "amazon.titan-image-generator-v2:0"
    request["hyperParameters"] = {"stepCount": "auto"}
    assert "no validation" in warnings(request)["validationDataConfig"]
