"""`aggregate` options for tallies kept one row per (subject, group of raters): `function: ratio`
(Σ of / Σ over), `traced: selected` (the trace lists only the rows `where` selects), `detail` (what
the trace writes for each counted row) and `totals` (column totals over the counted rows, listed
among the inputs). The worked case is a 满意率 over the rows of one 评议主体."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from pingyi_rules import EvaluationError, RulesetError

from ..rules_helpers import load, subject_table

TALLIES = "\n" + subject_table() + """    - id: 票
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 主体, type: enum, choices: [服务对象, 所在单位]}
        - {headers: [满意, 基本满意, 不满意], type: count}
points: 35
components:
  - id: 满意度
    name: 服务对象满意度
    kind: aggregate
    table: 票
    function: ratio
    where: {column: 主体, equals: 服务对象}
    per_row: "(满意 * 1 + 基本满意 * 0.6) * 35"
    over: "满意 + 基本满意 + 不满意"
    points: 35
"""
ROWS = "编码,主体,满意,基本满意,不满意\nU1,服务对象,61,1,1\nU1,所在单位,21,0,1\nU1,服务对象,3,0,0\nU2,服务对象,5,0,5"
UNITS = "编码,名称\nU1,甲\nU2,乙"


def test_ratio_divides_the_sums_not_the_mean_of_the_row_ratios(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(TALLIES, {"units": UNITS, "票": ROWS})
    u1, u2 = result.subject("U1").component("满意度"), result.subject("U2").component("满意度")
    # U1: rows 2 and 4 (服务对象): (61.6 × 35 + 3 × 35) / (63 + 3) = 2261 / 66
    assert u1.points is not None and abs(Fraction(u1.points) - Fraction(2261, 66)) < Fraction(1, 10**50)
    assert u1.trace.formula == "比值：(2156 + 105) / (63 + 3) = 34.2575757576…"
    assert [(r.status, r.reason) for r in u1.trace.rows] == [
        ("counted", "2156 / 63"), ("unmatched", ""), ("counted", "105 / 3")
    ]
    assert u2.points == Decimal("17.5")  # 5 × 35 / 10


def test_traced_selected_detail_and_totals(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = TALLIES + """    traced: selected
    detail: "满意 {满意}，不满意 {不满意}"
    totals: {满意: 满意, 不满意: 不满意}
"""
    u1 = run_rules(body, {"units": UNITS, "票": ROWS}).subject("U1").component("满意度")
    assert [(r.status, r.reason, r.amount) for r in u1.trace.rows] == [
        ("counted", "满意 61，不满意 1", None), ("counted", "满意 3，不满意 0", None)
    ]
    assert dict(u1.trace.inputs) == {"行数": "3", "计入": "2", "满意": 64, "不满意": 1}


def test_a_zero_denominator_is_an_error_naming_the_subject(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError, match=r"U2 乙: 满意度: ratio: '满意 \+ 基本满意 \+ 不满意' adds up to 0 over the 1 counted row") as exc:
        run_rules(TALLIES, {"units": UNITS, "票": ROWS.replace("U2,服务对象,5,0,5", "U2,服务对象,0,0,0")})
    assert exc.value.code == "EV029"


def test_a_blank_over_names_over(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = TALLIES.replace("{headers: [满意, 基本满意, 不满意], type: count}",
                           "{headers: [满意, 基本满意], type: count}\n        - {header: 不满意, type: count, required: false}")
    with pytest.raises(EvaluationError, match=r"over '满意 \+ 基本满意 \+ 不满意': 不满意 is blank") as exc:
        run_rules(body, {"units": UNITS, "票": ROWS.replace("U2,服务对象,5,0,5", "U2,服务对象,5,0,")})
    assert exc.value.code == "EV008"


@pytest.mark.parametrize(("change", "code", "says"), [
    (("    over: \"满意 + 基本满意 + 不满意\"\n", ""), "RS060", "function ratio needs 'over'"),
    (("function: ratio", "function: sum"), "RS053", "'over' is for function ratio"),
    (("    where: {column: 主体, equals: 服务对象}\n", "    traced: selected\n"), "RS053", "'traced: selected' lists"),
])
def test_keys_that_cannot_work_are_errors(change: tuple[str, str], code: str, says: str) -> None:
    with pytest.raises(RulesetError) as exc:
        load(TALLIES.replace(*change))
    assert exc.value.code == code and says in str(exc.value)


def test_detail_and_totals_name_columns_of_the_table() -> None:
    with pytest.raises(RulesetError, match="满意度") as exc:
        load(TALLIES + "    detail: \"满意 {满意度}\"\n")
    assert "detail" in str(exc.value.location) or exc.value.location is not None
    with pytest.raises(RulesetError):
        load(TALLIES + "    totals: [主体]\n")  # not a number


def test_the_population_form_takes_none_of_them() -> None:
    body = "\n" + subject_table("{header: 得分, type: decimal}") + """points: 100
components:
  - {id: 最高分, name: 最高分, kind: aggregate, table: subjects, function: max, per_row: 得分, points: 100, traced: selected}
"""
    with pytest.raises(RulesetError, match="'traced' is for the rows of a cases table") as exc:
        load(body)
    assert exc.value.code == "RS062"
