"""Arithmetic for checking the engine, written independently of it: exact rationals
(`fractions.Fraction`) and the published rounding as docs/ruleset-format.md states it."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

HALF = Fraction(1, 2)
SNAP_PLACES = 30  # "before the declared rounding the value is snapped to 30 decimal places"


def published(value: Fraction | Decimal, places: int, mode: str) -> Fraction:
    """The value rounded as a score is published: snapped to 30 places (half to even), then to
    `places` — `half_up` (四舍五入, a half away from zero) or `half_even` (a half to the even neighbour)."""
    exact = Fraction(value)
    sign = -1 if exact < 0 else 1
    snapped = Fraction(round(abs(exact) * 10**SNAP_PLACES), 10**SNAP_PLACES)  # round() on a Fraction: half to even
    whole, rest = divmod(snapped * 10**places, 1)
    if rest > HALF or (rest == HALF and (mode == "half_up" or whole % 2 == 1)):
        whole += 1
    return sign * Fraction(int(whole), 10**places)


def near(a: Fraction | Decimal, b: Fraction | Decimal, digits: int = 40) -> bool:
    """a and b agree to `digits` decimal places (a 60-digit quotient is exact far below that)."""
    return abs(Fraction(a) - Fraction(b)) < Fraction(1, 10**digits)
