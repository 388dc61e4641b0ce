"""Conservation over random facts, for every shipped ruleset (and the corpus base):
every input row is accounted for exactly once (a trace entry or an error), every subject appears
once, every total is the sum of its parts."""

from __future__ import annotations

import decimal
import tempfile
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pingyi_rules import CompiledRuleset, PingyiError, score
from pingyi_rules.core.numbers import CONTEXT
from pingyi_rules.facts.reading import FactSet, read_facts
from pingyi_rules.model.inputs import Numbers
from pingyi_rules.results.result import STATUS_LABELS, ComponentResult, Result
from pingyi_rules.testing.strategies import all_components, facts, input_tables

from ..arith import near, published
from ..factgen import COMPILED, RULESETS, write

NAMES = [name for name, _, _ in RULESETS]
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_conservation(ruleset: CompiledRuleset, fact_set: FactSet, result: Result) -> None:
    with decimal.localcontext(CONTEXT):  # the engine's 60-digit context, so sums compare exactly
        _conservation(ruleset, fact_set, result)


def _conservation(ruleset: CompiledRuleset, fact_set: FactSet, result: Result) -> None:
    subject_table = ruleset.model.inputs.subjects.table
    # every subject once, in the subject table's order
    subject_spec = fact_set.tables[subject_table].spec
    key = next(c.name for c in subject_spec.columns if c.header == subject_spec.subject)
    ids = [str(row.values[key]) for row in fact_set.tables[subject_table].rows]
    assert [s.id for s in result.subjects] == ids
    by_id = {s.id: s for s in result.subjects}

    for spec in input_tables(ruleset):
        table = fact_set.tables[spec.id]
        key = next(c.name for c in spec.columns if c.header == spec.subject)
        if spec.rows == "per_subject":
            # a per-subject row maps to its subject: one row per subject at most
            owners = Counter(str(row.values[key]) for row in table.rows)
            assert all(n == 1 for n in owners.values())
            assert set(owners) <= set(by_id)
            continue
        if spec.rows != "cases":  # keyed tables: looked up by a join column (unique keys are the engine's check)
            continue
        readers = [c for c in all_components(ruleset) if getattr(c, "table", None) == spec.id]
        assert readers, f"rows of table '{spec.id}' are read by no component: they would be dropped silently"
        void = Counter(v.location for v in result.void if v.location is not None)
        for row in table.rows:
            subject = by_id[str(row.values[key])]
            seen_in: list[str] = []
            for entry in subject.trace():
                hits = [t for t in entry.rows if t.location == row.location]
                assert len(hits) <= 1, f"{row.location} twice in {entry.path}"
                if hits:
                    assert hits[0].status in STATUS_LABELS
                    seen_in.append(entry.path)
            for other in result.subjects:
                if other.id != subject.id:
                    assert all(t.location != row.location for e in other.trace() for t in e.rows)
            cases_paths = {e.path for e in subject.trace() if e.kind == "cases"}
            cases_readers = sum(1 for c in readers if c.kind == "cases")
            assert len([p for p in seen_in if p in cases_paths]) == cases_readers
            assert seen_in or void[row.location] == 1, f"{row.location} is in no trace entry"

    numbers = ruleset.model.numbers
    for subject in result.subjects:
        parts = [c.points for c in subject.components]
        if subject.exact_total is None:
            assert any(p is None for p in parts)
            continue
        # checked in exact rationals and with the documented rounding, not with the engine's own
        assert near(subject.exact_total, sum((Fraction(p) for p in parts if p is not None), Fraction(0)))
        assert subject.total is not None
        assert Fraction(subject.total) == published(subject.exact_total, numbers.places, numbers.rounding)
        for top in subject.components:
            for node in top.walk():
                _check_node(node, numbers)


def _check_node(node: ComponentResult, numbers: Numbers) -> None:
    trace = node.trace
    if numbers.round_at == "components" and node.points is not None:  # every component rounded before adding
        assert Fraction(node.points) == published(node.points, numbers.places, numbers.rounding)
    if trace.kind == "sum" and node.points is not None:
        assert near(node.points, sum((Fraction(c.points) for c in node.children if c.points is not None), Fraction(0)))
    if trace.kind == "cases":
        counted = [t for t in trace.rows if t.status in ("counted", "capped")]
        assert all(t.amount is not None for t in counted)
        assert all(t.amount in (None, 0) for t in trace.rows if t.status not in ("counted", "capped"))


@pytest.mark.parametrize("name", NAMES)
def test_shipped_example_facts_conserve(name: str) -> None:
    _, _, folder = next(r for r in RULESETS if r[0] == name)
    ruleset = COMPILED[name]
    fact_set = read_facts(input_tables(ruleset), folder)
    check_conservation(ruleset, fact_set, score(ruleset, folder))


# At least this share of the generated fact sets must reach scoring (the others end in a located
# error, itself checked): a property that mostly stops early checks nothing.
MIN_SCORED = 0.5


@pytest.mark.parametrize("name", NAMES)
def test_conservation_on_random_facts(name: str) -> None:
    ruleset = COMPILED[name]
    reached: Counter[str] = Counter()

    @PROPERTY
    @given(data=st.data())
    def conserve(data: st.DataObject) -> None:
        tables = data.draw(facts(ruleset))
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            write(folder, tables)
            try:
                fact_set = read_facts(input_tables(ruleset), folder)
                result = score(ruleset, folder)
            except PingyiError as exc:
                # a row in error: exactly one error, naming a place in the facts
                assert exc.location is not None and str(folder) in str(exc.location), str(exc)
                event("stopped by a facts error")
                reached["error"] += 1
                return
        event("scored")
        reached["scored"] += 1
        check_conservation(ruleset, fact_set, result)

    conserve()
    total = reached["scored"] + reached["error"]
    assert reached["scored"] >= MIN_SCORED * total, f"only {reached['scored']} of {total} generated fact sets reached scoring"
