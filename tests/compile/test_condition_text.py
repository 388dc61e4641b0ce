"""A subject condition in words (`condition_text`, shown in reports and traces), on hand-written
expected texts: every leaf, every comparison, 且 / 或 / 非 around them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pingyi_rules.compile.conditions import condition_text
from pingyi_rules.model.outcomes import Condition


@pytest.mark.parametrize(
    ("cond", "text"),
    [
        ({"between": [Decimal(60), Decimal("70.50")]}, "总分 在 [60, 70.5] 内"),
        ({"at_least": 70, "below": 90}, "总分 ≥ 70 且 < 90"),
        ({"above": Decimal("59.5"), "at_most": 100}, "总分 > 59.5 且 ≤ 100"),
        ({"of": "类别", "in": ["甲", "乙", "丙"]}, "“类别” 属于 甲、乙、丙"),
        ({"of": "分数", "in": [Decimal("1.50"), 2]}, "“分数” 属于 1.5、2"),
        ({"of": "立案", "equals": True}, "“立案” = 是"),
        ({"of": "立案", "equals": False}, "“立案” = 否"),
        ({"of": "分数", "equals": Decimal("12.50")}, "“分数” = 12.5"),
        ({"of": "类别", "equals": "甲"}, "“类别” = 甲"),
        ({"top": 3}, "组内前 3 名（严格优于它的少于 3 个）"),
        ({"bottom": 2}, "组内后 2 名（严格低于它的少于 2 个）"),
        ({"flag": "立案"}, "“立案”为“是”"),
        ({"blank": "分数"}, "“分数”为空"),
        ({"tier": "好"}, "已列入好"),
        ({"expr": "分数 > 1"}, "分数 > 1"),
        ({"is": "否决情形"}, "符合“否决情形”"),
        ({"count_rows": "cases", "at_least": 2}, "表 cases的行数 ≥ 2"),
        ({"count_rows": "cases", "where": {"column": "事项", "equals": "A"}, "below": 1}, "表 cases（按条件）的行数 < 1"),
        ({"all": [{"at_least": 70}, {"not": {"flag": "立案"}}]}, "（总分 ≥ 70）且（非（“立案”为“是”））"),
        ({"any": [{"top": 1}, {"tier": "好"}]}, "（组内前 1 名（严格优于它的少于 1 个））或（已列入好）"),
    ],
)
def test_condition_in_words(cond: dict[str, Any], text: str) -> None:
    assert condition_text(Condition.model_validate(cond)) == text
