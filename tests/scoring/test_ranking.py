"""Ranks from one sort: competition and dense ranks, and the counts of better and worse
subjects, match counting them one by one."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st


def _brute_ranks(totals: list[Decimal], dense: bool) -> list[tuple[int, int, int]]:
    distinct = sorted(set(totals), reverse=True)
    out = []
    for t in totals:
        better = sum(1 for u in totals if u > t)
        worse = sum(1 for u in totals if u < t)
        out.append((distinct.index(t) + 1 if dense else better + 1, better, worse))
    return out


@settings(max_examples=80, deadline=None)
@given(points=st.lists(st.integers(0, 12), min_size=1, max_size=30), dense=st.booleans())
def test_ranks_from_one_sort_match_counting(points: list[int], dense: bool) -> None:
    from pingyi_rules.scoring.outcomes import CompiledOutcomes, CompiledTier

    totals = [Decimal(p) / 2 for p in points]
    seen: dict[str, tuple[int, int]] = {}

    def spy(standing):  # type: ignore[no-untyped-def]
        seen[standing.fields["id"]] = (standing.better, standing.worse)
        return False

    outcomes = CompiledOutcomes(None, "dense" if dense else "competition", (), (CompiledTier("t", spy, None, None),))
    facts = [_Facts({"id": f"S{i}"}) for i in range(len(totals))]
    placings = outcomes.decide(facts, [()] * len(totals), totals)  # type: ignore[arg-type]
    expected = _brute_ranks(totals, dense)
    assert [(rank, *seen[f"S{i}"]) for i, rank in enumerate(placings.ranks)] == expected


class _Facts:
    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 12), st.booleans()), min_size=1, max_size=30),
    dense=st.booleans(),
)
def test_ranking_last_ranks_the_moved_after_all_others_and_each_part_as_alone(rows: list[tuple[int, bool]], dense: bool) -> None:
    """With `ranking.last`, the subjects meeting it rank after every other; the others rank as they
    would alone, and the moved ones rank among themselves as they would alone, shifted past the others."""
    from pingyi_rules.scoring.outcomes import CompiledOutcomes

    totals = [Decimal(p) / 2 for p, _ in rows]
    moved = {f"S{i}" for i, (_, last) in enumerate(rows) if last}
    outcomes = CompiledOutcomes(None, "dense" if dense else "competition", (), (), last=lambda s: s.fields["id"] in moved)
    facts = [_Facts({"id": f"S{i}"}) for i in range(len(totals))]
    ranks = outcomes.decide(facts, [()] * len(totals), totals).ranks  # type: ignore[arg-type]
    kept = [i for i in range(len(totals)) if f"S{i}" not in moved]
    last = [i for i in range(len(totals)) if f"S{i}" in moved]
    alone_kept = _brute_ranks([totals[i] for i in kept], dense)
    alone_last = _brute_ranks([totals[i] for i in last], dense)
    assert [ranks[i] for i in kept] == [r for r, _, _ in alone_kept]
    shift = len(kept) if not dense else len({totals[i] for i in kept})
    assert [ranks[i] for i in last] == [r + shift for r, _, _ in alone_last]
