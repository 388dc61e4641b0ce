"""The fast paths of reading facts give exactly what the plain ones give: memoised cell typing,
lazily located rows and cell maps, and the exact place of a bad cell found by the fast path."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import FactsError, Location
from pingyi_rules.facts.reading import _NOWHERE, ColumnSpec, _converter, type_cell
from pingyi_rules.facts.rows import CellMap, Row, RowPlace

from ..helpers import EXAMPLES, RULESETS, cli

SEED4 = RULESETS / "district-neishe-ceping-2012.yaml"

COLUMNS = [
    ColumnSpec("n", "n", "count"),
    ColumnSpec("d", "d", "decimal", min=Decimal(0), max=Decimal(10)),
    ColumnSpec("e", "e", "enum", values=("优", "良")),
    ColumnSpec("b", "b", "bool"),
    ColumnSpec("t", "t", "text", required=False),
    ColumnSpec("day", "day", "date"),
    ColumnSpec("c", "c", "count", default=Decimal(0)),
]


CELLS = st.one_of(
    st.sampled_from(["", " ", "3", "03", "-1", "2.5", "1e3", "１２", "优", " 良 ", "是", "否", "x", "2023-06-01", "2023/6/1"]),
    st.text(max_size=4),
)


@settings(max_examples=300, deadline=None)
@given(cell=CELLS, index=st.integers(0, len(COLUMNS) - 1))
def test_memoised_converter_agrees_with_type_cell(cell: str, index: int) -> None:
    column = COLUMNS[index]
    convert = _converter(column)
    for _ in range(2):  # the second call comes from the memo
        try:
            expected = type_cell(cell, column, _NOWHERE)
        except FactsError as exc:
            with pytest.raises(FactsError) as raised:
                convert(cell)
            assert str(raised.value) == str(exc)
        else:
            assert convert(cell) == expected
            assert type(convert(cell)) is type(expected)


def _place() -> RowPlace:
    def locate(row: int, column: int, header: str | None) -> Location:
        return Location(file="units.csv", row=row, field=header)

    return RowPlace(locate, {"编码": (0, "编码"), "得分": (2, "得分")}, 0)


def test_placed_row_locates_like_an_eager_row() -> None:
    lazy = Row.placed({"编码": "U1", "得分": Decimal(3)}, 7, _place())
    eager = Row(
        {"编码": "U1", "得分": Decimal(3)},
        {"编码": Location(file="units.csv", row=7, field="编码"), "得分": Location(file="units.csv", row=7, field="得分")},
        Location(file="units.csv", row=7),
    )
    assert lazy == eager
    assert lazy.cells["得分"] == Location(file="units.csv", row=7, field="得分")
    assert str(lazy.location) == "units.csv, row 7"
    assert list(lazy.cells) == ["编码", "得分"] and "得分" in lazy.cells and "x" not in lazy.cells


def test_cell_map_resolves_like_a_plain_dict() -> None:
    home = Row.placed({"编码": "U1", "得分": Decimal(3)}, 2, _place())
    later = Row.placed({"编码": "U1", "得分": Decimal(4)}, 9, _place())
    cells = CellMap(home)
    cells.add_row(home, "编码")
    assert cells["得分"].row == 2 and "编码" not in cells
    cells.alias("系数", "得分")  # a lookup's value is located at its input
    assert cells["系数"] == cells["得分"]
    cells.alias("无源", "没有的列")  # …or at the subject's row
    assert cells["无源"] == home.location
    cells["手工"] = Location(file="x")
    cells.add_row(later, "编码")  # a later row's column wins
    assert cells["得分"].row == 9 and cells["手工"] == Location(file="x")
    assert set(cells) == {"得分", "系数", "无源", "手工"} and len(cells) == 4
    with pytest.raises(KeyError):
        cells["nothing"]


def test_a_bad_cell_far_down_is_named_exactly(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    shutil.copytree(EXAMPLES / "seed-004", folder)
    path = folder / "units.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[5].split(",")
    cells[4] = "2.5"  # 即时测评_良 on CSV row 6
    lines[5] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    code, _, err = cli("score", SEED4, folder)
    assert code == 1
    assert err.startswith("units.csv, row 6: column 即时测评_良: '2.5' is not a whole number ≥ 0") or (
        "row 6: column 即时测评_良: '2.5' is not a whole number ≥ 0" in err
    )
