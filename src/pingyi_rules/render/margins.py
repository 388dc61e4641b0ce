"""Margins: how far each unit's deciding total is from the nearest tier boundary above and below,
and from the units ranked just above and just below it — exact, from the ruleset's own conditions.

A tier boundary is a number the ruleset's tier and veto conditions compare the total with
(`at_least`, `above`, `below`, `at_most`, `between`, `equals`, `in`, inside `all` / `any` / `not`
and named conditions). Each splits the totals in two: `at_least: 70` and `below: 70` put 70 itself
on the upper side, `above: 70` and `at_most: 70` on the lower side. A unit on the upper side of a
boundary is `total − boundary` above it (0 on the boundary of `at_least: 70`: any loss crosses it);
on the lower side, `boundary − total` below it. The boundary down is the nearest one the unit is
above, the boundary up the nearest one it is below; none: `—`. Whether crossing a boundary changes
the unit's tiers also depends on the other parts of the condition (a rank in `top`, `bottom`).

The rank margins are the differences in deciding total to the unit ranked just above and just
below in its ranking group (0 between units a tie-break separates). The deciding total is the
published total, or the exact one with `numbers.decide: exact`. A unit without a total, or not
ranked (excluded), has no margins.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..compile.conditions import fold_condition
from ..compile.ruleset import CompiledRuleset
from ..core.numbers import CONTEXT, fixed, plain, snap
from ..model import components as m
from ..results.result import Result, SubjectResult

Boundary = tuple[Decimal, bool]  # (value, whether the value itself is on the upper side)


@dataclass(frozen=True)
class Margin:
    """One unit's margins; each is (distance, what it is measured to), or None where nothing applies."""

    value: Decimal | None  # the deciding total
    tier_up: tuple[Decimal, Decimal] | None = None  # (distance, the boundary)
    tier_down: tuple[Decimal, Decimal] | None = None
    rank_up: tuple[Decimal, str] | None = None  # (distance, the id of the unit ranked just above)
    rank_down: tuple[Decimal, str] | None = None


MARGIN_TITLES = ("距上一等次界", "距下一等次界", "距前一名", "距后一名")


def tier_boundaries(model: m.Ruleset) -> list[Boundary]:
    """Every boundary the tier and veto conditions put on the total, in increasing order, once each."""
    named = {c.name: c.when for c in model.conditions}
    found: set[Boundary] = set()

    def walk(cond: m.Condition, seen: frozenset[str]) -> None:
        def leaf(node: m.Condition, _path: object) -> None:
            if node.is_ is not None and node.is_ in named and node.is_ not in seen:
                walk(named[node.is_], seen | {node.is_})
            elif node.of is None and node.count_rows is None:
                found.update(_comparison_boundaries(node))

        fold_condition(cond, (), leaf, lambda _parts: None, lambda _parts: None, lambda _part: None)

    for tier in model.tiers:
        if tier.when is not None:
            walk(tier.when, frozenset())
    for veto in model.vetoes:
        walk(veto.when, frozenset())
    return sorted(found)


def _comparison_boundaries(cond: m.Condition) -> list[Boundary]:
    found: list[Boundary] = []
    for key, upper in (("at_least", True), ("above", False), ("below", True), ("at_most", False)):
        value = getattr(cond, key)
        if value is not None:
            found.append((value, upper))
    if cond.between is not None:
        found += [(cond.between[0], True), (cond.between[1], False)]
    points = [cond.equals] if cond.equals is not None else list(cond.in_ or [])
    for point in points:
        if isinstance(point, Decimal) and not isinstance(point, bool):
            found += [(point, True), (point, False)]
    return found


def margins(result: Result, ruleset: CompiledRuleset) -> dict[str, Margin]:
    """Each unit's margins, by id."""
    model = ruleset.model
    exact = model.numbers.decide == "exact"
    ranking = model.ranking_rules
    ranked = ranking is not None
    # the rank margins are gaps in the total: none when the ranking compares another measure or the lowest first
    on_total = ranking is not None and ranking.by is None and ranking.order == "descending"
    boundaries = tier_boundaries(model)

    def deciding(subject: SubjectResult) -> Decimal | None:
        if exact:
            return None if subject.exact_total is None else snap(subject.exact_total)
        return subject.total

    values = {s.id: deciding(s) for s in result.subjects}
    groups: dict[str | None, list[SubjectResult]] = {}
    for subject in result.subjects:
        if subject.rank is not None and values[subject.id] is not None:
            groups.setdefault(subject.group, []).append(subject)
    places = {group: _Places(members) for group, members in groups.items()}
    found: dict[str, Margin] = {}
    for subject in result.subjects:
        value = values[subject.id]
        if value is None or (ranked and subject.rank is None):
            found[subject.id] = Margin(value)
            continue
        up, down = _tier_margins(value, boundaries)
        above = below = None
        if subject.rank is not None and on_total:
            above, below = _rank_margins(subject, value, places[subject.group], values)
        found[subject.id] = Margin(value, up, down, above, below)
    return found


def _tier_margins(value: Decimal, boundaries: list[Boundary]) -> tuple[tuple[Decimal, Decimal] | None, tuple[Decimal, Decimal] | None]:
    up = down = None
    for boundary, upper in boundaries:
        if boundary < value or (boundary == value and upper):  # the unit is on its upper side
            down = (value - boundary, boundary)  # increasing order: the last one is the nearest
        elif up is None:
            up = (boundary - value, boundary)
    return up, down


class _Places:
    """One ranking group's places: each rank held, in order, with the first unit by id holding it."""

    def __init__(self, members: list[SubjectResult]) -> None:
        first: dict[int, str] = {}
        for s in members:
            if s.rank is not None and (s.rank not in first or s.id < first[s.rank]):
                first[s.rank] = s.id
        self.ranks = sorted(first)
        self.first = first

    def around(self, rank: int) -> tuple[str | None, str | None]:
        """The unit just above this rank and the one just below (units tied there: the first by id)."""
        at = bisect_left(self.ranks, rank)
        after = bisect_right(self.ranks, rank)
        above = self.first[self.ranks[at - 1]] if at > 0 else None
        below = self.first[self.ranks[after]] if after < len(self.ranks) else None
        return above, below


def _rank_margins(
    subject: SubjectResult, value: Decimal, places: _Places, values: Mapping[str, Decimal | None]
) -> tuple[tuple[Decimal, str] | None, tuple[Decimal, str] | None]:
    assert subject.rank is not None
    above_id, below_id = places.around(subject.rank)
    above = below = None
    if above_id is not None:
        other = values[above_id]
        assert other is not None
        above = (other - value, above_id)
    if below_id is not None:
        other = values[below_id]
        assert other is not None
        below = (value - other, below_id)
    return above, below


def margin_text(value: Decimal | None, places: int) -> str:
    """A margin as shown: with the ruleset's places when that is exact, else every digit it has; — for none."""
    if value is None:
        return "—"
    value = snap(value)
    if value == value.quantize(Decimal(1).scaleb(-places), context=CONTEXT):
        return fixed(value, places)
    return plain(value)


def margin_cells(margin: Margin, places: int) -> list[str]:
    """The four margins as text, in the order of MARGIN_TITLES."""
    return [margin_text(None if part is None else part[0], places)
            for part in (margin.tier_up, margin.tier_down, margin.rank_up, margin.rank_down)]


def margin_line(margin: Margin, places: int) -> str:
    """The margins in one line, each with what it is measured to: `距上一等次界 —；距下一等次界 2.60（70）；…`."""
    parts = []
    for title, part in zip(MARGIN_TITLES, (margin.tier_up, margin.tier_down, margin.rank_up, margin.rank_down), strict=True):
        if part is None:
            parts.append(f"{title} —")
        else:
            to = plain(part[1]) if isinstance(part[1], Decimal) else part[1]
            parts.append(f"{title} {margin_text(part[0], places)}（{to}）")
    return "；".join(parts)


MARGIN_HEADER = ("名次", "编码", "单位", "总分", "距上一等次界", "上一等次界", "距下一等次界", "下一等次界",
                 "距前一名", "前一名", "距后一名", "后一名")


def margin_detail(margin: Margin, places: int) -> list[str]:
    """Each margin and what it is measured to (a boundary, a unit's id), as text; — where none applies."""
    cells: list[str] = []
    for part in (margin.tier_up, margin.tier_down, margin.rank_up, margin.rank_down):
        if part is None:
            cells += ["—", "—"]
        else:
            cells += [margin_text(part[0], places), plain(part[1]) if isinstance(part[1], Decimal) else part[1]]
    return cells
