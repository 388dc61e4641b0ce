"""Every optional key of every ruleset model either changes a result or is refused where it means nothing.

The keys are enumerated from the pydantic models themselves, so a key added to a model without
an entry in ENTRIES fails `test_every_optional_key_has_an_entry`. Each entry scores a small
fixture (tests/model/keys_fixture.py, worked out by hand there) with and without the key and compares
both outcomes with numbers worked out by hand (in the comments), or shows the key refused with
its exact code where it changes nothing.
"""

from __future__ import annotations

import re
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from pingyi_rules.model import components as m
from pingyi_rules.model.outcomes import COMPARISONS
from pingyi_rules.render.html import render_html
from pingyi_rules.render.report import build_report

from .keys_fixture import (
    DELETE,
    Effect,
    Rejected,
    loads,
    name_of,
    pts,
    rank,
    report,
    run,
    template,
    tier,
    total,
    trace,
    values,
)

D = Decimal


def named_rank(subject: str, name: str = "案"):  # type: ignore[no-untyped-def]
    """The subject's rank in the named ranking `name` (None when the ruleset has no such ranking)."""
    return lambda r: r.code or r.result.subject(subject).ranks.get(name)

CASE = "components.案例"
EX = CASE + ".exemptions"
ITEMS = CASE + ".items"
HIGH = {CASE + ".highest_only": {"matter": ["人员"]}}
SEVERE = {"flag": "严重"}
ONE_STAGE = {"stages": [{"id": "s1", "name": "初评", "adds": ["综合", "整改", "案例", "等次分", "名次分", "上级", "附加"]}]}
TWO_STAGES = {"stages": [
    {"id": "s1", "name": "初评", "adds": ["综合", "整改", "案例", "等次分", "名次分", "上级"], "select": {"top": 2}},
    {"id": "s2", "name": "复评", "adds": ["附加"]},
]}
CONSEQ = {"bands": [{"ranks": [1, 2], "results": {"奖": 5}}], "otherwise": {"奖": 0}}
DIST = {"name": "比例", "column": "等次", "within": "类别"}
LOOKUP = {"id": "档", "hit": "unique"}
AT_70 = [{"when": {"of": "领导", "at_least": 70}, "value": 1}, {"when": {"of": "领导", "below": 70}, "value": 0}]
ABOVE_70 = [{"when": {"of": "领导", "above": 70}, "value": 1}, {"when": {"of": "领导", "at_most": 70}, "value": 0}]
GAP_70 = [{"when": {"of": "领导", "above": 70}, "value": 1}, {"when": {"of": "领导", "below": 70}, "value": 0}]
ONE_ROW = [{"when": {"of": "领导", "at_least": 0}, "value": 1}]
TIE = {"units": [("A,甲,一类,90,", "A,甲,一类,46,")]}  # A's 综合 0.6 × (23 + 46) = 41.4: total 72.4, level with B
R_ITEM = {"id": "R", "name": "态度", "column": "扣分"}
ADD = "components.附加"
AGG = {ADD + ".kind": "aggregate", ADD + ".expr": DELETE, ADD + ".table": "cases", ADD + ".function": "count", ADD + ".empty": 0}
POP = {ADD + ".kind": "aggregate", ADD + ".expr": DELETE, ADD + ".table": "subjects", ADD + ".function": "max", ADD + ".per_row": "领导",
       ADD + ".points": 100}
LK = {ADD + ".kind": "lookup", ADD + ".expr": DELETE, ADD + ".hit": "first",
      ADD + ".rows": [{"when": {"of": "扣件", "at_most": 3}, "value": "扣件"}], ADD + ".empty": 0}
NESTED = {ADD + ".kind": "nested", ADD + ".expr": DELETE, ADD + ".ruleset": "base.yaml"}
VALUE = {"id": "件数", "name": "扣件数", "kind": "input", "column": "扣件"}
ROWS = [{"when": {"column": "事项", "equals": "X"}, "value": 1, "label": "甲"},
        {"when": {"column": "事项", "equals": "Y"}, "value": "分值", "label": "乙"},
        {"when": {"column": "事项", "equals": "Z"}, "value": 0.5, "label": "丙"}]
STEPS = {**AGG, ADD + ".function": "sum", ADD + ".per_row": {"hit": "unique", "rows": ROWS}}
EXEMPT = {"when": {"flag": "严重"}, "reason": "免"}
HALF = {"multiply": 0.5, "when": {"flag": "严重"}, "reason": "减半"}
DOUBLE = {"multiply": 2, "reason": "加倍"}
KEEP = {"matter": "人员", "reason": "就高"}
CHECK = {"name": "分值不超过1", "when": {"any": [{"blank": "分值"}, {"column": "分值", "at_most": 1}]}}
OPTIONAL_LEADER = {"inputs.tables.units.columns.领导.required": False}
CT = "inputs.tables.cases"
# 附加 = 等次 / 2 over a grade column; the grade kind 等次分 (which reads words) left out, the points with it
GRADED = {"components.附加.expr": "等次 / 2", "components.3": DELETE, "points": 90,
          "inputs.tables.units.columns.等次.type": "grade", "inputs.tables.units.columns.等次.choices": DELETE}


def _gate(when: dict[str, Any], **keys: str) -> dict[str, Any]:
    return {"name": "样本", "when": when, "outcome": "不予排名", **keys}


_HOLDS = _gate({"count_subjects": "all", "at_least": 3})  # three subjects
_FAILS = _gate({"count_subjects": "all", "at_least": 4})


def tier_colour(name: str) -> Any:
    """The class of the tier's legend entry in the html report ('' when not coloured)."""

    def probe(r: Any) -> Any:
        found = re.search(f'<span( class="t\\d+")?>{name}</span>', render_html(build_report(r.result, r.ruleset)))
        return r.code or (found.group(1) or "" if found else None)

    return probe


def cond(condition: dict[str, Any], expect: list[str]) -> Effect:
    """A tier 优秀 by this condition: who gets it (totals A 85.6, B 72.4, C 56.2; C 立案)."""
    key = next(iter(condition))
    owner = "Comparison" if key in COMPARISONS else "Condition"
    return Effect((f"{owner}.{key}",), tier("优秀"), {"tiers": [{"name": "优秀", "when": condition}]}, {}, (expect, []))


def row_cond(condition: dict[str, Any], with_points: str, key: str | None = None) -> Effect:
    """An exemption by this row condition: A's 案例 (3 without; X 1, Y 2 严重 张, Z 4 王)."""
    key = key or next(iter(condition))
    exemption = [{"when": condition, "reason": "免扣"}]
    owner = "Comparison" if key in COMPARISONS else "RowCondition"
    return Effect((f"{owner}.{key}",), pts("A", "案例"), {EX: exemption}, {}, (D(with_points), D(3)))


def void_reasons(r: Any) -> Any:
    """The reasons of the result's void records (or the error code)."""
    return r.code or [v.reason for v in r.result.void]


def void_reason(key: str):  # type: ignore[no-untyped-def]
    """The reason of the void record keyed `key` (None when there is none)."""
    return lambda r: r.code or next((v.reason for v in r.result.void if v.key == key), None)


def form_rule(condition: dict[str, Any], with_points: str, keys: tuple[str, ...]) -> Effect:
    """Forms by 人员 voided by this form condition: A's 案例 (3 without; forms 张 X Y, 王 Z, 李 B's two)."""
    rule = [{"form_when": condition, "reason": "作废"}]
    return Effect(keys, pts("A", "案例"), {CT + ".form": "人员", CT + ".void": rule}, {}, (D(with_points), D(3)))


ENTRIES: list[Effect | Rejected] = [
    # ---- every component
    Effect(("ComponentBase.clause",), trace("A", "整改", "第三条"), {"components.整改.clause": "第三条"}, {}, (True, False)),
    Effect(("ComponentBase.note",), trace("A", "整改", "读法甲"), {"components.整改.note": "读法甲"}, {}, (True, False)),
    # weights 0.8 / 0.2: A 0.6 × (72 + 18.4) = 54.24
    Effect(("ComponentBase.weight",), pts("A", "综合"),
           {"components.综合.components.领导.weight": 0.8, "components.综合.components.测评.weight": 0.2}, {}, (D("54.24"), D("54.6"))),
    Rejected(("ComponentBase.weight",), {"components.整改.weight": 0.5}, "RS053"),
    Effect(("ComponentBase.outside",), loads, {}, {"components.附加.outside": DELETE}, ("loads", ["RS026"])),
    Rejected(("ComponentBase.outside",), {"components.综合.components.领导.outside": True}, "RS053"),
    # monotone changes no score (the test kit checks it, tests/testing/test_invariants.py); on a column it
    # cannot step (text, or not in a per-subject table) it is refused
    Rejected(("ComponentBase.monotone",), {"components.整改.monotone": {"名称": "decreasing"}}, "PY005"),
    # without points a deduction has nothing to deduct from (no base either), and the top-level points
    # can no longer be checked to add up (RS121)
    Effect(("ComponentBase.points",), loads, {}, {"components.整改.points": DELETE}, ("loads", ["RS121", "RS077"])),
    # top-level points 90 against the components' 100; without points there is nothing to add up to
    Effect(("Ruleset.points",), loads, {"points": 90}, {"points": DELETE}, (["RS026"], "loads")),
    # a named value 件数 = 扣件 (A 1) used by 附加: min(件数 × 2, 5) = 2; without it the name is unknown
    Effect(("Ruleset.values",), pts("A", "附加"),
           {"values": [VALUE], "components.附加.expr": "min(件数 * 2, 5)"}, {"components.附加.expr": "min(件数 * 2, 5)"},
           (D(2), "RS030")),
    Rejected(("Ruleset.values",), {"values": [{**VALUE, "weight": 0.5}]}, "RS053"),
    # A's 领导 blank: renormalised, 综合 = 0.6 × 测评 92 × 50% / 50% = 55.2; by default 综合 has no points
    Effect(("WeightedComponent.missing",), pts("A", "综合"), {**OPTIONAL_LEADER, "components.综合.missing": "renormalise"},
           OPTIONAL_LEADER, (D("55.2"), None), tables={"units": [("A,甲,一类,90,", "A,甲,一类,,")]}),
    # ---- weighted: without multiply (1) the points are 100 and the total 140: A 91
    Effect(("WeightedComponent.multiply",), pts("A", "综合"), {},
           {"components.综合.multiply": DELETE, "components.综合.points": 100, "points": 140}, (D("54.6"), D(91))),
    # ---- rating
    # A: 92 × 系数 1.5 = 138, above the rating's 100 points: the expression's range error
    Effect(("RatingComponent.multiply",), pts("A", "测评"), {"components.综合.components.测评.multiply": "系数"}, {}, ("EV005", D(92))),
    # 群众 rows only: A 好 1 中 1 → (100 + 60) / 2 = 80
    Effect(("RatingComponent.table", "RatingComponent.where"), pts("A", "测评"),
           {"components.综合.components.测评.table": "votes", "components.综合.components.测评.where": {"column": "主体", "equals": "群众"}},
           {}, (D(80), D(92))),
    Rejected(("RatingComponent.multiply",), {"components.综合.components.测评.table": "votes", "components.综合.components.测评.multiply": "系数",
                                           "components.综合.components.测评.where": {"column": "主体", "equals": "群众"}}, "RS053"),
    # ---- deduction
    Effect(("DeductionComponent.base",), pts("A", "整改"), {"components.整改.base": 8}, {}, (D(6), D(8))),
    Effect(("DeductionComponent.floor",), pts("C", "整改"), {"components.整改.floor": -1}, {}, (D(-1), D(0))),
    Rejected(("DeductionComponent.floor",), {"components.整改.floor": 10}, "RS015"),
    # group capped at 3: B 6 → 3 → 7, C 12 → 3 → 7
    Effect(("DeductionComponent.caps", "DeductionItem.group"), pts("B", "整改"),
           {"components.整改.items.扣件.group": "甲", "components.整改.caps": {"甲": 3}}, {}, (D(7), D(4))),
    Rejected(("DeductionItem.group",), {"components.整改.items.扣件.group": "甲"}, "RS053"),
    # without amount the column is the deduction: A 10 − 1
    Effect(("DeductionItem.amount",), pts("A", "整改"), {}, {"components.整改.items.扣件.amount": DELETE}, (D(8), D(9))),
    # A's 扣分 0.8 for 1 case: outside 0.5–0.6 each; without the range 10 − 2 − 0.8 = 7.2
    Effect(("DeductionItem.count", "DeductionItem.range"), pts("A", "整改"),
           {"components.整改.items": [{"id": "扣件", "name": "扣件", "column": "扣件", "amount": 2},
                                    {**R_ITEM, "count": "扣件", "range": [0.5, 0.6]}]},
           {"components.整改.items": [{"id": "扣件", "name": "扣件", "column": "扣件", "amount": 2}, R_ITEM]}, ("EV027", D("7.2"))),
    Effect(("DeductionItem.clause",), report("第四条之一"), {"components.整改.items.扣件.clause": "第四条之一"}, {}, (True, False)),
    # ---- input and expression
    Effect(("InputComponent.max",), pts("A", "领导"), {"components.综合.components.领导.max": 80}, {}, ("EV003", D(90))),
    Effect(("InputComponent.min",), pts("C", "领导"), {"components.综合.components.领导.min": 60}, {}, ("EV003", D(50))),
    Rejected(("InputComponent.max",), {"components.综合.components.领导.max": 120}, "RS015"),
    # A: 扣件 1 → 两倍 2 → min(2, 5) = 2, else min(1, 5) = 1
    Effect(("ExpressionComponent.let",), pts("A", "附加"), {"components.附加.let": {"两倍": "扣件 * 2"}, "components.附加.expr": "min(两倍, 5)"},
           {}, (D(2), D(1))),
    Effect(("ExpressionComponent.max",), pts("C", "附加"), {"components.附加.max": 4}, {}, ("EV005", D(5))),
    Effect(("ExpressionComponent.min",), pts("A", "附加"), {"components.附加.min": 2, "components.附加.clamp": True},
           {"components.附加.clamp": True}, (D(2), D(1))),
    Effect(("ExpressionComponent.clamp",), pts("C", "附加"), {"components.附加.expr": "扣件", "components.附加.clamp": True},
           {"components.附加.expr": "扣件"}, (D(5), "EV005")),
    # A's 领导 blank: min(领导, 5) counts it as 0 with on_blank: zero; by default a blank name is EV008
    Effect(("ExpressionComponent.on_blank",), pts("A", "附加"),
           {**OPTIONAL_LEADER, "components.附加.expr": "min(领导, 5)", "components.附加.on_blank": "zero"},
           {**OPTIONAL_LEADER, "components.附加.expr": "min(领导, 5)"}, (D(0), "EV008"),
           tables={"units": [("A,甲,一类,90,", "A,甲,一类,,")]}),
    # C's 扣件 is 6: the check 扣件 ≤ 4 fails (EV027 at the cell); without it min(6, 5) = 5
    Effect(("ExpressionComponent.checks",), pts("C", "附加"),
           {"components.附加.checks": [{"name": "扣件不超过4", "when": {"of": "扣件", "at_most": 4}}]}, {}, ("EV027", D(5))),
    # ---- cases (A: X 1, Y 2 (严重, 张), Z 记过 4 (王); B: X in 2024, Z 警告 2 × 人次 2)
    Effect(("CasesComponent.effect",), pts("A", "案例"), {CASE + ".effect": "add"}, {}, (D(7), D(3))),
    Effect(("CasesComponent.date",), pts("B", "案例"), {}, {CASE + ".date": DELETE}, (D(8), D(7))),
    Effect(("CasesComponent.count",), pts("B", "案例"), {CASE + ".count": "人次"}, {}, (D(6), D(8))),
    Effect(("CasesComponent.amount_column",), pts("A", "案例"), {}, {CASE + ".amount_column": DELETE}, (D(3), "RS035")),
    # without 事项 every row would be one item, but three are listed
    Effect(("CasesComponent.code_column",), pts("A", "案例"), {}, {CASE + ".code_column": DELETE}, (D(3), "RS035")),
    Effect(("CasesComponent.exemptions",), pts("A", "案例"), {EX: [{"when": SEVERE, "reason": "免扣"}]}, {}, (D(5), D(3))),
    Effect(("CasesComponent.modifiers",), pts("A", "案例"), {CASE + ".modifiers": [{"when": SEVERE, "multiply": 2, "reason": "加倍"}]},
           {}, (D(1), D(3))),
    Effect(("CasesComponent.highest_only",), pts("A", "案例"), HIGH, {}, (D(4), D(3))),
    Effect(("CasesComponent.caps", "CaseItem.group"), pts("A", "案例"),
           {ITEMS + ".X.group": "甲", ITEMS + ".Y.group": "甲", CASE + ".caps": {"甲": 2}}, {}, (D(4), D(3))),
    Rejected(("CaseItem.group",), {ITEMS + ".X.group": "甲"}, "RS053"),
    Effect(("CasesComponent.base",), pts("A", "案例"), {CASE + ".base": 8}, {}, (D(1), D(3))),
    Rejected(("CasesComponent.base",), {CASE + ".effect": "add", CASE + ".base": 8}, "RS053"),
    Effect(("CasesComponent.floor",), pts("A", "案例"), {CASE + ".base": 5, CASE + ".floor": -1}, {CASE + ".base": 5}, (D(-1), D(0))),
    Rejected(("CasesComponent.floor",), {CASE + ".effect": "add", CASE + ".floor": 0}, "RS053"),
    # a bonus of 1 + 2 + 9 = 12: capped at the points 10 unless capped: false
    Effect(("CasesComponent.capped",), pts("A", "案例"), {CASE + ".effect": "add", ITEMS + ".Z.amounts.记过": 9, CASE + ".capped": False},
           {CASE + ".effect": "add", ITEMS + ".Z.amounts.记过": 9}, (D(12), D(10))),
    Rejected(("CasesComponent.capped",), {CASE + ".capped": True}, "RS053"),
    # ---- case items
    Effect(("CaseItem.amount",), pts("A", "案例"), {}, {ITEMS + ".X.amount": DELETE, ITEMS + ".X.range": [0, 5]}, (D(3), "EV008")),
    Effect(("CaseItem.range",), pts("A", "案例"), {ITEMS + ".Y.range": [3, 5]}, {ITEMS + ".Y.range": DELETE}, ("EV027", D(3))),
    Effect(("CaseItem.key", "CaseItem.amounts"), pts("A", "案例"), {ITEMS + ".Z.amounts.记过": 5},
           {ITEMS + ".Z.key": DELETE, ITEMS + ".Z.amounts": DELETE, ITEMS + ".Z.amount": 4}, (D(2), D(3))),
    Rejected(("CaseItem.amounts",), {ITEMS + ".Z.amounts.撤职": 6}, "RS035"),
    Effect(("CaseItem.clause",), report("第六条之二"), {ITEMS + ".X.clause": "第六条之二"}, {}, (True, False)),
    # ---- modifiers, exemptions, highest only
    Effect(("CaseModifier.codes",), pts("A", "案例"), {CASE + ".modifiers": [{"when": SEVERE, "multiply": 2, "reason": "加倍", "codes": ["X"]}]},
           {CASE + ".modifiers": [{"when": SEVERE, "multiply": 2, "reason": "加倍"}]}, (D(3), D(1))),
    # ×0.25 on Y (2 → 0.5): before choosing, 张's X 1 is higher → 10 − (1 + 4) = 5; after, Y 2 wins then → 0.5: 5.5
    Effect(("CaseModifier.after_highest",), pts("A", "案例"),
           {**HIGH, CASE + ".modifiers": [{"when": SEVERE, "multiply": 0.25, "reason": "减", "after_highest": True}]},
           {**HIGH, CASE + ".modifiers": [{"when": SEVERE, "multiply": 0.25, "reason": "减"}]}, (D("5.5"), D(5))),
    Rejected(("CaseModifier.after_highest",), {CASE + ".modifiers": [{"when": SEVERE, "multiply": 2, "reason": "加倍", "after_highest": True}]},
             "RS053"),
    Effect(("CaseExemption.codes",), pts("A", "案例"), {EX: [{"when": SEVERE, "reason": "免扣", "codes": ["X"]}]},
           {EX: [{"when": SEVERE, "reason": "免扣"}]}, (D(3), D(5))),
    Effect(("CaseExemption.unless",), pts("A", "案例"), {EX: [{"when": SEVERE, "reason": "免扣", "unless": {"column": "人员", "equals": "张"}}]},
           {EX: [{"when": SEVERE, "reason": "免扣"}]}, (D(3), D(5))),
    Effect(("CaseExemption.lost",), trace("A", "案例", "逾期报送"),
           {EX: [{"when": SEVERE, "reason": "免扣", "unless": {"column": "人员", "equals": "张"}, "lost": "逾期报送"}]},
           {EX: [{"when": SEVERE, "reason": "免扣", "unless": {"column": "人员", "equals": "张"}}]}, (True, False)),
    Rejected(("CaseExemption.lost",), {EX: [{"when": SEVERE, "reason": "免扣", "lost": "逾期报送"}]}, "RS053"),
    Effect(("HighestOnly.codes",), pts("A", "案例"), {CASE + ".highest_only": {"matter": ["人员"], "codes": ["X"]}}, HIGH, (D(3), D(4))),
    Effect(("HighestOnly.reason",), trace("A", "案例", "同一人就高"), {CASE + ".highest_only": {"matter": ["人员"], "reason": "同一人就高"}}, HIGH,
           (True, False)),
    # ---- row conditions (as an exemption): the rows they exempt from A's 1 + 2 + 4
    row_cond(SEVERE, "5"),
    row_cond({"column": "事项", "equals": "Z"}, "7"),
    Effect(("Comparison.equals",), pts("A", "案例"), {EX: [{"when": {"column": "事项", "equals": "X"}, "reason": "免"}]},
           {EX: [{"when": {"column": "事项", "in": ["Y"]}, "reason": "免"}]}, (D(4), D(5))),
    row_cond({"column": "事项", "in": ["X", "Z"]}, "8", "in"),
    row_cond({"all": [SEVERE, {"column": "人员", "equals": "张"}]}, "5"),
    row_cond({"any": [SEVERE, {"column": "事项", "equals": "Z"}]}, "9"),
    row_cond({"not": SEVERE}, "8"),
    row_cond({"blank": "分值"}, "8"),  # X 1 and Z 4 have no 分值 written
    row_cond({"expr": "人次 >= 1 and 人员 == '王'"}, "7"),  # Z 4
    Rejected(("Condition.top",), {EX: [{"when": {"top": 1}, "reason": "免扣"}]}, "RS070"),
    # ---- rank deduction and apportion
    Effect(("RankDeductionComponent.floor",), pts("C", "名次分"), {"components.名次分.per_place": 4, "components.名次分.floor": -1},
           {"components.名次分.per_place": 4}, (D(-1), D(0))),
    Effect(("ApportionComponent.parent",), trace("A", "上级", "局一"), {"components.上级.parent": "上级"}, {}, (True, False)),
    # ---- ballots
    Effect(("BallotsComponent.complete",), pts("A", "测评"), {"components.测评.complete": False}, {}, (D(9), "EV030"), fixture="ballots"),
    # ---- outcomes: conditions (totals A 85.6, B 72.4, C 56.2)
    cond({"top": 1}, ["A"]),
    cond({"bottom": 1}, ["C"]),
    cond({"at_least": 70}, ["A", "B"]),
    cond({"below": 60}, ["C"]),
    cond({"flag": "立案"}, ["C"]),
    cond({"all": [{"top": 2}, {"at_least": 80}]}, ["A"]),
    cond({"any": [{"top": 1}, {"below": 60}]}, ["A", "C"]),
    cond({"not": {"top": 1}}, ["B", "C"]),
    cond({"above": 72.4}, ["A"]),
    cond({"at_most": 72.4}, ["B", "C"]),
    cond({"between": [56.2, 72.4]}, ["B", "C"]),
    cond({"of": "类别", "equals": "二类"}, ["C"]),
    cond({"of": "等次", "in": ["优秀", "一般"]}, ["A", "C"]),
    # 整改 A 8, B 4, C 0; without 'of' the total (every one at least 4)
    Effect(("Condition.of",), tier("优秀"), {"tiers": [{"name": "优秀", "when": {"of": "整改", "at_least": 4}}]},
           {"tiers": [{"name": "优秀", "when": {"at_least": 4}}]}, (["A", "B"], ["A", "B", "C"])),
    cond({"blank": "备注"}, ["B", "C"]),  # only A has a row in the optional table extra
    cond({"tier": "不合格"}, ["C"]),  # the tier the veto puts C in
    Rejected(("Condition.tier",), {"vetoes.立案否决.when": {"tier": "不合格"}}, "RS070"),
    cond({"count_rows": "cases", "at_least": 3}, ["A"]),  # A 3 rows, B 2 (one outside the period, still a row)
    Effect(("Condition.where",), tier("优秀"),
           {"tiers": [{"name": "优秀", "when": {"count_rows": "cases", "where": {"column": "人员", "equals": "李"}, "at_least": 1}}]},
           {"tiers": [{"name": "优秀", "when": {"count_rows": "cases", "at_least": 1}}]}, (["B"], ["A", "B"])),
    cond({"expr": "领导 > 60 and 整改 >= 4"}, ["A", "B"]),
    Effect(("Condition.is", "Ruleset.conditions"), tier("优秀"),
           {"conditions": [{"name": "高分", "when": {"at_least": 70}}], "tiers": [{"name": "优秀", "when": {"is": "高分"}}]},
           {"tiers": [{"name": "优秀", "when": {"at_least": 80}}]}, (["A", "B"], ["A"])),
    Rejected(("Ruleset.conditions",), {"conditions": [{"name": "高分", "when": {"at_least": 70}}]}, "RS053"),
    Effect(("NamedCondition.clause",), report("第十三条"),
           {"conditions": [{"name": "高分", "when": {"at_least": 70}, "clause": "第十三条"}], "tiers": [{"name": "优秀", "when": {"is": "高分"}}]},
           {"conditions": [{"name": "高分", "when": {"at_least": 70}}], "tiers": [{"name": "优秀", "when": {"is": "高分"}}]}, (True, False)),
    # A's 案例 with the named row condition 严重情形 exempting its 严重 row, as SEVERE written out does
    Effect(("RowCondition.is", "Ruleset.row_conditions"), pts("A", "案例"),
           {EX: [{"when": {"is": "严重情形"}, "reason": "免扣"}], "row_conditions": [{"name": "严重情形", "when": SEVERE}]}, {},
           (D(5), D(3))),
    Rejected(("Ruleset.row_conditions",), {"row_conditions": [{"name": "严重情形", "when": SEVERE}]}, "RS053"),
    Effect(("NamedRowCondition.clause",), report("第十四条"),
           {EX: [{"when": {"is": "严重情形"}, "reason": "免扣"}], "row_conditions": [{"name": "严重情形", "when": SEVERE, "clause": "第十四条"}]},
           {EX: [{"when": {"is": "严重情形"}, "reason": "免扣"}], "row_conditions": [{"name": "严重情形", "when": SEVERE}]}, (True, False)),
    Effect(("Quota.best", "Tier.quota"), tier("名额"), {"tiers": [{"name": "名额", "quota": {"best": 2}}]}, {}, (["A", "B"], [])),
    Effect(("Quota.worst",), tier("名额"), {"tiers": [{"name": "名额", "quota": {"worst": 1}}]}, {}, (["C"], [])),
    # the best of 一类 (A) and of 二类 (C); over everyone only A
    Effect(("Quota.within",), tier("名额"), {"tiers": [{"name": "名额", "quota": {"best": 1, "within": "类别"}}]},
           {"tiers": [{"name": "名额", "quota": {"best": 1}}]}, (["A", "C"], ["A"])),
    # 3 × 10 % = 0.3, rounded down 0: at least 1 (C, the worst)
    Effect(("QuotaShare.min",), tier("名额"), {"tiers": [{"name": "名额", "quota": {"worst": {"share": 0.1, "round": "down", "min": 1}}}]},
           {"tiers": [{"name": "名额", "quota": {"worst": {"share": 0.1, "round": "down"}}}]}, (["C"], [])),
    # among 整改 below 8 (B 4, C 0): the best of them is B; over everyone A
    Effect(("Quota.among",), tier("名额"), {"tiers": [{"name": "名额", "quota": {"best": 1, "among": {"of": "整改", "below": 8}}}]},
           {"tiers": [{"name": "名额", "quota": {"best": 1}}]}, (["B"], ["A"])),
    # 2 places among 整改 at least 5 (A alone): short; none gives no one, fill (the default) A, error EV022
    Effect(("Quota.short",), tier("名额"),
           {"tiers": [{"name": "名额", "quota": {"best": 2, "among": {"of": "整改", "at_least": 5}, "short": "none"}}]},
           {"tiers": [{"name": "名额", "quota": {"best": 2, "among": {"of": "整改", "at_least": 5}}}]}, ([], ["A"])),
    Effect(("Quota.short",), tier("名额"),
           {"tiers": [{"name": "名额", "quota": {"best": 2, "among": {"of": "整改", "at_least": 5}, "short": "error"}}]},
           {"tiers": [{"name": "名额", "quota": {"best": 2, "among": {"of": "整改", "at_least": 5}}}]}, ("EV022", ["A"])),
    # the worst 50 % among 整改 below 8 (B, C): of the pool 2 × 0.5 = 1 (C); of the group 3 × 0.5 = 1.5 → 2 (B, C)
    Effect(("QuotaShare.share_of",), tier("名额"),
           {"tiers": [{"name": "名额", "quota": {"worst": {"share": 0.5, "round": "up", "share_of": "pool"}, "among": {"of": "整改", "below": 8}}}]},
           {"tiers": [{"name": "名额", "quota": {"worst": {"share": 0.5, "round": "up"}, "among": {"of": "整改", "below": 8}}}]}, (["C"], ["B", "C"])),
    Rejected(("QuotaShare.share_of",), {"tiers": [{"name": "名额", "quota": {"worst": {"share": 0.5, "round": "up", "share_of": "pool"}}}]}, "RS053"),
    # below 80: B and C; without tiers only the veto's C
    Effect(("Tier.when", "Ruleset.tiers"), tier("不合格"), {"tiers.不合格.when": {"below": 80}}, {"tiers": DELETE}, (["B", "C"], ["C"])),
    Effect(("Tier.clause",), report("第七条"), {"tiers.不合格.clause": "第七条"}, {}, (True, False)),
    # the html colour of 不合格 (below 60, a veto's tier: bad, the first red, t4, when omitted)
    Effect(("Tier.severity",), tier_colour("不合格"), {"tiers.不合格.severity": "good"}, {}, (' class="t0"', ' class="t4"')),
    Effect(("Tier.severity",), tier_colour("不合格"), {"tiers.不合格.severity": "neutral"}, {}, ("", ' class="t4"')),
    # C is 立案 (vetoed) and would be 优秀 by the flag
    Effect(("Veto.bars",), tier("优秀"), {"tiers": [{"name": "优秀", "when": {"flag": "立案"}}], "vetoes.立案否决.bars": ["优秀"]},
           {"tiers": [{"name": "优秀", "when": {"flag": "立案"}}]}, ([], ["C"])),
    Rejected(("Veto.bars",), {"vetoes.立案否决.bars": ["不合格"]}, "RS053"),
    # without 'tier' the veto only bars C from 不合格 (C's 56.2 would be in it by the condition)
    Effect(("Veto.forces",), tier("不合格"), {}, {"vetoes.立案否决.forces": DELETE, "vetoes.立案否决.bars": ["不合格"]}, (["C"], [])),
    Rejected(("Veto.forces",), {"vetoes.立案否决.forces": DELETE}, "RS015"),
    Effect(("Veto.clause",), report("第八条"), {"vetoes.立案否决.clause": "第八条"}, {}, (True, False)),
    Effect(("Ruleset.vetoes",), tier("不合格"), {"tiers": []}, {"tiers": [], "vetoes": DELETE}, (["C"], [])),
    # ---- ranking
    Effect(("Ranking.within", "Ruleset.ranking"), rank("C"), {"ranking": {"within": "类别"}}, {}, (1, 3)),
    Effect(("Ranking.ties",), rank("C"), {"ranking": {"ties": "dense"}}, {}, (2, 3), tables=TIE),
    # A and B level at 72.4; 整改 A 8 > B 4
    Effect(("Ranking.tie_break",), rank("B"), {"ranking": {"tie_break": ["整改"]}}, {}, (2, 1), tables=TIE),
    # ranked on 案例 (A 3, B 8, C 10) instead of the total: C first
    Effect(("Ranking.by",), rank("C"), {"ranking": {"by": "案例"}}, {}, (1, 3)),
    # the lowest total (C 56.2) first
    Effect(("Ranking.order",), rank("C"), {"ranking": {"order": "ascending"}}, {}, (1, 3)),
    # a named ranking on 案例 (A 3, B 8, C 10): C first there
    Effect(("Ruleset.rankings",), named_rank("C"), {"rankings": [{"name": "案", "by": "案例"}]}, {}, (1, None)),
    Effect(("NamedRanking.by",), named_rank("C"), {"rankings": [{"name": "案", "by": "案例"}]}, {"rankings": [{"name": "案"}]}, (1, 3)),
    Effect(("NamedRanking.order",), named_rank("C"), {"rankings": [{"name": "案", "order": "ascending"}]}, {"rankings": [{"name": "案"}]},
           (1, 3)),
    Effect(("NamedRanking.within",), named_rank("C"), {"rankings": [{"name": "案", "within": "类别"}]}, {"rankings": [{"name": "案"}]},
           (1, 3)),
    # A and B level at 72.4: C third, or second when dense
    Effect(("NamedRanking.ties",), named_rank("C"), {"rankings": [{"name": "案", "ties": "dense"}]}, {"rankings": [{"name": "案"}]},
           (2, 3), tables=TIE),
    Effect(("Quota.in_ranking",), tier("名额"),
           {"rankings": [{"name": "案", "by": "案例"}], "tiers": [{"name": "名额", "quota": {"best": 1, "in_ranking": "案"}}]},
           {"rankings": [{"name": "案", "by": "案例"}], "tiers": [{"name": "名额", "quota": {"best": 1}}]}, (["C"], ["A"])),
    Effect(("Condition.in_ranking",), tier("名额"),
           {"rankings": [{"name": "案", "by": "案例"}], "tiers": [{"name": "名额", "when": {"top": 1, "in_ranking": "案"}}]},
           {"rankings": [{"name": "案", "by": "案例"}], "tiers": [{"name": "名额", "when": {"top": 1}}]}, (["C"], ["A"])),
    # A and B (一类) ranked after C
    Effect(("Ranking.last",), rank("C"), {"ranking": {"last": {"of": "类别", "equals": "一类"}}}, {}, (1, 3)),
    Effect(("Ruleset.ranking",), rank("A"), {"ranking": False}, {}, (None, 1)),
    # A (85.6) scored but not ranked
    Effect(("Ruleset.exclude",), rank("A"), {"exclude": [{"when": {"at_least": 80}, "reason": "不在范围"}]}, {}, (None, 1)),
    Effect(("Exclusion.clause",), report("第十四条"), {"exclude": [{"when": {"at_least": 90}, "reason": "不在范围", "clause": "第十四条"}]},
           {"exclude": [{"when": {"at_least": 90}, "reason": "不在范围"}]}, (True, False)),
    Rejected(("Ruleset.ranking",), {"ranking": False, "tiers": [{"name": "名额", "quota": {"best": 1}}]}, "RS075"),
    # ---- checks: 整改 A 8, B 4, C 0; at least 4 fails for C (EV015), at least 0 holds for all
    Effect(("Ruleset.checks",), total("A"), {"checks": [{"name": "整改到位", "when": {"of": "整改", "at_least": 4}}]},
           {"checks": [{"name": "整改到位", "when": {"of": "整改", "at_least": 0}}]}, ("EV015", D("85.6"))),
    Effect(("Check.clause",), report("第十五条"), {"checks": [{"name": "整改到位", "when": {"of": "整改", "at_least": 0}, "clause": "第十五条"}]},
           {"checks": [{"name": "整改到位", "when": {"of": "整改", "at_least": 0}}]}, (True, False)),
    # ---- group checks by 类别 (一类: A 优秀, B 良好; 二类: C 一般): 一类 has 2 subjects, 1 without 良好;
    # 二类 has no 优秀: ⌊10% × 1⌋ = 0 allowed, but at least 1 with min 1
    Effect(("GroupCheck.among",), total("A"),
           {"checks": [{"name": "每类一个", "within": "类别", "among": {"not": {"of": "等次", "equals": "良好"}},
                        "when": {"count_subjects": "all", "at_most": 1}}]},
           {"checks": [{"name": "每类一个", "within": "类别", "when": {"count_subjects": "all", "at_most": 1}}]}, (D("85.6"), "EV009")),
    Effect(("GroupShare.min",), total("A"),
           {"checks": [{"name": "有优秀", "within": "类别",
                        "when": {"count_subjects": {"of": "等次", "equals": "优秀"}, "at_least": {"share": 0.1, "round": "down", "min": 1}}}]},
           {"checks": [{"name": "有优秀", "within": "类别",
                        "when": {"count_subjects": {"of": "等次", "equals": "优秀"}, "at_least": {"share": 0.1, "round": "down"}}}]},
           ("EV009", D("85.6"))),
    Effect(("GroupCheck.clause",), report("第十五条之二"),
           {"checks": [{"name": "有对象", "within": "类别", "when": {"count_subjects": "all", "at_least": 1}, "clause": "第十五条之二"}]},
           {"checks": [{"name": "有对象", "within": "类别", "when": {"count_subjects": "all", "at_least": 1}}]}, (True, False)),
    # ---- gates: A 一类 领导 90, B 一类 70, C 二类 50 (sum 210, mean 70, min 50, max 90); three subjects, A ranked 1
    Effect(("Ruleset.gates",), rank("A"), {"gates": [_gate({"count_subjects": "all", "at_least": 4})]}, {}, (None, 1)),
    # by 类别: 一类 has 2 (holds), 二类 only C (does not); on the whole population 3 ≥ 2 holds
    Effect(("Gate.within",), rank("C"), {"gates": [_gate({"count_subjects": "all", "at_least": 2}, within="类别")]},
           {"gates": [_gate({"count_subjects": "all", "at_least": 2})]}, (None, 3)),
    Effect(("Gate.clause",), report("第十六条"), {"gates": [_gate({"count_subjects": "all", "at_least": 1}, clause="第十六条")]},
           {"gates": [_gate({"count_subjects": "all", "at_least": 1})]}, (True, False)),
    # only A has 领导 ≥ 80: 1 < 2
    Effect(("GateCondition.count_subjects",), rank("A"), {"gates": [_gate({"count_subjects": {"of": "领导", "at_least": 80}, "at_least": 2})]},
           {"gates": [_gate({"sum": "领导", "at_least": 2})]}, (None, 1)),
    Effect(("GateCondition.sum",), rank("A"), {"gates": [_gate({"sum": "领导", "at_least": 210})]}, {"gates": [_FAILS]}, (1, None)),
    Effect(("GateCondition.mean",), rank("A"), {"gates": [_gate({"mean": "领导", "above": 70})]}, {"gates": [_HOLDS]}, (None, 1)),
    Effect(("GateCondition.lowest",), rank("A"), {"gates": [_gate({"lowest": "领导", "at_least": 50})]}, {"gates": [_FAILS]}, (1, None)),
    Effect(("GateCondition.highest",), rank("A"), {"gates": [_gate({"highest": "领导", "below": 90})]}, {"gates": [_HOLDS]}, (None, 1)),
    Effect(("GateCondition.all",), rank("A"), {"gates": [_gate({"all": [_HOLDS["when"], {"highest": "领导", "below": 90}]})]},
           {"gates": [_HOLDS]}, (None, 1)),
    Effect(("GateCondition.any",), rank("A"), {"gates": [_gate({"any": [_FAILS["when"], {"lowest": "领导", "at_least": 50}]})]},
           {"gates": [_FAILS]}, (1, None)),
    Effect(("GateCondition.not",), rank("A"), {"gates": [_gate({"not": _FAILS["when"]})]}, {"gates": [_FAILS]}, (1, None)),
    # ---- consequences (computed ranks A 1, B 2, C 3; 名次 column A 1, B 3, C 5)
    Effect(("Ruleset.consequences",), values("B"), {"consequences": CONSEQ}, {}, ({"奖": D(5)}, {})),
    Effect(("Consequences.rank",), values("B"), {"consequences": {**CONSEQ, "rank": "名次"}}, {"consequences": CONSEQ},
           ({"奖": D(0)}, {"奖": D(5)})),
    Effect(("Consequences.key", "ConsequenceBand.key_value"), values("A"),
           {"consequences": {"key": "类别", "bands": [{"key_value": "二类", "ranks": [1, 3], "results": {"奖": 5}}], "otherwise": {"奖": 0}}},
           {"consequences": {"bands": [{"ranks": [1, 3], "results": {"奖": 5}}], "otherwise": {"奖": 0}}}, ({"奖": D(0)}, {"奖": D(5)})),
    Rejected(("Consequences.key",), {"consequences": {**CONSEQ, "key": "类别"}}, "RS053"),
    Effect(("Consequences.clause",), report("第九条"), {"consequences": {**CONSEQ, "clause": "第九条"}}, {"consequences": CONSEQ}, (True, False)),
    # ---- distributions (一类: A 优秀, B 良好; 二类: C 一般)
    Effect(("ShareLimit.at_most", "Ruleset.distributions"), total("A"),
           {"distributions": [{**DIST, "shares": [{"grade": "优秀", "at_most": 0.4, "round": "down"}]}]}, {}, ("EV009", D("85.6"))),
    Effect(("ShareLimit.at_least",), total("A"),
           {"distributions": [{**DIST, "shares": [{"grade": "一般", "at_least": 0.5, "round": "up"}]}]}, {}, ("EV009", D("85.6"))),
    Rejected(("ShareLimit.at_most",), {"distributions": [{**DIST, "shares": [{"grade": "优秀", "at_most": 1, "round": "down"}]}]}, "RS053"),
    Effect(("Distribution.clause",), report("第十条"),
           {"distributions": [{**DIST, "clause": "第十条", "shares": [{"grade": "优秀", "at_most": 0.5, "round": "down"}]}]},
           {"distributions": [{**DIST, "shares": [{"grade": "优秀", "at_most": 0.5, "round": "down"}]}]}, (True, False)),
    # ---- stages: the first keeps the top 2 (A, B); C's total is then null
    Effect(("Stage.select", "Ruleset.stages"), total("C"), TWO_STAGES, ONE_STAGE, (None, D("56.2"))),
    Effect(("Stage.within",), total("C"), {**TWO_STAGES, "stages.s1.select": {"top": 1}, "stages.s1.within": "类别"},
           {**TWO_STAGES, "stages.s1.select": {"top": 1}}, (D("56.2"), None)),
    Rejected(("Stage.within",), {**ONE_STAGE, "stages.s1.within": "类别"}, "RS053"),
    # B is selected but has no row in the optional table extra
    Effect(("Stage.requires",), total("A"), {**TWO_STAGES, "stages.s2.requires": ["extra"]}, TWO_STAGES, ("EV008", D("85.6"))),
    Rejected(("Stage.requires",), {**TWO_STAGES, "stages.s2.requires": ["units"]}, "RS053"),
    Effect(("Stage.clause",), report("第十一条"), {**ONE_STAGE, "stages.s1.clause": "第十一条"}, ONE_STAGE, (True, False)),
    # ---- lookups: 附加 = 档 × 5; B's 领导 is 70, on the edge
    Effect(("Ruleset.lookups",), pts("B", "附加"),
           {"lookups": [{**LOOKUP, "rows": AT_70}], "components.附加.expr": "档 * 5"},
           {"lookups": [{**LOOKUP, "rows": ABOVE_70}], "components.附加.expr": "档 * 5"},
           (D(5), D(0))),
    Effect(("LookupTable.empty",), pts("B", "附加"),
           {"lookups": [{**LOOKUP, "rows": GAP_70, "empty": 0}], "components.附加.expr": "档 * 5"},
           {"lookups": [{**LOOKUP, "rows": GAP_70}], "components.附加.expr": "档 * 5"},
           (D(0), "FA025")),
    Rejected(("LookupTable.empty",), {"lookups": [{"id": "档", "hit": "first", "rows": [AT_70[0], {"value": 0}], "empty": 0}],
                                 "components.附加.expr": "档 * 5"}, "RS053"),
    Effect(("Lookup.name", "Lookup.clause", "Lookup.note"), report("领导档（档）：按“领导”分 1 档取值〔第十二条〕"),
           {"lookups": [{**LOOKUP, "name": "领导档", "clause": "第十二条", "note": "读法乙", "rows": ONE_ROW}]},
           {"lookups": [{**LOOKUP, "rows": ONE_ROW}]}, (True, False)),
    Effect(("Lookup.note",), report("读法乙"), {"lookups": [{**LOOKUP, "note": "读法乙", "rows": ONE_ROW}]},
           {"lookups": [{**LOOKUP, "rows": ONE_ROW}]}, (True, False)),
    # ---- ruleset metadata and numbers
    Effect(("Ruleset.period",), pts("B", "案例"), {"period": {"start": "2023-01-01", "end": "2024-12-31"}}, {}, (D(7), D(8))),
    Rejected(("Ruleset.overrides",), {"overrides": {"components.整改.points": 8}}, "RS015"),
    # a copy of the base with 3 per 扣件: A 10 − 3
    Effect(("Ruleset.extends",), pts("A", "整改"),
           {"document": {"extends": "base.yaml", "id": "child", "overrides": {"components.整改.items.扣件.amount": 3}}}, {}, (D(7), D(8))),
    Effect(("Ruleset.year",), report("2023 年度"), {"year": 2023}, {}, (True, False)),
    Effect(("Source.document",), report("某某文件.pdf"), {"source.document": "某某文件.pdf"}, {}, (True, False)),
    Effect(("Source.issued_by",), report("某办〔2023〕1号"), {"source.issued_by": "某办〔2023〕1号"}, {}, (True, False)),
    Effect(("Source.issued_on",), report("2023-04-24"), {"source.issued_on": "2023-04-24"}, {}, (True, False)),
    Effect(("Ruleset.scales",), pts("A", "测评"), {"scales.三档.grades.中": 50}, {}, (D(90), D(92))),
    # A's 领导 90.15: 综合 54.645, total 85.645
    Effect(("Numbers.rounding",), total("A"), {"numbers": {"rounding": "half_even"}}, {}, (D("85.64"), D("85.65")),
           tables={"units": [("A,甲,一类,90,", "A,甲,一类,90.15,")]}),
    # A's 领导 90.08 and 附加 = 扣件 × 0.04: 综合 54.624, 附加 0.04, total 84.664
    Effect(("Numbers.places", "Ruleset.numbers"), total("A"), {"numbers": {"places": 1}, "components.附加.expr": "扣件 * 0.04"},
           {"components.附加.expr": "扣件 * 0.04"}, (D("84.7"), D("84.66")), tables={"units": [("A,甲,一类,90,", "A,甲,一类,90.08,")]}),
    # each component to 1 place first: 54.6 + 8 + 3 + 10 + 10 − 1 + 0.0 = 84.6
    Effect(("Numbers.round_at",), total("A"), {"numbers": {"places": 1, "round_at": "components"}, "components.附加.expr": "扣件 * 0.04"},
           {"numbers": {"places": 1}, "components.附加.expr": "扣件 * 0.04"}, (D("84.6"), D("84.7")),
           tables={"units": [("A,甲,一类,90,", "A,甲,一类,90.08,")]}),
    # ---- aggregate: 附加 becomes a count of the cases rows (A: X, Y 严重, Z; B: X, Z 人次 2; C none → empty 0)
    Effect(("AggregateComponent.where",), pts("A", "附加"), {**AGG, ADD + ".where": {"flag": "严重"}}, AGG, (D(1), D(3))),
    # B: 人次 1 + 2 = 3
    Effect(("AggregateComponent.per_row",), pts("B", "附加"), {**AGG, ADD + ".function": "sum", ADD + ".per_row": "人次"},
           {**AGG, ADD + ".function": "sum"}, (D(3), "RS060")),
    # A: 分值 blank, 2, blank → 2 with the blanks skipped
    Effect(("AggregateComponent.on_blank",), pts("A", "附加"), {**AGG, ADD + ".function": "sum", ADD + ".per_row": "分值", ADD + ".on_blank": "skip"},
           {**AGG, ADD + ".function": "sum", ADD + ".per_row": "分值"}, (D(2), "EV008")),
    Effect(("AggregateComponent.empty",), pts("C", "附加"), AGG, {k: v for k, v in AGG.items() if k != ADD + ".empty"}, (D(0), "EV010")),
    # B: 1 of its 2 rows is Z
    Effect(("AggregateComponent.meeting",), pts("B", "附加"), {**AGG, ADD + ".function": "share", ADD + ".meeting": {"column": "事项", "equals": "Z"}},
           {**AGG, ADD + ".function": "share"}, (D("0.5"), "RS060")),
    # A: 1, 2 (严重), 1: 3 rows, more than 2 → drop 2 and 1 → 1
    Effect(("AggregateComponent.trim",), pts("A", "附加"), {**AGG, ADD + ".function": "trimmed_mean", ADD + ".per_row": "人次 + (1 if 严重 else 0)",
                                                          ADD + ".trim": {"drop": 1, "more_than": 2}},
           {**AGG, ADD + ".function": "trimmed_mean", ADD + ".per_row": "人次 + (1 if 严重 else 0)"}, (D(1), "RS060")),
    # A by 人员: 张 2 → capped 1, 王 1: 2
    Effect(("AggregateComponent.groups", "Groups.cap"), pts("A", "附加"), {**AGG, ADD + ".groups": {"column": "人员", "combine": "sum", "cap": 1}},
           AGG, (D(2), D(3))),
    # A: 张 2 × 0.5 + 王 1 × 0.3 = 1.3, 李 missing: 1.3 / 0.8 = 1.625
    Effect(("Groups.weights", "Groups.missing"), pts("A", "附加"),
           {**AGG, ADD + ".groups": {"column": "人员", "combine": "weighted", "weights": {"张": 0.5, "王": 0.3, "李": 0.2}, "missing": "renormalise"}},
           {**AGG, ADD + ".groups": {"column": "人员", "combine": "weighted", "weights": {"张": 0.5, "王": 0.3, "李": 0.2}}}, (D("1.625"), "EV011")),
    # B: (1 × 4 + 2 × 4) / ((1 + 1) + (2 + 1)) = 12 / 5
    Effect(("AggregateComponent.over",), pts("B", "附加"), {**AGG, ADD + ".function": "ratio", ADD + ".per_row": "人次 * 4", ADD + ".over": "人次 + 1"},
           {**AGG, ADD + ".function": "ratio", ADD + ".per_row": "人次 * 4"}, (D("2.4"), "RS060")),
    Rejected(("AggregateComponent.over",), {**AGG, ADD + ".over": "人次"}, "RS053"),
    # A's rows: 3 listed, or only its one 严重 row
    Effect(("AggregateComponent.traced",), lambda r: r.code or len(r.result.subject("A").component("附加").trace.rows),
           {**AGG, ADD + ".where": {"flag": "严重"}, ADD + ".traced": "selected"}, {**AGG, ADD + ".where": {"flag": "严重"}}, (1, 3)),
    Rejected(("AggregateComponent.traced",), {**AGG, ADD + ".traced": "selected"}, "RS053"),
    Effect(("AggregateComponent.detail",), trace("A", "附加", "经办 张"), {**AGG, ADD + ".detail": "经办 {人员}"}, AGG, (True, False)),
    # A's 严重 row voided by the table: listed in 附加's trace with its reason, or not at all
    Effect(("AggregateComponent.void_detail",), trace("A", "附加", "作废行（严重）"),
           {**AGG, CT + ".void": [{"when": SEVERE, "reason": "严重"}], ADD + ".void_detail": "作废行（{reason}）"},
           {**AGG, CT + ".void": [{"when": SEVERE, "reason": "严重"}]}, (True, False)),
    Rejected(("AggregateComponent.void_detail",), {**AGG, ADD + ".void_detail": "作废行（{reason}）"}, "RS053"),
    # A: 人次 1 + 1 + 1
    Effect(("AggregateComponent.totals",), lambda r: r.code or dict(r.result.subject("A").component("附加").trace.inputs).get("人次"),
           {**AGG, ADD + ".totals": {"人次": "人次"}}, AGG, (D(3), None)),
    Rejected(("Groups.weights",), {**AGG, ADD + ".groups": {"column": "人员", "combine": "sum", "weights": {"张": 1}}}, "RS053"),
    Rejected(("AggregateComponent.per_row",), {**AGG, ADD + ".per_row": "人次"}, "RS053"),
    Rejected(("AggregateComponent.meeting", "AggregateComponent.trim"), {**AGG, ADD + ".meeting": {"flag": "严重"}}, "RS053"),
    Rejected(("AggregateComponent.on_blank",), {**AGG, ADD + ".on_blank": "skip"}, "RS053"),
    # 领导 A 90, B 70, C 50: the best of all is 90; within 类别, C (二类, alone) gets its own 50
    Effect(("AggregateComponent.within",), pts("C", "附加"), {**POP, ADD + ".within": "类别"}, POP, (D(50), D(90))),
    Rejected(("AggregateComponent.within",), {**AGG, ADD + ".within": "类别"}, "RS062"),
    # ---- aggregate row steps: 附加 = Σ over A's cases of X 1, Y its 分值 2, Z 0.5 = 3.5; B (X 2024, Z) 1.5; C 0
    Effect(("AggregateComponent.in_period",), pts("B", "附加"), {**STEPS, ADD + ".in_period": "日期"}, STEPS, (D("0.5"), D("1.5"))),
    # without Z's row in the table: A's Z row takes empty 0.25 → 3.25, or no row holds (EV033)
    Effect(("RowTable.empty",), pts("A", "附加"), {**STEPS, ADD + ".per_row": {"hit": "unique", "rows": ROWS[:2], "empty": 0.25}},
           {**STEPS, ADD + ".per_row": {"hit": "unique", "rows": ROWS[:2]}}, (D("3.25"), "EV033")),
    Rejected(("RowTable.empty",), {**STEPS, ADD + ".per_row": {"hit": "first", "rows": [*ROWS[:2], {"value": 1}], "empty": 0}}, "RS053"),
    # a last row without when takes Z (0.5 + 1 + 2 = 3.5 → as written); with when on Y only, Z has no row
    Effect(("RowTableRow.when",), pts("A", "附加"), {**STEPS, ADD + ".per_row": {"hit": "first", "rows": [*ROWS[:2], {"when": {"column": "事项", "equals": "Y"}, "value": 9}]}},
           {**STEPS, ADD + ".per_row": {"hit": "first", "rows": [*ROWS[:2], {"value": 0.5}]}}, ("EV033", D("3.5"))),
    Effect(("RowTableRow.label",), trace("A", "附加", "乙 2"), STEPS,
           {**STEPS, ADD + ".per_row": {"hit": "unique", "rows": [{k: v for k, v in r.items() if k != "label"} for r in ROWS]}}, (True, False)),
    Effect(("RowTableRow.value_label",), trace("A", "附加", "乙·分值 2"),
           {**STEPS, ADD + ".per_row": {"hit": "unique", "rows": [ROWS[0], {**ROWS[1], "value_label": "乙·分值"}, ROWS[2]]}}, STEPS, (True, False)),
    Rejected(("RowTableRow.value_label",), {**STEPS, ADD + ".per_row": {"hit": "unique", "rows": [ROWS[0], {**ROWS[1], "label": None, "value_label": "乙"}, ROWS[2]]}}, "RS053"),
    # X 1 and Y 2 in group g capped at 1.5: Y counts 0.5 → 1 + 0.5 + 0.5 = 2
    Effect(("AggregateComponent.caps", "RowTableRow.group"), pts("A", "附加"),
           {**STEPS, ADD + ".per_row": {"hit": "unique", "rows": [{**ROWS[0], "group": "g"}, {**ROWS[1], "group": "g"}, ROWS[2]]}, ADD + ".caps": {"g": 1.5}},
           STEPS, (D(2), D("3.5"))),
    Rejected(("RowTableRow.group",), {**STEPS, ADD + ".per_row": {"hit": "unique", "rows": [{**ROWS[0], "group": "g"}, *ROWS[1:]]}}, "RS053"),
    Rejected(("AggregateComponent.caps",), {**STEPS, ADD + ".function": "mean", ADD + ".caps": {"g": 1}}, "RS115"),
    # Y (严重) exempted: 1 + 0.5 = 1.5; unless 张's → it counts again: 3.5; where X only: Y is not exempted either
    Effect(("AggregateComponent.exempt",), pts("A", "附加"), {**STEPS, ADD + ".exempt": [EXEMPT]}, STEPS, (D("1.5"), D("3.5"))),
    Effect(("Exempt.unless",), pts("A", "附加"), {**STEPS, ADD + ".exempt": [{**EXEMPT, "unless": {"column": "人员", "equals": "张"}}]},
           {**STEPS, ADD + ".exempt": [EXEMPT]}, (D("3.5"), D("1.5"))),
    Effect(("Exempt.lost",), trace("A", "附加", "不适用豁免（免）：张经手"),
           {**STEPS, ADD + ".exempt": [{**EXEMPT, "unless": {"column": "人员", "equals": "张"}, "lost": "张经手"}]},
           {**STEPS, ADD + ".exempt": [{**EXEMPT, "unless": {"column": "人员", "equals": "张"}}]}, (True, False)),
    Rejected(("Exempt.lost",), {**STEPS, ADD + ".exempt": [{**EXEMPT, "lost": "张经手"}]}, "RS053"),
    Effect(("Exempt.where",), pts("A", "附加"), {**STEPS, ADD + ".exempt": [{**EXEMPT, "where": {"column": "事项", "equals": "X"}}]},
           {**STEPS, ADD + ".exempt": [EXEMPT]}, (D("3.5"), D("1.5"))),
    # × 0.5 on 严重 (Y): 1 + 1 + 0.5 = 2.5; on every row 0.5 + 1 + 0.25 = 1.75; on X rows only 0.5 + 2 + 0.5 = 3
    Effect(("AggregateComponent.multipliers", "Multiply.when"), pts("A", "附加"), {**STEPS, ADD + ".multipliers": [HALF]},
           {**STEPS, ADD + ".multipliers": [{k: v for k, v in HALF.items() if k != "when"}]}, (D("2.5"), D("1.75"))),
    Effect(("Multiply.where",), pts("A", "附加"), {**STEPS, ADD + ".multipliers": [{"multiply": 0.5, "reason": "减半", "where": {"column": "事项", "equals": "X"}}]},
           {**STEPS, ADD + ".multipliers": [{"multiply": 0.5, "reason": "减半"}]}, (D(3), D("1.75"))),
    Effect(("Multiply.reason",), trace("A", "附加", "× 0.5（减半）"), {**STEPS, ADD + ".multipliers": [HALF]},
           {**STEPS, ADD + ".multipliers": [{"multiply": "人次", "when": SEVERE}]}, (True, False)),
    Rejected(("Multiply.reason",), {**STEPS, ADD + ".multipliers": [{"multiply": 0.5}]}, "RS119"),
    # the highest per 人员: 张's Y 2 beats X 1 → 2 + 0.5 = 2.5; among Y rows only nothing competes: 3.5
    Effect(("AggregateComponent.keep_highest",), pts("A", "附加"), {**STEPS, ADD + ".keep_highest": KEEP}, STEPS, (D("2.5"), D("3.5"))),
    Effect(("Highest.when",), pts("A", "附加"), {**STEPS, ADD + ".keep_highest": {**KEEP, "when": {"column": "事项", "equals": "Y"}}},
           {**STEPS, ADD + ".keep_highest": KEEP}, (D("3.5"), D("2.5"))),
    # × 0.25 on Y (2 → 0.5): after the choice Y (2) is kept, then 0.5: 0.5 + 0.5 = 1; before, X 1 beats 0.5: 1 + 0.5 = 1.5
    Effect(("Multiply.after_highest",), pts("A", "附加"),
           {**STEPS, ADD + ".keep_highest": KEEP, ADD + ".multipliers": [{**HALF, "multiply": 0.25, "after_highest": True}]},
           {**STEPS, ADD + ".keep_highest": KEEP, ADD + ".multipliers": [{**HALF, "multiply": 0.25}]}, (D(1), D("1.5"))),
    Rejected(("Multiply.after_highest",), {**STEPS, ADD + ".multipliers": [{**HALF, "after_highest": True}]}, "RS053"),
    # × 2 on every row: 2 + 4 + 1 = 7 above the points 5: cut to 5, kept, or EV012
    Effect(("AggregateComponent.above_points",), pts("A", "附加"), {**STEPS, ADD + ".multipliers": [DOUBLE], ADD + ".above_points": "cap"},
           {**STEPS, ADD + ".multipliers": [DOUBLE]}, (D(5), "EV012")),
    # 5 − 3.5 = 1.5; raised to the floor 2
    Effect(("AggregateComponent.base",), pts("A", "附加"), {**STEPS, ADD + ".base": 5}, STEPS, (D("1.5"), D("3.5"))),
    Effect(("AggregateComponent.floor",), pts("A", "附加"), {**STEPS, ADD + ".base": 5, ADD + ".floor": 2}, {**STEPS, ADD + ".base": 5}, (D(2), D("1.5"))),
    Rejected(("AggregateComponent.floor",), {**STEPS, ADD + ".floor": 2}, "RS053"),
    # Y's 分值 2 is above 1: EV027; checked on X rows only (blank 分值) it holds
    Effect(("AggregateComponent.checks", "RowCheck.where"), pts("A", "附加"),
           {**STEPS, ADD + ".checks": [{**CHECK, "where": {"column": "事项", "equals": "X"}}]}, {**STEPS, ADD + ".checks": [CHECK]}, (D("3.5"), "EV027")),
    # ---- lookup: 附加 = 扣件 when 扣件 ≤ 3 (A 1, B 3), else empty (C 扣件 6 → 0)
    Effect(("LookupTable.empty",), pts("C", "附加"), LK, {k: v for k, v in LK.items() if k != ADD + ".empty"}, (D(0), "EV016")),
    Rejected(("LookupTable.empty",), {**LK, ADD + ".rows": [{"when": {"of": "扣件", "at_most": 3}, "value": "扣件"}, {"value": 0}]}, "RS053"),
    # without when the one row always holds: C min(6, 5) = 5
    Effect(("LookupRow.when",), pts("C", "附加"), LK, {**{k: v for k, v in LK.items() if k != ADD + ".empty"}, ADD + ".rows": [{"value": "min(扣件, 5)"}]}, (D(0), D(5))),
    # A's 领导 46.01: 综合 0.6 × (23.005 + 46) = 41.403, total 72.403, published 72.40 like B's 72.4
    Effect(("Numbers.decide",), rank("B"), {"numbers": {"decide": "exact"}}, {}, (2, 1),
           tables={"units": [("A,甲,一类,90,", "A,甲,一类,46.01,")]}),
    # ---- inputs: subjects, tables, columns
    # ---- nested: 附加 is base.yaml (the base fixture itself) scaled to 5 points; A's 领导 90.125 makes base.yaml's A
    # 综合 0.6 × (0.5 × 90.125 + 0.5 × 92) = 54.6375, its exact total 54.6375 + 8 + 3 + 10 + 10 − 1 + 1 = 85.6375,
    # published 85.64: exact 85.6375 / 100 × 5 = 4.281875, published 85.64 / 100 × 5 = 4.282
    Effect(("NestedComponent.hand_over",), pts("A", "附加"), {**NESTED, ADD + ".hand_over": "exact"}, NESTED,
           (D("4.281875"), D("4.282")), tables={"units": [("A,甲,一类,90,", "A,甲,一类,90.125,")]}),
    Effect(("Subjects.name_column", "Subjects.category"), name_of("A"), {}, {"inputs.subjects.name_column": DELETE, "inputs.subjects.category": DELETE},
           (("甲", "一类"), ("A", None))),
    Effect(("Table.name",), total("A"), {"inputs.tables.units.name": "单位"}, {}, (D("85.6"), "FA004"), workbook=True),
    Effect(("Table.layout",), loads, {}, {"inputs.tables.cases.layout": DELETE}, ("loads", ["RS023"])),
    Effect(("Table.subject",), loads, {}, {"inputs.tables.extra.subject": DELETE}, ("loads", ["RS015"])),
    Effect(("Table.key", "Table.join"), pts("A", "上级"), {}, {"inputs.tables.depts.key": DELETE}, (D(-1), "RS015")),
    Effect(("Table.optional",), total("B"), {}, {"inputs.tables.extra.optional": DELETE}, (D("72.4"), "FA019")),
    Rejected(("Table.optional",), {"inputs.tables.cases.optional": True}, "RS053"),
    Effect(("Column.header", "Column.headers"), loads, {},
           {"inputs.tables.units.columns.4": {"headers": ["测评_好", "测评_中", "测评_差", "扣件"], "type": "count"}}, ("loads", ["RS020"])),
    Effect(("Column.name",), pts("A", "领导"), {"inputs.tables.units.columns.领导.name": "领导分", "components.综合.components.领导.column": "领导分"},
           {"components.综合.components.领导.column": "领导分"}, (D(90), "RS020")),
    Effect(("Column.choices",), total("C"), {"inputs.tables.units.columns.等次.choices": ["优秀", "良好"],
                                            "components.等次分.column": "等次"}, {}, ("FA012", D("56.2"))),
    Effect(("Column.max",), total("A"), {"inputs.tables.units.columns.领导.max": 80}, {}, ("FA016", D("85.6"))),
    Effect(("Column.min",), total("C"), {"inputs.tables.units.columns.领导.min": 60}, {}, ("FA016", D("56.2"))),
    Rejected(("Column.min",), {"inputs.tables.units.columns.名称.min": 1}, "RS015"),
    # A's 领导 left blank: no points for 领导, so none for 综合 and no total (never read as 0)
    Effect(("Column.required",), total("A"), {"inputs.tables.units.columns.领导.required": False}, {}, (None, "FA011"),
           tables={"units": [("A,甲,一类,90,", "A,甲,一类,,")]}),
    Effect(("Column.default",), total("A"), {"inputs.tables.units.columns.领导.default": 90}, {}, (D("85.6"), "FA011"),
           tables={"units": [("A,甲,一类,90,", "A,甲,一类,,")]}),
    Rejected(("Column.default",), {"inputs.tables.units.columns.等次.default": "较差"}, "RS016"),
    Rejected(("Column.required",), {"inputs.tables.units.columns.领导.default": 90, "inputs.tables.units.columns.领导.required": False}, "RS053"),
    Effect(("Column.unit",), template("百分制"), {"inputs.tables.units.columns.领导.unit": "百分制"}, {}, (True, False)),
    Effect(("Column.description",), template("领导小组打分"), {"inputs.tables.units.columns.领导.description": "领导小组打分"}, {}, (True, False)),
    # ---- table rules (cases: A X 张, Y 张 严重 2, Z 王 记过; B X 李 in 2024, Z 李 警告)
    # A's Y 分值 2 above max 1: an error, or (invalid: void) its row left out: A 10 − (1 + 4) = 5
    Effect(("Column.invalid",), pts("A", "案例"), {CT + ".columns.分值.max": 1, CT + ".columns.分值.invalid": "void"},
           {CT + ".columns.分值.max": 1}, (D(5), "FA016")),
    Rejected(("Column.invalid",), {"inputs.tables.units.columns.领导.invalid": "void"}, "RS065"),
    Effect(("Column.invalid_reason",), void_reasons, {CT + ".columns.分值.max": 1, CT + ".columns.分值.invalid": "void",
                                                      CT + ".columns.分值.invalid_reason": "分值不符({value})"},
           {CT + ".columns.分值.max": 1, CT + ".columns.分值.invalid": "void"}, (["分值不符(2)"], ["分值超出范围(2，应不高于 1)"])),
    Rejected(("Column.invalid_reason",), {CT + ".columns.分值.invalid_reason": "分值不符"}, "RS053"),
    # A's Y 分值 2.5: refused with places 0, else A 10 − (1 + 2.5 + 4) = 2.5
    Effect(("Column.max_places",), pts("A", "案例"), {CT + ".columns.分值.max_places": 0}, {}, ("FA040", D("2.5")),
           tables={"cases": [("A,Y,2023-04-01,2,", "A,Y,2023-04-01,2.5,")]}),
    # 等次 as grade words of 等次表: A 优秀 10 / 2 = 5 (without the scale a grade column is refused)
    Effect(("Column.scale",), pts("A", "附加"), {**GRADED, "inputs.tables.units.columns.等次.scale": "等次表"}, GRADED, (D(5), "RS015")),
    # forms by 人员: 李 (B's two rows) all 严重 否 → void: B 10; 张 (否, 是) and 王 (one row) are not
    Effect(("Table.form", "Table.void", "VoidRule.form_when", "FormCondition.same"), pts("B", "案例"),
           {CT + ".form": "人员", CT + ".void": [{"form_when": {"same": "严重"}, "reason": "同"}]}, {}, (D(10), D(8))),
    Rejected(("VoidRule.form_when",), {CT + ".void": [{"form_when": {"same": "严重"}, "reason": "同"}]}, "RS065"),
    Effect(("VoidRule.when",), pts("A", "案例"), {CT + ".void": [{"when": SEVERE, "reason": "严重"}]}, {}, (D(5), D(3))),
    # the same rule as an error rule: A's 严重 row stops the scoring (FA100) instead of leaving A 10 − 1 − 4 = 5
    Effect(("VoidRule.error",), pts("A", "案例"), {CT + ".void": [{"when": SEVERE, "reason": "严重", "error": True}]},
           {CT + ".void": [{"when": SEVERE, "reason": "严重"}]}, ("FA100", D(5))),
    Rejected(("VoidRule.at",), {CT + ".void": [{"when": SEVERE, "reason": "严重", "at": "严重"}]}, "RS053"),
    # forms with an X row (张, 李) void: A keeps Z only, 10 − 4 = 6; forms without one (王): A 10 − 3 = 7
    form_rule({"count_rows": {"column": "事项", "equals": "X"}, "at_least": 1}, "6", ("FormCondition.count_rows", "FormCondition.at_least")),
    form_rule({"count_rows": {"column": "事项", "equals": "X"}, "above": 0}, "6", ("FormCondition.above",)),
    form_rule({"count_rows": {"column": "事项", "equals": "X"}, "below": 1}, "7", ("FormCondition.below",)),
    form_rule({"count_rows": {"column": "事项", "equals": "X"}, "at_most": 0}, "7", ("FormCondition.at_most",)),
    # an X row and one 级别 (张: 警告, 警告) → void; a Z row (王) or all 严重 alike (李) → void; no Z row (张, 李) → void
    form_rule({"all": [{"count_rows": {"column": "事项", "equals": "X"}, "at_least": 1}, {"same": "级别"}]}, "6", ("FormCondition.all",)),
    form_rule({"any": [{"same": "严重"}, {"count_rows": {"column": "事项", "equals": "Z"}, "at_least": 1}]}, "7", ("FormCondition.any",)),
    form_rule({"not": {"count_rows": {"column": "事项", "equals": "Z"}, "at_least": 1}}, "6", ("FormCondition.not",)),
    form_rule({"count_rows": {"column": "事项", "equals": "X"}, "equals": 1}, "6", ("FormCondition.equals",)),
    form_rule({"count_rows": {"column": "事项", "equals": "X"}, "between": [1, 2]}, "6", ("FormCondition.between",)),
    # void unless the form has no Z row: 王 (A's Z 记过) void, A 10 − 1 − 2 = 7; without the rule 3
    Effect(("VoidRule.must_meet",), pts("A", "案例"),
           {CT + ".form": "人员", CT + ".void": [{"must_meet": [{"count_rows": {"column": "事项", "equals": "Z"}, "equals": 0}],
                                                  "reason": "作废"}]}, {CT + ".form": "人员"}, (D(7), D(3))),
    # the same rule, its reason listing what the requirement found (王 has 1 Z row); without says: nothing listed
    Effect(("FormRequirement.says",), void_reason("王"),
           {CT + ".form": "人员", CT + ".void": [{"must_meet": [
               {"count_rows": {"column": "事项", "equals": "Z"}, "equals": 0, "says": "Z {count} 行"}], "reason": "作废：{failed}"}]},
           {CT + ".form": "人员", CT + ".void": [{"must_meet": [
               {"count_rows": {"column": "事项", "equals": "Z"}, "equals": 0}], "reason": "作废：{failed}"}]},
           ("作废：Z 1 行", "作废：")),
    Rejected(("FormRequirement.says",), {CT + ".form": "人员", CT + ".void": [{"must_meet": [
        {"count_rows": {"column": "事项", "equals": "Z"}, "equals": 0, "says": "Z {count} 行"}], "reason": "作废"}]}, "RS053"),
    # no form (张 A A, 王 A, 李 B B) has one row for each of A, B, C: all void, A's 案例 10
    form_rule({"not": {"each_subject": "once"}}, "10", ("FormCondition.each_subject",)),
    # B's 2024 row left out by the table, not by the component: B 10 − 2 = 8, else 10 − 1 − 2 = 7
    Effect(("Table.dated_by",), pts("B", "案例"), {CT + ".dated_by": "日期", CASE + ".date": DELETE}, {CASE + ".date": DELETE}, (D(8), D(7))),
    # X 警告 is A's first row and B's 2024 row
    Effect(("Table.unique",), pts("A", "案例"), {CT + ".unique": ["事项", "级别"]}, {}, ("FA041", D(3))),
    Effect(("Table.require",), total("A"), {"inputs.tables.units.require": ["领导 >= 60"]}, {}, ("FA042", D("85.6"))),
]


# --------------------------------------------------------------------------- the models' optional keys


def _models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    pending: list[Any] = [m.Ruleset]
    while pending:
        model = pending.pop()
        if model in found:
            continue
        found.append(model)
        for info in model.model_fields.values():
            pending.extend(_model_args(info.annotation))
    return found


def _model_args(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [a for arg in typing.get_args(annotation) for a in _model_args(arg)]


def _owner(model: type[BaseModel], name: str) -> str:
    """The class that declares a field (inherited keys are tested once, on the base)."""
    for klass in reversed(model.__mro__):
        if name in getattr(klass, "__annotations__", {}) and issubclass(klass, BaseModel) and klass is not BaseModel:
            return klass.__name__
    return model.__name__


def optional_keys() -> set[str]:
    keys = set()
    for model in _models():
        for name, info in model.model_fields.items():
            if not info.is_required():
                keys.add(f"{_owner(model, name)}.{info.alias or name}")
    return keys


def test_every_optional_key_has_an_entry() -> None:
    covered = {key for entry in ENTRIES for key in entry.keys}
    missing = sorted(optional_keys() - covered)
    assert missing == [], f"optional keys with no entry in ENTRIES: {missing}"
    assert sorted(covered - optional_keys()) == [], "entries for keys the models do not have"


def test_the_enumeration_sees_inherited_and_nested_keys() -> None:
    keys = optional_keys()
    assert {"ComponentBase.weight", "CaseModifier.after_highest", "RowCondition.not", "LookupTable.empty"} <= keys
    assert "SumComponent.weight" not in keys  # inherited: tested once as ComponentBase.weight


def _label(entry: Effect | Rejected) -> str:
    return ("+".join(entry.keys)) + ("" if isinstance(entry, Effect) else " rejected")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys")


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{i}-{_label(e)}" for i, e in enumerate(ENTRIES)])
def test_key(entry: Effect | Rejected, scratch: Path) -> None:
    if isinstance(entry, Rejected):
        outcome = run(scratch, entry.fixture, entry.change, {}, False)
        assert outcome.checked == [entry.code]
        return
    with_run = run(scratch, entry.fixture, entry.with_, entry.tables, entry.workbook)
    without_run = run(scratch, entry.fixture, entry.without, entry.tables, entry.workbook)
    got = (entry.probe(with_run), entry.probe(without_run))
    assert got == entry.expect
    assert got[0] != got[1]


def test_the_base_fixture_scores_as_worked_out_by_hand(scratch: Path) -> None:
    outcome = run(scratch, "base", {}, {}, False)
    assert outcome.checked == [] and outcome.code is None
    totals = {s.id: s.total for s in outcome.result.subjects}
    assert totals == {"A": D("85.60"), "B": D("72.40"), "C": D("56.20")}
    assert [s.tiers for s in outcome.result.subjects] == [[], [], ["不合格"]]
