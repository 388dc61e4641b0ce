"""The `sum` kind: the children's points added; a child without points leaves the parent without."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import RulesetError

from ..rules_helpers import load, subject_table

BODY = "\n" + subject_table(
    "{header: 质量, type: decimal}",
    "{header: 时效, type: decimal, required: false}",
) + """points: 10
components:
  - id: 工作
    name: 工作评价
    kind: sum
    points: 10
    components:
      - {id: 质量, name: 工作质量, kind: input, column: 质量, points: 6}
      - {id: 时效, name: 工作时效, kind: input, column: 时效, points: 4}
"""


def test_children_are_added(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": "编码,名称,质量,时效\nU1,甲,5.5,3\nU2,乙,2,4"})
    # U1 5.5 + 3 = 8.5; U2 2 + 4 = 6
    assert [s.total for s in result.subjects] == [Decimal("8.50"), Decimal("6.00")]
    assert result.subject("U1").component("工作").trace.formula == "工作质量 5.5 + 工作时效 3 = 8.5"


def test_a_child_without_points_leaves_the_parent_without(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": "编码,名称,质量,时效\nU1,甲,5.5,"})
    u1 = result.subject("U1")
    assert u1.component("工作").points is None
    assert u1.total is None


def test_children_must_add_up_to_the_points() -> None:
    with pytest.raises(RulesetError, match=r"the components. points add up to 9 \(质量 6 \+ 时效 3\), not 10"):
        load(BODY.replace("column: 时效, points: 4", "column: 时效, points: 3"))
