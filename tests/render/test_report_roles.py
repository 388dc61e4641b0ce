"""加分 / 扣分 in the xlsx and html reports are what bonus components add to the total and what
deductions take from it, whatever kind produced them, after weights and scales.

The expected figures are worked out here from each subject's trace (entry paths, kinds, points)
and the ruleset's own declarations, without the report's functions; they are also checked to
reconcile with the total: Σ score leaves + Σ deduction bases + 加分 − 扣分 = the exact total.
"""

from __future__ import annotations

import decimal
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pingyi_rules import load_ruleset, score
from pingyi_rules.core.numbers import CONTEXT
from pingyi_rules.kinds.registry import KINDS
from pingyi_rules.render.html import render_html
from pingyi_rules.render.report import build_report
from pingyi_rules.render.xlsx_out import result_workbook
from pingyi_rules.results.result import SubjectResult

from ..helpers import ROOT
from ..rules_helpers import ruleset

PAIRS = {
    "city-gongshu-minping-2012": "seed-001",
    "county-qianren-2022": "seed-000",
    "district-neishe-ceping-2012": "seed-004",
    "service-center-windows": "seed-003",
    "wenzhou-2023": "wenzhou-2023",
    "examples/county-minping-variant": "seed-001",
}
ONE = Decimal(1)


def _models_by_path(components: list[Any], prefix: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {}
    for component in components:
        path = prefix + component.id
        found[path] = component
        if component.kind in ("sum", "weighted"):
            found.update(_models_by_path(component.components, path + "/"))
    return found


def _role(model: Any) -> str:
    if model.outside:
        return "bonus"
    if model.kind == "cases":
        return "bonus" if model.effect == "add" else "deduction"
    return "deduction" if model.kind in ("deduction", "rank_deduction", "apportion") else "score"


def _expected(subject: SubjectResult, models: dict[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    """(加分, 扣分, Σ score leaves + deduction bases), each times the weights × multipliers above it."""
    bonus = deducted = rest = Decimal(0)
    for entry in subject.trace():
        parts = entry.path.split("/")
        ancestors = ["/".join(parts[:i]) for i in range(1, len(parts))]
        if any(a not in models or _role(models[a]) != "score" or models[a].kind == "nested" for a in ancestors):
            continue  # inside a nested scheme, or inside a component counted as a whole
        model = models[entry.path]
        assert entry.kind == model.kind
        factor = ONE
        for parent, child in zip(ancestors, [*ancestors[1:], entry.path], strict=False):  # none at the top
            if models[parent].kind == "weighted":
                factor *= models[child].weight * models[parent].multiply
        points = entry.points
        role = _role(model)
        if role == "bonus":
            bonus += factor * (points or 0)
        elif role == "deduction":
            base = getattr(model, "base", None)
            base = model.points if base is None else base
            if points is not None:
                deducted += factor * (base - points)
                rest += factor * base
        elif model.kind not in ("sum", "weighted") and points is not None:
            rest += factor * points
    return bonus, deducted, rest


@pytest.mark.parametrize("name", list(PAIRS))
def test_bonus_and_deduction_columns_from_the_trace(name: str) -> None:
    ruleset = load_ruleset(str(ROOT / "rulesets" / f"{name}.yaml"))
    result = score(ruleset, ROOT / "examples" / PAIRS[name])
    report = build_report(result, ruleset)
    models = _models_by_path(ruleset.model.components)
    roles = {_role(c) for c in models.values()}
    with decimal.localcontext(prec=CONTEXT.prec):  # this test's sums as exact as the scoring's
        for table in report.tables:
            assert table.has_bonus == ("bonus" in roles) and table.has_deduction == ("deduction" in roles)
            for row in table.rows:
                subject = row.subject
                bonus, deducted, rest = _expected(subject, models)
                assert (row.bonus, row.deducted) == (report.fixed(bonus), report.fixed(deducted)), subject.id
                points = [c.points for c in subject.components]
                if subject.exact_total is not None:
                    assert sum(points, Decimal(0)) == subject.exact_total  # the component columns make the total
                    # equal up to the last of 60 digits (weights multiplied in another order)
                    assert abs(rest + bonus - deducted - subject.exact_total) < Decimal("1e-50"), subject.id
                assert row.components == tuple(report.fixed(p) for p in points)


def test_wenzhou_apportion_and_rank_deduction_are_in_the_deduction_column() -> None:
    ruleset = load_ruleset(str(ROOT / "rulesets" / "wenzhou-2023.yaml"))
    report = build_report(score(ruleset, ROOT / "examples" / "wenzhou-2023"), ruleset)
    rows = {r.subject.id: r for t in report.tables for r in t.rows}
    # WZ031: 2.20 of case deductions and its −0.75 share of the parent's deduction (apportion)
    assert rows["WZ031"].deducted == Decimal("2.95")
    # WZ022: 1.20 of case deductions and 0.81 of rank_deduction
    assert rows["WZ022"].deducted == Decimal("2.01")


def test_every_kind_declares_its_role() -> None:
    for name, kind in KINDS.items():
        assert (kind.children != "none") == ("components" in kind.model.model_fields), name


WEIGHTED = "\n" + ruleset(
    "{header: 日常, type: decimal, min: 0, max: 100}",
    "{header: 投诉, type: count}",
    ruleset_id="weighted-bonus",
    name="加权加分",
    rest="""\
    - id: awards
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 级别, type: enum, choices: [省, 国]}
points: 10
components:
  - id: 综合
    name: 综合评价
    kind: weighted
    points: 10
    multiply: 0.1
    components:
      - {id: 日常, name: 日常评议, kind: input, column: 日常, points: 100, weight: 0.8}
      - {id: 表彰, name: 表彰加分, kind: cases, effect: add, points: 100, weight: 0.1, table: awards, code_column: 级别,
         items: [{code: 省, name: 省级, amount: 40}, {code: 国, name: 国家级, amount: 60}]}
      - id: 投诉
        name: 投诉扣分
        kind: deduction
        points: 100
        weight: 0.1
        items: [{id: 投诉, name: 投诉查实, column: 投诉, amount: 30}]
""",
)


def test_a_bonus_under_a_weighted_parent_counts_at_what_it_adds(tmp_path: Path) -> None:
    ruleset = load_ruleset("weighted.yaml", text=WEIGHTED)
    (tmp_path / "units.csv").write_text("编码,名称,日常,投诉\nA,甲,90,1\nB,乙,80,0\n", encoding="utf-8")
    (tmp_path / "awards.csv").write_text("编码,级别\nA,省\nA,国\n", encoding="utf-8")
    report = build_report(score(ruleset, tmp_path), ruleset)
    rows = {r.subject.id: r for r in report.tables[0].rows}
    # A: 0.1 × (0.8 × 90 + 0.1 × (40 + 60) + 0.1 × (100 − 30)) = 0.1 × (72 + 10 + 7) = 8.9;
    # its 表彰 adds 0.1 × 0.1 × 100 = 1 (not its raw 100), its 投诉 takes 0.1 × 0.1 × 30 = 0.3
    assert (rows["A"].total, rows["A"].bonus, rows["A"].deducted) == (Decimal("8.90"), Decimal("1.00"), Decimal("0.30"))
    # B: 0.1 × (64 + 0 + 10) = 7.4, nothing added, nothing taken
    assert (rows["B"].total, rows["B"].bonus, rows["B"].deducted) == (Decimal("7.40"), Decimal("0.00"), Decimal("0.00"))
    sheet = openpyxl.load_workbook(io.BytesIO(result_workbook(report))).worksheets[0]
    header = [c.value for c in sheet[2]]
    values = {r[1]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=3, values_only=True) if r[1]}
    assert (values["A"]["加分"], values["A"]["扣分"]) == (1, 0.3)
    assert '<td class="num">1.00</td><td class="num">0.30</td><td class="num">8.90</td>' in render_html(report)
