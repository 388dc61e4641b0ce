"""rank_deduction: first N of a group free, then −per_place per place, never below the floor."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import FactsError, RulesetError

from ..rules_helpers import load, subject_table

BODY = "\n" + subject_table(
    "{header: 类型, type: enum, values: [市级机关, 国有企事业]}",
    "{header: 排名, type: count}",
) + """points: 5
components:
  - {id: 年度, name: 年度评价, kind: rank_deduction, points: 5, column: 排名, key: 类型,
     free: {市级机关: 20, 国有企事业: 15}, per_place: 0.03}
"""


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
    body = BODY.replace("key: 类型,\n     free: {市级机关: 20, 国有企事业: 15}", "free: 3")
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
    with pytest.raises(RulesetError, match="free: no N for 国有企事业"):
        load(BODY.replace(", 国有企事业: 15", ""))


def test_free_by_group_needs_key() -> None:
    with pytest.raises(RulesetError, match="'free' by group needs 'key'"):
        load(BODY.replace("key: 类型,", ""))


def test_rank_zero_is_an_error(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FactsError, match="units.csv, row 2: column 排名: rank 0 is below 1") as info:
        run_rules(BODY, {"units": "编码,名称,类型,排名\nU1,甲,市级机关,0"})
    assert info.value.code == "FA016"
