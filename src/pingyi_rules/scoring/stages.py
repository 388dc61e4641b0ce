"""Scoring in stages.

Stages: each stage adds top-level components. A stage that `select`s ranks the
subjects still in play on their cumulative total (rounded as declared) and
keeps those meeting the condition (`top: 8` = fewer than 8 strictly better, so
ties at the cut-off are all kept; `flag:` adds flagged subjects). Later
components are scored only for the kept subjects; the others keep their result
so far, get total null, and the rows of their later case tables are listed as
not selected, so every input row is still accounted for once.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..compile.context import CompileContext
from ..compile.ruleset import CompiledRuleset
from ..core.errors import RulesetError, close_matches
from ..core.messages import say
from ..core.numbers import ZERO, snap
from ..kinds.registry import KINDS, walk_models
from ..model import components as m
from ..results.decisions import Staged
from ..results.result import ComponentResult, RowTrace, StageResult, TraceEntry
from ..results.runtime import Scope, SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey
from .conditions import Place, Predicate, Standing, compile_condition, record

# --------------------------------------------------------------------------- stages


@dataclass(frozen=True)
class CompiledStage:
    id: str
    name: str
    indices: tuple[int, ...]  # positions of its components among the top-level ones
    select: Predicate | None
    within: str | None
    requires: tuple[tuple[str, tuple[str, ...]], ...]  # (table id, its column names)


@dataclass(frozen=True)
class _Placeholder:
    """What a component not scored for a subject still shows: its place and the rows it would read."""

    id: str
    name: str
    points: Decimal | None
    kind: str
    clause: str | None
    tables: tuple[str, ...]
    stage: str  # the name of the stage that adds it

    def trace(self, cases: list[Any], points: Decimal | None) -> TraceEntry:
        """The trace of a subject not selected: every case row it has is listed as unused."""
        rows = tuple(RowTrace(row.location, "unselected", None, f"{self.name}: 未入选{self.stage}，不计") for row in cases)
        return TraceEntry(
            path=self.id, name=self.name, kind=self.kind, clause=self.clause, inputs=(),
            formula_source=f"未入选{self.stage}，不计", points=None, rows=rows,
        )


@dataclass(frozen=True)
class CompiledStages:
    """Stages, ready to apply to a population of subjects."""

    stages: tuple[CompiledStage, ...]
    placeholders: tuple[_Placeholder, ...]  # one per top-level component
    exact: bool = False  # numbers.decide: exact (selection on the exact stage total)

    def score(
        self,
        ruleset: CompiledRuleset,
        subjects: Sequence[SubjectFacts],
        scopes: Sequence[Scope] | None = None,
        named: Sequence[tuple[ComponentResult, ...]] | None = None,
    ) -> Staged:
        """Score stage by stage; what each subject got, by position.

        `scopes[i]` holds subject i's named values, computed before the components, and `named[i]`
        their results, which a stage's `select` may test (without `scopes` both are computed here)."""
        if scopes is None:
            scopes = [{} for _ in subjects]
            named = [ruleset.evaluate_values(subject, scope) for subject, scope in zip(subjects, scopes, strict=True)]
        if named is None:
            named = [() for _ in subjects]
        evaluators = ruleset.evaluators
        scored: list[dict[int, ComponentResult]] = [{} for _ in subjects]
        records: list[list[StageResult]] = [[] for _ in subjects]
        notes: dict[int, list[str]] = {}
        active = list(range(len(subjects)))
        done: list[int] = []
        for number, stage in enumerate(self.stages):
            if number > 0:
                for position in active:
                    self._require(stage, subjects[position])
            for position in active:
                subject, scope, own = subjects[position], scopes[position], scored[position]
                for index in stage.indices:
                    own[index] = evaluators[index](subject, scope)
            done.extend(stage.indices)
            if stage.select is None:
                break
            kept = self._select(ruleset, stage, subjects, active, done, scored, records, named)
            for position in active:
                if position not in kept:
                    notes[position] = self._left_out(number, subjects[position], records[position][-1].total)
            active = [p for p in active if p in kept]
        components = [
            tuple(own.get(i) or self._unselected(i, subject) for i in range(len(self.placeholders)))
            for subject, own in zip(subjects, scored, strict=True)
        ]
        return Staged(components, records, notes)

    def _left_out(self, number: int, subject: SubjectFacts, total: Decimal | None) -> list[str]:
        """The notes on a subject stage `number` does not select: why, and each later table row left unused."""
        stage, following = self.stages[number], self.stages[number + 1].name
        shown = "无" if total is None else format(total, "f")
        notes = [f"未入选{following}（{stage.name} {shown}），不计总分、名次和等次"]
        for table, columns in (t for st in self.stages[number + 1 :] for t in st.requires):
            if any(c in subject.cells for c in columns):  # a row the selection makes unused is said, not dropped
                notes.append(f"表 {table} 中有此对象的行，因未入选而未计")
        return notes

    def _require(self, stage: CompiledStage, subject: SubjectFacts) -> None:
        for table, columns in stage.requires:
            if not any(c in subject.cells for c in columns):
                raise evaluation_error(subject, stage.id, say("EV008.stage_row", stage=stage.name, table=table))

    def _select(
        self,
        ruleset: CompiledRuleset,
        stage: CompiledStage,
        subjects: Sequence[SubjectFacts],
        active: list[int],
        done: list[int],
        scored: list[dict[int, ComponentResult]],
        records: list[list[StageResult]],
        named: Sequence[tuple[ComponentResult, ...]],
    ) -> set[int]:
        """The positions of the subjects in play (`active`) that the stage selects; each one's
        standing at the stage is added to its records (all indexed by subject position). The
        selection sees the named values (`named`) and the components scored so far."""
        assert stage.select is not None
        totals: dict[int, Decimal | None] = {}
        for position in active:
            parts = [scored[position][i].points for i in done]
            exact = None if any(p is None for p in parts) else sum((p for p in parts if p is not None), ZERO)
            if exact is None:
                totals[position] = None
            else:
                totals[position] = snap(exact) if self.exact else ruleset.round(exact)
        groups: dict[str, list[int]] = {}
        for position in active:
            key = "" if stage.within is None else str(subjects[position].get(stage.within))
            groups.setdefault(key, []).append(position)
        kept: set[int] = set()
        for members in groups.values():
            ranked = sorted(t for p in members if (t := totals[p]) is not None)  # ascending
            for position in members:
                total = totals[position]
                if total is None:  # no stage total: cannot be ranked, so not selected
                    records[position].append(StageResult(stage.id, stage.name, None, None, False))
                    continue
                # counted by bisection in the sorted totals (a scan per subject would be quadratic)
                better = len(ranked) - bisect.bisect_right(ranked, total)
                worse = bisect.bisect_left(ranked, total)
                results = named[position] + tuple(scored[position][i] for i in done)
                published = None if self.exact else ruleset.round
                chosen = stage.select(Standing(total, better, worse, subjects[position], results, (), published))
                if chosen:
                    kept.add(position)
                shown = ruleset.round(total) if self.exact else total  # the stage total is published rounded
                records[position].append(StageResult(stage.id, stage.name, shown, better + 1, chosen))
        return kept

    def _unselected(self, index: int, subject: SubjectFacts) -> ComponentResult:
        spec = self.placeholders[index]
        cases = [row for table in spec.tables for row in _rows(subject, table)]
        # the trace (a row trace per unused case row) is built when an output asks for it
        return ComponentResult(spec.id, spec.name, spec.points, None, make_trace=spec.trace, outcome=cases)


def _rows(subject: SubjectFacts, table: str) -> list[Any]:
    """The subject's rows of a table; a folded table's (facts.stream.FoldedRows) read again."""
    rows: Any = subject.cases.get(table, [])
    return rows if isinstance(rows, list) else rows.rows()


def _case_tables(model: Any) -> list[str]:
    """The case tables a component (or any descendant) reads, as its kind declares them, each once."""
    found: dict[str, None] = {}
    for node in walk_models([model]):
        found.update(dict.fromkeys(KINDS[node.kind].tables(node)))
    return list(found)


def compile_stages(model: m.Ruleset, ctx: CompileContext) -> CompiledStages | None:
    """Compile the stages (None when the ruleset has none); errors go to ctx.errors."""
    if not model.stages:
        return None
    stages = []
    positions = {c.id: i for i, c in enumerate(model.components)}
    owner: dict[str, str] = {}
    # what a selection may test: the named values (computed before every component), then the
    # components (and their descendants) scored by the end of each stage
    scored: set[str] = {n.id for n in walk_models(model.values)}
    last_index = -1
    for s_index, stage in enumerate(model.stages):
        path: PathKey = ("stages", s_index)
        _check_stage_keys(stage, s_index, len(model.stages), path, ctx)
        indices, last_index = _claim_components(stage, path, positions, owner, last_index, ctx)
        scored.update(n.id for n in walk_models([model.components[i] for i in indices]))
        select = within = None
        place = Place(say("phrase.place_stage_select"), no_tier=say("phrase.why_stage_before_tier"),
                      components=frozenset(scored), named=say("phrase.why_stage_own_ranking"))
        try:
            if stage.select is not None:
                select = compile_condition(stage.select, path + ("select",), ctx, place)
            if stage.within is not None:
                within = ctx.field(stage.within, path + ("within",)).name
        except RulesetError as exc:
            record(ctx, exc)
        requires = _compile_requires(stage, path, ctx)
        stages.append(CompiledStage(stage.id, stage.name, tuple(indices), select, within, tuple(requires)))
    if model.stages:
        missing = [c.id for c in model.components if c.id not in owner]
        if missing:
            ctx.errors.append(ctx.error(say("RS046.top_level_components", missing=list(missing)), ("stages",)))
    stage_names = {cid: s.name for s in model.stages for cid in s.adds}
    placeholders = tuple(
        _Placeholder(c.id, c.name, c.points, c.kind, c.clause, tuple(_case_tables(c)), stage_names.get(c.id, ""))
        for c in model.components
    )
    return CompiledStages(tuple(stages), placeholders, model.numbers.decide == "exact")


def _claim_components(
    stage: m.Stage, path: PathKey, positions: dict[str, int], owner: dict[str, str], last_index: int, ctx: CompileContext
) -> tuple[list[int], int]:
    """The positions of the stage's components, each top-level, in one stage only, in stage order;
    `owner` (component → stage) is filled in; the new last position is returned with them."""
    indices = []
    for c_index, cid in enumerate(stage.adds):
        where = path + ("adds", c_index)
        if cid not in positions:
            ctx.errors.append(ctx.error(say("RS046.top_level_component", cid=cid), where, close_matches(cid, positions)))
            continue
        if cid in owner:
            ctx.errors.append(ctx.error(say("RS046.already_stage", cid=cid, owner=owner[cid]), where))
            continue
        if positions[cid] < last_index:
            ctx.errors.append(ctx.error(say("RS046.comes_before_component", cid=cid), where))
        owner[cid] = stage.id
        last_index = max(last_index, positions[cid])
        indices.append(positions[cid])
    return indices, last_index


def _check_stage_keys(stage: m.Stage, s_index: int, count: int, path: PathKey, ctx: CompileContext) -> None:
    """`select` on every stage but the last; `within` only with `select`; no `requires` on the first."""
    final = s_index == count - 1
    if final and stage.select is not None:
        ctx.errors.append(ctx.error(say("RS046.last_stage_selects"), path + ("select",)))
    if not final and stage.select is None:
        ctx.errors.append(ctx.error(say("RS046.stage_followed_another"), path))
    if stage.within is not None and stage.select is None:
        ctx.errors.append(ctx.no_effect(say("RS053.within_groups_selection"), path + ("within",)))
    if s_index == 0 and stage.requires:
        ctx.errors.append(
            ctx.no_effect(say("RS053.requires_checked_entering"), path + ("requires",))
        )


def _compile_requires(stage: m.Stage, path: PathKey, ctx: CompileContext) -> list[tuple[str, tuple[str, ...]]]:
    """(optional table, its value columns) a subject must have a row in to enter the stage."""
    requires = []
    for t_index, table_id in enumerate(stage.requires):
        try:
            table = ctx.table(table_id, path + ("requires", t_index), "per_subject")
        except RulesetError as exc:
            ctx.errors.append(exc)
            continue
        if not table.optional:
            ctx.errors.append(
                ctx.no_effect(
                    say("RS053.table_optional_so", id=table.id),
                    path + ("requires", t_index),
                )
            )
        requires.append((table.id, tuple(c.name for c in table.columns if c.header != table.subject)))
    return requires
