"""`pingyi template`: the workbook follows the ruleset's declarations, and a filled template scores like the CSV folder."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from pingyi_rules import load_ruleset, score
from pingyi_rules.cli import run
from pingyi_rules.render.output import to_json_data
from pingyi_rules.render.template import sheet_name, template_bytes

from ..helpers import RULESETS, comparable, read_csv, shipped, typed

SHIPPED = shipped()
IDS = [r.stem for r, _ in SHIPPED]


def test_every_shipped_ruleset_has_example_facts() -> None:
    assert len(SHIPPED) >= 2


@pytest.mark.parametrize(("ruleset_path", "facts"), SHIPPED, ids=IDS)
def test_filled_template_scores_like_the_csv_folder(ruleset_path: Path, facts: Path, tmp_path: Path) -> None:
    ruleset = load_ruleset(ruleset_path)
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(ruleset)))
    for table in ruleset.input_tables():
        sheet = book[sheet_name(table)]
        header = [c.value for c in sheet[1]]
        assert header == [c.header for c in table.columns]
        kinds = {c.header: c.type for c in table.columns}
        csv_header, rows = read_csv(facts / f"{table.id}.csv")
        for row in rows:  # pasted in the template's column order, whatever the CSV's order
            by_header = dict(zip(csv_header, row, strict=True))
            sheet.append([typed(by_header.get(h, ""), kinds[h]) for h in header])
    filled = tmp_path / "数据模板.xlsx"
    book.save(filled)
    from_template = to_json_data(score(ruleset, filled))
    from_folder = to_json_data(score(ruleset, facts))
    assert comparable(from_template) == comparable(from_folder)
    assert from_template["inputs"][0]["name"] == "数据模板.xlsx"


@pytest.mark.parametrize(("ruleset_path", "facts"), SHIPPED, ids=IDS)
def test_validation_follows_the_declared_types(ruleset_path: Path, facts: Path) -> None:
    ruleset = load_ruleset(ruleset_path)
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(ruleset)))
    for table in ruleset.input_tables():
        sheet = book[sheet_name(table)]
        rules = {}
        for rule in sheet.data_validations.dataValidation:
            for cells in rule.sqref.ranges:
                rules[cells.min_col - 1] = rule
        for index, column in enumerate(table.columns):
            rule = rules.get(index)
            if column.type == "bool":
                assert rule is not None and rule.type == "list" and rule.formula1 == '"是,否"'
            elif column.type == "enum":
                assert rule is not None and rule.type == "list"
                assert all(v in rule.formula1 for v in column.values or ())
            elif column.type == "count":
                assert rule is not None and rule.type == "whole" and rule.formula1 == str(column.min or 0)
            elif column.type == "decimal" and (column.min is not None or column.max is not None):
                assert rule is not None and rule.type == "decimal"
                if column.max is not None:
                    assert str(column.max) in (rule.formula1, rule.formula2)
            else:
                assert rule is None, column.header
            if rule is not None:
                assert rule.showErrorMessage and rule.error


@pytest.mark.parametrize(("ruleset_path", "facts"), SHIPPED, ids=IDS)
def test_guide_sheet_lists_every_column(ruleset_path: Path, facts: Path) -> None:
    ruleset = load_ruleset(ruleset_path)
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(ruleset)))
    guide = book[book.sheetnames[0]]
    assert guide.title in ("说明", "填表说明")
    listed = [(r[0], r[3]) for r in guide.iter_rows(values_only=True) if r[3] is not None]
    for table in ruleset.input_tables():
        for column in table.columns:
            assert (sheet_name(table), column.header) in listed
    assert ruleset.sha256 in str(guide["A2"].value)


def test_guide_shows_unit_meaning_and_bounds() -> None:
    ruleset = load_ruleset(RULESETS / "district-neishe-ceping-2012.yaml")
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(ruleset)))
    rows = {r[3]: r for r in book["说明"].iter_rows(values_only=True) if r[3]}
    # {header: 拒不整改, type: count, unit: 起, description: 拒不整改且无正当理由}
    assert rows["拒不整改"][4:8] == ("非负整数", "拒不整改且无正当理由", "起", "不小于 0")
    assert rows["类别"][7] == "行政执法类 / 综合管理类"


def test_template_is_byte_identical_and_cli_writes_it(tmp_path: Path) -> None:
    ruleset = load_ruleset(RULESETS / "service-center-windows.yaml")
    assert template_bytes(ruleset) == template_bytes(ruleset)
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "数据模板.xlsx"
    assert run(["template", str(RULESETS / "service-center-windows.yaml"), "-o", str(target)], out, err) == 0
    assert target.read_bytes() == template_bytes(ruleset)
    assert run(["template", str(RULESETS / "service-center-windows.yaml")], out, err) == 2
