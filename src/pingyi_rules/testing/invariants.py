"""Invariants every scoring must keep, for any ruleset and any facts it accepts.

    from pingyi_rules.testing import check_invariants
    check_invariants(ruleset, tables)     # tables: {table id: rows}, or a folder / workbook path

Each check raises `InvariantBroken` (an AssertionError, so pytest and hypothesis report and shrink
it) naming the check, the unit and the component:

- accounted: every subject once; every row of a cases table in exactly one subject's trace (once
  per component that reads the table) or in one void record (alone or with its form); every total
  is the sum of its parts;
- bounds: no component above its points; an input or expression within its min and max; a
  deduction not below its floor;
- ranks: within each ranking group, ranks follow the decided values (published totals, or exact
  ones with `numbers.decide: exact`), equal values share a rank, and the numbering is the declared
  competition (1,2,2,4) or dense (1,2,2,3) one;
- tiers: only declared tiers (and vetoes' own), in declaration order, once; a tier decided by a condition on the total
  and the ranks (at_least, below, top, bottom, tier, all / any / not) holds exactly when it should;
- repeatable: the same facts give the same JSON twice, and the same numbers with every table's rows
  in another order;
- monotone: a component that declares `monotone: {column: increasing}` never loses points when a
  subject's value in that column grows (`decreasing`: never gains), see `check_monotone`.
"""

from __future__ import annotations

import csv
import decimal
import io
import itertools
import random
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..compile.ruleset import CompiledRuleset
from ..core.messages import Message, say
from ..core.numbers import CONTEXT
from ..facts.reading import FactSet, read_facts
from ..model.outcomes import Condition
from ..render.output import to_json_data
from ..results.result import ComponentResult, Result, SubjectResult
from ..scoring.evaluate import score
from .walk import Tables, all_components

Facts = Mapping[str, Any] | str | Path


class InvariantBroken(AssertionError):
    """An invariant that the result of scoring does not keep."""

    def __init__(self, check: str, message: Message) -> None:
        self.check = check
        self.said = message
        super().__init__(f"{check}: {message}")  # worded when found, in the language in force


def score_tables(ruleset: CompiledRuleset, facts: Facts) -> tuple[FactSet, Result]:
    """Read the facts ({table id: rows}, a folder or a workbook) and score them; the fact set holds
    every table the ruleset reads, its nested rulesets' included."""
    if not isinstance(facts, Mapping):
        return read_facts(ruleset.input_tables(), facts), score(ruleset, facts)
    if not ruleset.nested:
        fact_set = read_facts(ruleset, facts)
        return fact_set, score(ruleset, fact_set)
    with tempfile.TemporaryDirectory() as tmp:  # a nested ruleset scores from files
        folder = Path(tmp)
        for table, rows in facts.items():
            (folder / f"{table}.csv").write_text(_csv_text(rows), encoding="utf-8")
        return read_facts(ruleset.input_tables(), folder), score(ruleset, folder)


def _csv_text(rows: Any) -> str:
    rows = list(rows)
    if rows and isinstance(rows[0], Mapping):
        header = list(rows[0])
        rows = [header, *([row.get(h) for h in header] for row in rows)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[_cell_text(v) for v in row] for row in rows])
    return out.getvalue()


def check_invariants(ruleset: CompiledRuleset, facts: Facts) -> Result:
    """Score the facts and check every invariant above; returns the result.

    Facts the engine refuses raise their PingyiError (a located facts error), as `score` does.
    """
    fact_set, result = score_tables(ruleset, facts)
    with decimal.localcontext(CONTEXT):  # the engine's context, so sums compare exactly
        check_accounted(ruleset, fact_set, result)
    check_bounds(ruleset, result)
    check_ranks(ruleset, result)
    check_tiers(ruleset, result)
    check_repeatable(ruleset, fact_set, result, facts)
    check_monotone(ruleset, facts, result)
    return result


def _fail(check: str, message: Message) -> InvariantBroken:
    return InvariantBroken(check, message)


# --------------------------------------------------------------------------- accounted


def check_accounted(ruleset: CompiledRuleset, fact_set: FactSet, result: Result) -> None:
    subject_table = ruleset.model.inputs.subjects.table
    spec = fact_set.tables[subject_table].spec
    key = spec.subject_column
    ids = [str(row.values[key]) for row in fact_set.tables[subject_table].rows]
    if [s.id for s in result.subjects] != ids:
        raise _fail("accounted", say("phrase.inv_units_order"))
    by_id = {s.id: s for s in result.subjects}
    components = all_components(ruleset)
    void = Counter(v.location for v in result.void if v.location is not None and not v.rows)
    void_rows = Counter((v.table, number) for v in result.void for number in v.rows)  # a whole form's rows
    for table_spec in ruleset.input_tables():
        table = fact_set.tables[table_spec.id]
        key = table_spec.subject_column
        if table_spec.rows == "per_subject":
            owners = Counter(str(row.values[key]) for row in table.rows)
            twice = [o for o, n in owners.items() if n > 1]
            if twice:
                raise _fail("accounted", say("phrase.inv_rows_per_unit", table=table_spec.id, unit=twice[0], rows=owners[twice[0]]))
            continue
        if table_spec.rows != "cases":
            continue
        readers = [c for c in components if getattr(c, "table", None) == table_spec.id]
        if not readers:
            continue  # read by conditions only (vetoes, tiers, checks): they count rows, not points
        cases_readers = sum(1 for c in readers if getattr(c, "kind", None) == "cases")
        for row in table.rows:
            owner = by_id.get(str(row.values[key]))
            if owner is None:
                raise _fail("accounted", say("phrase.inv_not_a_unit", row=row.location, unit=row.values[key]))
            seen: list[str] = []
            cases_paths = {e.path for e in owner.trace() if e.kind == "cases"}
            for entry in owner.trace():
                hits = [t for t in entry.rows if t.location == row.location]
                if len(hits) > 1:
                    raise _fail("accounted", say("phrase.inv_twice", row=row.location, unit=owner.id, path=entry.path))
                if hits:
                    seen.append(entry.path)
            if len([p for p in seen if p in cases_paths]) != cases_readers:
                raise _fail("accounted", say("phrase.inv_entries", row=row.location, count=len(seen), unit=owner.id,
                                             table=table_spec.id))
            if not seen and void[row.location] + void_rows[(table_spec.id, row.number)] != 1:
                raise _fail("accounted", say("phrase.inv_untraced", row=row.location, unit=owner.id))
            for other in result.subjects:
                if other is not owner and any(t.location == row.location for e in other.trace() for t in e.rows):
                    raise _fail("accounted", say("phrase.inv_counted_twice", row=row.location, other=other.id, unit=owner.id))
    for subject in result.subjects:
        parts = [c.points for c in subject.components]
        if subject.exact_total is None:
            continue
        if any(p is None for p in parts):
            raise _fail("accounted", say("phrase.inv_total_without_points", unit=subject.id))
        whole = sum((Fraction(p) for p in parts if p is not None), Fraction(0))
        if abs(Fraction(subject.exact_total) - whole) >= Fraction(1, 10**40):
            raise _fail("accounted", say("phrase.inv_total_sum", unit=subject.id, total=subject.exact_total, parts=whole))


# --------------------------------------------------------------------------- bounds


def _models(ruleset: CompiledRuleset) -> dict[str, Any]:
    return {component.id: component for component in all_components(ruleset)}


def _walk(subject: SubjectResult) -> Iterator[ComponentResult]:
    for top in (*subject.named, *subject.components):
        yield from top.walk()


def check_bounds(ruleset: CompiledRuleset, result: Result) -> None:
    models = _models(ruleset)
    for subject in result.subjects:
        for node in _walk(subject):
            points = node.points
            if points is None:
                continue
            where = say("phrase.inv_unit_component", unit=subject.id, component=node.id)
            model = models.get(node.id)
            if node.max is not None and points > node.max and getattr(model, "capped", True) is not False:
                raise _fail("bounds", say("phrase.inv_above", where=where, points=points, max=node.max))
            floor = getattr(model, "floor", None)
            if isinstance(floor, Decimal) and points < floor:
                raise _fail("bounds", say("phrase.inv_below_floor", where=where, points=points, floor=floor))
            if getattr(model, "kind", None) in ("input", "expression"):
                low = getattr(model, "min", None)
                high = getattr(model, "max", None)
                low = Decimal(0) if low is None else low
                high = getattr(model, "points", None) if high is None else high
                if points < low or (high is not None and points > high):
                    raise _fail("bounds", say("phrase.inv_outside", where=where, points=points, low=low, high=high))


# --------------------------------------------------------------------------- ranks


def _decided(ruleset: CompiledRuleset, subject: SubjectResult) -> Decimal | None:
    return subject.exact_total if ruleset.model.numbers.decide == "exact" else subject.total


def check_ranks(ruleset: CompiledRuleset, result: Result) -> None:
    rules = ruleset.model.ranking_rules
    if rules is None:
        ranked = [s for s in result.subjects if s.rank is not None]
        if ranked:
            raise _fail("ranks", say("phrase.inv_rank_unranked", unit=ranked[0].id, rank=ranked[0].rank))
        return
    groups: dict[str | None, list[SubjectResult]] = {}
    for subject in result.subjects:
        if subject.rank is not None:
            if _decided(ruleset, subject) is None:
                raise _fail("ranks", say("phrase.inv_rank_no_total", unit=subject.id, rank=subject.rank))
            groups.setdefault(subject.group, []).append(subject)
    if rules.by is not None:  # ranked on a component or value: the order of the totals says nothing
        return
    sign = 1 if rules.order == "descending" else -1
    for members in groups.values():
        ordered = sorted(members, key=lambda s: s.rank or 0)
        breaks = 0  # ranking.last: the units moved last start again from their best
        for position, (before, after) in enumerate(itertools.pairwise(ordered), start=1):
            a, b = _decided(ruleset, before), _decided(ruleset, after)
            assert a is not None and b is not None
            where = say("phrase.inv_pair", first=before.id, first_rank=before.rank, a=a, second=after.id,
                        second_rank=after.rank, b=b)
            if sign < 0:  # ascending: the lowest first, so compared negated
                a, b = a.copy_negate(), b.copy_negate()
            if before.rank == after.rank:
                if a != b:
                    raise _fail("ranks", say("phrase.inv_same_rank", where=where))
                continue
            if a < b:
                breaks += 1
                if rules.last is None or breaks > 1:
                    raise _fail("ranks", say("phrase.inv_lower_higher", where=where))
            elif a == b and not rules.tie_break and rules.last is None:
                raise _fail("ranks", say("phrase.inv_equal_values", where=where))
            want = (before.rank or 0) + 1 if rules.ties == "dense" else position + 1
            if after.rank != want:
                raise _fail("ranks", say("phrase.inv_numbering", where=where, rank=after.rank, want=want, ties=rules.ties))
        if ordered and ordered[0].rank != 1:
            raise _fail("ranks", say("phrase.inv_best_rank", unit=ordered[0].id, rank=ordered[0].rank))


# --------------------------------------------------------------------------- tiers


def check_tiers(ruleset: CompiledRuleset, result: Result) -> None:
    model = ruleset.model
    declared = [tier.name for tier in model.tiers]
    for veto in model.vetoes:  # a veto's own tier comes after the declared ones
        if veto.forces is not None and veto.forces not in declared:
            declared.append(veto.forces)
    for subject in result.subjects:
        unknown = [t for t in subject.tiers if t not in declared]
        if unknown:
            raise _fail("tiers", say("phrase.inv_tier_undeclared", unit=subject.id, tier=unknown[0]))
        if subject.tiers != sorted(set(subject.tiers), key=declared.index):
            raise _fail("tiers", say("phrase.inv_tier_order", unit=subject.id, tiers=repr(subject.tiers)))
    if model.vetoes or model.stages or model.exclude or model.gates:
        return  # vetoes, stages, exclusions and gates place units in tiers by rules of their own
    rules = model.ranking_rules
    for subject in result.subjects:
        value = _decided(ruleset, subject)
        if value is None or (rules is not None and subject.rank is None):
            continue
        peers = [s for s in result.subjects if s.group == subject.group and _decided(ruleset, s) is not None]
        for tier in model.tiers:
            if tier.when is None or tier.quota is not None:
                continue
            # places on the total, highest first: what top / bottom count unless the ranking is otherwise
            plain = rules is not None and rules.last is None and rules.by is None and rules.order == "descending"
            held = _holds(tier.when, subject, value, peers, ruleset, plain)
            if held is None:
                continue
            if held != (tier.name in subject.tiers):
                key = "phrase.inv_tier_holds" if held else "phrase.inv_tier_fails"
                raise _fail("tiers", say(key, unit=subject.id, total=value, tier=tier.name, tiers=repr(subject.tiers)))


def _holds(
    condition: Condition, subject: SubjectResult, value: Decimal, peers: list[SubjectResult],
    ruleset: CompiledRuleset, plain_ranks: bool,
) -> bool | None:
    """The condition on this unit, where it is a comparison on the total, a place (top / bottom),
    a tier or a combination of those; None for any other condition (not checked here)."""
    if condition.all is not None or condition.any is not None:
        parts = [_holds(c, subject, value, peers, ruleset, plain_ranks) for c in (condition.all or condition.any or [])]
        if None in parts:
            return None
        return all(parts) if condition.all is not None else any(parts)
    if condition.not_ is not None:
        inner = _holds(condition.not_, subject, value, peers, ruleset, plain_ranks)
        return None if inner is None else not inner
    if condition.tier is not None:
        return condition.tier in subject.tiers
    others = [_decided(ruleset, p) for p in peers if p is not subject]
    if condition.in_ranking is not None:  # counted in a named ranking: not checked here
        return None
    if condition.top is not None:
        return sum(1 for o in others if o is not None and o > value) < condition.top if plain_ranks else None
    if condition.bottom is not None:
        return sum(1 for o in others if o is not None and o < value) < condition.bottom if plain_ranks else None
    if condition.of is None and condition.count_rows is None and condition.comparison_keys():
        return _compare(condition, value)
    return None


def _compare(condition: Condition, value: Decimal) -> bool | None:
    if condition.equals is not None or condition.in_ is not None:
        return None
    low, high = condition.at_least, condition.at_most
    if condition.between is not None:
        low, high = condition.between
    if low is not None and value < low:
        return False
    if high is not None and value > high:
        return False
    if condition.above is not None and value <= condition.above:
        return False
    return not (condition.below is not None and value >= condition.below)


# --------------------------------------------------------------------------- repeatable


def _meaning(data: dict[str, Any]) -> dict[str, Any]:
    """What a result says, without where its rows were: each unit's numbers, rank and tiers, and the
    void ballots."""
    units = {}
    for unit in data["units"]:
        points: dict[str, Any] = {}
        stack = list(unit["components"])
        while stack:
            node = stack.pop()
            points[node["id"]] = node["points"]
            stack.extend(node.get("components", []))
        units[unit["id"]] = {key: unit.get(key) for key in ("total", "rank", "tiers", "values", "group")} | {"points": points}
    void = sorted((v["table"], v["reason"]) for v in data["void"])  # a void row's key may name its row number
    return {"units": units, "void": void}


def check_repeatable(ruleset: CompiledRuleset, fact_set: FactSet, result: Result, facts: Facts) -> None:
    first = to_json_data(result)
    again = to_json_data(score(ruleset, fact_set))
    if again != first:
        raise _fail("repeatable", say("phrase.inv_twice_differs"))
    if not isinstance(facts, Mapping):
        return
    shuffled: dict[str, Any] = {}
    rng = random.Random(0)
    for table, rows in facts.items():
        rows = list(rows)
        if rows and not isinstance(rows[0], Mapping):  # header row first
            body = rows[1:]
            rng.shuffle(body)
            shuffled[table] = [rows[0], *body]
        else:
            rng.shuffle(rows)
            shuffled[table] = rows
    other = to_json_data(score_tables(ruleset, shuffled)[1])
    if _meaning(other) != _meaning(first):
        differ = [u for u, v in _meaning(first)["units"].items() if _meaning(other)["units"].get(u) != v]
        raise _fail("repeatable", say("phrase.inv_order_differs", unit=differ[0] if differ else "?"))


# --------------------------------------------------------------------------- monotone


def check_monotone(ruleset: CompiledRuleset, facts: Facts, result: Result | None = None) -> None:
    """For every component declaring `monotone: {column: increasing | decreasing}` and every unit
    with a value in that column (facts given as {table id: rows}, header row first): one step more
    (1, or up to the column's max) never lowers (increasing) or raises (decreasing) its points."""
    declared = [(c, column, way) for c in all_components(ruleset) for column, way in (getattr(c, "monotone", None) or {}).items()]
    if not declared or not isinstance(facts, Mapping):
        return
    if result is None:
        result = score_tables(ruleset, facts)[1]
    before = {s.id: s for s in result.subjects}
    tables: Tables = {k: [list(map(_cell_text, r)) for r in v] for k, v in facts.items()}
    for component, column, way in declared:
        for spec in ruleset.input_tables():
            if spec.rows != "per_subject" or spec.id not in tables:
                continue
            columns = {c.header: c for c in spec.columns} | {c.name: c for c in spec.columns}
            if column not in columns:
                continue
            header = tables[spec.id][0]
            at, key_at = header.index(columns[column].header), header.index(spec.subject)
            for index in range(1, len(tables[spec.id])):
                row = tables[spec.id][index]
                more = _step(row[at], columns[column])
                if more is None:
                    continue
                changed = {k: [list(r) for r in v] for k, v in tables.items()}
                changed[spec.id][index][at] = more
                after = {s.id: s for s in score_tables(ruleset, changed)[1].subjects}
                unit = row[key_at]
                old = before[unit].component(component.id).points if unit in before else None
                new = after[unit].component(component.id).points if unit in after else None
                if old is None or new is None:
                    continue
                worse = new < old if way == "increasing" else new > old
                if worse:
                    raise _fail("monotone", say("phrase.inv_monotone", unit=unit, component=component.id, column=column,
                                                way=way, before=row[at], after=more, old=old, new=new))


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def _step(text: str, column: Any) -> str | None:
    """The cell's value one step up (1 more, or the column's max), or None (blank, not a number, at the max)."""
    if column.type not in ("count", "decimal") or text.strip() == "":
        return None
    try:
        value = Decimal(text)
    except decimal.InvalidOperation:
        return None
    top = column.max
    more = value + 1 if top is None else min(value + 1, top)
    return None if more <= value else str(more)
