"""Workbooks not written by openpyxl: another library (XlsxWriter), and openpyxl files whose XML is
edited the way other writers lay it out (stale or missing dimension, shared strings, cells and rows
without numbers, rows out of order, sparse rows, prefixed namespaces). Each must read completely and
exactly as the same table written as CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import FactsError, load_ruleset
from pingyi_rules.facts.reading import ColumnSpec, FactSet, TableSpec, read_facts
from pingyi_rules.facts.xlsx_formats import CellFormats, serial_date

from ..corpus_runner import BASE

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"
Table = list[list[Any]]  # header row, then data rows; cells as a writer is given them


def values(facts: FactSet) -> dict[str, list[dict[str, Any]]]:
    return {name: [dict(row.values) for row in table.rows] for name, table in facts.tables.items()}


# --------------------------------------------------------------------------- writers


def write_openpyxl(path: Path, tables: dict[str, Table]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
    book.save(path)


def write_xlsxwriter(path: Path, tables: dict[str, Table], *, inline: bool = False) -> None:
    # constant_memory: XlsxWriter's streaming mode, which writes inline strings instead of shared ones
    book = xlsxwriter.Workbook(str(path), {"constant_memory": inline})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in tables.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
                else:
                    sheet.write_number(r, c, value)
    book.close()


def rezip(source: Path, target: Path, edit: Callable[[str, bytes], bytes | None]) -> None:
    """Copy a workbook part by part; `edit` returns a part's new bytes, or None to leave it out."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = edit(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)


def sheet_edit(change: Callable[[ET.Element], None], prefix: str = "") -> Callable[[str, bytes], bytes | None]:
    def edit(name: str, data: bytes) -> bytes | None:
        if not name.startswith("xl/worksheets/sheet"):
            return data
        ET.register_namespace(prefix, MAIN)
        ET.register_namespace("r", RELS)
        root = ET.fromstring(data)
        change(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)

    return edit


def _q(tag: str) -> str:
    return f"{{{MAIN}}}{tag}"


def _data(root: ET.Element) -> ET.Element:
    found = root.find(_q("sheetData"))
    assert found is not None
    return found


def stale_dimension(root: ET.Element) -> None:
    dimension = root.find(_q("dimension"))
    assert dimension is not None
    dimension.set("ref", "A1:B2")  # an older tool's record of the sheet, never updated


def huge_dimension(root: ET.Element) -> None:
    dimension = root.find(_q("dimension"))
    assert dimension is not None
    dimension.set("ref", "A1:XFD1048576")


def no_dimension(root: ET.Element) -> None:
    dimension = root.find(_q("dimension"))
    assert dimension is not None
    root.remove(dimension)


def no_numbers(root: ET.Element) -> None:
    """Drop every row and cell reference the reader can infer (the next row, the next column)."""
    last_row = 0
    for row in _data(root):
        number = int(row.get("r", "0"))
        if number == last_row + 1:
            del row.attrib["r"]
        last_row = number
        last_column = 0
        for cell in row:
            letters = re.match(r"[A-Z]+", cell.get("r", "")).group()  # type: ignore[union-attr]
            column = openpyxl.utils.column_index_from_string(letters)
            if column == last_column + 1:
                del cell.attrib["r"]
            last_column = column


def reversed_rows(root: ET.Element) -> None:
    data = _data(root)
    rows = list(data)
    for row in rows:
        data.remove(row)
        row[:] = list(reversed(row))  # the cells of each row out of order too
    data.extend(reversed(rows))


def sparse_rows(root: ET.Element) -> None:
    """Row n becomes row 3n - 2: two blank rows, one of them a styled empty row, after every row."""
    data = _data(root)
    rows = list(data)
    data[:] = []
    for row in rows:
        number = 3 * int(row.get("r", "0")) - 2
        row.set("r", str(number))
        for cell in row:
            cell.set("r", re.sub(r"[0-9]+", str(number), cell.get("r", "")))
        data.append(row)
        data.append(ET.Element(_q("row"), {"r": str(number + 1), "s": "0", "customFormat": "1"}))


def shared_strings(name: str, data: bytes) -> bytes | None:
    """Inline strings moved into a shared strings part, as Excel writes them."""
    if name.startswith("xl/worksheets/sheet"):
        strings = _STRINGS.setdefault("list", [])

        def share(match: re.Match[bytes]) -> bytes:
            strings.append(match.group(2))
            return match.group(1) + b't="s"><v>' + str(len(strings) - 1).encode() + b"</v></c>"

        return re.sub(rb'(<c [^>]*?)t="inlineStr"><is><t>(.*?)</t></is></c>', share, data)
    if name == "xl/_rels/workbook.xml.rels":
        return data.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
    if name == "[Content_Types].xml":
        return data.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
    return data


_STRINGS: dict[str, list[bytes]] = {}


def with_shared_strings(source: Path, target: Path) -> None:
    _STRINGS.clear()
    rezip(source, target, shared_strings)
    items = b"".join(b"<si><t>" + s + b"</t></si>" for s in _STRINGS.get("list", []))
    with zipfile.ZipFile(target, "a") as book:
        book.writestr("xl/sharedStrings.xml", b'<sst xmlns="' + MAIN.encode() + b'">' + items + b"</sst>")


def strict(name: str, data: bytes) -> bytes:
    """The namespaces of Strict Open XML, Excel's other way to save a workbook."""
    data = data.replace(MAIN.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main")
    return data.replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    )


EDITS: dict[str, Callable[[Path, Path], None]] = {
    "stale dimension": lambda s, t: rezip(s, t, sheet_edit(stale_dimension)),
    "huge dimension": lambda s, t: rezip(s, t, sheet_edit(huge_dimension)),
    "no dimension": lambda s, t: rezip(s, t, sheet_edit(no_dimension)),
    "no row or cell numbers": lambda s, t: rezip(s, t, sheet_edit(no_numbers)),
    "rows and cells out of order": lambda s, t: rezip(s, t, sheet_edit(reversed_rows)),
    "sparse rows": lambda s, t: rezip(s, t, sheet_edit(sparse_rows)),
    "prefixed namespace": lambda s, t: rezip(s, t, sheet_edit(lambda root: None, prefix="x")),
    "shared strings": with_shared_strings,
    "strict namespaces": lambda s, t: rezip(s, t, strict),
}


# --------------------------------------------------------------------------- the corpus base facts


def _typed(cell: str) -> Any:
    for kind in (int, float):
        try:
            return kind(cell)
        except ValueError:
            pass
    return cell or None


def base_tables() -> dict[str, Table]:
    tables = {}
    for name in ("units", "extra", "cases"):
        with open(BASE / f"{name}.csv", encoding="utf-8", newline="") as stream:
            tables[name] = [[_typed(c) for c in row] for row in csv.reader(stream)]
    return tables


@pytest.fixture(scope="module")
def base_values() -> dict[str, list[dict[str, Any]]]:
    return values(read_facts(load_ruleset(BASE / "ruleset.yaml").tables, BASE))


@pytest.mark.parametrize("edit", list(EDITS))
def test_edited_openpyxl_workbook_reads_like_the_csv(
    tmp_path: Path, edit: str, base_values: dict[str, list[dict[str, Any]]]
) -> None:
    source, target = tmp_path / "raw.xlsx", tmp_path / "facts.xlsx"
    write_openpyxl(source, base_tables())
    EDITS[edit](source, target)
    assert values(read_facts(load_ruleset(BASE / "ruleset.yaml").tables, target)) == base_values


@pytest.mark.parametrize("inline", [False, True], ids=["shared strings", "inline strings"])
def test_xlsxwriter_workbook_reads_like_the_csv(
    tmp_path: Path, inline: bool, base_values: dict[str, list[dict[str, Any]]]
) -> None:
    target = tmp_path / "facts.xlsx"
    write_xlsxwriter(target, base_tables(), inline=inline)
    assert values(read_facts(load_ruleset(BASE / "ruleset.yaml").tables, target)) == base_values


def test_every_row_past_a_stale_dimension_is_read(tmp_path: Path) -> None:
    # 200 units where the stored dimension claims two rows: all 200 are read.
    rows: Table = [["编码", "附加分"]] + [[f"U{i}", 1.5] for i in range(1, 201)]
    source, target = tmp_path / "raw.xlsx", tmp_path / "facts.xlsx"
    write_openpyxl(source, {"extra": rows})
    rezip(source, target, sheet_edit(stale_dimension))
    with zipfile.ZipFile(target) as book:
        assert b'<dimension ref="A1:B2"' in book.read(SHEET)
    facts = read_facts([_spec("extra", [("编码", "id"), ("附加分", "decimal")])], target)
    assert [row.values["编码"] for row in facts.tables["extra"].rows] == [f"U{i}" for i in range(1, 201)]


# --------------------------------------------------------------------------- property: any small table


def _spec(name: str, columns: list[tuple[str, str]]) -> TableSpec:
    return TableSpec(
        id=name, rows="per_subject", subject=columns[0][0],
        columns=tuple(ColumnSpec(header=h, name=h, type=t, required=t != "date") for h, t in columns),
    )


COLUMNS = [("编码", "id"), ("名称", "text"), ("得分", "decimal"), ("票数", "count"), ("日期", "date"), ("立案", "bool")]
_TEXT = st.text(
    alphabet=st.sampled_from("甲乙丙丁科局（）()ⅡＡ-·、 1234567890abcXYZ"), min_size=1, max_size=12
).filter(lambda s: s.strip() == s and not s.isdigit())


@st.composite
def small_tables(draw: st.DrawFn) -> list[list[Any]]:
    count = draw(st.integers(1, 6))
    rows = []
    for index in range(count):
        rows.append([
            f"U{index + 1}",
            draw(_TEXT),
            draw(st.decimals(min_value=-10**6, max_value=10**6, places=draw(st.integers(0, 6)),
                             allow_nan=False, allow_infinity=False)),
            draw(st.integers(0, 10**9)),
            draw(st.none() | st.dates(dt.date(1901, 1, 1), dt.date(2099, 12, 31))),
            draw(st.sampled_from(["是", "否"])),
        ])
    return rows


def _cells(row: list[Any]) -> list[Any]:
    """A row as a writer gets it: the decimal as the binary float a spreadsheet stores."""
    return [float(v) if isinstance(v, Decimal) else v for v in row]


WRITERS: dict[str, Callable[[Path, dict[str, Table]], None]] = {
    "openpyxl": write_openpyxl,
    "xlsxwriter": write_xlsxwriter,
    "xlsxwriter inline": lambda p, t: write_xlsxwriter(p, t, inline=True),
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=small_tables(), writer=st.sampled_from([*WRITERS, *EDITS]))
def test_any_small_table_reads_like_its_csv(tmp_path: Path, rows: list[list[Any]], writer: str) -> None:
    spec = _spec("t", COLUMNS)
    folder = tmp_path / writer.replace(" ", "-")
    folder.mkdir(exist_ok=True)
    with open(folder / "t.csv", "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([[h for h, _ in COLUMNS], *[["" if v is None else v for v in r] for r in rows]])
    expected = values(read_facts([spec], folder / "t.csv"))
    table = {"t": [[h for h, _ in COLUMNS], *[_cells(r) for r in rows]]}
    book = folder / "t.xlsx"
    if writer in WRITERS:
        WRITERS[writer](book, table)
    else:
        write_openpyxl(folder / "raw.xlsx", table)
        EDITS[writer](folder / "raw.xlsx", book)
    assert values(read_facts([spec], book)) == expected


# --------------------------------------------------------------------------- formulas from other writers


def test_formula_values_of_a_calculate_on_opening_file_are_not_trusted(tmp_path: Path) -> None:
    # XlsxWriter saves 0 as the value of every formula and asks Excel to calculate on opening:
    # the 0 is not the formula's value, so the cell is refused like a formula with no value.
    target = tmp_path / "facts.xlsx"
    book = xlsxwriter.Workbook(str(target))
    sheet = book.add_worksheet("extra")
    sheet.write_row(0, 0, ["编码", "附加分"])
    for r, unit in enumerate(["U1", "U2", "U3"], start=1):
        sheet.write_string(r, 0, unit)
        sheet.write_formula(r, 1, "=1+2")
    book.close()
    with zipfile.ZipFile(target) as book_zip:
        assert b"<v>0</v>" in book_zip.read(SHEET) and b'fullCalcOnLoad="1"' in book_zip.read("xl/workbook.xml")
    with pytest.raises(FactsError) as caught:
        read_facts([_spec("extra", [("编码", "id"), ("附加分", "decimal")])], target)
    assert str(caught.value.errors[0]).startswith(  # type: ignore[attr-defined]
        "facts.xlsx!extra!B2: column 附加分: the formula =1+2 has no saved value"
    )


# --------------------------------------------------------------------------- strings


def test_pretty_printed_inline_rich_text(tmp_path: Path) -> None:
    source, target = tmp_path / "raw.xlsx", tmp_path / "facts.xlsx"
    write_openpyxl(source, {"t": [["编码", "名称"], ["U1", "一科"]]})

    def edit(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        return data.replace(
            "<is><t>一科</t></is>".encode(),
            "<is>\n  <r><t>一</t></r>\n  <r><t>科</t></r>\n  <rPh sb=\"0\" eb=\"1\"><t>イチ</t></rPh>\n</is>".encode(),
        )

    rezip(source, target, edit)
    facts = read_facts([_spec("t", [("编码", "id"), ("名称", "text")])], target)
    assert facts.tables["t"].rows[0].values["名称"] == "一科"


def test_rich_text_phonetic_runs_and_escapes_in_shared_strings(tmp_path: Path) -> None:
    source, shared, target = tmp_path / "raw.xlsx", tmp_path / "shared.xlsx", tmp_path / "facts.xlsx"
    write_openpyxl(source, {"t": [["编码", "名称"], ["U1", "一科"], ["U2", "二科"]]})
    with_shared_strings(source, shared)

    def edit(name: str, data: bytes) -> bytes:
        if name != "xl/sharedStrings.xml":
            return data
        data = data.replace(  # rich text runs, and a phonetic reading that is not part of the text
            "<si><t>一科</t></si>".encode(),
            "<si><r><t>一</t></r><r><rPr><b/></rPr><t>科</t></r><rPh sb=\"0\" eb=\"1\"><t>イチ</t></rPh></si>".encode(),
        )
        data = data.replace(b"<t>U1</t>", b"<t>U_x0031_</t>")  # an escaped character
        data = data.replace(b"<t>U2</t>", b"<t>U2_xD800_</t>")  # half a character: left as written
        return data.replace("<t>二科</t>".encode(), "<t>二_x005F_x0041_科</t>".encode())  # an escaped underscore

    rezip(shared, target, edit)
    facts = read_facts([_spec("t", [("编码", "id"), ("名称", "text")])], target)
    assert [row.values["名称"] for row in facts.tables["t"].rows] == ["一科", "二_x0041_科"]
    assert [row.values["编码"] for row in facts.tables["t"].rows] == ["U1", "U2_xD800_"]


# --------------------------------------------------------------------------- numbers, percentages, dates


def _formats(code: str) -> CellFormats:
    formats = CellFormats()
    formats.add_code("164", code)
    formats.add_style("0")
    formats.add_style("164")
    return formats


@pytest.mark.parametrize(
    ("code", "stored", "shown"),
    [
        ("0%", 0.8, 80),
        ("0%", 0.0, 0),
        ("0.00%", 0.8051, Decimal("80.51")),
        ("0.0%", 0.805, Decimal("80.5")),
        ("[Red]0.0%", 0.805, Decimal("80.5")),
        ("0.0%;-0.0", -0.805, Decimal("-0.805")),  # the negative section shows no percentage
        ("0.0;-0.0%", 0.805, Decimal("0.805")),
        ("0.0;-0.0%", -0.805, Decimal("-80.5")),
        ("0.0%;-0.0%;0", 0.0, 0),
        ('0.0"%"', 8.5, Decimal("8.5")),  # a quoted percent sign is text beside the number
        ("0.0\\%", 8.5, Decimal("8.5")),  # so is an escaped one
        ("0.00", 70.02499999999999, Decimal("70.025")),  # 15 significant digits, as Excel shows it
        ("General", 0.1 + 0.2, Decimal("0.3")),
        ("General", 7.999999999999999, 8),
        ("General", 1e-20, Decimal("1E-20")),
        ("#,##0", 1013.0, 1013),
    ],
)
def test_numbers_are_read_as_excel_shows_them(code: str, stored: float, shown: Any) -> None:
    value = _formats(code).shown(stored, "1", False)
    assert value == shown and type(value) is type(shown)


def test_builtin_formats() -> None:
    formats = CellFormats()
    for number in ("0", "9", "10", "14", "31", "57", "49"):
        formats.add_style(number)
    assert [formats.kind(str(i)) for i in range(7)] == [
        (False, (False,)), (False, (True,)), (False, (True,)), (True, (False,)), (True, (False,)),
        (True, (False,)), (False, (False,)),
    ]


@pytest.mark.parametrize(
    ("serial", "date1904", "expected"),
    [
        (1, False, dt.datetime(1900, 1, 1)),
        (59, False, dt.datetime(1900, 2, 28)),
        (60, False, None),  # 29 February 1900, which Excel counts but never was
        (61, False, dt.datetime(1900, 3, 1)),
        (45000, False, dt.datetime(2023, 3, 15)),
        (45000.75, False, dt.datetime(2023, 3, 15, 18)),
        (0.5, False, dt.time(12)),
        (1, True, dt.datetime(1904, 1, 2)),
        (43538, True, dt.datetime(2023, 3, 15)),
        (-1, False, None),
        (2958466, False, None),
    ],
)
def test_serial_dates(serial: float, date1904: bool, expected: Any) -> None:
    assert serial_date(serial, date1904) == expected


def test_a_1904_workbook_reads_its_dates(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = book.active
    sheet.title = "t"
    sheet.append(["编码", "日期"])
    sheet.append(["U1", dt.date(2023, 3, 15)])
    sheet["B2"].number_format = "yyyy-mm-dd"
    book.save(tmp_path / "facts.xlsx")
    with zipfile.ZipFile(tmp_path / "facts.xlsx") as saved:
        assert b'date1904="1"' in saved.read("xl/workbook.xml")
    facts = read_facts([_spec("t", [("编码", "id"), ("日期", "date")])], tmp_path / "facts.xlsx")
    assert facts.tables["t"].rows[0].values["日期"] == dt.date(2023, 3, 15)


def test_a_visible_sheet_named_by_title_wins_over_a_hidden_one_named_by_id(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    hidden = book.create_sheet("units")
    hidden.append(["编码", "附加分"])
    hidden.append(["U1", 9])  # an old copy the office hid
    hidden.sheet_state = "hidden"
    visible = book.create_sheet("测评数据")
    visible.append(["编码", "附加分"])
    visible.append(["U1", 1])
    book.save(tmp_path / "facts.xlsx")
    spec = TableSpec(
        id="units", rows="per_subject", subject="编码", title="测评数据",
        columns=(ColumnSpec("编码", "编码", "id"), ColumnSpec("附加分", "附加分", "decimal")),
    )
    facts = read_facts([spec], tmp_path / "facts.xlsx")
    assert [row.values["附加分"] for row in facts.tables["units"].rows] == [1]
    assert facts.warnings == [
        "facts.xlsx!units: hidden sheet left out; table 'units' is read from the visible sheet '测评数据'"
    ]
