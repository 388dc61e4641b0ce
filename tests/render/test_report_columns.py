"""加分 / 扣分 / 备注 columns come from the declarations, for any ruleset (here a small inline one)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl

from pingyi_rules import load_ruleset, score
from pingyi_rules.render.html import render_html
from pingyi_rules.render.report import build_report
from pingyi_rules.render.xlsx_out import result_workbook

from ..rules_helpers import ruleset

RULESET = "\n" + ruleset(
    "{header: 日常, type: decimal, min: 0, max: 90}",
    "{header: 网络, type: decimal, min: 0, max: 10, required: false}",
    "{header: 表彰, type: decimal, min: 0, max: 3}",
    "{header: 投诉, type: count}",
    ruleset_id="small",
    name="小方案",
    rest="""\
points: 100
components:
  - {id: 日常, name: 日常评议, kind: input, column: 日常, points: 90}
  - {id: 网络, name: 网络评议, kind: input, column: 网络, points: 10, note: 未入围第二阶段的无网络评议}
  - {id: 表彰, name: 表彰加分, kind: input, column: 表彰, points: 3, outside: true}
  - id: 扣分
    name: 投诉扣分
    kind: deduction
    points: 0
    floor: -2
    items: [{id: 投诉, name: 投诉查实, column: 投诉, amount: 1}]
""",
)
FACTS = """编码,名称,日常,网络,表彰,投诉
A,甲,80,9,1,0
B,乙,85,,0,0
C,丙,70,8,0,3
"""


def _report(tmp_path: Path):  # type: ignore[no-untyped-def]
    ruleset = load_ruleset("small.yaml", text=RULESET)
    (tmp_path / "units.csv").write_text(FACTS, encoding="utf-8")
    return build_report(score(ruleset, tmp_path), ruleset)


def test_bonus_deduction_and_remarks(tmp_path: Path) -> None:
    report = _report(tmp_path)
    (table,) = report.tables
    assert table.header == ["名次", "编码", "单位", "日常评议（满分 90）", "网络评议（满分 10）", "表彰加分（满分 3）",
                            "投诉扣分（满分 0）", "加分", "扣分", "总分", "等次", "备注"]
    rows = {r.subject.id: r for r in table.rows}
    # A: 80 + 9 + 1 (outside the 100) − 0 = 90
    assert (rows["A"].rank, rows["A"].bonus, rows["A"].deducted, rows["A"].total) == ("1", Decimal("1.00"), Decimal("0.00"), Decimal("90.00"))
    # C: 70 + 8 + 0 − 3 × 1 = 75, but the floor is −2: 70 + 8 − 2 = 76; 扣分 is what was taken (2)
    assert (rows["C"].deducted, rows["C"].total) == (Decimal("2.00"), Decimal("76.00"))
    assert rows["C"].remarks == "投诉扣分：扣完为止: -3 → -2"
    # B has no 网络评议 (not picked): no total, no rank; the ruleset's own note is not a remark
    assert (rows["B"].rank, rows["B"].total) == ("—", None)
    assert rows["B"].remarks == "网络评议：无数据；无总分（网络评议 无得分）"


def test_unranked_unit_in_xlsx_and_html(tmp_path: Path) -> None:
    report = _report(tmp_path)
    book = openpyxl.load_workbook(io.BytesIO(result_workbook(report)))
    rows = list(book["排名"].iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == ["A", "C", "B"]  # 90, 76, no total
    assert rows[2][0] == "—" and rows[2][9] is None
    notes = [r[1] for r in book["计分说明"].iter_rows(values_only=True) if r[0] == "假设与解读"]
    assert notes == ["网络评议：未入围第二阶段的无网络评议"]
    html = render_html(report)
    assert "无总分（网络评议 无得分）" in html and html.count('class="histogram"') == 1
