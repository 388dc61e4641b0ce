"""The `cases` kind: one row per case; items by code, group caps, and a bonus with or without a cap."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules.core.errors import RulesetError

from ..rules_helpers import load, subject_table

BODY = "\n" + subject_table() + """    - id: checks
      layout: cases
      subject: 对象编码
      columns:
        - {header: 对象编码, type: id}
        - {header: 类型, type: enum, choices: [迟报, 查实]}
    - id: awards
      layout: cases
      subject: 对象编码
      columns:
        - {header: 对象编码, type: id}
        - {header: 级别, type: enum, choices: [省, 国]}
points: 10
components:
  - id: 监督检查
    name: 监督检查
    kind: cases
    points: 10
    table: checks
    code_column: 类型
    items:
      - {code: 迟报, name: 迟报材料, amount: 1}
      - {code: 查实, name: 投诉查实, amount: 3, group: 投诉}
    caps: {投诉: 5}
  - {id: 加分, name: 加分, kind: cases, effect: add, outside: true, points: 0, capped: false,
     table: awards, code_column: 级别, items: [{code: 省, name: 省级, amount: 5}, {code: 国, name: 国家级, amount: 10}]}
"""
UNITS = "编码,名称\nU1,甲\nU2,乙\nU3,丙"
CHECKS = "对象编码,类型\nU1,迟报\nU1,查实\nU2,查实\nU2,查实"


def test_items_by_code_and_group_caps(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": UNITS, "checks": CHECKS, "awards": "对象编码,级别"})
    # U1 10 − (1 + 3) = 6; U2 3 + 3 = 6 in 投诉, capped at 5: 10 − 5 = 5; U3 no rows: 10
    assert [s.total for s in result.subjects] == [Decimal("6.00"), Decimal("5.00"), Decimal("10.00")]
    rows = result.subject("U2").component("监督检查").trace.rows
    assert [(r.status, r.amount) for r in rows] == [("counted", Decimal(3)), ("capped", Decimal(2))]


def test_an_uncapped_bonus_adds_every_award(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, {"units": UNITS, "checks": "对象编码,类型", "awards": "对象编码,级别\nU1,国\nU1,省\nU1,国"})
    # 10 + 5 + 10 = 25 on top of 监督检查 10
    u1 = result.subject("U1")
    assert u1.component("加分").points == Decimal(25)
    assert u1.total == Decimal("35.00")


def test_a_capped_bonus_stops_at_its_points(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY.replace("points: 0, capped: false", "points: 12")
    result = run_rules(body, {"units": UNITS, "checks": "对象编码,类型", "awards": "对象编码,级别\nU1,国\nU1,省"})
    # 10 + 5 = 15, capped at the points 12
    assert result.subject("U1").component("加分").points == Decimal(12)


def test_without_a_code_column_every_row_is_the_one_item(run_rules) -> None:  # type: ignore[no-untyped-def]
    # every 迟报 row is the same item: no 类型 column needed. U1 two rows 10 − 2 × 1.5 = 7; U2 one row 8.5; U3 none 10
    body = BODY.replace("    code_column: 类型\n    items:\n      - {code: 迟报, name: 迟报材料, amount: 1}\n"
                        "      - {code: 查实, name: 投诉查实, amount: 3, group: 投诉}\n    caps: {投诉: 5}\n",
                        "    items:\n      - {code: 迟报, name: 迟报材料, amount: 1.5}\n")
    assert body != BODY
    result = run_rules(body, {"units": UNITS, "checks": "对象编码,类型\nU1,迟报\nU1,查实\nU2,查实", "awards": "对象编码,级别"})
    assert [s.component("监督检查").points for s in result.subjects] == [Decimal(7), Decimal("8.5"), Decimal(10)]


def test_without_a_code_column_two_items_are_refused() -> None:
    body = BODY.replace("    code_column: 类型\n    items:", "    items:")
    with pytest.raises(RulesetError) as caught:
        load(body)
    assert caught.value.code == "RS035"
    assert "without a 'code_column' every row is the same item, but 2 items are listed" in str(caught.value)
