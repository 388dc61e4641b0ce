"""The `lookup` kind: rows of a subject condition and a value under a declared hit policy (`first`,
`unique`), `empty` (error, blank, a number), values that are numbers or expressions over fields,
named values and earlier components. The worked case follows a published 民主测评 band table:
优秀率 bands at 0.9 / 0.8 / 0.7 / 0.6 and 130 when 基本称职 and 不称职 reach 1/3 of the valid
votes, every band end hit exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, RulesetError
from pingyi_rules.compile.lookup_table import common as _common
from pingyi_rules.compile.lookup_table import covers as _covers

from ..rules_helpers import load, subject_table

VOTES = [f"{{header: {h}, type: count}}" for h in ("优秀", "称职", "基本称职", "不称职")]
BANDS = "\n" + subject_table(*VOTES) + """values:
  - {id: 优秀率, name: 优秀率, kind: expression, expr: "优秀 / (优秀 + 称职 + 基本称职 + 不称职)"}
points: 200
components:
  - id: 民主测评
    name: 民主测评
    kind: lookup
    points: 200
    hit: first
    rows:
      - {when: {expr: "(基本称职 + 不称职) * 3 >= 优秀 + 称职 + 基本称职 + 不称职"}, value: 130}
      - {when: {of: 优秀率, at_least: 0.9}, value: 200}
      - {when: {of: 优秀率, at_least: 0.8}, value: 190}
      - {when: {of: 优秀率, at_least: 0.7}, value: 180}
      - {when: {of: 优秀率, at_least: 0.6}, value: 170}
      - {value: 160}
"""
VOTE_ROWS = """编码,名称,优秀,称职,基本称职,不称职
A,九成,18,2,0,0
B,八成,16,4,0,0
C,七成,14,6,0,0
D,六成,12,8,0,0
E,不到六成,59,41,0,0
F,三分之一,20,0,9,1
G,不到三分之一,21,0,9,1
H,差一票九成,8999,1001,0,0"""


def test_bands_first_row_that_holds_each_band_end_exactly(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BANDS, {"units": VOTE_ROWS})
    # A 18/20 = 0.9 → 200; B 16/20 = 0.8 → 190; C 0.7 → 180; D 0.6 → 170; E 59/100 = 0.59 → 160;
    # F (9 + 1) × 3 = 30 ≥ 20 + 0 + 9 + 1 = 30 → exactly 1/3 → 130, though its 优秀率 20/30 would give 170;
    # G 30 ≥ 31 fails → 21/31 = 0.677… → 170; H 8999/10000 = 0.8999 → 190.
    got = {u: result.subject(u).component("民主测评").points for u in "ABCDEFGH"}
    assert got == {"A": 200, "B": 190, "C": 180, "D": 170, "E": 160, "F": 130, "G": 170, "H": 190}


def test_the_trace_names_the_row_that_held_and_those_before_it(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BANDS, {"units": VOTE_ROWS})
    first = "第 1 行 (基本称职 + 不称职) * 3 >= 优秀 + 称职 + 基本称职 + 不称职"
    assert result.subject("F").component("民主测评").trace.formula == f"{first}：成立 → 130"
    assert result.subject("C").component("民主测评").trace.formula == (
        f"{first}：不成立；第 2 行 “优秀率” ≥ 0.9：不成立；第 3 行 “优秀率” ≥ 0.8：不成立；第 4 行 “优秀率” ≥ 0.7：成立 → 180"
    )
    assert result.subject("E").component("民主测评").trace.formula.endswith("第 5 行 “优秀率” ≥ 0.6：不成立；第 6 行 其余：成立 → 160")
    inputs = dict(result.subject("A").component("民主测评").trace.inputs)
    assert inputs == {"基本称职": 0, "不称职": 0, "优秀": 18, "称职": 2, "优秀率": Decimal("0.9")}


def test_the_trace_shows_each_subjects_own_fields(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BANDS, {"units": VOTE_ROWS})
    # the rows of VOTE_ROWS as written: F 20 / 0 / 9 / 1, H 8999 / 1001 / 0 / 0 (优秀率 8999 / 10000)
    for unit, votes in (("F", (20, 0, 9, 1)), ("H", (8999, 1001, 0, 0))):
        inputs = dict(result.subject(unit).component("民主测评").trace.inputs)
        assert {k: v for k, v in inputs.items() if k != "优秀率"} == dict(zip(("优秀", "称职", "基本称职", "不称职"), votes, strict=True))
    assert dict(result.subject("H").component("民主测评").trace.inputs)["优秀率"] == Decimal("0.8999")


def test_first_a_band_written_after_a_wider_one_is_never_reached() -> None:
    swapped = BANDS.replace(
        "      - {when: {of: 优秀率, at_least: 0.9}, value: 200}\n      - {when: {of: 优秀率, at_least: 0.8}, value: 190}\n",
        "      - {when: {of: 优秀率, at_least: 0.8}, value: 190}\n      - {when: {of: 优秀率, at_least: 0.9}, value: 200}\n",
    )
    assert swapped != BANDS
    error = _load_error(swapped)
    assert error.code == "RS079", str(error)
    assert "components[0].rows[2].when: row 3 is never reached: row 2 holds wherever it holds" in str(error)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, 0, 1, 2, 3]), st.booleans()), min_size=4, max_size=4))
def test_a_row_is_unreachable_exactly_when_an_earlier_one_holds_wherever_it_holds(ends: list[tuple[int | None, bool]]) -> None:
    (low_a, in_a), (high_a, hin_a), (low_b, in_b), (high_b, hin_b) = ends
    outer = (_d(low_a), in_a, _d(high_a), hin_a)
    inner = (_d(low_b), in_b, _d(high_b), hin_b)
    grid = [Decimal(n) / 2 for n in range(-4, 12)]
    assume(any(_holds(inner, x) for x in grid))  # the model refuses empty intervals
    assert _covers(outer, inner) == all(_holds(outer, x) for x in grid if _holds(inner, x))


# --------------------------------------------------------------------------- unique

UNIQUE = BANDS.replace("hit: first", "hit: unique").replace(
    """      - {when: {expr: "(基本称职 + 不称职) * 3 >= 优秀 + 称职 + 基本称职 + 不称职"}, value: 130}
      - {when: {of: 优秀率, at_least: 0.9}, value: 200}
      - {when: {of: 优秀率, at_least: 0.8}, value: 190}
      - {when: {of: 优秀率, at_least: 0.7}, value: 180}
      - {when: {of: 优秀率, at_least: 0.6}, value: 170}
      - {value: 160}
""",
    """      - {when: {of: 优秀率, at_least: 0.9}, value: 200}
      - {when: {of: 优秀率, at_least: 0.8, below: 0.9}, value: 190}
      - {when: {of: 优秀率, at_least: 0.7, below: 0.8}, value: 180}
      - {when: {of: 优秀率, at_least: 0.6, below: 0.7}, value: 170}
      - {when: {of: 优秀率, below: 0.6}, value: 160}
""",
)


def test_unique_disjoint_bands_give_the_one_row_that_holds(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(UNIQUE, {"units": VOTE_ROWS})
    got = {u: result.subject(u).component("民主测评").points for u in "ABCDEH"}
    assert got == {"A": 200, "B": 190, "C": 180, "D": 170, "E": 160, "H": 190}
    assert result.subject("B").component("民主测评").trace.formula == "第 2 行 “优秀率” ≥ 0.8 且 < 0.9：成立（其余 4 行不成立） → 190"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [  # the overlap named by a value in both rows
        ("at_least: 0.8, below: 0.9}", "between: [0.8, 0.9]}", "rows 1 and 2 both hold when '优秀率' is 0.9"),
        ("below: 0.6}", "at_most: 0.6}", "rows 4 and 5 both hold when '优秀率' is 0.6"),
        ("at_least: 0.7, below: 0.8}", "above: 0.6, below: 0.8}", "rows 3 and 4 both hold when '优秀率' is 0.65"),
        ("{of: 优秀率, below: 0.6}", "{of: 优秀率, equals: 0.65}", "rows 4 and 5 both hold when '优秀率' is 0.65"),
    ],
)
def test_unique_overlapping_intervals_are_refused_at_load(old: str, new: str, message: str) -> None:
    assert old in UNIQUE
    error = _load_error(UNIQUE.replace(old, new))
    assert (error.code, message in str(error)) == ("RS068", True), str(error)


def test_unique_rows_naming_one_value_twice_are_refused_at_load() -> None:
    body = "\n" + subject_table("{header: 类别, type: enum, choices: [镇街, 功能区, 部门]}") + """points: 2
components:
  - id: 系数
    name: 系数
    kind: lookup
    points: 2
    hit: unique
    rows:
      - {when: {of: 类别, equals: 镇街}, value: 1.2}
      - {when: {of: 类别, in: [功能区, 部门]}, value: 1}
"""
    assert load(body).model.components[0].kind == "lookup"
    error = _load_error(body.replace("in: [功能区, 部门]", "in: [部门, 镇街]"))
    assert (error.code, "rows 1 and 2 both hold when '类别' is 镇街" in str(error)) == ("RS068", True), str(error)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, 0, 1, 2, 3]), st.booleans()), min_size=4, max_size=4))
def test_the_overlap_found_at_load_is_exactly_a_value_both_rows_hold(ends: list[tuple[int | None, bool]]) -> None:
    (low_a, in_a), (high_a, hin_a), (low_b, in_b), (high_b, hin_b) = ends
    a = (_d(low_a), in_a, _d(high_a), hin_a)
    b = (_d(low_b), in_b, _d(high_b), hin_b)

    grid = [Decimal(n) / 2 for n in range(-4, 12)]  # every end, every midpoint, and beyond both sides
    common = _common(a, b)
    if common is None:
        assert not any(_holds(a, x) and _holds(b, x) for x in grid)
    else:
        assert _holds(a, common) and _holds(b, common)


def _d(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _holds(interval: tuple[Decimal | None, bool, Decimal | None, bool], x: Decimal) -> bool:
    low, low_in, high, high_in = interval
    above = low is None or x > low or (low_in and x == low)
    below = high is None or x < high or (high_in and x == high)
    return above and below


def test_unique_intervals_that_only_touch_are_accepted() -> None:
    # [0.8, 0.9) and [0.9, …) meet at 0.9 without sharing it; 0.6 is in [0.6, 0.7) only, not in (…, 0.6)
    assert load(UNIQUE).model.components[0].kind == "lookup"


def test_unique_two_rows_holding_for_a_subject_is_an_error_naming_both(run_rules) -> None:  # type: ignore[no-untyped-def]
    # not all rows are intervals on one value, so the overlap is found for the subject: F holds rows 1 and 5
    body = UNIQUE.replace(
        "      - {when: {of: 优秀率, at_least: 0.9}, value: 200}\n",
        "      - {when: {expr: \"(基本称职 + 不称职) * 3 >= 优秀 + 称职 + 基本称职 + 不称职\"}, value: 130}\n"
        "      - {when: {of: 优秀率, at_least: 0.9}, value: 200}\n",
    )
    with pytest.raises(EvaluationError) as exc:
        run_rules(body, {"units": VOTE_ROWS})
    assert exc.value.code == "EV017"
    assert "F 三分之一: 民主测评: rows 1 ((基本称职 + 不称职) * 3 >= 优秀 + 称职 + 基本称职 + 不称职) and 5 (“优秀率” ≥ 0.6 且 < 0.7) both hold" in str(exc.value)


# --------------------------------------------------------------------------- empty

TRIMMED = "\n" + subject_table("{header: 有效票数, type: count}", "{header: 最高票, type: decimal, required: false}") + """values:
  - id: 去掉的最高分
    name: 去掉的最高分
    kind: lookup
    hit: first
    rows: [{when: {of: 有效票数, above: 5}, value: 最高票}]
    empty: blank
points: 100
components:
  - {id: 分, name: 分, kind: expression, points: 100, expr: "100 - 有效票数"}
"""
TRIMMED_ROWS = "编码,名称,有效票数,最高票\nA,六票,6,95.5\nB,五票,5,\nC,零票,0,"


def test_empty_blank_gives_no_value_when_no_row_holds(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(TRIMMED, {"units": TRIMMED_ROWS})
    # A: 6 > 5 → 最高票 95.5; B: 5 > 5 fails → blank (its blank 最高票 is never read); C likewise
    assert [result.subject(u).component("去掉的最高分").points for u in "ABC"] == [Decimal("95.5"), None, None]
    trace = result.subject("B").component("去掉的最高分").trace
    assert trace.formula == "第 1 行 “有效票数” > 5：不成立；无一行成立 → 无数据"
    assert result.subject("A").component("去掉的最高分").trace.formula == "第 1 行 “有效票数” > 5：成立 → 最高票 (最高票 = 95.5) = 95.5"
    assert [result.subject(u).total for u in "ABC"] == [94, 95, 100]  # a value counts toward nothing


def test_empty_a_number_is_the_value_when_no_row_holds(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(TRIMMED.replace("empty: blank", "empty: 0"), {"units": TRIMMED_ROWS})
    assert [result.subject(u).component("去掉的最高分").points for u in "ABC"] == [Decimal("95.5"), 0, 0]
    assert result.subject("C").component("去掉的最高分").trace.formula == "第 1 行 “有效票数” > 5：不成立；无一行成立，取 0"


def test_empty_error_names_the_subject_and_the_rows(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError) as exc:
        run_rules(TRIMMED.replace("    empty: blank\n", ""), {"units": TRIMMED_ROWS})
    assert exc.value.code == "EV016"
    assert str(exc.value).endswith(
        "B 五票: 去掉的最高分: no row of the lookup holds for this subject (1. “有效票数” > 5); "
        "declare 'empty' (blank, or a number) if that may happen [EV016]"
    )


# --------------------------------------------------------------------------- values

def test_a_value_expression_over_fields_values_and_earlier_components(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = "\n" + subject_table("{header: 得分, type: decimal}", "{header: 类别, type: enum, choices: [镇街, 部门]}") + """values:
  - {id: 系数, name: 系数, kind: lookup, hit: unique, rows: [{when: {of: 类别, equals: 镇街}, value: 1.2}, {when: {of: 类别, equals: 部门}, value: 1}]}
points: 100
components:
  - {id: 基础, name: 基础, kind: input, points: 50, column: 得分}
  - id: 折算
    name: 折算
    kind: lookup
    points: 50
    hit: first
    rows:
      - {when: {of: 基础, at_least: 40}, value: "min(基础 * 系数, 50)"}
      - {value: "基础 / 2"}
"""
    result = run_rules(body, {"units": "编码,名称,得分,类别\nA,甲,45,镇街\nB,乙,45,部门\nC,丙,39.5,镇街"})
    # A: 45 ≥ 40 → min(45 × 1.2, 50) = 50; B: min(45 × 1, 50) = 45; C: 39.5 < 40 → 39.5 / 2 = 19.75
    assert [result.subject(u).component("折算").points for u in "ABC"] == [50, 45, Decimal("19.75")]
    assert result.subject("C").component("折算").trace.formula == "第 1 行 “基础” ≥ 40：不成立；第 2 行 其余：成立 → 基础 / 2 (基础 = 39.5) = 19.75"


def test_a_value_expression_reads_each_subjects_own_field(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(TRIMMED, {"units": "编码,名称,有效票数,最高票\nA,六票,6,95.5\nD,七票,7,88\nE,八票,8,91.25"})
    # every unit has more than 5 votes → row 1 holds → its own 最高票: A 95.5, D 88, E 91.25
    assert [result.subject(u).component("去掉的最高分").points for u in "ADE"] == [Decimal("95.5"), 88, Decimal("91.25")]


def test_a_blank_value_read_by_the_row_that_holds_is_an_error_at_its_cell(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError) as exc:
        run_rules(TRIMMED, {"units": "编码,名称,有效票数,最高票\nA,六票,6,"})
    assert exc.value.code == "EV008"
    assert "column 最高票: A 六票: 去掉的最高分: row 1's value '最高票': 最高票 is blank" in str(exc.value)


def test_a_value_outside_the_points_is_an_error(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = TRIMMED.replace("    empty: blank\n", "    empty: blank\n    points: 90\n")
    with pytest.raises(EvaluationError) as exc:
        run_rules(body, {"units": TRIMMED_ROWS})
    assert exc.value.code == "EV005"
    assert "A 六票: 去掉的最高分: row 1's value '最高票' gave 95.5, outside 0–90 (the points)" in str(exc.value)


def test_a_lookup_value_is_usable_in_tiers(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = TRIMMED + "tiers:\n  - {name: 去高去低, when: {not: {blank: 去掉的最高分}}}\n"
    result = run_rules(body, {"units": TRIMMED_ROWS})
    assert [result.subject(u).tiers for u in "ABC"] == [["去高去低"], [], []]


def test_a_named_condition_in_a_row_is_used(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = TRIMMED.replace("when: {of: 有效票数, above: 5}", "when: {is: 去高去低}") + (
        "conditions:\n  - {name: 去高去低, when: {of: 有效票数, above: 5}}\n"
    )
    result = run_rules(body, {"units": TRIMMED_ROWS})
    assert [result.subject(u).component("去掉的最高分").points for u in "ABC"] == [Decimal("95.5"), None, None]


# --------------------------------------------------------------------------- refused at load


@pytest.mark.parametrize(
    ("old", "new", "code", "message"),
    [
        ("rows: [{when: {of: 有效票数, above: 5}, value: 最高票}]", "rows: [{value: 0}, {when: {of: 有效票数, above: 5}, value: 最高票}]",
         "RS079", "values[0].rows[0]: a row without 'when' always holds, so the 1 row(s) after it would never be reached"),
        ("hit: first\n    rows: [{when: {of: 有效票数, above: 5}, value: 最高票}]",
         "hit: unique\n    rows: [{when: {of: 有效票数, above: 5}, value: 最高票}, {value: 0}]",
         "RS079", "values[0].rows[1]: under hit: unique every row needs 'when'"),
        ("    rows: [{when: {of: 有效票数, above: 5}, value: 最高票}]\n", "    points: 90\n    rows: [{when: {of: 有效票数, above: 5}, value: 91}]\n",
         "RS069", "values[0].rows[0].value: the value 91 is outside 0–90 (the points)"),
        ("    empty: blank\n", "    empty: 95\n    points: 90\n", "RS069", "values[0].empty: empty 95 is outside 0–90 (the points)"),
        ("rows: [{when: {of: 有效票数, above: 5}, value: 最高票}]", "rows: [{when: {of: 有效票数, above: 5}, value: 最高票}, {value: 0}]",
         "RS053", "values[0].empty: the last row has no 'when' and always holds, so 'empty' is never used"),
        ("{of: 有效票数, above: 5}", "{top: 3}", "RS070", "values[0].rows[0].when.top: 'top' does not apply in row 1 of lookup '去掉的最高分'"),
        ("{of: 有效票数, above: 5}", "{tier: 优秀}", "RS070", "'tier' does not apply in row 1 of lookup '去掉的最高分'"),
        ("{of: 有效票数, above: 5}", "{above: 5}", "RS070",
         "values[0].rows[0].when: a lookup's rows are decided while the subject's components are computed, before the total"),
        ("{of: 有效票数, above: 5}", "{of: 分, above: 5}", "RS071", "'分' is not a field or a component"),
        ("{of: 有效票数, above: 5}", "{of: 去掉的最高分, above: 5}", "RS071", "component '去掉的最高分' is not scored yet"),
        ("value: 最高票}", "value: \"最高票 + 分\"}", "RS030", "expression '最高票 + 分', column 7: '分' is a component evaluated later"),
        ("value: 最高票}", "value: 最高票 > 1}", "RS030", "expression '最高票 > 1'"),
    ],
)
def test_rows_that_do_not_fit_are_refused_at_load(old: str, new: str, code: str, message: str) -> None:
    assert old in TRIMMED
    error = _load_error(TRIMMED.replace(old, new, 1))
    assert (error.code, message in str(error)) == (code, True), str(error)


@pytest.mark.parametrize(("value", "message"), [("true", "expected a number or an expression (text)"), ("[1]", "expected a number")])
def test_a_value_is_a_number_or_an_expression(value: str, message: str) -> None:
    error = _load_error(TRIMMED.replace("value: 最高票}", f"value: {value}}}"))
    assert (error.code, message in str(error)) == ("RS016", True), str(error)


def test_hit_is_required() -> None:
    error = _load_error(TRIMMED.replace("    hit: first\n", ""))
    assert error.code == "RS013" and str(error).endswith("values[0]: missing key 'hit' [RS013]"), str(error)


def _load_error(body: str) -> RulesetError:
    with pytest.raises(RulesetError) as exc:
        load(body)
    return exc.value
