"""The `grade` kind: a grade column (等次) looked up in a scale of points (next to an `apportion`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import RulesetError

from ..rules_helpers import load, subject_table

BODY = "\n" + subject_table(
    "{header: 主管单位, type: text}",
    "{header: 评价, type: enum, choices: [优秀, 良好, 一般]}",
) + """    - id: departments
      layout: keyed
      key: 主管单位
      join: 主管单位
      columns:
        - {header: 主管单位, type: text}
        - {header: 报送扣分, type: decimal, min: 0, max: 2}
scales:
  - {id: 评价, grades: {优秀: 5, 良好: 4, 一般: 3}}
points: 5
components:
  - {id: 评价, name: 主管单位评价, kind: grade, column: 评价, scale: 评价, points: 5}
  - {id: 报送, name: 未按要求报送材料, kind: apportion, column: 报送扣分, share: 0.5, parent: 主管单位, points: 0}
"""
TABLES = {
    "units": "编码,名称,主管单位,评价\nU1,甲,局A,优秀\nU2,乙,局A,一般\nU3,丙,局B,良好",
    "departments": "主管单位,报送扣分\n局A,1.5\n局B,0",
}


def test_grade_points_and_halved_parent_deduction(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, TABLES)
    # U1: 优秀 5 − 1.5 / 2 = 4.25; U2: 一般 3 − 0.75 = 2.25; U3: 良好 4 − 0 = 4
    assert [s.total for s in result.subjects] == [Decimal("4.25"), Decimal("2.25"), Decimal("4.00")]
    trace = result.subject("U2").component("报送").trace
    assert trace.formula == "−(局A 报送扣分 1.5 × 0.5) = -0.75"


def test_grade_scale_must_cover_every_value() -> None:
    with pytest.raises(RulesetError, match="scale '评价' gives no points for 一般"):
        load(BODY.replace(", 一般: 3}", "}"))


def test_grade_scale_within_points() -> None:
    with pytest.raises(RulesetError, match="scale '评价' goes outside 0–5"):
        load(BODY.replace("优秀: 5,", "优秀: 6,"))

