"""Edges of subject conditions that a changed comparison or count would move: a row count with
`where` exactly on its bound, a flag left blank, an expression on a blank field, a named condition
that names itself or is never used. Expected values by hand in the comments (see docs/testing.md,
"Mutation score")."""

from __future__ import annotations

from typing import Any

import pytest

from pingyi_rules import PingyiError, check_ruleset

from ..rules_helpers import HEAD, subject_table
from .test_conditions import ROWS_BODY

UNITS = "编码,名称\nU1,甲\nU2,乙\nU3,丙"
CHECKS = "对象编码,类型,扣分\nU1,迟报,3\nU1,迟报,3\nU1,查实,3\nU2,迟报,3\nU2,查实,3\nU2,查实,3"


def test_a_row_count_with_where_on_its_bound(run_rules: Any) -> None:
    body = ROWS_BODY + "tiers:\n  - {name: 多次迟报, when: {count_rows: checks, where: {column: 类型, equals: 迟报}, at_least: 2}}\n"
    result = run_rules(body, {"units": UNITS, "checks": CHECKS})
    # 迟报 rows: U1 2 (≥ 2: in), U2 1 (its two 查实 rows do not count), U3 none
    assert [s.tiers for s in result.subjects] == [["多次迟报"], [], []]


FLAG_BODY = "\n" + subject_table(
    "{header: 分数, type: decimal, required: false}", "{header: 立案, type: bool, required: false}"
) + """points: 100
components:
  - {id: 得分, name: 得分, kind: expression, points: 100, expr: "100"}
"""


def test_a_blank_flag_is_not_yes(run_rules: Any) -> None:
    body = FLAG_BODY + "tiers:\n  - {name: 立案, when: {flag: 立案}}\n"
    result = run_rules(body, {"units": "编码,名称,分数,立案\nU1,甲,1,是\nU2,乙,1,\nU3,丙,1,否"})
    assert [s.tiers for s in result.subjects] == [["立案"], [], []]


def test_an_expression_condition_on_a_blank_field_is_located(run_rules: Any) -> None:
    body = FLAG_BODY + "tiers:\n  - {name: 高, when: {expr: \"分数 > 1\"}}\n"
    with pytest.raises(PingyiError) as caught:
        run_rules(body, {"units": "编码,名称,分数,立案\nU1,甲,2,是\nU2,乙,,否"})
    assert caught.value.code == "EV013"
    assert "row 3: column 分数" in str(caught.value)


def test_a_named_condition_that_names_itself_is_refused() -> None:
    body = FLAG_BODY + "conditions:\n  - {name: 甲, when: {is: 甲}}\ntiers:\n  - {name: 好, when: {is: 甲}}\n"
    (error,) = check_ruleset("t.yaml", text=HEAD + body)
    assert error.code == "RS074" and error.location is not None and error.location.path == "conditions[0].when.is"


def test_a_named_condition_never_used_is_refused() -> None:
    body = FLAG_BODY + "conditions:\n  - {name: 甲, when: {flag: 立案}}\n"
    (error,) = check_ruleset("t.yaml", text=HEAD + body)
    assert error.code == "RS053" and error.location is not None and error.location.path == "conditions[0].name"


def test_a_named_condition_naming_a_later_one_is_refused() -> None:
    body = FLAG_BODY + (
        "conditions:\n  - {name: 甲, when: {is: 乙}}\n  - {name: 乙, when: {flag: 立案}}\n"
        "tiers:\n  - {name: 好, when: {is: 甲}}\n"
    )
    (error,) = check_ruleset("t.yaml", text=HEAD + body)
    assert error.code == "RS074" and error.location is not None and error.location.path == "conditions[0].when.is"


def test_a_named_condition_naming_an_earlier_one_is_decided(run_rules: Any) -> None:
    body = FLAG_BODY + (
        "conditions:\n  - {name: 甲, when: {flag: 立案}}\n  - {name: 乙, when: {not: {is: 甲}}}\n"
        "tiers:\n  - {name: 好, when: {is: 乙}}\n"
    )
    result = run_rules(body, {"units": "编码,名称,分数,立案\nU1,甲,1,是\nU2,乙,1,否"})
    assert [s.tiers for s in result.subjects] == [[], ["好"]]
