"""The `input` kind: a reported figure taken as it is, within min–max."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import EvaluationError

from ..rules_helpers import subject_table

BODY = "\n" + subject_table(
    "{header: 领导评议, type: decimal}",
    "{header: 预警, type: decimal}",
) + """points: 10
components:
  - {id: 领导评议, name: 领导评议得分, kind: input, column: 领导评议, points: 10}
  - {id: 预警, name: 预警扣分, kind: input, column: 预警, points: 0, min: -5, max: 0}
"""


def test_the_value_is_the_score(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": "编码,名称,领导评议,预警\nU1,甲,8.5,0\nU2,乙,10,-1.5"})
    # U1 8.5 + 0 = 8.5; U2 10 − 1.5 = 8.5
    assert [s.total for s in result.subjects] == [Decimal("8.50"), Decimal("8.50")]
    assert result.subject("U2").component("预警").points == Decimal("-1.5")


def test_a_value_outside_the_range_names_the_cell(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError, match=r"预警 = -6 is outside -5–0") as info:
        run_rules(BODY, {"units": "编码,名称,领导评议,预警\nU1,甲,8.5,-6"})
    assert "row 2" in str(info.value)
