"""The condition language on subjects and its outcomes: comparisons on fields and components,
`blank`, `tier`, `rows`, `expr`, named conditions; `numbers.decide`, `ranking: false`,
`ranking.last`, vetoes that only bar. Every expected value is worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import PingyiError
from pingyi_rules.results.result import Result

from ..rules_helpers import subject_table

D = Decimal

# --------------------------------------------------------------------------- a veto that moves units last
# 得分 is the total (one input component, 100 points). 否决 rows: U1 and U6 特别重大责任事故, U8 班子成员立案查处,
# U7 only a 一般事故 (not a veto case). Ranked on the rounded total, 2 places:
#   not vetoed: U2 90 → 1; U3 88.004 and U4 88.001 both publish 88.00 → 2, 2; U5 80 → 4; U7 70 → 5
#   vetoed (after every unit not vetoed, among themselves by total): U1 93, U6 93 → 6, 6; U8 80 → 8
# U8's 80 equals U5's, but U8 is moved: no tie across the line.

VETO_BODY = "\n" + subject_table("{header: 得分, type: decimal}") + """    - id: veto
      layout: cases
      subject: 单位编码
      columns:
        - {header: 单位编码, type: id}
        - {header: 否决情形, type: enum, choices: [特别重大责任事故, 班子成员立案查处, 一般事故]}
points: 100
components:
  - {id: 得分, name: 得分, kind: input, points: 100, column: 得分}
conditions:
  - name: 否决情形
    when: {count_rows: veto, where: {column: 否决情形, in: [特别重大责任事故, 班子成员立案查处]}, at_least: 1}
vetoes:
  - {name: 一票否决, when: {is: 否决情形}, forces: 一票否决}
ranking:
  last: {tier: 一票否决}
"""
VETO_UNITS = "编码,名称,得分\nU1,甲,93\nU2,乙,90\nU3,丙,88.004\nU4,丁,88.001\nU5,戊,80\nU6,己,93\nU7,庚,70\nU8,辛,80"
VETO_ROWS = "单位编码,否决情形\nU1,特别重大责任事故\nU6,特别重大责任事故\nU7,一般事故\nU8,班子成员立案查处\nU8,一般事故"


def _ranks(result: Result) -> dict[str, int | None]:
    return {s.id: s.rank for s in result.subjects}


def _tiers(result: Result) -> dict[str, list[str]]:
    return {s.id: s.tiers for s in result.subjects}


def test_vetoed_units_are_ranked_after_every_other_with_ties_among_and_around_them(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(VETO_BODY, {"units": VETO_UNITS, "veto": VETO_ROWS})
    assert _ranks(result) == {"U1": 6, "U2": 1, "U3": 2, "U4": 2, "U5": 4, "U6": 6, "U7": 5, "U8": 8}
    assert _tiers(result) == {"U1": ["一票否决"], "U2": [], "U3": [], "U4": [], "U5": [], "U6": ["一票否决"],
                              "U7": [], "U8": ["一票否决"]}
    assert result.subject("U1").total == D("93.00")  # the total is kept
    assert "排名置后：满足 ranking.last 的条件，排在其他对象之后" in result.subject("U8").notes
    assert not any("排名置后" in n for n in result.subject("U5").notes)


def test_dense_ties_count_the_moved_units_on(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = VETO_BODY.replace("ranking:\n", "ranking:\n  ties: dense\n")
    result = run_rules(body, {"units": VETO_UNITS, "veto": VETO_ROWS})
    # 90 → 1; 88.00 ×2 → 2; 80 → 3; 70 → 4; then vetoed 93 ×2 → 5; 80 → 6
    assert _ranks(result) == {"U1": 5, "U2": 1, "U3": 2, "U4": 2, "U5": 3, "U6": 5, "U7": 4, "U8": 6}


def test_exact_decisions_break_the_tie_the_rounding_made(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = VETO_BODY.replace("points: 100\ncomponents:", "numbers: {decide: exact}\npoints: 100\ncomponents:", 1)
    result = run_rules(body, {"units": VETO_UNITS, "veto": VETO_ROWS})
    # U3 88.004 > U4 88.001 on the exact totals; both still publish 88.00
    assert _ranks(result)["U3"] == 2 and _ranks(result)["U4"] == 3
    assert result.subject("U4").total == D("88.00")


def test_without_ranking_last_the_veto_leaves_the_place(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = VETO_BODY.replace("ranking:\n  last: {tier: 一票否决}\n", "")
    result = run_rules(body, {"units": VETO_UNITS, "veto": VETO_ROWS})
    # U1 93, U6 93 → 1, 1; U2 90 → 3; U3, U4 88.00 → 4, 4; U5, U8 80 → 6, 6; U7 → 8
    assert _ranks(result) == {"U1": 1, "U2": 3, "U3": 4, "U4": 4, "U5": 6, "U6": 1, "U7": 8, "U8": 6}


def test_ranking_last_with_a_quota_counts_from_the_moved_ranking(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = VETO_BODY + "tiers:\n  - {name: 先进, quota: {best: 2}}\n  - {name: 末位, quota: {worst: 1}}\n"
    result = run_rules(body, {"units": VETO_UNITS, "veto": VETO_ROWS})
    # best 2: U2 (1), then U3 and U4 tie at the cut (2, 2): all in. Worst 1: U8 (8), a vetoed unit
    assert [s.id for s in result.subjects if "先进" in s.tiers] == ["U2", "U3", "U4"]
    assert [s.id for s in result.subjects if "末位" in s.tiers] == ["U8"]


# --------------------------------------------------------------------------- grades on the exact mean, no ranking
# 平均分 is an expression over 分数和 / 票数 (a mean kept exact); the grades A [90, 100], B [70, 90),
# C [60, 70), D [0, 60). P1 179.99 / 2 = 89.995 (publishes 90.00), P2 139.99 / 2 = 69.995 (70.00),
# P3 90, P4 60, P5 59.9 / 1, P6 170 / 2 = 85 (exactly 85).

GRADES_BODY = "\n" + subject_table("{header: 分数和, type: decimal}", "{header: 票数, type: count}") + """points: 100
components:
  - {id: 平均分, name: 平均分, kind: expression, points: 100, expr: 分数和 / 票数}
ranking: false
tiers:
  - {name: A优秀, when: {between: [90, 100]}}
  - {name: B称职, when: {at_least: 70, below: 90}}
  - {name: C基本称职, when: {at_least: 60, below: 70}}
  - {name: D不称职, when: {at_least: 0, below: 60}}
  - {name: 八十五分以上, when: {of: 平均分, at_least: 85}}
"""
GRADES = "编码,名称,分数和,票数\nP1,甲,179.99,2\nP2,乙,139.99,2\nP3,丙,90,1\nP4,丁,60,1\nP5,戊,59.9,1\nP6,己,170,2\nP7,庚,169.99,2"


def test_grades_on_the_published_mean(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(GRADES_BODY, {"units": GRADES})
    assert _tiers(result) == {
        "P1": ["A优秀", "八十五分以上"], "P2": ["B称职"], "P3": ["A优秀", "八十五分以上"], "P4": ["C基本称职"],
        "P5": ["D不称职"], "P6": ["B称职", "八十五分以上"], "P7": ["B称职", "八十五分以上"],  # P7 84.995 → 85.00
    }
    assert set(_ranks(result).values()) == {None}


def test_grades_on_the_exact_mean(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = GRADES_BODY.replace("points: 100\n", "numbers: {decide: exact}\npoints: 100\n", 1)
    result = run_rules(body, {"units": GRADES})
    assert _tiers(result) == {
        "P1": ["B称职", "八十五分以上"], "P2": ["C基本称职"], "P3": ["A优秀", "八十五分以上"], "P4": ["C基本称职"],
        "P5": ["D不称职"], "P6": ["B称职", "八十五分以上"], "P7": ["B称职"],  # 84.995 < 85 exactly
    }
    assert result.subject("P1").total == D("90.00")  # published rounded all the same


# --------------------------------------------------------------------------- vote shares: bands and the 1/3 override
# 优秀率 = 优秀 / 有效 and 差率 = (基本称职 + 不称职) / 有效, compared exactly (no rounding):
#   V1 45/50 = 90 % → 200;  V2 40/50 = 80 % → 190;  V3 优秀 31/48 but 16/48 = 1/3 exactly → 130 (overrides)
#   V4 优秀 26/52 and 17/52 < 1/3 → 160;  V5 优秀 30/50 = 60 % → 170

SHARES_BODY = "\n" + subject_table("{headers: [优秀, 称职, 基本称职, 不称职], type: count}") + """points: 100
components:
  - {id: 有效票, name: 有效票, kind: expression, points: 1000, max: 1000, expr: 优秀 + 称职 + 基本称职 + 不称职}
ranking: false
conditions:
  - {name: 达三分之一, when: {expr: "(基本称职 + 不称职) * 3 >= 有效票"}}
tiers:
  - {name: "130", when: {is: 达三分之一}}
  - {name: "200", when: {all: [{not: {tier: "130"}}, {expr: "优秀 * 10 >= 有效票 * 9"}]}}
  - {name: "190", when: {all: [{not: {any: [{tier: "130"}, {tier: "200"}]}}, {expr: "优秀 * 10 >= 有效票 * 8"}]}}
  - {name: "170", when: {all: [{not: {is: 达三分之一}}, {expr: "优秀 * 10 >= 有效票 * 6 and 优秀 * 10 < 有效票 * 8"}]}}
  - {name: "160", when: {all: [{not: {is: 达三分之一}}, {expr: "优秀 * 10 < 有效票 * 6"}]}}
"""
SHARES = "编码,名称,优秀,称职,基本称职,不称职\nV1,甲,45,4,1,0\nV2,乙,40,7,3,0\nV3,丙,31,1,10,6\nV4,丁,26,9,15,2\nV5,戊,30,17,3,0"


def test_vote_share_bands_with_the_one_third_override(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = SHARES_BODY.replace("points: 100\n", "points: 1000\n")
    result = run_rules(body, {"units": SHARES})
    assert _tiers(result) == {"V1": ["200"], "V2": ["190"], "V3": ["130"], "V4": ["160"], "V5": ["170"]}


def test_one_vote_short_of_a_third_is_not_a_third(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = SHARES_BODY.replace("points: 100\n", "points: 1000\n")
    # V3 with one 不称职 fewer: 15/47 < 1/3; 优秀 31/47 = 65.96 % → 170
    result = run_rules(body, {"units": SHARES.replace("V3,丙,31,1,10,6", "V3,丙,31,1,10,5")})
    assert result.subject("V3").tiers == ["170"]


# --------------------------------------------------------------------------- comparisons on fields and components


FIELDS_BODY = "\n" + subject_table(
    "{header: 类别, type: enum, choices: [镇街, 部门]}", "{header: 分数, type: decimal, required: false}",
    "{header: 达标, type: bool}",
) + """points: 10
components:
  - {id: 基础, name: 基础, kind: input, points: 10, column: 分数}
tiers:
  - {name: 镇街, when: {of: 类别, equals: 镇街}}
  - {name: 中段, when: {of: 基础, between: [5, 8]}}
  - {name: 高于五, when: {of: 分数, above: 5}}
  - {name: 不高于五, when: {of: 分数, at_most: 5}}
  - {name: 部门或达标, when: {any: [{of: 类别, in: [部门]}, {flag: 达标}]}}
"""
FIELDS = "编码,名称,类别,分数,达标\nA,甲,镇街,5,否\nB,乙,部门,8,否\nC,丙,镇街,9,是"


def test_comparisons_on_fields_and_components(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(FIELDS_BODY, {"units": FIELDS})
    assert _tiers(result) == {
        "A": ["镇街", "中段", "不高于五"], "B": ["中段", "高于五", "部门或达标"], "C": ["镇街", "高于五", "部门或达标"],
    }


def test_a_blank_value_compared_is_an_error_at_its_cell(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = FIELDS_BODY.replace("{of: 分数, above: 5}", "{of: 附加, above: 5}").replace(
        "{header: 达标, type: bool}", "{header: 达标, type: bool}\n        - {header: 附加, type: decimal, required: false}")
    with pytest.raises(PingyiError) as caught:
        run_rules(body, {"units": "编码,名称,类别,分数,达标,附加\nA,甲,镇街,5,否,1\nB,乙,部门,8,否,\nC,丙,镇街,9,是,2"})
    assert caught.value.code == "EV013"
    assert "乙: tiers[2].when: '附加' is blank and cannot be compared; test it first with {blank: 附加}" in str(caught.value)
    assert "units.csv, row 3: column 附加: B 乙" in str(caught.value)


def test_blank_tests_a_value_first(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = FIELDS_BODY.replace(
        "tiers:\n", "tiers:\n  - {name: 未填, when: {any: [{blank: 附加}, {of: 附加, below: 1}]}}\n").replace(
        "{header: 达标, type: bool}", "{header: 达标, type: bool}\n        - {header: 附加, type: decimal, required: false}")
    units = "编码,名称,类别,分数,达标,附加\nA,甲,镇街,5,否,\nB,乙,部门,8,否,0.5\nC,丙,镇街,9,是,3"
    result = run_rules(body, {"units": units})
    assert [s.id for s in result.subjects if "未填" in s.tiers] == ["A", "B"]


# --------------------------------------------------------------------------- vetoes that only bar, tiers on tiers


BAR_BODY = "\n" + subject_table("{header: 分数, type: decimal}", "{header: 立案, type: bool}") + """points: 100
components:
  - {id: 得分, name: 得分, kind: input, points: 100, column: 分数}
vetoes:
  - {name: 立案否决, when: {flag: 立案}, bars: [优秀]}
tiers:
  - {name: 优秀, when: {at_least: 90}}
  - {name: 良好, when: {all: [{at_least: 80}, {not: {tier: 优秀}}]}}
"""


def test_a_veto_that_only_bars_forces_no_tier(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BAR_BODY, {"units": "编码,名称,分数,立案\nA,甲,95,否\nB,乙,95,是\nC,丙,85,否"})
    # B would be 优秀 but is barred; not in 优秀, so 良好 takes it (at least 80 and not 优秀)
    assert _tiers(result) == {"A": ["优秀"], "B": ["良好"], "C": ["良好"]}
    assert "立案否决: 不得列入优秀" in result.subject("B").notes
    assert _ranks(result) == {"A": 1, "B": 1, "C": 3}


# --------------------------------------------------------------------------- stage selection on a component


STAGE_BODY = "\n" + subject_table("{header: 初评, type: decimal}", "{header: 复评, type: decimal}", "{header: 合格, type: bool}") + """points: 200
components:
  - {id: 初, name: 初评, kind: input, points: 100, column: 初评}
  - {id: 复, name: 复评, kind: input, points: 100, column: 复评}
stages:
  - {id: s1, name: 初评, adds: [初], select: {all: [{of: 初, at_least: 60}, {expr: "合格 == '是'"}]}}
  - {id: s2, name: 复评, adds: [复]}
"""


def test_a_stage_selects_on_a_component_and_an_expression(run_rules) -> None:  # type: ignore[no-untyped-def]
    units = "编码,名称,初评,复评,合格\nA,甲,70,80,是\nB,乙,59.999,90,是\nC,丙,90,90,否"
    result = run_rules(STAGE_BODY, {"units": units})
    # B's 59.999 publishes 60.00 (decided on the published value): selected; C is not 合格
    assert {s.id: s.total for s in result.subjects} == {"A": D("150.00"), "B": D("149.999").quantize(D("0.01")), "C": None}
    exact = run_rules(STAGE_BODY.replace("points: 200\n", "numbers: {decide: exact}\npoints: 200\n"), {"units": units})
    assert {s.id: s.total for s in exact.subjects} == {"A": D("150.00"), "B": None, "C": None}


# --------------------------------------------------------------------------- row conditions that compare numbers

ROWS_BODY = "\n" + subject_table() + """    - id: checks
      layout: cases
      subject: 对象编码
      columns:
        - {header: 对象编码, type: id}
        - {header: 类型, type: enum, choices: [迟报, 查实]}
        - {header: 扣分, type: decimal, required: false}
points: 10
components:
  - id: 监督检查
    name: 监督检查
    kind: cases
    points: 10
    table: checks
    code_column: 类型
    amount_column: 扣分
    items:
      - {code: 迟报, name: 迟报材料, range: [0, 5]}
      - {code: 查实, name: 投诉查实, range: [0, 5]}
    exemptions:
      - {when: {column: 扣分, between: [1, 2]}, reason: 轻微}
      - {when: {expr: "类型 == '查实' and 扣分 > 4"}, reason: 另案处理}
"""


def test_row_conditions_compare_numbers_and_test_expressions(run_rules) -> None:  # type: ignore[no-untyped-def]
    checks = "对象编码,类型,扣分\nU1,迟报,1\nU1,迟报,2\nU1,迟报,2.5\nU2,查实,4.5\nU2,迟报,4.5\nU3,查实,0.5"
    result = run_rules(ROWS_BODY, {"units": "编码,名称\nU1,甲\nU2,乙\nU3,丙", "checks": checks})
    # U1: 1 and 2 are in [1, 2] (exempt), 2.5 counts: 7.5. U2: 查实 4.5 exempt, 迟报 4.5 counts: 5.5. U3: 9.5
    assert [s.total for s in result.subjects] == [D("7.50"), D("5.50"), D("9.50")]
    statuses = [r.status for r in result.subject("U1").component("监督检查").trace.rows]
    assert statuses == ["exempted", "exempted", "counted"]


def test_exact_tie_breaks_compare_and_show_the_exact_values(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = "\n" + subject_table("{headers: [甲分, 乙分], type: decimal}") + """numbers: {decide: exact}
points: 100
components:
  - {id: 甲, name: 甲项, kind: input, points: 50, column: 甲分}
  - {id: 乙, name: 乙项, kind: expression, points: 50, expr: 乙分 / 3}
ranking: {tie_break: [乙]}
"""
    # T1 40 + 37.5/3 = 40 + 12.5 = 52.5; T2 40.000 + 37.50/3 = 52.5: tied on the exact total and on 乙 (12.5)
    # T3 42.5 + 30/3 = 52.5: tied on the total, 乙 10 < 12.5 → after both
    result = run_rules(body, {"units": "编码,名称,甲分,乙分\nT1,一,40,37.5\nT2,二,40.000,37.50\nT3,三,42.5,30"})
    assert _ranks(result) == {"T1": 1, "T2": 1, "T3": 3}
    assert result.subject("T3").notes == ["总分与 T1、T2 相同，依次比较 乙项 10"]
    assert result.subject("T1").notes == ["总分与 T2、T3 相同，依次比较 乙项 12.5；与 T2 仍相同，并列"]
