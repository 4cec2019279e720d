"""The profiles list's summaries: a profile is read again only when its file changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftui.core.profile_summary import SummaryCache
from ftui.core.profiles import ProfileEntry, ProfileFile, ProfileStore
from ftui.sim.world import seed_profiles


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    store = ProfileStore(tmp_path / "user", tmp_path / "project", tmp_path / "trash")
    store.project_dir.mkdir()  # type: ignore[union-attr]
    seed_profiles(store)
    return store


def counting(store: ProfileStore, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    read_file = store.read_file

    def counted(file: ProfileFile) -> ProfileEntry:
        reads.append(file.name)
        return read_file(file)

    monkeypatch.setattr(store, "read_file", counted)
    return reads


def test_files_are_listed_as_the_store_lists_profiles_without_reading_them(
    store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert store.project_dir is not None
    (store.project_dir / "shared.toml").write_text(
        (store.user_dir / "titan-docs-cpt.toml").read_text()
    )
    (store.user_dir / ".hidden.toml").write_text("")
    (store.user_dir / "notes.txt").write_text("")
    reads = counting(store, monkeypatch)
    files = store.files()
    assert reads == []
    assert [f.qualified_name for f in files] == [
        "distill-nova-micro",
        "draft-haiku-classifier",
        "nova-support-bot",
        "rft-math-grader",
        "titan-docs-cpt",
        "project:shared",
    ]
    assert [f.qualified_name for f in files] == [e.qualified_name for e in store.list()]


def test_an_unchanged_profile_is_read_once_and_a_changed_one_again(
    store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = SummaryCache()
    reads = counting(store, monkeypatch)
    first = {f.name: cache.read(store, f).state for f in store.files()}
    assert first["nova-support-bot"] == "ready"
    assert first["draft-haiku-classifier"] == "6 problems"
    assert len(reads) == 5
    assert all(cache.get(f) is not None for f in store.files())

    path = store.user_dir / "nova-support-bot.toml"
    path.write_text(path.read_text().replace('jobName = "', 'jobName = "has space '))
    reads.clear()
    again = {f.name: cache.read(store, f).state for f in store.files()}
    assert reads == ["nova-support-bot"]
    assert again["nova-support-bot"] == "1 problem"


def test_deleted_profiles_are_forgotten_so_the_cache_never_outgrows_the_folders(
    store: ProfileStore,
) -> None:
    cache = SummaryCache()
    for file in store.files():
        cache.read(store, file)
    assert len(cache) == 5
    (store.user_dir / "rft-math-grader.toml").unlink()
    cache.keep_only(store.files())
    assert len(cache) == 4


def test_an_unreadable_profile_is_summarised_as_unreadable(store: ProfileStore) -> None:
    (store.user_dir / "broken.toml").write_text("schema_version = 1\n[request\n")
    cache = SummaryCache()
    broken = next(f for f in store.files() if f.name == "broken")
    summary = cache.read(store, broken)
    assert summary.state == "unreadable"
    assert summary.entry.error is not None and summary.kind is None
