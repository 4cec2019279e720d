"""User settings: ``config.toml`` beside the profiles, overridden by ``FTUI_*`` variables.

::

    refresh_interval = 10        # seconds between job list refreshes; at least 2
    regions = ["us-east-1"]      # regions the jobs monitor shows; empty: the AWS default
    theme = "textual-dark"
    read_only = false            # hide submit, stop and delete
    [notifications]
    toast = true                 # a toast when a job changes status
    bell = false                 # and a terminal bell
    [keymap]
    "jobs.stop" = "ctrl+x"       # binding id = key
    [prices."amazon.nova-micro-v1:0:128k"]   # a model ID of the catalog
    training_per_1k_tokens = 0.001           # USD per 1,000 tokens trained (text models),
    # training_per_image = 0.005             # or per image seen (image models): one of the two
    storage_per_month = 1.95                 # USD per custom model per month (optional)

Environment: FTUI_REFRESH_INTERVAL, FTUI_REGIONS (comma-separated), FTUI_THEME, FTUI_READ_ONLY,
FTUI_TOAST, FTUI_BELL.

A ``[prices."<model id>"]`` table replaces the catalog's price of that model in the cost
estimate (your negotiated rate, another region's, or one the catalog lacks); the estimate then
says "your prices (config.toml)" instead of the catalog's date. Prices have no environment
variable.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ftui.core import paths
from ftui.core.sources import SourceError, line_of_key, parse_toml, read_text
from ftui.core.spelling import did_you_mean

if TYPE_CHECKING:
    from ftui.core.price_override import PriceOverride

MIN_REFRESH_INTERVAL = 2.0
# What an AWS region name looks like; settings, profiles and the command line all ask this one.
REGION_NAME = re.compile(r"[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+")


def region_name(value: str) -> str:
    """``value`` if it is written as an AWS region name; ``ValueError`` saying so if not."""
    if not REGION_NAME.fullmatch(value):
        raise ValueError(f"{value!r} is not an AWS region name such as us-east-1")
    return value


@dataclass
class Notifications:
    toast: bool = True  # a toast when a job changes status
    bell: bool = False  # and a terminal bell


@dataclass
class Settings:
    """What config.toml and the environment set; checked by :func:`load_settings`.

    Plain values, not a pydantic model: settings are read before the first frame, and the
    validation library is a cost of every start (the prices, which use it, load it when set).
    """

    refresh_interval: float = 10.0  # seconds between job list refreshes, at least 2
    regions: list[str] = field(default_factory=list)  # to watch; empty: the AWS default
    theme: str = "textual-dark"
    read_only: bool = False  # hide actions that change anything in AWS
    notifications: Notifications = field(default_factory=Notifications)
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> key
    prices: dict[str, PriceOverride] = field(default_factory=dict)  # model ID -> your price


class SettingsError(Exception):
    """``config.toml`` or an FTUI_* variable is wrong; the message lists every problem."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _flag(name: str, text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise SettingsError(f"{name}={text!r}: use 1 or 0 (or true/false)")


def _env_overrides(env: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "FTUI_REFRESH_INTERVAL" in env:
        try:
            out["refresh_interval"] = float(env["FTUI_REFRESH_INTERVAL"])
        except ValueError:
            raise SettingsError(
                f"FTUI_REFRESH_INTERVAL={env['FTUI_REFRESH_INTERVAL']!r}: must be a number of"
                " seconds"
            ) from None
    if "FTUI_REGIONS" in env:
        out["regions"] = [r.strip() for r in env["FTUI_REGIONS"].split(",") if r.strip()]
    if env.get("FTUI_THEME"):
        out["theme"] = env["FTUI_THEME"]
    if "FTUI_READ_ONLY" in env:
        out["read_only"] = _flag("FTUI_READ_ONLY", env["FTUI_READ_ONLY"])
    notes: dict[str, bool] = {}
    if "FTUI_TOAST" in env:
        notes["toast"] = _flag("FTUI_TOAST", env["FTUI_TOAST"])
    if "FTUI_BELL" in env:
        notes["bell"] = _flag("FTUI_BELL", env["FTUI_BELL"])
    if notes:
        out["notifications"] = notes
    return out


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``config.toml`` (if any) and the environment; :class:`SettingsError` if bad."""
    path = path or paths.settings_file()
    env = os.environ if env is None else env
    data: dict[str, Any] = {}
    text = ""
    if path.exists():
        try:
            text = read_text(path)
            data = parse_toml(text, path)
        except SourceError as error:
            raise SettingsError(str(error)) from None
    overrides = _env_overrides(env)
    env_notes = overrides.pop("notifications", {})
    merged = {**data, **overrides}
    if env_notes:
        file_notes = data.get("notifications", {})
        # A file's notifications that are not a table stay as written, to be reported.
        merged["notifications"] = (
            {**file_notes, **env_notes} if isinstance(file_notes, dict) else file_notes
        )
    settings, problems = _checked(merged)
    if problems:
        lines = []
        for loc, message in problems:
            key = str(loc[0])
            source = f"{path}:{_line_of(text, loc) or 1}" if key in data else "environment"
            lines.append(f"{source}: {format_path(loc)}: {message}")
        raise SettingsError("\n".join(lines))
    return settings


Loc = tuple[str | int, ...]
FIELDS = ("refresh_interval", "regions", "theme", "read_only", "notifications", "keymap", "prices")
NOTIFICATIONS = ("toast", "bell")


def _checked(values: Mapping[str, Any]) -> tuple[Settings, list[tuple[Loc, str]]]:
    """The settings ``values`` make, and what is wrong with them (field path, message)."""
    settings = Settings()
    problems: list[tuple[Loc, str]] = []
    for key, value in values.items():
        if key not in FIELDS:
            problems.append(((key,), _unknown(key, FIELDS)))
        elif key == "refresh_interval":
            interval = _number(value)
            if interval is None:
                problems.append(((key,), "must be a number"))
            elif interval < MIN_REFRESH_INTERVAL:
                problems.append(((key,), f"must be at least {MIN_REFRESH_INTERVAL}"))
            else:
                settings.refresh_interval = interval
        elif key == "regions":
            if not isinstance(value, list):
                problems.append(((key,), "must be a list"))
                continue
            for index, region in enumerate(value):
                if not isinstance(region, str):
                    problems.append(((key, index), "must be a string"))
                elif not REGION_NAME.fullmatch(region):
                    problems.append(((key, index), _not_a_region(region)))
            settings.regions = list(value)
        elif key in ("theme", "read_only"):
            wanted = str if key == "theme" else bool
            if not isinstance(value, wanted):
                problems.append(((key,), "must be a string" if wanted is str else _BOOL))
            else:
                setattr(settings, key, value)
        elif key == "notifications":
            settings.notifications = _notifications(value, problems)
        elif key == "keymap":
            settings.keymap = _keymap(value, problems)
        else:
            settings.prices = _prices(value, problems)
    return settings, problems


_BOOL = "must be true or false"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _unknown(key: str, known: tuple[str, ...]) -> str:
    hint = did_you_mean(key, known)
    return f"unknown field{hint}" if hint else f"unknown field (known: {', '.join(known)})"


def _not_a_region(value: str) -> str:
    try:
        region_name(value)
    except ValueError as error:
        return str(error)
    return ""  # pragma: no cover - called for names that are not regions


def _notifications(value: Any, problems: list[tuple[Loc, str]]) -> Notifications:
    notes = Notifications()
    if not isinstance(value, dict):
        problems.append((("notifications",), "must be a table of keys and values"))
        return notes
    for key, flag in value.items():
        if key not in NOTIFICATIONS:
            problems.append((("notifications", key), _unknown(key, NOTIFICATIONS)))
        elif not isinstance(flag, bool):
            problems.append((("notifications", key), _BOOL))
        else:
            setattr(notes, key, flag)
    return notes


def _keymap(value: Any, problems: list[tuple[Loc, str]]) -> dict[str, str]:
    if not isinstance(value, dict):
        problems.append((("keymap",), "must be a table of keys and values"))
        return {}
    for binding, key in value.items():
        if not isinstance(key, str):
            problems.append((("keymap", binding), "must be a string"))
    return {k: v for k, v in value.items() if isinstance(v, str)}


def _prices(value: Any, problems: list[tuple[Loc, str]]) -> dict[str, PriceOverride]:
    """Checked by pydantic against the catalog: loaded only for a config.toml that sets prices."""
    from pydantic import ValidationError

    from ftui.core.price_override import Prices
    from ftui.core.problems import from_validation_error

    try:
        return Prices.model_validate({"prices": value}).prices
    except ValidationError as error:
        problems.extend((p.loc, p.message) for p in from_validation_error(error, Prices))
        return {}


def format_path(loc: Loc) -> str:
    """``("regions", 1)`` -> ``regions[1]``, as problems elsewhere are written."""
    from ftui.core.problems import format_loc  # with pydantic: only once something is wrong

    return format_loc(loc)


def _line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """The line of ``loc`` in the file: a key in its table, a price's own table and field,
    else the top-level key."""
    found: int | None = None
    if len(loc) >= 2 and loc[0] == "prices":
        table = rf"""prices\s*\.\s*(["']){re.escape(str(loc[1]))}\1"""
        found = _table_line(text, table, str(loc[2]) if len(loc) > 2 else None)
    elif len(loc) >= 2 and loc[0] in ("notifications", "keymap"):
        found = _table_line(text, re.escape(str(loc[0])), str(loc[1]))
    return found if found is not None else line_of_key(text, str(loc[0]))


def _table_line(text: str, table: str, key: str | None) -> int | None:
    """Where the table ``[<table>]`` is written, or its ``key`` line inside it (bare or quoted)."""
    header = re.compile(rf"^\s*\[\s*{table}\s*\]")
    name = re.escape(key) if key is not None else None
    assignment = re.compile(rf"""^\s*(["']?){name}\1\s*=""") if name is not None else None
    start: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if start is None:
            if header.match(line):
                start = number
                if assignment is None:
                    return start
        elif line.lstrip().startswith("["):
            break
        elif assignment is not None and assignment.match(line):
            return number
    return start
