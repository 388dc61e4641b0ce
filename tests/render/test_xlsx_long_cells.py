"""A 明细 text longer than a workbook cell holds (a ballot table of thousands of rows) continues in rows
below it — every character is in the workbook, none is refused or cut off."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import openpyxl

from pingyi_rules import load_ruleset, score
from pingyi_rules.core.safe_text import CELL_LIMIT
from pingyi_rules.render.report import build_report, detail_rows
from pingyi_rules.render.xlsx_out import result_workbook

from ..helpers import RULESETS

ROOT = Path(__file__).resolve().parents[2]


def test_a_long_remark_continues_in_rows_below(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_coop.py"), "12000", str(facts)], check=True)
    ruleset = load_ruleset(RULESETS / "county-coop-lianping-2022.yaml")
    result = score(ruleset, facts)
    report = build_report(result, ruleset)
    long_rows = [row for row in detail_rows(report) if len("\n".join(row.remarks)) > CELL_LIMIT]
    assert long_rows, "the facts are long enough to need continuation rows"

    sheet = openpyxl.load_workbook(io.BytesIO(result_workbook(report)))["明细"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert all(len(value) <= CELL_LIMIT for row in rows for value in row if isinstance(value, str))
    for item in long_rows:
        start = next(i for i, row in enumerate(rows)
                     if row[0] == item.subject.id and row[3] == item.entry.path and row[4] != "（续）")
        pieces = [rows[start][10]]
        for row in rows[start + 1:]:
            if row[4] != "（续）":
                break
            assert row[:4] == rows[start][:4]  # 编码, 单位, 指标, 路径 repeated on every continuation row
            pieces.append(row[10])
        assert len(pieces) > 1
        assert "\n".join(pieces) == "\n".join(item.remarks)  # every line, in order, nothing added
