"""Invariants of scoring, checked with hypothesis on generated facts for the shipped
district-neishe-ceping-2012 (SEED4) and service-center-windows (SEED3) rulesets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import load_ruleset, score
from pingyi_rules.facts.reading import FactSet, Location, _build_table
from pingyi_rules.render.output import to_json

from ..helpers import RULESETS

SEED4 = load_ruleset(RULESETS / "district-neishe-ceping-2012.yaml")
SEED3 = load_ruleset(RULESETS / "service-center-windows.yaml")
SETTINGS = settings(max_examples=40, deadline=None)


def factset(ruleset: Any, header: list[str], rows: list[list[Any]]) -> FactSet:
    spec = ruleset.tables[0]
    records = [(1, header)] + [(i + 2, [str(v) for v in row]) for i, row in enumerate(rows)]
    table = _build_table(spec, records, "t.csv", lambda r, c, h: Location(file="t.csv", row=r, field=h), None)
    return FactSet({spec.id: table}, [("t.csv", "0")])


SEED4_HEADER = [c.header for c in SEED4.tables[0].columns]
METHODS = ["即时测评", "综合测评", "明察暗访", "集中测评"]
GRADES = ["优", "良", "一般", "较差", "差"]

grade_counts = st.lists(st.integers(0, 40), min_size=5, max_size=5).filter(lambda c: sum(c) > 0)


@st.composite
def seed4_unit(draw: Any, index: int = 0) -> list[Any]:
    row: dict[str, Any] = {"单位编码": f"U{index:03d}", "单位名称": f"科室{index}",
                           "类别": draw(st.sampled_from(["行政执法类", "综合管理类"]))}
    for method in METHODS:
        for grade, count in zip(GRADES, draw(grade_counts), strict=True):
            row[f"{method}_{grade}"] = count
    for column in ("未按时整改", "二次督办仍未整改", "拒不整改"):
        row[column] = draw(st.integers(0, 4))
    return [row[h] for h in SEED4_HEADER]


@st.composite
def seed4_population(draw: Any) -> list[list[Any]]:
    size = draw(st.integers(1, 12))
    return [draw(seed4_unit(i)) for i in range(size)]


@SETTINGS
@given(seed4_population())
def test_every_component_stays_within_floor_and_points(rows: list[list[Any]]) -> None:
    result = score(SEED4, factset(SEED4, SEED4_HEADER, rows))
    for unit in result.subjects:
        for top in unit.components:
            for node in top.walk():
                assert node.points is not None
                assert Decimal(0) <= node.points <= node.max, (unit.id, node.id, node.points)
        assert unit.total is not None and Decimal(0) <= unit.total <= 100


@SETTINGS
@given(seed4_unit(), st.sampled_from(["未按时整改", "二次督办仍未整改", "拒不整改"]))
def test_one_more_case_never_raises_a_score(row: list[Any], column: str) -> None:
    before = score(SEED4, factset(SEED4, SEED4_HEADER, [row])).subjects[0]
    more = list(row)
    more[SEED4_HEADER.index(column)] += 1
    after = score(SEED4, factset(SEED4, SEED4_HEADER, [more])).subjects[0]
    assert after.exact_total is not None and before.exact_total is not None
    assert after.exact_total <= before.exact_total


@SETTINGS
@given(seed4_unit(), st.sampled_from(METHODS), st.integers(0, 3))
def test_a_better_vote_never_lowers_a_score(row: list[Any], method: str, grade: int) -> None:
    # moving one vote from a grade to the grade above it can only raise the score
    worse_column = SEED4_HEADER.index(f"{method}_{GRADES[grade + 1]}")
    if row[worse_column] == 0:
        return
    better = list(row)
    better[worse_column] -= 1
    better[SEED4_HEADER.index(f"{method}_{GRADES[grade]}")] += 1
    before = score(SEED4, factset(SEED4, SEED4_HEADER, [row])).subjects[0].exact_total
    after = score(SEED4, factset(SEED4, SEED4_HEADER, [better])).subjects[0].exact_total
    assert before is not None and after is not None and after >= before


@SETTINGS
@given(seed4_population(), st.randoms(use_true_random=False))
def test_row_order_changes_nothing(rows: list[list[Any]], rng: Any) -> None:
    shuffled = list(rows)
    rng.shuffle(shuffled)
    first = score(SEED4, factset(SEED4, SEED4_HEADER, rows))
    second = score(SEED4, factset(SEED4, SEED4_HEADER, shuffled))
    key = lambda u: (u.id, u.total, u.rank, tuple(u.tiers))
    assert sorted(map(key, first.subjects)) == sorted(map(key, second.subjects))


@SETTINGS
@given(seed4_population())
def test_same_input_gives_the_same_bytes(rows: list[list[Any]]) -> None:
    facts = factset(SEED4, SEED4_HEADER, rows)
    assert to_json(score(SEED4, facts)) == to_json(score(SEED4, facts))


@SETTINGS
@given(seed4_population())
def test_ranks_follow_rounded_totals_inside_each_category(rows: list[list[Any]]) -> None:
    result = score(SEED4, factset(SEED4, SEED4_HEADER, rows))
    for unit in result.subjects:
        peers = [o for o in result.subjects if o.group == unit.group]
        assert unit.total is not None
        assert unit.rank == 1 + sum(1 for o in peers if o.total is not None and o.total > unit.total)
        # §七: top 6 are 满意科室; below 70 is 限期整改并问责 and never 书面说明情况
        assert ("满意科室" in unit.tiers) == (unit.rank <= 6)
        if unit.total < 70:
            assert "限期整改并问责" in unit.tiers and "书面说明情况" not in unit.tiers


SEED3_HEADER = [c.header for c in SEED3.tables[0].columns]
FLAGS = ["工作人员被立案", "失职渎职造成恶劣影响", "复议撤销或诉讼败诉"]


@st.composite
def seed3_population(draw: Any) -> list[list[Any]]:
    rows = []
    for i in range(draw(st.integers(1, 12))):
        row: dict[str, Any] = {"窗口编码": f"W{i:02d}", "窗口名称": f"窗口{i}",
                               "领导小组评议": draw(st.integers(0, 1000)) / 10,
                               "窗口互评": draw(st.integers(0, 1000)) / 10,
                               "预警扣分": draw(st.sampled_from([0, 0.5, 1, 2]))}
        for survey in ("第一次问卷", "第二次问卷"):
            for grade, count in zip(["好", "较好", "一般", "较差", "差"], draw(grade_counts), strict=True):
                row[f"{survey}_{grade}"] = count
        for flag in FLAGS:
            row[flag] = "是" if draw(st.integers(0, 9)) == 0 else "否"
        rows.append([row[h] for h in SEED3_HEADER])
    return rows


@SETTINGS
@given(seed3_population())
def test_vetoed_windows_are_never_excellent_and_quotas_hold(rows: list[list[Any]]) -> None:
    result = score(SEED3, factset(SEED3, SEED3_HEADER, rows))
    vetoed = {r[0] for r in rows if any(r[SEED3_HEADER.index(f)] == "是" for f in FLAGS)}
    excellent = {u.id for u in result.subjects if "优秀服务窗口" in u.tiers}
    unsatisfied = {u.id for u in result.subjects if "群众不满意服务窗口" in u.tiers}
    assert not excellent & vetoed
    assert vetoed <= unsatisfied
    totals = sorted((u.total for u in result.subjects), reverse=True)
    if len(totals) > 3 and totals[2] != totals[3] and not vetoed & {u.id for u in result.subjects if u.rank and u.rank <= 3}:
        assert len(excellent) == 3
    assert len(unsatisfied) >= min(3, len(rows))
