"""The `expression` kind: a sandboxed expression, checked or clamped to min–max."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import EvaluationError, RulesetError

from ..rules_helpers import load, subject_table

BODY = "\n" + subject_table(
    "{header: 材料, type: count}",
    "{header: 质量, type: decimal}",
) + """points: 10
components:
  - {id: 综合, name: 综合得分, kind: expression, points: 10, expr: "材料 * 2 + 质量 / 10", clamp: true}
"""
TABLES = {"units": "编码,名称,材料,质量\nU1,甲,3,30\nU2,乙,5,20"}


def test_computed_and_clamped(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, TABLES)
    # U1 3 × 2 + 30 / 10 = 9; U2 5 × 2 + 20 / 10 = 12 → clamped to 10
    assert [s.total for s in result.subjects] == [Decimal("9.00"), Decimal("10.00")]
    assert result.subject("U2").component("综合").trace.notes == ("截断到 0–10: 12 → 10",)


def test_outside_the_range_without_clamp_is_an_error(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError, match="gave 12, outside 0–10"):
        run_rules(BODY.replace(", clamp: true", ""), TABLES)


def test_an_unknown_name_is_a_ruleset_error() -> None:
    with pytest.raises(RulesetError, match="expression '材料 \\* 2 \\+ 品质 / 10'"):
        load(BODY.replace("质量 / 10", "品质 / 10"))
