"""Each subject's result, built once from its component results and what the population rules decided."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..core.numbers import ZERO
from ..results.decisions import Consequences, Placings, Staged
from ..results.packed import EMPTY_DICT, EMPTY_LIST, FrozenDict, FrozenList, PackedSubjectResult, frozen_list
from ..results.result import ComponentResult, SubjectResult
from ..results.runtime import SubjectFacts


def exact_total(components: tuple[ComponentResult, ...]) -> Decimal | None:
    """The sum of the components' points; None if any is None."""
    total: Decimal = ZERO
    for component in components:
        points = component.points
        if points is None:
            return None
        total += points
    return total


def subject_results(
    subjects: Sequence[SubjectFacts],
    components: Sequence[tuple[ComponentResult, ...]],
    exact: Sequence[Decimal | None],
    totals: Sequence[Decimal | None],
    placings: Placings,
    staged: Staged | None,
    consequences: Consequences | None,
    named: Sequence[tuple[ComponentResult, ...]] | None = None,
) -> list[SubjectResult]:
    """Every subject's result, by position: the parts and decisions of subject i make result i.

    The notes are the stage notes, then the ranking notes (tie-break, vetoes), then the consequences note.
    """
    notes = _notes(len(subjects), staged, placings, consequences)
    records = staged.stages if staged is not None else None
    values = consequences.values if consequences is not None else None
    groups, ranks, tiers = placings.groups, placings.ranks, placings.tiers
    return [
        SubjectResult(
            subject.id,
            subject.name,
            subject.category,
            groups[i],
            exact[i],
            totals[i],
            components[i],
            ranks[i],
            tiers[i] or [],
            {} if values is None else values[i],
            notes.get(i) or [],
            [] if records is None else records[i],
            () if named is None else named[i],
            {name: ranks[i] for name, ranks in placings.named.items()},
        )
        for i, subject in enumerate(subjects)
    ]


def packed_results(
    subjects: Sequence[SubjectFacts],
    packed: Sequence[tuple[Any, ...]],
    totals: Sequence[Decimal | None],
    placings: Placings,
    consequences: Consequences | None,
) -> list[SubjectResult]:
    """`subject_results` for subjects whose results are packed (results.packed): the same fields,
    the lists and dicts read-only, empty ones and alike tiers one object for all."""
    notes = _notes(len(subjects), None, placings, consequences)
    values = consequences.values if consequences is not None else None
    groups, ranks, tiers, named = placings.groups, placings.ranks, placings.tiers, placings.named
    alike: dict[tuple[str, ...], FrozenList] = {}
    make = PackedSubjectResult.make
    return [
        make(
            subject.id,
            subject.name,
            subject.category,
            groups[i],
            totals[i],
            packed[i],
            ranks[i],
            frozen_list(tiers[i], alike),
            EMPTY_DICT if values is None or not values[i] else FrozenDict(values[i]),
            FrozenList(notes[i]) if i in notes else EMPTY_LIST,
            FrozenDict({name: ranks[i] for name, ranks in named.items()}) if named else EMPTY_DICT,
        )
        for i, subject in enumerate(subjects)
    ]


def _notes(
    count: int, staged: Staged | None, placings: Placings, consequences: Consequences | None
) -> dict[int, list[str]]:
    """Each subject's notes (only the subjects that have any), in order: stages, ranking, consequences."""
    notes: dict[int, list[str]] = {}
    for part in (staged.notes if staged is not None else {}, placings.notes):
        for i, more in part.items():
            notes.setdefault(i, []).extend(more)
    if consequences is not None:
        for i in range(count):
            notes.setdefault(i, []).append(consequences.notes[i])
    return notes
