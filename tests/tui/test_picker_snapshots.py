"""What each picker looks like at 80x24, the size of an SSH terminal.

The emulator's ids (subnets, keys ...) come from a seeded random generator and AWS's dates
are shown as one fixed day, so the pictures are the same every run; after a deliberate
change, `pytest tests/tui/test_picker_snapshots.py --snapshot-update` rewrites them.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from ftui.core.resources import iam, lambdas, s3
from ftui.sim.clock import ManualClock
from ftui.sim.server import SimServer
from ftui.sim.world import DATA_BUCKET, UNTRUSTED_ROLE_ARN, seed_world
from ftui.tui.pickers import PickKind, picker_for
from tests.tui.conftest import make_app

SIZE = (80, 24)


@pytest.fixture(scope="module")
def world() -> Iterator[SimServer]:
    """The demo account, its ids the same every run (moto's generator seeded first)."""
    server = SimServer(clock=ManualClock()).start()
    seed = urllib.request.Request(f"{server.endpoint_url}/moto-api/seed?a=42", method="POST")
    urllib.request.urlopen(seed, timeout=10).close()
    seed_world(server)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _one_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """S3, IAM and Lambda stamp what the world makes with the real time: show one day."""

    def day(value: datetime | None) -> str:
        return "2026-11-18" if value else ""

    def minute(value: datetime | None) -> str:
        return "2026-11-18 11:06" if value else ""

    for module in (s3, iam, lambdas):
        monkeypatch.setattr(module, "day_text", day)
    monkeypatch.setattr(s3, "minute_text", minute)


def shot(
    snap_compare: Any, sim: SimServer, kind: PickKind, current: Any = None, **kwargs: Any
) -> bool:
    app = make_app(sim, Path.home())
    region = kwargs.pop("region", "us-east-1")
    keys = kwargs.pop("keys", ())

    async def run_before(pilot: Pilot[Any]) -> None:
        app.push_screen(picker_for(kind, region=region, current=current, **kwargs))
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause(0.1)
        if keys:
            await pilot.press(*keys)
            await pilot.pause(0.1)

    return bool(snap_compare(app, terminal_size=SIZE, run_before=run_before))


def test_s3_object(snap_compare: Any, aws_env: SimServer) -> None:
    current = f"s3://{DATA_BUCKET}/support/train.jsonl"
    assert shot(snap_compare, aws_env, "s3-object", current)


def test_s3_prefix_buckets(snap_compare: Any, aws_env: SimServer) -> None:
    assert shot(snap_compare, aws_env, "s3-prefix")


def test_roles(snap_compare: Any, aws_env: SimServer) -> None:
    assert shot(snap_compare, aws_env, "role", UNTRUSTED_ROLE_ARN)


def test_subnets(snap_compare: Any, aws_env: SimServer) -> None:
    ec2 = aws_env.account.client("ec2", "us-east-1")
    first = sorted(
        (s for s in ec2.describe_subnets()["Subnets"] if s["CidrBlock"].startswith("10.42.")),
        key=lambda s: s["AvailabilityZone"],
    )[0]
    assert shot(snap_compare, aws_env, "subnets", [first["SubnetId"]])


def test_security_groups(snap_compare: Any, aws_env: SimServer) -> None:
    assert shot(snap_compare, aws_env, "security-groups", keys=("m", "l", "-", "t", "enter"))


def test_kms_keys(snap_compare: Any, aws_env: SimServer) -> None:
    assert shot(snap_compare, aws_env, "kms-key")


def test_lambda_functions(snap_compare: Any, aws_env: SimServer) -> None:
    assert shot(snap_compare, aws_env, "lambda")


def test_teachers(snap_compare: Any, aws_env: SimServer) -> None:
    assert shot(snap_compare, aws_env, "teacher", student_model="amazon.nova-micro-v1:0:128k")


def test_invocation_logs(snap_compare: Any, aws_env: SimServer) -> None:
    assert shot(snap_compare, aws_env, "invocation-logs")


def test_a_listing_that_failed(snap_compare: Any, aws_env: SimServer) -> None:
    with aws_env.fault("access-denied:ListRoles"):
        assert shot(snap_compare, aws_env, "role")
