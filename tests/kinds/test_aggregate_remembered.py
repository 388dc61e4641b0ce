"""An aggregate's `per_row` over a subject's rows is worked out once per distinct cells of the columns
it names (kinds.aggregate_counted `Remembered`): the values, formula and row traces are those of each
row worked out on its own — 80 and 80.0 stay two values, a blank is skipped or an error where it
stands. Checked against sums worked out here. The table has `unique`, so it is read row by row
(a table with rules is never folded)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, score

from ..rules_helpers import load, subject_table, write_tables

BODY = "\n" + subject_table() + """    - id: 评分
      layout: cases
      subject: 编码
      unique: [序号]
      columns:
        - {header: 序号, type: id}
        - {header: 编码, type: id}
        - {header: 类, type: enum, choices: [A, B]}
        - {header: 分数, type: decimal, required: false}
points: 100000
components:
  - {id: 合计, name: 合计, kind: aggregate, table: 评分, function: sum, points: 100000, per_row: "PER_ROW", on_blank: BLANK}
"""
PER_ROW = "分数 * 2 if 类 == 'A' else 分数 + 1"


def run(tmp_path: Path, rows: list[tuple[str, str]], per_row: str = PER_ROW, blank: str = "skip") -> Any:
    table = "序号,编码,类,分数\n" + "\n".join(f"{i},U1,{kind},{score}" for i, (kind, score) in enumerate(rows, start=1))
    folder = write_tables(tmp_path, {"units": "编码,名称\nU1,甲", "评分": table})
    return score(load(BODY.replace("PER_ROW", per_row).replace("BLANK", blank)), folder)


def test_equal_numbers_written_differently_stay_apart(tmp_path: Path) -> None:
    result = run(tmp_path, [("A", "80"), ("A", "80.0"), ("A", "80")])
    component = result.subject("U1").component("合计")
    assert component.trace.formula == "合计：160 + 160 + 160 = 480"  # the formula writes numbers plainly
    assert [str(r.amount) for r in component.trace.rows] == ["160", "160.0", "160"]  # the amounts as computed
    assert str(component.points) == "480.0"


def test_a_blank_is_an_error_at_its_own_row(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError) as caught:
        run(tmp_path, [("A", "80"), ("B", "80"), ("B", ""), ("B", "")], blank="error")
    assert caught.value.location is not None and caught.value.location.row == 4


def written(value: Decimal) -> str:
    """A number as a formula writes it: no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


scores = st.sampled_from(["80", "80.0", "75.5", "90", ""])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.sampled_from(["A", "B"]), scores), min_size=1, max_size=12))
def test_values_and_traces_as_each_row_gives_them(tmp_path_factory: Any, rows: list[tuple[str, str]]) -> None:
    counted = [Decimal(s) * 2 if kind == "A" else Decimal(s) + 1 for kind, s in rows if s]
    if not counted:  # every row blank and skipped: no row counts (EV010)
        with pytest.raises(EvaluationError) as caught:
            run(tmp_path_factory.mktemp("rows"), rows)
        assert caught.value.code == "EV010"
        return
    component = run(tmp_path_factory.mktemp("rows"), rows).subject("U1").component("合计")
    total = sum(counted, Decimal(0))
    assert component.points == total
    assert component.trace.formula == f"合计：{' + '.join(map(written, counted))} = {written(total)}"
    assert [(r.status, r.amount) for r in component.trace.rows] == [
        ("counted", Decimal(s) * 2 if kind == "A" else Decimal(s) + 1) if s else ("blank", None) for kind, s in rows
    ]
    assert [str(r.amount) for r in component.trace.rows if r.amount is not None] == [str(v) for v in counted]
