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
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from ftui.core import paths
from ftui.core.problems import did_you_mean, from_validation_error
from ftui.core.sources import SourceError, line_of_key, parse_toml, read_text

MIN_REFRESH_INTERVAL = 2.0
# What an AWS region name looks like; settings, profiles and the command line all ask this one.
REGION_NAME = re.compile(r"[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+")


def region_name(value: str) -> str:
    """``value`` if it is written as an AWS region name; ``ValueError`` saying so if not."""
    if not REGION_NAME.fullmatch(value):
        raise ValueError(f"{value!r} is not an AWS region name such as us-east-1")
    return value


Region = Annotated[str, AfterValidator(region_name)]


class Notifications(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    toast: bool = Field(True, description="Show a toast when a job changes status.")
    bell: bool = Field(False, description="Ring the terminal bell when a job changes status.")


class PriceOverride(BaseModel):
    """A person's price of customizing one model, in USD; it replaces the catalog's."""

    # inf and nan are numbers to TOML, not prices ("$inf/month storage").
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)

    training_per_1k_tokens: float | None = Field(
        None, ge=0, description="USD per 1,000 tokens trained (text models)."
    )
    training_per_image: float | None = Field(
        None, ge=0, description="USD per image seen in training (image models)."
    )
    storage_per_month: float | None = Field(
        None, ge=0, description="USD per custom model per month."
    )

    @model_validator(mode="after")
    def _one_training_price(self) -> PriceOverride:
        if (self.training_per_1k_tokens is None) == (self.training_per_image is None):
            raise ValueError(
                "set one training price: training_per_1k_tokens (text models) or"
                " training_per_image (image models)"
            )
        return self


def catalog_model_id(value: str) -> str:
    """``value`` if the catalog has a model of that ID, spelled as the catalog spells it."""
    from ftui.core.catalog import load_catalog  # read only when a price is set

    known = [m.id for m in load_catalog().models]
    if value not in known:
        raise ValueError(f"{value!r} is not a model ID ftui knows{did_you_mean(value, known)}")
    return value


ModelId = Annotated[str, AfterValidator(catalog_model_id)]


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    refresh_interval: Annotated[float, Field(ge=MIN_REFRESH_INTERVAL)] = Field(
        10.0, description="Seconds between job list refreshes (at least 2)."
    )
    regions: list[Region] = Field(
        default_factory=list, description="Regions to watch; empty means the AWS default."
    )
    theme: str = Field("textual-dark", description="Textual theme name.")
    read_only: bool = Field(False, description="Hide actions that change anything in AWS.")
    notifications: Notifications = Field(default_factory=Notifications)
    keymap: dict[str, str] = Field(
        default_factory=dict, description="Binding id -> key, to change ftui's keys."
    )
    prices: dict[ModelId, PriceOverride] = Field(
        default_factory=dict, description="Model ID -> your price, for the cost estimate."
    )


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
    notes = {**data.get("notifications", {}), **overrides.pop("notifications", {})}
    merged = {**data, **overrides}
    if notes:
        merged["notifications"] = notes
    if isinstance(merged.get("refresh_interval"), int) and not isinstance(
        merged["refresh_interval"], bool
    ):
        merged["refresh_interval"] = float(merged["refresh_interval"])
    try:
        return Settings.model_validate(merged)
    except ValidationError as error:
        lines = []
        for problem in from_validation_error(error, Settings):
            key = str(problem.loc[0]) if problem.loc else ""
            source = f"{path}:{_line_of(text, problem.loc) or 1}" if key in data else "environment"
            lines.append(f"{source}: {problem.path}: {problem.message}")
        raise SettingsError("\n".join(lines)) from None


def _line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """The line of ``loc`` in the file: a price's own table and field, else its top-level key."""
    if len(loc) >= 2 and loc[0] == "prices":
        field = str(loc[2]) if len(loc) > 2 else None
        found = _price_line(text, str(loc[1]), field)
        if found is not None:
            return found
    return line_of_key(text, str(loc[0]))


def _price_line(text: str, model_id: str, field: str | None) -> int | None:
    """Where ``[prices."<model_id>"]`` is written, or its ``field`` line inside that table."""
    header = re.compile(rf"""^\s*\[\s*prices\s*\.\s*(["']){re.escape(model_id)}\1\s*\]""")
    assignment = re.compile(rf"^\s*{re.escape(field)}\s*=") if field else None
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
