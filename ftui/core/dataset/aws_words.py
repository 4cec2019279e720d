"""What Bedrock's validation stage says of a data set that fails it (bedrock.md section 11).

The emulator fails jobs with these words. The JSONL and prompt/completion messages and the token
one are AWS's own; AWS publishes none for record counts and file sizes, so those are in its style.
"""

from __future__ import annotations

_PROMPT_COMPLETION = '{"prompt": "<input text>", "completion": "<output text>"}'
_WHICH = {"in": "input ", "out": "output ", "": "input and output "}


def file_name(source: str) -> str:
    return source.rstrip("/").rsplit("/", 1)[-1]


def object_key(source: str) -> str:
    """The key of ``s3://bucket/key``; a local path as it is."""
    if source.startswith("s3://"):
        return source[5:].partition("/")[2]
    return source


def unparsable(source: str) -> str:
    return (
        f"Unable to parse Amazon S3 file: {file_name(source)}. Data files must conform to"
        " JSONL format."
    )


def wrong_keys(source: str) -> str:
    return f"Input data at {object_key(source)} must follow '{_PROMPT_COMPLETION}' format"


def too_many_tokens(which: str, count: int, limit: int) -> str:
    """``which``: ``in``, ``out`` or ``""`` for the two together."""
    return f"Maximum {_WHICH[which]}token count {count} exceeds limit of {limit}"


def too_few_records(what: str, count: int, limit: int) -> str:
    return f"The {what} data has {count} records; at least {limit} are required."


def too_many_records(what: str, count: int, limit: int) -> str:
    return f"The {what} data has {count} records, which exceeds the limit of {limit}."


def too_large(what: str, size: int, limit: int) -> str:
    return f"The {what} data file is {size} bytes, which exceeds the limit of {limit} bytes."


def no_validation(model_name: str) -> str:
    return f"Validation data is not supported for {model_name}."
