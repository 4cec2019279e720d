"""Settings: config.toml, environment overrides, and errors that say where."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftui.core.settings import Settings, SettingsError, load_settings

NOVA_MICRO = "amazon.nova-micro-v1:0:128k"
TITAN_IMAGE = "amazon.titan-image-generator-v2:0"


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.toml", env={})
    assert settings == Settings()
    assert settings.refresh_interval == 10.0
    assert not settings.read_only


def test_file_values(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'refresh_interval = 5\nregions = ["us-east-1", "us-west-2"]\nread_only = true\n'
        '[notifications]\nbell = true\n[keymap]\n"jobs.stop" = "ctrl+x"\n'
    )
    settings = load_settings(path, env={})
    assert settings.refresh_interval == 5.0
    assert settings.regions == ["us-east-1", "us-west-2"]
    assert settings.read_only and settings.notifications.bell and settings.notifications.toast
    assert settings.keymap == {"jobs.stop": "ctrl+x"}


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('refresh_interval = 5\nregions = ["us-east-1"]\n[notifications]\nbell = true\n')
    env = {
        "FTUI_REFRESH_INTERVAL": "30",
        "FTUI_REGIONS": "eu-west-1, us-west-2",
        "FTUI_READ_ONLY": "yes",
        "FTUI_BELL": "0",
        "FTUI_THEME": "ansi-dark",
    }
    settings = load_settings(path, env=env)
    assert settings.refresh_interval == 30.0
    assert settings.regions == ["eu-west-1", "us-west-2"]
    assert settings.read_only
    assert not settings.notifications.bell
    assert settings.theme == "ansi-dark"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("\n\nrefresh_interval = 1\n", ":3: refresh_interval: must be at least 2.0"),
        ('regions = ["us-east-1", "mars"]\n', ":1: regions[1]: 'mars' is not an AWS region"),
        ('read_only = "yes"\n', ":1: read_only: must be true or false"),
        ("refresh = 3\n", ":1: refresh: unknown field; did you mean 'refresh_interval'?"),
        ("[notifications]\nbel = true\n", "notifications.bel: unknown field; did you mean 'bell'?"),
        ("refresh_interval = \n", ":1:20: invalid TOML"),
        ("refresh_interval = true\n", ":1: refresh_interval: must be a number"),
        ('regions = "us-east-1"\n', ":1: regions: must be a list"),
        ("theme = 3\n", ":1: theme: must be a string"),
        ("notifications = true\n", ":1: notifications: must be a table of keys and values"),
        ('[notifications]\ntoast = "on"\n', ":2: notifications.toast: must be true or false"),
        ('[keymap]\n"jobs.stop" = 3\n', ':2: keymap["jobs.stop"]: must be a string'),
        ("colour = 1\n", ":1: colour: unknown field (known: refresh_interval, regions,"),
        (
            'theme = "x"\n[prices."amazon.nova-mikro-v1:0:128k"]\ntraining_per_1k_tokens = 1\n',
            ":2: prices[\"amazon.nova-mikro-v1:0:128k\"]: 'amazon.nova-mikro-v1:0:128k' is not a"
            " model ID ftui knows; did you mean 'amazon.nova-micro-v1:0:128k'?",
        ),
        (
            f'[prices."{NOVA_MICRO}"]\n\nstorage_per_month = 2\n',
            f':1: prices["{NOVA_MICRO}"]: set one training price',
        ),
        (
            f'[prices."{NOVA_MICRO}"]\nstorage_per_month = 2\ntraining_per_1k_tokens = -1\n',
            f':3: prices["{NOVA_MICRO}"].training_per_1k_tokens: must be at least 0',
        ),
        (
            f'[prices."{NOVA_MICRO}"]\ntraining_per_1k_token = 1\n',
            "unknown field; did you mean 'training_per_1k_tokens'?",
        ),
        (
            f'[prices."{NOVA_MICRO}"]\ntraining_per_1k_tokens = "cheap"\n',
            ":2:",
        ),
        (
            f'[prices."{NOVA_MICRO}"]\ntraining_per_1k_tokens = 0.001\nstorage_per_month = inf\n',
            f':3: prices["{NOVA_MICRO}"].storage_per_month',
        ),
    ],
)
def test_bad_settings_name_the_file_line_and_key(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(SettingsError) as raised:
        load_settings(path, env={})
    assert words in str(raised.value)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"FTUI_REFRESH_INTERVAL": "soon"}, "FTUI_REFRESH_INTERVAL='soon'"),
        ({"FTUI_REFRESH_INTERVAL": "0.5"}, "environment: refresh_interval: must be at least 2.0"),
        ({"FTUI_READ_ONLY": "maybe"}, "FTUI_READ_ONLY='maybe'"),
        ({"FTUI_REGIONS": "us-east-1,mars"}, "environment: regions[1]: 'mars' is not an AWS"),
    ],
)
def test_bad_environment_is_named(tmp_path: Path, env: dict[str, str], words: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path / "none.toml", env=env)
    assert words in str(raised.value)


def test_prices_in_config_toml_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[prices."{NOVA_MICRO}"]\ntraining_per_1k_tokens = 0.002\nstorage_per_month = 2\n'
        f'[prices."{TITAN_IMAGE}"]\ntraining_per_image = 0.004\n'
    )
    settings = load_settings(path, env={})
    assert settings.prices[NOVA_MICRO].training_per_1k_tokens == 0.002
    assert settings.prices[NOVA_MICRO].storage_per_month == 2.0
    assert settings.prices[TITAN_IMAGE].storage_per_month is None
