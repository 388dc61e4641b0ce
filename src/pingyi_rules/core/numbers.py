"""Exact arithmetic: one Decimal context, declared rounding, stable text."""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import overload

# 60 significant digits: a quotient of two counts is exact to far below any
# published place; SNAP removes the last-digit error of such a quotient before
# the declared rounding, so an exact ...5 is rounded as the document says.
CONTEXT = decimal.Context(prec=60, rounding=ROUND_HALF_EVEN, traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])
SNAP = Decimal(1).scaleb(-30)

# Numbers in rulesets and facts are kept below this size, so that every sum, product and
# rounding of them stays exact within the 60-digit context.
LIMIT = Decimal(10) ** 15

ZERO = Decimal(0)
ONE = Decimal(1)

_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}


def div(a: Decimal, b: Decimal) -> Decimal:
    """a / b in the scoring context."""
    return CONTEXT.divide(a, b)


# A value at or above this exponent has no digit below SNAP within 60 digits: it is its own snap.
_SNAP_ABOVE = 29


def snap(value: Decimal) -> Decimal:
    """What a comparison sees: the value with quotient noise (the digits below 10⁻³⁰) removed.

    Every comparison of computed numbers compares snapped values, so a value that is rational in
    exact arithmetic compares as that rational would: `3 * (16 / 48)` (0.99…9 to 60 digits) is
    equal to 1, and 1/3 + 1/3 + 1/3 equals 1. It is the snap `round_to` makes before rounding.
    """
    if value.adjusted() >= _SNAP_ABOVE or not value.is_finite():
        return value
    return value.quantize(SNAP, ROUND_HALF_EVEN, CONTEXT)


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(13)}


def round_to(value: Decimal, places: int, mode: str = "half_up") -> Decimal:
    """Round to places with the declared mode, after snapping quotient noise."""
    snapped = value.quantize(SNAP, ROUND_HALF_EVEN, CONTEXT)
    quantum = _QUANTA.get(places)
    if quantum is None:
        quantum = Decimal(1).scaleb(-places)
    return snapped.quantize(quantum, _MODES[mode], CONTEXT)


def unsigned_zero(value: Decimal) -> Decimal:
    """The value, with a negative zero (e.g. -0.004 rounded to 2 places) made plain zero: 0 has no sign."""
    return value.copy_abs() if value.is_zero() else value


def fixed(value: Decimal, places: int, mode: str = "half_up") -> str:
    """Published text of a score: rounded to `places` with the ruleset's mode, every place written, zero unsigned."""
    return format(unsigned_zero(round_to(value, places, mode)), "f")


@overload
def fixed_or(value: Decimal | None, places: int, mode: str, blank: str) -> str: ...
@overload
def fixed_or(value: Decimal | None, places: int, mode: str, blank: None) -> str | None: ...
def fixed_or(value: Decimal | None, places: int, mode: str, blank: str | None) -> str | None:
    """`fixed`, or `blank` (None, "null", "—" — what the output writes for no value) when there is none."""
    return blank if value is None else fixed(value, places, mode)


def plain(value: Decimal) -> str:
    """Text of an exact value without exponent or trailing zeros (for traces); zero unsigned."""
    if value.is_zero():
        value = value.copy_abs()
    if not value.is_finite():  # never a score; shown as Python names it, so a message can still say so
        return str(value)
    if abs(value.adjusted()) > 40:  # far outside any score (an expression's stray result): say it briefly
        return format(value, "E")
    if value == value.to_integral_value():
        return str(value.quantize(ONE, context=CONTEXT))
    snapped = value.quantize(SNAP, rounding=ROUND_HALF_EVEN, context=CONTEXT).normalize(CONTEXT)
    text = format(snapped, "f")
    if len(text) > 14 and "." in text:  # long quotients: show 10 places and say so
        return format(round_to(value, 10, "half_even").normalize(CONTEXT), "f") + "…"
    return text


def to_decimal(text: str) -> Decimal:
    """Decimal from text, raising ValueError on anything that is not a finite number."""
    try:
        value = Decimal(text)
    except decimal.InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def format_value(value: object) -> str:
    """Text of a fact value for traces: exact numbers plain, 是/否 for booleans, blank for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)
