"""Scoring a population: join the tables into subjects, score each, then rank and assign tiers."""

from __future__ import annotations

import contextlib
import decimal
import functools
import gc
import operator
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..compile.joins import add_cells, check_group_cells, group_fields, join_keyed
from ..compile.population import PopulationInput, run_passes
from ..compile.ruleset import CompiledRuleset
from ..core.errors import FactsError, Location
from ..core.messages import Message, say
from ..core.numbers import CONTEXT
from ..facts.reading import FactSet, TableSpec, nfkc, read_facts, shown
from ..facts.rows import PackedRow
from ..facts.stream import join_folded
from ..facts.tables import TableData
from ..kinds.registry import KINDS, walk_models
from ..results.packed import PackedPopulation, PackedTotals, packed_total
from ..results.result import ComponentResult, GateRecord, Result, SubjectResult, VoidRecord
from ..results.runtime import Scope, SubjectFacts, shared_names
from .rederive import Packer
from .subject import exact_total, packed_results, subject_results


def grouping_fields(ruleset: CompiledRuleset) -> dict[str, Message]:
    """The fields that sort subjects into groups (field → what it groups): the ruleset's own
    groupings and those the components' kinds declare."""
    model = ruleset.model
    declared = [group for node in walk_models([*model.values, *model.components]) for group in KINDS[node.kind].groups(node)]
    return group_fields(ruleset.model, ruleset.tables, ruleset.fields, declared)


def join_subjects(ruleset: CompiledRuleset, facts: FactSet) -> list[SubjectFacts]:
    """One SubjectFacts per row of the subject table; every other row must belong to one of them."""
    subjects = _subjects_of(ruleset, facts)
    for spec in ruleset.tables:
        if spec.rows != "keyed":  # keyed tables are joined below, once every subject has its own fields
            _join_table(ruleset, spec, facts.tables[spec.id], subjects)
    groups = grouping_fields(ruleset)
    check_group_cells(groups, subjects.values())  # a join field before its join, the others after
    join_keyed(ruleset.tables, facts, subjects.values())
    check_group_cells(groups, subjects.values())
    for lookup in ruleset.lookups:
        for subject in subjects.values():
            lookup.apply(subject)
            subject.pack()  # one subject's dict at a time (a million of them are several times their values)
    return list(subjects.values())


def _subjects_of(ruleset: CompiledRuleset, facts: FactSet) -> dict[str, SubjectFacts]:
    """A SubjectFacts by id for each row of the subject table, with no fields yet."""
    declared = ruleset.model.inputs.subjects
    subject_table = facts.tables[declared.table]
    id_col = _name_of(ruleset, declared.table, declared.id_column)
    name_col = _name_of(ruleset, declared.table, declared.name_column) if declared.name_column else None
    cat_col = _name_of(ruleset, declared.table, declared.category) if declared.category else None
    if not subject_table.rows:  # even when declared optional: a ranking of nobody is no result
        raise FactsError(say("FA033", table=declared.table), Location(file=subject_table.source))
    subjects: dict[str, SubjectFacts] = {}
    for row in subject_table.rows:
        subject_id = str(row.value(id_col))
        if subject_id in subjects:
            first = subjects[subject_id].location
            raise FactsError(say("FA017.subject", subject=subject_id, first=first), row.cells[id_col])
        category = row.value(cat_col) if cat_col else None
        subjects[subject_id] = SubjectFacts.of_row(
            subject_id,
            shown(row.value(name_col)) if name_col else subject_id,  # as the office wrote it
            None if category is None else str(category),
            # located at its row, the field locations resolved from the rows when asked for: a packed
            # row, whose tuple the subject's fields share, or a row without its values, which the
            # subject's fields hold (a million rows' values are not kept twice)
            row if isinstance(row, PackedRow) else row.with_values(_NO_VALUES),
        )
    return subjects


def _join_table(ruleset: CompiledRuleset, spec: TableSpec, table: TableData, subjects: dict[str, SubjectFacts]) -> None:
    """Each row of a per-subject or cases table added to its subject; a per-subject table's missing rows checked."""
    if table.folded is not None:
        if join_folded(table.folded, subjects):
            return
        table = table.folded.full()  # a row of no subject: the full rows say where
    key = spec.subject_column
    own_rows = spec.id == ruleset.model.inputs.subjects.table
    seen: set[str] = set()
    # a subject's first table: its fields packed straight from the row (every column but the key)
    names = shared_names(tuple(c.name for c in spec.columns if c.name != key))
    pick = _picker(names)
    for row in table.rows:
        subject_id = str(row.value(key))
        subject = subjects.get(subject_id)
        if subject is None:
            declared = ruleset.model.inputs.subjects.table
            raise FactsError(say("FA018", subject=subject_id, table=declared), row.cells[key])
        if spec.rows == "cases":
            subject.cases.setdefault(spec.id, []).append(row)
            continue
        if subject_id in seen:
            raise FactsError(say("FA017.second_row", subject=subject_id, table=spec.id), row.cells[key])
        seen.add(subject_id)
        home = subject.home_row if own_rows else None
        located = home if home is not None else row.with_values(_NO_VALUES)
        if type(row) is PackedRow and row._place.names == names and subject.has_no_fields():
            subject.packed(names, row.packed)  # the row's own tuple, not a copy
            if not subject.joined_own_row(located, key):
                add_cells(subject, located, key)
            continue
        values = row.values
        if len(values) == len(names) + 1 and subject.has_no_fields():
            try:
                subject.packed(names, pick(values))
            except KeyError:  # not the table's columns: joined as any later table is
                pass
            else:
                if not subject.joined_own_row(located, key):
                    add_cells(subject, located, key)
                continue
        fields = subject.fields
        # every column but the key, in bulk (a field already named like the key is kept)
        kept = fields.get(key, _ABSENT)
        fields.update(row.values)
        if kept is _ABSENT:
            del fields[key]
        else:
            fields[key] = kept
        add_cells(subject, located, key)
        subject.pack()  # one subject's dict at a time (a million of them are several times their values)
    if spec.rows == "per_subject":
        _missing_rows(ruleset, spec, table, subjects, seen)


def _picker(names: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A function giving a row's values of these columns, in this order, as a tuple (KeyError if one is missing)."""
    if len(names) > 1:
        return operator.itemgetter(*names)
    if names:
        only = names[0]
        return lambda values: (values[only],)
    return lambda values: ()


def _missing_rows(
    ruleset: CompiledRuleset, spec: TableSpec, table: TableData, subjects: dict[str, SubjectFacts], seen: set[str]
) -> None:
    """A per-subject table without a row for some subject: an error, or (an optional table) its fields null."""
    if not spec.optional:
        missing = [s for s in subjects if s not in seen]
        if missing:
            where = subjects[missing[0]].location if spec.id == ruleset.model.inputs.subjects.table else Location(file=table.source)
            raise FactsError(
                say("FA019", subjects=missing[:10], more=" …" if len(missing) > 10 else "", table=spec.id), where
            )
        return
    for subject in subjects.values():
        if subject.id not in seen:
            for column in spec.columns:
                if column.header != spec.subject:
                    subject.fields.setdefault(column.name, None)


_ABSENT = object()
_NO_VALUES: dict[str, Any] = {}  # the values of a row kept only to locate its cells (never filled)


def _name_of(ruleset: CompiledRuleset, table_id: str, header: str) -> str:
    spec = next(t for t in ruleset.tables if t.id == table_id)
    return next(c.name for c in spec.columns if c.header == nfkc(header))


def score(
    ruleset: CompiledRuleset, facts: FactSet | str | Path, *, encoding: str | None = None, pause_gc: bool = False
) -> Result:
    """Score every subject of a fact set (or a folder / workbook path) under the ruleset.

    `pause_gc=True` switches the process-wide cyclic garbage collector off while scoring and back
    on afterwards (see `paused_gc`): faster for large populations, but it changes the whole
    process, so it is the caller's choice; the `pingyi` command pauses it around each run.
    """
    if pause_gc:
        with paused_gc():
            return _score(ruleset, facts, encoding)
    return _score(ruleset, facts, encoding)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a population is read and scored.

    Scoring makes millions of small objects that all stay alive until the result is written;
    the collector would walk all of them again and again (its full passes grow with the heap),
    which makes 100k subjects several times slower than 10k × 10. Reference counting still
    frees everything that is not kept; the collector runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def release_freed_memory() -> None:
    """Give the pages of freed large objects back to the system (glibc only; elsewhere nothing).

    A table's rows are dicts too large for Python's small-object arenas; freed together once
    joined, they leave whole pages of the C heap free but resident, which the small objects of
    scoring never reuse — a million rows' worth of peak memory kept for nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        import ctypes

        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):  # not glibc
        return None
    return trim


def _results(
    ruleset: CompiledRuleset, subjects: list[SubjectFacts], rederive: bool = True
) -> tuple[list[SubjectResult], list[GateRecord]]:
    """Score each subject, apply the population rules, and build each subject's result once from both.

    Without stages, each subject's results are kept packed — its points, the shape of its result
    tree — and built when read, their trace entries re-derived when asked for (`scoring.rederive`,
    `results.packed`); `rederive=False` keeps every outcome instead (tests compare the two).
    """
    for check in ruleset.group_checks:  # on the facts, before anything is scored
        check.check(subjects)
    if ruleset.stages is None and rederive:
        return _packed_results(ruleset, subjects)
    staged = None
    named: list[tuple[ComponentResult, ...]]
    evaluate_values = ruleset.evaluate_values
    if ruleset.stages is not None:  # stages selected (scoring.stages)
        if ruleset.values:
            scopes: list[Scope] = [{} for _ in subjects]
            named = [evaluate_values(s, scope) for s, scope in zip(subjects, scopes, strict=True)]
            staged = ruleset.stages.score(ruleset, subjects, scopes, named)
        else:
            named = [()] * len(subjects)
            staged = ruleset.stages.score(ruleset, subjects)
        components = staged.components
    else:
        evaluate = ruleset.evaluate_subject
        named, components = [], []
        for subject in subjects:
            scope: Scope = {}  # one subject's at a time: a million scopes are never held together
            values = evaluate_values(subject, scope)
            named.append(values)
            components.append(evaluate(subject, scope))
    exact = [exact_total(c) for c in components]
    round_total = ruleset.round
    totals = [None if e is None else round_total(e) for e in exact]
    # what the decisions may look up by id (tie-breaks): the named values, then the components
    seen = [v + c for v, c in zip(named, components, strict=True)] if ruleset.values else components
    placings = ruleset.outcomes.decide(subjects, seen, totals, exact)
    consequences = None if ruleset.consequences is None else ruleset.consequences.decide(subjects, placings.ranks)
    return subject_results(subjects, components, exact, totals, placings, staged, consequences, named), placings.gates


def _packed_results(ruleset: CompiledRuleset, subjects: list[SubjectFacts]) -> tuple[list[SubjectResult], list[GateRecord]]:
    """`_results` without stages, each subject's results packed as soon as it is scored (one
    subject's component results exist at a time)."""
    evaluate_values, evaluate = ruleset.evaluate_values, ruleset.evaluate_subject
    pack = Packer(ruleset).pack
    packed: list[tuple[Any, ...]] = []
    for subject in subjects:
        scope: Scope = {}  # one subject's at a time: a million scopes are never held together
        values = evaluate_values(subject, scope)
        packed.append(pack(subject, values, evaluate(subject, scope)))  # the fields packed too
    totals = _shared_totals(ruleset, map(packed_total, packed))
    # what the decisions may look up by id (tie-breaks): the named values, then the components
    seen = PackedPopulation(packed, with_named=bool(ruleset.values))
    placings = ruleset.outcomes.decide(subjects, seen, totals, PackedTotals(packed))
    consequences = None if ruleset.consequences is None else ruleset.consequences.decide(subjects, placings.ranks)
    results = packed_results(subjects, packed, totals, placings, consequences)
    for subject in subjects:  # the fields a population rule read are packed again
        subject.pack()
    return results, placings.gates


def _shared_totals(ruleset: CompiledRuleset, exact: Iterable[Decimal | None]) -> list[Decimal | None]:
    """The rounded totals, equal ones (of the same sign: -0.00 is not 0.00) one object: a million
    subjects' totals take a few thousand values."""
    round_total = ruleset.round
    alike: dict[tuple[Decimal, bool], Decimal] = {}
    totals: list[Decimal | None] = []
    for value in exact:
        if value is None:
            totals.append(None)
            continue
        total = round_total(value)  # its exponent is the places': equal and of one sign, written alike
        key = (total, total.is_signed())
        shared = alike.get(key)
        if shared is None:
            shared = total
            if len(alike) < _SHARED_TOTALS:
                alike[key] = total
        totals.append(shared)
    return totals


_SHARED_TOTALS = 1 << 16  # distinct totals remembered (more places than a ranking publishes: no sharing)


def _score(ruleset: CompiledRuleset, facts: FactSet | str | Path, encoding: str | None, rederive: bool = True) -> Result:
    source = None
    if not isinstance(facts, FactSet):
        source = Path(facts)
        facts = read_facts(ruleset.tables, facts, encoding, fold=ruleset.foldable)
    void: list[VoidRecord] = []
    if ruleset.screen is not None:  # the tables' own rules: void forms and rows out of the period left out
        facts, void = ruleset.screen(facts)
    with decimal.localcontext(CONTEXT):
        subjects = join_subjects(ruleset, facts)
        population = run_passes(ruleset.population, PopulationInput(subjects, facts, source, encoding, score=score))
        inputs, warnings = list(facts.inputs), list(facts.warnings)
        del facts  # the tables' rows are freed (when read here): the subjects hold what scoring reads
        release_freed_memory()
        results, gates = _results(ruleset, subjects, rederive)
    model = ruleset.model
    return Result(
        ruleset_id=model.id,
        ruleset_name=model.name,
        ruleset_version=model.version,
        ruleset_sha256=ruleset.sha256,
        inputs=inputs + population.inputs,
        subjects=results,
        places=model.numbers.places,
        rounding=model.numbers.rounding,
        void=void + population.void,
        warnings=warnings + population.warnings,
        gates=gates,
    )
