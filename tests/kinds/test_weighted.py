"""The `weighted` kind: scale × Σ weight × child points; weights must add up to 1."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import RulesetError

from ..rules_helpers import load, subject_table

BODY = "\n" + subject_table(
    "{header: 群众, type: decimal}",
    "{header: 领导, type: decimal}",
) + """points: 10
components:
  - id: 满意度
    name: 综合满意度
    kind: weighted
    points: 10
    scale: 0.1
    components:
      - {id: 群众, name: 群众评价, kind: input, column: 群众, points: 100, weight: 0.6}
      - {id: 领导, name: 领导评价, kind: input, column: 领导, points: 100, weight: 0.4}
"""


def test_weights_and_scale(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": "编码,名称,群众,领导\nU1,甲,90,80\nU2,乙,70,100"})
    # U1 0.1 × (0.6 × 90 + 0.4 × 80) = 0.1 × 86 = 8.6; U2 0.1 × (42 + 40) = 8.2
    assert [s.total for s in result.subjects] == [Decimal("8.60"), Decimal("8.20")]
    assert result.subject("U1").component("满意度").trace.formula == "0.1 × (群众评价 90 × 60% + 领导评价 80 × 40%) = 8.6"


def test_weights_must_add_up_to_one() -> None:
    with pytest.raises(RulesetError, match="the weights add up to 0.9"):
        load(BODY.replace("weight: 0.4", "weight: 0.3"))


def test_every_child_needs_a_weight() -> None:
    with pytest.raises(RulesetError, match="needs a 'weight'"):
        load(BODY.replace(", weight: 0.4", ""))
