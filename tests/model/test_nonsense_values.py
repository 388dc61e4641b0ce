"""Numbers that make no sense are refused at load; every ruleset that loads scores within its points.

For generated deductions, inputs and bonuses, `check` accepts exactly the rulesets whose numbers
fit their meaning (a predicate written here from the documented ranges, not taken from the
code), refuses the others with located range errors, and what it accepts never scores above
the points, below the floor, or from a range no value can meet.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import check_ruleset, load_ruleset, score

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEAD = """
id: t
name: 测试
version: "1"
source: {title: 测试方案}
inputs:
  subjects: {table: units, id_column: 编码}
  tables:
    - id: units
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {headers: [件数, 次数], type: count}
        - {header: 得分, type: decimal}
"""
REFUSALS = {"RS015", "RS016", "RS032", "RS053"}
small = st.integers(min_value=-6, max_value=24).map(Decimal)
maybe = st.none() | small


def _opt(key: str, value: Decimal | None) -> str:
    return "" if value is None else f", {key}: {value}"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("nonsense")


def _score_one(folder: Path, text: str, row: str) -> Decimal | None:
    (folder / "units.csv").write_text("编码,件数,次数,得分\n" + row + "\n", encoding="utf-8")
    result = score(load_ruleset("t.yaml", text=text), folder)
    return result.subjects[0].components[0].points


def _refused(text: str) -> list[str]:
    errors = check_ruleset("t.yaml", text=text)
    for error in errors:  # located at a line of the ruleset, with a code for what is wrong
        assert error.code in REFUSALS, str(error)
        assert error.location is not None and error.location.line is not None, str(error)
    return [e.code or "" for e in errors]


@SETTINGS
@given(points=small, base=maybe, floor=maybe, cap=maybe, amount=small, count=st.integers(0, 30), times=st.integers(0, 30))
def test_a_deduction_loads_exactly_when_its_numbers_make_sense(
    folder: Path, points: Decimal, base: Decimal | None, floor: Decimal | None, cap: Decimal | None,
    amount: Decimal, count: int, times: int,
) -> None:
    group = ", group: 甲" if cap is not None else ""
    caps = f"\n    caps: {{甲: {cap}}}" if cap is not None else ""
    text = HEAD + f"""points: {points}
components:
  - id: 扣分
    name: 扣分
    kind: deduction
    points: {points}{"" if base is None else f"{chr(10)}    base: {base}"}{caps}
    floor: {"null" if floor is None else floor}
    items:
      - {{id: 件, name: 件, column: 件数, amount: {amount}{group}}}
      - {{id: 次, name: 次, column: 次数, amount: 1}}
"""
    top = points if base is None else base
    sensible = (
        points >= 0 and (base is None or 0 <= base <= points) and (floor is None or floor < top)
        and (cap is None or cap > 0) and amount > 0
    )
    refused = _refused(text)
    assert (refused == []) == sensible, (refused, text)
    if sensible:
        value = _score_one(folder, text, f"U1,{count},{times},0")
        assert value is not None and value <= top <= points
        if floor is not None:
            assert value >= floor
        deducted = min(amount * count, cap) if cap is not None else amount * count
        expected = top - deducted - times
        assert value == (expected if floor is None else max(expected, floor))


@SETTINGS
@given(points=small, low=maybe, high=maybe, kind=st.sampled_from(["input", "expression"]))
def test_an_input_or_expression_range_lies_within_its_points(
    folder: Path, points: Decimal, low: Decimal | None, high: Decimal | None, kind: str
) -> None:
    source = "column: 得分" if kind == "input" else "expr: 得分"
    text = HEAD + f"""points: {points}
components:
  - {{id: 分, name: 分, kind: {kind}, {source}, points: {points}{_opt("min", low)}{_opt("max", high)}}}
"""
    lo = Decimal(0) if low is None else low
    hi = points if high is None else high
    sensible = points >= 0 and lo < hi <= points  # a range of one value would always score it
    refused = _refused(text)
    assert (refused == []) == sensible, (refused, text)
    if sensible:  # every value of the range is scored as it is, and it is never above the points
        for value in {lo, hi, (lo + hi) / 2}:
            assert _score_one(folder, text, f"U1,0,0,{value}") == value <= points


@SETTINGS
@given(points=small, amount=small, rows=st.integers(0, 8), capped=st.sampled_from([None, True, False]))
def test_a_bonus_of_cases_never_exceeds_its_points_unless_uncapped(
    folder: Path, points: Decimal, amount: Decimal, rows: int, capped: bool | None
) -> None:
    text = HEAD.replace(
        "        - {header: 得分, type: decimal}\n",
        "        - {header: 得分, type: decimal}\n    - id: cases\n      layout: cases\n      subject: 编码\n"
        "      columns:\n        - {header: 编码, type: id}\n        - {header: 事项, type: text}\n",
    ) + f"""points: {points}
components:
  - id: 加分
    name: 加分
    kind: cases
    effect: add
    table: cases
    code_column: 事项
    points: {points}{"" if capped is None else f"{chr(10)}    capped: {str(capped).lower()}"}
    items:
      - {{code: 表彰, name: 表彰, amount: {amount}}}
"""
    sensible = points >= 0 and amount >= 0 and not (points == 0 and capped is not False)
    refused = _refused(text)
    assert (refused == []) == sensible, (refused, text)
    if sensible:
        (folder / "cases.csv").write_text("编码,事项\n" + "U1,表彰\n" * rows, encoding="utf-8")
        value = _score_one(folder, text, "U1,0,0,0")
        assert value == (amount * rows if capped is False else min(amount * rows, points))
