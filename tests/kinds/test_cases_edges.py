"""The `cases` kind step by step, on rows written so that each step's outcome is read off the table:
the period window (first and last day in, the days either side and a blank date out), the count
column (a blank count counts 0), fixed, ranged and looked-up amounts, an exemption and its loss, a
modifier before and after "only the highest", the highest with equal amounts and with the higher row
last, a blank key, group caps, the floor, and a bonus's own cap. Every expected number is worked in
the comment above it from the ruleset's words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import PingyiError

from ..rules_helpers import subject_table

BODY = "\n" + subject_table() + """    - id: rows
      layout: cases
      subject: 对象编码
      columns:
        - {header: 对象编码, type: id}
        - {header: 事项, type: enum, choices: [A, B, C, D]}
        - {header: 日期, type: date, required: false}
        - {header: 人次, type: count, required: false}
        - {header: 扣分, type: decimal, required: false}
        - {header: 人员, type: text, required: false}
        - {header: 处分, type: enum, choices: [警告, 记过], required: false}
        - {header: 负责人, type: bool, required: false}
        - {header: 免责, type: bool, required: false}
        - {header: 逾期, type: bool, required: false}
period: {start: 2023-01-01, end: 2023-12-31}
points: 10
components:
  - id: 扣分项
    name: 扣分项
    kind: cases
    points: 10
    table: rows
    code_column: 事项
    date: 日期
    count: 人次
    amount_column: 扣分
    items:
      - {code: A, name: 甲项, amount: 1, group: 限}
      - {code: B, name: 乙项, range: [0.5, 2], group: 限}
      - {code: C, name: 丙项, key: 处分, amounts: {警告: 2, 记过: 3}}
      - {code: D, name: 丁项, amount: 4}
    caps: {限: 3}
    exemptions:
      - {when: {flag: 免责}, unless: {flag: 逾期}, codes: [C], reason: 免, lost: 逾期不免}
    modifiers:
      - {when: {flag: 负责人}, codes: [C], multiply: 1.5, reason: 负责人加重, after_highest: true}
      - {when: {flag: 负责人}, codes: [D], multiply: 0.5, reason: 减半}
    highest_only: {matter: [人员], codes: [C], reason: 就高}
"""
HEADER = "对象编码,事项,日期,人次,扣分,人员,处分,负责人,免责,逾期"
UNITS = "编码,名称\nU,甲单位"


def _run(run_rules, *rows: str):  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": UNITS, "rows": "\n".join([HEADER, *rows])})
    return result.subject("U").component("扣分项")


def _rows(component) -> list[tuple[str, Decimal | None]]:  # type: ignore[no-untyped-def]
    return [(r.status, r.amount) for r in component.trace.rows]


def test_the_period_holds_its_first_and_last_day_and_a_blank_count_counts_nothing(run_rules) -> None:  # type: ignore[no-untyped-def]
    component = _run(
        run_rules,
        "U,A,2022-12-31,1,,,,,,",  # the day before the period: out
        "U,A,2023-01-01,2,,,,,,",  # the first day: 1 × 2 = 2
        "U,A,2023-12-31,,,,,,,",   # the last day, 人次 blank: 1 × 0 = 0
        "U,A,2024-01-01,1,,,,,,",  # the day after: out
        "U,A,,1,,,,,,",            # no date: out
    )
    # 10 − 2 = 8
    assert component.points == 8
    assert [s for s, _ in _rows(component)] == ["excluded", "counted", "counted", "excluded", "excluded"]
    assert [a for _, a in _rows(component)][1:3] == [2, 0]
    assert component.trace.formula == "10 − (2) = 8"


def test_a_group_cap_cuts_the_row_that_goes_past_it(run_rules) -> None:  # type: ignore[no-untyped-def]
    component = _run(run_rules, "U,A,2023-03-01,1,,,,,,", "U,A,2023-03-02,1,,,,,,", "U,B,2023-03-03,1,1.5,,,,,")
    # group 限 caps at 3: A 1, A 1 (2 so far), B 1.5 → only 1 fits, 0.5 cut → 10 − 3 = 7
    assert component.points == 7
    assert _rows(component) == [("counted", 1), ("counted", 1), ("capped", 1)]
    assert component.trace.notes == ("乙项 超出上限，少计 0.5",)
    assert component.trace.formula == "10 − (1 + 1 + 1) = 7"


def test_looked_up_amounts_an_exemption_lost_and_the_highest_with_a_late_factor(run_rules) -> None:  # type: ignore[no-untyped-def]
    component = _run(
        run_rules,
        "U,C,2023-05-01,1,,P1,警告,否,否,否",  # P1 警告 2, lower, listed first: superseded
        "U,C,2023-05-02,1,,P1,记过,是,否,否",  # P1 记过 3, the highest, then × 1.5 (负责人, after the highest) = 4.5
        "U,C,2023-05-03,1,,P2,记过,否,是,否",  # 免责 and not 逾期: exempted
        "U,C,2023-05-04,1,,P3,警告,否,是,是",  # 免责 but 逾期: the exemption is lost, 2 counts
        "U,C,2023-05-05,1,,,记过,否,否,否",    # no 人员: outside "only the highest", 3 counts
        "U,D,2023-05-06,1,,P1,,是,否,否",      # D 4 × 0.5 (负责人, D only, before the highest) = 2; D is not in highest_only
    )
    # 4.5 + 2 + 3 + 2 = 11.5 → 10 − 11.5 = −1.5 → floor 0
    assert _rows(component) == [("superseded", 0), ("counted", Decimal("4.5")), ("exempted", 0), ("counted", 2),
                                ("counted", 3), ("counted", 2)]
    assert component.points == 0
    assert component.trace.formula == "10 − (4.5 + 2 + 3 + 2) = -1.5 → 0"
    reasons = [r.reason for r in component.trace.rows]
    assert reasons[1] == "丙项·记过 3 × 1 人次 × 1.5（负责人加重）"
    assert reasons[3] == "丙项·警告 2 × 1 人次 不适用豁免（免）：逾期不免"
    assert reasons[2] == "丙项: 免"
    assert reasons[5] == "丁项 4 × 1 人次 × 0.5（减半）"
    assert reasons[0].startswith("丙项: 就高（以 ") and "row 3" in reasons[0]


def test_of_equal_amounts_the_first_row_stays_and_the_later_one_is_superseded(run_rules) -> None:  # type: ignore[no-untyped-def]
    component = _run(run_rules, "U,C,2023-05-01,1,,P1,记过,否,否,否", "U,C,2023-05-02,1,,P1,记过,是,否,否")
    # both 3: the first stays (3, its own 负责人 否); the second, not higher, is superseded → 10 − 3 = 7
    # (keeping the second would give 3 × 1.5 = 4.5 → 5.5)
    assert _rows(component) == [("counted", 3), ("superseded", 0)]
    assert component.points == 7


@pytest.mark.parametrize(
    ("row", "code", "column", "words"),
    [
        ("U,B,2023-05-01,1,2.5,,,,,", "EV027", "扣分", "the check 'B 乙项：扣分 在 0.5–2 内' does not hold (扣分 = 2.5)"),
        ("U,B,2023-05-01,1,,,,,,", "EV008", "扣分", "per_row row 2 (乙项): '扣分': 扣分 is blank"),
        ("U,A,2023-05-01,1,1.5,,,,,", "EV027", "扣分", "the check 'A 甲项：扣分 为空或为 1' does not hold (扣分 = 1.5)"),
        ("U,A,2023-05-01,1,0.5,,,,,", "EV027", "扣分", "the check 'A 甲项：扣分 为空或为 1' does not hold (扣分 = 0.5)"),
        ("U,C,2023-05-01,1,,P1,,,,", "EV033", "处分",
         "blank; the per_row table takes the row by '处分' (its rows for 事项 = C name 警告 / 记过)"),
    ],
)
def test_an_amount_that_does_not_fit_is_refused_at_its_cell(run_rules, row: str, code: str, column: str, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PingyiError) as caught:
        _run(run_rules, row)
    assert caught.value.code == code
    assert words in str(caught.value)
    assert caught.value.location is not None and caught.value.location.row == 2
    assert caught.value.location.field == column


def test_a_fixed_amount_written_on_the_row_as_the_same_number_is_accepted(run_rules) -> None:  # type: ignore[no-untyped-def]
    # A's fixed 1 written as 1.0: the same amount → 10 − 1 = 9
    assert _run(run_rules, "U,A,2023-05-01,1,1.0,,,,,").points == 9


BONUS = "\n" + subject_table() + """    - id: awards
      layout: cases
      subject: 对象编码
      columns:
        - {header: 对象编码, type: id}
        - {header: 级别, type: enum, choices: [省, 国]}
points: 5
components:
  - {id: 加分, name: 加分, kind: cases, effect: add, points: 5, table: awards, code_column: 级别,
     items: [{code: 省, name: 省级, amount: 3}, {code: 国, name: 国家级, amount: 4}]}
"""


def test_a_bonus_stops_at_its_points(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BONUS, {"units": UNITS, "awards": "对象编码,级别\nU,省\nU,国\nU,省"})
    component = result.subject("U").component("加分")
    # 3, then 4 with room 2 (2 cut), then 3 with room 0 (3 cut) → 5
    assert component.points == 5
    assert [(r.status, r.amount) for r in component.trace.rows] == [("counted", 3), ("capped", 2), ("capped", 0)]
    assert component.trace.notes == ("国家级 超出上限，少计 2", "省级 超出上限，少计 3")
    assert component.trace.formula == "3 + 2 = 5"


def test_the_highest_skips_other_items_and_blank_keys_and_goes_on_past_them(run_rules) -> None:  # type: ignore[no-untyped-def]
    component = _run(
        run_rules,
        "U,D,2023-05-01,1,,P1,,否,否,否",    # D is not in highest_only: 4, and the rows after it are still compared
        "U,C,2023-05-02,1,,,警告,否,否,否",   # no 人员: not compared, 2
        "U,C,2023-05-03,1,,,记过,否,否,否",   # no 人员 either: not compared with the row above, 3
        "U,C,2023-05-04,1,,P1,警告,否,否,否",  # P1 警告 2 < P1 记过 3 below: superseded
        "U,C,2023-05-05,1,,P1,记过,否,否,否",  # P1 记过 3
    )
    assert _rows(component) == [("counted", 4), ("counted", 2), ("counted", 3), ("superseded", 0), ("counted", 3)]


def test_a_date_column_can_be_the_key_of_the_highest(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace("highest_only: {matter: [人员], codes: [C], reason: 就高}", "highest_only: {matter: [日期], codes: [C], reason: 就高}")
    rows = f"{HEADER}\nU,C,2023-05-01,1,,P1,警告,否,否,否\nU,C,2023-05-01,1,,P2,记过,否,否,否\nU,C,2023-05-02,1,,P3,警告,否,否,否"
    result = run_rules(body, {"units": UNITS, "rows": rows})
    # 2023-05-01: 警告 2 and 记过 3 → only 3; 2023-05-02: 2 → 10 − (3 + 2) = 5
    component = result.subject("U").component("扣分项")
    assert _rows(component) == [("superseded", 0), ("counted", 3), ("counted", 2)]
    assert component.points == 5


def test_without_a_date_column_every_row_counts_whatever_the_period(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace("    date: 日期\n", "")
    rows = f"{HEADER}\nU,A,2022-12-31,1,,,,,,\nU,A,,1,,,,,,"
    # the ruleset's period is not read without `date`: both A rows count, 10 − (1 + 1) = 8
    assert run_rules(body, {"units": UNITS, "rows": rows}).subject("U").component("扣分项").points == 8


def test_a_lost_exemption_leaves_the_next_one_to_be_tried(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace("lost: 逾期不免}\n", "lost: 逾期不免}\n      - {when: {flag: 负责人}, codes: [C], reason: 二免}\n")
    rows = f"{HEADER}\nU,C,2023-05-01,1,,P3,警告,是,是,是\nU,C,2023-05-02,1,,P4,警告,否,否,否"
    # row 1: 免责 but 逾期 → the first exemption is lost; 负责人 → the second holds: exempted.
    # row 2: neither → 警告 2 → 10 − 2 = 8
    component = run_rules(body, {"units": UNITS, "rows": rows}).subject("U").component("扣分项")
    assert _rows(component) == [("exempted", 0), ("counted", 2)]
    assert component.trace.rows[0].reason == "丙项: 二免"
    assert component.points == 8


def test_two_rows_are_traced_in_their_table_order(run_rules) -> None:  # type: ignore[no-untyped-def]
    # row 1 counts (1), row 2 is outside the period: the trace lists them as the table does → 10 − 1 = 9
    component = _run(run_rules, "U,A,2023-05-01,1,,,,,,", "U,A,2024-05-01,1,,,,,,")
    assert _rows(component) == [("counted", 1), ("excluded", None)]
    assert component.points == 9
