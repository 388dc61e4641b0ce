"""Parent-level (`layout: keyed`) tables: one row per key, joined to subjects by a column of theirs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pingyi_rules import FactsError, RulesetError, score

from ..rules_helpers import load, subject_table, write_tables

BODY = "\n" + subject_table(
    "{header: 主管单位, type: text}",
) + """\
    - id: departments
      layout: keyed
      key: 主管单位
      join: 主管单位
      OPTIONAL
      columns:
        - {header: 主管单位, type: text}
        - {header: 部门得分, type: decimal, min: 0, max: 5}
points: 5
components:
  - {id: 部门, name: 部门得分, kind: input, column: 部门得分, points: 5}
"""

UNITS = "编码,名称,主管单位\nU1,甲,局A\nU2,乙,局A\nU3,丙,局B"


def _run(tmp_path: Path, departments: str, optional: bool = False):  # type: ignore[no-untyped-def]
    ruleset = load(BODY.replace("OPTIONAL", "optional: true" if optional else ""))
    return score(ruleset, write_tables(tmp_path, {"units": UNITS, "departments": departments}))


def test_every_subject_gets_its_parents_columns(tmp_path: Path) -> None:
    result = _run(tmp_path, "主管单位,部门得分\n局A,4.5\n局B,3\n局C,1")
    assert [(s.id, s.total) for s in result.subjects] == [("U1", 4.5), ("U2", 4.5), ("U3", 3)]
    # the value keeps the cell it came from
    trace = next(result.subject("U2").trace())
    assert trace.inputs == (("部门得分", Decimal("4.5")),)


def test_a_subject_whose_parent_has_no_row_is_an_error_at_its_cell(tmp_path: Path) -> None:
    with pytest.raises(FactsError) as info:
        _run(tmp_path, "主管单位,部门得分\n局A,4.5\n局C,1")
    assert str(info.value).endswith(
        "units.csv, row 4: column 主管单位: U3 丙: no row for '局B' in table 'departments' (column 主管单位) [FA019]"
    )


def test_optional_keyed_table_leaves_fields_blank(tmp_path: Path) -> None:
    result = _run(tmp_path, "主管单位,部门得分\n局A,4.5", optional=True)
    assert result.subject("U3").total is None


def test_a_key_twice_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FactsError, match=r"departments.csv, row 3: column 主管单位: key '局A' appears twice"):
        _run(tmp_path, "主管单位,部门得分\n局A,4.5\n局A,3\n局B,1")


def test_join_must_name_a_subject_column() -> None:
    with pytest.raises(RulesetError) as info:
        load(BODY.replace("join: 主管单位", "join: 主管单").replace("OPTIONAL", ""))
    assert "join column '主管单' is not a column of a per_subject table; did you mean '主管单位'?" in str(info.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("      key: 主管单位\n", ""), "a keyed table takes 'key' and 'join', not 'subject'"),
        (("layout: keyed\n", "layout: per_subject\n"), "a per_subject table takes 'subject', not 'key' or 'join'"),
    ],
)
def test_shape_of_a_keyed_table(change: tuple[str, str], message: str) -> None:
    with pytest.raises(RulesetError, match=message):
        load(BODY.replace(*change).replace("OPTIONAL", ""))


def test_keyed_table_from_a_workbook_sheet(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    units = book.active
    units.title = "units"
    for row in [line.split(",") for line in UNITS.splitlines()]:
        units.append(row)
    departments = book.create_sheet("departments")
    for row in (["主管单位", "部门得分"], ["局B", 2], ["局A", 1.5]):
        departments.append(row)
    book.save(tmp_path / "f.xlsx")
    result = score(load(BODY.replace("OPTIONAL", "")), tmp_path / "f.xlsx")
    assert [str(s.total) for s in result.subjects] == ["1.50", "1.50", "2.00"]
