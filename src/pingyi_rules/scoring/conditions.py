"""Conditions on a subject — what tiers, vetoes, stage selection, `ranking.last`, named
conditions and a lookup's rows test — compiled once into predicates over a subject's `Standing`
(a lookup's, while the subject is scored, over its facts and the scope: `compile_scored_condition`).

A subject condition reads names (`of`, `blank`, the names in an `expr`) through one lookup,
`subject_value`: a component's points (by id, anywhere in the tree; published rounded or
exact, as `numbers.decide` says) or a field of the subject's facts. Where a condition is written
(`Place`) decides what it may test: the place in a ranking (`top`, `bottom`), tiers already
decided (`tier`), and which components are scored by then.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial
from typing import Any, NamedTuple

from pydantic import BaseModel

from ..compile.conditions import compile_predicate
from ..compile.context import CompileContext
from ..core.errors import RulesetError, close_matches
from ..core.messages import Message, say
from ..expressions.compiler import (
    COMPONENT,
    YESNO,
    ExpressionProblem,
    NameType,
    column_type,
    compile_expression,
)
from ..facts.reading import NO, YES, ColumnSpec, nfkc
from ..kinds.rows import ORDERED, compile_comparison, compile_row_condition
from ..model import components as m
from ..results.result import ComponentResult, find_component
from ..results.runtime import SubjectFacts, evaluation_error, said_of
from ..source.strict_yaml import PathKey, format_path


class Standing(NamedTuple):
    """A subject as a condition sees it (a tuple: one per subject, cheap)."""

    total: Decimal  # the deciding total: published (rounded) or exact, as numbers.decide says
    better: int  # subjects in the group strictly better
    worse: int  # subjects in the group strictly worse
    subject: SubjectFacts
    components: Sequence[ComponentResult]
    held: Collection[str] = ()  # the tiers the subject holds so far
    published: Callable[[Decimal], Decimal] | None = None  # a component's value as published; None: exact
    scope: Mapping[str, Decimal | None] | None = None  # while the subject is scored: the values computed so far
    ranked: Mapping[str, tuple[int, int]] | None = None  # each named ranking: (strictly better, strictly worse)

    @property
    def fields(self) -> dict[str, Any]:
        return self.subject.fields


Predicate = Callable[[Standing], bool]
ScoredPredicate = Callable[[SubjectFacts, Mapping[str, Decimal | None]], bool]
_NO_TOTAL = Decimal(0)  # a scored condition's standing has no total; a comparison that would read it is refused


# --------------------------------------------------------------------------- the one value lookup


@dataclass(frozen=True)
class ValueName:
    """A name a subject condition reads: a component (its points) or a field (its column)."""

    name: str
    component: bool
    spec: ColumnSpec | None = None  # a field's column


def resolve_value(name: str, path: PathKey, ctx: CompileContext, components: Collection[str] | None = None) -> ValueName:
    """The component or field `name` (a component first, as expressions read names; a component not
    scored yet where the condition is decided — `components`: those that are — leaves the field of
    that name, as in an expression); RS071 when it is neither, or only a component not scored yet."""
    spec = ctx.fields.get(nfkc(name))
    if name in ctx.seen_ids:
        if components is not None and name not in components:
            if spec is not None:
                return ValueName(spec.name, False, spec)
            raise ctx.error(say("RS071.component_scored_yet", name=name), path)
        return ValueName(name, True)
    if spec is not None:
        return ValueName(spec.name, False, spec)
    known = [*(ctx.seen_ids if components is None else components), *ctx.fields]
    raise ctx.error(say("RS071.field_component", name=name), path, close_matches(nfkc(name), known))


def subject_value(name: ValueName, standing: Standing) -> Any:
    """The value of a name for one subject: a component's points (None when it has none), rounded
    as published unless decisions are exact; a field as read (None when blank)."""
    if not name.component:
        return standing.subject.get(name.name)
    if standing.scope is not None:
        return standing.scope.get(name.name)
    points = find_component(standing.components, name.name).points
    if points is None or standing.published is None:
        return points
    return standing.published(points)


def value_types(ctx: CompileContext, components: Collection[str] | None = None) -> dict[str, NameType]:
    """The kind of every name an `expr` condition may use (the fields, then the components, which win)."""
    types = {name: column_type(spec.type, spec.values) for name, spec in ctx.fields.items()}
    types.update(dict.fromkeys(ctx.seen_ids if components is None else components, COMPONENT))
    return types


# --------------------------------------------------------------------------- where a condition is written


@dataclass(frozen=True)
class Place:
    """Where a subject condition is decided, and so what it may test there."""

    label: Message  # for messages: "a veto", "ranking.last", … (phrase.place_…)
    ranked: Message | None = None  # why top/bottom do not apply here; None: they do
    tiers: frozenset[str] | None = None  # the tiers `tier` may name here; None: `tier` does not apply
    no_tier: Message | None = None  # why `tier` does not apply here (given wherever tiers is None)
    components: frozenset[str] | None = None  # the components scored by then; None: every one
    inside: int | None = None  # compiling the named condition at this index (it may name only earlier ones)
    total: Message | None = None  # why a comparison without `of` (the total) does not apply here (RS070); None: it does
    named: Message | None = None  # why `top`/`bottom` may not name a ranking (`rankings:`) here; None: they may


def compile_condition(cond: m.Condition, path: PathKey, ctx: CompileContext, place: Place) -> Predicate:
    """A condition on a subject as a predicate over its Standing."""
    return compile_predicate(cond, path, partial(_leaf, ctx=ctx, place=place))


def compile_scored_condition(cond: m.Condition, path: PathKey, ctx: CompileContext, label: Message) -> ScoredPredicate:
    """A condition decided while the subject is scored (a lookup's row, `label` in messages): it sees
    the fields and the values and components computed before it, as they are in the scope (as
    expressions see them); no total, place in a ranking or tier exists yet."""
    place = Place(
        label, ranked=say("phrase.why_scored_before_ranking"), no_tier=say("phrase.why_scored_before_tier"),
        components=frozenset(ctx.order), total=say("RS070.total_in_lookup"),
    )
    predicate = compile_condition(cond, path, ctx, place)
    return lambda subject, scope: predicate(Standing(_NO_TOTAL, 0, 0, subject, (), scope=scope))


def record(ctx: CompileContext, error: RulesetError) -> None:
    """An error kept once (a named condition used in two places would report its own error twice)."""
    if not any(e.message == error.message and e.location == error.location for e in ctx.errors):
        ctx.errors.append(error)


def _leaf(cond: m.Condition, path: PathKey, *, ctx: CompileContext, place: Place) -> Predicate:
    """One leaf of a subject condition as a predicate."""
    if cond.top is not None or cond.bottom is not None:
        key = "top" if cond.top is not None else "bottom"
        if place.ranked is not None:
            raise ctx.error(say("RS070.does_apply", key=key, label=place.label, ranked=place.ranked), path + (key,))
        if cond.in_ranking is not None:
            return _named_place(cond, key, path, ctx, place)
        if cond.top is not None:
            n = cond.top
            return lambda s: s.better < n
        n = cond.bottom or 0
        return lambda s: s.worse < n
    if cond.flag is not None:
        name = ctx.field(cond.flag, path + ("flag",), ("bool",)).name
        return lambda s: s.subject.get(name) is True
    if cond.blank is not None:
        ref = resolve_value(cond.blank, path + ("blank",), ctx, place.components)
        return lambda s: subject_value(ref, s) is None
    if cond.tier is not None:
        return _tier(cond.tier, path + ("tier",), ctx, place)
    if cond.count_rows is not None:
        return _rows(cond, path, ctx)
    if cond.expr is not None:
        return _expression(cond.expr, path + ("expr",), ctx, place)
    if cond.is_ is not None:
        return _named(cond.is_, path + ("is",), ctx, place)
    return _comparison(cond, path, ctx, place)


def _comparison(cond: m.Condition, path: PathKey, ctx: CompileContext, place: Place) -> Predicate:
    """A comparison of a named value, or of the deciding total when `of` is omitted."""
    if cond.of is None:
        if place.total is not None:
            raise ctx.error(place.total, path, code=place.total.code)
        test = compile_comparison(cond, None, path, ctx)
        return lambda s: test(s.total)
    ref = resolve_value(cond.of, path + ("of",), ctx, place.components)
    test = compile_comparison(cond, ref.spec, path, ctx)
    if not any(k in ORDERED for k in cond.comparison_keys()):  # equals / in: a blank is not that value
        return lambda s: (value := subject_value(ref, s)) is not None and test(value)
    where = format_path(path)

    def ordered(s: Standing) -> bool:
        value = subject_value(ref, s)
        if value is None:
            said = say("EV013.no_points" if ref.component else "EV013.blank", name=cond.of)
            raise evaluation_error(
                s.subject, where, said, None if ref.component else s.subject.cell(ref.name), code="EV013",
            )
        return test(value)

    return ordered


def _named_place(cond: m.Condition, key: str, path: PathKey, ctx: CompileContext, place: Place) -> Predicate:
    """`top` / `bottom` counted in a named ranking (`rankings:`), in the subject's group there."""
    assert cond.in_ranking is not None
    if place.named is not None:
        raise ctx.error(say("RS070.ranking_does_apply", label=place.label, named=place.named), path + ("in_ranking",))
    names = [r.name for r in ctx.model.rankings]
    if cond.in_ranking not in names:
        raise ctx.error(say("RS081", ranking=cond.in_ranking), path + ("in_ranking",), close_matches(cond.in_ranking, names))
    name, n, side = cond.in_ranking, (cond.top if key == "top" else cond.bottom) or 0, 0 if key == "top" else 1
    return lambda s: s.ranked is not None and s.ranked[name][side] < n


def _tier(name: str, path: PathKey, ctx: CompileContext, place: Place) -> Predicate:
    if place.tiers is None:
        raise ctx.error(say("RS070.tier_does_apply", label=place.label, no_tier=place.no_tier), path)
    if name not in place.tiers:
        known = list(dict.fromkeys([t.name for t in ctx.model.tiers] + [v.forces for v in ctx.model.vetoes if v.forces is not None]))
        if name not in known:
            raise ctx.error(say("RS036.unknown_tier", name=name), path, close_matches(name, known))
        raise ctx.error(
            say("RS073", name=name, label=place.label), path,
        )
    return lambda s: name in s.held


def _rows(cond: m.Condition, path: PathKey, ctx: CompileContext) -> Predicate:
    """The count of the subject's rows of a cases table (meeting `where`), compared."""
    assert cond.count_rows is not None
    table = ctx.table(cond.count_rows, path + ("count_rows",), "cases")
    test = compile_comparison(cond, None, path, ctx)
    table_id = table.id
    if cond.where is None:
        return lambda s: test(Decimal(len(s.subject.cases.get(table_id, ()))))
    where = compile_row_condition(cond.where, table, path + ("where",), ctx)
    return lambda s: test(Decimal(sum(1 for row in s.subject.cases.get(table_id, ()) if where(row))))


def _expression(text: str, path: PathKey, ctx: CompileContext, place: Place) -> Predicate:
    """A 是/否 expression over the subject's fields and components."""
    types = value_types(ctx, place.components)
    later = [] if place.components is None else [c for c in ctx.seen_ids if c not in place.components]
    try:
        expression = compile_expression(text, types, later, types=types, result=YESNO)
    except ExpressionProblem as exc:
        raise ctx.error(
            say("RS030.expression_column", text=text, value=exc.offset + 1, problem=exc.said), path, list(exc.suggestions)
        ) from None
    refs = [resolve_value(n, path, ctx, place.components) for n in expression.names]
    where = format_path(path)

    def holds(s: Standing) -> bool:
        try:
            value = expression.evaluate({ref.name: subject_value(ref, s) for ref in refs})
        except ExpressionProblem as exc:
            if exc.blank is not None:
                cell = None if exc.blank in ctx.seen_ids else s.subject.cell(exc.blank)
                raise evaluation_error(s.subject, where, say("phrase.expression_problem", expr=text, problem=said_of(exc)),
                                       cell, code="EV013") from None
            raise evaluation_error(s.subject, where, say("phrase.expression_problem", expr=text, problem=said_of(exc)),
                                   code="EV014") from None
        if not isinstance(value, bool):
            raise evaluation_error(s.subject, where, say("EV014.not_yes_no", expr=text, value=repr(value), yes=YES, no=NO))
        return value

    return holds


def _named(name: str, path: PathKey, ctx: CompileContext, place: Place) -> Predicate:
    """A named condition (top-level `conditions`), compiled where it is used."""
    names = [c.name for c in ctx.model.conditions]
    if name not in names:
        if name in {c.name for c in ctx.model.row_conditions}:
            raise ctx.error(say("RS070.row_condition_on_subject", name=name), path)
        raise ctx.error(say("RS074.unknown_condition", name=name), path, close_matches(name, names))
    index = names.index(name)
    if place.inside is not None and index >= place.inside:
        raise ctx.error(
            say("RS074.condition_declared_after", name=name),
            path,
        )
    return compile_condition(ctx.model.conditions[index].when, ("conditions", index, "when"), ctx, replace(place, inside=index))


def named_conditions_used(model: m.Ruleset) -> set[str]:
    """The names `is` refers to in subject conditions anywhere a condition decides something (tiers,
    vetoes, quotas, stage selection, ranking.last, exclusions, checks, gates, a lookup's rows, …),
    and those the named conditions so used refer to."""
    return _names_used(model, m.Condition, {c.name: c.when for c in model.conditions}, "conditions")


def row_conditions_used(model: m.Ruleset) -> set[str]:
    """The names `is` refers to in row conditions anywhere in the ruleset (row filters, row steps, void
    rules, count_rows.where), and those the named row conditions so used refer to."""
    return _names_used(model, m.RowCondition, {c.name: c.when for c in model.row_conditions}, "row_conditions")


def _names_used(model: m.Ruleset, kind: type[m.Condition | m.RowCondition], named: dict[str, Any], section: str) -> set[str]:
    """The names the `is` of every condition of `kind` in the written model refers to (the named ones
    in `section` only when a condition in use names them): one named only by itself, or by named
    conditions nobody uses, decides nothing."""
    found: set[str] = set()
    pending: list[Any] = [getattr(model, name) for name in type(model).model_fields if name != section]
    while pending:
        node = pending.pop()
        if isinstance(node, kind) and node.is_ is not None and node.is_ not in found:
            found.add(node.is_)
            if node.is_ in named:  # a named condition in use uses the ones it names
                pending.append(named[node.is_])
        if isinstance(node, BaseModel):
            pending.extend(getattr(node, name) for name in type(node).model_fields)
        elif isinstance(node, list | tuple):
            pending.extend(node)
        elif isinstance(node, dict):
            pending.extend(node.values())
    return found


def check_named_conditions(model: m.Ruleset, ctx: CompileContext) -> None:
    """Each named condition (on a subject or on a row) declared once and used somewhere (one that is
    never used decides nothing); one name names one condition across `conditions` and `row_conditions`."""
    used = named_conditions_used(model)
    seen: set[str] = set()
    for index, named in enumerate(model.conditions):
        path: PathKey = ("conditions", index, "name")
        if named.name in seen:
            ctx.errors.append(ctx.error(say("RS074.condition_declared_twice", name=named.name), path))
        seen.add(named.name)
        if named.name not in used:
            ctx.errors.append(ctx.no_effect(say("RS053.condition_used_any", name=named.name), path))
    used_rows = row_conditions_used(model)
    subject_names = set(seen)
    seen = set()
    for index, named_row in enumerate(model.row_conditions):
        path = ("row_conditions", index, "name")
        if named_row.name in subject_names:
            ctx.errors.append(ctx.error(say("RS074.row_condition_named_twice", name=named_row.name), path))
        elif named_row.name in seen:
            ctx.errors.append(ctx.error(say("RS074.condition_declared_twice", name=named_row.name), path))
        seen.add(named_row.name)
        if named_row.name not in used_rows:
            ctx.errors.append(ctx.no_effect(say("RS053.condition_used_any", name=named_row.name), path))
