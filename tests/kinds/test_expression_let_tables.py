"""`expression` `let` values written as lookup tables (kinds.let_tables): decided for each subject as a
`lookup` is (hit policy, `empty`, row values that are expressions), named like any let value, listed
first among the intermediate values, the names their conditions read among the inputs; what they see
(no let value); RS109 for a table that may give no value; EV016 / EV017 as a lookup's."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, RulesetError, load_ruleset, score

from ..rules_helpers import HEAD, load, subject_table, write_tables

BODY = "\n" + subject_table(
    "{header: 类型, type: enum, choices: [市级机关, 国有企事业], required: false}",
    "{header: 排名, type: count, required: false}",
    "{header: 加分, type: decimal, required: false}",
) + """points: 10
components:
  - id: 年度
    name: 年度评价
    kind: expression
    points: 10
    let:
      免扣: {hit: unique, rows: [{when: {of: 类型, equals: 市级机关}, value: 20}, {when: {of: 类型, equals: 国有企事业}, value: 15}]}
      扣后: "5 - max(排名 - 免扣, 0) * 0.03"
    expr: "max(0, 扣后) + 加分"
"""
UNITS = "编码,名称,类型,排名,加分\nU1,甲,市级机关,47,1\nU2,乙,国有企事业,18,0\nU3,丙,国有企事业,400,2"


def test_the_table_decides_the_value_and_the_trace_lists_what_it_read(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": UNITS})
    u1, u2, u3 = (result.subject(f"U{i}").component("年度") for i in (1, 2, 3))
    # U1 5 − 27 × 0.03 + 1 = 5.19; U2 5 − 3 × 0.03 = 4.91; U3 max(0, 5 − 385 × 0.03) + 2 = 2
    assert (u1.points, u2.points, u3.points) == (Decimal("5.19"), Decimal("4.91"), Decimal(2))
    assert u1.trace.inputs == (("排名", 47), ("加分", 1), ("类型", "市级机关"), ("免扣", 20), ("扣后", Decimal("4.19")))
    assert u1.trace.formula == "max(0, 扣后) + 加分 (排名 = 47, 加分 = 1, 类型 = 市级机关, 免扣 = 20, 扣后 = 4.19) = 5.19"
    assert u1.trace.notes == ()


def test_empty_is_taken_and_noted(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace(", {when: {of: 类型, equals: 国有企事业}, value: 15}]}", "], empty: 10}")
    result = run_rules(body, {"units": UNITS})
    u2 = result.subject("U2").component("年度")
    assert u2.points == Decimal("4.76")  # 5 − (18 − 10) × 0.03
    assert u2.trace.notes == ("无一行成立，取 empty 值 10",)


def test_hit_first_bands_and_a_row_value_that_is_an_expression(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace(
        "免扣: {hit: unique, rows: [{when: {of: 类型, equals: 市级机关}, value: 20}, {when: {of: 类型, equals: 国有企事业}, value: 15}]}",
        '免扣: {hit: first, rows: [{when: {of: 加分, at_least: 2}, value: "加分 * 100"}, {when: {of: 加分, at_least: 1}, value: 30}, {value: 0}]}',
    )
    result = run_rules(body, {"units": UNITS})
    # U1 加分 1 → 30 free: 5 − 17 × 0.03 + 1 = 5.49; U2 加分 0 → 0 free: 5 − 18 × 0.03 = 4.46;
    # U3 加分 2 → 200 free: 5 − 200 × 0.03 = −1 → 0, + 2
    points = [result.subject(f"U{i}").component("年度").points for i in (1, 2, 3)]
    assert points == [Decimal("5.49"), Decimal("4.46"), Decimal(2)]
    assert result.subject("U3").component("年度").trace.inputs[-2:] == (("免扣", Decimal(200)), ("扣后", Decimal(-1)))


def test_a_condition_on_a_component_scored_before(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace("points: 10\ncomponents:\n", "points: 20\ncomponents:\n  - {id: 基础, name: 基础, kind: input, column: 加分, points: 10}\n")
    body = body.replace("{when: {of: 类型, equals: 市级机关}, value: 20}, {when: {of: 类型, equals: 国有企事业}, value: 15}]}",
                        "{when: {of: 基础, at_least: 1}, value: 100}], empty: 0}")
    result = run_rules(body, {"units": UNITS})
    # 基础 ≥ 1 (U1, U3): 100 free; U3 5 − 300 × 0.03 < 0 → 0, + 2
    assert [result.subject(f"U{i}").component("年度").points for i in (1, 2, 3)] == [Decimal(6), Decimal("4.46"), Decimal(2)]
    assert ("基础", Decimal(1)) in result.subject("U1").component("年度").trace.inputs


def test_a_blank_the_table_reads_is_not_counted_as_0(run_rules) -> None:  # type: ignore[no-untyped-def]
    """Under on_blank: zero a blank name of the let expressions counts as 0 (noted); a blank the table's
    conditions read is only a condition that does not hold."""
    body = BODY.replace("    expr:", "    on_blank: zero\n    expr:").replace("value: 15}]}", "value: 15}], empty: 5}")
    result = run_rules(body, {"units": "编码,名称,类型,排名,加分\nU1,甲,,10,"})
    line = result.subject("U1").component("年度").trace
    assert result.subject("U1").component("年度").points == Decimal("4.85")  # 5 free: 5 − 5 × 0.03 + 0
    assert line.notes == ("“加分”为空，按 0 计", "无一行成立，取 empty 值 5")


def test_the_tables_are_listed_first_among_the_let_values(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace("    let:\n      免扣:", "    let:\n      一半: \"加分 / 2\"\n      免扣:").replace("+ 加分", "+ 一半")
    result = run_rules(body, {"units": UNITS})
    line = result.subject("U1").component("年度").trace
    assert [name for name, _ in line.inputs] == ["加分", "排名", "类型", "免扣", "一半", "扣后"]
    assert result.subject("U1").component("年度").points == Decimal("4.69")


def test_a_let_before_the_table_cannot_use_it() -> None:
    body = BODY.replace("    let:\n      免扣:", "    let:\n      先: \"免扣 + 1\"\n      免扣:")
    with pytest.raises(RulesetError) as caught:
        load(body)
    assert caught.value.code == "RS030" and "unknown name '免扣'" in str(caught.value)


def test_a_table_condition_cannot_see_a_let_value() -> None:
    body = BODY.replace("    let:\n      免扣:", "    let:\n      先: \"加分 + 1\"\n      免扣:").replace(
        "{when: {of: 类型, equals: 市级机关}, value: 20}", "{when: {of: 先, at_least: 2}, value: 20}")
    with pytest.raises(RulesetError) as caught:
        load(body)
    assert caught.value.code == "RS071" and caught.value.location.path == "components[0].let.免扣.rows[0].when.of"


@pytest.mark.parametrize(("change", "path"), [
    ("value: 15}]}", "components[0].let.免扣.rows[1].value"),
    ("empty: blank}", "components[0].let.免扣.empty"),
])
def test_a_table_that_may_give_no_value_is_refused(change: str, path: str) -> None:
    body = BODY.replace("value: 15}]}", "value: blank}]}" if change.startswith("value") else "value: 15}], empty: blank}")
    with pytest.raises(RulesetError) as caught:
        load(body)
    assert caught.value.code == "RS109" and caught.value.location.path == path


def test_no_row_holding_and_two_rows_holding_are_the_lookups_errors(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError) as caught:
        run_rules(BODY, {"units": "编码,名称,类型,排名,加分\nU1,甲,,10,1"})
    assert caught.value.code == "EV016" and caught.value.message.startswith("U1 甲: 年度: no row of the lookup holds")
    two = BODY.replace("{when: {of: 类型, equals: 国有企事业}, value: 15}", "{when: {of: 加分, at_least: 1}, value: 15}")
    two = two.replace("value: 15}]}", "value: 15}], empty: 0}")
    with pytest.raises(EvaluationError) as caught:
        run_rules(two, {"units": "编码,名称,类型,排名,加分\nU1,甲,市级机关,10,1"})
    assert caught.value.code == "EV017"


def test_a_named_condition_used_only_in_a_let_table_counts_as_used(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace("{when: {of: 类型, equals: 市级机关}, value: 20}", "{when: {is: 机关}, value: 20}").replace(
        "value: 15}]}", "value: 15}], empty: 0}") + "conditions:\n  - {name: 机关, when: {of: 类型, equals: 市级机关}}\n"
    result = run_rules(body, {"units": UNITS})
    assert result.subject("U1").component("年度").points == Decimal("5.19")


# --------------------------------------------------------------------------- a let table is a lookup


@st.composite
def _bands(draw: st.DrawFn) -> tuple[str, str, list[Decimal]]:
    """Bands on 加分 under hit: first (values and `empty`), and the subjects' 加分."""
    lows = sorted(draw(st.lists(st.integers(0, 50), min_size=1, max_size=4, unique=True)), reverse=True)
    rows = ", ".join(f"{{when: {{of: 加分, at_least: {low}}}, value: {draw(st.integers(0, 99))}}}" for low in lows)
    empty = draw(st.integers(0, 99))
    marks = draw(st.lists(st.integers(0, 60).map(Decimal), min_size=1, max_size=6))
    return f"{{hit: first, rows: [{rows}], empty: {empty}}}", rows, marks


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_bands())
def test_a_let_table_gives_what_the_same_lookup_gives(case: tuple[str, str, list[Decimal]]) -> None:
    table, _, marks = case
    text = HEAD + subject_table("{header: 加分, type: decimal, required: false}") + f"""values:
  - {{id: 参照, name: 参照, kind: lookup, {table[1:-1]}}}
components:
  - {{id: 得分, name: 得分, kind: expression, let: {{取值: {table}}}, expr: "取值 * 1"}}
"""
    rows = "\n".join(f"U{i},单位{i},{mark}" for i, mark in enumerate(marks))
    with tempfile.TemporaryDirectory() as tmp:
        result = score(load_ruleset("t.yaml", text=text), write_tables(Path(tmp) / "facts", {"units": "编码,名称,加分\n" + rows}))
    for i, _mark in enumerate(marks):
        subject = result.subject(f"U{i}")
        expected = subject.component("参照")
        got = subject.component("得分")
        assert got.points == expected.points
        assert got.trace.notes == expected.trace.notes
        assert dict(got.trace.inputs)["取值"] == expected.points


def test_computed_at_once_or_step_by_step_the_trace_is_the_same(run_rules) -> None:  # type: ignore[no-untyped-def]
    """All numbers: the steps run at once (expressions.evaluate.compile_steps); a blank counted as 0
    takes the general way. Both list the same names in the same order and keep the table's note."""
    body = BODY.replace("    expr:", "    on_blank: zero\n    expr:").replace(
        ", {when: {of: 类型, equals: 国有企事业}, value: 15}]}", "], empty: 10}")
    result = run_rules(body, {"units": "编码,名称,类型,排名,加分\nU1,甲,国有企事业,18,1\nU2,乙,国有企事业,18,"})
    at_once, stepwise = (result.subject(u).component("年度").trace for u in ("U1", "U2"))
    assert [name for name, _ in at_once.inputs] == [name for name, _ in stepwise.inputs] == ["排名", "加分", "类型", "免扣", "扣后"]
    assert at_once.notes == ("无一行成立，取 empty 值 10",)
    assert stepwise.notes == ("“加分”为空，按 0 计", "无一行成立，取 empty 值 10")
    assert at_once.formula == "max(0, 扣后) + 加分 (排名 = 18, 加分 = 1, 类型 = 国有企事业, 免扣 = 10, 扣后 = 4.76) = 5.76"
