"""Reading facts: CSV encodings, xlsx equivalence, and every data error naming its file, row and column."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import openpyxl
import pytest

from pingyi_rules import FactsError, load_ruleset, score
from pingyi_rules.render.output import to_json

from ..helpers import EXAMPLES, RULESETS, cli

SEED4 = RULESETS / "district-neishe-ceping-2012.yaml"
SEED3 = RULESETS / "service-center-windows.yaml"


def workbook_from_folder(folder: Path, target: Path) -> Path:
    """The office's other shape: one .xlsx with a sheet per CSV file, named after the file, numbers as numbers."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for path in sorted(folder.glob("*.csv")):
        sheet = book.create_sheet(path.stem)
        with path.open(encoding="utf-8-sig", newline="") as stream:
            for row in csv.reader(stream):
                sheet.append([_cell(v) for v in row])
    book.save(target)
    return target


def _cell(text: str) -> object:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text if text != "" else None


@pytest.mark.parametrize(("ruleset", "folder"), [(SEED4, "seed-004"), (SEED3, "seed-003")])
def test_xlsx_workbook_gives_identical_results(tmp_path: Path, ruleset: Path, folder: str) -> None:
    compiled = load_ruleset(ruleset)
    from_csv = score(compiled, EXAMPLES / folder)
    book = workbook_from_folder(EXAMPLES / folder, tmp_path / "数据.xlsx")
    from_xlsx = score(compiled, book)
    # the units, totals, ranks, tiers and components are identical; only the inputs' digests differ
    assert [dataclasses.replace(u, components=()) for u in from_csv.subjects] == [
        dataclasses.replace(u, components=()) for u in from_xlsx.subjects
    ]
    strip = lambda text: text.split('"units"')[1]
    assert strip(to_json(from_csv)) == strip(to_json(from_xlsx))


def test_gb18030_csv_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "gbk"
    folder.mkdir()
    text = (EXAMPLES / "seed-004" / "units.csv").read_text(encoding="utf-8-sig")
    (folder / "units.csv").write_bytes(text.encode("gb18030"))
    result = score(load_ruleset(SEED4), folder)
    assert result.subject("ZF03").total is not None and str(result.subject("ZF03").total) == "92.29"


def _broken_units(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "facts"
    folder.mkdir()
    rows = list(csv.reader(io.StringIO((EXAMPLES / "seed-004" / "units.csv").read_text(encoding="utf-8-sig"))))
    edit(rows)
    with (folder / "units.csv").open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return folder


def _set(row: int, header: str, value: str):  # type: ignore[no-untyped-def]
    def edit(rows: list[list[str]]) -> None:
        rows[row][rows[0].index(header)] = value

    return edit


BROKEN_FACTS = [
    ("negative-count", _set(3, "即时测评_良", "-2"),
     "units.csv, row 4: column 即时测评_良: -2 is negative; expected a whole number ≥ 0"),
    ("non-numeric-count", _set(3, "即时测评_良", "两"),
     "units.csv, row 4: column 即时测评_良: '两' is not a whole number ≥ 0"),
    ("fractional-count", _set(3, "拒不整改", "1.5"),
     "units.csv, row 4: column 拒不整改: '1.5' is not a whole number ≥ 0"),
    ("blank-count", _set(5, "集中测评_差", ""),
     "units.csv, row 6: column 集中测评_差: blank; expected a whole number ≥ 0"),
    ("unknown-category", _set(2, "类别", "综合管理"),
     "units.csv, row 3: column 类别: '综合管理' is not one of 行政执法类 / 综合管理类; did you mean '综合管理类'?"),
    ("missing-column", lambda rows: [r.pop(rows[0].index("拒不整改")) for r in rows[::-1]] and None,
     "units.csv, row 1: column '拒不整改' is missing"),
    ("duplicated-id", _set(4, "单位编码", "ZF03"),
     "units.csv, row 5: column 单位编码: subject 'ZF03' appears twice (first at "),
    ("no-measurements", lambda rows: [rows[1].__setitem__(i, "0") for i in range(13, 18)],
     "units.csv, row 2: ZF01 区公安局业务科: 综合满意度/明察暗访: expression '(明察暗访_优 * 90 + 明察暗访_良 * 75 + 明察暗访_一般 * 60 + 明察暗访_较差 * 45 + 明察暗访_差 * 30) / (票数合计 * 90)': division by zero (明察暗访_优 = 0"),
]


@pytest.mark.parametrize(("edit", "message"), [b[1:] for b in BROKEN_FACTS], ids=[b[0] for b in BROKEN_FACTS])
def test_broken_facts_exit_1_naming_file_row_and_column(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    folder = _broken_units(tmp_path, edit)
    code, out, err = cli("score", SEED4, folder, "--format", "json")
    assert code == 1, err
    assert out == ""
    assert "Traceback" not in err
    assert message in err, err
    assert err.startswith(str(folder / "units.csv"))


def test_broken_cell_in_a_workbook_names_sheet_and_cell(tmp_path: Path) -> None:
    folder = _broken_units(tmp_path, _set(3, "即时测评_良", "-2"))
    book = workbook_from_folder(folder, tmp_path / "数据.xlsx")
    with pytest.raises(FactsError) as info:
        score(load_ruleset(SEED4), book)
    assert str(info.value) == "数据.xlsx!units!E4: column 即时测评_良: -2 is negative; expected a whole number ≥ 0 [FA015]"


def test_missing_table_is_named(tmp_path: Path) -> None:
    (tmp_path / "unit.csv").write_text("x\n", encoding="utf-8")
    code, _, err = cli("score", SEED4, tmp_path)
    assert code == 1
    assert err.strip() == f"{tmp_path}: table 'units' is missing: expected units.csv (found unit.csv: rename it?) [FA004]"
