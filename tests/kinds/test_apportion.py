"""The `apportion` kind: a parent's deduction borne by each subject at a share."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import EvaluationError, RulesetError

from ..rules_helpers import load, subject_table

BODY = "\n" + subject_table(
    "{header: 主管单位, type: text}",
    "{header: 得分, type: decimal, min: 0, max: 100}",
) + """    - id: departments
      layout: keyed
      key: 主管单位
      join: 主管单位
      columns:
        - {header: 主管单位, type: text}
        - {header: 报送扣分, type: decimal}
points: 100
components:
  - {id: 得分, name: 得分, kind: input, column: 得分, points: 100}
  - {id: 报送, name: 未按要求报送有关材料, kind: apportion, column: 报送扣分, share: 0.5, parent: 主管单位, points: 0}
"""
UNITS = "编码,名称,主管单位,得分\nU1,甲,局A,90\nU2,乙,局A,80\nU3,丙,局B,85"


def test_half_of_the_parent_deduction(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": UNITS, "departments": "主管单位,报送扣分\n局A,1.5\n局B,0"})
    # U1 90 − 1.5 × 0.5 = 89.25; U2 80 − 0.75 = 79.25; U3 85 − 0 = 85
    assert [s.total for s in result.subjects] == [Decimal("89.25"), Decimal("79.25"), Decimal("85.00")]
    assert result.subject("U1").component("报送").trace.formula == "−(局A 报送扣分 1.5 × 0.5) = -0.75"


def test_a_negative_parent_deduction_is_an_error_at_the_cell(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError) as caught:
        run_rules(BODY, {"units": UNITS, "departments": "主管单位,报送扣分\n局A,-1\n局B,0"})
    error = caught.value
    assert error.code == "EV027"
    assert (error.location.file.endswith("departments.csv"), error.location.row, error.location.field) == (True, 2, "报送扣分")
    assert error.message == "U1 甲: 报送: the check '报送扣分不为负数' does not hold (报送扣分 = -1)"


def test_apportion_takes_points_zero() -> None:
    with pytest.raises(RulesetError, match="an apportioned deduction has points 0"):
        load(BODY.replace("主管单位, points: 0", "主管单位, points: 1").replace("points: 100\ncomp", "points: 101\ncomp"))
