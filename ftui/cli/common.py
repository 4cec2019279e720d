"""What the subcommands share: reading the global options, printing, asking."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from ftui.cli.target import aws_target, read_only
from ftui.core import paths
from ftui.core.aws.session import AwsSession
from ftui.core.profile_types import SUFFIX, check_name
from ftui.core.profiles import (
    InvalidProfileName,
    Origin,
    ProfileError,
    ProfileNotFound,
    ProfileStore,
)
from ftui.core.safe_text import safe_text


def session(args: argparse.Namespace, region: str | None = None) -> AwsSession:
    """The AWS session of a command: its target, read-only mode, and a word while it waits."""
    target = aws_target(args, region)
    where = target.endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or "AWS"

    def waiting(operation: str) -> None:
        err(f"waiting for {where} to answer {operation}...")

    return AwsSession(target, read_only=read_only(args), on_slow=waiting)


def store(args: argparse.Namespace | None = None) -> ProfileStore:
    """The profiles; with ``args``, in the command's read-only mode (which refuses deletes)."""
    return ProfileStore.default(read_only=read_only(args) if args is not None else None)


def profile_error(args: argparse.Namespace, error: ProfileError, name: str) -> str:
    """The message for a failed profile command; a missing profile may be in the other folder."""
    hint = elsewhere(args, name) if isinstance(error, ProfileNotFound) else None
    if hint is None:
        return f"error: {error}"
    return f"error: no profile named {name!r}; {hint}"


def elsewhere(args: argparse.Namespace, name: str) -> str | None:
    """Where a profile ``name`` missing here is: the demo keeps its profiles apart from the user's.

    A project profile is seen with and without ``--demo``, so only user profiles count.
    """
    prefix, _, bare = name.rpartition(":")
    if prefix not in ("", Origin.USER.value):
        return None
    try:
        check_name(bare)
    except InvalidProfileName:
        return None
    words = list(getattr(args, "argv", []))
    if getattr(args, "demo", False):
        folder: Path | None = getattr(args, "user_profiles", None)
        found = "a profile of yours (outside the demo) has that name"
        command = _without_demo(words)
    else:
        folder = paths.demo_dir() / "profiles"
        found = "a demo profile of that name exists"
        command = ["--demo", *words]
    if folder is None or not (folder / f"{bare}{SUFFIX}").is_file():
        return None
    return f"{found}: run {shlex.join(['ftui', *command])}"


def _without_demo(words: list[str]) -> list[str]:
    """The command line without --demo and its --speed, which means nothing without it."""
    kept: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word == "--speed":
            skip = True
        elif word != "--demo" and not word.startswith("--speed="):
            kept.append(word)
    return kept


def out(text: str = "") -> None:
    """Print data, a table or a file on stdout: exact to a pipe or a file, safe to a terminal.

    A terminal acts on escapes: a job name holding ``ESC ] 52`` would write the clipboard. There
    they are shown (``safe_text``). A pipe or a file gets the text exact, as JSON or an exported
    profile must be read back; JSON escapes C0 controls itself, and a table's cells are safe by
    then (``row_of``).
    """
    if sys.stdout.isatty():
        text = safe_text(text, multiline=True)
    print(text, file=sys.stdout)


def err(text: str) -> None:
    """Print a message for a person on stderr, always safe: it may quote AWS's words."""
    print(safe_text(text, multiline=True), file=sys.stderr)


def confirm(question: str) -> bool:
    """Ask on the terminal; without one, the answer is no."""
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(f"{safe_text(question)} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}
