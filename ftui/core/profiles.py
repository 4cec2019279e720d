"""Profiles: saved drafts, one human-editable TOML file each.

A profile file looks like this (field names are the API's; the format is profile_toml.py)::

    schema_version = 1
    description = "Support bot on Nova Micro"
    region = "us-east-1"

    [request]
    customizationType = "FINE_TUNING"
    jobName = "support-bot-001"
    ...

    [request.hyperParameters]
    epochCount = 2            # numbers may be written as numbers; they go to AWS as "2"

Profiles live in the user's folder (``paths.profiles_dir()``) and, to share them through git,
in a project's ``.ftui/profiles/``. A file that cannot be read is listed with its error and is
never overwritten; saving replaces a file atomically and refuses to clobber one that changed on
disk since it was opened.

Here is the store (:class:`ProfileStore`): the folders, and the files in them listed, read,
saved, renamed and deleted. What a profile is (its record, the rules for its name, its file's
text, the errors) is profile_types.py.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from ftui.core import paths
from ftui.core.aws.policy import ReadOnly
from ftui.core.files import atomic_write, move_exclusive, private_folder
from ftui.core.profile_toml import UnwritableProfile
from ftui.core.profile_types import (
    SUFFIX,
    InvalidProfileName,
    Origin,
    Profile,
    ProfileConflict,
    ProfileEntry,
    ProfileError,
    ProfileExists,
    ProfileFile,
    ProfileNotFound,
    UnreadableProfile,
    check_name,
    dumps,
    loads,
    qualify,
)
from ftui.core.sources import SourceError, read_source
from ftui.core.spelling import did_you_mean

# The store's own vocabulary, importable with it: what it returns and the errors it raises.
__all__ = [
    "InvalidProfileName",
    "Origin",
    "Profile",
    "ProfileConflict",
    "ProfileEntry",
    "ProfileError",
    "ProfileExists",
    "ProfileFile",
    "ProfileNotFound",
    "ProfileStore",
    "UnreadableProfile",
]


class ProfileStore:
    """The user's profiles and, when there is one, the current project's."""

    def __init__(
        self,
        user_dir: Path,
        project_dir: Path | None = None,
        trash_dir: Path | None = None,
        *,
        read_only: ReadOnly | None = None,
    ):
        self.user_dir = user_dir
        self.project_dir = project_dir
        self.trash_dir = trash_dir or (user_dir.parent / ".trash")
        # Read-only mode is for looking: drafts may be saved, profiles not deleted.
        self.read_only = read_only

    @classmethod
    def default(cls, cwd: Path | None = None, *, read_only: ReadOnly | None = None) -> ProfileStore:
        return cls(
            paths.profiles_dir(),
            paths.project_profiles_dir(cwd),
            paths.state_dir() / "deleted-profiles",
            read_only=read_only,
        )

    def folder(self, origin: Origin) -> Path:
        if origin is Origin.USER:
            return self.user_dir
        if self.project_dir is None:
            raise ProfileError(
                "there is no project profiles folder here: create .ftui/profiles in the project"
                " to share profiles through git"
            )
        return self.project_dir

    def path_for(self, name: str, origin: Origin = Origin.USER) -> Path:
        return self.folder(origin) / f"{check_name(name)}{SUFFIX}"

    # --- reading ----------------------------------------------------------------------------

    def list(self) -> list[ProfileEntry]:
        """Every profile file, readable or not, user profiles first, each group by name.

        A file that cannot be read, parsed or even named is an entry with its ``error``: one
        broken file never hides the others.
        """
        return [self.read_file(file) for file in self.files()]

    def files(self) -> tuple[ProfileFile, ...]:
        """Every profile file in :meth:`list`'s order, looked at but not read: cheap for many."""
        found = []
        for origin, path in self._files():
            name = path.name[: -len(SUFFIX)]
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue  # deleted since the folder was listed
            except OSError as error:
                failed = SourceError(path, f"cannot be read: {error.strerror or error}")
                found.append(
                    ProfileFile(name, origin, path, datetime.fromtimestamp(0, UTC), failed)
                )
                continue
            modified = datetime.fromtimestamp(stat.st_mtime, UTC)
            stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            found.append(ProfileFile(name, origin, path, modified, stamp=stamp))
        return tuple(found)

    def read_file(self, file: ProfileFile) -> ProfileEntry:
        """The listed ``file`` read: its profile, or why it cannot be one."""
        name, origin, path, modified = file.name, file.origin, file.path, file.modified
        if file.error is not None:
            return ProfileEntry(name, origin, path, modified, error=file.error)
        try:
            check_name(name)
            profile = self._read(path, name, origin)
        except InvalidProfileName as error:
            failed = SourceError(path, f"{error}; rename the file")
            return ProfileEntry(name, origin, path, modified, error=failed)
        except SourceError as error:
            return ProfileEntry(name, origin, path, modified, error=error)
        return ProfileEntry(name, origin, path, modified, profile=profile)

    def names(self) -> tuple[str, ...]:
        """The qualified name of every profile file, without reading any of them."""
        return tuple(qualify(p.name[: -len(SUFFIX)], o) for o, p in self._files())

    def _files(self) -> Iterator[tuple[Origin, Path]]:
        for origin, folder in self._folders():
            try:
                # One read of the folder: a glob and a stat per file took longer, for thousands.
                with os.scandir(folder) as listing:
                    names = sorted(e.name for e in listing if _is_profile_file(e))
            except OSError:
                continue  # an unreadable folder lists nothing, as a missing one does
            for name in names:
                yield origin, folder / name

    def _folders(self) -> Iterator[tuple[Origin, Path]]:
        if self.user_dir.is_dir():
            yield Origin.USER, self.user_dir
        if self.project_dir is not None and self.project_dir.is_dir():
            yield Origin.PROJECT, self.project_dir

    def resolve(self, name: str) -> tuple[str, Origin, Path]:
        """Find a profile by ``NAME``, ``user:NAME`` or ``project:NAME``."""
        origin: Origin | None = None
        if ":" in name:
            prefix, _, name = name.partition(":")
            try:
                origin = Origin(prefix)
            except ValueError:
                raise InvalidProfileName(
                    f"{prefix!r} is not a profile origin: use user:NAME or project:NAME"
                ) from None
        check_name(name)
        candidates = [
            (o, folder / f"{name}{SUFFIX}")
            for o, folder in self._folders()
            if origin is None or o is origin
        ]
        found = [(o, p) for o, p in candidates if p.is_file()]
        if not found:
            hint = did_you_mean(name, self.names())
            raise ProfileNotFound(f"no profile named {name!r}{hint}")
        if len(found) > 1:
            raise ProfileError(
                f"{name!r} is both a user and a project profile: say user:{name} or project:{name}"
            )
        ((o, path),) = found
        return name, o, path

    def load(self, name: str) -> Profile:
        name, origin, path = self.resolve(name)
        try:
            return self._read(path, name, origin)
        except SourceError as error:
            raise UnreadableProfile(error) from None

    def _read(self, path: Path, name: str, origin: Origin) -> Profile:
        data, text = read_source(path)
        profile = loads(text, path=path, name=name)
        profile.origin = origin
        profile.path = path
        try:
            profile.modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except OSError as error:
            raise SourceError(path, f"cannot be read: {error.strerror or error}") from None
        profile.digest = _digest(data)
        return profile

    # --- writing ----------------------------------------------------------------------------

    def save(self, profile: Profile, *, overwrite: bool = False) -> Path:
        """Write ``profile`` to its name in its origin's folder.

        Saving a profile back where it was loaded from is allowed when the file is unchanged
        since; any other existing file is replaced only with ``overwrite``. An existing file
        that is not a readable profile is never replaced.
        """
        path = self.path_for(profile.name, profile.origin)
        try:
            data = dumps(profile).encode("utf-8")
        except UnwritableProfile as error:
            raise ProfileError(f"cannot save {profile.qualified_name!r}: {error}") from None
        if path.exists():
            current = self._existing(path, profile.name, profile.origin)
            same_file = profile.path is not None and _same(profile.path, path)
            if same_file and profile.digest is not None and profile.digest != current.digest:
                raise ProfileConflict(
                    f"{path} changed on disk after it was opened; reload it, or save under"
                    " another name"
                )
            if not same_file and not overwrite:
                raise ProfileExists(
                    f"a profile named {profile.qualified_name!r} already exists: choose another"
                    " name"
                )
            atomic_write(path, data)
        else:
            try:
                atomic_write(path, data, exclusive=True)
            except FileExistsError:
                raise ProfileExists(
                    f"a profile named {profile.qualified_name!r} was just created by someone"
                    " else: choose another name"
                ) from None
        profile.path = path
        profile.digest = _digest(data)
        profile.modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        return path

    def _existing(self, path: Path, name: str, origin: Origin) -> Profile:
        try:
            return self._read(path, name, origin)
        except SourceError as error:
            raise UnreadableProfile(
                replace(error, message=f"{error.message}; not overwriting it: fix or move it first")
            ) from None

    def rename(self, name: str, new_name: str) -> Path:
        """Give a profile a new name in the same folder; never replaces another profile."""
        name, origin, path = self.resolve(name)
        target = self.path_for(new_name, origin)
        if target.exists():
            if not _same(path, target):
                raise ProfileExists(f"a profile named {qualify(new_name, origin)!r} already exists")
            path.rename(target)  # only the case changes, on a case-insensitive file system
            return target
        try:
            move_exclusive(path, target)
        except FileExistsError:
            raise ProfileExists(
                f"a profile named {qualify(new_name, origin)!r} already exists"
            ) from None
        return target

    def duplicate(self, name: str, new_name: str) -> Path:
        profile = self.load(name)
        profile.name = new_name
        profile.path = None
        profile.digest = None
        return self.save(profile)

    def refuses_delete(self, name: str) -> ProfileError | None:
        """Why ``name`` may not be deleted now (read-only mode), to say before asking."""
        if self.read_only is None:
            return None
        return ProfileError(f"read-only mode ({self.read_only.source}): {name!r} not deleted")

    def delete(self, name: str) -> Path:
        """Move the profile into the deleted-profiles folder; returns where it went."""
        refused = self.refuses_delete(name)
        if refused is not None:
            raise refused
        name, origin, path = self.resolve(name)
        private_folder(self.trash_dir)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        kept = self.trash_dir / f"{origin.value}-{name}-{stamp}{SUFFIX}"
        shutil.move(str(path), kept)
        return kept


def _is_profile_file(entry: os.DirEntry[str]) -> bool:
    if entry.name.startswith(".") or not entry.name.endswith(SUFFIX):
        return False
    try:
        return entry.is_file()
    except OSError:
        return False


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False
