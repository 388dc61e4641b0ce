"""rank_deduction: first N of a group free, then −per_place per place, never below the floor."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, FactsError, RulesetError

from ..rules_helpers import load, subject_table

BODY = "\n" + subject_table(
    "{header: 类型, type: enum, choices: [市级机关, 国有企事业]}",
    "{header: 排名, type: count}",
) + """points: 5
components:
  - {id: 年度, name: 年度评价, kind: rank_deduction, points: 5, column: 排名, per_place: 0.03,
     free: {hit: unique, rows: [{when: {of: 类型, equals: 市级机关}, value: 20}, {when: {of: 类型, equals: 国有企事业}, value: 15}]}}
"""
FREE = "{hit: unique, rows: [{when: {of: 类型, equals: 市级机关}, value: 20}, {when: {of: 类型, equals: 国有企事业}, value: 15}]}"


@pytest.mark.parametrize(
    ("kind", "rank", "points"),
    [("市级机关", 1, "5"), ("市级机关", 20, "5"), ("市级机关", 21, "4.97"), ("市级机关", 47, "4.19"),
     ("国有企事业", 15, "5"), ("国有企事业", 16, "4.97"), ("国有企事业", 18, "4.91"),
     ("市级机关", 187, "0"), ("市级机关", 500, "0")],
)
def test_thresholds_per_group(run_rules, kind: str, rank: int, points: str) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": f"编码,名称,类型,排名\nU1,甲,{kind},{rank}"})
    assert result.subjects[0].total == Decimal(points)


def test_without_groups(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace(FREE, "3")
    result = run_rules(body, {"units": "编码,名称,类型,排名\nU1,甲,市级机关,5"})
    assert result.subjects[0].total == Decimal("4.94")


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=400))
def test_never_below_zero_and_never_rising_with_rank(rank: int) -> None:
    from decimal import localcontext

    from pingyi_rules.core.errors import Location
    from pingyi_rules.results.runtime import SubjectFacts

    ruleset = load(BODY)

    def points(r: int) -> Decimal:
        subject = SubjectFacts("U", "u", None, {"类型": "市级机关", "排名": Decimal(r)}, {}, {}, Location())
        with localcontext():
            value = ruleset.evaluate_subject(subject)[0].points
        assert value is not None
        return value

    assert Decimal(0) <= points(rank + 1) <= points(rank) <= 5


def test_every_group_needs_its_n() -> None:
    with pytest.raises(RulesetError, match="no row holds when '类型' is 国有企事业; add a row for it, or declare 'empty'") as info:
        load(BODY.replace(", {when: {of: 类型, equals: 国有企事业}, value: 15}", ""))
    assert info.value.code == "RS098"


def test_a_group_without_a_row_takes_empty(run_rules) -> None:  # type: ignore[no-untyped-def]
    # 国有企事业 has no row: empty 10 free places; rank 13 → 3 places below → 5 − 3 × 0.03 = 4.91
    body = BODY.replace(", {when: {of: 类型, equals: 国有企事业}, value: 15}]}", "], empty: 10}")
    result = run_rules(body, {"units": "编码,名称,类型,排名\nU1,甲,国有企事业,13"})
    assert result.subjects[0].total == Decimal("4.91")
    assert "无一行成立，取 empty 值 10" in next(result.subjects[0].trace()).notes


def test_the_group_read_is_an_input_of_the_trace(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": "编码,名称,类型,排名\nU1,甲,国有企事业,18"})
    line = next(result.subjects[0].trace())
    assert line.formula == "5 − max(18 − 15, 0) × 0.03 = 4.91"
    assert [name for name, _ in line.inputs] == ["排名", "类型"]


@pytest.mark.parametrize(
    ("old", "message"),
    [("per_place: 0.03,", "'by' is no longer a key of rank_deduction"),
     ("", "a mapping of groups is no longer a value of 'free'")],
)
def test_the_older_spelling_is_refused_with_the_new_one(old: str, message: str) -> None:
    body = BODY.replace(FREE, "{市级机关: 20, 国有企事业: 15}").replace("per_place: 0.03,", "per_place: 0.03, by: 类型," if old else "per_place: 0.03,")
    with pytest.raises(RulesetError, match=message) as info:
        load(body)
    assert info.value.code == "RS095"
    assert "free: {hit: unique, rows: [{when: {of: <group column>, equals: <group>}, value: <N>}" in str(info.value)


def test_free_places_are_whole_numbers() -> None:
    with pytest.raises(RulesetError, match="free places are a whole number of places; row 2 gives '15.5'") as info:
        load(BODY.replace("value: 15}", "value: 15.5}"))
    assert info.value.code == "RS097"


def test_rank_zero_is_an_error_at_its_cell(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError, match="units.csv, row 2: column 排名: U1 甲: 年度: the check '排名不小于1' does not hold") as info:
        run_rules(BODY, {"units": "编码,名称,类型,排名\nU1,甲,市级机关,0"})
    assert info.value.code == "EV027"


def test_a_rank_column_from_1_needs_no_check(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace("{header: 排名, type: count}", "{header: 排名, type: count, min: 1}")
    assert "checks" not in load(body).expansions[("components", 0)]
    with pytest.raises(FactsError, match="column 排名: 0 is out of range") as info:
        run_rules(body, {"units": "编码,名称,类型,排名\nU1,甲,市级机关,0"})
    assert info.value.code == "FA016"
