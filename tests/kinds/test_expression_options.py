"""The `expression` options any ruleset may use: `blank` (error, zero, blank), `checks` (EV027 at the
cell of the field a failed check names) and `min: null` (no lower end)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import EvaluationError, RulesetError

from ..rules_helpers import load, subject_table

BODY = "\n" + subject_table(
    "{header: 扣分, type: decimal, required: false}",
    "{header: 加分, type: decimal, required: false}",
) + """points: 10
components:
  - {id: 基础, name: 基础, kind: expression, expr: "10 - 扣分", points: 10, OPTIONS}
"""
UNITS = "编码,名称,扣分,加分\nU1,甲,2,1\nU2,乙,,1\nU3,丙,12,"


def _body(options: str) -> str:
    return BODY.replace(", OPTIONS", options)


def test_a_blank_name_is_an_error_by_default(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError) as caught:
        run_rules(_body(", clamp: true"), {"units": UNITS})
    assert caught.value.code == "EV008" and (caught.value.location.row, caught.value.location.field) == (3, "扣分")


def test_blank_zero_counts_a_blank_name_as_0_and_says_so(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(_body(", clamp: true, on_blank: zero"), {"units": UNITS})
    assert [s.component("基础").points for s in result.subjects] == [Decimal(8), Decimal(10), Decimal(0)]
    trace = result.subject("U2").component("基础").trace
    assert trace.notes == ("“扣分”为空，按 0 计",) and trace.inputs == (("扣分", None),)


def test_blank_blank_gives_the_component_no_value(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(_body(", clamp: true, on_blank: blank"), {"units": UNITS})
    got = result.subject("U2").component("基础")
    assert got.points is None and got.trace.formula == "扣分: 无数据" and got.trace.notes == ("无数据",)
    assert result.subject("U2").total is None and result.subject("U1").total == Decimal(8)


def test_a_check_that_fails_is_an_error_at_the_cell_it_names(run_rules) -> None:  # type: ignore[no-untyped-def]
    options = ", clamp: true, on_blank: zero, checks: [{name: 扣分不超过10, when: {any: [{blank: 扣分}, {of: 扣分, at_most: 10}]}}]"
    with pytest.raises(EvaluationError) as caught:
        run_rules(_body(options), {"units": UNITS})
    error = caught.value
    assert error.code == "EV027" and (error.location.row, error.location.field) == (4, "扣分")
    assert error.message == "U3 丙: 基础: the check '扣分不超过10' does not hold (扣分 = 12)"


def test_checks_hold_and_change_nothing(run_rules) -> None:  # type: ignore[no-untyped-def]
    options = ", on_blank: zero, checks: [{name: 扣分不为负数, when: {any: [{blank: 扣分}, {of: 扣分, at_least: 0}]}}]"
    result = run_rules(_body(options), {"units": UNITS.replace("U3,丙,12,", "U3,丙,3,")})
    assert [s.total for s in result.subjects] == [Decimal(8), Decimal(10), Decimal(7)]


def test_a_check_cannot_read_the_total() -> None:
    with pytest.raises(RulesetError) as caught:
        load(_body(", checks: [{name: 总分够, when: {at_least: 60}}]"))
    assert caught.value.code == "RS070"


def test_min_null_leaves_no_lower_end(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace('expr: "10 - 扣分", points: 10, OPTIONS', 'expr: "-扣分", points: 0, min: null, on_blank: zero').replace(
        "points: 10\ncomponents", "points: 0\ncomponents")
    result = run_rules(body, {"units": UNITS})
    assert [s.component("基础").points for s in result.subjects] == [Decimal(-2), Decimal(0), Decimal(-12)]
    with pytest.raises(EvaluationError) as caught:
        run_rules(body, {"units": UNITS.replace("U1,甲,2,", "U1,甲,-2,")})
    assert caught.value.code == "EV005" and "gave 2, above the max 0" in caught.value.message


def test_min_omitted_is_still_0(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError) as caught:
        run_rules(_body(", on_blank: zero"), {"units": UNITS})
    assert caught.value.code == "EV005" and "outside 0–10" in caught.value.message


# --------------------------------------------------------------------------- a lookup of one text field's values

LOOKUP = "\n" + subject_table("{header: 类别, type: text, required: false}") + """points: 5
components:
  - id: 系数
    name: 系数
    kind: lookup
    points: 5
    hit: HIT
    rows:
ROWS
    empty: EMPTY
"""


@pytest.mark.parametrize(
    ("hit", "rows", "empty", "expected"),
    [
        # first: the row naming the value; a blank picks the blank row wherever it stands
        ("first", ["{when: {of: 类别, in: [甲]}, value: 1}", "{when: {of: 类别, equals: 乙}, value: 2}",
                   "{when: {blank: 类别}, value: 3}"], "4", [1, 2, 3, 4]),
        # unique: one row per value; no row for 丙 gives empty
        ("unique", ["{when: {blank: 类别}, value: blank}", "{when: {of: 类别, equals: 甲}, value: 1}",
                    "{when: {of: 类别, in: [乙]}, value: 2}"], "0", [1, 2, None, 0]),
    ],
)
def test_a_lookup_of_one_text_field_picks_as_its_conditions_do(
    run_rules, hit: str, rows: list[str], empty: str, expected: list[int | None],  # type: ignore[no-untyped-def]
) -> None:
    body = LOOKUP.replace("HIT", hit).replace("ROWS", "\n".join(f"      - {r}" for r in rows)).replace("EMPTY", empty)
    result = run_rules(body, {"units": "编码,名称,类别\nU1,甲单位,甲\nU2,乙单位,乙\nU3,丙单位,\nU4,丁单位,丙"})
    got = [s.component("系数").points for s in result.subjects]
    assert got == [None if e is None else Decimal(e) for e in expected]


def test_two_rows_naming_one_value_under_unique_still_say_so(run_rules) -> None:  # type: ignore[no-untyped-def]
    rows = ["{when: {blank: 类别}, value: blank}", "{when: {of: 类别, in: [甲, 乙]}, value: 1}", "{when: {of: 类别, equals: 乙}, value: 2}"]
    body = LOOKUP.replace("HIT", "unique").replace("ROWS", "\n".join(f"      - {r}" for r in rows)).replace("EMPTY", "0")
    with pytest.raises(EvaluationError) as caught:
        run_rules(body, {"units": "编码,名称,类别\nU1,甲单位,乙"})
    assert caught.value.code == "EV017"
