"""Every shipped ruleset (rulesets/*.yaml, not the examples under rulesets/examples/) has its worked
cases beside it: `<name>.cases.yaml`, naming that ruleset, with at least one case that scores and
states expected numbers (the cases themselves run as pytest items, see conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingyi_rules.source.strict_yaml import parse_yaml

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
SHIPPED = sorted(p for p in RULESETS.glob("*.yaml") if not p.name.endswith(".cases.yaml"))


def test_the_shipped_rulesets_are_found() -> None:
    assert len(SHIPPED) >= 12
    assert RULESETS / "county-coop-lianping-2022.yaml" in SHIPPED


@pytest.mark.parametrize("ruleset", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_a_shipped_ruleset_has_worked_cases_beside_it(ruleset: Path) -> None:
    cases = ruleset.with_name(ruleset.stem + ".cases.yaml")
    assert cases.is_file(), f"{ruleset.name} has no worked cases: write {cases.name} beside it"
    data = parse_yaml(cases.read_text(encoding="utf-8"), str(cases)).data
    assert data["ruleset"] == ruleset.name, f"{cases.name} works through {data['ruleset']}, not {ruleset.name}"
    scored = [c for c in data["cases"] if c.get("error") is None and c.get("ruleset", ruleset.name) == ruleset.name]
    assert any(c.get("expect") for c in scored), f"{cases.name} has no case of {ruleset.name} that scores with expected numbers"
