"""What a typed number field makes of the text: AWS's numbers only."""

from __future__ import annotations

import pytest

from ftui.core.hyperparameters import read_number


@pytest.mark.parametrize(
    ("text", "whole", "number"),
    [
        ("4", True, 4),
        ("-2", True, -2),
        ("0.5", False, 0.5),
        ("1e-5", False, 1e-5),
        ("nan", False, None),
        ("inf", False, None),
        ("1e309", False, None),
        ("1_000", True, None),
        ("١٢", True, None),
        ("2.0", True, None),
        ("9" * 5000, True, None),
    ],
)
def test_only_plain_finite_ascii_numbers_are_numbers(
    text: str, whole: bool, number: float | None
) -> None:
    assert read_number(text, whole=whole) == number
