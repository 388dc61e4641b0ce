"""Shared test helpers: the shipped rulesets with their example facts, CSV rows, typed cell values."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
RULESETS = ROOT / "rulesets"


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
    """The JSON result without the input file names and digests (which differ by design)."""
    return {k: v for k, v in data.items() if k != "inputs"}
