"""Shared test helpers: the CLI in-process, the shipped rulesets with their example facts, typed cells."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from pingyi_rules.cli import run

ROOT = Path(__file__).resolve().parent.parent
RULESETS = ROOT / "rulesets"
EXAMPLES = ROOT / "examples"


def cli(*argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def jsonable(value: Any) -> Any:
    """Plain data with Decimals as numbers, for jsonschema."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def shipped() -> list[tuple[Path, Path]]:
    """(ruleset, example facts folder) for every shipped ruleset whose worked cases name a facts folder."""
    pairs = []
    for cases in sorted(RULESETS.glob("*.cases.yaml")):
        data = yaml.safe_load(cases.read_text(encoding="utf-8"))
        ruleset = (cases.parent / data["ruleset"]).resolve()
        facts = data.get("facts")
        if facts and (cases.parent / facts).is_dir():
            pairs.append((ruleset, (cases.parent / facts).resolve()))
    return pairs


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    return rows[0], rows[1:]


def typed(text: str, kind: str) -> Any:
    """A CSV cell as a person would enter it in Excel: numbers as numbers, the rest as text."""
    if text == "":
        return None
    if kind == "count":
        return int(text)
    if kind == "decimal":
        return Decimal(text)
    return text


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON result without the input file names, digests and record locations (which differ by design)."""
    kept = {k: v for k, v in data.items() if k != "inputs"}
    kept["void"] = [{k: v for k, v in item.items() if k != "location"} for item in data.get("void", [])]
    return kept
