"""What every workbook pingyi writes shares: safe text cells, header style, column widths, byte-identical saving.

Text is data: every text cell is written as a string cell, never a formula or an error value,
and one that a spreadsheet could read as a formula once edited is marked "quote prefix"
(`formula_lead`). Text an XML part cannot hold is refused with PY002 instead of making a
corrupt file (`append_row`, and the last look in `workbook_bytes`).

openpyxl stamps the save time into docProps/core.xml and into every zip entry;
a result file must not change when nothing it depends on changed, so both are
fixed here (unless the caller asks for a stamp).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any

from ..core.errors import Location, PingyiError
from ..core.messages import say
from ..core.safe_text import formula_lead, visible, xml_problem
from .output import display_width

# Fixed document time: the zip format cannot go earlier than 1980.
EPOCH = dt.datetime(1980, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
MAX_WIDTH = 60

SHEET_NAME_MAX = 31  # Excel's limit on a sheet name
SHEET_NAME_FORBIDDEN = "[]:*?/\\"  # characters Excel refuses in a sheet name


def unwritable(text: str, sheet: str, cell: str | None) -> PingyiError | None:
    """PY002 for text a workbook cannot hold (see `xml_problem`), or None."""
    problem = xml_problem(text)
    if problem is None:
        return None
    shown = visible(text if len(text) <= 60 else text[:60] + "…")
    return PingyiError(say("PY002", text=shown, problem=problem), Location(sheet=sheet, cell=cell))


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """`sheet.append`, refusing text a workbook cannot hold (PY002) before openpyxl sees it."""
    from openpyxl.utils import get_column_letter

    values = list(values)
    row = sheet.max_row + 1 if sheet._cells else 1
    for index, value in enumerate(values):
        if isinstance(value, str):
            error = unwritable(value, sheet.title, f"{get_column_letter(index + 1)}{row}")
            if error is not None:
                raise error
    sheet.append(values)


def _text_cells(book: Any) -> None:
    """Every text cell a string cell (openpyxl reads '=…' as a formula, '#N/A' as an error), quote-prefixed
    when a spreadsheet could read it as a formula; every sheet title and validation text writable."""
    for sheet in book.worksheets:
        error = unwritable(sheet.title, sheet.title, None)
        if error is not None:
            raise error
        for cell in list(sheet._cells.values()):  # the cells written (iter_rows would add empty ones)
            value = cell.value
            if not isinstance(value, str):
                continue
            error = unwritable(value, sheet.title, cell.coordinate)
            if error is not None:
                raise error
            cell.data_type = "s"
            if formula_lead(value):
                cell.quotePrefix = True
        for rule in sheet.data_validations.dataValidation:
            for text in (rule.formula1, rule.formula2, rule.error, rule.errorTitle, rule.prompt, rule.promptTitle):
                if text is not None and (error := unwritable(text, sheet.title, None)) is not None:
                    raise error


def style_header(sheet: Any, row: int = 1, freeze: str | None = "A2") -> None:
    """Bold, shaded, wrapped header cells; panes frozen below the header (and right of `freeze`'s column)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for cell in sheet[row]:
        cell.font, cell.fill, cell.alignment = bold, fill, align
    if freeze:
        sheet.freeze_panes = freeze


def fit_columns(sheet: Any, rows: Iterable[Iterable[Any]], minimum: int = 6) -> None:
    """Column widths from the display width of the text (East-Asian wide characters count 2)."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in rows:
        for index, value in enumerate(row):
            text = "" if value is None else str(value)
            longest = max((display_width(line) for line in text.splitlines()), default=0)
            widths[index] = max(widths.get(index, minimum), longest + 2)
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(width, MAX_WIDTH)


def workbook_bytes(book: Any, stamp: dt.datetime | None = None) -> bytes:
    """Save the workbook deterministically: fixed document times and zip entry times, sorted nothing else.

    openpyxl writes the parts in a fixed order; only the times vary between runs.
    """
    when = stamp or EPOCH
    _text_cells(book)
    book.properties.creator = "pingyi"
    book.properties.created = when
    raw = io.BytesIO()
    book.save(raw)
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(lambda m: m.group(1) + iso + m.group(3), data)
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, data)
    return out.getvalue()
