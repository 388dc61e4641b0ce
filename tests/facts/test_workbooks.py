"""Office-shaped workbooks: title rows, merged two-row headers, 合计 rows, text and full-width numbers, extra columns, formulas.

Built with openpyxl the way offices lay out their sheets; each must score exactly
like the clean CSV folder, or fail naming file!sheet!cell.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from pingyi_rules import FactsError, load_ruleset, score
from pingyi_rules.cli import run
from pingyi_rules.render.output import to_json_data

from ..helpers import ROOT, RULESETS, comparable, read_csv, typed

RULESET = load_ruleset(RULESETS / "district-neishe-ceping-2012.yaml")
FACTS = ROOT / "examples" / "seed-004"
HEADER, ROWS = read_csv(FACTS / "units.csv")
KINDS = {c.header: c.type for c in RULESET.tables[0].columns}
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
GROUPS = ("即时测评", "综合测评", "明察暗访", "集中测评")


def office_sheet(
    *, title_rows: int = 2, two_rows: bool = True, totals: bool = True, text_numbers: bool = True,
    extra: bool = True, label_below: bool = False,
) -> openpyxl.Workbook:
    """examples/seed-004's units as an office would lay them out (every option on by default)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "units"
    width = len(HEADER) + (1 if extra else 0)
    for r in range(1, title_rows + 1):
        sheet.cell(row=r, column=1, value="2012年区直单位内设机构测评汇总表" if r == 1 else "填报单位：区投诉中心")
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    top = title_rows + 1
    if two_rows:
        column = 1
        for header in HEADER:
            group, _, grade = header.partition("_")
            if group in GROUPS and grade:
                if grade == "优":  # the group label, merged over its five grades (top-left cell only)
                    sheet.cell(row=top, column=column, value=group)
                    sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + 4)
                sheet.cell(row=top + 1, column=column, value=grade)
            elif label_below:
                sheet.cell(row=top + 1, column=column, value=header)
            else:  # a single label merged over both header rows
                sheet.cell(row=top, column=column, value=header)
                sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
            column += 1
        if extra:
            sheet.cell(row=top, column=column, value="备注")
        first_data = top + 2
    else:
        for column, header in enumerate([*HEADER, *(["备注"] if extra else [])], start=1):
            sheet.cell(row=top, column=column, value=header)
        first_data = top + 1
    for offset, row in enumerate(ROWS):
        for column, (header, text) in enumerate(zip(HEADER, row, strict=True), start=1):
            value: Any = typed(text, KINDS[header])
            if text_numbers and KINDS[header] == "count" and offset % 2 == 0:
                value = text.translate(FULL_WIDTH)  # text-stored, full-width: ８
            if header == "单位名称":
                value = text + "\u3000"  # trailing ideographic space from an IME
            sheet.cell(row=first_data + offset, column=column, value=value)
        if extra:
            sheet.cell(row=first_data + offset, column=len(HEADER) + 1, value="已核对")
    if totals:
        last = first_data + len(ROWS)
        sheet.cell(row=last, column=1, value="合　计")
        for column, header in enumerate(HEADER, start=1):
            if KINDS[header] == "count":
                sheet.cell(row=last, column=column, value=sum(int(r[column - 1]) for r in ROWS))
    return book


def save(book: openpyxl.Workbook, tmp_path: Path, name: str = "测评数据.xlsx") -> Path:
    path = tmp_path / name
    book.save(path)
    return path


CLEAN = comparable(to_json_data(score(RULESET, FACTS)))

SHAPES = {
    "everything": {},
    "merged-title-two-row-header-totals-full-width": {"extra": False},
    "sub-labels-only-in-the-second-row": {"label_below": True},
    "one-row-header-under-titles": {"two_rows": False},
    "plain": {"title_rows": 0, "two_rows": False, "totals": False, "text_numbers": False, "extra": False},
}


@pytest.mark.parametrize("options", SHAPES.values(), ids=SHAPES.keys())
def test_office_shapes_score_like_the_csv_folder(options: dict[str, bool], tmp_path: Path) -> None:
    path = save(office_sheet(**options), tmp_path)
    result = score(RULESET, path)
    assert comparable(to_json_data(result)) == CLEAN
    assert result.subject("ZF01").name == "区公安局业务科"  # U+3000 gone


def test_extra_column_and_totals_row_are_reported_with_their_cells(tmp_path: Path) -> None:
    result = score(RULESET, save(office_sheet(), tmp_path))
    extra_col = get_column_letter(len(HEADER) + 1)
    totals_row = 2 + 2 + len(ROWS) + 1
    assert result.warnings == [
        f"测评数据.xlsx!units!{extra_col}4: column '备注' is not used by the ruleset; ignored",
        f"测评数据.xlsx!units!A{totals_row}: the 合计 row was left out",
    ]


def test_cli_prints_the_warnings_and_exits_0(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["score", str(RULESETS / "district-neishe-ceping-2012.yaml"), str(save(office_sheet(), tmp_path))], out, err) == 0
    assert "warning: 测评数据.xlsx!units!" in err.getvalue() and "合计" in err.getvalue()


def test_uncached_formula_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    book = office_sheet()
    sheet = book["units"]
    # ZF01's 即时测评_优 (column D, first data row 6) as a formula never calculated: openpyxl saves no value.
    sheet["D6"] = "=1+2"
    path = save(book, tmp_path)
    with pytest.raises(FactsError) as caught:
        score(RULESET, path)
    message = str(caught.value)
    assert message.startswith("测评数据.xlsx!units!D6: column 即时测评_优: the formula =1+2 has no saved value")
    assert "open the file in Excel or WPS, save it" in message
    out, err = io.StringIO(), io.StringIO()
    assert run(["score", str(RULESETS / "district-neishe-ceping-2012.yaml"), str(path)], out, err) == 1
    assert "测评数据.xlsx!units!D6" in err.getvalue() and out.getvalue() == ""


def test_formula_with_a_saved_value_is_read(tmp_path: Path) -> None:
    # Excel saves the computed value next to the formula; patch the XML as Excel would have written it.
    import re
    import zipfile

    book = office_sheet(title_rows=0, two_rows=False, totals=False, text_numbers=False, extra=False)
    book["units"]["D2"] = "=1+2"  # ZF01 即时测评_优 is 3
    raw = save(book, tmp_path, "raw.xlsx")
    patched = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(patched, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'(<c r="D2"[^>]*>)<f>1\+2</f><v\s*/?>(</v>)?', rb"\1<f>1+2</f><v>3</v>", data)
                assert b"<v>3</v>" in data
            if info.filename == "xl/workbook.xml":  # Excel drops the writer's "calculate on opening" when it saves
                data = data.replace(b' fullCalcOnLoad="1"', b"")
            target.writestr(info, data)
    assert comparable(to_json_data(score(RULESET, patched))) == CLEAN


def test_bad_value_in_a_messy_sheet_names_the_cell(tmp_path: Path) -> None:
    book = office_sheet()
    book["units"]["E7"] = "十三"  # ZF02 即时测评_良
    with pytest.raises(FactsError, match=r"^测评数据\.xlsx!units!E7: column 即时测评_良: '十三' is not a whole number ≥ 0"):
        score(RULESET, save(book, tmp_path))


def test_missing_column_in_a_two_row_header_names_the_header_row(tmp_path: Path) -> None:
    book = office_sheet(extra=False)
    book["units"]["E4"] = "良好"  # 即时测评 / 良 mistyped
    with pytest.raises(FactsError, match=r"^测评数据\.xlsx!units!E4: column 即时测评_良好: column '即时测评_良' is missing \(found '即时测评_良好': rename it\?\) \[FA009\]"):
        score(RULESET, save(book, tmp_path))


def test_csv_two_row_header_and_totals_row(tmp_path: Path) -> None:
    top, bottom = [], []
    for header in HEADER:
        group, _, grade = header.partition("_")
        if group in GROUPS and grade:
            top.append(group if grade == "优" else "")
            bottom.append(grade)
        else:
            top.append(header)
            bottom.append("")
    lines = ["区直单位内设机构测评" + "," * (len(HEADER) - 1), ",".join(top), ",".join(bottom)]
    lines += [",".join(row) for row in ROWS]
    lines.append("合计" + "," * (len(HEADER) - 1))
    (tmp_path / "units.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    result = score(RULESET, tmp_path)
    assert comparable(to_json_data(result)) == CLEAN
    assert any(f"units.csv, row {3 + len(ROWS) + 1}" in w and "合计" in w for w in result.warnings)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title_rows=st.integers(min_value=0, max_value=4),
    two_rows=st.booleans(), totals=st.booleans(), text_numbers=st.booleans(), extra=st.booleans(),
    label_below=st.booleans(),
)
def test_any_combination_of_office_shapes_scores_the_same(tmp_path: Path, **options: Any) -> None:
    path = save(office_sheet(**options), tmp_path)
    assert comparable(to_json_data(score(RULESET, path))) == CLEAN
