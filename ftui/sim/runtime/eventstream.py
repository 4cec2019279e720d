"""AWS's event stream encoding (``application/vnd.amazon.eventstream``), which botocore parses.

A message is a prelude (total length, headers length, both big-endian 32-bit, and their CRC32),
the headers, the payload and a CRC32 of all that came before it. Each header is a one-byte name
length, the name, a one-byte type (7: a string) and a two-byte value length before the value.
"""

from __future__ import annotations

import json
import struct
import zlib
from typing import Any

CONTENT_TYPE = "application/vnd.amazon.eventstream"
_STRING = 7
_PRELUDE = struct.Struct(">II")
_CRC = struct.Struct(">I")


def event(event_type: str, payload: dict[str, Any]) -> bytes:
    """One event of the stream, e.g. ``event("messageStop", {"stopReason": "end_turn"})``."""
    return message(
        {
            ":event-type": event_type,
            ":content-type": "application/json",
            ":message-type": "event",
        },
        json.dumps(payload).encode(),
    )


def exception(exception_type: str, text: str) -> bytes:
    """An error inside the stream (``modelStreamErrorException`` ...), which ends it."""
    return message(
        {
            ":exception-type": exception_type,
            ":content-type": "application/json",
            ":message-type": "exception",
        },
        json.dumps({"message": text}).encode(),
    )


def message(headers: dict[str, str], payload: bytes) -> bytes:
    encoded = b"".join(_header(name, value) for name, value in headers.items())
    total = _PRELUDE.size + _CRC.size + len(encoded) + len(payload) + _CRC.size
    prelude = _PRELUDE.pack(total, len(encoded))
    head = prelude + _CRC.pack(zlib.crc32(prelude))
    body = head + encoded + payload
    return body + _CRC.pack(zlib.crc32(body))


def _header(name: str, value: str) -> bytes:
    raw_name, raw_value = name.encode(), value.encode()
    return (
        struct.pack(">B", len(raw_name))
        + raw_name
        + struct.pack(">BH", _STRING, len(raw_value))
        + raw_value
    )
