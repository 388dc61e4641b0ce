"""The engine's side of every oracle test: the `pingyi score --format json` result of a facts folder,
a unit's component points by id, the comparison with a reference, and the share of generated fact
sets that reached scoring."""

from __future__ import annotations

import csv
import io
import json
import shutil
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


def write_csv(folder: Path, tables: dict[str, tuple[list[str], list[list[str]]]]) -> None:
    """A fresh facts folder: one `<name>.csv` per table (header, rows)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, (header, rows) in tables.items():
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)


def try_engine_json(ruleset: Path, folder: Path) -> tuple[dict[str, Any] | None, str]:
    """The JSON result, or None and the error lines when the run stopped (exit code not 0)."""
    out, err = io.StringIO(), io.StringIO()
    code = run(["score", str(ruleset), str(folder), "--format", "json"], out, err)
    return (json.loads(out.getvalue()) if code == 0 else None), err.getvalue()


def _exact(text: str | None) -> Fraction | None:
    return None if text is None else Fraction(Decimal(text))


def _show(value: Any) -> Any:
    """A reference's exact value as a decimal when it has one (else a fraction), for messages."""
    if isinstance(value, Fraction):
        text = str(Decimal(value.numerator) / Decimal(value.denominator))
        return text if Fraction(Decimal(text)) == value else f"{value.numerator}/{value.denominator}"
    return value


def unit_divergences(result: dict[str, Any], expected: dict[str, dict[str, Any]], components: tuple[str, ...],
                     values: tuple[str, ...] = ()) -> list[str]:
    """Where a JSON result differs from a reference (`expected`: unit id → component ids, value ids,
    'total', 'rank', 'tiers' → exact value or None for 无数据): every unit present on both sides,
    then each unit's published components, values, total, rank and tiers."""
    got_ids = [u["id"] for u in result["units"]]
    problems = [] if sorted(got_ids) == sorted(expected) else [f"units: engine {sorted(got_ids)} reference {sorted(expected)}"]
    for unit in result["units"]:
        want = expected.get(unit["id"])
        if want is None:
            continue
        points = flat(unit["components"])
        for cid in components:
            if _exact(points[cid]) != want[cid]:
                problems.append(f"{unit['id']} {cid}: engine {points[cid]} reference {_show(want[cid])}")
        for vid in values:
            if _exact(unit["values"][vid]) != want[vid]:
                problems.append(f"{unit['id']} value {vid}: engine {unit['values'][vid]} reference {_show(want[vid])}")
        got = (_exact(unit["total"]), unit["rank"], unit["tiers"])
        if got != (want["total"], want["rank"], want["tiers"]):
            problems.append(f"{unit['id']}: engine {unit['total'], unit['rank'], unit['tiers']} reference "
                            f"{_show(want['total']), want['rank'], want['tiers']}")
    return problems


class Reach:
    """Counts how many generated fact sets reached scoring; a property test that mostly stops at an
    error checks nothing, so `check` fails below the stated share."""

    def __init__(self, share: float) -> None:
        self.share = share
        self.scored = 0
        self.stopped = 0

    def check(self) -> None:
        total = self.scored + self.stopped
        assert total > 0 and self.scored >= self.share * total, \
            f"only {self.scored} of {total} generated fact sets reached scoring (at least {self.share:.0%} required)"
