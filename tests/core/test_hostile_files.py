"""Hostile files and paths: deep nesting, half characters, bad regions, temps, folders, exports.

Each test injects the fault a probe found: nothing may end in a traceback, be half-written,
be lost, or be replaced without being asked.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ftui.core.autosave import Autosave, WorkingDraft
from ftui.core.draft import Draft
from ftui.core.files import (
    STALE_ANYWAY,
    Output,
    OutputError,
    atomic_write,
    clear_stale_temps,
    private_folder,
    write_output,
)
from ftui.core.interop import load_request_file
from ftui.core.profile_types import check_name, loads
from ftui.core.profiles import (
    InvalidProfileName,
    Profile,
    ProfileError,
    ProfileNotFound,
    ProfileStore,
    UnreadableProfile,
)
from ftui.core.settings import SettingsError, load_settings
from ftui.core.sources import MAX_DEPTH, SourceError, parse_json, parse_toml
from tests.factories import valid_request

DEEP = 100_000


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore(tmp_path / "user", tmp_path / "project", tmp_path / "trash")


def _nested_json(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def _deep_profile_text(depth: int = 600) -> str:
    return (
        "schema_version = 1\n[request]\njobName = 'x'\n"
        f"hyperParameters = {{a = {'[' * depth}{']' * depth}}}\n"
    )


# --- nesting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parse", "line"),
    [
        ("\n" + _nested_json(DEEP), parse_json, 2),
        ("\n" + "[" * DEEP + "]" * DEEP, parse_json, 2),
        ("x = 1\na = " + "[" * DEEP + "]" * DEEP, parse_toml, 2),
        ("a = " + "{b = " * DEEP + "1" + "}" * DEEP, parse_toml, 1),
        # Dotted keys nest without a bracket; tomllib takes minutes and gigabytes on these.
        ("x = 1\n\na" + ".a" * DEEP + " = 1", parse_toml, 3),
        ("[a" + ".a" * DEEP + "]\nx = 1", parse_toml, 1),
    ],
    ids=["json-objects", "json-arrays", "toml-arrays", "toml-tables", "toml-dotted", "header"],
)
def test_deep_nesting_is_refused_with_its_line_before_any_parser_recurses(
    text: str, parse: object, line: int
) -> None:
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        parse(text, "deep")  # type: ignore[operator]
    assert time.monotonic() - started < 2
    assert caught.value.line == line
    assert f"nested more than {MAX_DEPTH} levels deep" in str(caught.value)
    assert str(caught.value).startswith(f"deep:{line}: ")


def test_the_limit_is_exact_and_brackets_in_strings_and_comments_do_not_count() -> None:
    assert parse_json(_nested_json(MAX_DEPTH), "ok")
    with pytest.raises(SourceError):
        parse_json(_nested_json(MAX_DEPTH + 1), "deep")
    brackets = "[[[[{{{{" * 40
    assert parse_json(json.dumps({"s": brackets, brackets: 1}), "ok")["s"] == brackets
    toml = (
        f"# {brackets}\ns = '{brackets}'\nt = \"{brackets}\"\nu = '''\n{brackets}'''\n"
        f'v = """{brackets}\\""""\nw = [1.5, 2.5, {{ x.y = "]]]" }}]\n'
    )
    assert parse_toml(toml, "ok")["w"][2] == {"x": {"y": "]]]"}}


def test_a_deep_profile_is_listed_as_unreadable_and_never_breaks_the_others(
    store: ProfileStore,
) -> None:
    store.save(Profile("good", Draft(valid_request())))
    (store.user_dir / "deep.toml").write_text(_deep_profile_text())
    (store.user_dir / "dotted.toml").write_text(
        "schema_version = 1\n[request]\nz" + ".z" * DEEP + " = 1\n"
    )
    entries = {e.name: e for e in store.list()}
    assert entries["good"].profile is not None
    for name in ("deep", "dotted"):
        error = entries[name].error
        assert entries[name].profile is None and error is not None and error.line is not None
    with pytest.raises(ProfileNotFound, match="did you mean 'good'"):
        store.resolve("goo")
    with pytest.raises(UnreadableProfile, match=r"deep.toml:4: .*nested more than 64"):
        store.load("deep")
    assert store.load("good").draft.request == valid_request()


def test_whatever_is_saved_opens_again_and_what_could_not_is_refused(
    store: ProfileStore,
) -> None:
    def nested(depth: int) -> dict[str, object]:
        node: dict[str, object] = {"leaf": "x"}
        for _ in range(depth - 1):
            node = {"n": node}
        return node

    # The file puts the request under [request]: one level deeper than in the JSON.
    fits = valid_request() | {"extra": nested(MAX_DEPTH - 2)}
    store.save(Profile("fits", Draft(fits)))
    assert store.load("fits").draft.request == fits
    too_deep = valid_request() | {"extra": nested(MAX_DEPTH - 1)}
    with pytest.raises(
        ProfileError, match=r"cannot save 'deep': extra\.n\.n\.…\.n\.n: nested more than 64"
    ):
        store.save(Profile("deep", Draft(too_deep)))
    assert not store.path_for("deep").exists()


def test_autosave_and_settings_survive_deep_files(tmp_path: Path) -> None:
    autosave = Autosave(tmp_path / "autosave" / "draft.json")
    autosave.path.parent.mkdir()
    autosave.path.write_text('{"request":' + _nested_json(DEEP) + "}")
    assert autosave.load() is None
    config = tmp_path / "config.toml"
    config.write_text("refresh_interval = 5\nx = " + "[" * DEEP + "]" * DEEP)
    with pytest.raises(SettingsError, match=r"config\.toml:2: nested"):
        load_settings(config, env={})


def test_an_integer_of_5000_digits_is_an_error_with_its_line() -> None:
    with pytest.raises(SourceError, match=r"^big:2: invalid JSON: Exceeds the limit"):
        parse_json('{\n"a": ' + "1" * 5000 + "}", "big")
    with pytest.raises(SourceError, match=r"^big:3: invalid TOML"):
        parse_toml("a = 1\n\nb = " + "1" * 5000, "big")


# --- text that is not text -----------------------------------------------------------------


def test_a_lone_surrogate_is_refused_with_its_line_and_field() -> None:
    text = '{\n  "jobName": "ok",\n  "customModelName": "x\\ud800y"\n}'
    with pytest.raises(SourceError) as caught:
        parse_json(text, "half.json")
    message = str(caught.value)
    assert message.startswith("half.json:3: customModelName: holds \\ud800, half of a UTF-16")
    message.encode("utf-8")  # the message itself can be printed
    with pytest.raises(SourceError, match=r"^k.json:1: the name a\\udc00 holds \\udc00"):
        parse_json('{"a\\udc00": 1}', "k.json")


def test_whole_characters_and_escaped_backslashes_are_text() -> None:
    data = parse_json('{"emoji": "\\ud83d\\ude00", "literal": "\\\\ud800"}', "ok")
    assert data == {"emoji": "😀", "literal": "\\ud800"}


def test_a_draft_holding_half_a_character_is_not_saved(store: ProfileStore) -> None:
    with pytest.raises(ProfileError, match=r"cannot save 'p': description: holds \\udcff"):
        store.save(Profile("p", Draft(valid_request()), description="bad \udcff"))
    with pytest.raises(ProfileError, match=r"cannot save 'p': jobName: holds \\ud800"):
        store.save(Profile("p", Draft(valid_request() | {"jobName": "\ud800"})))
    assert not store.user_dir.exists() or not list(store.user_dir.iterdir())


# --- regions and names -----------------------------------------------------------------------


def test_a_region_that_is_not_a_region_name_is_an_error_with_its_line(
    store: ProfileStore, tmp_path: Path
) -> None:
    text = 'schema_version = 1\nregion = "us east 1"\n[request]\njobName = "a"\n'
    with pytest.raises(SourceError) as caught:
        loads(text, path="p.toml", name="p")
    assert str(caught.value) == (
        "p.toml:2: region 'us east 1' is not an AWS region name such as us-east-1"
    )
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(SourceError, match=r"p\.toml:2: region"):
        load_request_file(path)
    with pytest.raises(ProfileError, match="cannot save 'p': region 'us east 1' is not"):
        store.save(Profile("p", Draft(valid_request()), region="us east 1"))
    store.save(Profile("p", Draft(valid_request()), region="us-gov-west-1"))


def test_a_name_ending_in_toml_is_refused_with_the_name_to_use(store: ProfileStore) -> None:
    with pytest.raises(InvalidProfileName, match=r"leave out \.toml, and say 'x'"):
        check_name("x.toml")
    with pytest.raises(InvalidProfileName):
        store.save(Profile("x.TOML", Draft(valid_request())))
    with pytest.raises(InvalidProfileName, match="say 'x'"):
        store.resolve("x.toml")
    assert check_name("v1.2") == "v1.2"


def test_a_file_no_profile_name_can_reach_is_listed_saying_to_rename_it(
    store: ProfileStore,
) -> None:
    store.save(Profile("x", Draft(valid_request())))
    legacy = store.user_dir / "x.toml.toml"  # what ftui import --name x.toml used to write
    legacy.write_bytes(store.path_for("x").read_bytes())
    entries = {e.name: e for e in store.list()}
    assert entries["x"].profile is not None
    assert entries["x.toml"].error is not None
    assert "rename the file" in str(entries["x.toml"].error)


# --- temps of killed writers -----------------------------------------------------------------


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_temps_of_killed_writers_are_cleared_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    stale = [folder / f".p.toml.{n:08x}.tmp" for n in range(3)]
    for path in stale:
        path.write_bytes(b"x" * 4096)
        _age(path, 60)
    fresh = folder / ".p.toml.aaaaaaaa.tmp"  # a writer may be about to lock it
    fresh.write_bytes(b"new")
    other_recent = folder / ".q.toml.bbbbbbbb.tmp"  # another file's, not an hour old
    other_recent.write_bytes(b"q")
    _age(other_recent, 600)
    other_old = folder / ".q.toml.cccccccc.tmp"
    other_old.write_bytes(b"q")
    _age(other_old, STALE_ANYWAY + 60)
    not_ours = [
        folder / ".p.toml.tmp",
        folder / ".p.toml.ABCDEF12.tmp",
        folder / "p.toml.0000000f.tmp",
        folder / ".p.toml.0000000f.tmp.keep",
    ]
    for path in not_ours:
        path.write_bytes(b"mine")
        _age(path, STALE_ANYWAY * 48)
    live = folder / ".p.toml.dddddddd.tmp"  # a writer that is alive holds its lock
    live.write_bytes(b"writing")
    _age(live, STALE_ANYWAY * 2)
    import fcntl

    with live.open("rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        atomic_write(folder / "p.toml", b"saved")
    assert (folder / "p.toml").read_bytes() == b"saved"
    assert not any(path.exists() for path in [*stale, other_old])
    assert all(path.exists() for path in [fresh, other_recent, *not_ours, live])


def test_killed_saves_do_not_pile_up(store: ProfileStore) -> None:
    store.save(Profile("p", Draft(valid_request())))
    for n in range(40):  # what 40 kill -9 of a save leave behind
        temp = store.user_dir / f".p.toml.{n:08x}.tmp"
        temp.write_bytes(b"x" * 100_000)
        _age(temp, 30)
    store.save(Profile("p", Draft(valid_request()), description="again"), overwrite=True)
    assert sorted(p.name for p in store.user_dir.iterdir()) == ["p.toml"]


def test_clearing_never_raises(tmp_path: Path) -> None:
    assert clear_stale_temps(tmp_path / "missing", "x") == []


# --- private folders ------------------------------------------------------------------------


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folders_ftui_makes_are_private_whatever_the_umask(tmp_path: Path) -> None:
    config = tmp_path / "config"
    store = ProfileStore(config / "profiles", trash_dir=tmp_path / "state" / "deleted-profiles")
    autosave = Autosave(tmp_path / "state" / "autosave" / "draft.json")
    with _umask(0):
        store.save(Profile("p", Draft(valid_request())))
        store.delete("p")
        autosave.save(WorkingDraft(request={"jobName": "x"}))
        autosave.keep(WorkingDraft(request={"jobName": "y"}, profile="p", dirty=True))
        made = private_folder(tmp_path / "ledger" / "deeper")
    for folder in (
        config,
        config / "profiles",
        tmp_path / "state",
        tmp_path / "state" / "deleted-profiles",
        tmp_path / "state" / "autosave",
        tmp_path / "state" / "autosave" / "kept-drafts",
        tmp_path / "ledger",
        made,
    ):
        assert _mode(folder) == 0o700, folder


def test_a_folder_that_already_exists_is_left_as_it_is(tmp_path: Path) -> None:
    shared = tmp_path / "project" / ".ftui" / "profiles"
    shared.mkdir(parents=True)
    shared.chmod(0o775)  # shared through git with a group
    store = ProfileStore(tmp_path / "user", shared)
    from ftui.core.profiles import Origin

    with _umask(0):
        store.save(Profile("team", Draft(valid_request()), origin=Origin.PROJECT))
    assert _mode(shared) == 0o775


# --- write_output ----------------------------------------------------------------------------


def test_a_fifo_is_written_into_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    written = write_output(fifo, b"profile\n", force=False)
    reader.join(timeout=10)
    assert got == [b"profile\n"] and written.how is Output.STREAM
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_devices_descriptors_and_stdout_are_written_into() -> None:
    assert write_output("/dev/null", b"x", force=False).how is Output.STREAM
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    read_end, write_end = os.pipe()
    try:
        written = write_output(f"/dev/fd/{write_end}", b"through the pipe", force=False)
        assert written.how is Output.STREAM
        assert os.read(read_end, 100) == b"through the pipe"
    finally:
        os.close(read_end)
        os.close(write_end)
    stdout = io.BytesIO()
    assert write_output("-", b"out", force=False, stdout=stdout).how is Output.STDOUT
    assert stdout.getvalue() == b"out"
    with pytest.raises(OutputError, match="descriptor 987 is not open"):
        write_output("/dev/fd/987", b"x", force=False)


def test_dash_is_standard_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    os.chdir(tmp_path)
    write_output("-", b"to stdout\n", force=False)
    assert capsys.readouterr().out == "to stdout\n"
    assert not (tmp_path / "-").exists()


def test_a_regular_file_needs_force_and_is_then_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert write_output(target, b"one", force=False).how is Output.CREATED
    with pytest.raises(OutputError, match=r"out.json exists; pass --force to replace it"):
        write_output(target, b"two", force=False)
    assert target.read_bytes() == b"one"
    target.chmod(0o640)
    assert write_output(target, b"two", force=True).how is Output.REPLACED
    assert target.read_bytes() == b"two" and _mode(target) == 0o640
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_output(link, b"three", force=True)
    assert link.is_symlink() and target.read_bytes() == b"three"


def test_what_cannot_be_written_is_named(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("keep")
    with pytest.raises(OutputError, match=r"afile is a file, not a folder"):
        write_output(afile / "out.json", b"x", force=True)
    with pytest.raises(OutputError, match=r"the folder .*/missing does not exist"):
        write_output(tmp_path / "missing" / "deeper" / "out.json", b"x", force=True)
    with pytest.raises(OutputError, match="it is a folder"):
        write_output(tmp_path, b"x", force=True)
    with pytest.raises(OutputError, match="give a file name"):
        write_output(f"{tmp_path}/new/", b"x", force=True)
    sock_path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(sock_path))
        with pytest.raises(OutputError, match="it is a socket"):
            write_output(sock_path, b"x", force=True)
    assert afile.read_text() == "keep" and not (tmp_path / "missing").exists()


def test_an_autosaved_draft_holding_half_a_character_is_read_back(tmp_path: Path) -> None:
    """A cloned job's name from a hostile endpoint: the draft is kept, the half shown as U+FFFD."""
    autosave = Autosave(tmp_path / "autosave.json")
    autosave.save(WorkingDraft(request={"jobName": "x\ud800y", "customModelName": "m😀"}))
    loaded = autosave.load()
    assert loaded is not None
    assert loaded.request == {"jobName": "x\ufffdy", "customModelName": "m😀"}
