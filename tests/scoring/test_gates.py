"""Top-level `gates`: a condition on the whole population or on each group of a field (a quorum, a
minimum sample). Where one does not hold, the group's subjects are scored and keep their totals,
but take no rank and no tier; the outcome is in their notes and the result's `gates` says which
gate failed where. Expectations worked out by hand in the comments."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import PingyiError, score
from pingyi_rules.core.errors import EvaluationError
from pingyi_rules.results.result import GateRecord

from ..helpers import cli
from ..rules_helpers import HEAD, load, subject_table, write_tables

D = Decimal
OUTCOME = "本组不予排名，待补充测评"
BODY = "\n" + subject_table(
    "{header: 类别, type: text}", "{header: 分数, type: decimal}", "{header: 有效票, type: count, required: false}"
) + """points: 100
components:
  - {id: 得分, name: 得分, kind: input, points: 100, column: 分数}
gates:
  - name: 有效样本不足
    within: 类别
    when: {count_subjects: {of: 有效票, at_least: 30}, at_least: 2}
    outcome: 本组不予排名，待补充测评
    clause: 第五条
tiers:
  - {name: 良好, when: {at_least: 80}}
"""
# 甲: A1 (40 ballots) and A2 (exactly 30) have at least 30: 2 ≥ 2, the gate holds on its boundary.
# 乙: only B2 (31): 1 < 2, the gate does not hold — B1 95 and B2 85 keep their totals, no rank, no tier.
# The whole population ranks without 乙: A1 90 → 1, A2 80 → 2, A3 70 → 3; 良好 (≥ 80) A1, A2.
UNITS = "编码,名称,类别,分数,有效票\nA1,甲一,甲,90,40\nA2,甲二,甲,80,30\nA3,甲三,甲,70,20\nB1,乙一,乙,95,10\nB2,乙二,乙,85,31"
WITHOUT = BODY.split("gates:")[0] + "tiers:" + BODY.split("tiers:")[1]


def _placings(result: Any) -> dict[str, tuple[Any, ...]]:
    return {s.id: (s.total, s.rank, s.tiers, s.notes) for s in result.subjects}


def test_a_gate_that_fails_for_one_group_only(run_rules: Any) -> None:
    result = run_rules(BODY, {"units": UNITS})
    note = f"有效样本不足：{OUTCOME}"
    assert _placings(result) == {
        "A1": (D("90.00"), 1, ["良好"], []),
        "A2": (D("80.00"), 2, ["良好"], []),
        "A3": (D("70.00"), 3, [], []),
        "B1": (D("95.00"), None, [], [note]),
        "B2": (D("85.00"), None, [], [note]),
    }
    assert result.gates == [GateRecord("有效样本不足", "甲", True, OUTCOME), GateRecord("有效样本不足", "乙", False, OUTCOME)]


def test_a_gate_that_holds_changes_nothing(run_rules: Any) -> None:
    # 乙 with B1 at 30 ballots: two subjects with at least 30 in each group
    units = UNITS.replace("B1,乙一,乙,95,10", "B1,乙一,乙,95,30")
    gated = run_rules(BODY, {"units": units})
    plain = run_rules(WITHOUT, {"units": units})
    assert _placings(gated) == _placings(plain)
    assert _placings(gated)["B1"] == (D("95.00"), 1, ["良好"], [])
    assert [g.held for g in gated.gates] == [True, True] and plain.gates == []


def test_just_below_the_boundary_the_gate_fails(run_rules: Any) -> None:
    # A2 with 29 ballots: 甲 has only A1 with at least 30 — now both groups fail and nobody is ranked
    result = run_rules(BODY, {"units": UNITS.replace("A2,甲二,甲,80,30", "A2,甲二,甲,80,29")})
    assert [(s.rank, s.tiers) for s in result.subjects] == [(None, [])] * 5
    assert [g.held for g in result.gates] == [False, False]


@pytest.mark.parametrize(
    ("when", "held"),
    [
        # 甲: 40 + 30 + 20 = 90 ballots, mean 30, min 20, max 40; 乙: 10 + 31 = 41, mean 20.5, min 10, max 31
        ("{sum: 有效票, at_least: 90}", [True, False]),
        ("{sum: 有效票, above: 41}", [True, False]),
        ("{mean: 有效票, at_least: 20.5}", [True, True]),
        ("{mean: 有效票, above: 20.5}", [True, False]),
        ("{lowest: 有效票, at_least: 10}", [True, True]),
        ("{highest: 有效票, between: [31, 40]}", [True, True]),
        ("{highest: 有效票, equals: 40}", [True, False]),
        ("{count_subjects: all, at_least: 3}", [True, False]),
        ("{count_subjects: {of: 分数, at_least: 85}, at_most: 1}", [True, False]),  # 甲: A1; 乙: B1 and B2
        ("{count_subjects: {at_least: 85}, at_most: 1}", [True, False]),  # the total, as the condition compares it
        ("{not: {count_subjects: all, at_least: 3}}", [False, True]),
        ("{any: [{count_subjects: all, at_least: 3}, {highest: 有效票, below: 32}]}", [True, True]),
        ("{all: [{count_subjects: all, at_least: 2}, {lowest: 有效票, at_least: 20}]}", [True, False]),
    ],
)
def test_measures_of_a_group(run_rules: Any, when: str, held: list[bool]) -> None:
    body = BODY.replace("{count_subjects: {of: 有效票, at_least: 30}, at_least: 2}", when)
    result = run_rules(body, {"units": UNITS})
    assert [(g.group, g.held) for g in result.gates] == list(zip(["甲", "乙"], held, strict=True))
    stopped = {g.group for g in result.gates if not g.held}
    for subject in result.subjects:
        group = "甲" if subject.id.startswith("A") else "乙"
        assert (subject.rank is None) == (group in stopped)


def test_a_gate_on_the_whole_population(run_rules: Any) -> None:
    # five subjects: at least 6 does not hold; every subject keeps its total, none is ranked or tiered
    body = BODY.replace("    within: 类别\n", "").replace("{count_subjects: {of: 有效票, at_least: 30}, at_least: 2}", "{count_subjects: all, at_least: 6}")
    result = run_rules(body, {"units": UNITS})
    assert result.gates == [GateRecord("有效样本不足", None, False, OUTCOME)]
    assert [(s.total, s.rank, s.tiers) for s in result.subjects] == [
        (D("90.00"), None, []), (D("80.00"), None, []), (D("70.00"), None, []), (D("95.00"), None, []), (D("85.00"), None, []),
    ]


def test_a_gate_is_decided_before_exclusions(run_rules: Any) -> None:
    # B1 (10 ballots) is excluded, but the gate counts it: 乙 still has two subjects
    body = BODY.replace("{count_subjects: {of: 有效票, at_least: 30}, at_least: 2}", "{count_subjects: all, at_least: 2}") + (
        "exclude:\n  - {when: {of: 有效票, below: 15}, reason: 有效票不足15张}\n"
    )
    result = run_rules(body, {"units": UNITS})
    assert [g.held for g in result.gates] == [True, True]
    assert (result.subject("B1").rank, result.subject("B1").notes) == (None, ["不参与排名和等次：有效票不足15张"])
    # the others rank without B1: A1 90, B2 85, A2 80, A3 70
    assert [result.subject(i).rank for i in ("A1", "B2", "A2", "A3")] == [1, 2, 3, 4]


def test_a_blank_value_in_a_sum_names_the_subject_and_the_gate(run_rules: Any) -> None:
    body = BODY.replace("{count_subjects: {of: 有效票, at_least: 30}, at_least: 2}", "{sum: 有效票, at_least: 50}")
    with pytest.raises(EvaluationError) as caught:
        run_rules(body, {"units": UNITS.replace("B1,乙一,乙,95,10", "B1,乙一,乙,95,")})
    error = caught.value
    assert error.code == "EV018"
    assert error.message.startswith("B1 乙一: gates[0].when: '有效票' is blank, so gate '有效样本不足' cannot take the sum")
    assert (Path(error.location.file or "").name, error.location.row) == ("units.csv", 5)


@pytest.mark.parametrize(
    ("when", "code"),
    [
        ("{count_subjects: {top: 3}, at_least: 1}", "RS070"),
        ("{count_subjects: {tier: 良好}, at_least: 1}", "RS070"),
        ("{sum: 类别, at_least: 1}", "RS084"),
        ("{mean: 有效数, at_least: 1}", "RS071"),
    ],
)
def test_what_a_gate_cannot_test(run_rules: Any, when: str, code: str) -> None:
    with pytest.raises(PingyiError) as caught:
        run_rules(BODY.replace("{count_subjects: {of: 有效票, at_least: 30}, at_least: 2}", when), {"units": UNITS})
    assert caught.value.code == code


def test_a_gate_declared_twice_is_refused(run_rules: Any) -> None:
    gate = BODY.split("gates:\n")[1].split("tiers:")[0]
    with pytest.raises(PingyiError) as caught:
        run_rules(BODY.replace("gates:\n", "gates:\n" + gate), {"units": UNITS})
    assert caught.value.code == "RS085"


def test_every_output_says_so(tmp_path: Path) -> None:
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(HEAD + BODY, encoding="utf-8")
    facts = write_tables(tmp_path / "facts", {"units": UNITS})
    note = f"有效样本不足：{OUTCOME}"
    code, out, _ = cli("score", str(ruleset), str(facts), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["gates"] == [
        {"name": "有效样本不足", "group": "甲", "held": True, "outcome": OUTCOME},
        {"name": "有效样本不足", "group": "乙", "held": False, "outcome": OUTCOME},
    ]
    unit = next(u for u in data["units"] if u["id"] == "B1")
    assert (unit["total"], unit["rank"], unit["tiers"], unit["notes"]) == ("95.00", None, [], [note])
    code, out, _ = cli("score", str(ruleset), str(facts), "--format", "table")
    assert code == 0 and f"门槛未达到：\n  有效样本不足（乙）：{OUTCOME}\n" in out and note in out
    code, out, _ = cli("score", str(ruleset), str(facts), "--format", "csv")
    assert code == 0 and note in out
    code, out, _ = cli("explain", str(ruleset), str(facts), "B2")
    assert code == 0 and "名次：无" in out and f"备注：{note}" in out
    report = tmp_path / "report.html"
    code, _, err = cli("score", str(ruleset), str(facts), "--format", "html", "-o", str(report))
    assert code == 0, err
    html = report.read_text(encoding="utf-8")
    assert f"有效样本不足（乙）：{OUTCOME}" in html
    assert f"有效样本不足：按“类别”分组，每组须 满足（“有效票” ≥ 30）的对象数 ≥ 2，否则该组不排名、不评等次 → {OUTCOME}〔第五条〕" in html
    book = tmp_path / "report.xlsx"
    code, _, err = cli("score", str(ruleset), str(facts), "--format", "xlsx", "-o", str(book))
    assert code == 0, err
    rules = [row for row in openpyxl.load_workbook(book)["计分说明"].iter_rows(values_only=True) if row[0] == "门槛未达到"]
    assert [row[1] for row in rules] == [f"有效样本不足（乙）：{OUTCOME}"]


def test_without_gates_the_json_has_no_gates_key(tmp_path: Path) -> None:
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(HEAD + WITHOUT, encoding="utf-8")
    facts = write_tables(tmp_path / "facts", {"units": UNITS})
    code, out, _ = cli("score", str(ruleset), str(facts), "--format", "json")
    assert code == 0 and "gates" not in json.loads(out)
    code, out, _ = cli("score", str(ruleset), str(facts), "--format", "table")
    assert code == 0 and "门槛" not in out


QUORUM = "\n" + subject_table("{header: 类别, type: text}", "{header: 分数, type: decimal}") + """points: 100
components:
  - {id: 得分, name: 得分, kind: input, points: 100, column: 分数}
ranking: {within: 类别}
tiers:
  - {name: 良好, when: {at_least: 80}}
"""


@settings(max_examples=30, deadline=None)
@given(
    units=st.lists(st.tuples(st.sampled_from(["甲", "乙", "丙"]), st.integers(0, 100)), min_size=1, max_size=12),
    quorum=st.integers(1, 6),
)
def test_a_quorum_stops_exactly_the_groups_below_it(units: list[tuple[str, int]], quorum: int) -> None:
    """Each group with fewer than `quorum` subjects is stopped; every other group is decided exactly
    as without the gate, and every total is the same."""
    table = "编码,名称,类别,分数\n" + "\n".join(f"U{i},单位{i},{group},{points}" for i, (group, points) in enumerate(units))
    gate = f"gates:\n  - {{name: 参评不足, within: 类别, when: {{count_subjects: all, at_least: {quorum}}}, outcome: 不予排名}}\n"
    with tempfile.TemporaryDirectory() as folder:
        facts = write_tables(Path(folder), {"units": table})
        gated = score(load(QUORUM + gate), facts)
        plain = score(load(QUORUM), facts)
    sizes = Counter(group for group, _ in units)
    assert {(g.group, g.held) for g in gated.gates} == {(group, n >= quorum) for group, n in sizes.items()}
    for (group, _), with_gate, without in zip(units, gated.subjects, plain.subjects, strict=True):
        assert with_gate.total == without.total
        if sizes[group] >= quorum:
            assert (with_gate.rank, with_gate.tiers, with_gate.notes) == (without.rank, without.tiers, without.notes)
        else:
            assert (with_gate.rank, with_gate.tiers, with_gate.notes) == (None, [], ["参评不足：不予排名"])
