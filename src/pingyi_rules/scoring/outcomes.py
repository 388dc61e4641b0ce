"""The population stage: ranking inside groups, vetoes, and tiers by condition or by quota."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from operator import itemgetter
from typing import Any, NamedTuple

from ..compile.conditions import compile_predicate
from ..compile.context import CompileContext
from ..core.errors import RulesetError, close_matches
from ..core.numbers import round_to
from ..model import components as m
from ..results.decisions import Placings
from ..results.result import ComponentResult, find_component
from ..results.runtime import SubjectFacts
from ..source.strict_yaml import PathKey


class Standing(NamedTuple):
    """A subject's place in its ranking group, as conditions see it (a tuple: one per subject, cheap)."""

    total: Decimal
    better: int  # subjects in the group strictly better
    worse: int  # subjects in the group strictly worse
    fields: dict[str, Any]


Predicate = Callable[[Standing], bool]


def compile_condition(cond: m.Condition, path: PathKey, ctx: CompileContext) -> Predicate:
    """Turn a condition model into a predicate over a Standing."""
    return compile_predicate(cond, path, partial(_standing_leaf, ctx=ctx))


def _standing_leaf(cond: m.Condition, path: PathKey, *, ctx: CompileContext) -> Predicate:
    """One leaf of a condition (place in the group, total, or a bool column) as a predicate."""
    if cond.top is not None:
        n = cond.top
        return lambda s: s.better < n
    if cond.bottom is not None:
        n = cond.bottom
        return lambda s: s.worse < n
    if cond.at_least is not None:
        limit = cond.at_least
        return lambda s: s.total >= limit
    if cond.below is not None:
        limit = cond.below
        return lambda s: s.total < limit
    assert cond.flag is not None
    name = ctx.field(cond.flag, path + ("flag",), ("bool",)).name
    return lambda s: s.fields.get(name) is True


@dataclass(frozen=True)
class CompiledTier:
    name: str
    predicate: Predicate | None
    best: int | None
    worst: int | None


@dataclass(frozen=True)
class CompiledVeto:
    name: str
    predicate: Predicate
    tier: str
    bars: tuple[str, ...]


@dataclass(frozen=True)
class CompiledOutcomes:
    """Ranking and tier rules, ready to apply to a scored population."""

    within: str | None
    ties: str
    vetoes: tuple[CompiledVeto, ...]
    tiers: tuple[CompiledTier, ...]
    tie_break: tuple[str, ...] = ()  # component ids compared, in order, when totals tie
    places: int = 2
    rounding: str = "half_up"

    def group_of(self, subject: SubjectFacts) -> str | None:
        if self.within is None:
            return None
        value = subject.fields.get(self.within)
        return None if value is None else str(value)

    def decide(
        self,
        subjects: Sequence[SubjectFacts],
        components: Sequence[tuple[ComponentResult, ...]],
        totals: Sequence[Decimal | None],
    ) -> Placings:
        """Rank each group and assign tiers; the decisions by subject position (the inputs are not changed).

        `components[i]` and `totals[i]` are subject i's component results and rounded total;
        subjects without a total take no part.
        """
        count = len(subjects)
        groups: list[str | None] = [self.group_of(s) for s in subjects] if self.within is not None else [None] * count
        placings = Placings(groups, [None] * count, [None] * count, {})
        members: dict[str | None, list[int]] = {}
        for index, total in enumerate(totals):
            if total is not None:
                members.setdefault(groups[index], []).append(index)
        for group in members.values():
            _Group(self, group, subjects, components, totals, placings).decide()
        return placings


class _Group:
    """One ranking group while it is decided: its members (subject positions) and their standings.

    Writes each member's rank, tiers and notes into the population's `Placings`, which is being
    built and is not yet seen by anyone else.
    """

    def __init__(
        self,
        rules: CompiledOutcomes,
        members: list[int],
        subjects: Sequence[SubjectFacts],
        components: Sequence[tuple[ComponentResult, ...]],
        totals: Sequence[Decimal | None],
        placings: Placings,
    ) -> None:
        self.rules = rules
        self.members = members
        self.subjects = subjects
        self.components = components
        self.totals = totals
        self.placings = placings

    def decide(self) -> None:
        rules, placings = self.rules, self.placings
        keys, places = self._rank()
        if rules.tie_break:
            self._note_tie_breaks(keys)
        standing: dict[int, Standing] = {}
        for index in self.members:
            better, worse = places[index]
            total = self.totals[index]
            assert total is not None
            standing[index] = Standing(total, better, worse, self.subjects[index].fields)
        forced, barred = self._veto(standing)
        assigned: dict[str, set[int]] = {}
        for tier in rules.tiers:
            chosen = set(forced.get(tier.name, set()))
            if tier.predicate is not None:
                predicate = tier.predicate
                chosen |= {
                    i for i in self.members if tier.name not in barred.get(i, ()) and predicate(standing[i])
                }
            else:
                _fill_quota(tier, self.members, placings.ranks, chosen, barred, keys)
            assigned[tier.name] = chosen
        for veto in rules.vetoes:
            if veto.tier not in assigned:
                assigned[veto.tier] = forced.get(veto.tier, set())
        tiers = placings.tiers
        for index in self.members:
            tiers[index] = [name for name, chosen in assigned.items() if index in chosen]

    def _rank(self) -> tuple[dict[int, Any], dict[int, tuple[int, int]]]:
        """Each member's rank written; (its ranking key, (strictly better, strictly worse)) by position."""
        rules, totals = self.rules, self.totals
        # the key is the total alone (the common case: no tuple per comparison) or, with declared
        # tie-breaks, the total followed by each tie-break measure
        ranked: list[tuple[Any, int]]
        if rules.tie_break:
            ranked = [
                (rank_key(totals[i], self.components[i], rules.tie_break, rules.places, rules.rounding), i)
                for i in self.members
            ]
        else:
            ranked = [(totals[i], i) for i in self.members]
        keys = {i: key for key, i in ranked}
        # one sort, then one walk over runs of equal keys: a run's members have `start` strictly
        # better and `count - end` strictly worse (cheaper than a search per subject)
        ranked.sort(key=itemgetter(0), reverse=True)  # stable: equal keys keep the facts' order
        count = len(ranked)
        dense = rules.ties == "dense"
        ranks = self.placings.ranks
        places: dict[int, tuple[int, int]] = {}  # position -> (strictly better, strictly worse)
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
        return keys, places

    def _veto(self, standing: dict[int, Standing]) -> tuple[dict[str, set[int]], dict[int, set[str]]]:
        """(tier → the members vetoes force into it, member → the tiers vetoes bar it from); noted."""
        forced: dict[str, set[int]] = {}
        barred: dict[int, set[str]] = {}
        notes = self.placings.notes
        for veto in self.rules.vetoes:
            for index in self.members:
                if veto.predicate(standing[index]):
                    forced.setdefault(veto.tier, set()).add(index)
                    barred.setdefault(index, set()).update(veto.bars)
                    notes.setdefault(index, []).append(f"{veto.name}: 列入{veto.tier}")
        return forced, barred

    def _note_tie_breaks(self, keys: dict[int, tuple[Decimal, ...]]) -> None:
        """Say in each member's notes how a tie on the total was settled (or that it stands)."""
        levels: dict[Any, list[int]] = {}  # who ties on the total with whom, in member order
        for index in self.members:
            levels.setdefault(self.totals[index], []).append(index)
        for index in self.members:
            level = levels[self.totals[index]]
            if len(level) > 1:
                note = tie_break_note(index, level, keys, self.rules.tie_break, self.components, self.subjects)
                self.placings.notes.setdefault(index, []).append(note)


def _fill_quota(
    tier: CompiledTier,
    members: list[int],
    ranks: list[int | None],
    chosen: set[int],
    barred: dict[int, set[str]],
    keys: dict[int, Any],
) -> None:
    """A quota tier: the best (or worst) N by rank added to `chosen`, skipping barred members; ties at the cut all in."""
    quota = tier.best if tier.best is not None else tier.worst
    assert quota is not None
    ordered = sorted(members, key=lambda i: ranks[i] or 0, reverse=tier.worst is not None)
    last_key: Any = None
    for index in ordered:
        if index in chosen or tier.name in barred.get(index, ()):
            continue
        # ties at the cut-off (after the declared tie-breaks) are all included
        if len(chosen) >= quota and keys[index] != last_key:
            break
        chosen.add(index)
        last_key = keys[index]


def rank_key(
    total: Decimal | None, components: tuple[ComponentResult, ...], tie_break: tuple[str, ...], places: int, rounding: str
) -> tuple[Decimal, ...]:
    """What ranks a subject: its total, then each declared tie-break measure rounded to the places.

    A tie-break component without points (null) compares below every number.
    """
    assert total is not None
    key = [total]
    for component_id in tie_break:
        points = find_component(components, component_id).points
        key.append(_BOTTOM if points is None else round_to(points, places, rounding))
    return tuple(key)


def tie_break_note(
    index: int,
    level: list[int],
    keys: dict[int, tuple[Decimal, ...]],
    tie_break: tuple[str, ...],
    components: Sequence[tuple[ComponentResult, ...]],
    subjects: Sequence[SubjectFacts],
) -> str:
    """How a tie on the total between subject `index` and the others of `level` was settled (or that it stands)."""
    key = keys[index]
    others = [i for i in level if i != index]
    names = [find_component(components[index], c).name for c in tie_break]
    still = [subjects[i].id for i in others if keys[i] == key]
    shown = "、".join(f"{n} {_plain(v)}" for n, v in zip(names, key[1:], strict=True))
    text = f"总分与 {'、'.join(subjects[i].id for i in others)} 相同，依次比较 {shown}"
    if still:
        text += f"；与 {'、'.join(still)} 仍相同，并列"
    return text


_BOTTOM = Decimal("-Infinity")


def _plain(value: Decimal) -> str:
    return "无" if value == _BOTTOM else format(value, "f")


def compile_outcomes(model: m.Ruleset, ctx: CompileContext) -> CompiledOutcomes:
    """Compile ranking, vetoes and tiers; errors go to ctx.errors."""
    within = None
    if model.ranking.within is not None:
        try:
            within = ctx.field(model.ranking.within, ("ranking", "within")).name
        except RulesetError as exc:  # recorded; compilation goes on
            ctx.errors.append(exc)
    tiers = _compile_tiers(model, ctx)
    vetoes = _compile_vetoes(model, ctx)
    tie_break = []
    for index, component_id in enumerate(model.ranking.tie_break):
        if component_id not in ctx.seen_ids:
            ctx.errors.append(
                ctx.error(
                    f"unknown component or named value '{component_id}'",
                    ("ranking", "tie_break", index),
                    close_matches(component_id, ctx.seen_ids), code="RS042",
                )
            )
        tie_break.append(component_id)
    numbers = model.numbers
    return CompiledOutcomes(
        within, model.ranking.ties, tuple(vetoes), tuple(tiers), tuple(tie_break), numbers.places, numbers.rounding
    )


def _compile_tiers(model: m.Ruleset, ctx: CompileContext) -> list[CompiledTier]:
    tier_names = [t.name for t in model.tiers]
    tiers = []
    for index, tier in enumerate(model.tiers):
        path: PathKey = ("tiers", index)
        if tier_names.count(tier.name) > 1 and tier_names.index(tier.name) != index:
            ctx.errors.append(ctx.error(f"tier '{tier.name}' is declared twice", path + ("name",), code="RS036"))
        predicate = None
        if tier.when is not None:
            try:
                predicate = compile_condition(tier.when, path + ("when",), ctx)
            except RulesetError as exc:
                ctx.errors.append(exc)
        quota = tier.quota
        tiers.append(
            CompiledTier(tier.name, predicate, quota.best if quota else None, quota.worst if quota else None)
        )
    return tiers


def _compile_vetoes(model: m.Ruleset, ctx: CompileContext) -> list[CompiledVeto]:
    tier_names = [t.name for t in model.tiers]
    veto_tiers = {v.tier for v in model.vetoes}
    vetoes = []
    for index, veto in enumerate(model.vetoes):
        path: PathKey = ("vetoes", index)
        for b_index, bar in enumerate(veto.bars):
            if bar == veto.tier:
                ctx.errors.append(ctx.no_effect(f"a veto that puts a subject in '{bar}' cannot also bar it from '{bar}'", path + ("bars", b_index)))
            elif bar not in tier_names and bar not in veto_tiers:
                ctx.errors.append(
                    ctx.error(f"unknown tier '{bar}'", path + ("bars", b_index), close_matches(bar, tier_names), code="RS036")
                )
        try:
            predicate = compile_condition(veto.when, path + ("when",), ctx)
        except RulesetError as exc:
            ctx.errors.append(exc)
            continue
        vetoes.append(CompiledVeto(veto.name, predicate, veto.tier, tuple(veto.bars)))
    return vetoes
