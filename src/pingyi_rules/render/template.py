"""`pingyi template`: a fill-in workbook made from a ruleset's input declarations.

One sheet per declared table (named by the table id, the header row in Chinese
exactly as the reader expects), Excel data validation from the declared types
(lists for enums and 是/否, whole numbers for counts, bounded decimals), and a
说明 sheet that lists every column with its meaning, unit and bounds. The
reader needs nothing special to score a filled template: it is just a workbook
with one sheet per table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from ..compile.ruleset import CompiledRuleset
from ..core.errors import Location, RulesetError
from ..core.messages import say
from ..core.numbers import plain
from ..facts.reading import NO, YES, ColumnSpec, TableSpec, nfkc
from ..model import components as m
from .xlsx_common import (
    SHEET_NAME_FORBIDDEN,
    SHEET_NAME_MAX,
    append_row,
    fit_columns,
    style_header,
    unwritable,
    workbook_bytes,
)

LIST_FORMULA_LIMIT = 255  # Excel's limit for an inline list ("a,b,c")
LAST_ROW = 1048576

TYPE_LABELS = {
    "id": "编码（文本）",
    "text": "文本",
    "enum": "选项",
    "count": "非负整数",
    "decimal": "数值",
    "bool": "是/否",
    "date": "日期",
    "month": "月份",
    "grade": "等次",
}
ROWS_LABELS = {"per_subject": "每个对象一行", "cases": "每个案例（事项）一行，一个对象可有多行"}


def _choices(spec: ColumnSpec) -> tuple[str, ...]:
    """The words a cell may hold: an enum's values, a grade column's grades."""
    if spec.type == "grade":
        return tuple(word for word, _ in spec.grades or ())
    return (spec.values or ()) if spec.type == "enum" else ()


def bounds_text(spec: ColumnSpec) -> str:
    """The allowed values of a column, in Chinese, for the 说明 sheet and validation prompts."""
    if spec.type in ("enum", "grade"):
        return " / ".join(_choices(spec))
    if spec.type == "month":
        return "月份，如 2023-06"
    if spec.type == "bool":
        return f"{YES} / {NO}"
    if spec.type == "date":
        return "日期，如 2023-06-01"
    if spec.type not in ("count", "decimal"):
        return ""
    low = spec.min if spec.min is not None else (Decimal(0) if spec.type == "count" else None)
    if low is not None and spec.max is not None:
        return f"{plain(low)} 至 {plain(spec.max)}"
    if low is not None:
        return f"不小于 {plain(low)}"
    if spec.max is not None:
        return f"不大于 {plain(spec.max)}"
    return "任意数值"


def sheet_name(table: TableSpec) -> str:
    """The sheet a table is read from: its id, or its title when the id is too long for Excel."""
    for candidate in (table.id, table.title):
        if candidate and len(candidate) <= SHEET_NAME_MAX and not any(ch in candidate for ch in SHEET_NAME_FORBIDDEN):
            return candidate
    raise RulesetError(
        say("RS043", id=table.id, SHEET_NAME_MAX=SHEET_NAME_MAX),
        Location(path=f"inputs.tables[{table.id}]"),
    )


def _declarations(model: m.Ruleset) -> dict[tuple[str, str], m.Column]:
    """(table id, normalised header) -> the column declaration (for unit and description)."""
    found: dict[tuple[str, str], m.Column] = {}
    for table in model.inputs.tables:
        for column in table.columns:
            for header in [column.header] if column.header is not None else list(column.headers or ()):
                found[(table.id, nfkc(header))] = column
    return found


def template_bytes(ruleset: CompiledRuleset) -> bytes:
    """The fill-in workbook for a ruleset, as .xlsx bytes (identical for the same ruleset)."""
    import openpyxl

    book = openpyxl.Workbook()
    guide: Any = book.active
    names = [sheet_name(t) for t in ruleset.input_tables()]
    guide.title = "填表说明" if "说明" in names else "说明"
    lists: Any = None
    declared = _declarations(ruleset.model)
    for table, name in zip(ruleset.input_tables(), names, strict=True):
        sheet = book.create_sheet(name)
        append_row(sheet, [c.header for c in table.columns])
        style_header(sheet)
        fit_columns(sheet, [[c.header for c in table.columns]], minimum=10)
        for index, spec in enumerate(table.columns):
            if lists is None and _needs_list_sheet(spec):
                lists = book.create_sheet("选项")
                lists.sheet_state = "hidden"
            _validate(sheet, index, spec, declared.get((table.id, spec.header)), lists)
    _write_guide(guide, ruleset, names, declared)
    book.active = 1
    return workbook_bytes(book)


def _needs_list_sheet(spec: ColumnSpec) -> bool:
    values = _choices(spec)
    if not values:
        return False
    return len(",".join(values)) + 2 > LIST_FORMULA_LIMIT or any("," in v or '"' in v for v in values)


def _validation_rule(spec: ColumnSpec, lists: Any) -> Any:
    """The data validation of one column (a list of values, or number bounds); None when it has none."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    if spec.type == "bool":
        return DataValidation(type="list", formula1=f'"{YES},{NO}"')
    values = _choices(spec)
    if values:
        if _needs_list_sheet(spec):
            column_at = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value is not None else 1
            list_letter = get_column_letter(column_at)
            for row, value in enumerate(values, start=1):
                error = unwritable(value, lists.title, f"{list_letter}{row}")
                if error is not None:
                    raise error
                lists.cell(row=row, column=column_at, value=value)
            return DataValidation(
                type="list",
                formula1=f"{quote_sheetname(lists.title)}!${list_letter}$1:${list_letter}${len(values)}",
            )
        return DataValidation(type="list", formula1='"' + ",".join(values) + '"')
    if spec.type in ("count", "decimal"):
        low = spec.min if spec.min is not None else (Decimal(0) if spec.type == "count" else None)
        kind: Literal["whole", "decimal"] = "whole" if spec.type == "count" else "decimal"
        if low is not None and spec.max is not None:
            return DataValidation(type=kind, operator="between", formula1=plain(low), formula2=plain(spec.max))
        if low is not None:
            return DataValidation(type=kind, operator="greaterThanOrEqual", formula1=plain(low))
        if spec.max is not None:
            return DataValidation(type=kind, operator="lessThanOrEqual", formula1=plain(spec.max))
    return None


def _validate(sheet: Any, index: int, spec: ColumnSpec, column: m.Column | None, lists: Any) -> None:
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(index + 1)
    cells = f"{letter}2:{letter}{LAST_ROW}"
    if spec.type in ("id", "text"):
        # Text format keeps ids like 010 as typed instead of turning them into 10.
        sheet.column_dimensions[letter].number_format = "@"
    if spec.type == "date":
        sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
    if spec.type == "month":
        sheet.column_dimensions[letter].number_format = "yyyy-mm"
    rule = _validation_rule(spec, lists)
    if rule is None:
        return
    hint = bounds_text(spec)
    if column is not None and column.unit:
        hint += f"（单位：{column.unit}）"
    rule.allow_blank = not spec.required or spec.default is not None
    rule.showErrorMessage = True
    rule.errorTitle = spec.header[:32]
    rule.error = f"请填写{TYPE_LABELS[spec.type]}：{hint}"[:255]
    rule.showInputMessage = True
    rule.promptTitle = spec.header[:32]
    rule.prompt = hint[:255]
    rule.add(cells)
    sheet.add_data_validation(rule)


def _write_guide(sheet: Any, ruleset: CompiledRuleset, names: list[str], declared: dict[tuple[str, str], m.Column]) -> None:
    model = ruleset.model
    intro = [
        [f"{model.name}：数据填报模板"],
        [f"规则集 {model.id}，版本 {model.version}，SHA-256 {ruleset.sha256}"],
        ["每张工作表对应一张数据表：第一行是表头，请勿改动；从第二行起逐行填写。表头上方可加标题行，可在右侧加备注列（计分时忽略）。"],
        ["数值请填数字（全角数字也可识别）；是/否 列只填“是”或“否”；公式单元格请在 Excel 或 WPS 中保存后再计分。"],
        [],
    ]
    header = ["工作表", "表名", "行的含义", "列（表头）", "类型", "含义", "单位", "取值范围", "必填", "缺省值"]
    rows: list[list[Any]] = []
    for table, name in zip(ruleset.input_tables(), names, strict=True):
        for spec in table.columns:
            column = declared.get((table.id, spec.header))
            meaning = column.description if column is not None and column.description else ""
            if spec.header == table.subject and not meaning:
                meaning = "评议对象编码（与对象表一致）"
            rows.append(
                [
                    name,
                    table.title or table.id,
                    ROWS_LABELS.get(table.rows, table.rows),
                    spec.header,
                    TYPE_LABELS.get(spec.type, spec.type),
                    meaning,
                    (column.unit if column is not None else None) or "",
                    bounds_text(spec),
                    "是" if spec.required and spec.default is None else "否",
                    "" if spec.default is None else str(spec.default),
                ]
            )
    for line in intro:
        append_row(sheet, line)
    append_row(sheet, header)
    for row in rows:
        append_row(sheet, row)
    style_header(sheet, row=len(intro) + 1, freeze=f"A{len(intro) + 2}")
    from openpyxl.styles import Font

    sheet["A1"].font = Font(bold=True, size=14)
    fit_columns(sheet, [header, *rows])
