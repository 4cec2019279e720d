"""Reading TOML and JSON files with errors that name the file, the line and the column.

What a file says is never trusted: before a parser sees the text, its nesting is measured (a
real request is under 10 levels deep; 100,000 would exhaust the parsers' recursion, and a TOML
key of 100,000 dotted parts takes tomllib minutes and gigabytes), and after parsing every string
must be text that UTF-8 can hold (a JSON escape such as ``\\ud800`` is half a character).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Containers inside containers, the outermost counting 1. Generous: a real request is < 10.
MAX_DEPTH = 64


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
    except UnicodeEncodeError:  # half a character the file system cannot encode (in-process)
        raise SourceError(path, "is not a file name: it holds half a character") from None
    except ValueError:  # no system call takes a name holding NUL
        raise SourceError(path, "is not a file name: it holds a NUL character") from None
    try:
        return data, data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(path, "is not UTF-8 text", line=line) from None


_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)$")


def parse_toml(text: str, path: Path | str) -> dict[str, Any]:
    import tomllib  # only when there is a file to read: not a cost of every start

    _refuse_deep(text, path, _toml_depths(text))
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_WHERE.search(message)
        if found:
            reason = message[: found.start()]
            raise SourceError(
                path, f"invalid TOML: {reason}", int(found[1]), int(found[2])
            ) from None
        at_end = _TOML_AT_END.search(message)
        if at_end:  # a file cut short: the place is its last line, after its last character
            line, column = _end_of(text)
            reason = message[: at_end.start()]
            raise SourceError(
                path, f"invalid TOML: {reason} (at the end of the file)", line, column
            ) from None
        raise SourceError(path, f"invalid TOML: {message}") from None
    except ValueError as error:  # an integer of more than 4300 digits
        raise SourceError(
            path, f"invalid TOML: {_number_error(error)}", _long_number_line(text)
        ) from None
    except RecursionError:  # pragma: no cover - the depth is measured first
        raise SourceError(path, f"nested more than {MAX_DEPTH} levels deep") from None
    _refuse_bad_tree(doc, text, path)
    return doc


def parse_json(text: str, path: Path | str) -> Any:
    _refuse_deep(text, path, _json_depths(text))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(path, f"invalid JSON: {error.msg}", error.lineno, error.colno) from None
    except ValueError as error:  # an integer of more than 4300 digits
        raise SourceError(
            path, f"invalid JSON: {_number_error(error)}", _long_number_line(text)
        ) from None
    except RecursionError:  # pragma: no cover - the depth is measured first
        raise SourceError(path, f"nested more than {MAX_DEPTH} levels deep") from None
    _refuse_bad_tree(data, text, path)
    return data


def line_of_key(text: str, key: str) -> int | None:
    """The line where a top-level TOML key or table ``key`` is written, if it can be found."""
    quoted = re.escape(key)
    pattern = re.compile(
        rf"^\s*(?:{quoted}|\"{quoted}\"|'{quoted}')\s*=|^\s*\[\[?\s*(?:{quoted}|\"{quoted}\")\s*[\].]"
    )
    for number, line in enumerate(_lines(text), start=1):
        if pattern.match(line):
            return number
    return None


# --- what a parsed tree may hold --------------------------------------------------------------

Loc = tuple[str | int, ...]
_SURROGATE = re.compile("[\ud800-\udfff]")


def tree_problem(data: Any, limit: int = MAX_DEPTH) -> tuple[Loc, str] | None:
    """Where ``data`` nests deeper than ``limit`` or holds a string UTF-8 cannot encode, and what.

    Iterative, so that it is safe on any tree, however deep.
    """
    stack: list[tuple[Any, Loc, int]] = [(data, (), 1)]
    while stack:
        node, loc, depth = stack.pop()
        if isinstance(node, str):
            found = _SURROGATE.search(node)
            if found:
                return loc, _surrogate_message(found[0])
        elif isinstance(node, dict | list):
            if depth > limit:
                return loc, f"nested more than {limit} levels deep"
            items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
            for key, value in reversed(items):
                if isinstance(key, str) and (found := _SURROGATE.search(key)):
                    return loc, f"the name {_printable(key)} " + _surrogate_message(found[0])
                stack.append((value, (*loc, key), depth + 1))
    return None


def short_loc(loc: Loc) -> str:
    """``a.b[0].c``, with the middle of a very deep path left out."""
    parts = [f"[{p}]" if isinstance(p, int) else f".{_printable(p)}" for p in loc]
    if len(parts) > 6:
        parts = [*parts[:3], ".…", *parts[-2:]]
    return "".join(parts).lstrip(".")


# Half characters, and the controls and separators that end a line or act on a terminal.
_UNPRINTABLE = re.compile("[\ud800-\udfff\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _printable(text: str) -> str:
    """``text`` with lone surrogates and controls written as escapes (``\\ud800``, ``\\x0a``).

    The name then prints, and stays on the one line of its message.
    """
    return _UNPRINTABLE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _surrogate_message(char: str) -> str:
    return (
        f"holds \\u{ord(char):04x}, half of a UTF-16 surrogate pair, not a character:"
        " UTF-8 cannot store it; write the whole character"
    )


def _refuse_bad_tree(data: Any, text: str, path: Path | str) -> None:
    problem = tree_problem(data)
    if problem is None:
        return
    loc, message = problem
    line = _lone_surrogate_line(text) if "surrogate" in message else _most_dotted_line(text)
    where = f"{short_loc(loc)}: " if loc else ""
    raise SourceError(path, where + message, line)


# --- nesting, measured on the text before any parser recurses -------------------------------


def _refuse_deep(text: str, path: Path | str, depths: Iterator[tuple[int, int]]) -> None:
    for depth, offset in depths:
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, offset) + 1
            raise SourceError(
                path,
                f"nested more than {MAX_DEPTH} levels deep; a request is a few levels deep",
                line,
            )


_JSON_TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*+"?|[\[\]{}]')


def _json_depths(text: str) -> Iterator[tuple[int, int]]:
    """(depth, offset) at every opening bracket; strings are skipped."""
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        char = token[0][0]
        if char in "[{":
            depth += 1
            yield depth, token.start()
        elif char in "]}":
            depth = max(0, depth - 1)


# Possessive quantifiers: an unterminated string costs one pass, never a backtracking storm.
_TOML_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*+(?:"{3,5})?'
    r"|'''(?:[^']|'(?!''))*+(?:'{3,5})?"
    r'|"(?:[^"\\\n]|\\.)*+"?'
    r"|'[^'\n]*+'?"
    r"|#[^\n]*+"
    r"|[\[\]{}=,.\n]",
    re.DOTALL,
)


def _toml_depths(text: str) -> Iterator[tuple[int, int]]:
    """(depth, offset) at every opening bracket and every dot of a key, as the tree will nest.

    The root table is 1; ``[a.b]`` is 3; ``x.y = {z = []}`` under it puts the array at 6.
    """
    table = 1  # the depth of the table the last header opened
    stack: list[tuple[str, int]] = []  # open arrays and inline tables, with their depth
    in_key, parts = True, 1  # reading a key (of how many dotted parts so far)
    header, double = False, False  # inside [a.b] or [[a.b]]

    def holder() -> int:
        """The depth of the table the key being read belongs to."""
        return stack[-1][1] if stack else table

    for token in _TOML_TOKENS.finditer(text):
        char, at = token[0][0], token.start()
        if char == "\n":
            if not stack and not header:
                in_key, parts = True, 1
        elif char == ".":
            if header or in_key:
                parts += 1
                yield (1 if header else holder()) + parts - 1, at
        elif char == "=":
            in_key = False
        elif char == ",":
            if stack and stack[-1][0] == "{":
                in_key, parts = True, 1
        elif char == "[" and header:
            double = True
        elif char == "[" and in_key and not stack:
            header, double, parts = True, False, 1
        elif char in "[{":
            depth = stack[-1][1] + 1 if stack and stack[-1][0] == "[" else holder() + parts
            stack.append((char, depth))
            in_key, parts = char == "{", 1
            yield depth, at
        elif char == "]" and header:
            header, in_key = False, False
            table = 1 + parts + (1 if double else 0)
            yield table, at
        elif char in "]}" and stack:
            stack.pop()
            in_key = False


def _lone_surrogate_line(text: str) -> int | None:
    for found in _ESCAPED_SURROGATE.finditer(text):
        if (found["high"] and not found["low"]) or found["lone"]:
            return text.count("\n", 0, found.start()) + 1
    return None


_ESCAPED_SURROGATE = re.compile(
    r"(?<!\\)(?:\\\\)*"
    r"(?:\\u(?P<high>[dD][89abAB][0-9a-fA-F]{2})(?P<low>\\u[dD][c-fC-F][0-9a-fA-F]{2})?"
    r"|\\u(?P<lone>[dD][c-fC-F][0-9a-fA-F]{2}))"
)


def _most_dotted_line(text: str) -> int | None:
    """The line most likely to nest a TOML tree too deep: the one with the most dots."""
    lines = _lines(text)
    if not lines:
        return None
    counts = [line.count(".") for line in lines]
    return counts.index(max(counts)) + 1


def _lines(text: str) -> list[str]:
    """The lines of a TOML or JSON text, which only a newline ends.

    ``str.splitlines`` also breaks at U+2028, U+0085 and others, which a string may hold.
    """
    return text.split("\n") if text else []


def _end_of(text: str) -> tuple[int, int]:
    """(line, column) just after the last character of ``text``, both from 1."""
    return text.count("\n") + 1, len(text) - (text.rfind("\n") + 1) + 1


def _number_error(error: ValueError) -> str:
    """Python's refusal of a long integer, without its advice to call sys.set_int_max_str_digits."""
    found = re.search(r"value has (\d+) digits", str(error))
    if found is None:
        return str(error)
    limit = sys.get_int_max_str_digits()
    return f"Exceeds the limit of {limit} digits for a whole number (it has {found[1]})"


def _long_number_line(text: str) -> int | None:
    found = re.search(r"[0-9_]{4300,}", text)
    return text.count("\n", 0, found.start()) + 1 if found else None
