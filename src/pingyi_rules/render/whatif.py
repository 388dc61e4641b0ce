"""A what-if as text: the changed cells, the units they belong to (and every unit whose total
changed), then the units whose rank or tiers moved because of them, each before → after."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..core.numbers import fixed_or
from ..core.safe_text import visible
from ..facts.cells import shown
from ..scoring.whatif import UnitChange, WhatIf


def render_whatif(what: WhatIf) -> str:
    result = what.after
    places, rounding = result.places, result.rounding

    def total(value: Decimal | None) -> str:
        return fixed_or(value, places, rounding, "无")

    lines = [f"{result.ruleset_name}（{result.ruleset_id} {result.ruleset_version}）", "假设变更："]
    for applied in what.changes:
        change = applied.change
        lines.append(
            f"  {change.table}!{change.key}!{change.column}：{_cell(applied.before)} → {_cell(applied.after)}"
            f"（{applied.location}）"
        )
    lines.append("变更涉及的单位：")
    lines.extend(_unit_line(unit, total) for unit in what.affected)
    if not what.affected:
        lines.append("  无")
    lines.append("名次或等次随之变化的单位：")
    lines.extend(_unit_line(unit, total) for unit in what.moved)
    if not what.moved:
        lines.append("  无")
    return "\n".join(map(visible, lines)) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, Decimal):
        return format(value, "f")
    return shown(value)


def _unit_line(unit: UnitChange, total: Any) -> str:
    group = f"{unit.group} " if unit.group is not None else ""
    parts = [
        _pair("总分", total(unit.total_before), total(unit.total_after)),
        _pair("名次", _rank(unit.rank_before), _rank(unit.rank_after)),
        _pair("等次", "、".join(unit.tiers_before) or "无", "、".join(unit.tiers_after) or "无"),
    ]
    return f"  {group}{unit.id} {unit.name}：" + "；".join(parts)


def _rank(rank: int | None) -> str:
    return "无" if rank is None else str(rank)


def _pair(label: str, before: str, after: str) -> str:
    return f"{label} {before}（不变）" if before == after else f"{label} {before} → {after}"
