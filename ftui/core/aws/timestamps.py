"""AWS's timestamps read fast: the monitor reads three per job at every poll.

botocore reads every timestamp in a response with dateutil's general-purpose parser, ~40 us
each. A poll of 10,000 jobs has 30,000 of them: over a second of the poll's worker holding the
interpreter, which the screen's thread shares. AWS writes them in ISO 8601 (Bedrock's JSON),
which ``datetime.fromisoformat`` reads in well under a microsecond; anything else (epoch
seconds, RFC 822 dates from XML services, a form it does not know) goes to botocore's own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


def parse_timestamp(value: Any) -> datetime:
    """As botocore's ``parse_timestamp``: the same instant, offset and errors."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is not None:  # a naive time is botocore's to place
                return parsed
    from botocore.utils import parse_timestamp as botocore_parse_timestamp

    result: datetime = botocore_parse_timestamp(value)
    return result


def install(session: Any) -> None:
    """Make the clients of this boto3 session read timestamps with :func:`parse_timestamp`."""
    factory = session._session.get_component("response_parser_factory")
    factory.set_parser_defaults(timestamp_parser=parse_timestamp)
