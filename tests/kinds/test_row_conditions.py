"""Row conditions (`kinds.rows`) leaf by leaf, through a cases component's exemptions: which rows a
`blank`, `flag`, `equals` on a 是/否 column, an ordered comparison and an `expr` pick out, what a
blank cell does to each (not that value / a located error), and the load errors of a comparison
that cannot hold. Each table row is written so that the rows the condition picks are known by
reading it; the expected statuses follow from the condition's words."""

from __future__ import annotations

import pytest

from pingyi_rules import EvaluationError, RulesetError

from ..rules_helpers import load, subject_table

BODY = "\n" + subject_table() + """    - id: rows
      layout: cases
      subject: 对象编码
      columns:
        - {header: 对象编码, type: id}
        - {header: 事项, type: enum, choices: [甲, 乙]}
        - {header: 扣分, type: decimal, required: false}
        - {header: 备注, type: text, required: false}
        - {header: 已整改, type: bool, required: false}
points: 10
components:
  - id: 扣分项
    name: 扣分项
    kind: cases
    points: 10
    table: rows
    code_column: 事项
    items:
      - {code: 甲, name: 甲项, amount: 1}
      - {code: 乙, name: 乙项, amount: 2}
    exemptions:
      - {when: WHEN, reason: 免}
"""

# one unit, five rows: 事项 / 扣分 / 备注 / 已整改
ROWS = "对象编码,事项,扣分,备注,已整改\nU,甲,0.5,说明,是\nU,乙,1,,否\nU,甲,1.5,另案,\nU,乙,,说明,是\nU,甲,3,,否"
UNITS = "编码,名称\nU,甲单位"


def _statuses(run_rules, when: str, rows: str = ROWS) -> list[str]:  # type: ignore[no-untyped-def]
    result = run_rules(BODY.replace("WHEN", when), {"units": UNITS, "rows": rows})
    return [r.status for r in result.subject("U").component("扣分项").trace.rows]


E, C = "exempted", "counted"


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        # 备注 blank on rows 2 and 5
        ("{blank: 备注}", [C, E, C, C, E]),
        ("{not: {blank: 备注}}", [E, C, E, E, C]),
        # 已整改 是 on rows 1 and 4; 否 on 2 and 5; blank on 3 (neither 是 nor 否)
        ("{flag: 已整改}", [E, C, C, E, C]),
        ("{column: 已整改, equals: 是}", [E, C, C, E, C]),
        ("{column: 已整改, equals: true}", [E, C, C, E, C]),
        ("{column: 已整改, equals: 否}", [C, E, C, C, E]),
        ("{column: 已整改, equals: false}", [C, E, C, C, E]),
        # equals / in on a text column: a blank 备注 is not that value, and no error
        ("{column: 备注, equals: 说明}", [E, C, C, E, C]),
        ("{column: 备注, in: [说明, 另案]}", [E, C, E, E, C]),
    ],
)
def test_each_leaf_picks_exactly_the_rows_it_names(run_rules, when: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert _statuses(run_rules, when) == expected


def test_an_ordered_comparison_includes_its_end_and_refuses_a_blank_cell_at_that_cell(run_rules) -> None:  # type: ignore[no-untyped-def]
    rows = "对象编码,事项,扣分,备注,已整改\nU,甲,0.5,,是\nU,乙,1,,否\nU,甲,1.5,,是"
    # 扣分 ≥ 1: rows 2 (exactly 1) and 3; row 1 (0.5) counts
    assert _statuses(run_rules, "{column: 扣分, at_least: 1}", rows) == [C, E, E]
    with pytest.raises(EvaluationError) as caught:  # ROWS' row 4 has no 扣分
        _statuses(run_rules, "{column: 扣分, at_least: 1}")
    assert caught.value.code == "EV013"
    assert "column '扣分' is blank here and cannot be compared" in str(caught.value)
    assert caught.value.location is not None and caught.value.location.row == 5  # the header is row 1


def test_an_expression_over_the_row(run_rules) -> None:  # type: ignore[no-untyped-def]
    rows = "对象编码,事项,扣分,备注,已整改\nU,甲,0.5,,是\nU,乙,1,,否\nU,甲,1.5,,是"
    # 扣分 > 1 only on row 3 (1 is not above 1)
    assert _statuses(run_rules, '{expr: "扣分 > 1"}', rows) == [C, C, E]
    with pytest.raises(EvaluationError) as caught:  # row 4's blank 扣分, located at its cell
        _statuses(run_rules, '{expr: "扣分 > 1"}')
    assert caught.value.code == "EV013"
    assert caught.value.location is not None and caught.value.location.row == 5
    assert caught.value.location.field is not None
    with pytest.raises(EvaluationError) as caught:  # 1 / (扣分 − 0.5) on row 1 divides by zero: not a blank
        _statuses(run_rules, '{expr: "1 / (扣分 - 0.5) > 1"}', rows)
    assert caught.value.code == "EV014"
    assert caught.value.location is not None and caught.value.location.row == 2


@pytest.mark.parametrize(
    ("when", "code", "words", "at"),
    [
        ("{column: 备注, above: 1, below: 5}", "RS072",
         "'above' compares numbers; column '备注' is text (compare it with equals or in)", "when.above"),
        # "2" and 2.0 are two literals as written, one number as the column reads them
        ("{column: 扣分, in: [1, '2', 2.0]}", "RS048", "'2.0' is the same value as '2' in column '扣分'", "when.in[2]"),
        ("{column: 扣分, equals: 多}", "RS034", "(column '扣分' is decimal)", "when.equals"),
        ("{column: 扣分, equals: true}", "RS034", "(column '扣分' is decimal)", "when.equals"),
        ("{blank: 备忘}", "RS020", "备忘", "when.blank"),
        ("{flag: 备注}", "RS021", "备注", "when.flag"),
        ('{expr: "扣 > 1"}', "RS030", "expression '扣 > 1', column 1:", "when.expr"),
        ('{expr: "扣分 > 扣"}', "RS030", "expression '扣分 > 扣', column 6:", "when.expr"),
    ],
)
def test_a_condition_that_cannot_hold_is_refused_at_its_key(when: str, code: str, words: str, at: str) -> None:
    with pytest.raises(RulesetError) as caught:
        load(BODY.replace("WHEN", when))
    assert caught.value.code == code
    assert words in str(caught.value)
    assert f"components[0].exemptions[0].{at}" in str(caught.value)


def test_a_number_compared_is_given_a_number() -> None:
    body = "\n" + subject_table("{header: 得分, type: decimal}") + """points: 10
components:
  - {id: 基础, name: 基础, kind: input, points: 10, column: 得分}
tiers:
  - {name: 好, when: {of: 基础, equals: EQ}}
"""
    for literal in ("好", "true", "是"):
        with pytest.raises(RulesetError) as caught:
            load(body.replace("EQ", literal))
        assert caught.value.code == "RS072"
        assert "is not a number; the value compared is a number" in str(caught.value)
    assert load(body.replace("EQ", "8")) is not None


def test_a_number_literal_equals_a_computed_value_as_snapped(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = "\n" + subject_table("{header: 得分, type: decimal}") + """points: 10
components:
  - {id: 三分之一, name: 三分之一, kind: expression, points: 10, expr: 得分 / 3}
tiers:
  - {name: 整, when: {of: 三分之一, in: [2, 3]}}
"""
    # 6 / 3 = 2 and 9 / 3 = 3 are in [2, 3]; 7 / 3 = 2.333… is not
    result = run_rules(body, {"units": "编码,名称,得分\nA,甲,6\nB,乙,7\nC,丙,9"})
    assert [result.subject(u).tiers for u in "ABC"] == [["整"], [], ["整"]]


def test_a_grade_literal_is_read_as_written(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = "\n" + subject_table() + """    - id: rows
      layout: cases
      subject: 对象编码
      columns:
        - {header: 对象编码, type: id}
        - {header: 等级, type: grade, scale: 档次}
scales:
  - {id: 档次, grades: {A: 3, B: 1}}
points: 10
components:
  - id: 扣分项
    name: 扣分项
    kind: cases
    points: 10
    table: rows
    items: [{code: 扣, name: 扣, amount: 2}]
    exemptions:
      - {when: {column: 等级, equals: A}, reason: 免}
"""
    # rows A, B, A: the two A rows are exempted, B counts 2 → 10 − 2 = 8
    result = run_rules(body, {"units": UNITS, "rows": "对象编码,等级\nU,A\nU,B\nU,A"})
    component = result.subject("U").component("扣分项")
    assert [r.status for r in component.trace.rows] == [E, C, E]
    assert component.points == 8
