"""The `deduction` kind: ranged sums (a column of ranged amounts checked against its count of cases), caps and the floor."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pingyi_rules import EvaluationError

from ..rules_helpers import subject_table

BODY = "\n" + subject_table(
    "{headers: [H1, H5, H8件数], type: count}",
    "{header: H8扣分, type: decimal, min: 0}",
) + """points: 10
components:
  - id: 热线
    name: 日常办理
    kind: deduction
    points: 10
    items:
      - {id: H1, name: 未按期受理, column: H1, amount: 0.2, group: 甲}
      - {id: H5, name: 推诿扯皮, column: H5, amount: 0.3, group: 乙}
      - {id: H8, name: 态度问题, column: H8扣分, count: H8件数, range: [0.3, 0.5], group: 丙}
    caps: {甲: 4, 乙: 4, 丙: 2}
"""
HEAD = "编码,名称,H1,H5,H8件数,H8扣分\n"


@pytest.mark.parametrize(
    ("row", "total"),
    [
        ("U1,甲,0,0,2,0.6", "9.40"),   # 2 cases at the low end: 0.6
        ("U1,甲,0,0,2,1.0", "9.00"),   # 2 cases at the high end: 1.0
        ("U1,甲,0,0,0,0", "10.00"),
        ("U1,甲,25,20,6,2.4", "0.00"),  # 5 → cap 4; 6 → cap 4; 2.4 → cap 2: 10 − 10
        ("U1,甲,1,1,5,2.5", "7.50"),   # 0.2 + 0.3 + (2.5 → 2)
    ],
)
def test_sum_within_count_range(run_rules, row: str, total: str) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": HEAD + row})
    assert result.subjects[0].total == Decimal(total)


def test_the_trace_says_which_cap_cut_and_by_how_much(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": HEAD + "U1,甲,1,1,5,2.5"})
    notes = next(result.subjects[0].trace()).notes
    assert notes == ("丙 限扣 2: 2.5 → 2",)


@pytest.mark.parametrize(("row", "read"), [("U1,甲,0,0,2,0.5", "H8扣分 = 0.5, H8件数 = 2"),
                                           ("U1,甲,0,0,2,1.1", "H8扣分 = 1.1, H8件数 = 2"),
                                           ("U1,甲,0,0,0,0.3", "H8扣分 = 0.3, H8件数 = 0")])
def test_sum_outside_count_range_names_the_cell(run_rules, row: str, read: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError) as info:
        run_rules(BODY, {"units": HEAD + row})
    assert str(info.value).endswith(
        f"units.csv, row 2: column H8扣分: U1 甲: 热线: the check '态度问题：H8扣分 在 H8件数 × 0.3–0.5 内' does not hold ({read}) [EV027]"
    )


def test_count_and_range_go_together() -> None:
    from pingyi_rules import RulesetError

    from ..rules_helpers import load

    with pytest.raises(RulesetError, match="'count' and 'range' go together"):
        load(BODY.replace(", count: H8件数", ""))


def test_the_floor_is_not_crossed_by_caps(tmp_path: Path, run_rules) -> None:  # type: ignore[no-untyped-def]
    uncapped = BODY.replace("caps: {甲: 4, 乙: 4, 丙: 2}", "").replace(", group: 甲}", "}").replace(", group: 乙}", "}")
    uncapped = uncapped.replace(", group: 丙}", "}")
    result = run_rules(uncapped, {"units": HEAD + "U1,甲,60,0,0,0"})
    assert result.subjects[0].total == Decimal("0.00")  # 12 → 扣完为止


def test_the_trace_lists_each_subjects_own_count_of_cases(run_rules) -> None:  # type: ignore[no-untyped-def]
    # U1: 2 cases, 0.8 (within 2 × 0.3–0.5 = 0.6–1.0): 10 − 0.8 = 9.2
    # U2: 1 × 0.2 and 4 cases, 1.6 (within 4 × 0.3–0.5 = 1.2–2.0): 10 − (0.2 + 1.6) = 8.2
    result = run_rules(BODY, {"units": HEAD + "U1,甲,0,0,2,0.8\nU2,乙,1,0,4,1.6"})
    assert [s.total for s in result.subjects] == [Decimal("9.20"), Decimal("8.20")]
    for unit, listed in (("U1", {"H1": 0, "H5": 0, "H8扣分": Decimal("0.8"), "H8件数": 2}),
                         ("U2", {"H1": 1, "H5": 0, "H8扣分": Decimal("1.6"), "H8件数": 4})):
        assert dict(result.subject(unit).component("热线").trace.inputs) == listed
