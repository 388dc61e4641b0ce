"""Trace entries are built once, when first asked for, and agree with the points."""

from __future__ import annotations

from decimal import Decimal

from pingyi_rules import load_ruleset, score

from ..helpers import EXAMPLES, RULESETS

SEED4 = RULESETS / "district-neishe-ceping-2012.yaml"


def test_traces_are_built_once_and_on_demand() -> None:
    result = score(load_ruleset(SEED4), EXAMPLES / "seed-004")
    component = result.subjects[0].components[0]
    assert component._trace is None  # nothing built while scoring
    trace = component.trace
    assert trace is component.trace  # built once
    assert trace.path == "综合满意度" and trace.points == component.points
    child = component.children[0].trace
    assert child.formula.startswith("(优 3×90 + 良 13×75") and child.inputs[0] == ("即时测评_优", Decimal(3))
    moved = component.replace(name="别名")
    assert moved.name == "别名" and moved.trace == trace and moved.points == component.points
