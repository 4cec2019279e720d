"""AWS's timestamps are read fast, and as botocore reads them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from botocore.utils import parse_timestamp as botocore_parse_timestamp

from ftui.core.aws import timestamps
from ftui.core.aws.session import AwsSession, AwsTarget

SAMPLES = [
    "2026-11-02T08:45:12.123456Z",  # Bedrock's JSON
    "2026-11-02T08:45:12Z",
    "2026-11-02T08:45:12.1Z",
    "2026-11-02T08:45:12.123+02:00",
    "2026-11-02T08:45:12",  # naive: botocore's to place
    "20261102T084512Z",
    "Sun, 02 Nov 2026 08:45:12 GMT",  # RFC 822, from XML services
    "1700000000",
    1700000000,
    1700000000.5,
]


@pytest.mark.parametrize("value", SAMPLES, ids=repr)
def test_a_timestamp_is_read_as_botocore_reads_it(value: Any) -> None:
    ours, theirs = timestamps.parse_timestamp(value), botocore_parse_timestamp(value)
    assert ours == theirs
    assert ours.utcoffset() == theirs.utcoffset()


@pytest.mark.parametrize("value", ["nonsense", "", "2026-13-45T99:99:99Z"])
def test_what_botocore_refuses_is_refused_alike(value: str) -> None:
    with pytest.raises(ValueError, match="Invalid timestamp"):
        botocore_parse_timestamp(value)
    with pytest.raises(ValueError, match="Invalid timestamp"):
        timestamps.parse_timestamp(value)


def test_the_sessions_clients_read_timestamps_with_it(world: Any, aws_env: Any) -> None:
    read: list[str] = []

    def counted(value: Any) -> datetime:
        read.append(value)
        return timestamps.parse_timestamp(value)

    session = AwsSession(AwsTarget(region="us-east-1", endpoint_url=world.endpoint_url))
    factory = session._boto_session()._session.get_component("response_parser_factory")
    assert factory._defaults["timestamp_parser"] is timestamps.parse_timestamp
    factory.set_parser_defaults(timestamp_parser=counted)
    jobs = session.client("bedrock").list_model_customization_jobs()
    summaries = jobs["modelCustomizationJobSummaries"]
    assert summaries and isinstance(summaries[0]["creationTime"], datetime)
    assert len(read) >= len(summaries)
