"""The Wenzhou 2023 ruleset against the independent reading (tests/shipped/wenzhou_reference.py) on
generated fact sets: every component, 日常评议, the stage-1 rank and pick, the total, rank and tiers."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from ..shipped.wenzhou_reference import reference
from .engine import engine_json, flat
from .wenzhou_facts import Tables, wenzhou_tables, write_tables

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "rulesets" / "wenzhou-2023.yaml"
COMPONENTS = ("服务对象满意度", "监督检查", "热线日常办理", "热线年度评价", "热线", "主管单位评价", "日常评议",
              "网络评议", "加分", "报送材料扣分")


def divergences(folder: Path) -> list[str]:
    """Every place where the engine's result and the reference's differ."""
    expected = reference(folder)
    problems = []
    for unit in engine_json(RULESET, folder)["units"]:
        want = expected[unit["id"]]
        points = flat(unit["components"])
        for cid in COMPONENTS:
            got = None if points[cid] is None else Decimal(points[cid])
            if got != want[cid]:
                problems.append(f"{unit['id']} {cid}: engine {got} reference {want[cid]}")
        total = None if unit["total"] is None else Decimal(unit["total"])
        if (total, unit["rank"], unit["tiers"]) != (want["total"], want["rank"], want["tiers"]):
            problems.append(f"{unit['id']}: engine {(total, unit['rank'], unit['tiers'])} reference "
                            f"{(want['total'], want['rank'], want['tiers'])}")
        stage = unit["stages"][0]
        if (stage["rank"], stage["selected"]) != (want["stage_rank"], want["picked"]):
            problems.append(f"{unit['id']} stage 1: engine {(stage['rank'], stage['selected'])} reference "
                            f"{(want['stage_rank'], want['picked'])}")
    return problems


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(tables=wenzhou_tables())
def test_engine_agrees_with_the_reference_on_generated_facts(tmp_path: Path, tables: Tables) -> None:
    folder = tmp_path / "facts"
    shutil.rmtree(folder, ignore_errors=True)
    write_tables(folder, tables)
    assert divergences(folder) == []
