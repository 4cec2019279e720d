"""The service role's documents: the trust policy Bedrock needs, a scoped access policy, and
reading a role's trust as IAM returns it (a dict, plain JSON or URL-encoded JSON), conditions
included: what AWS would check when Bedrock assumes the role for a new job."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

import pytest

from ftui.core.s3_uris import split_s3_uri
from ftui.core.service_role import (
    Trust,
    access_policy,
    bedrock_trust,
    has_source_account_condition,
    trust_policy,
)

ACCOUNT = "123456789012"
OTHER_ACCOUNT = "999999999999"
REGION = "us-east-1"
JOBS = f"arn:aws:bedrock:{REGION}:{ACCOUNT}:model-customization-job/*"


def read(document: Any, region: str | None = REGION) -> Trust:
    return bedrock_trust(document, account=ACCOUNT, region=region)


def trusted(document: Any) -> bool:
    return read(document).status == "trusted"


def trust(service: Any, **extra: Any) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return {"Version": "2012-10-17", "Statement": [statement | extra]}


def test_the_trust_policy_lets_bedrock_assume_the_role_for_this_account_only() -> None:
    policy = trust_policy(ACCOUNT)
    (statement,) = policy["Statement"]
    assert statement["Principal"] == {"Service": "bedrock.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRole"
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    assert read(policy) == Trust("trusted") and has_source_account_condition(policy)


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
    assert trusted(document)


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
    assert not trusted(document)


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


def test_the_trust_ftui_writes_holds_for_jobs_of_its_region_only() -> None:
    # The realistic case: a role made by Ctrl+N for us-east-1, reused for a job in us-west-2.
    made = trust_policy(ACCOUNT, "us-east-1")
    assert read(made, "us-east-1") == Trust("trusted")
    elsewhere = read(made, "us-west-2")
    assert elsewhere.stops
    assert elsewhere.reason == (
        f"trusts bedrock.amazonaws.com only for ArnLike aws:SourceArn {JOBS} (this job's ARN is"
        f" arn:aws:bedrock:us-west-2:{ACCOUNT}:model-customization-job/…)"
    )


def when(**condition: Any) -> dict[str, Any]:
    return trust("bedrock.amazonaws.com", Condition=condition)


@pytest.mark.parametrize(
    ("document", "named"),
    [
        (
            when(StringEquals={"aws:SourceAccount": OTHER_ACCOUNT}),
            f"this job's account is {ACCOUNT}",
        ),
        (when(StringLike={"aws:SourceAccount": "9*"}), "StringLike aws:SourceAccount 9*"),
        (
            when(ArnLike={"aws:SourceArn": JOBS.replace(REGION, "eu-west-1")}),
            "arn:aws:bedrock:eu-west-1:",
        ),
        (
            when(ArnEquals={"aws:SourceArn": JOBS.replace(ACCOUNT, OTHER_ACCOUNT)}),
            f"ArnEquals aws:SourceArn arn:aws:bedrock:{REGION}:{OTHER_ACCOUNT}",
        ),
        (
            when(ArnLike={"aws:SourceArn": JOBS.replace("customization", "invocation")}),
            "model-invocation-job/*",
        ),
        (
            when(StringEquals={"aws:SourceArn": JOBS}),
            "StringEquals reads * and ? as themselves, ArnLike as wildcards",
        ),
        (
            when(
                StringEquals={"aws:SourceAccount": ACCOUNT},
                ArnLike={"aws:SourceArn": [JOBS.replace(REGION, "eu-west-1")]},
            ),
            "eu-west-1",
        ),
        (when(StringNotEquals={"aws:SourceAccount": ACCOUNT}), "StringNotEquals"),
    ],
    ids=[
        "other-account",
        "account-pattern",
        "other-region",
        "other-account-jobs",
        "other-resource-type",
        "string-equals-star",
        "one-of-two",
        "not-this-account",
    ],
)
def test_a_condition_no_new_job_meets_stops_bedrock_and_is_named(
    document: dict[str, Any], named: str
) -> None:
    reading = read(document)
    assert reading.stops
    assert reading.reason.startswith("trusts bedrock.amazonaws.com only for ")
    assert named in reading.reason


@pytest.mark.parametrize(
    "document",
    [
        when(StringEquals={"aws:SourceAccount": ACCOUNT}),
        when(StringEquals={"aws:SourceAccount": [OTHER_ACCOUNT, ACCOUNT]}),
        when(stringlike={"AWS:SourceAccount": "1234567890??"}),
        when(StringEqualsIfExists={"aws:SourceAccount": ACCOUNT}),
        when(ArnLike={"aws:SourceArn": JOBS}),
        when(ArnEquals={"aws:SourceArn": JOBS.replace(REGION, "*")}),
        when(ArnLike={"aws:SourceArn": f"arn:aws:bedrock:us-*:{ACCOUNT}:*"}),
        when(StringLike={"aws:SourceArn": f"arn:aws:bedrock:{REGION}:{ACCOUNT}:*"}),
        when(ArnNotLike={"aws:SourceArn": JOBS.replace("customization", "invocation")}),
        {
            "Statement": [
                *when(StringEquals={"aws:SourceAccount": OTHER_ACCOUNT})["Statement"],
                *when(StringEquals={"aws:SourceAccount": ACCOUNT})["Statement"],
            ]
        },
        {
            "Statement": [
                *trust("bedrock.amazonaws.com")["Statement"],
                *trust(
                    "bedrock.amazonaws.com",
                    Effect="Deny",
                    Condition={"StringNotEquals": {"aws:SourceAccount": ACCOUNT}},
                )["Statement"],
            ]
        },
    ],
    ids=[
        "account",
        "account-list",
        "operator-case",
        "if-exists",
        "jobs",
        "arn-equals-wildcard",
        "us-regions",
        "string-like",
        "not-invocation-jobs",
        "second-statement",
        "deny-other-accounts",
    ],
)
def test_conditions_every_new_job_meets_trust_bedrock(document: dict[str, Any]) -> None:
    assert read(document) == Trust("trusted")


@pytest.mark.parametrize(
    ("document", "named"),
    [
        (
            when(StringEquals={"aws:SourceOrgID": "o-abc123"}),
            "StringEquals aws:SourceOrgID o-abc123 (ftui cannot evaluate this condition)",
        ),
        (
            when(ArnLike={"aws:SourceArn": JOBS.replace("/*", "/amazon.nova*")}),
            "(it depends on the job: this job's ARN is",
        ),
        (
            {
                "Statement": [
                    *when(StringEquals={"aws:SourceAccount": ACCOUNT})["Statement"],
                    *trust(
                        "bedrock.amazonaws.com",
                        Effect="Deny",
                        Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
                    )["Statement"],
                ]
            },
            "may deny bedrock.amazonaws.com: IpAddress aws:SourceIp 10.0.0.0/8",
        ),
    ],
    ids=["unknown-key", "some-models", "conditional-deny"],
)
def test_a_condition_ftui_cannot_settle_is_unsure_not_a_stop(
    document: dict[str, Any], named: str
) -> None:
    reading = read(document)
    assert reading.status == "unsure" and not reading.stops
    assert named in reading.reason


def test_without_a_region_only_a_plainly_other_resource_type_stops() -> None:
    # The roles picker before a region is known: any region's jobs may be the job.
    assert read(trust_policy(ACCOUNT, "eu-west-1"), region=None) == Trust("trusted")
    invocation = when(ArnLike={"aws:SourceArn": JOBS.replace("customization", "invocation")})
    assert read(invocation, region=None).stops
