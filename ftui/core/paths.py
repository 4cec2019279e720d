"""Where ftui keeps its files. The one module that knows; tests and the demo move it all by env.

- ``FTUI_CONFIG_DIR``: settings (``config.toml``) and profiles (``profiles/NAME.toml``);
  by default the platform's user config folder (``~/.config/ftui`` on Linux).
- ``FTUI_STATE_DIR``: what ftui writes for itself (the submission ledger, autosaved drafts);
  by default ``state/`` inside ``FTUI_CONFIG_DIR`` when that is set, else the platform's
  user state folder, so moving the config moves everything.
- A project's shared profiles: ``.ftui/profiles/`` in the current folder or the nearest parent.
- ``FTUI_DEMO_DIR``: what ``ftui --demo`` uses in place of the config folder, so the demo's
  profiles, settings and ledger stay apart from the user's; by default ``demo/`` in the
  platform's user data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "ftui"
PROJECT_FOLDER = ".ftui"


def config_dir() -> Path:
    override = os.environ.get("FTUI_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path(APP, appauthor=False)


def state_dir() -> Path:
    override = os.environ.get("FTUI_STATE_DIR")
    if override:
        return Path(override).expanduser()
    if os.environ.get("FTUI_CONFIG_DIR"):
        return config_dir() / "state"
    return platformdirs.user_state_path(APP, appauthor=False)


def demo_dir() -> Path:
    override = os.environ.get("FTUI_DEMO_DIR")
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP, appauthor=False) / "demo"


def profiles_dir() -> Path:
    return config_dir() / "profiles"


def settings_file() -> Path:
    return config_dir() / "config.toml"


def project_profiles_dir(start: Path | None = None) -> Path | None:
    """``.ftui/profiles`` in ``start`` (the working folder) or its nearest parent that has one.

    The user's own config folder never counts as a project, nor does anything above home.
    """
    here = (start or Path.cwd()).resolve()
    home = Path.home().resolve()
    own = config_dir().resolve()
    for folder in (here, *here.parents):
        candidate = folder / PROJECT_FOLDER / "profiles"
        if candidate.is_dir() and candidate.resolve() != own / "profiles":
            return candidate
        if folder == home:
            break
    return None
