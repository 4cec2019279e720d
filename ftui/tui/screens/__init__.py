"""The app's screens; the custom models' is made on first use (F7), not imported at start."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ftui.tui.screens.models import ModelsScreen


def models_screen() -> ModelsScreen:
    """The custom models (F7), imported when first opened: not a cost of every start."""
    from ftui.tui.screens.models import ModelsScreen

    return ModelsScreen()
