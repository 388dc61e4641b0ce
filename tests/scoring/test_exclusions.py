"""Top-level `exclude`: a subject meeting a condition is scored and keeps its total, but takes no
rank and no tier; the reason is in its notes, so in every output."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pingyi_rules import PingyiError

from ..helpers import cli
from ..rules_helpers import HEAD, subject_table, write_tables

BODY = "\n" + subject_table("{header: 分数, type: decimal}", "{header: 有效票, type: count}", "{header: 立案, type: bool}") + """points: 100
components:
  - {id: 得分, name: 得分, kind: input, points: 100, column: 分数}
exclude:
  - {when: {of: 有效票, below: 10}, reason: 有效票不足10张}
vetoes:
  - {name: 立案否决, when: {flag: 立案}, forces: 不合格}
tiers:
  - {name: 先进, quota: {best: 1}}
  - {name: 良好, when: {at_least: 80}}
"""
# E1 95 has 8 valid ballots: excluded (it would be 先进, rank 1). E2 90 → rank 1, 先进; E3 85 → 2, 良好;
# E4 70 (立案) → 3, 不合格; E5 60 with 5 ballots and 立案: excluded before any veto.
UNITS = "编码,名称,分数,有效票,立案\nE1,甲,95,8,否\nE2,乙,90,30,否\nE3,丙,85,30,否\nE4,丁,70,30,是\nE5,戊,60,5,是"


def test_an_excluded_subject_keeps_its_total_without_rank_or_tier(run_rules: Any) -> None:
    result = run_rules(BODY, {"units": UNITS})
    got = {s.id: (s.total, s.rank, s.tiers) for s in result.subjects}
    assert got == {
        "E1": (Decimal("95.00"), None, []),
        "E2": (Decimal("90.00"), 1, ["先进", "良好"]),
        "E3": (Decimal("85.00"), 2, ["良好"]),
        "E4": (Decimal("70.00"), 3, ["不合格"]),
        "E5": (Decimal("60.00"), None, []),
    }
    assert result.subject("E1").notes == ["不参与排名和等次：有效票不足10张"]
    assert result.subject("E5").notes == ["不参与排名和等次：有效票不足10张"]


def test_the_reason_is_in_every_output(tmp_path: Path) -> None:
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(HEAD + BODY, encoding="utf-8")
    facts = write_tables(tmp_path / "facts", {"units": UNITS})
    code, out, _ = cli("score", str(ruleset), str(facts), "--format", "json")
    assert code == 0
    unit = next(u for u in json.loads(out)["units"] if u["id"] == "E1")
    assert (unit["rank"], unit["tiers"], unit["notes"]) == (None, [], ["不参与排名和等次：有效票不足10张"])
    for fmt in ("table", "csv"):
        code, out, _ = cli("score", str(ruleset), str(facts), "--format", fmt)
        assert code == 0 and "不参与排名和等次：有效票不足10张" in out, fmt
    code, out, _ = cli("explain", str(ruleset), str(facts), "E1")
    assert code == 0 and "名次：无" in out and "不参与排名和等次：有效票不足10张" in out
    report = tmp_path / "report.html"
    code, _, err = cli("score", str(ruleset), str(facts), "--format", "html", "-o", str(report))
    assert code == 0, err
    html = report.read_text(encoding="utf-8")
    assert "不参与排名和等次：有效票不足10张" in html and "“有效票” &lt; 10 → 有效票不足10张" in html


@pytest.mark.parametrize(
    ("when", "code"),
    [("{top: 3}", "RS070"), ("{tier: 不合格}", "RS070"), ("{of: 有效数, below: 10}", "RS071")],
)
def test_an_exclusion_cannot_test_the_ranking_or_tiers(run_rules: Any, when: str, code: str) -> None:
    with pytest.raises(PingyiError) as caught:
        run_rules(BODY.replace("{of: 有效票, below: 10}", when), {"units": UNITS})
    assert caught.value.code == code
