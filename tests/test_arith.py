"""The independent rounding used to check the engine, checked on hand-worked values."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from .arith import near, published


@pytest.mark.parametrize(
    ("value", "places", "mode", "want"),
    [
        ("84.625", 2, "half_up", "84.63"),
        ("84.625", 2, "half_even", "84.62"),
        ("84.635", 2, "half_even", "84.64"),
        ("84.6251", 2, "half_even", "84.63"),
        ("-0.125", 2, "half_up", "-0.13"),
        ("-0.125", 2, "half_even", "-0.12"),
        ("69.994999", 2, "half_up", "69.99"),
        ("2.5", 0, "half_even", "2"),
        ("3.5", 0, "half_even", "4"),
    ],
)
def test_published_rounding(value: str, places: int, mode: str, want: str) -> None:
    assert published(Decimal(value), places, mode) == Fraction(want)


def test_a_quotient_just_below_a_half_is_snapped_first() -> None:
    # 11/6 × 3 carried to 60 digits is 5.4999…; the true value is 5.5 → 6 half up.
    noisy = Decimal("5." + "4" + "9" * 58)
    assert published(noisy, 0, "half_up") == 6
    assert published(Fraction(11, 2) - Fraction(1, 10**20), 0, "half_up") == 5  # a real difference stays


def test_near() -> None:
    assert near(Fraction(1, 3), Decimal("0." + "3" * 59))
    assert not near(Fraction(1, 3), Decimal("0.3333333333"))
