"""Ballot tables kept as columns (facts.records) give what the full path gives: the seed ballot
table of the 县社联评 scheme and drawn variants of it — void ballots, ballots out of order, wrong
voter types, a ballot marked with two voter types, grades off the scale, quoted cells, CRLF, blank
and totals rows — scored both ways: the JSON, the explain text and the trace of every unit, or the
same error at the same place."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pingyi_rules import load_ruleset
from pingyi_rules.compile.ruleset import CompiledRuleset
from pingyi_rules.core.errors import PingyiError
from pingyi_rules.facts.reading import read_facts
from pingyi_rules.facts.records import RecordTable
from pingyi_rules.facts.stream import foldable_tables
from pingyi_rules.render.output import explain, to_json
from pingyi_rules.scoring import evaluate

from ..helpers import ROOT

COOP = ROOT / "rulesets" / "county-coop-lianping-2022.yaml"
SEED = ROOT / "examples" / "seed-000"
SUBJECTS = ["KS01", "KS02", "KS03", "KS04"]
VOTERS = ["主要领导", "其他班子领导", "科室互评"]
GRADES = ["优秀", "良好", "一般"]


def _scored(ruleset: Any, folder: Path) -> tuple[str, Any]:
    try:
        result = evaluate.score(ruleset, folder)
    except PingyiError as exc:
        return "error", str(exc)
    units = [(s.id, explain(result, s.id), [(t.path, t.formula, t.inputs, t.notes, t.rows) for t in s.trace()])
             for s in result.subjects]
    return "ok", (to_json(result), [(v.table, v.key, v.reason, v.location) for v in result.void], units)


def _both_ways(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bool, tuple[str, Any]]:
    """Whether the ballot table was kept as columns, and the (equal) outcome."""
    ruleset = load_ruleset(COOP)
    try:
        kept = isinstance(read_facts(ruleset.tables, folder, fold=foldable_tables(ruleset)).tables["ballots"].folded, RecordTable)
    except PingyiError:
        kept = False
    columns = _scored(ruleset, folder)
    with monkeypatch.context() as patch:
        patch.setattr(CompiledRuleset, "foldable", property(lambda _ruleset: frozenset()))  # folding off
        rows = _scored(ruleset, folder)
    assert columns == rows
    return kept, columns


def _folder(tmp: Path, lines: list[str], end: str = "\n") -> Path:
    folder = tmp / "facts"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for name in ("service.csv", "checks.csv"):
        shutil.copy(SEED / name, folder / name)
    (folder / "ballots.csv").write_bytes(("\ufeff" + end.join(lines) + end).encode("utf-8"))
    return folder


def test_the_ballot_table_is_kept_as_columns_and_scores_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert foldable_tables(load_ruleset(COOP)).records == {"ballots"}
    lines = (SEED / "ballots.csv").read_text(encoding="utf-8-sig").splitlines()
    kept, (status, _) = _both_ways(_folder(tmp_path, lines), monkeypatch)
    assert kept and status == "ok"


def _ballot(key: str, voter: str, grades: list[str]) -> list[str]:
    return [f"{key},{voter},{subject},{grade}" for subject, grade in zip(SUBJECTS, grades, strict=True)]


_VALID = ["优秀", "优秀", "良好", "一般"]

_changes = st.sampled_from([
    "none", "unknown voter", "two voter types", "grade off scale", "quote", "crlf", "blank line", "totals row",
    "short row", "spare cell", "spaces", "missed subject", "twice", "unknown subject",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ballots=st.lists(
        st.tuples(st.sampled_from(VOTERS), st.permutations(_VALID), st.booleans()), min_size=3, max_size=12
    ),
    shuffle=st.booleans(),
    changes=st.lists(st.tuples(_changes, st.integers(min_value=0, max_value=10_000)), max_size=3),
)
def test_drawn_ballot_tables_score_the_same_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ballots: list[Any], shuffle: bool, changes: list[tuple[str, int]]
) -> None:
    rows: list[str] = []
    for number, (voter, grades, off_quota) in enumerate(ballots, start=1):
        drawn = list(grades)
        if off_quota:
            drawn[0] = "良好" if drawn[0] != "良好" else "优秀"
        rows += _ballot(f"B{number}", voter, drawn)
    # every voter type is present, so no component is left without a valid ballot by the drawing alone
    for number, voter in enumerate(VOTERS, start=100):
        rows += _ballot(f"B{number}", voter, _VALID)
    if shuffle:
        rows = rows[1::2] + rows[::2]  # ballots' rows apart, not one after another
    end = "\n"
    for change, at in changes:
        i = at % len(rows)
        if rows[i].count(",") != 3:
            continue  # a row an earlier change made blank, short or wide
        key, voter, subject, grade = rows[i].split(",")
        if change == "unknown voter":
            rows[i] = f"{key},科室主任,{subject},{grade}"
        elif change == "two voter types":
            other = VOTERS[(VOTERS.index(voter) + 1) % 3] if voter in VOTERS else VOTERS[0]
            rows[i] = f"{key},{other},{subject},{grade}"
        elif change == "grade off scale":
            rows[i] = f"{key},{voter},{subject},较好"
        elif change == "quote":
            rows[i] = f'"{key}",{voter},{subject},{grade}'
        elif change == "crlf":
            end = "\r\n"
        elif change == "blank line":
            rows.insert(i, "")
        elif change == "totals row":
            rows.insert(i, "合计,,,")
        elif change == "short row":
            rows[i] = f"{key},{voter},{subject}"
        elif change == "spare cell":
            rows[i] = f"{key},{voter},{subject},{grade},x"
        elif change == "spaces":
            rows[i] = f" {key} ,{voter},{subject} ,{grade}"
        elif change == "missed subject":
            del rows[i]
        elif change == "twice":
            rows.append(rows[i])
        elif change == "unknown subject":
            rows[i] = f"{key},{voter},KS09,{grade}"
    header = "票号,投票人,被评科室,等次"
    kept, (status, _) = _both_ways(_folder(tmp_path, [header, *rows], end), monkeypatch)
    event(f"kept as columns: {kept}, {status}")
