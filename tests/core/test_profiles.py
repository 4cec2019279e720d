"""The profile store: round trips, hostile names, broken files, conflicts, crashes."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ftui.core import paths
from ftui.core.draft import Draft
from ftui.core.profile_types import dumps, loads
from ftui.core.profiles import (
    InvalidProfileName,
    Origin,
    Profile,
    ProfileConflict,
    ProfileError,
    ProfileExists,
    ProfileNotFound,
    ProfileStore,
    UnreadableProfile,
)
from tests.factories import valid_request


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore(tmp_path / "user", tmp_path / "project", tmp_path / "trash")


def _profile(name: str = "nova-bot", **extra: object) -> Profile:
    return Profile(name=name, draft=Draft(valid_request()), **extra)  # type: ignore[arg-type]


def test_save_and_load_round_trip(store: ProfileStore) -> None:
    original = _profile(description="Support bot", region="us-east-1")
    path = store.save(original)
    assert path == store.user_dir / "nova-bot.toml"
    loaded = store.load("nova-bot")
    assert loaded.draft.request == original.draft.request
    assert (loaded.description, loaded.region, loaded.origin) == (
        "Support bot",
        "us-east-1",
        Origin.USER,
    )


def test_profiles_are_private_files(store: ProfileStore) -> None:
    path = store.save(_profile())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_default_store_follows_ftui_config_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FTUI_CONFIG_DIR", str(tmp_path / "elsewhere"))
    store = ProfileStore.default()
    store.save(_profile())
    assert (tmp_path / "elsewhere" / "profiles" / "nova-bot.toml").is_file()
    assert paths.state_dir() == tmp_path / "elsewhere" / "state"


def test_toml_numbers_and_human_edits_survive(store: ProfileStore) -> None:
    store.user_dir.mkdir(parents=True)
    (store.user_dir / "hand.toml").write_text(
        textwrap.dedent(
            """
            # written by hand
            schema_version = 1
            region = "us-east-1"

            [request]
            jobName = "hand-made"
            [request.hyperParameters]
            epochCount = 3
            learningRate = 5e-5
            """
        )
    )
    draft = store.load("hand").draft
    assert draft.request["hyperParameters"] == {"epochCount": 3, "learningRate": 5e-05}
    assert draft.wire()["hyperParameters"] == {"epochCount": "3", "learningRate": "5e-5"}


@pytest.mark.parametrize(
    "name",
    [
        "../evil",
        "a/b",
        "/etc/passwd",
        "",
        ".hidden",
        "a b",
        "con",
        "NUL.txt",
        "x" * 101,
        "a..b",
        "end.",
        "tab\t",
        "nul\x00",
    ],
)
def test_hostile_names_are_refused_and_nothing_is_written(
    store: ProfileStore, tmp_path: Path, name: str
) -> None:
    before = sorted(p for p in tmp_path.rglob("*"))
    with pytest.raises(InvalidProfileName) as raised:
        store.save(_profile(name))
    assert "not a valid profile name" in str(raised.value) or "may not contain" in str(raised.value)
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_corrupt_file_is_reported_with_its_line_and_others_still_load(store: ProfileStore) -> None:
    store.save(_profile("good"))
    bad = store.user_dir / "bad.toml"
    bad.write_text('schema_version = 1\n[request]\njobName = "unterminated\n')
    entries = {e.name: e for e in store.list()}
    assert entries["good"].profile is not None
    error = entries["bad"].error
    assert error is not None and error.line == 3
    assert str(error).startswith(f"{bad}:3:")
    with pytest.raises(UnreadableProfile):
        store.load("bad")


def test_corrupt_file_is_never_overwritten(store: ProfileStore) -> None:
    store.user_dir.mkdir(parents=True)
    bad = store.user_dir / "bad.toml"
    bad.write_text("this is = = not toml\n")
    with pytest.raises(UnreadableProfile) as raised:
        store.save(_profile("bad"), overwrite=True)
    assert "not overwriting" in str(raised.value)
    assert bad.read_text() == "this is = = not toml\n"


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ('[tool.poetry]\nname = "x"\n', "not an ftui profile", 1),
        ("schema_version = 7\n", "newer ftui", 1),
        ('schema_version = 1\njobName = "x"\n', "request fields go under [request]", 2),
        ('schema_version = 1\ndescriptoin = "x"\n', "did you mean 'description'", 2),
        ("schema_version = 1\nrequest = 5\n", "must be a table", 2),
        ('schema_version = "1"\n', "whole number", 1),
    ],
)
def test_foreign_files_are_named_with_their_line(text: str, words: str, line: int) -> None:
    from ftui.core.sources import SourceError

    with pytest.raises(SourceError) as raised:
        loads(text, path="x.toml", name="x")
    assert words in raised.value.message
    assert raised.value.line == line


def test_an_existing_name_is_not_silently_overwritten(store: ProfileStore) -> None:
    store.save(_profile())
    with pytest.raises(ProfileExists):
        store.save(_profile())
    replacement = _profile(description="second")
    store.save(replacement, overwrite=True)
    assert store.load("nova-bot").description == "second"


def test_saving_back_after_an_outside_change_is_refused(store: ProfileStore) -> None:
    store.save(_profile())
    opened = store.load("nova-bot")
    path = store.user_dir / "nova-bot.toml"
    path.write_text(path.read_text().replace("support-bot-ft-001", "changed-elsewhere"))
    opened.description = "mine"
    with pytest.raises(ProfileConflict):
        store.save(opened)
    assert "changed-elsewhere" in path.read_text()


def test_saving_back_an_unchanged_file_works(store: ProfileStore) -> None:
    store.save(_profile())
    opened = store.load("nova-bot")
    opened.draft.set(("jobName",), "support-bot-ft-002")
    store.save(opened)
    opened.draft.set(("jobName",), "support-bot-ft-003")
    store.save(opened)  # the digest follows each save
    assert store.load("nova-bot").draft.get(("jobName",)) == "support-bot-ft-003"


def test_rename_duplicate_delete(store: ProfileStore) -> None:
    store.save(_profile("a"))
    store.save(_profile("b"))
    with pytest.raises(ProfileExists):
        store.rename("a", "b")
    store.rename("a", "c")
    store.duplicate("c", "d")
    assert [e.name for e in store.list()] == ["b", "c", "d"]
    kept = store.delete("d")
    assert kept.parent == store.trash_dir and kept.read_text().startswith("# An ftui profile")
    assert [e.name for e in store.list()] == ["b", "c"]
    with pytest.raises(ProfileNotFound) as raised:
        store.load("dd")
    assert "did you mean 'b'" not in str(raised.value)


def test_project_profiles_are_listed_with_their_origin(store: ProfileStore) -> None:
    store.save(_profile("shared", origin=Origin.PROJECT))
    store.save(_profile("mine"))
    listed = [(e.qualified_name, e.origin) for e in store.list()]
    assert listed == [("mine", Origin.USER), ("project:shared", Origin.PROJECT)]
    assert store.load("shared").origin is Origin.PROJECT
    store.save(_profile("shared"))
    with pytest.raises(ProfileError, match="both a user and a project profile"):
        store.load("shared")
    assert store.load("project:shared").origin is Origin.PROJECT
    assert store.load("user:shared").origin is Origin.USER


def test_project_folder_is_found_from_a_subfolder(tmp_path: Path) -> None:
    project = tmp_path / "repo"
    (project / ".ftui" / "profiles").mkdir(parents=True)
    deep = project / "src" / "pkg"
    deep.mkdir(parents=True)
    assert paths.project_profiles_dir(deep) == (project / ".ftui" / "profiles").resolve()
    assert paths.project_profiles_dir(tmp_path) is None


def test_dumps_is_readable_and_drops_nulls() -> None:
    request = valid_request()
    request["customModelKmsKeyId"] = None
    text = dumps(Profile("x", Draft(request)))
    assert "customModelKmsKeyId" not in text
    assert text.index("jobName") < text.index("[request.trainingDataConfig]")
    assert loads(text, path="x", name="x").draft.request == valid_request()


# --- crashes --------------------------------------------------------------------------------

_CRASH_SCRIPT = """
import os, sys
from pathlib import Path
from ftui.core.draft import Draft
from ftui.core.profiles import Profile, ProfileStore
store = ProfileStore(Path(sys.argv[1]))
profile = store.load("victim")
profile.description = "NEW " * 2000
calls = 0
real_fsync = os.fsync
def crashing_fsync(fd):
    global calls
    calls += 1
    if calls == int(sys.argv[2]):
        os._exit(9)
    real_fsync(fd)
os.fsync = crashing_fsync
store.save(profile)
"""


@pytest.mark.parametrize(("crash_at", "expect"), [(1, "old"), (2, "new")])
def test_a_crash_mid_write_leaves_the_old_or_the_new_file_whole(
    store: ProfileStore, crash_at: int, expect: str
) -> None:
    """fsync 1 is the temp file's (before the rename), fsync 2 the folder's (after it)."""
    store.save(_profile("victim", description="OLD"))
    done = subprocess.run(
        [sys.executable, "-c", _CRASH_SCRIPT, str(store.user_dir), str(crash_at)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 9, done.stderr
    profile = store.load("victim")
    if expect == "old":
        assert profile.description == "OLD"
    else:
        assert profile.description == "NEW " * 2000
    assert [e.name for e in store.list()] == ["victim"]


_WRITER = """
import sys
from pathlib import Path
from ftui.core.draft import Draft
from ftui.core.profiles import Profile, ProfileStore
store = ProfileStore(Path(sys.argv[1]))
i = 0
while True:
    i += 1
    word = "A" if i % 2 else "B"
    store.save(Profile("p", Draft({"jobName": "x"}), description=word * 200_000), overwrite=True)
    if i == 1:
        print("started", flush=True)
"""


def test_killing_a_writer_at_random_never_leaves_a_torn_file(store: ProfileStore) -> None:
    for attempt in range(12):
        writer = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(store.user_dir)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "started"
        time.sleep(0.01 + 0.013 * attempt)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        description = store.load("p").description
        assert description in ("A" * 200_000, "B" * 200_000)
    leftovers = [p.name for p in store.user_dir.iterdir() if p.name != "p.toml"]
    assert all(name.startswith(".p.toml.") for name in leftovers)
    assert [e.name for e in store.list()] == ["p"]


def test_a_full_disk_loses_nothing(store: ProfileStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    store.save(_profile())

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", full)
        with pytest.raises(OSError, match="No space left"):
            store.save(_profile(description="new"), overwrite=True)
    assert store.load("nova-bot").description == ""
    assert [p.name for p in store.user_dir.iterdir()] == ["nova-bot.toml"]


def test_unsaved_changes_are_kept_per_profile(tmp_path: Path) -> None:
    from ftui.core.autosave import Autosave, WorkingDraft

    autosave = Autosave(tmp_path / "autosave" / "draft.json")
    edited = WorkingDraft(request={"jobName": "edited"}, profile="project:team-job", dirty=True)
    autosave.keep(edited)
    kept = autosave.kept("project:team-job")
    assert kept is not None and kept.request == {"jobName": "edited"} and kept.dirty
    assert autosave.kept("team-job") is None, "a user profile of the same name is another"
    autosave.move("project:team-job", "project:renamed")
    assert autosave.kept("project:team-job") is None
    assert autosave.kept("project:renamed") is not None
    autosave.forget("project:renamed")
    assert autosave.kept("project:renamed") is None
    with pytest.raises(ValueError):
        autosave.keep(WorkingDraft(request={}, dirty=True))


def test_a_read_only_store_refuses_to_delete(tmp_path: Path) -> None:
    from ftui.core.aws.policy import ReadOnly
    from ftui.core.profiles import Profile, ProfileError, ProfileStore

    store = ProfileStore(
        tmp_path / "p", trash_dir=tmp_path / "t", read_only=ReadOnly("--read-only")
    )
    path = store.save(Profile("keep-me"))
    with pytest.raises(
        ProfileError, match=r"read-only mode \(--read-only\): 'keep-me' not deleted"
    ):
        store.delete("keep-me")
    assert path.is_file() and not (tmp_path / "t").exists()
