"""The result workbook: a ranking sheet per ranking group, 差距 (margins), 明细 (one row per trace entry), 计分说明.

Styled for publishing (bold shaded header, frozen panes, numbers quantized to
the ruleset's places and shown with that many decimals, widths by display
width) and saved byte-identically for the same inputs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..core.safe_text import CELL_LIMIT, visible
from .margins import MARGIN_HEADER, margin_detail
from .report import KIND_LABELS, RankingTable, Report, detail_rows, inputs_text, provenance, scoring_rules
from .xlsx_common import (
    SHEET_NAME_FORBIDDEN,
    SHEET_NAME_MAX,
    append_row,
    fit_columns,
    style_header,
    workbook_bytes,
)

_BAD_SHEET_CHARS = str.maketrans({ch: "_" for ch in SHEET_NAME_FORBIDDEN})


def _sheet_title(text: str, taken: set[str]) -> str:
    base = visible(text).translate(_BAD_SHEET_CHARS).strip("'")[:SHEET_NAME_MAX] or "排名"
    title, n = base, 2
    while title.casefold() in taken:  # Excel compares sheet names without case
        suffix = f"({n})"
        title, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    taken.add(title.casefold())
    return title


def result_workbook(report: Report) -> bytes:
    """The result as .xlsx bytes: a ranking sheet per ranking group, 差距, 明细, 计分说明, and 作废记录
    when records were void."""
    import openpyxl  # imported on use: `pingyi` starts without it

    number_format = "0" if report.places == 0 else "0." + "0" * report.places
    book = openpyxl.Workbook()
    taken: set[str] = {"差距", "明细", "计分说明", "作废记录"}
    for index, table in enumerate(report.tables):
        sheet: Any = book.active if index == 0 else book.create_sheet()
        _ranking_sheet(sheet, report, table, _sheet_title(table.group or "排名", taken), number_format)
    _margins_sheet(book.create_sheet("差距"), report, number_format)
    _detail_sheet(book.create_sheet("明细"), report, number_format)
    _rules_sheet(book.create_sheet("计分说明"), report)
    if report.result.void:
        _void_sheet(book.create_sheet("作废记录"), report)
    return workbook_bytes(book, report.stamp)


def _ranking_sheet(sheet: Any, report: Report, table: RankingTable, title: str, number_format: str) -> None:
    """One ranking group: a caption, the header, a row per subject."""
    from openpyxl.styles import Font

    sheet.title = title
    caption = report.ruleset.model.name + (f"（{table.group}）" if table.group else "") + " 排名"
    append_row(sheet, [caption])
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(sheet, table.header)
    rows = [table.cells(row) for row in table.rows]
    for cells in rows:  # a plain rank is a number; a tied one reads 3（并列）
        cells[0] = int(cells[0]) if cells[0].isdigit() else cells[0]
    for cells in rows:
        append_row(sheet, cells)
    style_header(sheet, row=2, freeze="D3")
    _format_numbers(sheet, 3, number_format)
    fit_columns(sheet, [table.header, *rows])
    sheet.column_dimensions["A"].width = max(sheet.column_dimensions["A"].width, 10)
    _print_setup(sheet, "2:2")


def _margins_sheet(sheet: Any, report: Report, number_format: str) -> None:
    """差距: each unit's distance to the nearest tier boundaries and to its neighbours in the ranking
    (render.margins), units in ranking order; a margin with more decimals than the places stays text."""
    grouped = any(table.group is not None for table in report.tables)
    header = [*(["组别"] if grouped else []), *MARGIN_HEADER]
    append_row(sheet, header)
    rows = []
    for table in report.tables:
        for row in table.rows:
            detail: list[Any] = margin_detail(report.margins[row.subject.id], report.places)
            for at in (0, 2, 4, 6):  # the distances: numbers where the places show them exactly
                if detail[at] != "—" and "…" not in detail[at] and Decimal(detail[at]).as_tuple().exponent == -report.places:
                    detail[at] = Decimal(detail[at])
            rank: Any = int(row.rank) if row.rank.isdigit() else row.rank
            cells = [*([table.group or ""] if grouped else []), rank, row.subject.id, row.subject.name, row.total, *detail]
            append_row(sheet, cells)
            rows.append(cells)
    style_header(sheet, freeze="D2" if grouped else "C2")
    _format_numbers(sheet, 2, number_format)
    fit_columns(sheet, [header, *rows])
    _print_setup(sheet, "1:1")


def _detail_sheet(detail: Any, report: Report, number_format: str) -> None:
    """明细: one row per trace entry, indented by its depth in the component tree."""
    from openpyxl.styles import Alignment

    header = ["编码", "单位", "指标", "路径", "规则", "满分", "输入", "计算过程", "得分", "条款", "说明"]
    append_row(detail, header)
    rows = []
    for item in detail_rows(report):
        entry = item.entry
        cells: list[Any] = [
            item.subject.id, item.subject.name, entry.name, entry.path, KIND_LABELS.get(entry.kind, entry.kind),
            "—" if item.max is None else item.max, inputs_text(entry), entry.formula, report.fixed(entry.points), entry.clause or "",
            "\n".join(item.remarks),
        ]
        for part in _continued(cells):
            append_row(detail, part)
            detail.cell(row=detail.max_row, column=3).alignment = Alignment(indent=item.depth)
            rows.append(part)
    style_header(detail, freeze="C2")
    _format_numbers(detail, 2, number_format, columns=(9,))
    fit_columns(detail, [header, *rows])
    _print_setup(detail, "1:1")


_LONG_COLUMNS = (6, 7, 10)  # 输入, 计算过程, 说明: the texts that grow with the rows of a long table


def _continued(cells: list[Any]) -> list[list[Any]]:
    """The 明细 row, and when one of its texts is longer than a cell holds (a case or ballot table of
    many thousand rows), continuation rows below it: the same 编码, 单位 and 指标, 规则 marked （续）,
    and the rest of each long text, cut at line ends, so every character is in the workbook."""
    pieces = {index: _pieces(cells[index]) for index in _LONG_COLUMNS}
    count = max(len(p) for p in pieces.values())
    if count == 1:
        return [cells]
    rows = []
    for n in range(count):
        row = list(cells) if n == 0 else [cells[0], cells[1], cells[2], cells[3], "（续）", None, "", "", None, "", ""]
        for index, parts in pieces.items():
            row[index] = parts[n] if n < len(parts) else ""
        rows.append(row)
    return rows


def _pieces(text: Any) -> list[Any]:
    """A text in pieces of at most CELL_LIMIT characters, cut at a line break where there is one
    (the break is dropped: joining the pieces with line breaks gives the text back)."""
    if not isinstance(text, str) or len(text) <= CELL_LIMIT:
        return [text]
    pieces = []
    while len(text) > CELL_LIMIT:
        line_end = text.rfind("\n", 1, CELL_LIMIT + 1)
        if line_end > 0:  # the line break itself is where the next row starts
            pieces.append(text[:line_end])
            text = text[line_end + 1 :]
        else:
            pieces.append(text[:CELL_LIMIT])
            text = text[CELL_LIMIT:]
    return [*pieces, text]


def _rules_sheet(rules: Any, report: Report) -> None:
    """计分说明: where the result comes from, and the scoring rules in words."""
    from openpyxl.styles import Alignment

    append_row(rules, ["项目", "内容"])
    lines = [*provenance(report), *scoring_rules(report)]
    for key, text in lines:
        append_row(rules, [key, text])
    style_header(rules)
    fit_columns(rules, [["项目", "内容"], *lines])
    for row in rules.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")


def _void_sheet(void: Any, report: Report) -> None:
    """作废记录: each void record with its table, reason and place."""
    void_rows = [[v.table, v.key, v.reason, str(v.location) if v.location else ""] for v in report.result.void]
    append_row(void, ["表", "记录", "原因", "位置"])
    for cells in void_rows:
        append_row(void, cells)
    style_header(void)
    fit_columns(void, [["表", "记录", "原因", "位置"], *void_rows])


def _format_numbers(sheet: Any, first_row: int, number_format: str, columns: tuple[int, ...] | None = None) -> None:
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            if isinstance(cell.value, Decimal) and (columns is None or cell.column in columns):
                cell.number_format = number_format


def _print_setup(sheet: Any, title_rows: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
