"""Named row conditions (`row_conditions`, referred to by `is` in any row condition): compiled against
the table where they are used, usable inside one another, in a subject condition's `count_rows.where`,
an aggregate's `where` and a void rule; a form's verdict and a folded reading see the columns a named
row condition reads. Every expected value is worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import PingyiError, score
from pingyi_rules.render.report import build_report, scoring_rules

from ..rules_helpers import load, subject_table, write_tables

D = Decimal

# --------------------------------------------------------------------------- one name, three places
# 查实投诉: a row with 查实 = 是 and 类型 投诉 or 举报; 重大查实: one of those with 金额 ≥ 10000.
#   U1: 投诉 是 500 (查实投诉), 咨询 是 20000 (not: 咨询)           → 查实投诉 1, 重大查实 0
#   U2: 举报 是 10000 (查实投诉, and 重大: 10000 is on the boundary, ≥), 投诉 否 50000 (not: 否)
#                                                                → 查实投诉 1, 重大查实 1
#   U3: 投诉 是 100, 举报 是 9999.99, 投诉 是 0                     → 查实投诉 3, 重大查实 0
# 投诉处理 = 20 − 5 × 查实投诉; 重大事项 = 10 − 10 × 重大查实 (floor 0)
#   U1: 15 + 10 = 25; U2: 15 + 0 = 15; U3: 20 − 15 = 5, + 10 = 15
# 查实三件以上 (count_rows where 查实投诉 ≥ 3): U3 only (3, on the boundary) → 不合格.

BODY = "\n" + subject_table() + """    - id: 投诉
      layout: cases
      subject: 单位编码
      columns:
        - {header: 单位编码, type: id}
        - {header: 类型, type: enum, choices: [投诉, 举报, 咨询]}
        - {header: 查实, type: bool}
        - {header: 金额, type: decimal, min: 0}
row_conditions:
  - name: 查实投诉
    when: {all: [{flag: 查实}, {column: 类型, in: [投诉, 举报]}]}
    clause: 第三条
  - name: 重大查实
    when: {all: [{is: 查实投诉}, {column: 金额, at_least: 10000}]}
conditions:
  - name: 查实三件以上
    when: {count_rows: 投诉, where: {is: 查实投诉}, at_least: 3}
points: 30
components:
  - {id: 投诉处理, name: 查实投诉扣分, kind: aggregate, table: 投诉, function: sum, per_row: "5",
     where: {is: 查实投诉}, base: 20, empty: 0, points: 20}
  - {id: 重大事项, name: 重大查实扣分, kind: aggregate, table: 投诉, function: sum, per_row: "10",
     where: {is: 重大查实}, base: 10, empty: 0, points: 10}
vetoes:
  - {name: 查实三件以上, when: {is: 查实三件以上}, forces: 不合格}
"""
UNITS = "编码,名称\nU1,甲\nU2,乙\nU3,丙"
ROWS = "单位编码,类型,查实,金额\nU1,投诉,是,500\nU1,咨询,是,20000\nU2,举报,是,10000\nU2,投诉,否,50000\nU3,投诉,是,100\nU3,举报,是,9999.99\nU3,投诉,是,0"


def test_a_named_row_condition_decides_rows_in_every_place_it_is_named(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": UNITS, "投诉": ROWS})
    totals = {s.id: s.total for s in result.subjects}
    assert totals == {"U1": D("25.00"), "U2": D("15.00"), "U3": D("15.00")}
    parts = {s.id: (s.component("投诉处理").points, s.component("重大事项").points) for s in result.subjects}
    assert parts == {"U1": (D(15), D(10)), "U2": (D(15), D(0)), "U3": (D(5), D(10))}
    assert {s.id: s.tiers for s in result.subjects} == {"U1": [], "U2": [], "U3": ["不合格"]}


def test_the_report_lists_each_named_row_condition_in_words(tmp_path) -> None:  # type: ignore[no-untyped-def]
    compiled = load(BODY)
    result = score(compiled, write_tables(tmp_path / "facts", {"units": UNITS, "投诉": ROWS}))
    lines = [line for line in scoring_rules(build_report(result, compiled)) if line[0] == "行条件"]
    assert lines == [
        ("行条件", "查实投诉：（“查实”为“是”）且（“类型” 属于 投诉、举报）〔第三条〕"),
        ("行条件", "重大查实：（符合“查实投诉”）且（“金额” ≥ 10000）"),
    ]


# --------------------------------------------------------------------------- compiled where used


XINFANG = """    - id: 信访
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 查实, type: bool}
{type_column}row_conditions:"""
XINFANG_COMPONENT = """  - {id: 信访扣分, name: 信访扣分, kind: aggregate, table: 信访, function: count, where: {is: 查实投诉},
     base: 5, empty: 0, points: 5}
vetoes:"""


def _with_xinfang(type_column: str) -> str:
    return (BODY.replace("row_conditions:", XINFANG.replace("{type_column}", type_column))
            .replace("points: 30\n", "points: 35\n").replace("vetoes:", XINFANG_COMPONENT))


def test_a_named_row_condition_is_compiled_against_each_table_that_uses_it(run_rules) -> None:  # type: ignore[no-untyped-def]
    # 信访 has 查实 and 类型 too (类型 last): the same name decides its rows by its own columns.
    # U1 信访: 举报 是 → 1 row → 信访扣分 = 5 − 1 = 4; U2: 咨询 是 → 0 → 5; U3: none → 5.
    body = _with_xinfang("        - {header: 类型, type: enum, choices: [投诉, 举报, 咨询]}\n")
    result = run_rules(body, {"units": UNITS, "投诉": ROWS, "信访": "编码,查实,类型\nU1,是,举报\nU2,是,咨询"})
    assert {s.id: s.component("信访扣分").points for s in result.subjects} == {"U1": D(4), "U2": D(5), "U3": D(5)}
    assert {s.id: s.total for s in result.subjects} == {"U1": D("29.00"), "U2": D("20.00"), "U3": D("20.00")}


def test_a_table_without_a_column_the_named_condition_reads_is_refused_at_the_condition() -> None:
    with pytest.raises(PingyiError) as caught:
        load(_with_xinfang(""))
    text = str(caught.value)
    assert "row_conditions[0].when.all[1].column" in text and "'信访'" in text and "RS020" in text


# --------------------------------------------------------------------------- forms
# 票: one form per 票号; every form rates U1 and U2 the same way (U1 好, U2 中), so the forms are alike
# in every column but 票号. 登记作废 is a named row condition on 票号 itself: P2 is void, P1 and P3 count.
# 得票 counts each subject's rows: U1 2 (P1, P3), U2 2. Were P2's verdict shared with the alike P1 and
# P3 (forms judged by their contents, missing the 票号 the named condition reads), U1 would have 3 or 0.

FORMS = "\n" + subject_table() + """    - id: 票
      layout: cases
      subject: 对象
      form: 票号
      void:
        - {when: {is: 登记作废}, reason: 登记作废}
      columns:
        - {header: 票号, type: text}
        - {header: 对象, type: id}
        - {header: 等次, type: enum, choices: [好, 中, 差]}
row_conditions:
  - name: 登记作废
    when: {column: 票号, equals: P2}
points: 10
components:
  - {id: 得票, name: 得票, kind: aggregate, table: 票, function: count, empty: 0, points: 10}
"""
BALLOTS = "票号,对象,等次\nP1,U1,好\nP1,U2,中\nP2,U1,好\nP2,U2,中\nP3,U1,好\nP3,U2,中"


def test_a_void_rule_through_a_named_condition_on_the_form_column_judges_each_form(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(FORMS, {"units": "编码,名称\nU1,甲\nU2,乙", "票": BALLOTS})
    assert {s.id: s.component("得票").points for s in result.subjects} == {"U1": D(2), "U2": D(2)}
    assert [(v.key, v.reason, v.rows) for v in result.void] == [("P2", "登记作废", (4, 5))]


def test_an_aggregate_reads_the_form_column_through_a_named_condition(run_rules) -> None:  # type: ignore[no-untyped-def]
    # the void rule voids nothing of these (no 差); 首票 counts the rows of P1 only: U1 1, U2 1
    body = FORMS.replace("{when: {is: 登记作废}, reason: 登记作废}", "{when: {column: 等次, equals: 差}, reason: 差评作废}").replace(
        "  - name: 登记作废\n    when: {column: 票号, equals: P2}", "  - name: 首票\n    when: {column: 票号, equals: P1}"
    ).replace("function: count, empty: 0", "function: count, where: {is: 首票}, empty: 0")
    result = run_rules(body, {"units": "编码,名称\nU1,甲\nU2,乙", "票": BALLOTS})
    assert {s.id: s.component("得票").points for s in result.subjects} == {"U1": D(1), "U2": D(1)}
