"""core.numbers on hand-worked values: the text a trace shows (`plain`, `format_value`), rounding
to many places, and the size limit of a fact's number (10^15, exclusive). Each case pins a branch
that a changed comparison or constant would move (see docs/testing.md, "Mutation score")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules.core.numbers import div, format_value, plain, round_to, snap, to_decimal

from .rules_helpers import subject_table


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("7.000", "7"),  # integral: no places
        ("-0.00", "0"),  # zero has no sign
        ("12.50", "12.5"),  # trailing zeros dropped, the half kept (not rounded to 12)
        ("12.3", "12.3"),  # below its integral neighbour 12 < 12.3 < 13
        ("12.7", "12.7"),  # above it: neither 12 nor 13
        ("0.12345678901", "0.12345678901"),  # 13 characters: shown whole
        ("0.123456789012", "0.123456789012"),  # 14 characters: still shown whole
        ("0.1234567891234", "0.1234567891…"),  # 15 characters: 10 places and an ellipsis
        ("0.12345678905", "0.12345678905"),
        ("1E+40", "1" + "0" * 40),  # adjusted exponent 40: still written out
        ("1E+41", "1E+41"),  # 41: too far, said briefly
        ("1E-41", "1E-41"),
        ("-Infinity", "-Infinity"),
    ],
)
def test_plain_text_of_a_value(value: str, text: str) -> None:
    assert plain(Decimal(value)) == text


def test_plain_text_of_a_quotient() -> None:
    # 1/3 to 60 digits: 0.333…; 10 places half-even: 0.3333333333, marked as cut
    assert plain(div(Decimal(1), Decimal(3))) == "0.3333333333…"
    # 2/3: 0.666…; the tenth place rounds up: 0.6666666667
    assert plain(div(Decimal(2), Decimal(3))) == "0.6666666667…"
    # 3/8 = 0.375 exactly: no cut
    assert plain(div(Decimal(3), Decimal(8))) == "0.375"


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (True, "是"), (False, "否"), (Decimal("12.50"), "12.5"), (Decimal(3), "3"), ("甲", "甲")],
)
def test_format_value(value: object, text: str) -> None:
    assert format_value(value) == text


def test_rounding_to_more_places_than_the_table_holds() -> None:
    # 14 places (the table of quanta stops at 12): 0.12345678901234|567 → …235 (half up: the 15th digit is 5)
    assert str(round_to(Decimal("0.12345678901234567"), 14)) == "0.12345678901235"
    assert str(round_to(Decimal("0.12345678901234467"), 14)) == "0.12345678901234"
    assert str(round_to(Decimal("2.5"), 0, "half_even")) == "2"
    assert str(round_to(Decimal("84.625"), 2, "half_even")) == "84.62"
    assert str(round_to(Decimal("84.625"), 2, "half_up")) == "84.63"


def test_snap_removes_quotient_noise_only() -> None:
    # 3 × (16/48): 0.99…9 (60 nines) snaps to 1
    assert snap(3 * div(Decimal(16), Decimal(48))) == 1
    # a value with 31 places keeps its 30 (the noise below 10⁻³⁰ goes, half even)
    assert snap(Decimal("0." + "0" * 29 + "15")) == Decimal("0." + "0" * 29 + "2")
    # an integer of 30 digits: nothing below 10⁻³⁰ can be held, it is its own snap
    big = Decimal("1" + "0" * 29)
    assert snap(big) == big
    # 10²⁸ + 10⁻³¹ (60 digits): the 10⁻³¹ is noise below 10⁻³⁰ and goes
    assert snap(Decimal("1" + "0" * 28 + "." + "0" * 30 + "1")) == Decimal("1" + "0" * 28)


def test_a_quotient_has_sixty_significant_digits() -> None:
    assert div(Decimal(1), Decimal(3)) == Decimal("0." + "3" * 60)
    assert div(Decimal(2), Decimal(3)) == Decimal("0." + "6" * 59 + "7")


@pytest.mark.parametrize(("text", "value"), [("1.50", Decimal("1.50")), ("-7", Decimal(-7)), ("1E+2", Decimal(100))])
def test_to_decimal_reads_a_finite_number(text: str, value: Decimal) -> None:
    assert to_decimal(text) == value


@pytest.mark.parametrize("text", ["abc", "", "NaN", "Infinity", "-inf", "1,5"])
def test_to_decimal_refuses_what_is_not_a_finite_number(text: str) -> None:
    with pytest.raises(ValueError, match="^" + text + "$"):
        to_decimal(text)


BODY = "\n" + subject_table("{header: 分数, type: decimal}") + """points: 100
components:
  - {id: 得分, name: 得分, kind: expression, points: 100, expr: "100 if 分数 > 0 else 0"}
"""


@pytest.mark.parametrize("value", ["999999999999999", "-999999999999999", "999999999999999.5"])
def test_a_fact_just_below_the_limit_is_read(run_rules: object, value: str) -> None:
    result = run_rules(BODY, {"units": f"编码,名称,分数\nA1,甲,{value}"})  # type: ignore[operator]
    assert result.subjects[0].total == (0 if value.startswith("-") else 100)


@pytest.mark.parametrize("value", ["1000000000000000", "-1000000000000000", "1E15"])
def test_a_fact_at_the_limit_is_refused(run_rules: object, value: str) -> None:
    from pingyi_rules import PingyiError

    with pytest.raises(PingyiError) as caught:
        run_rules(BODY, {"units": f"编码,名称,分数\nA1,甲,{value}"})  # type: ignore[operator]
    assert caught.value.code == "FA016"
