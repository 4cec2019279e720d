"""Every key of every place is in its help (F1, ?), so the help cannot fall behind the code."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from ftui.tui.app import FtuiApp
from ftui.tui.screens.help import EVERYWHERE, key_name
from ftui.tui.screens.model_detail import ModelDetailScreen
from ftui.tui.screens.models import ModelsScreen
from ftui.tui.screens.profiles import ProfilesScreen
from ftui.tui.screens.try_it import TryScreen
from ftui.tui.wizard.screen import WizardScreen


@pytest.mark.parametrize(
    "place", [WizardScreen, ProfilesScreen, ModelsScreen, ModelDetailScreen, TryScreen]
)
def test_every_binding_of_the_place_is_in_its_help(
    place: type[WizardScreen | ProfilesScreen | ModelsScreen | ModelDetailScreen | TryScreen],
) -> None:
    documented = {i for section in place.KEY_GUIDE for row in section.rows for i in row.ids}
    ids = {b.id for b in place.BINDINGS if isinstance(b, Binding) and b.id}
    assert ids - documented == set()


def test_every_app_key_is_in_everywhere() -> None:
    documented = {i for row in EVERYWHERE.rows for i in row.ids}
    ids = {b.id for b in FtuiApp.BINDINGS if isinstance(b, Binding) and b.id}
    assert ids - documented == set()


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("n", "n"),
        ("N", "N"),
        ("G", "G"),
        ("slash", "/"),
        ("question_mark", "?"),
        ("ctrl+s", "Ctrl+S"),
        ("pagedown", "PgDn"),
        ("f6", "F6"),
        ("alt+1", "Alt+1"),
        ("delete", "Del"),
    ],
)
def test_keys_are_named_as_typed(key: str, shown: str) -> None:
    assert key_name(key) == shown
