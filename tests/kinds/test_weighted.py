"""The `weighted` kind: multiply × Σ weight × child points; weights must add up to 1."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from pingyi_rules import RulesetError

from ..arith import near
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
    multiply: 0.1
    components:
      - {id: 群众, name: 群众评价, kind: input, column: 群众, points: 100, weight: 0.6}
      - {id: 领导, name: 领导评价, kind: input, column: 领导, points: 100, weight: 0.4}
"""


def test_weights_and_multiply(run_rules) -> None:  # type: ignore[no-untyped-def]
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


# ---------------------------------------------------------------- missing: error | renormalise

PANEL = "\n" + subject_table(
    "{headers: [服务对象, 监督员, 社会各界], type: decimal, required: false}",
) + """points: 100
components:
  - id: 问卷
    name: 群众问卷测评
    kind: weighted
    points: 100
    missing: renormalise
    components:
      - {id: 服务对象, name: 服务对象, kind: input, column: 服务对象, points: 100, weight: 0.5}
      - {id: 监督员, name: 监督员, kind: input, column: 监督员, points: 100, weight: 0.25}
      - {id: 社会各界, name: 社会各界, kind: input, column: 社会各界, points: 100, weight: 0.25}
"""
PANEL_FACTS = {"units": "编码,名称,服务对象,监督员,社会各界\nH1,甲,85,87,\nH2,乙,90,80,84\nH3,丙,88,,\nH4,丁,,,"}


def test_renormalise_leaves_out_a_group_that_returned_nothing(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(PANEL, PANEL_FACTS)
    h1 = result.subject("H1").component("问卷")
    # (0.5 × 85 + 0.25 × 87) / 0.75 = 64.25 / 0.75 = 85.666…, exact before rounding
    assert near(h1.points, Fraction("64.25") / Fraction("0.75"))
    assert h1.trace.formula.startswith("(服务对象 85 × 50% + 监督员 87 × 25%) / 75% = 85.66666")
    assert h1.trace.notes == ("社会各界 无得分，不计；其余权重按 75% 重新归一",)
    assert result.subject("H1").total == Decimal("85.67")
    assert result.subject("H2").total == Decimal("86.00")  # nothing missing: the plain weighted sum, no note
    assert result.subject("H2").component("问卷").trace.notes == ()
    assert result.subject("H3").total == Decimal("88.00")  # 0.5 × 88 / 0.5
    assert result.subject("H4").total is None  # every group blank: no points, never 0
    assert result.subject("H4").rank is None


def test_missing_error_is_the_default_a_blank_child_blanks_the_parent(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(PANEL.replace("    missing: renormalise\n", ""), PANEL_FACTS)
    assert result.subject("H1").component("问卷").points is None
    assert result.subject("H1").total is None
    assert result.subject("H2").total == Decimal("86.00")
    strict = run_rules(PANEL.replace("missing: renormalise", "missing: error"), PANEL_FACTS)
    assert [s.total for s in strict.subjects] == [s.total for s in result.subjects]


def test_eight_question_weights_rescaled_when_a_question_is_dropped(run_rules) -> None:  # type: ignore[no-untyped-def]
    """Eight questions of 12.5 each (a channel score out of 100): a question nobody scored is
    dropped and the other seven weights rescaled, so the score is their plain mean."""
    questions = [f"Q{i}" for i in range(1, 9)]
    body = "\n" + subject_table(f"{{headers: [{', '.join(questions)}], type: decimal, required: false}}") + (
        "points: 100\ncomponents:\n  - id: 问卷调查\n    name: 问卷调查\n    kind: weighted\n    points: 100\n"
        "    missing: renormalise\n    components:\n"
        + "".join(f"      - {{id: {q}, name: {q}, kind: input, column: {q}, points: 100, weight: 0.125}}\n" for q in questions)
    )
    shares = ["84", "80", "90", "86", "", "78", "88", "82.5"]
    result = run_rules(body, {"units": "编码,名称," + ",".join(questions) + "\nS1,甲," + ",".join(shares)})
    seven = [Decimal(s) for s in shares if s]
    node = result.subject("S1").component("问卷调查")
    assert near(node.points, sum(map(Fraction, seven), Fraction(0)) * Fraction("0.125") / Fraction("0.875"))
    assert near(node.points, Fraction("588.5") / 7)  # the plain mean of the seven: 84.071428…
    assert result.subject("S1").total == Decimal("84.07")
    assert "Q5 无得分，不计；其余权重按 87.5% 重新归一" in node.trace.notes


def test_renormalise_under_a_multiplier(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace("    multiply: 0.1\n", "    multiply: 0.1\n    missing: renormalise\n").replace(
        "{header: 领导, type: decimal}", "{header: 领导, type: decimal, required: false}"
    )
    result = run_rules(body, {"units": "编码,名称,群众,领导\nU1,甲,90,"})
    # 0.1 × (0.6 × 90) / 0.6 = 9
    assert result.subject("U1").total == Decimal("9.00")
    assert result.subject("U1").component("满意度").trace.formula == "0.1 × (群众评价 90 × 60%) / 60% = 9"


def test_a_weight_of_zero_is_refused_pointing_to_values() -> None:
    with pytest.raises(RulesetError, match=r"a weight of 0 counts nothing; .* top-level 'values:' list") as caught:
        load(BODY.replace("weight: 0.4", "weight: 0"))
    assert caught.value.code == "RS015"


def test_children_without_points_under_a_weighted_parent_with_points_are_refused() -> None:
    # the parent's points are 10, the children have none: multiply × Σ weight × points cannot be checked,
    # so each such child is named (as under a sum or the top level, RS121; `check` lists both, see the corpus)
    with pytest.raises(RulesetError) as caught:
        load(BODY.replace(", points: 100, weight", ", weight"))
    said = str(caught.value)
    assert caught.value.code == "RS121"
    assert "components[0].components[0]: multiply × Σ weight × child points must come to the points 10, but '群众' has no points" in said


def test_without_points_the_sum_check_is_switched_off(run_rules) -> None:  # type: ignore[no-untyped-def]
    # neither the ruleset nor the parent has full marks: nothing to check; 0.1 × (0.6 × 90 + 0.4 × 80) = 8.6
    body = (BODY.replace(", points: 100, weight", ", weight").replace("    points: 10\n    multiply", "    multiply")
            .replace("points: 10\ncomponents", "components"))
    result = run_rules(body, {"units": "编码,名称,群众,领导\nU1,甲,90,80"})
    assert result.subject("U1").total == Decimal("8.60")
    assert result.subject("U1").component("群众").max is None
    # with the points the check applies: 0.1 × (0.6 × 100 + 0.4 × 100) = 10 = points
    with pytest.raises(RulesetError, match="not the points 12"):
        load(BODY.replace("    points: 10\n    multiply", "    points: 12\n    multiply").replace("points: 10\ncomponents", "points: 12\ncomponents"))


def test_a_renormalised_deduction_takes_its_rescaled_share_in_the_report(run_rules) -> None:  # type: ignore[no-untyped-def]
    from pingyi_rules.render.report import build_report

    body = "\n" + subject_table("{header: 评分, type: decimal, required: false}", "{header: 件数, type: count}") + """points: 100
components:
  - id: 综合
    name: 综合
    kind: weighted
    points: 100
    missing: renormalise
    components:
      - {id: 评分, name: 评分, kind: input, column: 评分, points: 100, weight: 0.5}
      - id: 整改
        name: 整改
        kind: deduction
        points: 100
        weight: 0.5
        items: [{id: 件, name: 未整改, column: 件数, amount: 10}]
"""
    result = run_rules(body, {"units": "编码,名称,评分,件数\nU1,甲,,2\nU2,乙,90,2"})
    report = build_report(result, load(body))
    rows = {row.subject.id: row for row in report.tables[0].rows}
    # U1: 评分 blank → 综合 = 整改 80 × 50% / 50% = 80; the deduction takes (100 − 80) × 100% = 20
    assert (rows["U1"].total, rows["U1"].deducted) == (Decimal("80.00"), Decimal("20.00"))
    # U2: 0.5 × 90 + 0.5 × 80 = 85; the deduction takes (100 − 80) × 50% = 10
    assert (rows["U2"].total, rows["U2"].deducted) == (Decimal("85.00"), Decimal("10.00"))
