"""The emulator dates its responses in simulated time, and ftui takes "now" from them."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from ftui.cli.main import main
from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import Ok
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.sim.clock import ManualClock
from ftui.sim.server import SimServer
from tests.factories import valid_request
from tests.sim.conftest import client

AHEAD = timedelta(days=3)


@pytest.fixture
def sim(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimServer]:
    """The emulator with its clock three days ahead of this machine's."""
    server = SimServer(clock=ManualClock(datetime.now(UTC).replace(microsecond=0) + AHEAD))
    server.start()
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    yield server
    server.stop()


def http_date(sim: SimServer) -> str:
    return format_datetime(sim.clock.now(), usegmt=True)


def test_every_response_is_dated_in_simulated_time(sim: SimServer) -> None:
    dates: list[str] = []

    def record(http_response: Any, **_: Any) -> None:
        dates.append(http_response.headers["Date"])

    bedrock, sts = client(sim, "bedrock"), client(sim, "sts")
    for each in (bedrock, sts):
        each.meta.events.register("after-call", record)
    bedrock.list_model_customization_jobs()  # ours
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):  # ours, an error
        bedrock.get_model_customization_job(jobIdentifier="nope")
    sts.get_caller_identity()  # moto's
    with urllib.request.urlopen(f"{sim.endpoint_url}/_ftui/health") as health:
        dates.append(", ".join(health.headers.get_all("Date")))
    # one Date header each (two would arrive joined), and the emulator's time
    assert dates == [http_date(sim)] * 4


def test_the_session_clock_is_the_endpoints(sim: SimServer) -> None:
    session = AwsSession(AwsTarget(region="us-east-1", endpoint_url=sim.endpoint_url))
    assert isinstance(Bedrock(session).list_jobs(), Ok)
    now = session.clock.now()
    assert abs(now - sim.clock.now()) < timedelta(seconds=2)
    assert now - datetime.now(UTC) > AHEAD - timedelta(minutes=1)


def test_ftui_jobs_takes_elapsed_times_at_the_endpoint(
    account: SimServer, capsys: pytest.CaptureFixture[str]
) -> None:
    bedrock = client(account, "bedrock")
    bedrock.create_model_customization_job(**valid_request())
    account.advance(25 * 60)
    assert bedrock.get_model_customization_job(jobIdentifier="support-bot-ft-001")["status"] == (
        "InProgress"
    )
    assert main(["jobs", "--region", "us-east-1"]) == 0
    header, row = capsys.readouterr().out.splitlines()
    elapsed = row[header.index("ELAPSED") :].split()[0]
    assert elapsed == "25m"
