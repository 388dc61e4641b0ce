"""Folded long tables (facts.stream) give what the full path gives: every shipped ruleset on its
example facts and every worked case's facts, scored both ways — the JSON, and the explain text and
the trace of every unit (the folded side re-reads its rows for them)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from pingyi_rules import load_ruleset
from pingyi_rules.compile.ruleset import CompiledRuleset
from pingyi_rules.core.errors import PingyiError
from pingyi_rules.facts.reading import read_facts
from pingyi_rules.facts.stream import foldable_tables
from pingyi_rules.render.output import explain, to_json
from pingyi_rules.scoring import evaluate
from pingyi_rules.testing.cases import read_cases

from ..helpers import ROOT, shipped

CASES_FILES = sorted((ROOT / "rulesets").rglob("*.cases.yaml"))


def _worked_facts(tmp: Path) -> list[tuple[str, Path, Path]]:
    """(case id, ruleset, facts folder) of every worked case, its tables written as the runner writes them."""
    found = []
    for cases_file in CASES_FILES:
        for case in read_cases(cases_file):
            folder = case.facts
            if case.tables or not case.facts.exists():
                folder = tmp / f"{len(found):04d}"
                folder.mkdir()
                if case.facts.is_dir():
                    for item in case.facts.iterdir():
                        if item.suffix.lower() == ".csv":
                            shutil.copy(item, folder / item.name)
                for table, text in case.tables.items():
                    (folder / f"{table}.csv").write_text(text, encoding="utf-8")
            if folder.is_dir():
                found.append((case.id, case.ruleset, folder))
    return found


def _scored(ruleset: Any, folder: Path) -> tuple[str, Any]:
    """('ok', json, explain and trace of every unit) or ('error', the message)."""
    try:
        result = evaluate.score(ruleset, folder)
    except PingyiError as exc:
        return "error", str(exc)
    units = [(s.id, explain(result, s.id), [_entry(t) for t in s.trace()]) for s in result.subjects]
    return "ok", (to_json(result), units)


def _entry(trace: Any) -> tuple[Any, ...]:
    return (trace.path, trace.name, trace.kind, trace.clause, trace.inputs, trace.formula, trace.points, trace.notes, trace.rows)


def _both_ways(ruleset_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Score both ways and compare; whether a table was folded."""
    ruleset = load_ruleset(ruleset_path)
    fold = foldable_tables(ruleset)
    try:
        folded_any = any(t.folded is not None for t in read_facts(ruleset.tables, folder, fold=fold).tables.values())
    except PingyiError:
        folded_any = False
    streamed = _scored(ruleset, folder)
    with monkeypatch.context() as patch:
        patch.setattr(CompiledRuleset, "foldable", property(lambda _ruleset: frozenset()))  # folding off
        full = _scored(ruleset, folder)
    assert streamed == full, f"{ruleset_path.name} on {folder}"
    return folded_any


def test_every_shipped_ruleset_and_worked_case_scores_the_same_folded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = [(r, f) for r, f in shipped()]
    pairs += [(r, f) for _, r, f in _worked_facts(tmp_path)]
    folded = sum(_both_ways(ruleset, folder, monkeypatch) for ruleset, folder in pairs)
    # the survey, the peer rating and the evaluator sheets fold: the comparison is not empty
    assert folded >= 5, folded
