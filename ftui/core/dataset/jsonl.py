"""One line of a JSON Lines file read as JSON, and what is wrong with it, in words.

A line can break a JSON reader in other ways than a syntax error: a number of thousands of digits
(Python refuses to convert it, with a ``ValueError``), lists nested thousands deep (a
``RecursionError``), or NaN, which Python reads and JSON has not. Each is a problem on its line,
like a syntax error.
"""

from __future__ import annotations

import json
import sys
from typing import NoReturn

from ftui.core.safe_text import safe_text

# The standard library's words for a JSON error, as a person fixing the line would say them.
_JSON_WORDS = (
    ("Unterminated string", "a string that starts here is not closed"),
    ("Expecting value", "a value is missing here"),
    ("Expecting ',' delimiter", "a comma is missing"),
    ("Expecting ':' delimiter", "a colon is missing"),
    ("Expecting property name", "a key in double quotes is expected (a trailing comma?)"),
    (
        "Invalid control character",
        "a raw control character (a tab or line break) in a string: escape it",
    ),
    ("Invalid \\escape", "a backslash starts no valid escape"),
)
# How deep json's recursion goes before it gives up: about the interpreter's recursion limit.
_DEPTH = sys.getrecursionlimit()


class NotJson(ValueError):
    """A word Python's json reads and JSON (RFC 8259) has not: NaN, Infinity, -Infinity."""


def _refuse(word: str) -> NoReturn:
    raise NotJson(f"{word} is not JSON: write null or a number")


# json.dumps writes NaN for a float that is not a number, and json.loads reads it back: a file
# written so looks fine to Python and fails everywhere else.
loads = json.JSONDecoder(parse_constant=_refuse).decode


def not_json(error: json.JSONDecodeError) -> str:
    if not error.doc.strip():
        return "blank line; JSON Lines files must not have empty lines: delete it"
    if error.msg == "Extra data":
        return (
            f"more after the JSON object at column {error.colno}; each line holds one record:"
            " join or split the lines"
        )
    words = next((w for m, w in _JSON_WORDS if error.msg.startswith(m)), error.msg)
    return f"not valid JSON at column {error.colno}: {words}"


def unreadable(error: ValueError | RecursionError) -> str:
    """What a line that stopped the JSON reader (not on its syntax) holds."""
    if isinstance(error, NotJson):
        return str(error)
    if isinstance(error, RecursionError):
        return (
            f"not valid JSON: nested too deep (lists or objects about {_DEPTH:,} levels inside"
            " each other)"
        )
    if "integer string conversion" in str(error):
        return (
            f"not valid JSON: a number of more than {sys.get_int_max_str_digits():,} digits, more"
            " than JSON readers take; write it as text, in quotes"
        )
    return f"not valid JSON: {safe_text(str(error), 80)}"


def not_utf8(line: bytes, error: UnicodeDecodeError) -> str:
    return (
        f"byte 0x{line[error.start]:02x} at column {error.start + 1} is not UTF-8; save the file"
        " as UTF-8"
    )


def json_kind(value: object) -> str:
    if isinstance(value, list):
        return "a JSON array"
    if isinstance(value, str):
        return "a JSON string"
    if value is None:
        return "null"
    return f"the value {value!r}"
