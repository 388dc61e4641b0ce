"""Trace entries re-derived on demand (scoring/rederive.py) are the entries an eager run keeps.

Every shipped and example ruleset is scored on its example facts and on the facts of each of its
worked cases twice: as `score` does (component results keep their points; a trace entry is made by
scoring the subject again when asked for) and with every outcome kept (`rederive=False`, the
path before re-derivation). Every entry of every unit must be the same, field by field, the
formula and the row traces written out.
"""

from __future__ import annotations

import dataclasses
import decimal
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pingyi_rules import load_ruleset
from pingyi_rules.core.errors import EvaluationError, PingyiError
from pingyi_rules.facts.rows import PackedRow
from pingyi_rules.results.result import Result, SubjectResult, TraceEntry
from pingyi_rules.scoring.evaluate import _score, score
from pingyi_rules.testing.cases import read_cases

from ..helpers import EXAMPLES, RULESETS, shipped

SEED4 = RULESETS / "district-neishe-ceping-2012.yaml"


def _fact_sets() -> Iterator[tuple[str, Path, Path, dict[str, str]]]:
    """(id, ruleset, facts folder, tables written over it) for every example and worked case."""
    for ruleset, facts in shipped():
        yield f"{ruleset.stem}:examples", ruleset, facts, {}
    for cases in sorted(RULESETS.rglob("*.cases.yaml")):
        for case in read_cases(cases):
            if case.error is None:
                yield f"{cases.name}:{case.id}", case.ruleset, case.facts, case.tables


FACT_SETS = list(_fact_sets())


def _written(entry: TraceEntry) -> tuple[Any, ...]:
    """Everything an output shows of an entry (the formula as text, each row trace's fields)."""
    return (entry.path, entry.name, entry.kind, entry.clause, entry.inputs, entry.formula, entry.points, entry.notes,
            tuple(dataclasses.astuple(row) for row in entry.rows))


def _traces(result: Result) -> list[tuple[str, list[tuple[Any, ...]]]]:
    return [(subject.id, [_written(entry) for entry in subject.trace()]) for subject in result.subjects]


def _folder(tmp_path: Path, facts: Path, tables: dict[str, str]) -> Path:
    if not tables and facts.is_dir():
        return facts
    folder = tmp_path / "facts"
    folder.mkdir()
    if facts.is_dir():
        for item in facts.iterdir():
            if item.suffix.lower() == ".csv":
                shutil.copy(item, folder / item.name)
    for table, text in tables.items():
        (folder / f"{table}.csv").write_text(text, encoding="utf-8")
    return folder


def test_every_shipped_ruleset_has_fact_sets_here() -> None:
    rulesets = {ruleset.resolve() for _, ruleset, _, _ in FACT_SETS}
    assert {p.resolve() for p in RULESETS.rglob("*.yaml") if not p.name.endswith(".cases.yaml")} <= rulesets
    assert len(FACT_SETS) > 50


@pytest.mark.parametrize(("ruleset", "facts", "tables"), [f[1:] for f in FACT_SETS], ids=[f[0] for f in FACT_SETS])
def test_rederived_traces_are_the_eager_ones(tmp_path: Path, ruleset: Path, facts: Path, tables: dict[str, str]) -> None:
    compiled = load_ruleset(ruleset)
    folder = _folder(tmp_path, facts, tables)
    try:
        eager = _score(compiled, folder, None, rederive=False)
    except PingyiError:  # a case whose facts the ruleset refuses (its expectation is checked elsewhere)
        pytest.skip("scoring refuses these facts")
    lazy = score(compiled, folder)
    assert [s.total for s in lazy.subjects] == [s.total for s in eager.subjects]
    # asked for outside the scoring context and in another order: the entries do not depend on either
    with decimal.localcontext(decimal.Context(prec=3)):
        backwards = [(s.id, [_written(e) for e in s.trace()]) for s in reversed(lazy.subjects)]
    assert backwards[::-1] == _traces(eager)
    assert _traces(score(compiled, folder)) == _traces(eager)
    # the packed results (results/packed.py) read as the eager ones, field by field and whole
    for one, other in zip(lazy.subjects, eager.subjects, strict=True):
        assert _shown(one) == _shown(other)
        assert repr(one) == repr(other)


def _shown(subject: SubjectResult) -> list[tuple[str, Any]]:
    """Every field of a subject result as written out: numbers by repr (80 and 80.0 differ), each
    component result's id, name, max and points depth first."""
    shown: list[tuple[str, Any]] = []
    for field in dataclasses.fields(SubjectResult):
        value = getattr(subject, field.name)
        if field.name in ("components", "named"):
            value = [(c.id, c.name, repr(c.max), repr(c.points), len(c.children)) for top in value for c in top.walk()]
        elif isinstance(value, (Decimal, int)) or value is None:
            value = repr(value)
        shown.append((field.name, value))
    return shown


def test_a_subject_keeps_no_outcome_and_builds_its_entries_when_asked() -> None:
    result = score(load_ruleset(SEED4), EXAMPLES / "seed-004")
    component = result.subjects[0].components[0]
    assert component._trace is None and isinstance(component._outcome, int)  # a place, not an outcome
    child = component.children[0]
    assert child.trace.inputs[0] == ("即时测评_优", Decimal(3))
    assert component.trace.path == "综合满意度" and component.trace.points == component.points
    subject = result.subjects[1].components[0]._make_trace._subject  # the facts it is scored again from
    home = subject.cells.home  # the subject's row, kept to locate its cells: its tuple is the fields', not a copy
    assert isinstance(home, PackedRow) and home.packed is subject._values and subject.fields["即时测评_优"] is not None
    assert str(subject.cell("即时测评_优")).endswith("units.csv, row 3: column 即时测评_优")


def test_a_subject_changed_after_scoring_is_an_internal_error_not_another_trace() -> None:
    result = score(load_ruleset(SEED4), EXAMPLES / "seed-004")
    component = result.subjects[0].components[0]
    source = component._make_trace
    source._subject.fields["即时测评_优"] += 40  # only possible from inside: a scored subject is never changed
    with pytest.raises(EvaluationError) as caught:
        component.trace  # noqa: B018
    assert caught.value.code == "EV021"
    assert "scored again to write its trace, the subject gave" in str(caught.value)
    assert f"points for 综合满意度, not {component.points}" in str(caught.value)


def test_packed_fields_read_back_as_they_were_and_keep_later_changes() -> None:
    from pingyi_rules.core.errors import Location
    from pingyi_rules.results.runtime import SubjectFacts

    fields = {"甲": Decimal(1), "乙": None, "丙": "文字"}
    one = SubjectFacts("U1", "一", None, dict(fields), {}, {}, Location())
    two = SubjectFacts("U2", "二", None, {"甲": Decimal(2), "乙": Decimal(0), "丙": ""}, {}, {}, Location())
    one.pack()
    two.pack()
    assert one._fields is None and one._names is two._names  # one tuple of names for subjects alike
    assert one.fields == fields and list(one.fields) == ["甲", "乙", "丙"]
    one.fields["丁"] = Decimal(4)  # read back, then changed: the change stays, packed or not
    one.pack()
    assert one.fields == {**fields, "丁": Decimal(4)}
    assert one == SubjectFacts("U1", "一", None, {**fields, "丁": Decimal(4)}, {}, {}, Location())
    one.pack()
    one.pack()  # packing a packed subject changes nothing
    assert one.fields["丁"] == Decimal(4)


def test_a_scored_subject_keeps_its_fields_packed_until_a_trace_is_asked_for() -> None:
    result = score(load_ruleset(SEED4), EXAMPLES / "seed-004")
    first = result.subjects[0].components[0]
    subject = first._make_trace._subject
    assert subject._fields is None
    first.trace  # noqa: B018  # scored again: read, then packed again
    assert subject._fields is None and subject.fields["即时测评_优"] == Decimal(3)


def test_nothing_a_result_re_derived_from_outlives_it() -> None:
    """The source of re-derived traces belongs to the result: once the result is dropped, no subject
    (and nothing its facts reach, such as a ballot table's columns) is kept alive by it."""
    import gc
    import weakref

    from pingyi_rules.scoring.rederive import Rederived

    before = {id(thing) for thing in gc.get_objects() if type(thing) is Rederived}
    result = score(load_ruleset(SEED4), EXAMPLES / "seed-004")
    assert list(result.subjects[0].trace())  # a trace asked for: the subject scored again, its source kept
    made = [weakref.ref(thing) for thing in gc.get_objects() if type(thing) is Rederived and id(thing) not in before]
    assert made
    del result
    gc.collect()
    assert all(source() is None for source in made)
