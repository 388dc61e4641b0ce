"""Results are built once and never changed: `Result` and `SubjectResult` are frozen, and ranking,
stages and consequences return what they decide without touching the subjects or results they read."""

from __future__ import annotations

import dataclasses
import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import pytest

from pingyi_rules import load_ruleset, score
from pingyi_rules.compile.ruleset import CompiledRuleset
from pingyi_rules.core.numbers import CONTEXT
from pingyi_rules.facts.reading import read_facts
from pingyi_rules.render.output import to_json
from pingyi_rules.results.packed import FrozenDict, FrozenList
from pingyi_rules.results.result import ComponentResult, Result
from pingyi_rules.results.runtime import SubjectFacts
from pingyi_rules.scoring.evaluate import join_subjects

from ..helpers import EXAMPLES, RULESETS

# shipped rulesets whose examples need no population pass (no ballots, no nested ruleset), so that
# joining the tables gives subjects ready to score: tie-breaks in groups, sub-groups, vetoes, stages
PAIRS = [
    ("city-gongshu-minping-2012.yaml", "seed-001"),
    ("district-neishe-ceping-2012.yaml", "seed-004"),
    ("service-center-windows.yaml", "seed-003"),
    ("wenzhou-2023.yaml", "wenzhou-2023"),
]


def _scored(ruleset_name: str, folder: str) -> tuple[CompiledRuleset, Result]:
    ruleset = load_ruleset(RULESETS / ruleset_name)
    return ruleset, score(ruleset, EXAMPLES / folder)


def _subjects(ruleset: CompiledRuleset, folder: str) -> list[SubjectFacts]:
    return join_subjects(ruleset, read_facts(ruleset.tables, EXAMPLES / folder))


def _copy(value: Any) -> Any:
    """A copy of a subject's field deep enough to see any change to it (dicts and lists of rows)."""
    if isinstance(value, Mapping):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _snapshot(subjects: Sequence[SubjectFacts]) -> list[dict[str, Any]]:
    return [{name: _copy(getattr(s, name)) for name in _FACTS} for s in subjects]


_FACTS = ("id", "name", "category", "fields", "cells", "cases", "location", "derived")  # what a SubjectFacts holds


def _component_snapshot(components: Sequence[tuple[ComponentResult, ...]]) -> list[list[tuple[int, Any]]]:
    """Which component result objects each subject has, and their points."""
    return [[(id(c), c.points) for top in tops for c in top.walk()] for tops in components]


def test_a_result_and_its_subjects_cannot_be_changed() -> None:
    _, result = _scored("wenzhou-2023.yaml", "wenzhou-2023")
    subject = next(s for s in result.subjects if s.stages and s.rank is not None)
    for name, value in [("total", Decimal(0)), ("rank", 1), ("tiers", ["x"]), ("notes", []), ("values", {}),
                        ("stages", []), ("components", ()), ("group", "g")]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(subject, name, value)
    with pytest.raises((dataclasses.FrozenInstanceError, TypeError, AttributeError)):  # no new attribute either
        subject.extra = 1  # type: ignore[attr-defined]
    for name, value in [("subjects", []), ("warnings", []), ("places", 0)]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(result, name, value)
    with pytest.raises(dataclasses.FrozenInstanceError):
        subject.stages[0].selected = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        subject.components[0].trace.points = None  # type: ignore[misc]
    # a changed copy is made with dataclasses.replace, and the original stays as it was
    total = subject.total
    changed = dataclasses.replace(subject, total=Decimal("1.00"), notes=["n"])
    assert changed.total == Decimal("1.00") and changed.notes == ["n"] and changed.id == subject.id
    assert subject.total == total and subject.notes != ["n"]
    assert dataclasses.replace(result, subjects=[changed]).subjects == [changed]
    assert result.subject(subject.id) is subject


@pytest.mark.parametrize(("ruleset_name", "folder"), PAIRS)
def test_ranking_decides_without_touching_what_it_reads(ruleset_name: str, folder: str) -> None:
    ruleset, result = _scored(ruleset_name, folder)
    with decimal.localcontext(CONTEXT):
        subjects = _subjects(ruleset, folder)
        if ruleset.stages is not None:
            components = ruleset.stages.score(ruleset, subjects).components
        else:
            components = [ruleset.evaluate_subject(s) for s in subjects]
        totals = tuple(result.subject(s.id).total for s in subjects)
        before = _snapshot(subjects), _component_snapshot(components)
        placings = ruleset.outcomes.decide(subjects, components, totals)
        assert (_snapshot(subjects), _component_snapshot(components)) == before
    assert any(rank is not None for rank in placings.ranks)
    assert placings.ranks == [result.subject(s.id).rank for s in subjects]
    assert [t or [] for t in placings.tiers] == [result.subject(s.id).tiers for s in subjects]
    assert placings.groups == [result.subject(s.id).group for s in subjects]
    for position, notes in placings.notes.items():  # the ranking notes are part of the subject's notes
        subject_notes = result.subject(subjects[position].id).notes
        assert all(note in subject_notes for note in notes)
    with pytest.raises(dataclasses.FrozenInstanceError):
        placings.ranks = []  # type: ignore[misc]


def test_ranking_notes_are_decided_for_ties_and_vetoes() -> None:
    """The shipped examples with tie-breaks and vetoes do give ranking notes (the test above reads them)."""
    for ruleset_name, folder in (PAIRS[0], PAIRS[2]):
        ruleset, result = _scored(ruleset_name, folder)
        with decimal.localcontext(CONTEXT):
            subjects = _subjects(ruleset, folder)
            components = [ruleset.evaluate_subject(s) for s in subjects]
            totals = [result.subject(s.id).total for s in subjects]
            assert ruleset.outcomes.decide(subjects, components, totals).notes


def test_stages_decide_without_touching_the_subjects() -> None:
    ruleset, result = _scored("wenzhou-2023.yaml", "wenzhou-2023")
    assert ruleset.stages is not None
    with decimal.localcontext(CONTEXT):
        subjects = _subjects(ruleset, "wenzhou-2023")
        before = _snapshot(subjects)
        staged = ruleset.stages.score(ruleset, subjects)
        assert _snapshot(subjects) == before
    assert staged.stages is not None
    assert staged.stages == [result.subject(s.id).stages for s in subjects]
    assert [[c.points for c in tops] for tops in staged.components] == [
        [c.points for c in result.subject(s.id).components] for s in subjects
    ]
    left_out = {subjects[position].id for position in staged.notes}
    assert left_out and left_out == {s.id for s in result.subjects if s.stages and not s.stages[-1].selected}
    with pytest.raises(dataclasses.FrozenInstanceError):
        staged.notes = {}  # type: ignore[misc]


def test_consequences_decide_without_touching_the_subjects() -> None:
    ruleset, result = _scored("county-qianren-2022.yaml", "seed-000")
    assert ruleset.consequences is not None
    subjects = _subjects(ruleset, "seed-000")  # the consequences read the facts' fields and the ranks
    ranks = [result.subject(s.id).rank for s in subjects]
    before = _snapshot(subjects), list(ranks)
    decided = ruleset.consequences.decide(subjects, ranks)
    assert (_snapshot(subjects), ranks) == before
    assert decided.values == [result.subject(s.id).values for s in subjects]
    assert [result.subject(s.id).notes[-1] for s in subjects] == decided.notes
    assert any(values for values in decided.values)


def test_the_driver_builds_each_result_from_the_decisions() -> None:
    """Scoring twice gives the same results made of distinct objects: nothing is shared between runs."""
    ruleset, first = _scored("service-center-windows.yaml", "seed-003")
    second = score(ruleset, EXAMPLES / "seed-003")
    assert to_json(first) == to_json(second)
    for a, b in zip(first.subjects, second.subjects, strict=True):
        assert a is not b
        for name in ("notes", "tiers", "values", "stages", "ranks"):  # shared only when read-only
            mine, theirs = getattr(a, name), getattr(b, name)
            assert mine is not theirs or isinstance(mine, (FrozenList, FrozenDict)), name


def test_a_scored_results_lists_and_dicts_refuse_changes() -> None:
    """The lists and dicts of a result `score` made are read-only (an empty one, or alike tiers, is one object for all)."""
    _, result = _scored("service-center-windows.yaml", "seed-003")
    subject = next(s for s in result.subjects if s.tiers)
    for change in (lambda: subject.tiers.append("x"), lambda: subject.notes.extend(["x"]),
                   lambda: subject.values.update(x=1), lambda: subject.ranks.setdefault("x", 1),
                   lambda: subject.stages.__setitem__(slice(None), []), lambda: subject.tiers.clear()):
        with pytest.raises(TypeError):
            change()
    changed = dataclasses.replace(subject, tiers=[*subject.tiers, "x"])  # a changed copy as before
    assert changed.tiers[-1] == "x" and "x" not in subject.tiers
    same = dataclasses.replace(subject)  # a plain SubjectResult, its components built: equal both ways
    assert changed.components == subject.components and same == subject and subject == same and changed != subject
