"""Stage selection and distribution edges: a unit without a stage total (not ranked, not selected,
the units after it still are), the stage total shown rounded when decisions are exact, and an
`at_least` share met with more than its minimum."""

from __future__ import annotations

from decimal import Decimal

from ..rules_helpers import subject_table
from .test_distributions import BODY as DISTRIBUTION_BODY
from .test_distributions import _units

BODY = "\n" + subject_table("{header: 初评, type: decimal, required: false}", "{header: 复评, type: decimal}") + """points: 100
components:
  - {id: 初, name: 初评, kind: input, column: 初评, points: 50}
  - {id: 复, name: 复评, kind: input, column: 复评, points: 50}
stages:
  - {id: s1, name: 初评阶段, adds: [初], select: {top: 1}}
  - {id: s2, name: 复评阶段, adds: [复]}
"""


def _stages(result, unit: str) -> list[tuple[str, Decimal | None, int | None, bool]]:  # type: ignore[no-untyped-def]
    return [(s.id, s.total, s.rank, s.selected) for s in result.subject(unit).stages]


def test_a_unit_without_a_stage_total_is_not_selected_and_the_others_still_are(run_rules) -> None:  # type: ignore[no-untyped-def]
    # A has no 初评: no stage total, not ranked, not selected. B 40, C 45: top 1 = C (no unit better);
    # B has 1 better. C's total 45 + 30 = 75; A and B get none.
    result = run_rules(BODY, {"units": "编码,名称,初评,复评\nA,甲,,50\nB,乙,40,40\nC,丙,45,30"})
    assert _stages(result, "A") == [("s1", None, None, False)]
    assert _stages(result, "B") == [("s1", Decimal("40.00"), 2, False)]
    assert _stages(result, "C") == [("s1", Decimal("45.00"), 1, True)]
    assert [result.subject(u).total for u in "ABC"] == [None, None, Decimal("75.00")]


def test_with_exact_decisions_the_stage_total_is_shown_rounded(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace("points: 100\n", "numbers: {decide: exact}\npoints: 100\n")
    # B 44.995 publishes 45.00 (half up) like C's 45, but exact decisions rank C (45 > 44.995) first:
    # B has 1 better → rank 2, not selected; both stage totals are shown as published, 45.00.
    result = run_rules(body, {"units": "编码,名称,初评,复评\nB,乙,44.995,40\nC,丙,45,30"})
    assert _stages(result, "B") == [("s1", Decimal("45.00"), 2, False)]
    assert _stages(result, "C") == [("s1", Decimal("45.00"), 1, True)]


def test_more_than_the_least_share_of_a_grade_keeps_the_distribution(run_rules) -> None:  # type: ignore[no-untyped-def]
    # n 5: at most ⌈1⌉ = 1 优秀 (1 here), at least ⌊1⌋ = 1 一般 (3 here, more than the least) → scored
    result = run_rules(DISTRIBUTION_BODY, {"units": _units("优秀", "良好", "一般", "一般", "一般")})
    assert [s.total for s in result.subjects] == [Decimal("5.00"), Decimal("4.00"), Decimal("3.00"), Decimal("3.00"),
                                                  Decimal("3.00")]
