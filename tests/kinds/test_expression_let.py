"""`expression` `let`: intermediate values worked out in order, usable by `expr` and the later ones,
listed in the trace's inputs; a name that would hide a field, a component or a named value is RS107."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import EvaluationError, RulesetError

from ..rules_helpers import load, subject_table

BODY = "\n" + subject_table("{headers: [满意, 基本满意, 不满意], type: count}") + """points: 10
components:
  - id: 满意度
    name: 满意度
    kind: expression
    points: 10
    let:
      票数: "满意 + 基本满意 + 不满意"
      好评: "满意 * 100 + 基本满意 * 60"
    expr: "好评 * 10 / (票数 * 100)"
"""
UNITS = "编码,名称,满意,基本满意,不满意\nU1,甲,8,2,0\nU2,乙,5,3,2\nU3,丙,0,0,0"


def test_lets_are_computed_in_order_and_listed_after_the_fields(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError, match=r"U3 丙: 满意度: expression '好评 \* 10 / \(票数 \* 100\)': division by zero"):
        run_rules(BODY, {"units": UNITS})
    result = run_rules(BODY, {"units": UNITS.rsplit("\n", 1)[0]})
    u1, u2 = result.subject("U1").component("满意度"), result.subject("U2").component("满意度")
    # U1 (800 + 120) × 10 / (10 × 100) = 9.2; U2 (500 + 180) × 10 / 1000 = 6.8
    assert (u1.points, u2.points) == (Decimal("9.2"), Decimal("6.8"))
    assert u1.trace.inputs == (("满意", 8), ("基本满意", 2), ("不满意", 0), ("票数", 10), ("好评", 920))
    assert u1.trace.formula == "好评 * 10 / (票数 * 100) (满意 = 8, 基本满意 = 2, 不满意 = 0, 票数 = 10, 好评 = 920) = 9.2"


@pytest.mark.parametrize(("change", "code", "says"), [
    (("      票数:", "      满意:"), "RS107", "'满意' has the name of a field"),
    (("      票数:", "      满意度:"), "RS107", "'满意度' has the name of a field, a component"),
    (('"满意 + 基本满意 + 不满意"', '"好评 + 1"'), "RS030", "好评"),  # a later one is not known yet
])
def test_names_that_cannot_work(change: tuple[str, str], code: str, says: str) -> None:
    with pytest.raises(RulesetError) as exc:
        load(BODY.replace(*change))
    assert exc.value.code == code and says in str(exc.value)
