"""The service role's documents: the trust policy Bedrock needs, a scoped access policy, and
reading a role's trust as IAM returns it (a dict, plain JSON or URL-encoded JSON)."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

import pytest

from ftui.core.s3_uris import split_s3_uri
from ftui.core.service_role import (
    access_policy,
    has_source_account_condition,
    trust_policy,
    trusts_bedrock,
)

ACCOUNT = "123456789012"


def trust(service: Any, **extra: Any) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return {"Version": "2012-10-17", "Statement": [statement | extra]}


def test_the_trust_policy_lets_bedrock_assume_the_role_for_this_account_only() -> None:
    policy = trust_policy(ACCOUNT)
    (statement,) = policy["Statement"]
    assert statement["Principal"] == {"Service": "bedrock.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRole"
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    assert trusts_bedrock(policy) and has_source_account_condition(policy)


def test_given_a_region_the_trust_is_limited_to_its_customization_jobs() -> None:
    (statement,) = trust_policy(ACCOUNT, "us-west-2")["Statement"]
    assert statement["Condition"]["ArnLike"] == {
        "aws:SourceArn": f"arn:aws:bedrock:us-west-2:{ACCOUNT}:model-customization-job/*"
    }


@pytest.mark.parametrize(
    "document",
    [
        trust("bedrock.amazonaws.com"),
        trust(["lambda.amazonaws.com", "bedrock.amazonaws.com"]),
        trust("bedrock.amazonaws.com", Action=["sts:TagSession", "sts:AssumeRole"]),
        trust("bedrock.amazonaws.com", Action="STS:AssumeRole"),
        json.dumps(trust("bedrock.amazonaws.com")),
        urllib.parse.quote(json.dumps(trust("bedrock.amazonaws.com"))),
        {"Statement": trust("bedrock.amazonaws.com")["Statement"][0]},  # one statement, no list
    ],
    ids=["string", "list", "actions", "case", "json", "url-encoded", "single-statement"],
)
def test_a_trust_naming_bedrock_is_read_in_every_shape_iam_sends(document: Any) -> None:
    assert trusts_bedrock(document)


@pytest.mark.parametrize(
    "document",
    [
        trust("ec2.amazonaws.com"),
        trust("bedrock.amazonaws.com", Effect="Deny"),
        trust("bedrock.amazonaws.com", Action="sts:TagSession"),
        {"Statement": [{"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "*"}]},
        {
            "Statement": [
                *trust("bedrock.amazonaws.com")["Statement"],
                *trust("bedrock.amazonaws.com", Effect="Deny")["Statement"],
            ]
        },
        "not json",
        "%7Bbroken",
        "[]",
        {},
    ],
    ids=[
        "ec2",
        "deny",
        "other-action",
        "account",
        "allow-and-deny",
        "text",
        "bad-url",
        "list",
        "empty",
    ],
)
def test_a_role_bedrock_cannot_assume_is_not_trusted(document: Any) -> None:
    assert not trusts_bedrock(document)


def test_a_trust_without_source_account_is_told_apart() -> None:
    assert not has_source_account_condition(trust("bedrock.amazonaws.com"))
    lower = trust("bedrock.amazonaws.com", Condition={"StringLike": {"AWS:SourceAccount": ACCOUNT}})
    assert has_source_account_condition(lower)
    assert not has_source_account_condition(trust("ec2.amazonaws.com", Condition=lower))


def test_the_access_policy_is_scoped_to_the_chosen_buckets_and_prefixes() -> None:
    policy = access_policy(
        read=["s3://data/train/train.jsonl", "s3://data/train/validation.jsonl", "s3://images/"],
        write=["s3://out/jobs/"],
        kms_key="arn:aws:kms:us-east-1:123456789012:key/abc",
    )
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert by_sid["ReadTrainingData"]["Action"] == ["s3:GetObject"]
    assert by_sid["ReadTrainingData"]["Resource"] == [
        "arn:aws:s3:::data/train/train.jsonl",
        "arn:aws:s3:::data/train/validation.jsonl",
        "arn:aws:s3:::images/*",
    ]
    assert by_sid["WriteOutput"]["Action"] == ["s3:GetObject", "s3:PutObject"]
    assert by_sid["WriteOutput"]["Resource"] == ["arn:aws:s3:::out/jobs/*"]
    assert by_sid["ListDataBuckets"]["Resource"] == [
        "arn:aws:s3:::data",
        "arn:aws:s3:::images",
        "arn:aws:s3:::out",
    ]
    assert by_sid["UseModelKey"]["Action"] == ["kms:Decrypt", "kms:GenerateDataKey"]
    assert "*" not in json.dumps(policy).replace("/*", "")


def test_an_output_without_trailing_slash_is_still_a_folder() -> None:
    (write, _) = access_policy(read=[], write=["s3://out/run-7"])["Statement"]
    assert write["Resource"] == ["arn:aws:s3:::out/run-7*"]


def test_no_key_no_kms_statement() -> None:
    policy = access_policy(read=["s3://d/t.jsonl"], write=["s3://o/"])
    assert all(s["Sid"] != "UseModelKey" for s in policy["Statement"])


@pytest.mark.parametrize("uri", ["https://b/k", "s3://", "s3:/b/k", "b/k"])
def test_a_location_that_is_not_s3_is_refused(uri: str) -> None:
    with pytest.raises(ValueError):
        split_s3_uri(uri)
    with pytest.raises(ValueError):
        access_policy(read=[uri], write=[])


@pytest.mark.parametrize(
    "key",
    [
        "alias/ftui-demo-models",
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/ftui-demo-models",
    ],
    ids=["alias", "key-id", "alias-arn"],
)
def test_a_key_named_otherwise_than_by_its_arn_is_refused(key: str) -> None:
    # IAM answers MalformedPolicyDocument to an alias or id, and an alias ARN grants nothing
    # on the key behind it.
    with pytest.raises(ValueError, match="not a KMS key ARN"):
        access_policy(read=["s3://d/t.jsonl"], write=[], kms_key=key)
