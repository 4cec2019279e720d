"""The call log: every AWS operation the emulator received, for tests to check what was sent."""

from __future__ import annotations

from typing import Any

import pytest

from ftui.cli import main
from ftui.sim.control import CallLog
from ftui.sim.operations import AwsRequest
from ftui.sim.server import SimServer
from tests.factories import valid_request
from tests.sim.conftest import client, control, send

READS = ("Get", "List", "Describe", "Head")


def calls(sim: SimServer) -> list[dict[str, Any]]:
    reply = control(sim, "GET", "/_ftui/calls")
    assert reply.status == 200
    return list(reply.json()["calls"])


def test_every_protocol_is_logged_with_its_operation(sim: SimServer) -> None:
    control(sim, "DELETE", "/_ftui/calls")
    client(sim, "bedrock", "us-west-2").list_model_customization_jobs()
    client(sim, "sts").get_caller_identity()  # query
    client(sim, "kms").list_aliases()  # JSON
    client(sim, "ec2", "eu-west-1").describe_vpcs()  # EC2
    s3 = client(sim, "s3")  # REST-XML
    s3.create_bucket(Bucket="logged")
    s3.put_object(Bucket="logged", Key="a/b.txt", Body=b"x")
    s3.list_objects_v2(Bucket="logged")
    client(sim, "lambda").list_functions()  # REST-JSON, moto's
    assert calls(sim) == [
        {"service": "bedrock", "operation": "ListModelCustomizationJobs", "region": "us-west-2"},
        {"service": "sts", "operation": "GetCallerIdentity", "region": "us-east-1"},
        {"service": "kms", "operation": "ListAliases", "region": "us-east-1"},
        {"service": "ec2", "operation": "DescribeVpcs", "region": "eu-west-1"},
        {"service": "s3", "operation": "CreateBucket", "region": "us-east-1"},
        {"service": "s3", "operation": "PutObject", "region": "us-east-1"},
        {"service": "s3", "operation": "ListObjectsV2", "region": "us-east-1"},
        {"service": "lambda", "operation": "ListFunctions", "region": "us-east-1"},
    ]


def test_refused_and_faulted_calls_are_logged_too(sim: SimServer, bedrock: Any) -> None:
    control(sim, "DELETE", "/_ftui/calls")
    with sim.fault("5xx:CreateModelCustomizationJob,count=1"):
        bedrock.create_model_customization_job(**valid_request())  # botocore retries a 500
    send(sim, "GET", "/model-customization-jobs", headers={"Authorization": "garbage"})
    assert calls(sim) == [
        {"service": "bedrock", "operation": "CreateModelCustomizationJob", "region": "us-east-1"},
        {"service": "bedrock", "operation": "CreateModelCustomizationJob", "region": "us-east-1"},
        {"service": None, "operation": None, "region": "us-east-1"},
    ]


def test_the_log_clears_and_leaves_out_the_control_endpoints(sim: SimServer) -> None:
    client(sim, "sts").get_caller_identity()
    assert calls(sim)
    assert control(sim, "DELETE", "/_ftui/calls").json() == {"calls": [], "dropped": 0}
    control(sim, "GET", "/_ftui/health")
    control(sim, "GET", "/_ftui/faults")
    assert calls(sim) == []


def test_ftui_jobs_sends_only_reads(
    account: SimServer, bedrock: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    bedrock.create_model_customization_job(**valid_request())
    control(account, "DELETE", "/_ftui/calls")
    assert main(["jobs", "--region", "us-east-1"]) == 0
    assert "support-bot-ft-001" in capsys.readouterr().out
    sent = calls(account)
    listed = {
        "service": "bedrock",
        "operation": "ListModelCustomizationJobs",
        "region": "us-east-1",
    }
    assert listed in sent
    assert all(str(c["operation"]).startswith(READS) for c in sent), sent


def test_the_log_keeps_the_newest_and_counts_the_rest() -> None:
    log = CallLog(size=3)
    for name in ("A", "B", "C", "D", "E"):
        log.record(AwsRequest("sts", "us-east-1", name, "POST", "/"))
    assert [c["operation"] for c in log.entries()] == ["C", "D", "E"]
    assert log.dropped == 2
