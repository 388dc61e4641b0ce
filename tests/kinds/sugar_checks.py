"""What the tests of the sugar kinds share: a ruleset and its expansion (`pingyi expand`) scored on
the same facts must agree on every subject's total, rank, tiers, named rankings and the points of
every component and named value; and the expansion holds core kinds only.

A sugar kind's test file (`tests/kinds/test_sugar_<kind>.py`) builds rulesets and facts (hypothesis
where the class is open-ended), checks the values against an oracle of its own, and calls
`assert_expansion_agrees`. `tests/kinds/test_sugar.py` runs the shipped rulesets and their worked
cases through `expansion_disagreements` and checks every registered sugar kind's module.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pingyi_rules import PingyiError, Result, load_ruleset, score
from pingyi_rules.compile.ruleset import CompiledRuleset
from pingyi_rules.expand import dump_ruleset, expand_ruleset
from pingyi_rules.kinds.registry import SUGAR
from pingyi_rules.results.result import ComponentResult


def expanded_text(ruleset: Path) -> str:
    """The ruleset at `ruleset` with its sugar nodes expanded, as `pingyi expand` writes it."""
    return dump_ruleset(expand_ruleset(ruleset))


def load_expanded(ruleset: Path) -> CompiledRuleset:
    """The expansion loaded under the ruleset's own name (files it names resolve the same way);
    it must hold no sugar node."""
    text = expanded_text(ruleset)
    compiled = load_ruleset(ruleset, text=text)
    left = sorted({kind for kind in _kinds(compiled.model.model_dump(by_alias=True)) if kind in SUGAR})
    assert not left, f"the expansion of {ruleset} still has {left}"
    return compiled


def _kinds(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("kind"), str) and "id" in node:
            yield node["kind"]
        for value in node.values():
            yield from _kinds(value)
    elif isinstance(node, list):
        for value in node:
            yield from _kinds(value)


def _points(components: tuple[ComponentResult, ...]) -> dict[str, Any]:
    return {node.id: node.points for component in components for node in component.walk()}


def disagreements(sugar: Result, core: Result) -> list[str]:
    """Where two results of the same facts differ in what decides (empty when they agree)."""
    found = []
    if [s.id for s in sugar.subjects] != [s.id for s in core.subjects]:
        return [f"subjects {[s.id for s in sugar.subjects]} != {[s.id for s in core.subjects]}"]
    for a, b in zip(sugar.subjects, core.subjects, strict=True):
        for what in ("exact_total", "total", "rank", "tiers", "ranks", "values"):
            if getattr(a, what) != getattr(b, what):
                found.append(f"{a.id} {what}: {getattr(a, what)!r} != {getattr(b, what)!r}")
        for what, ours, theirs in (("components", a.components, b.components), ("named", a.named, b.named)):
            if _points(ours) != _points(theirs):
                found.append(f"{a.id} {what}: {_points(ours)} != {_points(theirs)}")
    return found


def _scored(ruleset: CompiledRuleset, facts: Path) -> Result | str:
    try:
        return score(ruleset, facts)
    except PingyiError as exc:
        return f"[{exc.code}] {exc.location}"


def expansion_disagreements(ruleset: Path, facts: Path) -> list[str]:
    """The ruleset and its expansion scored on `facts`: their disagreements (an error on one side must be
    the same error, by code and place, on the other)."""
    sugar, core = _scored(load_ruleset(ruleset), facts), _scored(load_expanded(ruleset), facts)
    if isinstance(sugar, str) or isinstance(core, str):
        return [] if sugar == core else [f"{sugar!r} != {core!r}"]
    return disagreements(sugar, core)


def assert_expansion_agrees(ruleset_text: str, tables: dict[str, str], folder: Path) -> Result:
    """Write the ruleset and its CSV tables under `folder`, score it and its expansion, assert they
    agree; the sugar ruleset's result."""
    if folder.exists():
        shutil.rmtree(folder)
    facts = folder / "facts"
    facts.mkdir(parents=True)
    for name, text in tables.items():
        (facts / f"{name}.csv").write_text(text.strip() + "\n", encoding="utf-8")
    ruleset = folder / "ruleset.yaml"
    ruleset.write_text(ruleset_text, encoding="utf-8")
    assert expansion_disagreements(ruleset, facts) == []
    return score(load_ruleset(ruleset), facts)
