"""What the subcommands share: reading the global options, printing, asking."""

from __future__ import annotations

import argparse
import sys

from ftui.core.aws.session import AwsTarget
from ftui.core.profiles import ProfileStore


def regions(args: argparse.Namespace) -> list[str]:
    return list(getattr(args, "region", None) or [])


def one_region(args: argparse.Namespace) -> str | None:
    """The single region a command works in; the last one wins if several are given."""
    given = regions(args)
    return given[-1] if given else None


def aws_target(args: argparse.Namespace, region: str | None = None) -> AwsTarget:
    return AwsTarget(
        region=region or one_region(args),
        profile=getattr(args, "aws_profile", None),
        endpoint_url=getattr(args, "endpoint_url", None),
    )


def store() -> ProfileStore:
    return ProfileStore.default()


def out(text: str = "") -> None:
    print(text, file=sys.stdout)


def err(text: str) -> None:
    print(text, file=sys.stderr)


def confirm(question: str) -> bool:
    """Ask on the terminal; without one, the answer is no."""
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}
