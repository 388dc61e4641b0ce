"""Reading fact tables from one .xlsx workbook, a sheet per table."""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._errors import FactsError, Location, close_matches
from ._facts import FactSet, TableData, TableSpec, Uncached, _build_table, _read_bytes, _sha, nfkc


def _read_workbook(specs: Sequence[TableSpec], path: Path) -> FactSet:
    import openpyxl  # imported lazily: ~120 ms
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    data = _read_bytes(path)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # A second view of the same bytes shows the formulas, so a formula cell without a
        # saved value can be told from a blank one.
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, InvalidFileException) as exc:
        # a damaged or non-xlsx file
        raise FactsError(f"cannot open workbook: {exc}", Location(file=str(path)), code="FA007") from None
    try:
        sheets = {nfkc(name): name for name in book.sheetnames}
        tables: dict[str, TableData] = {}
        warnings: list[str] = []
        for spec in specs:
            title = sheets.get(spec.id) or (sheets.get(spec.title) if spec.title else None)
            if title is None:
                near = close_matches(spec.id, sheets)
                raise FactsError(
                    f"sheet '{spec.id}' is missing" + (f" (found sheet '{sheets[near[0]]}': rename it?)" if near else ""),
                    Location(file=str(path)),
                    code="FA004",
                )
            records = _sheet_records(book[title], formulas[title])

            def locate(row: int, column: int, header: str | None, _t: str = title) -> Location:
                return Location(
                    file=path.name, sheet=_t, cell=f"{get_column_letter(column + 1)}{row}", field=header
                )

            tables[spec.id] = _build_table(spec, records, f"{path.name}!{title}", locate, warnings)
    finally:
        book.close()
        formulas.close()
    return FactSet(tables, [(path.name, _sha(data))], warnings)


def _sheet_records(sheet: Any, formula_sheet: Any) -> list[tuple[int, list[Any]]]:
    """The sheet's rows as values; a formula cell with no saved value becomes `Uncached`."""
    records = []
    rows = itertools.zip_longest(sheet.iter_rows(values_only=True), formula_sheet.iter_rows(values_only=True), fillvalue=())
    for number, (values, formulas) in enumerate(rows, start=1):
        cells = list(values)
        for index, formula in enumerate(formulas):
            if isinstance(formula, str) and formula.startswith("=") and (
                index >= len(cells) or cells[index] is None
            ):
                cells.extend([None] * (index + 1 - len(cells)))
                cells[index] = Uncached(formula)
        records.append((number, cells))
    return records
