"""What a ranking compares: its measure (the total, or a component, named value or numeric field
given by `ranking.by`) in its direction (`ranking.order`), then each declared tie-break in its own
direction — each compared as published (rounded) or exact, as `numbers.decide` says.

A subject's ranking key is a tuple with one entry per measure, signed so that a larger key always
ranks first: a descending measure as it is, an ascending one negated. A measure without a value
(a component with no points, a blank field) is below every number, in either direction: it ranks
last. A field is compared as a value `{kind: input, column: <field>}` would be: the same number,
rounded or exact alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any

from ..compile.context import CompileContext
from ..core.errors import RulesetError, close_matches
from ..core.messages import say
from ..core.numbers import snap
from ..core.text import nfkc
from ..model import components as m
from ..model import rankings as o
from ..results.result import ComponentResult, find_component
from ..results.runtime import SubjectFacts
from ..source.strict_yaml import PathKey


@dataclass(frozen=True)
class Measure:
    """One thing a ranking compares: a component or named value by id, or a field of the subject
    (`field`) by its name (None: the total), and its direction."""

    id: str | None
    descending: bool = True
    field: bool = False


TOTAL = Measure(None)
BOTTOM = Decimal("-Infinity")


def rank_key(
    total: Decimal | None,
    components: Sequence[ComponentResult],
    measures: tuple[Measure, ...],
    published: Callable[[Decimal], Decimal] | None,
    subject: SubjectFacts,
) -> tuple[Decimal, ...]:
    """What ranks a subject: each measure (the deciding total, or a component, value or field as
    published; `published` None: decisions are exact, the value as computed), signed by its direction."""
    assert total is not None
    key = []
    for measure in measures:
        if measure.id is None:
            value: Decimal | None = total
        else:
            points = subject.get(measure.id) if measure.field else find_component(components, measure.id).points
            value = None if points is None else _exact(points) if published is None else published(points)
        if value is None:
            key.append(BOTTOM)
        else:
            key.append(value if measure.descending else value.copy_negate())
    return tuple(key)


def measure_name(measure: Measure, components: Sequence[ComponentResult]) -> str:
    """The measure as notes name it: 总分, the component's or value's name, or the field's."""
    if measure.id is None:
        return "总分"
    return measure.id if measure.field else find_component(components, measure.id).name


def tie_break_note(
    index: int,
    level: list[int],
    keys: dict[int, tuple[Decimal, ...]],
    measures: tuple[Measure, ...],
    components: Sequence[Sequence[ComponentResult]],
    subjects: Sequence[SubjectFacts],
) -> str:
    """How a tie on the ranking's measure between subject `index` and the others of `level` was
    settled (or that it stands); `measures` are the ranking's, its own measure first."""
    key = keys[index]
    others = [i for i in level if i != index]
    own = components[index]
    still = [subjects[i].id for i in others if keys[i] == key]
    shown = "、".join(
        f"{measure_name(m, own)}{'' if m.descending else '（低者在前）'} {_plain(v, m)}"
        for m, v in zip(measures[1:], key[1:], strict=True)
    )
    text = f"{measure_name(measures[0], own)}与 {'、'.join(subjects[i].id for i in others)} 相同，依次比较 {shown}"
    if still:
        text += f"；与 {'、'.join(still)} 仍相同，并列"
    return text


def _exact(value: Decimal) -> Decimal:
    """A value as exact decisions compare it: snapped, without the trailing zeros the snap leaves (12.5, not 12.500…0)."""
    snapped = snap(value)
    return snapped.normalize() if snapped else snapped.copy_abs()


def _plain(value: Decimal, measure: Measure) -> str:
    if value == BOTTOM:
        return "无"
    return format(value if measure.descending else value.copy_negate(), "f")


def compile_measures(ranking: o.Ranking | None, ctx: CompileContext) -> tuple[Measure, ...]:
    """The ranking's measures in order: `by` (or the total) in `order`, then each tie-break.

    A name that is neither a component, a named value nor a field is RS042; a field that is not a
    number RS021; a tie-break that repeats a measure compared before it changes nothing (RS053).
    Errors go to ctx.errors."""
    if ranking is None:
        return (TOTAL,)
    first = _known(ranking.by, ranking.order == "descending", ("ranking", "by"), ctx)
    measures = [first]
    for index, entry in enumerate(ranking.tie_break):
        path: PathKey = ("ranking", "tie_break", index)
        if isinstance(entry, o.TieBreak):
            name, descending, path = entry.of, entry.descending, path + ("of",)
        else:
            name, descending = entry, True
        measure = _known(name, descending, path, ctx)
        if any(m.id == measure.id for m in measures):
            what = say("phrase.ranking_own_measure") if measures[0].id == measure.id else say("phrase.earlier_tie_break")
            ctx.errors.append(ctx.no_effect(say("RS053.comparing_again_changes", name=name, what=what), path))
        measures.append(measure)
    return tuple(measures)


NUMBER_TYPES = ("count", "decimal")
"""The field types a ranking may compare: numbers. Text (a code, a name) has no order a scheme
ranks by — its code-point order is neither pinyin nor stroke order — and a yes/no, enum, grade or
date field is compared through a value that says what its order is."""


def _known(name: str | None, descending: bool, path: PathKey, ctx: CompileContext) -> Measure:
    """The measure `name` names: a component or named value (None: the total), else a numeric field
    of the subject; RS042 when it is none of them, RS021 for a field that is not a number."""
    if name is None or name in ctx.seen_ids:
        return Measure(name, descending)
    spec = ctx.fields.get(nfkc(name))
    if spec is None:
        ctx.errors.append(
            ctx.error(say("RS042.unknown_measure", name=name), path, close_matches(name, [*ctx.seen_ids, *ctx.fields]))
        )
        return Measure(name, descending)
    if spec.type not in NUMBER_TYPES:
        ctx.errors.append(ctx.error(say("RS021.ranking_field_number", name=name, type=spec.type), path))
    return Measure(spec.name, descending, field=True)


# --------------------------------------------------------------------------- numbering a ranking


def number(ranked: list[tuple[Any, int]], dense: bool, ranks: list[int | None]) -> dict[int, tuple[int, int]]:
    """Rank the (key, position) pairs, larger keys first: each position's rank written in `ranks`;
    (strictly better, strictly worse) by position returned. Equal keys keep the facts' order."""
    # one sort, then one walk over runs of equal keys: a run's members have `start` strictly
    # better and `count - end` strictly worse (cheaper than a search per subject)
    ranked.sort(key=itemgetter(0), reverse=True)  # stable
    count = len(ranked)
    places: dict[int, tuple[int, int]] = {}
    start = level = 0
    while start < count:
        key = ranked[start][0]
        end = start + 1
        while end < count and ranked[end][0] == key:
            end += 1
        level += 1
        for _, index in ranked[start:end]:
            ranks[index] = level if dense else start + 1
            places[index] = (start, count - end)
        start = end
    return places


# --------------------------------------------------------------------------- named rankings


@dataclass(frozen=True)
class Ranked:
    """One named ranking, decided: each subject's rank (by position), and for the ranked ones their
    (strictly better, strictly worse), ranking key and group."""

    ranks: list[int | None]
    places: dict[int, tuple[int, int]]
    keys: dict[int, Any]
    groups: dict[int, Any]


@dataclass(frozen=True)
class CompiledRanking:
    """A named ranking (`rankings:`): published in each unit's `ranks`, usable by quotas and `top`/`bottom`."""

    name: str
    measure: Measure
    within: str | None
    dense: bool

    def decide(
        self,
        members: Sequence[int],
        subjects: Sequence[SubjectFacts],
        components: Sequence[Sequence[ComponentResult]],
        totals: Sequence[Decimal | None],
        published: Callable[[Decimal], Decimal] | None,
    ) -> Ranked:
        """Rank `members` (subject positions) in each group of `within`; the others have no rank."""
        ranks: list[int | None] = [None] * len(subjects)
        groups = {i: None if self.within is None else subjects[i].get(self.within) for i in members}
        parts: dict[Any, list[tuple[Any, int]]] = {}
        for i in members:
            key = rank_key(totals[i], components[i], (self.measure,), published, subjects[i])
            parts.setdefault(groups[i], []).append((key, i))
        places: dict[int, tuple[int, int]] = {}
        keys: dict[int, Any] = {}
        for part in parts.values():
            keys.update((i, key) for key, i in part)
            places.update(number(part, self.dense, ranks))
        return Ranked(ranks, places, keys, groups)


def compile_rankings(model: m.Ruleset, ctx: CompileContext) -> tuple[CompiledRanking, ...]:
    """The named rankings; a name declared twice is RS080. Errors go to ctx.errors."""
    rankings = []
    seen: set[str] = set()
    for index, ranking in enumerate(model.rankings):
        path: PathKey = ("rankings", index)
        if ranking.name in seen:
            ctx.errors.append(ctx.error(say("RS080", name=ranking.name), path + ("name",)))
        seen.add(ranking.name)
        within = None
        if ranking.within is not None:
            try:
                within = ctx.field(ranking.within, path + ("within",)).name
            except RulesetError as exc:
                ctx.errors.append(exc)
        measure = _known(ranking.by, ranking.order == "descending", path + ("by",), ctx)
        rankings.append(CompiledRanking(ranking.name, measure, within, ranking.ties == "dense"))
    return tuple(rankings)


def ranking_named(name: str, path: PathKey, ctx: CompileContext) -> str:
    """`name` when it is a named ranking (`rankings:`); RS081 otherwise."""
    names = [r.name for r in ctx.model.rankings]
    if name not in names:
        raise ctx.error(say("RS081", ranking=name), path, close_matches(name, names))
    return name
