"""Fuzzing the command line: whatever file or name it is given, an exit code and words.

``ftui validate FILE`` and ``ftui import FILE --name NAME`` run in-process on generated files
(text, bytes that are not UTF-8, BOMs, JSON, TOML, real profiles cut up) and generated names.
Each run ends with 0, 1 or 2, never an exception or a traceback; a failure names the file; and
nothing is ever written outside the profiles folder.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ftui.cli import main
from ftui.core.profile_types import InvalidProfileName, check_name
from tests.core.test_fuzz import (
    EXAMPLES,
    jobs,
    json_values,
    mutated_profiles,
    requests,
    toml_documents,
    toml_texts,
)
from tests.factories import valid_request

FUZZ = settings(
    max_examples=max(1, EXAMPLES * 2 // 3),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@dataclass
class Home:
    """A fresh configuration folder and working folder, for one example."""

    root: Path
    config: Path
    work: Path

    @property
    def profiles(self) -> Path:
        return self.config / "profiles"

    @property
    def project_profiles(self) -> Path:
        return self.work / ".ftui" / "profiles"

    def tree(self) -> set[str]:
        """Every file and folder under the root, relative to it."""
        found = set()
        for folder, dirs, files in os.walk(self.root):
            for name in [*dirs, *files]:
                found.add(str((Path(folder) / name).relative_to(self.root)))
        return found


@contextmanager
def fresh_home(*, project: bool = False) -> Iterator[Home]:
    """A folder of its own for one hypothesis example (tmp_path is one per test, not example)."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as env:
        root = Path(folder)
        home = Home(root, root / "home" / "ftui-config", root / "work")
        home.config.parent.mkdir()
        home.work.mkdir()
        if project:
            home.project_profiles.mkdir(parents=True)
        env.setenv("HOME", str(root / "home"))
        env.setenv("FTUI_CONFIG_DIR", str(home.config))
        env.chdir(home.work)
        yield home


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``ftui ARGS`` in-process: its exit code, stdout and stderr."""
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse, and only for words it cannot parse
        captured = capsys.readouterr()
        assert exit_.code == 2 and "usage: ftui" in captured.err, (exit_.code, captured.err)
        return 2, captured.out, captured.err
    captured = capsys.readouterr()
    assert isinstance(code, int)
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


# --- what a file may hold ---------------------------------------------------------------------


def _json_text(value: Any, ascii_only: bool) -> str | None:
    try:
        return json.dumps(value, ensure_ascii=ascii_only)
    except ValueError:
        return None  # an integer Python will not write


def _toml_text(doc: dict[str, Any]) -> str | None:
    try:
        return tomli_w.dumps(doc)
    except (TypeError, ValueError):
        return None  # a null: TOML has none


json_files = st.builds(_json_text, st.one_of(json_values(), requests, jobs), st.booleans())
toml_files = st.one_of(st.builds(_toml_text, toml_documents), toml_texts, mutated_profiles())


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    text = draw(st.one_of(json_files, toml_files, st.text(max_size=100)))
    if text is None:
        return draw(st.binary(max_size=100))
    data = text.encode("utf-8", "surrogatepass")  # a half character as UTF-8 can't write it
    how = draw(st.sampled_from(["plain", "bom", "broken", "cut", "utf-16", "junk"]))
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "broken":
        at = draw(st.integers(min_value=0, max_value=len(data)))
        return (
            data[:at]
            + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]))
            + data[at:]
        )
    if how == "cut":
        return data[: draw(st.integers(min_value=0, max_value=len(data)))]
    if how == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    if how == "junk":
        return draw(st.binary(max_size=100))
    return data


suffixes = st.sampled_from([".json", ".toml", "", ".txt", ".JSON", ".Toml"])


# --- validate and import --------------------------------------------------------------------


@FUZZ
@given(file_bytes(), suffixes)
def test_validate_any_file_exits_0_1_or_2_naming_the_file(
    capsys: pytest.CaptureFixture[str], data: bytes, suffix: str
) -> None:
    with fresh_home() as home:
        path = home.work / f"request{suffix}"
        path.write_bytes(data)
        code, out, err = run(capsys, "validate", str(path))
        event(f"exit {code}")
        assert code in (0, 1, 2), (code, out, err)
        if code == 0:
            assert out == "" and "1 valid" in err
        else:
            assert out and all(line.startswith(f"{path}:") for line in out.splitlines()), out
            assert ("1 unreadable" if code == 2 else "1 invalid") in err


@FUZZ
@given(file_bytes(), suffixes, st.booleans())
def test_import_any_file_saves_a_profile_or_exits_2_naming_the_file(
    capsys: pytest.CaptureFixture[str], data: bytes, suffix: str, project: bool
) -> None:
    with fresh_home(project=project) as home:
        path = home.work / f"request{suffix}"
        path.write_bytes(data)
        before = home.tree()
        args = ["import", str(path), "--name", "x", *(["--project"] if project else [])]
        code, out, err = run(capsys, *args)
        saved = (home.project_profiles if project else home.profiles) / "x.toml"
        event(f"exit {code}")
        assert code in (0, 2), (code, err)
        if code == 2:
            assert str(path) in err, err
            assert home.tree() == before, "a refused import wrote nothing"
            return
        assert out == "" and "as 'x'" in err.replace("project:", "")
        assert saved.is_file()
        written = home.tree() - before
        assert all(saved.is_relative_to(home.root / w) for w in written), written
        # What was imported opens again: valid or invalid, never unreadable.
        name = "project:x" if project else "x"
        code, out, err = run(capsys, "validate", name)
        assert code in (0, 1), (code, out, err)


# --- names --------------------------------------------------------------------------------------

NASTY_NAMES = [
    "",
    ".",
    "..",
    "../x",
    "../../escaped",
    "/tmp/absolute",
    "a/b",
    "a\\b",
    ".hidden",
    "x.toml",
    "X.TOML",
    "con",
    "NUL.txt",
    "lpt1",
    "a" * 100,
    "a" * 101,
    "a" * 300,
    "x\x00y",
    "x\n",
    "x ",
    " x",
    "-x",
    "--force",
    "x:y",
    "project:x",
    "user:x",
    "\u202ex",
    "é",
    "x\ud800",
    "~",
    "~root",
    "$HOME",
    "x*",
    "x?",
    "ok-name_1.2",
]
names = st.one_of(
    st.sampled_from(NASTY_NAMES),
    st.text(max_size=20),
    st.text(st.characters(codec=None), max_size=8),
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,12}", fullmatch=True),
)


def _acceptable(name: str) -> bool:
    try:
        check_name(name)
    except InvalidProfileName:
        return False
    return True


@FUZZ
@given(names, st.booleans(), st.booleans())
def test_any_name_is_a_safe_file_name_or_refused_with_exit_2(
    capsys: pytest.CaptureFixture[str], name: str, project: bool, separate: bool
) -> None:
    with fresh_home(project=project) as home:
        source = home.root / "request.json"
        source.write_text(json.dumps(valid_request()))
        before = home.tree()
        name_args = ["--name", name] if separate else [f"--name={name}"]
        args = ["import", str(source), *name_args, *(["--project"] if project else [])]
        code, _, err = run(capsys, *args)
        folder = home.project_profiles if project else home.profiles
        written = home.tree() - before
        event(f"exit {code}")
        if code == 0:
            assert _acceptable(name), name
            saved = folder / f"{name}.toml"
            assert saved.is_file() and saved.parent == folder
            assert all(saved.is_relative_to(home.root / w) for w in written), written
        else:
            assert code == 2 and err.strip(), (code, err)
            assert written <= {str(home.profiles.relative_to(home.root))}, written
            if not _acceptable(name) and not (separate and name.startswith("-")):
                assert "not a valid profile name" in err, err
        # Nothing anywhere but in the profiles folder: not above it, not beside it.
        for entry in written:
            assert (home.root / entry).resolve().is_relative_to(folder.parent.resolve()), entry


COMMANDS = ["validate", "export", "show", "delete", "rename", "duplicate"]


@FUZZ
@given(names, st.sampled_from(COMMANDS))
def test_any_profile_name_on_any_command_exits_with_words(
    capsys: pytest.CaptureFixture[str], name: str, command: str
) -> None:
    _name_on_command(capsys, name, command)


def test_every_nasty_name_on_every_command_exits_with_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same, for each name hand-picked to break things: random draws may miss one."""
    for name in NASTY_NAMES:
        for command in COMMANDS:
            _name_on_command(capsys, name, command)


def _name_on_command(capsys: pytest.CaptureFixture[str], name: str, command: str) -> None:
    with fresh_home() as home:
        source = home.root / "request.json"
        source.write_text(json.dumps(valid_request()))
        run(capsys, "import", str(source), "--name", "kept")
        before = home.tree()
        words = {
            "validate": ["validate", name],
            "export": ["export", f"--output={home.root / 'out.json'}", "--", name],
            "show": ["profiles", "show", "--", name],
            "delete": ["profiles", "delete", "--yes", "--", name],
            "rename": ["profiles", "rename", "kept", "--", name],
            "duplicate": ["profiles", "duplicate", "kept", "--", name],
        }[command]
        code, out, err = run(capsys, *words)
        assert code in (0, 1, 2), (code, out, err)
        assert out or err
        if code == 2:
            assert err.strip() or out.strip()
        after = home.tree()
        for entry in after ^ before:
            where = (home.root / entry).resolve()
            inside = [home.config.resolve(), (home.root / "out.json").resolve()]
            assert any(where.is_relative_to(f) for f in inside), entry


def test_a_file_name_too_long_for_the_system_is_an_error_naming_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Found by fuzzing: Path.exists() raised OSError(ENAMETOOLONG) out of `ftui validate`.
    for name in ("a" * 300, "a" * 300 + ".json"):
        code, out, _ = run(capsys, "validate", name)
        assert (code, out) == (2, f"{name}: cannot be read: File name too long\n")


def test_a_name_holding_nul_is_an_error_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    # Found by fuzzing in-process (a command line cannot hold NUL, a caller of main() can):
    # open() raised ValueError out of read_source.
    code, out, _ = run(capsys, "validate", "x\x00y.json")
    assert (code, out) == (2, "x\u2400y.json: is not a file name: it holds a NUL character\n")


def test_a_file_name_that_is_not_utf8_is_named_with_its_escape(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Found by fuzzing profile names: a name from the command line that is not UTF-8 comes as
    # surrogates (\udcff), which out() could not write to a pipe of strict UTF-8 (the locale
    # en_US.UTF-8): UnicodeEncodeError out of main(). capsys is strict UTF-8 too.
    code, out, _ = run(capsys, "validate", "\udcff.toml", "x\ud800")
    assert code == 2
    assert out.splitlines() == [
        "\\udcff.toml: no such file",
        "x\\ud800: is not a file name: it holds half a character",
    ]
