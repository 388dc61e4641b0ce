"""Bad spreadsheets: the base facts as one .xlsx workbook (sheet per table), one cell or sheet spoiled per case.

Each case asserts the exit code and the exact lines, with the cell named file!sheet!cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pingyi_rules.cli import run

from ..corpus_runner import BASE


def _workbook(path: Path, edits: list[tuple[Any, ...]]) -> None:
    """Build the workbook, apply the sheet edits, save, then apply the edits of the saved file's parts."""
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
        elif action == "format":  # a number shown in a number format
            sheet_name, cell, value, number_format = args
            book[sheet_name][cell] = value
            book[sheet_name][cell].number_format = number_format
        elif action == "hide":
            book[args[0]].sheet_state = args[1]
        elif action == "copy":
            book.copy_worksheet(book[args[0]]).title = args[1]
    book.save(path)
    for action, *args in edits:
        if action == "xml":  # a regular expression replaced in one part of the saved file
            part, pattern, replacement = args
            _edit_parts(path, {part: lambda data, p=pattern, r=replacement: _sub(p, r, data)})
        elif action == "drop-part":
            _edit_parts(path, {args[0]: lambda data: None})
        elif action == "truncate":
            path.write_bytes(path.read_bytes()[: args[0]])
        elif action == "bytes":
            path.write_bytes(args[0])


def _sub(pattern: str, replacement: str, data: bytes) -> bytes:
    new, count = re.subn(pattern.encode(), replacement.encode(), data, count=1)
    assert count == 1, pattern
    return new


def _edit_parts(path: Path, edits: dict[str, Any]) -> None:
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            if name in edits:
                data = edits[name](data)
            if data is not None:
                target.writestr(name, data)


# A formula whose value Excel saved: the cached value written in, "calculate on opening" dropped.
def _cached(sheet_part: str, cell: str, formula: str, value: str) -> list[tuple[Any, ...]]:
    return [
        ("xml", sheet_part, f'(<c r="{cell}"[^>]*>)<f>[^<]*</f><v\\s*/>', f"\\1<f>{formula}</f><v>{value}</v>"),
        ("xml", "xl/workbook.xml", ' fullCalcOnLoad="1"', ""),
    ]


UNITS, CASES_PART = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"


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
    # numbers as Excel shows them: 15 significant digits, percent cells as the percentage shown
    ("cached-formula-noise-below-a-whole-count",
     [("set", "units", "E2", "=4*2"), *_cached(UNITS, "E2", "4*2", "7.9999999999999991")], 0, []),
    ("cached-formula-noise-above-max",
     [("set", "units", "D2", "=100"), *_cached(UNITS, "D2", "100", "100.00000000000001")], 0, []),
    ("typed-float-noise-is-read-as-shown", [("set", "units", "E2", (0.7 + 0.1) * 10)], 0, []),  # 7.999999999999999
    ("percent-cell-read-as-shown", [("format", "units", "D2", 1.005, "0.0%")], 1,
     ["facts.xlsx!units!D2: column 领导评分: 100.5 is out of range; expected a number from 0 to 100 [FA016]"]),
    ("percent-cell-0-percent", [("format", "units", "E2", 0.085, "0%")], 1,
     ["facts.xlsx!units!E2: column 测评_好: '8.5' is not a whole number ≥ 0 [FA014]"]),
    ("percent-cell-0.00-percent", [("format", "units", "D3", 1.0051, "0.00%")], 1,
     ["facts.xlsx!units!D3: column 领导评分: 100.51 is out of range; expected a number from 0 to 100 [FA016]"]),
    ("percent-cell-whole", [("format", "units", "E2", 0.08, "0%")], 0, []),
    ("quoted-percent-sign-is-not-a-percentage", [("format", "units", "E2", 8, '0"%"')], 0, []),
    # dates: a date-formatted number is a date; a plain number in a date column is not
    ("date-formatted-serial-in-date-column", [("format", "cases", "C2", 45000, "yyyy-mm-dd")], 0, []),
    ("chinese-date-format", [("format", "cases", "C2", 45000, 'yyyy"年"m"月"d"日"')], 0, []),
    ("date-cell-in-number-column", [("format", "units", "D2", 45000, "yyyy-mm-dd")], 1,
     ["facts.xlsx!units!D2: column 领导评分: '2023-03-15' is not a number from 0 to 100 [FA014]"]),
    ("time-cell-in-date-column", [("format", "cases", "C2", 0.5, "h:mm")], 1,
     ["facts.xlsx!cases!C2: column 日期: '12:00:00' is not a date like 2023-06-01 [FA014]"]),
    ("formula-with-an-empty-text-result",
     [("xml", UNITS, '<c r="B2" t="inlineStr"><is><t>一科</t></is></c>', '<c r="B2" t="str"><f>""</f><v></v></c>'),
      ("xml", "xl/workbook.xml", ' fullCalcOnLoad="1"', "")], 1,
     ["facts.xlsx!units!B2: column 名称: blank; expected text [FA011]"]),
    ("shared-formula-without-saved-values",
     [("xml", UNITS, '(<c r="D2")[^>]*>.*?</c>', '\\1><f t="shared" ref="D2:D3" si="0">80+10</f></c>'),
      ("xml", UNITS, '(<c r="D3")[^>]*>.*?</c>', '\\1><f t="shared" si="0"/></c>')], 1,
     [("facts.xlsx!units!D2: column 领导评分: the formula =80+10 has no saved value (the file was written by a "
       "program that does not calculate formulas); open the file in Excel or WPS, save it, and score again [FA024]"),
      ("facts.xlsx!units!D3: column 领导评分: the formula (shared with D2) has no saved value (the file was written "
       "by a program that does not calculate formulas); open the file in Excel or WPS, save it, and score again "
       "[FA024]")]),
    ("shared-formula-with-saved-values",
     [("xml", UNITS, '(<c r="D2")[^>]*>.*?</c>', '\\1><f t="shared" ref="D2:D3" si="0">80+10</f><v>90</v></c>'),
      ("xml", UNITS, '(<c r="D3")[^>]*>.*?</c>', '\\1><f t="shared" si="0"/><v>80</v></c>'),
      ("xml", "xl/workbook.xml", ' fullCalcOnLoad="1"', "")], 0, []),
    ("true-false-cell-holding-two", [("xml", UNITS, '(<c r="I2")[^>]*>.*?</c>', '\\1 t="b"><v>2</v></c>')], 1,
     ["facts.xlsx!units!I2: the workbook is damaged: the true/false cell holds '2' [FA026]"]),
    ("hidden-row-is-read-and-named", [("xml", UNITS, '<row r="3"', '<row r="3" hidden="1"')], 0,
     ["warning: facts.xlsx!units: 1 hidden row(s) (3) were read like the others"]),
    # hidden sheets never win over visible ones
    ("hidden-sheet-only", [("hide", "extra", "hidden")], 1,
     [("facts.xlsx: table 'extra' is only in the hidden sheet 'extra'; unhide it in Excel or WPS (or delete it) "
      "so that the scores come from a sheet the office can see [FA029]")]),
    ("very-hidden-sheet-only", [("hide", "extra", "veryHidden")], 1,
     [("facts.xlsx: table 'extra' is only in the hidden sheet 'extra'; unhide it in Excel or WPS (or delete it) "
      "so that the scores come from a sheet the office can see [FA029]")]),
    ("hidden-copy-beside-visible-sheet",
     [("copy", "extra", "ｅｘｔｒａ"), ("set", "ｅｘｔｒａ", "B2", "坏"), ("hide", "ｅｘｔｒａ", "hidden")], 0,
     ["warning: facts.xlsx!ｅｘｔｒａ: hidden sheet left out; table 'extra' is read from the visible sheet 'extra'"]),
    ("hidden-original-beside-visible-copy",
     [("copy", "extra", "ｅｘｔｒａ"), ("set", "extra", "B2", "坏"), ("hide", "extra", "hidden")], 0,
     ["warning: facts.xlsx!extra: hidden sheet left out; table 'extra' is read from the visible sheet 'ｅｘｔｒａ'"]),
    ("two-visible-sheets-for-one-table", [("copy", "extra", "ｅｘｔｒａ")], 1,
     ["facts.xlsx: sheets 'extra' and 'ｅｘｔｒａ' both fit table 'extra'; keep one of them [FA028]"]),
    ("chart-sheet-named-like-a-table",
     [("xml", "xl/_rels/workbook.xml.rels", "relationships/worksheet\" Target=\"/xl/worksheets/sheet2.xml",
       "relationships/chartsheet\" Target=\"/xl/worksheets/sheet2.xml")], 1,
     ["facts.xlsx: sheet 'extra' is a chart or dialog sheet, not a table of cells [FA004]"]),
    # damaged workbooks
    ("truncated-workbook", [("truncate", 3000)], 1,
     ["facts.xlsx: cannot open workbook: File is not a zip file [FA007]"]),
    ("old-xls-or-encrypted-workbook", [("bytes", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))], 1,
     [("facts.xlsx: cannot open workbook: it is an encrypted workbook or an old .xls file; "
      "save it in Excel or WPS as .xlsx without a password [FA007]")]),
    ("broken-sheet-xml", [("xml", UNITS, "</sheetData>", "\\n</sheetDat>")], 1,
     [("facts.xlsx: the workbook is damaged: xl/worksheets/sheet1.xml is not well-formed XML "
      "(line 2, column 3: mismatched tag) [FA026]")]),
    ("document-type-in-a-sheet", [("xml", UNITS, "<worksheet", '<!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet')], 1,
     [("facts.xlsx: the workbook is damaged: xl/worksheets/sheet1.xml declares a document type, "
      "which no workbook part has [FA026]")]),
    ("shared-string-that-does-not-exist",
     [("xml", UNITS, '<c r="B2" t="inlineStr"><is><t>一科</t></is></c>', '<c r="B2" t="s"><v>7</v></c>')], 1,
     [("facts.xlsx!units!B2: the workbook is damaged: the cell refers to shared string '7', "
      "but the workbook has no shared strings [FA026]")]),
    ("missing-sheet-part", [("drop-part", "xl/worksheets/sheet2.xml")], 1,
     ["facts.xlsx: the workbook is damaged: the part xl/worksheets/sheet2.xml (sheet 'extra') is missing [FA026]"]),
    ("missing-workbook-part", [("drop-part", "xl/workbook.xml")], 1,
     ["facts.xlsx: the workbook is damaged: the part xl/workbook.xml (the workbook) is missing [FA026]"]),
    ("missing-content-types", [("drop-part", "[Content_Types].xml")], 1,
     ["facts.xlsx: the workbook is damaged: the part [Content_Types].xml (the list of content types) is missing [FA026]"]),
    ("word-document-content-type",
     [("xml", "[Content_Types].xml", "spreadsheetml.sheet.main", "wordprocessingml.document.main")], 1,
     [("facts.xlsx: the workbook is damaged: [Content_Types].xml declares 'application/vnd.openxmlformats-"
      "officedocument.wordprocessingml.document.main+xml' for xl/workbook.xml, not an Excel workbook [FA026]")]),
    ("cell-outside-its-row", [("xml", UNITS, '<c r="A3"', '<c r="A4"')], 1,
     ["facts.xlsx!units!A4: the workbook is damaged: the cell A4 is written inside row 3 [FA026]"]),
    ("cell-written-twice", [("xml", UNITS, '(<c r="D2".*?</c>)', "\\1\\1")], 1,
     ["facts.xlsx!units!D2: the workbook is damaged: the cell D2 is written twice [FA026]"]),
    ("number-cell-holding-text", [("xml", UNITS, '(<c r="D2"[^>]*><v>)[^<]*', "\\1ninety")], 1,
     ["facts.xlsx!units!D2: the workbook is damaged: the number cell holds 'ninety' [FA026]"]),
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
