"""Bad spreadsheets: the base facts as one .xlsx workbook (sheet per table), one cell or sheet spoiled per case.

Each case asserts the exit code and the exact lines, with the cell named file!sheet!cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pingyi_rules._cli import run

from .corpus_runner import BASE


def _workbook(path: Path, edits: list[tuple[Any, ...]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in ("units", "extra", "cases"):
        sheet = book.create_sheet(table)
        with open(BASE / f"{table}.csv", encoding="utf-8", newline="") as stream:
            for row in csv.reader(stream):
                sheet.append([_typed(cell) for cell in row])
    for edit in edits:
        action, *args = edit
        if action == "set":
            sheet_name, cell, value = args
            book[sheet_name][cell] = value
        elif action == "delete":
            del book[args[0]]
        elif action == "rename":
            book[args[0]].title = args[1]
        elif action == "clear":
            del book[args[0]]
            book.create_sheet(args[0])
    book.save(path)


def _typed(cell: str) -> Any:
    """Numbers as Excel numbers, like a real export."""
    try:
        return int(cell)
    except ValueError:
        pass
    try:
        return float(cell)
    except ValueError:
        return cell or None


CASES: list[tuple[str, list[tuple[Any, ...]], int, list[str]]] = [
    ("good-workbook", [], 0, []),
    ("decimal-text", [("set", "units", "D2", "九十")], 1,
     ["facts.xlsx!units!D2: column 领导评分: '九十' is not a number from 0 to 100 [FA014]"]),
    ("decimal-out-of-range", [("set", "units", "D3", 100.5)], 1,
     ["facts.xlsx!units!D3: column 领导评分: 100.5 is out of range; expected a number from 0 to 100 [FA016]"]),
    ("count-fraction", [("set", "units", "E2", 1.5)], 1,
     ["facts.xlsx!units!E2: column 测评_好: '1.5' is not a whole number ≥ 0 [FA014]"]),
    ("count-negative", [("set", "units", "F4", -3)], 1,
     ["facts.xlsx!units!F4: column 测评_中: -3 is negative; expected a whole number ≥ 0 [FA015]"]),
    ("excel-boolean-in-yes-no-column", [("set", "units", "I2", True)], 1,
     ["facts.xlsx!units!I2: column 立案: 'True' is not 是 or 否 [FA013]"]),
    ("blank-cell", [("set", "units", "D4", None)], 1,
     ["facts.xlsx!units!D4: column 领导评分: blank; expected a number from 0 to 100 [FA011]"]),
    ("formula-without-cached-value", [("set", "units", "D2", "=80+10")], 1,
     [("facts.xlsx!units!D2: column 领导评分: the formula =80+10 has no saved value (the file was written by a "
      "program that does not calculate formulas); open the file in Excel or WPS, save it, and score again [FA024]")]),
    ("number-in-date-column", [("set", "cases", "C2", 45000)], 1,
     ["facts.xlsx!cases!C2: column 日期: '45000' is not a date like 2023-06-01 [FA014]"]),
    ("excel-date-is-read", [("set", "cases", "C2", dt.datetime(2023, 3, 1))], 0, []),
    ("enum-not-a-value", [("set", "units", "C3", "丙类")], 1,
     ["facts.xlsx!units!C3: column 类别: '丙类' is not one of 甲类 / 乙类 [FA012]"]),
    ("missing-sheet", [("delete", "extra")], 1,
     ["facts.xlsx: sheet 'extra' is missing [FA004]"]),
    ("misnamed-sheet", [("rename", "extra", "extras")], 1,
     ["facts.xlsx: sheet 'extra' is missing (found sheet 'extras': rename it?) [FA004]"]),
    ("empty-sheet", [("clear", "extra")], 1,
     ["facts.xlsx!extra: the table is empty (no header row) [FA010]"]),
    ("duplicate-header", [("set", "extra", "C1", "附加分")], 1,
     ["facts.xlsx!extra!C1: column 附加分: header '附加分' appears twice [FA008]"]),
    ("misspelt-header", [("set", "units", "D1", "领导评份")], 1,
     ["facts.xlsx!units!D1: column 领导评份: column '领导评分' is missing (found '领导评份': rename it?) [FA009]"]),
    ("unknown-subject", [("set", "extra", "A4", "U9")], 1,
     ["facts.xlsx!extra!A4: column 编码: 'U9' is not a subject of table 'units' [FA018]"]),
    ("duplicate-subject", [("set", "units", "A4", "U1")], 1,
     ["facts.xlsx!units!A4: column 编码: subject 'U1' appears twice (first at facts.xlsx!units!A2) [FA017]"]),
    ("two-bad-cells-in-two-rows", [("set", "units", "D2", "x"), ("set", "units", "J4", "昨天")], 1,
     ["facts.xlsx!units!D2: column 领导评分: 'x' is not a number from 0 to 100 [FA014]",
      "facts.xlsx!units!J4: column 报送日期: '昨天' is not a date like 2023-06-01 [FA014]"]),
]


@pytest.mark.parametrize(("edits", "exit_code", "lines"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_workbook_corpus(tmp_path: Path, edits: list[tuple[Any, ...]], exit_code: int, lines: list[str]) -> None:
    book = tmp_path / "facts.xlsx"
    _workbook(book, edits)
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(["score", str(BASE / "ruleset.yaml"), str(book)], stdout, stderr)
    got = stderr.getvalue().replace(str(tmp_path) + "/", "").splitlines()
    assert got == lines
    assert code == exit_code


def test_damaged_workbook(tmp_path: Path) -> None:
    book = tmp_path / "facts.xlsx"
    book.write_bytes(b"PK\x03\x04 not really a zip")
    stderr = io.StringIO()
    code = run(["score", str(BASE / "ruleset.yaml"), str(book)], io.StringIO(), stderr)
    assert code == 1
    assert stderr.getvalue() == f"{book}: cannot open workbook: File is not a zip file [FA007]\n"
