"""Quotas filled among an eligible pool (`among`), and what a quota does when fewer subjects can take
it than it has places (`short`); a share counted on the group or on the pool (`share_of`).
Expected members worked out by hand in the comments."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import PingyiError, score
from pingyi_rules.core.messages import use_language
from pingyi_rules.model import components as m
from pingyi_rules.render.report import quota_text

from ..rules_helpers import load, subject_table, write_tables

BODY = "\n" + subject_table(
    "{header: 类别, type: enum, choices: [甲, 乙]}", "{header: 分数, type: decimal}", "{header: 投诉, type: count}",
    "{header: 立案, type: bool}",
) + """points: 100
components:
  - {id: 得分, name: 得分, kind: input, points: 100, column: 分数}
VETOES
tiers:
  - name: 等次
    quota: QUOTA
"""
# Ranked over everyone: B1 95, A1 90, B2 88, A2 85, A3 80, B3 77, A4 75, A5 70, B4 66, A6 65, A7 60, B5 55.
# No 投诉 (the pool of `{of: 投诉, equals: 0}`): 甲 A1 A3 A5 A6, 乙 B2 B5 — by rank A1, B2, A3, A5, A6, B5.
# With 投诉: A2 A4 A7 B1 B3 B4 — by rank B1, A2, B3, A4, B4, A7.
UNITS = """编码,名称,类别,分数,投诉,立案
A1,甲一,甲,90,0,否
A2,甲二,甲,85,1,否
A3,甲三,甲,80,0,否
A4,甲四,甲,75,2,否
A5,甲五,甲,70,0,否
A6,甲六,甲,65,0,否
A7,甲七,甲,60,1,否
B1,乙一,乙,95,1,否
B2,乙二,乙,88,0,否
B3,乙三,乙,77,1,否
B4,乙四,乙,66,1,否
B5,乙五,乙,55,0,否"""

CLEAN = "among: {of: 投诉, equals: 0}"


def _run(run_rules: Any, quota: str, units: str = UNITS, vetoes: str = "", body: str = BODY) -> Any:
    return run_rules(body.replace("QUOTA", quota).replace("VETOES", vetoes), {"units": units})


def _members(run_rules: Any, quota: str, units: str = UNITS, vetoes: str = "", body: str = BODY) -> list[str]:
    return [s.id for s in _run(run_rules, quota, units, vetoes, body).subjects if "等次" in s.tiers]


@pytest.mark.parametrize(
    ("quota", "expected"),
    [
        # everyone: the best 3 are B1, A1, B2; among the units without 投诉: A1, B2, A3 (B1 has one)
        ("{best: 3}", ["A1", "B1", "B2"]),
        (f"{{best: 3, {CLEAN}}}", ["A1", "A3", "B2"]),
        # from the worst end, among those without 投诉: B5 55, A6 65
        (f"{{worst: 2, {CLEAN}}}", ["A6", "B5"]),
        # within 类别: 甲's pool A1 A3 A5 A6 → the best 2 A1, A3; 乙's pool B2 B5 is exactly 2
        (f"{{best: 2, within: 类别, {CLEAN}}}", ["A1", "A3", "B2", "B5"]),
        # the pool is short in 乙 (2 of them for 3 places): short: fill (the default) gives both
        (f"{{best: 3, within: 类别, {CLEAN}}}", ["A1", "A3", "A5", "B2", "B5"]),
        (f"{{best: 3, within: 类别, {CLEAN}, short: fill}}", ["A1", "A3", "A5", "B2", "B5"]),
        # short: none: 乙 takes no one by the quota; 甲 (4 for 3 places) is not short
        (f"{{best: 3, within: 类别, {CLEAN}, short: none}}", ["A1", "A3", "A5"]),
        # without among, a group smaller than its quota is short too: 12 subjects, 13 places
        ("{best: 13, short: none}", []),
        ("{best: 13}", ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "B1", "B2", "B3", "B4", "B5"]),
        # a share of the group (default): 12 × 50 % = 6 → the whole pool of 6 with 投诉
        ("{worst: {share: 0.5, round: up}, among: {of: 投诉, at_least: 1}}", ["A2", "A4", "A7", "B1", "B3", "B4"]),
        # a share of the pool: 6 × 50 % = 3 → its worst 3: A7 60, B4 66, A4 75
        ("{worst: {share: 0.5, round: up, share_of: pool}, among: {of: 投诉, at_least: 1}}", ["A4", "A7", "B4"]),
        # within 类别, a share of each group's pool: 甲 A2 A4 A7 × 50 % = 1.5 → 2: A7, A4; 乙 B1 B3 B4 → 2: B4, B3
        ("{worst: {share: 0.5, round: up, share_of: pool}, within: 类别, among: {of: 投诉, at_least: 1}}",
         ["A4", "A7", "B3", "B4"]),
        # the group's share in 甲: 7 × 50 % = 3.5 → 4 places for a pool of 3 — short; none: 甲 gets no one,
        # 乙: 5 × 50 % = 2.5 → 3 places, pool 3: B1, B3, B4
        ("{worst: {share: 0.5, round: up}, within: 类别, among: {of: 投诉, at_least: 1}, short: none}", ["B1", "B3", "B4"]),
    ],
)
def test_quotas_among_a_pool(run_rules: Any, quota: str, expected: list[str]) -> None:
    assert _members(run_rules, quota) == expected


def test_short_none_says_so_in_the_notes_of_the_pool(run_rules: Any) -> None:
    result = _run(run_rules, f"{{best: 3, within: 类别, {CLEAN}, short: none}}")
    note = "等次：候选对象 2 个，少于名额 3 个，本组不按名额列入"
    assert [s.id for s in result.subjects if note in s.notes] == ["B2", "B5"]
    assert all(note not in s.notes for s in result.subjects if s.id.startswith("A"))


def test_short_error_stops_the_run_naming_the_group(run_rules: Any) -> None:
    with pytest.raises(PingyiError) as caught:
        _run(run_rules, f"{{best: 3, within: 类别, {CLEAN}, short: error}}")
    assert caught.value.code == "EV022"
    assert str(caught.value).endswith(
        "B2 乙二: tiers: 等次: the quota is 3, but only 2 of the 5 subjects of its group (类别 乙) meet its among "
        "condition and are not barred from it (short: error) [EV022]"
    )
    with use_language("zh"):
        assert str(caught.value).endswith(
            "B2 乙二：tiers: 等次：名额为 3 个，但其所在组（类别 乙）的 5 个对象中只有 2 个满足其 among 条件且未被禁止列入（short: error） [EV022]"
        )


def test_short_error_without_among_names_the_group_size(run_rules: Any) -> None:
    with pytest.raises(PingyiError) as caught:
        _run(run_rules, "{best: 13, short: error}")
    assert "A1 甲一: tiers: 等次: the quota is 13, but only 12 of the 12 subjects of the population are not barred" in str(caught.value)
    with use_language("zh"):
        assert "A1 甲一：tiers: 等次：名额为 13 个，但全体对象的 12 个对象中只有 12 个未被禁止列入（short: error）" in str(caught.value)


def test_short_error_holds_when_the_pool_fills_the_quota(run_rules: Any) -> None:
    # 乙's pool B2 B5 fills its 2 places exactly: not short
    assert _members(run_rules, f"{{best: 2, within: 类别, {CLEAN}, short: error}}") == ["A1", "A3", "B2", "B5"]


def test_ties_at_the_cut_inside_the_pool_are_all_in_but_no_one_outside_it(run_rules: Any) -> None:
    # A3 at 85 ties A2 (who has 投诉): 甲's pool by rank A1 90, A3 85, A5 70, A6 65 → the best 2 A1, A3; A2 is not in
    units = UNITS.replace("A3,甲三,甲,80", "A3,甲三,甲,85")
    assert _members(run_rules, f"{{best: 2, within: 类别, {CLEAN}}}", units) == ["A1", "A3"] + ["B2", "B5"]
    # A5 at 80 like A3: the cut falls between them → A1, A3, A5
    units = UNITS.replace("A5,甲五,甲,70", "A5,甲五,甲,80")
    assert _members(run_rules, f"{{best: 2, within: 类别, {CLEAN}}}", units) == ["A1", "A3", "A5", "B2", "B5"]


def test_a_barred_subject_is_no_candidate_and_can_make_the_pool_short(run_rules: Any) -> None:
    vetoes = "vetoes:\n  - {name: 立案否决, when: {flag: 立案}, bars: [等次]}"
    units = UNITS.replace("B2,乙二,乙,88,0,否", "B2,乙二,乙,88,0,是")
    # over everyone the pool's best 3 skip B2: A1, A3, A5
    assert _members(run_rules, f"{{best: 3, {CLEAN}}}", units, vetoes) == ["A1", "A3", "A5"]
    # within 类别, 乙's candidates are B5 alone for 2 places: short
    assert _members(run_rules, f"{{best: 2, within: 类别, {CLEAN}, short: none}}", units, vetoes) == ["A1", "A3"]
    assert _members(run_rules, f"{{best: 2, within: 类别, {CLEAN}}}", units, vetoes) == ["A1", "A3", "B5"]


def test_a_subject_vetoed_in_takes_a_place_only_inside_the_pool(run_rules: Any) -> None:
    vetoes = "vetoes:\n  - {name: 立案否决, when: {flag: 立案}, forces: 等次}"
    quota = "{worst: 2, among: {of: 投诉, at_least: 1}}"
    # B5 (no 投诉) vetoed in: it holds the tier but takes none of the pool's 2 places: A7, B4 and B5
    outside = UNITS.replace("B5,乙五,乙,55,0,否", "B5,乙五,乙,55,0,是")
    assert _members(run_rules, quota, outside, vetoes) == ["A7", "B4", "B5"]
    # B1 (with 投诉) vetoed in takes one of them: B1 and A7
    inside = UNITS.replace("B1,乙一,乙,95,1,否", "B1,乙一,乙,95,1,是")
    assert _members(run_rules, quota, inside, vetoes) == ["A7", "B1"]


NAMED = BODY.replace("components:", """values:
  - {id: 投诉数, name: 投诉数, kind: input, column: 投诉}
rankings:
  - {name: 投诉排名, by: 投诉数, order: ascending, within: 类别}
components:""")


def test_among_on_a_named_ranking(run_rules: Any) -> None:
    # fewest 投诉 first, in each 类别: 甲 A1 A3 A5 A6 (0) tie first; 乙 B2 B5 (0) tie first
    quota = "{best: 1, in_ranking: 投诉排名, among: {at_least: 70}}"
    # among those with a total of at least 70: 甲 A1 A3 A5 (0, tied) — A6 (65) is not in the pool; 乙 B2 (0)
    assert _members(run_rules, quota, body=NAMED) == ["A1", "A3", "A5", "B2"]
    # without among: every 0 of each group ties at the cut
    assert _members(run_rules, "{best: 1, in_ranking: 投诉排名}", body=NAMED) == ["A1", "A3", "A5", "A6", "B2", "B5"]
    # short: the pool of 乙 with a total of at least 90 holds B1 alone (1 投诉); of 甲, A1: 1 place each, not short
    assert _members(run_rules, "{best: 1, in_ranking: 投诉排名, among: {at_least: 90}, short: error}", body=NAMED) == ["A1", "B1"]


def test_among_may_test_the_tiers_declared_before(run_rules: Any) -> None:
    body = BODY.replace("tiers:\n", "tiers:\n  - {name: 合格, when: {at_least: 70}}\n")
    # the pool: 合格 and no 投诉 → A1, B2, A3, A5 by rank; the worst 2: A5, A3
    assert _members(run_rules, "{worst: 2, among: {all: [{tier: 合格}, {of: 投诉, equals: 0}]}}", body=body) == ["A3", "A5"]


@pytest.mark.parametrize(
    ("quota", "text"),
    [
        ({"best": 3}, "最好的 3 个"),
        ({"best": 3, "among": {"of": "投诉", "equals": 0}, "short": "none"},
         "在满足（“投诉” = 0）的对象中取最好的 3 个；候选对象不足名额时本组不按名额列入"),
        ({"worst": {"share": 0.5, "round": "up", "share_of": "pool"}, "among": {"flag": "立案"}, "short": "error", "within": "类别"},
         "在“类别”各组内在满足（“立案”为“是”）的对象中取最差的 50%（向上取整，按候选对象数计）；候选对象不足名额时报错"),
    ],
)
def test_the_report_says_how_the_quota_is_taken(quota: dict[str, Any], text: str) -> None:
    assert quota_text(m.Quota.model_validate(quota)) == text


@settings(max_examples=40, deadline=None)
@given(
    units=st.lists(st.tuples(st.integers(50, 60), st.booleans()), min_size=1, max_size=9),
    places=st.integers(1, 5),
    short=st.sampled_from(["fill", "none"]),
)
def test_a_pool_quota_is_the_pools_best_by_a_plain_sort(units: list[tuple[int, bool]], places: int, short: str) -> None:
    """Over everyone, the best `places` among the units without 投诉: worked out here by sorting the
    pool's scores (ties at the cut all in), or no one when the pool is short under `none`."""
    rows = ["编码,名称,类别,分数,投诉,立案"] + [
        f"U{i},单位{i},甲,{points},{int(complained)},否" for i, (points, complained) in enumerate(units)
    ]
    body = BODY.replace("QUOTA", f"{{best: {places}, {CLEAN}, short: {short}}}").replace("VETOES", "")
    with tempfile.TemporaryDirectory() as folder:
        result = score(load(body), write_tables(Path(folder), {"units": "\n".join(rows)}))
    pool = sorted((points for points, complained in units if not complained), reverse=True)
    if len(pool) < places:
        cut = None if short == "none" else -1
    else:
        cut = pool[places - 1]
    expected = [] if cut is None else [
        f"U{i}" for i, (points, complained) in enumerate(units) if not complained and points >= cut
    ]
    assert sorted(s.id for s in result.subjects if "等次" in s.tiers) == sorted(expected)
