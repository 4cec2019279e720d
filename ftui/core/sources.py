"""Reading TOML and JSON files with errors that name the file, the line and the column."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class SourceError(Exception):
    """A file that cannot be read or understood."""

    path: Path | str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


def read_text(path: Path) -> str:
    return read_source(path)[1]


def read_source(path: Path) -> tuple[bytes, str]:
    """The bytes of a file and its text, or a :class:`SourceError` saying what is wrong."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(path, "no such file") from None
    except IsADirectoryError:
        raise SourceError(path, "is a folder, not a file") from None
    except OSError as error:
        raise SourceError(path, f"cannot be read: {error.strerror or error}") from None
    try:
        return data, data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(path, "is not UTF-8 text", line=line) from None


_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def parse_toml(text: str, path: Path | str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_WHERE.search(message)
        if found:
            reason = message[: found.start()]
            raise SourceError(
                path, f"invalid TOML: {reason}", int(found[1]), int(found[2])
            ) from None
        raise SourceError(path, f"invalid TOML: {message}") from None


def parse_json(text: str, path: Path | str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(path, f"invalid JSON: {error.msg}", error.lineno, error.colno) from None


def line_of_key(text: str, key: str) -> int | None:
    """The line where a top-level TOML key or table ``key`` is written, if it can be found."""
    quoted = re.escape(key)
    pattern = re.compile(
        rf"^\s*(?:{quoted}|\"{quoted}\"|'{quoted}')\s*=|^\s*\[\[?\s*(?:{quoted}|\"{quoted}\")\s*[\].]"
    )
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None
