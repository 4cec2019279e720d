"""What the pickers list, read from the emulator: buckets and folders, roles, networks, keys,
graders, teachers and log locations, a page at a time, cached for the session."""

from __future__ import annotations

import json
import uuid
from functools import partial
from typing import Any, TypeVar

import pytest

from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.resources import (
    Page,
    PageKey,
    ResourceCache,
    ec2,
    iam,
    kms,
    lambdas,
    logs,
    s3,
    teachers,
)
from ftui.sim.server import SimServer
from ftui.sim.world import (
    DATA_BUCKET,
    GRADER_ARN,
    KMS_ALIAS,
    LOGS_BUCKET,
    OUTPUT_BUCKET,
    ROLE_ARN,
    ROLE_NAME,
    UNTRUSTED_ROLE_NAME,
)

T = TypeVar("T")


def session_for(sim: SimServer, region: str = "us-east-1") -> AwsSession:
    # One attempt: a fault shows as the error it is, not hidden by botocore's retries.
    return AwsSession(AwsTarget(region=region, endpoint_url=sim.endpoint_url), max_attempts=1)


def ok(outcome: Outcome[Page[T]]) -> Page[T]:
    assert isinstance(outcome, Ok), outcome
    return outcome.value


def unique(stem: str) -> str:
    return f"{stem}-{uuid.uuid4().hex[:8]}"


def calls(sim: SimServer, operation: str) -> int:
    return sum(1 for c in sim.calls.entries() if c["operation"] == operation)


# --- S3 -----------------------------------------------------------------------------------


def test_buckets_come_with_their_regions(aws_env: SimServer) -> None:
    west = unique("ftui-test-west")
    aws_env.account.client("s3", "us-west-2").create_bucket(
        Bucket=west, CreateBucketConfiguration={"LocationConstraint": "us-west-2"}
    )
    page = ok(s3.list_buckets(session_for(aws_env), "us-east-1"))
    regions = {b.name: b.region for b in page.items}
    assert regions[DATA_BUCKET] == "us-east-1"  # LocationConstraint None means us-east-1
    assert regions[west] == "us-west-2"
    assert page.next_token is None
    data = next(b for b in page.items if b.name == DATA_BUCKET)
    assert data.value == f"s3://{DATA_BUCKET}/"


def test_buckets_page_and_filter_by_prefix(aws_env: SimServer) -> None:
    session = session_for(aws_env)
    first = ok(s3.list_buckets(session, "us-east-1", prefix="ftui-demo-", page_size=2))
    assert len(first.items) == 2 and first.next_token is not None
    rest = ok(s3.list_buckets(session, "us-east-1", prefix="ftui-demo-", token=first.next_token))
    names = [b.name for b in [*first.items, *rest.items]]
    assert len(names) == len(set(names))
    assert {DATA_BUCKET, OUTPUT_BUCKET, LOGS_BUCKET} <= set(names)
    assert all(name.startswith("ftui-demo-") for name in names)
    assert rest.next_token is None


def test_a_bucket_whose_location_is_denied_is_listed_without_a_region(aws_env: SimServer) -> None:
    with aws_env.fault("access-denied:GetBucketLocation"):
        page = ok(s3.list_buckets(session_for(aws_env), "us-east-1", prefix="ftui-demo-"))
    assert {DATA_BUCKET, OUTPUT_BUCKET, LOGS_BUCKET} <= {b.name for b in page.items}
    assert all(b.region is None for b in page.items)
    assert page.items[0].cells[1] == "region unknown"


def test_a_folder_lists_its_folders_then_its_objects(aws_env: SimServer) -> None:
    session = session_for(aws_env)
    top = ok(s3.list_folder(session, "us-east-1", DATA_BUCKET))
    assert [e.folder for e in top.items] == sorted((e.folder for e in top.items), reverse=True)
    assert "support/" in [e.name for e in top.items if e.folder]
    support = ok(s3.list_folder(session, "us-east-1", DATA_BUCKET, "support/"))
    train = next(e for e in support.items if e.name == "train.jsonl")
    assert train.value == f"s3://{DATA_BUCKET}/support/train.jsonl"
    assert not train.folder and train.size and train.size > 1000
    assert train.modified is not None and train.modified.tzinfo is not None
    assert train.cells[1].endswith("KB")


def test_a_folder_pages_by_continuation_token(aws_env: SimServer) -> None:
    bucket = unique("ftui-test-many")
    client = aws_env.account.client("s3", "us-east-1")
    client.create_bucket(Bucket=bucket)
    keys = [f"data/part-{i:03d}.jsonl" for i in range(25)]
    for key in keys:
        client.put_object(Bucket=bucket, Key=key, Body=b"{}\n")
    session = session_for(aws_env)
    seen: list[str] = []
    token: str | None = None
    pages = 0
    while True:
        page = ok(s3.list_folder(session, "us-east-1", bucket, "data/", token=token, page_size=10))
        pages += 1
        seen += [e.value for e in page.items]
        token = page.next_token
        if token is None:
            break
    assert pages == 3
    assert seen == [f"s3://{bucket}/{key}" for key in keys]


def test_a_typed_prefix_is_sent_to_s3(aws_env: SimServer) -> None:
    page = ok(s3.list_folder(session_for(aws_env), "us-east-1", DATA_BUCKET, "support/tr"))
    names = [e.name for e in page.items]
    assert names and all(name.startswith("tr") for name in names)
    assert "validation.jsonl" not in names


def test_a_missing_bucket_is_an_error_not_an_empty_folder(aws_env: SimServer) -> None:
    got = s3.list_folder(session_for(aws_env), "us-east-1", unique("ftui-test-missing"))
    assert isinstance(got, AwsError) and got.code == "NoSuchBucket"


# --- IAM ----------------------------------------------------------------------------------


def test_roles_say_whether_bedrock_may_assume_them(aws_env: SimServer) -> None:
    page = ok(iam.list_roles(session_for(aws_env), page_size=1000))
    roles = {r.name: r for r in page.items}
    assert roles[ROLE_NAME].trusted and roles[ROLE_NAME].value == ROLE_ARN
    assert not roles[UNTRUSTED_ROLE_NAME].trusted
    assert roles[ROLE_NAME].cells[1] == iam.TRUSTED
    assert roles[UNTRUSTED_ROLE_NAME].cells[1] == iam.UNTRUSTED


def test_a_role_for_another_regions_jobs_is_marked_not_bedrock_in_that_region(
    aws_env: SimServer,
) -> None:
    from ftui.core.service_role import trust_policy

    client = aws_env.account.client("iam", "us-east-1")
    east = unique("EastJobsRole")
    client.create_role(
        RoleName=east,
        AssumeRolePolicyDocument=json.dumps(trust_policy("123456789012", "us-east-1")),
    )
    session = session_for(aws_env)

    def listed(region: str | None) -> iam.Role:
        page = ok(iam.list_roles(session, region=region, page_size=1000))
        return next(r for r in page.items if r.name == east)

    assert listed("us-east-1").trusted
    assert listed(None).trusted, "the account is the role's own: its SourceAccount holds"
    west = listed("us-west-2")
    assert not west.trusted and west.cells[1] == iam.UNTRUSTED
    assert "arn:aws:bedrock:us-east-1:" in west.trust_note


def test_thirty_roles_page_by_marker(aws_env: SimServer) -> None:
    client = aws_env.account.client("iam", "us-east-1")
    stem = unique("PagingRole")
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "bedrock.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )
    made = {f"{stem}-{i:02d}" for i in range(30)}
    for name in made:
        client.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
    session = session_for(aws_env)
    names: list[str] = []
    token: str | None = None
    pages = 0
    while True:
        page = ok(iam.list_roles(session, token=token, page_size=7))
        assert len(page.items) <= 7
        pages += 1
        names += [r.name for r in page.items]
        token = page.next_token
        if token is None:
            break
    assert made <= set(names)
    assert len(names) == len(set(names))  # no role twice across pages
    assert pages >= 5


# --- EC2 ----------------------------------------------------------------------------------


def demo_vpc(session: AwsSession) -> ec2.Vpc:
    return next(v for v in ok(ec2.list_vpcs(session, "us-east-1")).items if v.name == "ml-training")


def test_the_demo_vpc_its_subnets_and_security_groups(aws_env: SimServer) -> None:
    session = session_for(aws_env)
    vpc = demo_vpc(session)
    assert vpc.cidr == "10.42.0.0/16" and not vpc.default
    subnets = ok(ec2.list_subnets(session, "us-east-1", vpc.id)).items
    assert sorted((s.zone, s.cidr, s.name) for s in subnets) == [
        ("us-east-1a", "10.42.0.0/24", "ml-training-private-a"),
        ("us-east-1b", "10.42.1.0/24", "ml-training-private-b"),
    ]
    assert all(s.value.startswith("subnet-") and s.vpc_id == vpc.id for s in subnets)
    groups = ok(ec2.list_security_groups(session, "us-east-1", vpc.id)).items
    assert "bedrock-training" in {g.name for g in groups}
    assert all(g.vpc_id == vpc.id for g in groups)


def test_chosen_subnets_name_their_vpc(aws_env: SimServer) -> None:
    session = session_for(aws_env)
    vpc = demo_vpc(session)
    subnet = ok(ec2.list_subnets(session, "us-east-1", vpc.id)).items[0]
    assert ec2.vpc_of(session, "us-east-1", subnet_ids=[subnet.id]) == Ok(vpc.id)
    group = ok(ec2.list_security_groups(session, "us-east-1", vpc.id)).items[0]
    assert ec2.vpc_of(session, "us-east-1", group_ids=[group.id]) == Ok(vpc.id)
    assert ec2.vpc_of(session, "us-east-1") == Ok(None)
    missing = ec2.vpc_of(session, "us-east-1", subnet_ids=["subnet-0000000000000dead"])
    assert isinstance(missing, AwsError)


class PagedClient:
    """Stands in for a boto3 client whose listing moto does not page (EC2, Lambda): answers
    ``pages`` in turn, each naming the next by ``token_key``, and records what was asked."""

    def __init__(self, member: str, token_key: str, pages: list[list[dict[str, Any]]]) -> None:
        self.member, self.token_key, self.pages = member, token_key, pages
        self.asked: list[dict[str, Any]] = []

    def answer(self, **params: Any) -> dict[str, Any]:
        self.asked.append(params)
        index = len(self.asked) - 1
        answer: dict[str, Any] = {self.member: self.pages[index]}
        if index + 1 < len(self.pages):
            answer[self.token_key] = f"after-{index}"
        return answer

    def __getattr__(self, name: str) -> Any:
        return self.answer


def test_subnets_page_by_next_token(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [[{"SubnetId": f"subnet-{p}{i}", "VpcId": "vpc-1"} for i in range(5)] for p in "ab"] + [
        [{"SubnetId": "subnet-c0", "VpcId": "vpc-1"}]
    ]
    client = PagedClient("Subnets", "NextToken", pages)
    session = AwsSession(AwsTarget(region="us-east-1"))
    monkeypatch.setattr(session, "client", lambda *_: client)
    seen: list[str] = []
    token: str | None = None
    while True:
        page = ok(ec2.list_subnets(session, "us-east-1", "vpc-1", token=token, page_size=2))
        seen += [s.id for s in page.items]
        token = page.next_token
        if token is None:
            break
    assert len(seen) == 11 and len(set(seen)) == 11
    assert [a.get("NextToken") for a in client.asked] == [None, "after-0", "after-1"]
    assert client.asked[0]["MaxResults"] == ec2.MIN_RESULTS  # EC2 refuses fewer than 5
    assert client.asked[0]["Filters"] == [{"Name": "vpc-id", "Values": ["vpc-1"]}]


def test_lambda_functions_page_by_marker(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [
        [{"FunctionName": f"f{p}{i}", "FunctionArn": f"arn:f{p}{i}"} for i in range(2)]
        for p in "abc"
    ]
    client = PagedClient("Functions", "NextMarker", pages)
    session = AwsSession(AwsTarget(region="us-east-1"))
    monkeypatch.setattr(session, "client", lambda *_: client)
    names: list[str] = []
    token: str | None = None
    while True:
        page = ok(lambdas.list_functions(session, "us-east-1", token=token, page_size=200))
        names += [f.name for f in page.items]
        token = page.next_token
        if token is None:
            break
    assert names == ["fa0", "fa1", "fb0", "fb1", "fc0", "fc1"]
    assert [a.get("Marker") for a in client.asked] == [None, "after-0", "after-1"]
    assert client.asked[0]["MaxItems"] == lambdas.MAX_ITEMS  # Lambda's most is 50


# --- KMS, Lambda --------------------------------------------------------------------------


def test_kms_aliases_come_first_then_keys_without_aws_managed_ones(aws_env: SimServer) -> None:
    client = aws_env.account.client("kms", "us-east-1")
    loose = client.create_key(Description="no alias")["KeyMetadata"]["KeyId"]
    session = session_for(aws_env)
    first = ok(kms.list_keys(session, "us-east-1"))
    assert [k.alias for k in first.items] == [KMS_ALIAS]
    alias = first.items[0]
    assert alias.value == KMS_ALIAS and alias.state == "Enabled"
    assert alias.description == "ftui demo: custom model encryption"
    assert first.next_token == "keys:"
    second = ok(kms.list_keys(session, "us-east-1", token=first.next_token))
    assert loose in {k.value for k in second.items}
    assert alias.key_id in {k.key_id for k in second.items}  # the picker shows it once
    assert not any(k.alias and k.alias.startswith("alias/aws/") for k in second.items)
    assert second.next_token is None


def test_a_key_is_named_by_its_arn_whichever_way_it_was_picked(aws_env: SimServer) -> None:
    client = aws_env.account.client("kms", "us-east-1")
    meta = client.describe_key(KeyId=KMS_ALIAS)["KeyMetadata"]
    alias_arn = meta["Arn"].replace(f"key/{meta['KeyId']}", KMS_ALIAS)
    session = session_for(aws_env)
    for given in (KMS_ALIAS, meta["KeyId"], alias_arn):
        assert kms.key_arn(session, given, "us-east-1") == Ok(meta["Arn"]), given
    aws_env.calls.clear()
    assert kms.key_arn(session, meta["Arn"], "us-east-1") == Ok(meta["Arn"])
    assert calls(aws_env, "DescribeKey") == 0, "a key ARN is its own answer"
    missing = kms.key_arn(session, "alias/ftui-resources-no-such-key", "us-east-1")
    assert isinstance(missing, AwsError) and missing.code == "NotFoundException"
    elsewhere = kms.key_arn(session, KMS_ALIAS, "us-west-2")
    assert isinstance(elsewhere, AwsError) and elsewhere.code == "NotFoundException"


def test_a_disabled_key_says_so(aws_env: SimServer) -> None:
    client = aws_env.account.client("kms", "us-east-1")
    key = client.create_key()["KeyMetadata"]["KeyId"]
    client.disable_key(KeyId=key)
    session = session_for(aws_env)
    keys = ok(kms.list_keys(session, "us-east-1", token="keys:")).items
    assert next(k for k in keys if k.key_id == key).state == "Disabled"


def test_the_grader_function(aws_env: SimServer) -> None:
    page = ok(lambdas.list_functions(session_for(aws_env), "us-east-1"))
    grader = next(f for f in page.items if f.value == GRADER_ARN)
    assert grader.name == "math-answer-grader" and grader.runtime == "python3.12"
    assert grader.cells[2][:4].isdigit()  # the day it was last changed


# --- teachers, invocation logs ------------------------------------------------------------


def test_teachers_of_nova_micro_in_us_east_1(aws_env: SimServer) -> None:
    page = ok(
        teachers.list_teachers(session_for(aws_env), "us-east-1", "amazon.nova-micro-v1:0:128k")
    )
    shown = [(t.shown_id, t.invocation) for t in page.items]
    assert ("amazon.nova-pro-v1:0", teachers.ON_DEMAND) in shown
    assert ("us.amazon.nova-pro-v1:0", teachers.PROFILE) in shown
    assert ("us.amazon.nova-premier-v1:0", teachers.PROFILE) in shown
    # Nova Premier is invoked only through a profile.
    assert ("amazon.nova-premier-v1:0", teachers.ON_DEMAND) not in shown
    profile = next(t for t in page.items if t.invocation == teachers.PROFILE)
    assert profile.value.startswith("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.")
    assert all(t.note == "" for t in page.items)  # the region lists them all


def test_no_teachers_for_a_student_elsewhere_or_unknown(aws_env: SimServer) -> None:
    session = session_for(aws_env)
    assert (
        ok(teachers.list_teachers(session, "us-west-2", "amazon.nova-micro-v1:0:128k")).items == []
    )
    assert ok(teachers.list_teachers(session, "us-east-1", "no.such-model-v1:0")).items == []


def test_teachers_without_the_model_list_come_from_the_catalog(aws_env: SimServer) -> None:
    with aws_env.fault("access-denied:ListFoundationModels"):
        page = ok(
            teachers.list_teachers(session_for(aws_env), "us-east-1", "amazon.nova-micro-v1:0:128k")
        )
    assert {t.name for t in page.items} == {"Nova Pro", "Nova Premier"}


def test_logging_not_configured_or_not_readable_is_no_location(aws_env: SimServer) -> None:
    session = session_for(aws_env)
    assert ok(logs.logging_location(session, "eu-west-1")).items == []
    with aws_env.fault("access-denied:GetModelInvocationLoggingConfiguration"):
        assert ok(logs.logging_location(session, "us-east-1")).items == []


def test_the_configured_logging_location(aws_env: SimServer) -> None:
    bucket = unique("ftui-test-logs")
    aws_env.account.client("s3", "us-west-2").create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "us-west-2"}
    )
    aws_env.account.client("bedrock", "us-west-2").put_model_invocation_logging_configuration(
        loggingConfig={"s3Config": {"bucketName": bucket, "keyPrefix": "chat-app"}}
    )
    page = ok(logs.logging_location(session_for(aws_env), "us-west-2"))
    assert [location.value for location in page.items] == [f"s3://{bucket}/chat-app/"]


# --- the cache ----------------------------------------------------------------------------


def test_a_cached_page_costs_no_call_until_refreshed(aws_env: SimServer) -> None:
    session = session_for(aws_env)
    cache = ResourceCache(session)
    key = PageKey(iam.ROLES, "", "", None)
    aws_env.calls.clear()
    first = cache.page(key, lambda: iam.list_roles(session))
    again = cache.page(key, lambda: iam.list_roles(session))
    assert again == first and calls(aws_env, "ListRoles") == 1
    assert cache.drop(iam.ROLES) == 1
    cache.page(key, lambda: iam.list_roles(session))
    assert calls(aws_env, "ListRoles") == 2


def test_a_failed_page_is_not_cached(aws_env: SimServer) -> None:
    session = session_for(aws_env)
    cache = ResourceCache(session)
    key = PageKey(lambdas.FUNCTIONS, "us-east-1", "", None)
    with aws_env.fault("access-denied:ListFunctions,count=1"):
        failed = cache.page(key, lambda: lambdas.list_functions(session, "us-east-1"))
    assert isinstance(failed, AwsError) and failed.code == "AccessDeniedException"
    assert cache.cached(key) is None
    assert isinstance(cache.page(key, lambda: lambdas.list_functions(session, "us-east-1")), Ok)


def test_a_refresh_drops_only_its_listing(aws_env: SimServer) -> None:
    session = session_for(aws_env)
    cache = ResourceCache(session)
    for region in ("us-east-1", "us-west-2"):
        cache.page(PageKey(ec2.VPCS, region, "", None), partial(ec2.list_vpcs, session, region))
    cache.page(PageKey(iam.ROLES, "", "", None), lambda: iam.list_roles(session))
    assert cache.drop(ec2.VPCS, "us-west-2") == 1
    assert len(cache) == 2
    cache.clear()
    assert len(cache) == 0


def test_the_cache_forgets_its_oldest_pages_past_its_limit() -> None:
    cache = ResourceCache(AwsSession(AwsTarget(region="us-east-1")), limit=3)
    for index in range(5):
        cache.page(PageKey("x", "", str(index), None), lambda: Ok(Page([])))
    assert len(cache) == 3
    assert cache.cached(PageKey("x", "", "0", None)) is None
    assert cache.cached(PageKey("x", "", "4", None)) is not None


def test_roles_bedrock_may_assume_come_first_then_by_name(aws_env: SimServer) -> None:
    page = ok(iam.list_roles(session_for(aws_env), page_size=1000))
    trusted = [r.trusted for r in page.items]
    assert trusted == sorted(trusted, reverse=True), "every trusted role before any other"
    names = [r.name.lower() for r in page.items if r.trusted]
    assert names == sorted(names)
