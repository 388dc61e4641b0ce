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
from ..results.result import SubjectResult
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

    def apply(self, results: Sequence[SubjectResult], facts: dict[str, SubjectFacts]) -> None:
        """Rank each group and assign tiers, in place. Subjects without a total take no part."""
        groups: dict[str | None, list[SubjectResult]] = {}
        for result in results:
            if result.total is not None:
                groups.setdefault(result.group, []).append(result)
        for members in groups.values():
            self._apply_group(members, facts)

    def _apply_group(self, members: list[SubjectResult], facts: dict[str, SubjectFacts]) -> None:
        keys, places = self._rank(members)
        levels = _levels(members) if self.tie_break else {}
        standing: dict[str, Standing] = {}
        for result in members:
            assert result.total is not None
            if self.tie_break:
                note_tie_break(result, levels[result.total], keys, self.tie_break)
            better, worse = places[result.id]
            standing[result.id] = Standing(result.total, better, worse, facts[result.id].fields)
        forced, barred = self._veto(members, standing)
        assigned: dict[str, set[str]] = {}
        for tier in self.tiers:
            chosen = set(forced.get(tier.name, set()))
            if tier.predicate is not None:
                predicate = tier.predicate
                chosen |= {
                    r.id for r in members if tier.name not in barred.get(r.id, ()) and predicate(standing[r.id])
                }
            else:
                _fill_quota(tier, members, chosen, barred, keys)
            assigned[tier.name] = chosen
        for veto in self.vetoes:
            if veto.tier not in assigned:
                assigned[veto.tier] = forced.get(veto.tier, set())
        for result in members:
            result.tiers = [name for name, ids in assigned.items() if result.id in ids]

    def _rank(self, members: list[SubjectResult]) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
        """Each member's rank set; (its ranking key, (strictly better, strictly worse)) by id."""
        # the key is the total alone (the common case: no tuple per comparison) or, with declared
        # tie-breaks, the total followed by each tie-break measure
        if self.tie_break:
            ranked: list[tuple[Any, SubjectResult]] = [
                (rank_key(r, self.tie_break, self.places, self.rounding), r) for r in members
            ]
        else:
            ranked = [(r.total, r) for r in members]
        keys = {r.id: key for key, r in ranked}
        # one sort, then one walk over runs of equal keys: a run's members have `start` strictly
        # better and `count - end` strictly worse (a search per subject cost more than the sort)
        ranked.sort(key=itemgetter(0), reverse=True)  # stable, as sorted(members, key=…) was
        ordered = [r for _, r in ranked]
        count = len(ordered)
        dense = self.ties == "dense"
        places: dict[str, tuple[int, int]] = {}  # id -> (strictly better, strictly worse)
        start = level = 0
        while start < count:
            key = ranked[start][0]
            end = start + 1
            while end < count and ranked[end][0] == key:
                end += 1
            level += 1
            for result in ordered[start:end]:
                result.rank = level if dense else start + 1
                places[result.id] = (start, count - end)
            start = end
        return keys, places

    def _veto(
        self, members: list[SubjectResult], standing: dict[str, Standing]
    ) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """(tier → the subject ids vetoes force into it, subject id → the tiers vetoes bar it from); noted."""
        forced: dict[str, set[str]] = {}
        barred: dict[str, set[str]] = {}
        for veto in self.vetoes:
            for result in members:
                if veto.predicate(standing[result.id]):
                    forced.setdefault(veto.tier, set()).add(result.id)
                    barred.setdefault(result.id, set()).update(veto.bars)
                    result.notes.append(f"{veto.name}: 列入{veto.tier}")
        return forced, barred


def _fill_quota(
    tier: CompiledTier, members: list[SubjectResult], chosen: set[str], barred: dict[str, set[str]], keys: dict[str, Any]
) -> None:
    """A quota tier: the best (or worst) N by rank added to `chosen`, skipping barred subjects; ties at the cut all in."""
    quota = tier.best if tier.best is not None else tier.worst
    assert quota is not None
    ordered = sorted(members, key=lambda r: r.rank or 0, reverse=tier.worst is not None)
    last_key: Any = None
    for result in ordered:
        if result.id in chosen or tier.name in barred.get(result.id, ()):
            continue
        # ties at the cut-off (after the declared tie-breaks) are all included
        if len(chosen) >= quota and keys[result.id] != last_key:
            break
        chosen.add(result.id)
        last_key = keys[result.id]


def rank_key(
    result: SubjectResult, tie_break: tuple[str, ...], places: int, rounding: str
) -> tuple[Decimal, ...]:
    """What ranks a subject: its total, then each declared tie-break measure rounded to the places.

    A tie-break component without points (null) compares below every number.
    """
    assert result.total is not None
    key = [result.total]
    for component_id in tie_break:
        points = result.component(component_id).points
        key.append(_BOTTOM if points is None else round_to(points, places, rounding))
    return tuple(key)


def note_tie_break(
    result: SubjectResult, members: list[SubjectResult], keys: dict[str, tuple[Decimal, ...]], tie_break: tuple[str, ...]
) -> None:
    """Say in the subject's notes how a tie on the total was settled (or that it stands)."""
    key = keys[result.id]
    level = [r for r in members if r is not result and r.total == result.total]
    if not level:
        return
    names = [result.component(c).name for c in tie_break]
    still = [r.id for r in level if keys[r.id] == key]
    shown = "、".join(f"{n} {_plain(v)}" for n, v in zip(names, key[1:], strict=True))
    others = "、".join(r.id for r in level)
    text = f"总分与 {others} 相同，依次比较 {shown}"
    if still:
        text += f"；与 {'、'.join(still)} 仍相同，并列"
    result.notes.append(text)


def _levels(members: list[SubjectResult]) -> dict[Any, list[SubjectResult]]:
    """The members by total, in member order (who ties on the total with whom)."""
    levels: dict[Any, list[SubjectResult]] = {}
    for result in members:
        levels.setdefault(result.total, []).append(result)
    return levels


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
                    f"unknown component '{component_id}'",
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
