"""Every published number follows the ruleset's declared rounding (`numbers.rounding`).

rounding-half-even.yaml declares 四舍六入五成双 to 2 places. Worked by hand:
- H1: 评议 84.625 + 加分 0 = 84.625 → 84.62 (the 2nd place 2 is even, the rest exactly 5); the
  component 评议 is published 84.62 too — never 84.63 (half up) beside a total of 84.62.
- H2: 评议 84.635 + 加分 0.00 = 84.635 → 84.64 (3 is odd → up).
- H4: 评议 42.125 → 42.12, 加分 0.5 → 0.50, total 42.625 → 42.62.
Each output (table, JSON, CSV, explain, xlsx cells, HTML cells, diff) is checked for those texts.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl

from pingyi_rules import load_ruleset, score
from pingyi_rules.render.diff import diff_rulesets, render_diff
from pingyi_rules.render.html import render_html
from pingyi_rules.render.output import explain, to_csv, to_json, to_table
from pingyi_rules.render.report import build_report
from pingyi_rules.render.xlsx_out import result_workbook

from ..helpers import RULESETS

HALF_EVEN = RULESETS / "examples" / "rounding-half-even.yaml"
COMPONENTS = RULESETS / "examples" / "rounding-components.yaml"
UNITS = "编码,名称,评议得分,加分\nH1,甲,84.625,0\nH2,乙,84.635,0\nH4,丁,42.125,0.5\n"


def _facts(tmp_path: Path) -> Path:
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")
    return folder


def test_json_publishes_components_and_totals_half_even(tmp_path: Path) -> None:
    data = json.loads(to_json(score(load_ruleset(HALF_EVEN), _facts(tmp_path))))
    units = {u["id"]: u for u in data["units"]}
    assert [(c["id"], c["points"]) for c in units["H1"]["components"]] == [("评议", "84.62"), ("加分", "0.00")]
    assert units["H1"]["total"] == "84.62"
    assert [c["points"] for c in units["H2"]["components"]] == ["84.64", "0.00"]
    assert units["H2"]["total"] == "84.64"
    assert [c["points"] for c in units["H4"]["components"]] == ["42.12", "0.50"]
    assert units["H4"]["total"] == "42.62"


def test_table_and_csv_rows_are_half_even(tmp_path: Path) -> None:
    result = score(load_ruleset(HALF_EVEN), _facts(tmp_path))
    table = to_table(result)
    h1 = next(line for line in table.splitlines() if " H1 " in f" {line} ")
    assert h1.split()[2:5] == ["甲", "84.62", "0.00"] and "84.63" not in h1
    rows = {row.split(",")[1]: row.split(",") for row in to_csv(result).splitlines() if "," in row}
    assert rows["H1"][3:6] == ["84.62", "0.00", "84.62"]
    assert rows["H2"][3:6] == ["84.64", "0.00", "84.64"]
    assert rows["H4"][3:6] == ["42.12", "0.50", "42.62"]


def test_explain_shows_half_even_points_and_the_exact_value(tmp_path: Path) -> None:
    text = explain(score(load_ruleset(HALF_EVEN), _facts(tmp_path)), "H1")
    assert "评议得分（满分 90）：84.62" in text
    assert "总分：84.62（精确值 84.625）" in text
    assert "84.63" not in text


def test_xlsx_and_html_cells_are_half_even(tmp_path: Path) -> None:
    ruleset = load_ruleset(HALF_EVEN)
    report = build_report(score(ruleset, _facts(tmp_path)), ruleset)
    book = openpyxl.load_workbook(io.BytesIO(result_workbook(report)))
    ranking = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    h1 = next(row for row in ranking if "H1" in row)
    assert [Decimal(str(v)) for v in h1[h1.index("甲") + 1:h1.index("甲") + 4]] == [
        Decimal("84.62"), Decimal(0), Decimal("84.62")
    ]
    detail = [[c.value for c in row] for row in book["明细"].iter_rows(min_row=2)]
    points = {(row[0], row[2]): Decimal(str(row[8])) for row in detail}
    assert points[("H1", "评议得分")] == Decimal("84.62")
    assert points[("H4", "评议得分")] == Decimal("42.12")
    html = render_html(report)
    assert '<td class="num">84.62</td>' in html and '<td class="num">42.12</td>' in html
    assert '<td class="num">84.63</td>' not in html


def test_diff_publishes_each_side_with_its_own_rounding(tmp_path: Path) -> None:
    # H1 under half_even: 84.625 → 84.62; under rounding-components (half up, components first): 84.63 + 0.00 = 84.63.
    # H2: 84.64 both ways; H4: half_even 42.62, components first 42.13 + 0.50 = 42.63.
    text = render_diff(diff_rulesets(HALF_EVEN, COMPONENTS, _facts(tmp_path)))
    assert "84.62" in text and "84.63" in text and "42.62" in text and "42.63" in text
    assert "H2" not in text
