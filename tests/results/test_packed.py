"""Results and rows kept packed (results/packed.py, facts.rows.PackedRow) read back as what was packed."""

from __future__ import annotations

import copy
import csv
import decimal
import pickle
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import load_ruleset, score
from pingyi_rules.core.errors import Location
from pingyi_rules.core.numbers import CONTEXT
from pingyi_rules.facts.reading import read_facts
from pingyi_rules.facts.rows import PackedRow
from pingyi_rules.results.packed import EMPTY_DICT, EMPTY_LIST, FrozenDict, FrozenList, PackedSubjectResult
from pingyi_rules.results.result import ComponentResult, SubjectResult, TraceEntry
from pingyi_rules.results.runtime import SubjectFacts
from pingyi_rules.scoring.rederive import Packer

from ..helpers import EXAMPLES, RULESETS

SEED4 = RULESETS / "district-neishe-ceping-2012.yaml"
_RULESET = load_ruleset(SEED4)

_IDS = st.sampled_from(["甲", "乙", "丙", "丁"])
_MAXIMA = st.one_of(st.none(), st.sampled_from([Decimal(80), Decimal("80.0"), Decimal(20), Decimal("0.5")]))
_POINTS = st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-100, max_value=100))


def _never(*_: Any) -> TraceEntry:
    raise AssertionError("no trace is asked for here")


def _trees(depth: int) -> st.SearchStrategy[ComponentResult]:
    children = st.just(()) if depth == 0 else st.lists(_trees(depth - 1), max_size=3).map(tuple)
    return st.builds(lambda i, n, m, p, c: ComponentResult(i, n, m, p, None, c, make_trace=_never),
                     _IDS, _IDS, _MAXIMA, _POINTS, children)


def _written(results: tuple[ComponentResult, ...]) -> list[Any]:
    return [(c.id, c.name, repr(c.max), repr(c.points), len(c.children)) for top in results for c in top.walk()]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(_trees(2), max_size=2).map(tuple), st.lists(_trees(3), max_size=3).map(tuple)),
                min_size=1, max_size=6))
def test_packed_trees_build_back_as_they_were(subjects: list[tuple[tuple[ComponentResult, ...], ...]]) -> None:
    """Subjects scored alike share a shape, others get their own; every one builds back node for node
    (ids, names, maxima as written, points, children), its named values apart from its components."""
    packer = Packer(_RULESET)
    facts = SubjectFacts("U", "u", None, {}, {}, {}, Location())
    packed = [packer.pack(facts, named, components) for named, components in subjects]
    for (named, components), one in zip(subjects, packed, strict=True):
        built_named, built = one[0].build(one)
        assert _written(built_named) == _written(named) and _written(built) == _written(components)
        assert len(built_named) == len(named) and len(built) == len(components)
    for (a, one), (b, other) in zip(zip(subjects, packed), zip(subjects[1:], packed[1:])):
        alike = _written(a[0]) == _written(b[0]) and _written(a[1]) == _written(b[1]) and len(a[0]) == len(b[0])
        if alike and [c.points for t in a[0] + a[1] for c in t.walk()] == [c.points for t in b[0] + b[1] for c in t.walk()]:
            assert one[0] is other[0]


def test_a_scored_result_is_packed_and_reads_as_a_plain_one() -> None:
    result = score(_RULESET, EXAMPLES / "seed-004")
    subject = result.subjects[0]
    assert type(subject) is PackedSubjectResult and isinstance(subject, SubjectResult)
    assert subject.components == subject.components and subject.components is not subject.components  # built when read
    with decimal.localcontext(CONTEXT):  # added up as scoring adds, wherever it is read
        assert subject.exact_total == sum((c.points for c in subject.components), Decimal(0))
    plain = copy.copy(subject)  # a copy is a plain SubjectResult (its components built)
    assert type(plain) is SubjectResult and plain == subject and repr(plain) == repr(subject)
    assert repr(subject).startswith("SubjectResult(id=")
    assert subject.stages is EMPTY_LIST and subject.values is EMPTY_DICT
    alike = [s.tiers for s in result.subjects if s.tiers == subject.tiers]
    assert all(t is alike[0] for t in alike)  # the same tiers: one list


def test_frozen_lists_and_dicts_refuse_changes_and_copy_as_plain_ones() -> None:
    frozen, empty = FrozenList(["a", "b"]), FrozenDict()
    assert frozen == ["a", "b"] and empty == {} and isinstance(frozen, list) and isinstance(empty, dict)
    for change in (lambda: frozen.append("c"), lambda: frozen.__setitem__(0, "x"), lambda: frozen.sort(),
                   lambda: frozen.__iadd__(["c"]), lambda: empty.update(a=1), lambda: empty.__setitem__("a", 1),
                   lambda: empty.setdefault("a", 1), lambda: empty.pop("a")):
        with pytest.raises(TypeError):
            change()
    for copied in (copy.copy(frozen), copy.deepcopy(frozen), pickle.loads(pickle.dumps(frozen))):
        assert type(copied) is list and copied == ["a", "b"]
        copied.append("c")
    assert frozen == ["a", "b"]
    assert type(copy.copy(empty)) is dict and type(pickle.loads(pickle.dumps(empty))) is dict


def test_a_per_subject_tables_rows_are_packed_and_read_as_the_file_says() -> None:
    facts = read_facts(_RULESET.tables, EXAMPLES / "seed-004")
    rows = facts.tables["units"].rows
    with (EXAMPLES / "seed-004" / "units.csv").open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    header = lines[0]
    assert len(rows) == len(lines) - 1
    for row, line in zip(rows, lines[1:], strict=True):
        assert isinstance(row, PackedRow)
        values = row.values
        assert list(values) == [c.name for c in _RULESET.tables[0].columns]  # every column, in column order
        assert values["单位编码"] == line[0] and values["单位名称"] == line[1]
        for name, text in zip(header[3:], line[3:], strict=True):
            assert values[name] == Decimal(text) and row.value(name) == values[name]
        values["单位编码"] = "changed"  # a new dict each time: the row is not changed
        assert row.value("单位编码") == line[0] and row.values is not row.values
        assert str(row.cells["即时测评_优"]).endswith(f"row {row.number}: column 即时测评_优")
