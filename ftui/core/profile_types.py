"""What a profile is, wherever it is kept: its record, its name, its file's text, its errors.

:class:`Profile` (a saved draft), the entries a listing of profile files gives
(:class:`ProfileFile`, :class:`ProfileEntry`), where a profile is kept (:class:`Origin`), the
rules for a profile's name (:func:`check_name`, :func:`qualify`), a profile to and from the text
of its file (:func:`dumps`, :func:`loads`), and the errors of profile operations.

Apart from the store (profiles.py, which reads and writes the folders) because these values
travel without it: the CLI, the profiles screen and ``ftui import`` name, parse and report
profiles that no store holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from ftui.core.draft import Draft
from ftui.core.profile_toml import ProfileDoc, from_toml, to_toml
from ftui.core.sources import SourceError

SUFFIX = ".toml"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.IGNORECASE)


class Origin(StrEnum):
    USER = "user"
    PROJECT = "project"


class ProfileError(Exception):
    """A profile operation that cannot be done; the message says why and what to do."""


class InvalidProfileName(ProfileError):
    pass


class ProfileNotFound(ProfileError):
    pass


class ProfileExists(ProfileError):
    pass


class ProfileConflict(ProfileError):
    """The file changed on disk after it was opened."""


class UnreadableProfile(ProfileError):
    """The file is not a readable ftui profile; it is reported, never overwritten."""

    def __init__(self, source: SourceError) -> None:
        super().__init__(str(source))
        self.source = source


@dataclass
class Profile:
    name: str
    draft: Draft = field(default_factory=Draft)
    description: str = ""
    region: str | None = None
    origin: Origin = Origin.USER
    path: Path | None = None
    modified: datetime | None = None
    # sha256 of the file as read; saving back refuses if the file has changed since.
    digest: str | None = None

    @property
    def qualified_name(self) -> str:
        return qualify(self.name, self.origin)


@dataclass(frozen=True)
class ProfileEntry:
    """One file in a profiles folder, readable (``profile``) or not (``error``)."""

    name: str
    origin: Origin
    path: Path
    modified: datetime
    profile: Profile | None = None
    error: SourceError | None = None

    @property
    def qualified_name(self) -> str:
        return qualify(self.name, self.origin)


@dataclass(frozen=True)
class ProfileFile:
    """A profile file as listed, before it is read (``error`` if it cannot even be looked at)."""

    name: str
    origin: Origin
    path: Path
    modified: datetime
    error: SourceError | None = None
    # Inode, mtime and size: a save replaces the file, so any change to it changes the stamp.
    stamp: tuple[int, int, int] | None = None

    @property
    def qualified_name(self) -> str:
        return qualify(self.name, self.origin)


def qualify(name: str, origin: Origin) -> str:
    return f"project:{name}" if origin is Origin.PROJECT else name


def check_name(name: str) -> str:
    """``name`` if it is a safe file name; :class:`InvalidProfileName` saying why if not."""
    if not _NAME.fullmatch(name) or name.endswith(".") or _RESERVED.fullmatch(name):
        raise InvalidProfileName(
            f"{name!r} is not a valid profile name: use 1 to 100 letters, digits, '.', '_' and"
            " '-', starting with a letter or digit (no slashes, spaces or '..')"
        )
    if ".." in name:
        raise InvalidProfileName(f"{name!r} is not a valid profile name: it may not contain '..'")
    if name.lower().endswith(SUFFIX) and len(name) > len(SUFFIX):
        # The file of profile NAME is NAME.toml: a name ending in .toml would be x.toml.toml,
        # and "x.toml" would mean two different things to `ftui validate`.
        raise InvalidProfileName(
            f"{name!r} is not a valid profile name: leave out {SUFFIX}, and say"
            f" {name[: -len(SUFFIX)]!r} (its file is {name})"
        )
    return name


# --- the file format (profile_toml.py) -----------------------------------------------------


def dumps(profile: Profile) -> str:
    """The TOML text of ``profile``; ``UnwritableProfile`` if its file could not hold it."""
    return to_toml(ProfileDoc(profile.draft.request, profile.description, profile.region))


def loads(text: str, *, path: Path | str, name: str) -> Profile:
    """Parse a profile file; :class:`SourceError` with the line for anything it cannot take."""
    doc = from_toml(text, path)
    return Profile(
        name=name,
        draft=Draft(doc.request, toml_numbers=True),
        description=doc.description,
        region=doc.region,
    )
