"""The population stage: ranking inside groups, vetoes, and tiers by condition or by quota.

In each ranking group: the members are ranked on the ranking's measures (the deciding total, or
the value `ranking.by` names, in `ranking.order`, then the tie-breaks; published or exact, as
`numbers.decide` says, see `measures`); vetoes are decided on that ranking; subjects meeting `ranking.last` are
moved after every other member (ranked again); then the tiers are decided in declaration order,
each seeing the tiers decided before it and those vetoes force.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..compile.context import CompileContext
from ..core.errors import RulesetError, close_matches
from ..core.messages import Message, say
from ..core.numbers import ZERO, round_to, snap
from ..core.text import nfkc
from ..model import components as m
from ..results.decisions import Placings
from ..results.result import ComponentResult
from ..results.runtime import SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey
from .conditions import Place, Predicate, Standing, check_named_conditions, compile_condition, record
from .gates import CompiledGate, compile_gates, decide_gates
from .measures import (
    TOTAL,
    CompiledRanking,
    Measure,
    Ranked,
    compile_measures,
    compile_rankings,
    number,
    rank_key,
    ranking_named,
    tie_break_note,
)


@dataclass(frozen=True)
class CompiledTier:
    name: str
    predicate: Predicate | None
    best: int | None  # a fixed quota from the best end
    worst: int | None  # a fixed quota from the worst end
    share: m.QuotaShare | None = None  # a proportional quota (from the worst end when `from_worst`)
    from_worst: bool = False
    within: str | None = None  # the field whose values the quota is counted in, inside the ranking group
    ranking: str | None = None  # the named ranking the quota is taken on (None: the ranking)
    among: Predicate | None = None  # the eligible pool the quota is counted and filled in (None: every member)
    short: str = "fill"  # fewer candidates than places: fill (all of them), none (no one by the quota), error (EV022)

    def quota(self, members: int, pool: int) -> int:
        """The number of places for a group of `members` of whom `pool` are eligible."""
        if self.share is not None:
            return self.share.count(pool if self.share.share_of == "pool" else members)
        quota = self.best if self.best is not None else self.worst
        assert quota is not None
        return quota


@dataclass(frozen=True)
class CompiledVeto:
    name: str
    predicate: Predicate
    tier: str | None  # None: the veto only bars
    bars: tuple[str, ...]


@dataclass(frozen=True)
class CompiledOutcomes:
    """Ranking and tier rules, ready to apply to a scored population."""

    within: str | None
    ties: str
    vetoes: tuple[CompiledVeto, ...]
    tiers: tuple[CompiledTier, ...]
    measures: tuple[Measure, ...] = (TOTAL,)  # what ranks: the measure (`by`, `order`), then each tie-break
    places: int = 2
    rounding: str = "half_up"
    ranked: bool = True  # False: `ranking: false`, no ranks at all
    last: Predicate | None = None  # ranking.last: those meeting it ranked after every other subject
    exact: bool = False  # numbers.decide: exact (else the published rounded values decide)
    exclusions: tuple[tuple[Predicate, str], ...] = ()  # (condition, reason): scored but unranked and untiered
    checks: tuple[tuple[Predicate, str], ...] = ()  # (condition, name): every subject must meet it
    gates: tuple[CompiledGate, ...] = ()  # on the population or each group: where one does not hold, no rank or tier
    rankings: tuple[CompiledRanking, ...] = ()  # the named rankings (`rankings:`)

    def group_of(self, subject: SubjectFacts) -> str | None:
        if self.within is None:
            return None
        value = subject.get(self.within)
        return None if value is None else str(value)

    def published(self, value: Decimal) -> Decimal:
        """A value as published (rounded to the places as declared)."""
        return round_to(value, self.places, self.rounding)

    def decide(
        self,
        subjects: Sequence[SubjectFacts],
        components: Sequence[Sequence[ComponentResult]],
        totals: Sequence[Decimal | None],
        exact: Sequence[Decimal | None] | None = None,
    ) -> Placings:
        """Rank each group and assign tiers; the decisions by subject position (the inputs are not changed).

        `components[i]`, `totals[i]` and `exact[i]` are subject i's component results, rounded total
        and exact total (omitted: the rounded ones); subjects without a total take no part.
        """
        count = len(subjects)
        groups: list[str | None] = [self.group_of(s) for s in subjects] if self.within is not None else [None] * count
        placings = Placings(groups, [None] * count, [None] * count, {})
        deciding = list(totals)
        if self.exact and exact is not None:
            deciding = [None if e is None else snap(e) for e in exact]
        if self.checks:
            self._check(subjects, components, deciding)
        stopped: dict[int, list[str]] = {}
        if self.gates:
            stopped = self._gate(subjects, components, deciding, placings)
        members: dict[str | None, list[int]] = {}
        for index, total in enumerate(deciding):
            if total is not None and index not in stopped and not self._excluded(index, total, subjects, components, placings):
                members.setdefault(groups[index], []).append(index)
        named: dict[str, Ranked] = {}
        if self.rankings:
            everyone = [i for group in members.values() for i in group]
            published = None if self.exact else self.published
            for ranking in self.rankings:
                named[ranking.name] = ranking.decide(everyone, subjects, components, deciding, published)
                placings.named[ranking.name] = named[ranking.name].ranks
        for group in members.values():
            _Group(self, group, subjects, components, deciding, placings, named).decide()
        return placings


    def _check(
        self,
        subjects: Sequence[SubjectFacts],
        components: Sequence[Sequence[ComponentResult]],
        deciding: Sequence[Decimal | None],
    ) -> None:
        """Every declared check holds for every subject; EV015 at the first subject it fails for."""
        for index, subject in enumerate(subjects):
            total = deciding[index]
            standing = Standing(ZERO if total is None else total, 0, 0, subject, components[index], (),
                                None if self.exact else self.published)
            for predicate, name in self.checks:
                if not predicate(standing):
                    raise evaluation_error(subject, "checks", say("EV015", check=name))

    def _gate(
        self,
        subjects: Sequence[SubjectFacts],
        components: Sequence[Sequence[ComponentResult]],
        deciding: Sequence[Decimal | None],
        placings: Placings,
    ) -> dict[int, list[str]]:
        """The gates decided on the subjects with a total: each decision recorded, and the notes of the
        subjects of the groups a gate does not hold for (they take no rank and no tier) written and returned."""
        published = None if self.exact else self.published
        standings = {
            index: Standing(total, 0, 0, subjects[index], components[index], (), published)
            for index, total in enumerate(deciding) if total is not None
        }
        records, stopped = decide_gates(self.gates, standings)
        placings.gates.extend(records)
        for index, notes in stopped.items():
            placings.notes.setdefault(index, []).extend(notes)
        return stopped

    def _excluded(
        self,
        index: int,
        total: Decimal,
        subjects: Sequence[SubjectFacts],
        components: Sequence[Sequence[ComponentResult]],
        placings: Placings,
    ) -> bool:
        """Whether subject `index` is excluded from ranking and tiers (the first exclusion that holds says why, in its notes)."""
        if not self.exclusions:
            return False
        standing = Standing(total, 0, 0, subjects[index], components[index], (), None if self.exact else self.published)
        for predicate, reason in self.exclusions:
            if predicate(standing):
                placings.notes.setdefault(index, []).append(f"不参与排名和等次：{reason}")
                return True
        return False


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
        components: Sequence[Sequence[ComponentResult]],
        totals: Sequence[Decimal | None],
        placings: Placings,
        named: dict[str, Ranked],
    ) -> None:
        self.rules = rules
        self.named = named  # the named rankings, decided over the whole population
        self.members = members
        self.subjects = subjects
        self.components = components
        self.totals = totals  # the deciding totals
        self.placings = placings

    def decide(self) -> None:
        rules, placings = self.rules, self.placings
        keys: dict[int, Any] = {}
        places: dict[int, tuple[int, int]] = dict.fromkeys(self.members, (0, 0))
        if rules.ranked:
            keys, places = self._rank(set())
            if len(rules.measures) > 1:
                self._note_tie_breaks(keys)
        held: dict[str, set[int]] = {}  # tier -> the members that hold it so far (each member sees it via _Held)
        published = None if rules.exact else rules.published
        standing: dict[int, Standing] = {}
        for index in self.members:
            better, worse = places[index]
            total = self.totals[index]
            assert total is not None
            ranked = {name: r.places[index] for name, r in self.named.items()} if self.named else None
            standing[index] = Standing(
                total, better, worse, self.subjects[index], self.components[index], _Held(index, held), published, ranked=ranked
            )
        del places  # the standings hold them: a million members' pairs are not kept twice while the tiers are decided
        forced, barred = self._veto(standing)
        for name, chosen in forced.items():
            held.setdefault(name, set()).update(chosen)
        if rules.last is not None:
            keys = self._move_last(standing, keys)
        assigned: dict[str, set[int]] = {}
        for tier in rules.tiers:
            chosen = set(forced.get(tier.name, set()))
            if tier.predicate is not None:
                predicate = tier.predicate
                chosen |= {
                    i for i in self.members if tier.name not in barred.get(i, ()) and predicate(standing[i])
                }
            elif tier.ranking is not None:
                other = self.named[tier.ranking]
                for part in self._quota_groups(tier, other.groups):
                    self._quota(tier, part, standing, other.ranks, chosen, barred, other.keys)
            else:
                for part in self._quota_groups(tier):
                    self._quota(tier, part, standing, placings.ranks, chosen, barred, keys)
            assigned[tier.name] = chosen
            held.setdefault(tier.name, set()).update(chosen)
        for veto in rules.vetoes:
            if veto.tier is not None and veto.tier not in assigned:
                assigned[veto.tier] = forced.get(veto.tier, set())
        tiers = placings.tiers
        for index in self.members:
            tiers[index] = [name for name, chosen in assigned.items() if index in chosen] or None  # None: no tier

    def _quota(
        self,
        tier: CompiledTier,
        part: list[int],
        standing: dict[int, Standing],
        ranks: list[int | None],
        chosen: set[int],
        barred: dict[int, set[str]],
        keys: dict[int, Any],
    ) -> None:
        """A quota tier in one of its counting groups: filled among the members meeting `among`; where
        fewer of them can take it than there are places, as `short` says."""
        among = tier.among
        pool = part if among is None else [i for i in part if among(standing[i])]
        short = _fill_quota(tier, part, pool, ranks, chosen, barred, keys)
        if short is None:
            return
        quota, candidates = short
        if tier.short == "error":
            first = self.subjects[(candidates or pool or part)[0]]
            counted = say("EV022.subjects" if len(part) != 1 else "EV022.subject", n=len(part))
            said = say(
                "EV022.short_among" if among is not None else "EV022.short",
                quota=quota, candidates=len(candidates), counted=counted, group=self._label(tier, part),
            )
            raise evaluation_error(first, f"tiers: {tier.name}", said, code="EV022")
        for index in candidates:  # short: none — no one takes the tier by the quota here
            self.placings.notes.setdefault(index, []).append(
                f"{tier.name}：候选对象 {len(candidates)} 个，少于名额 {quota} 个，本组不按名额列入"
            )

    def _label(self, tier: CompiledTier, part: list[int]) -> Message:
        """The counting group of `part` in words: its ranking group and its quota group, or everyone."""
        subject = self.subjects[part[0]]
        named = [f"{field} {subject.get(field)}" for field in (self.rules.within, tier.within) if field is not None]
        return say("EV022.group", fields=named) if named else say("EV022.population")

    def _quota_groups(self, tier: CompiledTier, ranked: dict[int, Any] | None = None) -> list[list[int]]:
        """The members split by the quota's `within` field and, for a quota on a named ranking, by
        that ranking's groups (`ranked`: member → its group there); one part: the whole group."""
        if tier.within is None and ranked is None:
            return [self.members]
        parts: dict[Any, list[int]] = {}
        for index in self.members:
            part = (None if ranked is None else ranked[index],
                    None if tier.within is None else self.subjects[index].get(tier.within))
            parts.setdefault(part, []).append(index)
        return list(parts.values())

    def _move_last(self, standing: dict[int, Standing], keys: dict[int, Any]) -> dict[int, Any]:
        """Members meeting `ranking.last` ranked after every other member (among themselves as before);
        their standings updated to the new places, a note said; the new ranking keys returned."""
        assert self.rules.last is not None
        last = self.rules.last
        moved = {i for i in self.members if last(standing[i])}
        if not moved or not self.rules.ranked:
            return keys
        keys, places = self._rank(moved)
        for index in self.members:
            better, worse = places[index]
            standing[index] = standing[index]._replace(better=better, worse=worse)
            if index in moved:
                self.placings.notes.setdefault(index, []).append("排名置后：满足 ranking.last 的条件，排在其他对象之后")
        return keys

    def _rank(self, moved: set[int]) -> tuple[dict[int, Any], dict[int, tuple[int, int]]]:
        """Each member's rank written; (its ranking key, (strictly better, strictly worse)) by position.

        The members in `moved` (ranking.last) come after every other member."""
        rules, totals = self.rules, self.totals
        # the key is the total alone (the common case: no tuple per comparison) or the tuple of the
        # ranking's measures, each signed by its direction; a moved member's key is led by False,
        # every other's by True
        ranked: list[tuple[Any, int]]
        if rules.measures != (TOTAL,):
            published = None if rules.exact else rules.published
            ranked = [(rank_key(totals[i], self.components[i], rules.measures, published, self.subjects[i]), i) for i in self.members]
        else:
            ranked = [(totals[i], i) for i in self.members]
        if moved:
            ranked = [((i not in moved, key), i) for key, i in ranked]
        keys = {i: key for key, i in ranked}
        return keys, number(ranked, rules.ties == "dense", self.placings.ranks)

    def _veto(self, standing: dict[int, Standing]) -> tuple[dict[str, set[int]], dict[int, set[str]]]:
        """(tier → the members vetoes force into it, member → the tiers vetoes bar it from); noted."""
        forced: dict[str, set[int]] = {}
        barred: dict[int, set[str]] = {}
        notes = self.placings.notes
        for veto in self.rules.vetoes:
            for index in self.members:
                if veto.predicate(standing[index]):
                    barred.setdefault(index, set()).update(veto.bars)
                    if veto.tier is not None:
                        forced.setdefault(veto.tier, set()).add(index)
                        notes.setdefault(index, []).append(f"{veto.name}: 列入{veto.tier}")
                    else:
                        notes.setdefault(index, []).append(f"{veto.name}: 不得列入{'、'.join(veto.bars)}")
        return forced, barred

    def _note_tie_breaks(self, keys: dict[int, tuple[Decimal, ...]]) -> None:
        """Say in each member's notes how a tie on the ranking's measure was settled (or that it stands)."""
        levels: dict[Any, list[int]] = {}  # who ties on the measure with whom, in member order
        for index in self.members:
            levels.setdefault(keys[index][0], []).append(index)
        for index in self.members:
            level = levels[keys[index][0]]
            if len(level) > 1:
                note = tie_break_note(index, level, keys, self.rules.measures, self.components, self.subjects)
                self.placings.notes.setdefault(index, []).append(note)


class _Held(Collection[str]):
    """The tiers one member holds so far, read from the group's tier → members sets (one small
    object per member instead of a set each)."""

    __slots__ = ("_by_tier", "_index")

    def __init__(self, index: int, by_tier: dict[str, set[int]]) -> None:
        self._index = index
        self._by_tier = by_tier

    def __contains__(self, name: object) -> bool:
        members = self._by_tier.get(name) if isinstance(name, str) else None
        return members is not None and self._index in members

    def __iter__(self) -> Iterator[str]:
        return (name for name, members in self._by_tier.items() if self._index in members)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _fill_quota(
    tier: CompiledTier,
    members: list[int],
    pool: list[int],
    ranks: list[int | None],
    chosen: set[int],
    barred: dict[int, set[str]],
    keys: dict[int, Any],
) -> tuple[int, list[int]] | None:
    """A quota tier in a counting group of `members`, filled among `pool` (those meeting `among`): the
    best (or worst) N by rank added to `chosen`, counting the pool's members already in it (forced by
    a veto), skipping barred members; ties at the cut all in. When fewer of the pool can take it than
    there are places and `short` is not fill, nothing is added: (the places, the candidates) returned."""
    quota = tier.quota(len(members), len(pool))
    candidates = [i for i in pool if i in chosen or tier.name not in barred.get(i, ())]
    if len(candidates) < quota and tier.short != "fill":
        return quota, candidates
    worst = tier.worst is not None or tier.from_worst
    ordered = sorted(pool, key=lambda i: ranks[i] or 0, reverse=worst)
    taken = {i for i in pool if i in chosen}
    last_key: Any = None
    for index in ordered:
        if index in taken or tier.name in barred.get(index, ()):
            continue
        # ties at the cut-off (after the declared tie-breaks) are all included
        if len(taken) >= quota and keys[index] != last_key:
            break
        taken.add(index)
        last_key = keys[index]
    chosen |= taken
    return None


_NOT_RANKED = say("phrase.why_not_ranked")


def compile_outcomes(model: m.Ruleset, ctx: CompileContext) -> CompiledOutcomes:
    """Compile ranking, vetoes and tiers; errors go to ctx.errors."""
    ranking = model.ranking_rules
    within = None
    if ranking is not None and ranking.within is not None:
        try:
            within = ctx.field(ranking.within, ("ranking", "within")).name
        except RulesetError as exc:  # recorded; compilation goes on
            ctx.errors.append(exc)
    check_named_conditions(model, ctx)
    vetoes = _compile_vetoes(model, ctx)
    tiers = _compile_tiers(model, ctx)
    measures = compile_measures(ranking, ctx)
    last = None
    if ranking is not None and ranking.last is not None:
        place = Place(
            say("phrase.place_ranking_last"), ranked=say("phrase.why_last_decides_ranking"), tiers=_veto_tiers(model),
        )
        try:
            last = compile_condition(ranking.last, ("ranking", "last"), ctx, place)
        except RulesetError as exc:
            record(ctx, exc)
    if ranking is None and model.consequences is not None and model.consequences.rank is None:
        ctx.errors.append(ctx.error(
            say("RS075.consequences_go_rank", not_ranked=_NOT_RANKED),
            ("consequences",),
        ))
    numbers = model.numbers
    return CompiledOutcomes(
        within, ranking.ties if ranking is not None else "competition", tuple(vetoes), tuple(tiers), measures,
        numbers.places, numbers.rounding, ranking is not None, last, numbers.decide == "exact", _compile_exclusions(model, ctx),
        _compile_checks(model, ctx), compile_gates(model, ctx), compile_rankings(model, ctx),
    )


def _compile_checks(model: m.Ruleset, ctx: CompileContext) -> tuple[tuple[Predicate, str], ...]:
    place = Place(
        say("phrase.place_checks"), ranked=say("phrase.why_checks_before_ranking"),
        no_tier=say("phrase.why_checks_before_tier"), total=say("RS070.total_in_check"),
    )
    entries = [(index, c.when, c.name) for index, c in enumerate(model.checks) if isinstance(c, m.Check)]
    compiled = []
    for index, when, name in entries:  # the group checks (`within`) are scoring.group_checks'
        try:
            compiled.append((compile_condition(when, ("checks", index, "when"), ctx, place), name))
        except RulesetError as exc:
            record(ctx, exc)
    return tuple(compiled)


def _compile_exclusions(model: m.Ruleset, ctx: CompileContext) -> tuple[tuple[Predicate, str], ...]:
    place = Place(
        say("phrase.place_exclude"), ranked=say("phrase.why_exclude_before_ranking"),
        no_tier=say("phrase.why_exclude_before_tier"),
    )
    return _compile_listed("exclude", [(e.when, e.reason) for e in model.exclude], place, ctx)


def _compile_listed(
    key: str, entries: list[tuple[m.Condition, str]], place: Place, ctx: CompileContext
) -> tuple[tuple[Predicate, str], ...]:
    """Each entry's condition (at `key[i].when`) compiled for `place`, with its text; errors recorded."""
    compiled = []
    for index, (when, text) in enumerate(entries):
        try:
            compiled.append((compile_condition(when, (key, index, "when"), ctx, place), text))
        except RulesetError as exc:
            record(ctx, exc)
    return tuple(compiled)


def _veto_tiers(model: m.Ruleset) -> frozenset[str]:
    return frozenset(v.forces for v in model.vetoes if v.forces is not None)


def _compile_tiers(model: m.Ruleset, ctx: CompileContext) -> list[CompiledTier]:
    tier_names = [t.name for t in model.tiers]
    ranked = None if model.ranking_rules is not None else _NOT_RANKED
    tiers = []
    for index, tier in enumerate(model.tiers):
        path: PathKey = ("tiers", index)
        if tier_names.count(tier.name) > 1 and tier_names.index(tier.name) != index:
            ctx.errors.append(ctx.error(say("RS036.tier_declared_twice", name=tier.name), path + ("name",)))
        predicate = None
        if tier.when is not None:
            place = Place(say("phrase.place_tier", name=tier.name), ranked=ranked, tiers=frozenset(tier_names[:index]) | _veto_tiers(model))
            try:
                predicate = compile_condition(tier.when, path + ("when",), ctx, place)
            except RulesetError as exc:
                record(ctx, exc)
        quota = tier.quota
        if quota is None:
            tiers.append(CompiledTier(tier.name, predicate, None, None))
            continue
        if ranked is not None:
            ctx.errors.append(ctx.error(say("RS075.quota_taken_rank", not_ranked=_NOT_RANKED), path + ("quota",)))
        among = None
        if quota.among is not None:
            place = Place(say("phrase.place_tier", name=tier.name), ranked=ranked, tiers=frozenset(tier_names[:index]) | _veto_tiers(model))
            try:
                among = compile_condition(quota.among, path + ("quota", "among"), ctx, place)
            except RulesetError as exc:
                record(ctx, exc)
        tiers.append(_compile_quota(tier.name, quota, among, path + ("quota",), ctx))
    return tiers


def _compile_quota(name: str, quota: m.Quota, among: Predicate | None, path: PathKey, ctx: CompileContext) -> CompiledTier:
    """A quota tier: a fixed count or a share, from the best or worst end, counted within a field's groups,
    filled among the subjects meeting `among`."""
    within = None
    if quota.within is not None:
        try:
            within = ctx.field(quota.within, path + ("within",)).name
        except RulesetError as exc:
            ctx.errors.append(exc)
        ranking = ctx.model.ranking_rules
        if within is not None and ranking is not None and ranking.within is not None and nfkc(ranking.within) == within:
            ctx.errors.append(ctx.no_effect(
                say("RS053.ranking_already_grouped", within=quota.within), path + ("within",)
            ))
    named = None
    if quota.in_ranking is not None:
        try:
            named = ranking_named(quota.in_ranking, path + ("in_ranking",), ctx)
        except RulesetError as exc:
            ctx.errors.append(exc)
    count = quota.best if quota.best is not None else quota.worst
    if isinstance(count, m.QuotaShare):
        if count.share_of == "pool" and quota.among is None:
            end = "best" if quota.best is not None else "worst"
            ctx.errors.append(ctx.no_effect(say("RS053.share_of_pool_among"), path + (end, "share_of")))
        return CompiledTier(name, None, None, None, count, quota.worst is not None, within, named, among, quota.short)
    return CompiledTier(name, None, quota.best if isinstance(quota.best, int) else None,
                        quota.worst if isinstance(quota.worst, int) else None, None, False, within, named, among, quota.short)


def _compile_vetoes(model: m.Ruleset, ctx: CompileContext) -> list[CompiledVeto]:
    tier_names = [t.name for t in model.tiers]
    veto_tiers = _veto_tiers(model)
    place = Place(
        say("phrase.place_veto"), ranked=None if model.ranking_rules is not None else _NOT_RANKED,
        no_tier=say("phrase.why_veto_before_tier"),
    )
    vetoes = []
    for index, veto in enumerate(model.vetoes):
        path: PathKey = ("vetoes", index)
        for b_index, bar in enumerate(veto.bars):
            if bar == veto.forces:
                ctx.errors.append(ctx.no_effect(say("RS053.veto_puts_subject", bar=bar), path + ("bars", b_index)))
            elif bar not in tier_names and bar not in veto_tiers:
                ctx.errors.append(
                    ctx.error(say("RS036.unknown_tier", name=bar), path + ("bars", b_index), close_matches(bar, tier_names))
                )
        try:
            predicate = compile_condition(veto.when, path + ("when",), ctx, place)
        except RulesetError as exc:
            record(ctx, exc)
            continue
        vetoes.append(CompiledVeto(veto.name, predicate, veto.forces, tuple(veto.bars)))
    return vetoes
