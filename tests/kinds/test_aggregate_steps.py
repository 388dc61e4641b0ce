"""An `aggregate`'s row steps (kinds.aggregate_steps), each on its own: `in_period`, a row table as
`per_row`, `exempt`, `multipliers`, `keep_highest`, `checks`, `caps`, `above_points`, `base` / `floor` — and, over
generated rows (hypothesis), every row in exactly one trace entry and the value the sum of what
the trace counts, each group within its cap."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, score

from ..rules_helpers import load, subject_table, write_tables

TABLE = """    - id: 案例
      layout: cases
      subject: 对象
      columns:
        - {header: 对象, type: id}
        - {header: 日期, type: date}
        - {header: 事项, type: enum, choices: [A, B, C]}
        - {header: 金额, type: decimal, required: false}
        - {header: 人次, type: count}
        - {header: 严重, type: bool}
        - {header: 事, type: text, required: false}
period: {start: 2024-01-01, end: 2024-12-31}
points: 20
components:
  - id: 案例分
    name: 案例分
    kind: aggregate
    points: 20
    table: 案例
    function: sum
    empty: 0
"""
HEADER = "对象,日期,事项,金额,人次,严重,事"
UNITS = "编码,名称\nU1,甲\nU2,乙"


def _run(tmp_path: Path, keys: str, rows: list[str]) -> object:
    ruleset = load("\n" + subject_table() + TABLE + keys)
    return score(ruleset, write_tables(tmp_path / "facts", {"units": UNITS, "案例": "\n".join([HEADER, *rows])}))


def _trace(result: object, unit: str = "U1") -> list[tuple[str, Decimal | None, str]]:
    component = result.subject(unit).component("案例分")  # type: ignore[attr-defined]
    return [(r.status, r.amount, r.reason) for r in component.trace.rows]


def test_period_excludes_the_rows_dated_outside_it(tmp_path: Path) -> None:
    result = _run(tmp_path, "    per_row: 金额\n    in_period: 日期\n",
                  ["U1,2024-01-01,A,1,1,否,", "U1,2023-12-31,A,2,1,否,", "U1,2025-01-01,A,4,1,否,"])
    assert result.subject("U1").component("案例分").points == 1  # type: ignore[attr-defined]
    assert _trace(result) == [
        ("counted", Decimal(1), "1"),
        ("excluded", None, "2023-12-31 不在统计期 2024-01-01–2024-12-31"),
        ("excluded", None, "2025-01-01 不在统计期 2024-01-01–2024-12-31"),
    ]


TABLE_ROWS = """    per_row:
      hit: unique
      rows:
        - {when: {column: 事项, equals: A}, value: 2, label: 甲}
        - {when: {column: 事项, equals: B}, value: 金额, label: 乙}
"""


def test_a_row_table_gives_each_row_its_value_and_label(tmp_path: Path) -> None:
    result = _run(tmp_path, TABLE_ROWS, ["U1,2024-01-01,A,,1,否,", "U1,2024-01-02,B,3.5,1,否,"])
    assert _trace(result) == [("counted", Decimal(2), "甲 2"), ("counted", Decimal("3.5"), "乙 3.5")]
    assert result.subject("U1").component("案例分").points == Decimal("5.5")  # type: ignore[attr-defined]


def test_a_row_no_table_row_holds_for_is_an_error_at_the_cell_it_tests(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match=r"row 2: column 事项: .*'C' is in no row of the per_row table on '事项' \(its rows name A / B\)") as raised:
        _run(tmp_path, TABLE_ROWS, ["U1,2024-01-01,C,,1,否,"])
    assert raised.value.code == "EV033"


def test_a_row_table_empty_number_is_taken_when_no_row_holds(tmp_path: Path) -> None:
    result = _run(tmp_path, TABLE_ROWS + "      empty: 0.5\n", ["U1,2024-01-01,C,,1,否,"])
    assert _trace(result) == [("counted", Decimal("0.5"), "0.5")]


def test_exempt_and_a_lost_exemption(tmp_path: Path) -> None:
    keys = TABLE_ROWS + "    exempt: [{when: {column: 事项, equals: A}, unless: {flag: 严重}, reason: 免扣, lost: 情节严重}]\n"
    result = _run(tmp_path, keys, ["U1,2024-01-01,A,,1,否,", "U1,2024-01-02,A,,1,是,"])
    assert _trace(result) == [
        ("exempted", Decimal(0), "甲: 免扣"),
        ("counted", Decimal(2), "甲 2 不适用豁免（免扣）：情节严重"),
    ]


def test_multiply_by_a_number_and_by_a_column(tmp_path: Path) -> None:
    keys = TABLE_ROWS + "    multipliers: [{multiply: 人次}, {when: {flag: 严重}, multiply: 1.5, reason: 加重}]\n"
    result = _run(tmp_path, keys, ["U1,2024-01-01,A,,3,是,", "U1,2024-01-02,A,,0,否,"])
    assert _trace(result) == [("counted", Decimal("9.0"), "甲 2 × 3 人次 × 1.5（加重）"), ("counted", Decimal(0), "甲 2 × 0 人次")]


def test_highest_keeps_the_highest_row_per_key_and_names_it(tmp_path: Path) -> None:
    keys = TABLE_ROWS + "    keep_highest: {matter: [事], reason: 就高}\n"
    result = _run(tmp_path, keys, ["U1,2024-01-01,A,,1,否,x", "U1,2024-01-02,B,3,1,否,x", "U1,2024-01-03,B,1,1,否,"])
    rows = _trace(result)
    assert rows[0][:2] == ("superseded", Decimal(0)) and rows[0][2].startswith("甲: 就高（以 ") and "row 3" in rows[0][2]
    assert rows[1:] == [("counted", Decimal(3), "乙 3"), ("counted", Decimal(1), "乙 1")]  # a blank key never competes


def test_multiply_after_highest_comes_after_the_choice(tmp_path: Path) -> None:
    keys = TABLE_ROWS + "    keep_highest: {matter: [事], reason: 就高}\n    multipliers: [{when: {flag: 严重}, multiply: 3, reason: 加重, after_highest: true}]\n"
    # 甲 2 × 3 would beat 乙 2.5 before the choice; after it, 乙 is kept
    result = _run(tmp_path, keys, ["U1,2024-01-01,A,,1,是,x", "U1,2024-01-02,B,2.5,1,否,x"])
    assert [row[:2] for row in _trace(result)] == [("superseded", Decimal(0)), ("counted", Decimal("2.5"))]


def test_caps_cut_the_row_that_crosses_in_row_order(tmp_path: Path) -> None:
    keys = """    per_row:
      hit: first
      rows:
        - {when: {column: 事项, equals: C}, value: 1, label: 丙}
        - {value: 金额, label: 其他, group: 甲组}
    caps: {甲组: 4}
"""
    result = _run(tmp_path, keys, ["U1,2024-01-01,A,3,1,否,", "U1,2024-01-02,C,,1,否,", "U1,2024-01-03,B,2,1,否,",
                                   "U1,2024-01-04,A,1,1,否,"])
    assert _trace(result) == [
        ("counted", Decimal(3), "其他 3"), ("counted", Decimal(1), "丙 1"),
        ("capped", Decimal(1), "其他 2；超出上限少计 1"), ("capped", Decimal(0), "其他 1；超出上限少计 1"),
    ]
    assert result.subject("U1").component("案例分").points == 5  # type: ignore[attr-defined]


def test_above_points_cap_and_keep(tmp_path: Path) -> None:
    rows = ["U1,2024-01-01,A,15,1,否,", "U1,2024-01-02,A,10,1,否,"]
    capped = _run(tmp_path / "cap", "    per_row: 金额\n    above_points: cap\n", rows)
    assert _trace(capped) == [("counted", Decimal(15), "15"), ("capped", Decimal(5), "10；超出上限少计 5")]
    kept = _run(tmp_path / "keep", "    per_row: 金额\n    above_points: keep\n", rows)
    assert kept.subject("U1").component("案例分").points == 25  # type: ignore[attr-defined]
    with pytest.raises(EvaluationError) as raised:
        _run(tmp_path / "error", "    per_row: 金额\n", rows)
    assert raised.value.code == "EV012"


def test_base_minus_the_sum_raised_to_the_floor(tmp_path: Path) -> None:
    rows = ["U1,2024-01-01,A,15,1,否,", "U1,2024-01-02,A,10,1,否,", "U2,2024-01-01,A,4,1,否,"]
    result = _run(tmp_path / "floor", "    per_row: 金额\n    base: 20\n", rows)
    u1 = result.subject("U1").component("案例分")  # type: ignore[attr-defined]
    assert u1.points == 0 and u1.trace.formula == "合计：15 + 10 = 25；20 − 25 = -5 → 0"
    assert u1.trace.notes == ("扣完为止: -5 → 0",)
    assert result.subject("U2").component("案例分").points == 16  # type: ignore[attr-defined]
    open_floor = _run(tmp_path / "none", "    per_row: 金额\n    base: 20\n    floor: null\n", rows)
    assert open_floor.subject("U1").component("案例分").points == -5  # type: ignore[attr-defined]


def test_base_with_no_row_takes_the_empty_value(tmp_path: Path) -> None:
    result = _run(tmp_path, "    per_row: 金额\n    base: 20\n", ["U2,2024-01-01,A,4,1,否,"])
    u1 = result.subject("U1").component("案例分")  # type: ignore[attr-defined]
    assert u1.points == 20 and u1.trace.formula == "无计入行，取 0；20 − 0 = 20"


# --------------------------------------------------------------------------- generated rows

_STEPS = """    in_period: 日期
    per_row:
      hit: first
      rows:
        - {when: {column: 事项, equals: A}, value: 金额, label: 甲, group: g}
        - {when: {column: 事项, equals: B}, value: 1.5, label: 乙}
        - {value: 0.5, label: 丙, group: g}
    exempt: [{when: {all: [{column: 事项, equals: B}, {flag: 严重}]}, reason: 免}]
    multipliers: [{multiply: 人次}, {when: {flag: 严重}, multiply: 2, reason: 加倍}]
    keep_highest: {matter: 事, reason: 就高}
    caps: {g: 3}
    above_points: cap
"""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["2024-05-01", "2023-05-01"]), st.sampled_from("ABC"),
                          st.sampled_from(["0.5", "2", "7.25"]), st.integers(0, 3), st.booleans(),
                          st.sampled_from(["", "x", "y"])), max_size=12))
def test_every_row_is_traced_once_and_the_value_is_what_the_trace_counts(
    tmp_path: Path, rows: list[tuple[str, str, str, int, bool, str]]
) -> None:
    written = [f"U1,{day},{code},{amount},{times},{'是' if grave else '否'},{key}" for day, code, amount, times, grave, key in rows]
    result = _run(tmp_path, _STEPS, written)
    component = result.subject("U1").component("案例分")  # type: ignore[attr-defined]
    traced = component.trace.rows
    assert len(traced) == len(rows)
    assert [r.location.row for r in traced] == list(range(2, 2 + len(rows)))
    counted = [r.amount for r in traced if r.status in ("counted", "capped")]
    assert component.points == sum(counted, Decimal(0)) <= 20
    in_group = [r.amount for r, (_, code, *_) in zip(traced, rows, strict=True)
                if r.status in ("counted", "capped") and code in "AC"]
    assert sum(in_group, Decimal(0)) <= 3
    for r, (day, code, _, _, grave, _) in zip(traced, rows, strict=True):
        if day.startswith("2023"):
            assert r.status == "excluded"
        elif code == "B" and grave:
            assert r.status == "exempted"
