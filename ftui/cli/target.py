"""Which AWS a command talks to, and whether it may change anything: all the TUI needs of the
command line, kept apart from the profile helpers so that starting the TUI loads no profiles."""

from __future__ import annotations

import argparse
import os

from ftui.core import paths
from ftui.core.aws.policy import ReadOnly
from ftui.core.aws.session import AwsTarget

__all__ = ["aws_target", "one_region", "read_only", "regions"]


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


def read_only(args: argparse.Namespace) -> ReadOnly | None:
    """Read-only mode from --read-only, FTUI_READ_ONLY or config.toml, saying which.

    Raises :class:`~ftui.core.settings.SettingsError` for a broken config.toml (exit 2).
    """
    from ftui.core.settings import load_settings

    if getattr(args, "read_only", False):
        return ReadOnly("--read-only")
    if not load_settings().read_only:
        return None
    if "FTUI_READ_ONLY" in os.environ:
        return ReadOnly(f"FTUI_READ_ONLY={os.environ['FTUI_READ_ONLY']}")
    return ReadOnly(f"read_only = true in {paths.settings_file()}")
