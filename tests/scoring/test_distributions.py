"""Forced distribution per group: at most ⌈20 %·n⌉ 优秀, at least ⌊20 %·n⌋ 一般; an error names the group."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import EvaluationError, RulesetError

from ..rules_helpers import load

BODY = """
inputs:
  subjects: {table: units, id_column: 编码, name_column: 名称}
  tables:
    - id: units
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 名称, type: text}
        - {header: 主管单位, type: text}
        - {header: 评价, type: enum, choices: [优秀, 良好, 一般], required: false}
scales:
  - {id: 评价, grades: {优秀: 5, 良好: 4, 一般: 3}}
distributions:
  - name: 等次比例
    column: 评价
    within: 主管单位
    shares:
      - {grade: 优秀, at_most: 0.2, round: up}
      - {grade: 一般, at_least: 0.2, round: down}
points: 5
components:
  - {id: 评价, name: 主管单位评价, kind: grade, column: 评价, scale: 评价, points: 5}
"""


def _units(*grades: str, group: str = "局A") -> str:
    lines = ["编码,名称,主管单位,评价"]
    lines += [f"U{i},单位{i},{group},{g}" for i, g in enumerate(grades, start=1)]
    return "\n".join(lines)


@pytest.mark.parametrize(
    "grades",
    [
        ("优秀", "良好", "良好"),                      # n 3: ≤ 1 优秀, ≥ 0 一般
        ("优秀", "良好", "良好", "良好", "一般"),        # n 5: ≤ 1, ≥ 1
        ("优秀", "优秀", "良好", "良好", "良好", "一般"),  # n 6: ≤ ⌈1.2⌉ = 2, ≥ ⌊1.2⌋ = 1
        ("良好", "良好", "良好", "良好"),                # n 4: ≥ ⌊0.8⌋ = 0 一般
        ("优秀", "良好", "良好", "良好", "一般", ""),     # a blank grade is not rated: n 5
    ],
)
def test_distributions_that_keep_the_quota(run_rules, grades: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": _units(*grades)})
    # scored, each unit at its grade's value in the scale (优秀 5, 良好 4, 一般 3; a blank grade: no points)
    values = {"优秀": "5", "良好": "4", "一般": "3", "": None}
    assert [s.id for s in result.subjects] == [f"U{i}" for i in range(1, len(grades) + 1)]
    for subject, grade in zip(result.subjects, grades, strict=True):
        want = values[grade]
        assert subject.component("评价").points == (None if want is None else Decimal(want))


def test_too_many_excellent(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError) as info:
        run_rules(BODY, {"units": _units("优秀", "优秀", "良好", "良好", "一般")})
    assert str(info.value).endswith(
        "units.csv, row 3: column 评价: 等次比例: 主管单位 局A: 评价 优秀 for 2 (subjects counted: 5; "
        "评价: 优秀 2, 良好 2, 一般 1); at most ⌈20% × 5⌉ = 1 allowed [EV009]"
    )


def test_too_few_fair(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError, match=r"局A: 评价 一般 for 0 \(subjects counted: 5; .*at least ⌊20% × 5⌋ = 1 allowed"):
        run_rules(BODY, {"units": _units("优秀", "良好", "良好", "良好", "良好")})


def test_groups_are_checked_apart(run_rules) -> None:  # type: ignore[no-untyped-def]
    units = _units("优秀", "良好", "良好") + "\n" + _units("优秀", "优秀", group="局B").split("\n", 1)[1].replace("U", "V")
    with pytest.raises(EvaluationError, match=r"主管单位 局B: 评价 优秀 for 2 \(subjects counted: 2;"):
        run_rules(BODY, {"units": units})


def test_unknown_grade_is_a_ruleset_error() -> None:
    with pytest.raises(RulesetError, match="'杰出' is not a value of column '评价'"):
        load(BODY.replace("grade: 优秀, at_most", "grade: 杰出, at_most"))


def test_rounding_is_required() -> None:
    with pytest.raises(RulesetError, match="missing key 'round'"):
        load(BODY.replace(", round: up", ""))
