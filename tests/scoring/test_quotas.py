"""Quotas that are proportional (`{share, round, min}`) and counted within a field's groups inside
the ranking group (`within`); subjects vetoed into the tier take places first, ties at the cut
are all in. Expected members worked out by hand in the comments."""

from __future__ import annotations

from typing import Any

import pytest

from pingyi_rules import PingyiError

from ..rules_helpers import subject_table

BODY = "\n" + subject_table(
    "{header: 类别, type: enum, choices: [甲, 乙]}", "{header: 分数, type: decimal}", "{header: 立案, type: bool}"
) + """points: 100
components:
  - {id: 得分, name: 得分, kind: input, points: 100, column: 分数}
tiers:
  - name: 末位
    quota: QUOTA
"""
# Ranked over everyone: B1 95, A1 90, B2 88, A2 85, A3 80, B3 77, A4 75, A5 70, B4 66, A6 65, A7 60, B5 55.
# 甲 has 7 units, 乙 5, 12 in all.
UNITS = """编码,名称,类别,分数,立案
A1,甲一,甲,90,否
A2,甲二,甲,85,否
A3,甲三,甲,80,否
A4,甲四,甲,75,否
A5,甲五,甲,70,否
A6,甲六,甲,65,否
A7,甲七,甲,60,否
B1,乙一,乙,95,否
B2,乙二,乙,88,否
B3,乙三,乙,77,否
B4,乙四,乙,66,否
B5,乙五,乙,55,否"""


def _members(run_rules: Any, quota: str, units: str = UNITS, body: str = BODY) -> list[str]:
    result = run_rules(body.replace("QUOTA", quota), {"units": units})
    return [s.id for s in result.subjects if "末位" in s.tiers]


@pytest.mark.parametrize(
    ("quota", "expected"),
    [
        # 甲 7 × 20 % = 1.4 → ⌈⌉ 2: A7, A6; 乙 5 × 20 % = 1: B5
        ("{worst: {share: 0.2, round: up}, within: 类别}", ["A6", "A7", "B5"]),
        # 甲 1.4 → ⌊⌋ 1: A7; 乙 1: B5
        ("{worst: {share: 0.2, round: down}, within: 类别}", ["A7", "B5"]),
        # 甲 7 × 25 % = 1.75 → 2; 乙 5 × 25 % = 1.25 → 1 (half up)
        ("{worst: {share: 0.25, round: half_up}, within: 类别}", ["A6", "A7", "B5"]),
        # 甲 0.7 → ⌊⌋ 0, 乙 0.5 → 0: min 1 each
        ("{worst: {share: 0.1, round: down, min: 1}, within: 类别}", ["A7", "B5"]),
        ("{worst: {share: 0.1, round: down}, within: 类别}", []),
        # over everyone: 12 × 20 % = 2.4 → ⌈⌉ 3: B5, A7, A6
        ("{worst: {share: 0.2, round: up}}", ["A6", "A7", "B5"]),
        # over everyone, from the best end: 12 × 10 % = 1.2 → ⌈⌉ 2: B1, A1
        ("{best: {share: 0.1, round: up}}", ["A1", "B1"]),
        # a fixed count within each group: the best of 甲 (A1) and of 乙 (B1)
        ("{best: 1, within: 类别}", ["A1", "B1"]),
    ],
)
def test_proportional_and_grouped_quotas(run_rules: Any, quota: str, expected: list[str]) -> None:
    assert _members(run_rules, quota) == expected


def test_ties_at_the_cut_are_all_in(run_rules: Any) -> None:
    # A6 at 70 like A5: 甲's 2 worst are A7 and then A5, A6 tied → all three
    units = UNITS.replace("A6,甲六,甲,65", "A6,甲六,甲,70")
    assert _members(run_rules, "{worst: {share: 0.2, round: up}, within: 类别}", units) == ["A5", "A6", "A7", "B5"]


def test_a_vetoed_subject_takes_a_place_in_its_group(run_rules: Any) -> None:
    body = BODY.replace("tiers:", "vetoes:\n  - {name: 立案否决, when: {flag: 立案}, forces: 末位}\ntiers:")
    units = UNITS.replace("A1,甲一,甲,90,否", "A1,甲一,甲,90,是")
    # 甲's 2 places: A1 (vetoed in) and A7; 乙 unchanged
    assert _members(run_rules, "{worst: {share: 0.2, round: up}, within: 类别}", units, body) == ["A1", "A7", "B5"]


def test_a_quota_within_the_ranking_groups_own_field_is_refused(run_rules: Any) -> None:
    body = BODY + "ranking: {within: 类别}\n"
    with pytest.raises(PingyiError) as caught:
        run_rules(body.replace("QUOTA", "{worst: 1, within: 类别}"), {"units": UNITS})
    assert caught.value.code == "RS053"


@pytest.mark.parametrize(
    ("quota", "code"),
    [("{worst: {share: 0, round: up}}", "RS016"), ("{worst: {share: 1.5, round: up}}", "RS016"),
     ("{worst: {share: 0.1}}", "RS013"), ("{worst: 0}", "RS016"), ("{worst: 1, within: 类型}", "RS020")],
)
def test_bad_quotas_are_refused(run_rules: Any, quota: str, code: str) -> None:
    with pytest.raises(PingyiError) as caught:
        run_rules(BODY.replace("QUOTA", quota), {"units": UNITS})
    assert caught.value.code == code
