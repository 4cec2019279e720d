"""Text from outside (an AWS endpoint, a profile file, an error) made safe to show, or a file name.

A terminal acts on some characters instead of printing them: ESC and the C1 controls start
sequences that clear the screen, move the cursor, set the window title, write the clipboard
(OSC 52) or make links (OSC 8); a carriage return or backspace writes over what was shown;
bidirectional overrides (U+202E) show text in another order than it is. ``safe_text`` shows such
characters instead of passing them on: C0 controls as their Unicode pictures (ESC as ``␛``), the
others as ``\\x9b``, ``\\u202e``. It does not escape markup: show its result as plain text.

``safe_file_name`` makes a file name of a job name: whatever it contains, the file stays in the
folder it is joined to.
"""

from __future__ import annotations

import re
from typing import Final

ELLIPSIS: Final = "…"

# Everything but printable ASCII (and, in multi-line text, line ends and tabs): only these can
# need a look, so text that is ASCII but for a few characters costs a few calls, not one per
# character.
_SUSPECT = re.compile(r"[^ -~]+")
_SUSPECT_IN_LINES = re.compile(r"[^ -~\t\n\r]+")
_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_DOTS = re.compile(r"\.{2,}")


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, one cell each like the character they stand for
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


# Characters ``str.isspace`` counts that move the cursor or end a line rather than print a blank.
_BREAKS = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029")


class _Shown(dict[int, str]):
    """How each character is shown, for ``str.translate``: worked out once per character.

    Only the Basic Multilingual Plane is remembered, so hostile text cannot grow it past 65,536
    entries. Polls fill it from their threads and the UI from its own: a race only works an
    entry out twice.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isprintable() or (char.isspace() and char not in _BREAKS):
            shown = char  # a letter, or a space such as U+00A0 that only spaces
        else:
            shown = _visible(char)
        if code <= 0xFFFF:
            self[code] = shown
        return shown


_SHOWN = _Shown()


def _expand(match: re.Match[str]) -> str:
    run = match.group()
    return run if run.isprintable() else run.translate(_SHOWN)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(0, limit - 1)] + ELLIPSIS


def safe_text(text: str, limit: int | None = None, *, multiline: bool = False) -> str:
    """``text`` with every character a terminal would act on shown instead, at most ``limit`` long.

    ``multiline`` keeps newlines and tabs (CRLF becomes a newline); otherwise they are shown
    too, so the result is one line. Longer than ``limit``, the result is cut and ends in an
    ellipsis; the cut comes first, so a huge string costs no more than a short one.
    """
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + ELLIPSIS
    if text.isprintable():
        return text  # nearly always: the one check most text costs
    if not multiline:
        shown = _SUSPECT.sub(_expand, text)
    else:
        shown = _SUSPECT_IN_LINES.sub(_expand, text)
        if "\r" in shown:
            # CRLF ends a line like LF; a lone CR would have the rest of the line written over
            # what came before it.
            shown = shown.replace("\r\n", "\n").replace("\r", _visible("\r"))
    # What was made visible is longer than the character it stands for.
    return shown if limit is None else _cut(shown, limit)


def safe_file_name(text: str, *, suffix: str = "", fallback: str = "job", limit: int = 120) -> str:
    """A file name from ``text``: only ``A-Z a-z 0-9 . _ -``, never ``..``, never hidden.

    It cannot name a folder (``/`` and ``..`` go), start with a dot or a dash (a hidden file, or
    an option to the next command), hold a NUL or a newline, or be empty (``fallback`` then).
    With ``suffix`` it is at most ``limit`` characters.
    """
    name = _FILE_UNSAFE.sub("_", text)
    name = _DOTS.sub(".", name).lstrip("._-").rstrip(".")
    name = name[: max(1, limit - len(suffix))].rstrip(".")
    return (name or fallback) + suffix
