"""The engine's side of every oracle test: the `pingyi score --format json` result of a facts folder
and a unit's component points by id."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from pingyi_rules.cli import run


def engine_json(ruleset: Path, folder: Path) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["score", str(ruleset), str(folder), "--format", "json"], out, err)
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


def flat(components: list[dict[str, Any]]) -> dict[str, Any]:
    """Component id → published points, through the whole tree."""
    found: dict[str, Any] = {}
    for c in components:
        found[c["id"]] = c["points"]
        found.update(flat(c.get("components", [])))
    return found


def divergences(ruleset: Path, folder: Path, expected: dict[str, dict[str, Any]], components: tuple[str, ...]) -> list[str]:
    """Where the engine's published components, total, rank and tiers differ from a reference's
    (`expected`: unit id → component id, 'total', 'rank', 'tiers' → exact value)."""
    problems = []
    for unit in engine_json(ruleset, folder)["units"]:
        want = expected[unit["id"]]
        points = flat(unit["components"])
        for cid in components:
            if Fraction(Decimal(points[cid])) != want[cid]:
                problems.append(f"{unit['id']} {cid}: engine {points[cid]} reference {float(want[cid]):.2f}")
        got = (Fraction(Decimal(unit["total"])), unit["rank"], unit["tiers"])
        if got != (want["total"], want["rank"], want["tiers"]):
            problems.append(f"{unit['id']}: engine {unit['total'], unit['rank'], unit['tiers']} reference "
                            f"{float(want['total']):.2f} {want['rank']} {want['tiers']}")
    return problems
