"""Properties of `aggregate` over random rows (hypothesis): each function against the same
arithmetic done with fractions, the mean between the min and the max, the order of the rows
never changing a value, and every row of the subject in exactly one row trace; over every subject,
each gets its group's value whatever the order of the subjects."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import score
from pingyi_rules.compile.population import PopulationInput
from pingyi_rules.core.errors import Location
from pingyi_rules.core.numbers import CONTEXT
from pingyi_rules.facts.rows import Row
from pingyi_rules.facts.tables import FactSet
from pingyi_rules.results.result import ComponentResult
from pingyi_rules.results.runtime import SubjectFacts

from ..rules_helpers import load, subject_table

BIG = 1000000
COMPONENTS = {
    "计数": "function: count, where: {column: 组, in: [A, B]}, empty: 0",
    "合计": "function: sum, per_row: 分数, on_blank: skip, empty: 0",
    "平均": "function: mean, per_row: 分数, on_blank: skip, empty: blank",
    "最低": "function: min, per_row: 分数, on_blank: skip, empty: blank",
    "最高": "function: max, per_row: 分数, on_blank: skip, empty: blank",
    "占比": "function: share, meeting: {column: 组, equals: A}, empty: blank",
    "去高": "function: trimmed_mean, per_row: 分数, on_blank: skip, trim: {drop: 1, more_than: 3}, empty: blank",
    "加权": "function: mean, per_row: 分数, on_blank: skip, empty: blank, groups: {column: 组, combine: weighted, "
          "weights: {A: 0.5, B: 0.3, C: 0.2}, missing: renormalise}",
    "封顶": "function: sum, per_row: 分数, on_blank: skip, empty: 0, groups: {column: 组, combine: sum, cap: 150}",
}
RULESET = load(
    "\n" + subject_table() + """    - id: rows
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 组, type: enum, choices: [A, B, C]}
        - {header: 分数, type: decimal, required: false}
""" + f"points: {BIG * len(COMPONENTS)}\ncomponents:\n" + "".join(
        f"  - {{id: {cid}, name: {cid}, kind: aggregate, points: {BIG}, table: rows, {text}}}\n"
        for cid, text in COMPONENTS.items()
    )
)

scores = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False))
rows_strategy = st.lists(st.tuples(st.sampled_from("ABC"), scores), max_size=25)


def _subject(rows: Sequence[tuple[str, Decimal | None]], numbers: Sequence[int]) -> SubjectFacts:
    made = [
        Row({"编码": "U1", "组": group, "分数": score}, {}, Location(file="rows.csv", row=number))
        for (group, score), number in zip(rows, numbers, strict=True)
    ]
    return SubjectFacts("U1", "甲", None, {}, {}, {"rows": made}, Location(file="units.csv", row=2))


def _scored(rows: Sequence[tuple[str, Decimal | None]], numbers: Sequence[int] | None = None) -> dict[str, ComponentResult]:
    with decimal.localcontext(CONTEXT):
        results = RULESET.evaluate_subject(_subject(rows, numbers or range(2, len(rows) + 2)))
    return {r.id: r for r in results}


def _near(value: Decimal | None, exact: Fraction | None) -> bool:
    if value is None or exact is None:
        return value is None and exact is None
    return abs(Fraction(value) - exact) < Fraction(1, 10**40)


def _mean(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


@settings(max_examples=150, deadline=None)
@given(rows_strategy)
def test_each_function_is_the_fraction_arithmetic(rows: list[tuple[str, Decimal | None]]) -> None:
    got = _scored(rows)
    values = [Fraction(s) for _, s in rows if s is not None]
    assert got["计数"].points == sum(1 for g, _ in rows if g in "AB")
    assert Fraction(got["合计"].points or 0) == sum(values, Fraction(0))
    assert _near(got["平均"].points, _mean(values))
    assert got["最低"].points == (min(values) if values else None)
    assert got["最高"].points == (max(values) if values else None)
    assert _near(got["占比"].points, Fraction(sum(1 for g, _ in rows if g == "A"), len(rows)) if rows else None)
    ordered = sorted(values)
    assert _near(got["去高"].points, _mean(ordered[1:-1] if len(ordered) > 3 else ordered))
    means = {g: _mean([Fraction(s) for gg, s in rows if gg == g and s is not None]) for g in "ABC"}
    weights = {"A": Fraction(1, 2), "B": Fraction(3, 10), "C": Fraction(1, 5)}
    present = {g: m for g, m in means.items() if m is not None}
    expected = (sum(weights[g] * m for g, m in present.items()) / sum(weights[g] for g in present)) if present else None
    assert _near(got["加权"].points, expected)
    sums = {g: sum((Fraction(s) for gg, s in rows if gg == g and s is not None), Fraction(0)) for g in "ABC"}
    assert Fraction(got["封顶"].points or 0) == sum(min(v, Fraction(150)) for v in sums.values())


@settings(max_examples=100, deadline=None)
@given(rows_strategy)
def test_the_mean_lies_between_the_min_and_the_max(rows: list[tuple[str, Decimal | None]]) -> None:
    got = _scored(rows)
    low, mean, high, trimmed = (got[c].points for c in ("最低", "平均", "最高", "去高"))
    if low is None or mean is None or high is None or trimmed is None:
        assert all(s is None for _, s in rows)
        return
    assert low <= mean <= high
    assert low <= trimmed <= high


@settings(max_examples=100, deadline=None)
@given(rows_strategy, st.randoms(use_true_random=False))
def test_the_order_of_the_rows_changes_no_value(rows: list[tuple[str, Decimal | None]], random) -> None:  # type: ignore[no-untyped-def]
    numbers = list(range(2, len(rows) + 2))
    pairs = list(zip(rows, numbers, strict=True))
    random.shuffle(pairs)
    first = _scored(rows, numbers)
    shuffled = _scored([r for r, _ in pairs], [n for _, n in pairs])
    assert {c: r.points for c, r in first.items()} == {c: r.points for c, r in shuffled.items()}
    # the same row (by its place in the file) ends the same way whatever the order
    for cid in first:
        assert sorted((t.location.row, t.status) for t in first[cid].trace.rows) == sorted(
            (t.location.row, t.status) for t in shuffled[cid].trace.rows
        )


@settings(max_examples=100, deadline=None)
@given(rows_strategy)
def test_every_row_is_in_exactly_one_row_trace(rows: list[tuple[str, Decimal | None]]) -> None:
    got = _scored(rows)
    for result in got.values():
        assert sorted(t.location.row or 0 for t in result.trace.rows) == list(range(2, len(rows) + 2)), result.id
        counted = [t for t in result.trace.rows if t.status == "counted"]
        if result.id in ("合计", "封顶"):
            assert len(counted) == sum(1 for _, s in rows if s is not None)


# --------------------------------------------------------------------------- the population form

POPULATION = load(
    "\n" + subject_table("{header: 类别, type: text}", "{header: 得分, type: decimal, required: false}") + f"""points: {BIG * 3}
components:
  - {{id: 最高, name: 最高, kind: aggregate, points: {BIG}, table: subjects, function: max, per_row: 得分, on_blank: skip, empty: blank, within: 类别}}
  - {{id: 平均, name: 平均, kind: aggregate, points: {BIG}, table: subjects, function: mean, per_row: 得分, on_blank: skip, empty: blank}}
  - {{id: 个数, name: 个数, kind: aggregate, points: {BIG}, table: subjects, function: count, within: 类别}}
"""
)
people = st.lists(st.tuples(st.sampled_from(["甲", "乙"]), scores), min_size=1, max_size=12)


def _population(members: Sequence[tuple[str, Decimal | None]], order: Sequence[int]) -> dict[str, list[Decimal | None]]:
    subjects = [
        SubjectFacts(f"U{i}", f"U{i}", None, {"类别": members[i][0], "得分": members[i][1]}, {}, {}, Location(file="units.csv", row=i + 2))
        for i in order
    ]
    with decimal.localcontext(CONTEXT):
        for run in POPULATION.population:
            run(PopulationInput(subjects, FactSet({}, []), None, score=score))
        scored = {s.id: [r.points for r in POPULATION.evaluate_subject(s)] for s in subjects}
    return scored


@settings(max_examples=100, deadline=None)
@given(people, st.randoms(use_true_random=False))
def test_every_subject_gets_its_groups_value_whatever_the_order(members: list[tuple[str, Decimal | None]], random) -> None:  # type: ignore[no-untyped-def]
    order = list(range(len(members)))
    first = _population(members, order)
    random.shuffle(order)
    assert _population(members, order) == first
    values = [Fraction(s) for _, s in members if s is not None]
    for i, (group, _) in enumerate(members):
        own = [Fraction(s) for g, s in members if g == group and s is not None]
        best, mean, count = first[f"U{i}"]
        assert best == (max(own) if own else None)
        assert _near(mean, _mean(values))
        assert count == sum(1 for g, _ in members if g == group)
