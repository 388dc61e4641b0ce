"""Comparisons give the answer exact rational arithmetic gives, with `fractions.Fraction` as the oracle.

Quotients are carried to 60 significant digits, so `16 / 48 * 3` is 0.99…9 and `18 * (1 / 6)` is
3.00…01; every comparison of computed numbers (in an expression, a condition, an expression's
min/max bounds, a threshold, a tier, a rank) must still decide as the exact rationals decide.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, load_ruleset, score
from pingyi_rules.core.numbers import CONTEXT, snap
from pingyi_rules.expressions.compiler import compile_expression

from ..rules_helpers import ruleset, write_tables

PROPERTY = settings(max_examples=300, deadline=None)

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
op_symbols = st.sampled_from(sorted(OPS))
counts = st.integers(min_value=0, max_value=10**6)
positive = st.integers(min_value=1, max_value=10**6)
small = st.integers(min_value=1, max_value=400)


def value(text: str, **names: int) -> Any:
    """Whether a condition holds, read through `1 if condition else 0` (an expression gives a number),
    over whole-number names given as Decimals, as facts are."""
    got = compile_expression(f"1 if {text} else 0", names).evaluate({n: Decimal(v) for n, v in names.items()})
    assert got in (0, 1)
    return got == 1


# --------------------------------------------------------------------------- the example


def test_a_share_times_three_reaches_one_third_exactly() -> None:
    assert value("3 * (a / b) >= 1", a=16, b=48) is True
    assert value("a / b >= 1 / 3", a=16, b=48) is True
    assert value("a / b * 3 == 1", a=16, b=48) is True
    assert value("3 * (a / b) >= 1", a=15, b=48) is False


def test_the_noise_is_really_there() -> None:
    """The 60-digit products differ from the rationals, so the tests above decide something."""
    third = CONTEXT.divide(Decimal(16), Decimal(48))
    assert CONTEXT.multiply(Decimal(3), third) < 1
    assert CONTEXT.multiply(Decimal(18), CONTEXT.divide(Decimal(1), Decimal(6))) > 3
    assert snap(CONTEXT.multiply(Decimal(3), third)) == 1


# --------------------------------------------------------------------------- expressions against Fraction


@PROPERTY
@given(a=counts, b=positive, c=small, op=op_symbols, data=st.data())
def test_share_times_factor_against_a_bound(a: int, b: int, c: int, op: str, data: st.DataObject) -> None:
    exact = Fraction(a, b) * c
    # the boundary itself half of the time (floor and ceiling of the exact value), otherwise any bound
    k = data.draw(st.one_of(st.sampled_from([exact.numerator // exact.denominator, -(-exact.numerator // exact.denominator)]),
                            st.integers(min_value=0, max_value=10**6)))
    assert value(f"a / b * c {op} k", a=a, b=b, c=c, k=k) is OPS[op](exact, k)
    assert value(f"c * (a / b) {op} k", a=a, b=b, c=c, k=k) is OPS[op](exact, k)


@PROPERTY
@given(a=counts, b=positive, op=op_symbols)
def test_a_quotient_times_its_divisor_is_the_dividend(a: int, b: int, op: str) -> None:
    assert value(f"(a / b) * b {op} a", a=a, b=b) is OPS[op](Fraction(a), a)
    assert value("a / b * b - a == 0", a=a, b=b) is True


@PROPERTY
@given(parts=st.lists(counts, min_size=2, max_size=12), b=st.sampled_from([3, 6, 7, 9, 11, 12, 13, 30, 48, 97]), op=op_symbols)
def test_a_sum_of_shares_is_the_share_of_the_sum(parts: list[int], b: int, op: str) -> None:
    names = {f"x{i}": p for i, p in enumerate(parts)}
    shares = " + ".join(f"{n} / b" for n in names)
    assert value(f"{shares} {op} ({' + '.join(names)}) / b", b=b, **names) is (op in ("==", "<=", ">="))
    total = Fraction(sum(parts), b)
    whole = total.numerator // total.denominator
    assert value(f"{shares} {op} w", b=b, w=whole, **names) is OPS[op](total, whole)


def test_three_thirds_are_one() -> None:
    assert value("a / 3 + a / 3 + a / 3 == a", a=1) is True
    assert value("1 / 3 + 1 / 3 + 1 / 3 >= 1", a=0) is True


@PROPERTY
@given(a=counts, b=positive, c=counts, d=positive, op=op_symbols)
def test_two_quotients_compare_as_rationals(a: int, b: int, c: int, d: int, op: str) -> None:
    assert value(f"a / b {op} c / d", a=a, b=b, c=c, d=d) is OPS[op](Fraction(a, b), Fraction(c, d))


@PROPERTY
@given(a=counts, b=positive, m=small, op=op_symbols)
def test_equal_rationals_written_differently_compare_equal(a: int, b: int, m: int, op: str) -> None:
    """a/b against (a·m)/(b·m) and against a·(1/b): one rational, three 60-digit routes."""
    expected = op in ("==", "<=", ">=")
    assert value(f"a / b {op} (a * m) / (b * m)", a=a, b=b, m=m) is expected
    assert value(f"a * (1 / b) {op} a / b", a=a, b=b) is expected
    assert value(f"a / b * m {op} (a * m) / b", a=a, b=b, m=m) is expected


@PROPERTY
@given(a=counts, b=positive, c=small)
def test_min_max_and_clamp_bounds_decide_as_rationals(a: int, b: int, c: int) -> None:
    exact = Fraction(a, b) * c
    whole = exact.numerator // exact.denominator
    # clamp's ends checked as rationals: low == high is allowed, whatever the noise
    assert value("clamp(w, a / b * c, (a * c) / b) >= 0", a=a, b=b, c=c, w=whole) is True
    assert value("max(a / b * c, w) == w", a=a, b=b, c=c, w=whole) is (exact <= whole)
    assert value("min(a / b * c, w) == w", a=a, b=b, c=c, w=whole) is (exact >= whole)


def _at_30_places(number: Decimal) -> int:
    """The number in units of 10⁻³⁰, rounded half to even (Python's round of a Fraction)."""
    return round(Fraction(number) * 10**30)


near = st.decimals(min_value=-(10**6), max_value=10**6, places=40, allow_nan=False, allow_infinity=False)


@PROPERTY
@given(a=near, offset=st.integers(min_value=-(10**12), max_value=10**12), scale=st.sampled_from([-42, -36, -31, -30, -29, -20, 0]), op=op_symbols)
def test_numbers_compare_at_30_places_near_and_far(a: Decimal, offset: int, scale: int, op: str) -> None:
    """Any two numbers (not only quotients) compare as their values at 30 places, whether they lie
    closer than 10⁻³⁰ to each other or not — the rule stated with Fraction, not with the engine's snap."""
    b = CONTEXT.add(a, Decimal(offset).scaleb(scale))
    got = compile_expression(f"1 if a {op} b else 0", ["a", "b"]).evaluate({"a": a, "b": b})
    assert (got == 1) is OPS[op](_at_30_places(a), _at_30_places(b))


def test_snap_leaves_large_and_infinite_values_alone() -> None:
    big = Decimal(10) ** 100
    assert snap(big) == big
    assert snap(Decimal("-Infinity")) == Decimal("-Infinity")
    assert snap(Decimal("1.5E-40")) == 0


# --------------------------------------------------------------------------- through scoring


def _score(tmp_path: Path, rest: str, rows: str, *columns: str) -> Any:
    compiled = load_ruleset("t.yaml", text=ruleset(*columns, rest=rest))
    return score(compiled, write_tables(tmp_path / "facts", {"units": "编码,名称," + rows}))


def test_an_expression_at_its_maximum_by_a_quotient_is_inside_it(tmp_path: Path) -> None:
    """18 × (1/6) is 3.00…01 to 60 digits: it is 3, the maximum, not above it (no clamp, no error);
    3 − 18 × (1/6) is −0.00…01: it is 0, the minimum. Each is published as that end itself."""
    rest = (
        "points: 6\ncomponents:\n"
        "  - {id: 顶, name: 顶, kind: expression, points: 3, expr: \"18 * (份数 / 6)\"}\n"
        "  - {id: 底, name: 底, kind: expression, points: 3, expr: \"3 - 18 * (份数 / 6)\"}\n"
    )
    result = _score(tmp_path, rest, "份数\nA,甲,1\n", "{header: 份数, type: count}")
    subject = result.subjects[0]
    assert subject.total == Decimal("3.00")
    assert [c.points for c in subject.components] == [3, 0]  # the ends themselves, not 3.00…01 and −0.00…01
    assert str(subject.components[1].points) == "0"


def test_an_expression_above_its_maximum_is_still_an_error(tmp_path: Path) -> None:
    rest = "points: 3\ncomponents:\n  - {id: 份额分, name: 份额分, kind: expression, points: 3, expr: \"19 * (份数 / 6)\"}\n"
    with pytest.raises(EvaluationError, match="outside 0–3"):
        _score(tmp_path, rest, "份数\nA,甲,1\n", "{header: 份数, type: count}")


ROUTES = """points: 100
components:
  - {id: 甲, name: 份额甲, kind: expression, points: 50, expr: "a / b * 50"}
  - {id: 乙, name: 份额乙, kind: expression, points: 50, expr: "(50 * c) / d"}
tiers:
  - {name: 第一, quota: {best: 1}}
  - {name: 达标, when: {at_least: %s}}
  - {name: 未达标, when: {below: %s}}
"""
COLUMNS = tuple(f"{{header: {n}, type: count}}" for n in "abcd")


def _published(value: Fraction) -> Fraction:
    """Half up to 2 places, from the rule as the ruleset format states it (value ≥ 0)."""
    return Fraction(int(value * 100 + Fraction(1, 2)), 100)


@settings(max_examples=40, deadline=None)
@given(x=st.integers(min_value=0, max_value=10**6), y=st.integers(min_value=1, max_value=10**6), data=st.data())
def test_totals_equal_as_rationals_tie_and_meet_their_thresholds(
    tmp_path_factory: pytest.TempPathFactory, x: int, y: int, data: st.DataObject
) -> None:
    """P's total is x/y·50 one way, Q's (50·x)/y the other: one rational, two 60-digit routes; they tie."""
    x = x % (y + 1)  # a share: 0 ≤ x/y ≤ 1
    total = _published(Fraction(50 * x, y))
    bound = data.draw(st.sampled_from([total, total + Fraction(1, 100), total - Fraction(1, 100)]))
    shown = format(Decimal(bound.numerator) / Decimal(bound.denominator), "f")
    rows = f"a,b,c,d\nP,甲,{x},{y},0,1\nQ,乙,0,1,{x},{y}\nR,丙,0,1,0,1\n"
    result = _score(tmp_path_factory.mktemp("exact"), ROUTES % (shown, shown), rows, *COLUMNS)
    p, q, r = result.subjects
    assert Fraction(p.total) == Fraction(q.total) == total
    assert p.rank == q.rank == 1
    assert r.rank == (3 if total > 0 else 1)
    met = "达标" if total >= bound else "未达标"
    assert sorted(p.tiers) == sorted(q.tiers) == sorted(["第一", met])  # tied on the quota's cut-off: both in
