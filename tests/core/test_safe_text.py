"""Text from outside, shown: no character a terminal acts on gets through, names stay in folders."""

from __future__ import annotations

import time
import unicodedata

import pytest

from ftui.core.safe_text import ELLIPSIS, safe_file_name, safe_text

# (what an endpoint or a file sends, how it is shown on one line)
HOSTILE = [
    ("support-bot-ft-001", "support-bot-ft-001"),
    ("clear\x1b[2Jscreen", "clear␛[2Jscreen"),
    ("up\x1b[5A\x1b[Kover", "up␛[5A␛[Kover"),
    ("clip\x1b]52;c;cm0gLXJmIH4=\x07", "clip␛]52;c;cm0gLXJmIH4=␇"),
    (
        "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
        "␛]8;;https://evil.example␛\\link␛]8;;␛\\",
    ),
    ("\x1b]0;pwned title\x07", "␛]0;pwned title␇"),
    ("\x1b]2;title\x1b\\", "␛]2;title␛\\"),
    ("c1\x9b2Jcsi", "c1\\x9b2Jcsi"),
    ("osc\x9d0;t\x9c", "osc\\x9d0;t\\x9c"),
    ("nel\x85", "nel\\x85"),
    ("paid\rfree", "paid␍free"),
    ("abc\x08\x08\x08xyz", "abc␈␈␈xyz"),
    ("bell\x07", "bell␇"),
    ("nul\x00", "nul␀"),
    ("del\x7f", "del␡"),
    ("two\nlines\ttab", "two␊lines␉tab"),
    ("\u202egnp.exe", "\\u202egnp.exe"),
    ("\u2066isolate\u2069", "\\u2066isolate\\u2069"),
    ("mark\u200f\u200e\u061c", "mark\\u200f\\u200e\\u061c"),
    ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
    ("line\u2028sep\u2029", "line\\u2028sep\\u2029"),
    ("tag\U000e0041", "tag\\U000e0041"),
    ("[@click=app.quit]x[/]", "[@click=app.quit]x[/]"),  # markup is the caller's: plain text
    ("[bold red]loud[/]", "[bold red]loud[/]"),
    ("café 日本語 🚀 e\u0301", "café 日本語 🚀 e\u0301"),
    ("no\u00a0break", "no\u00a0break"),
]


@pytest.mark.parametrize(("sent", "shown"), HOSTILE)
def test_every_character_a_terminal_acts_on_is_shown_instead(sent: str, shown: str) -> None:
    assert safe_text(sent) == shown


def _acting(char: str) -> bool:
    """Characters a terminal (or the bidi algorithm) acts on."""
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")


@pytest.mark.parametrize("sent", [sent for sent, _ in HOSTILE])
def test_nothing_that_acts_is_left(sent: str) -> None:
    assert not any(_acting(c) for c in safe_text(sent))
    assert not any(_acting(c) for c in safe_text(sent, multiline=True) if c not in "\n\t")


def test_every_code_point_comes_out_printable() -> None:
    text = "".join(chr(c) for c in range(0x3000)) + "".join(chr(c) for c in range(0xD7FF, 0xF900))
    assert not any(_acting(c) for c in safe_text(text))


def test_multiline_keeps_lines_and_tabs_but_not_a_lone_carriage_return() -> None:
    assert safe_text("a\r\nb\n\tc\rd\x1b", multiline=True) == "a\nb\n\tc␍d␛"


@pytest.mark.parametrize(
    ("sent", "limit", "shown"),
    [
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("eleven chars", 10, "eleven ch" + ELLIPSIS),
        ("\x1b" * 50, 10, "␛" * 9 + ELLIPSIS),
        ("\x9b" * 50, 10, "\\x9b\\x9b\\" + ELLIPSIS),  # what is made visible is cut too
    ],
)
def test_a_limit_cuts_with_an_ellipsis(sent: str, limit: int, shown: str) -> None:
    assert safe_text(sent, limit) == shown
    assert len(safe_text(sent, limit)) <= limit


@pytest.mark.parametrize(
    "huge",
    [
        "A" * 100_000,
        ("A" * 99 + "\x1b") * 1000,
        "日本語" * 33_333 + "\x1b",
        "\x1b" * 100_000,
        "\x9b\u202e" * 50_000,
        "line\r\n" * 20_000,
    ],
)
def test_huge_text_costs_little(huge: str) -> None:
    start = time.perf_counter()
    cut = safe_text(huge, 200)
    whole = safe_text(huge, multiline=True)
    elapsed = time.perf_counter() - start
    assert len(cut) <= 200 and not any(_acting(c) for c in cut)
    assert "\x1b" not in whole and "\x9b" not in whole
    assert elapsed < 0.5, elapsed  # measured at 1-17 ms; generous for a loaded machine


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("support-bot-ft-001", "support-bot-ft-001.json"),
        ("titan.v2_final", "titan.v2_final.json"),
        ("../../pwned", "pwned.json"),
        ("/etc/cron.d/x", "etc_cron.d_x.json"),
        ("..", "job.json"),
        (".", "job.json"),
        ("", "job.json"),
        ("...hidden", "hidden.json"),
        (".bashrc", "bashrc.json"),
        ("-rf", "rf.json"),
        ("a/../../b", "a_._._b.json"),
        ("nul\x00byte", "nul_byte.json"),
        ("new\nline", "new_line.json"),
        ("\x1b]52;c;x\x07", "52_c_x_.json"),
        ("C:\\Windows\\x", "C_Windows_x.json"),
        ("job+v2", "job_v2.json"),
        ("日本語", "job.json"),
    ],
)
def test_a_file_name_from_a_job_name_stays_in_its_folder(name: str, file: str) -> None:
    assert safe_file_name(name, suffix=".json") == file


@pytest.mark.parametrize("name", ["../../pwned", "/etc/x", "..", "a\x00b", "x" * 100_000, "/"])
def test_a_file_name_is_one_bounded_entry(name: str) -> None:
    made = safe_file_name(name, suffix=".json")
    assert made and len(made) <= 120
    assert "/" not in made and "\\" not in made and "\x00" not in made and ".." not in made
    assert not made.startswith((".", "-"))
