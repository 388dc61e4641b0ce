"""Reading fact tables from a folder of CSV files or one .xlsx workbook, typed cell by cell.

Every value keeps the place it came from, so a later error names the file (or
sheet), row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ._errors import FactsError, FactsErrors, Location, close_matches
from ._numbers import LIMIT, to_decimal
from ._rows import Row as Row  # noqa: PLC0414 - re-exported: rows are read here, their lazy cells live in _rows
from ._rows import RowPlace

MAX_FACTS_BYTES = 512 * 1024 * 1024
MAX_REPORTED = 100  # bad cells listed before giving up on a table
HEADER_SEARCH_ROWS = 10
YES, NO = "是", "否"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Rows offices append under the data (a 合计 row under a 公示 table); left out with a warning.
TOTAL_LABELS = frozenset({"合计", "总计", "小计", "平均", "平均值", "平均分"})
# How a two-row header joins its group label and its sub-label (即时测评 / 优 → 即时测评_优).
HEADER_JOINS = ("_", "", "-", "·", "/", "—")


class Uncached:
    """A formula cell whose computed value was never saved (written by a program, not by Excel)."""

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        return self.formula


@dataclass(frozen=True)
class ColumnSpec:
    """A compiled column declaration."""

    header: str  # NFKC-normalised header text
    name: str  # how rules refer to it
    type: str
    values: tuple[str, ...] | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    required: bool = True
    default: Any = None

    def describe(self) -> str:
        """What a valid cell of this column looks like, for messages."""
        if self.type == "count":  # never below 0, so say the range once
            low = self.min if self.min is not None else 0
            if self.max is not None:
                return f"a whole number from {low} to {self.max}"
            return f"a whole number ≥ {low}"
        if self.type == "decimal":
            text = "a number"
        elif self.type == "bool":
            text = f"{YES} or {NO}"
        elif self.type == "enum":
            text = "one of " + " / ".join(self.values or ())
        elif self.type == "date":
            text = "a date like 2023-06-01"
        else:
            text = "text"
        if self.min is not None and self.max is not None:
            text += f" from {self.min} to {self.max}"
        elif self.min is not None:
            text += f" ≥ {self.min}"
        elif self.max is not None:
            text += f" ≤ {self.max}"
        return text


@dataclass(frozen=True)
class TableSpec:
    """A compiled table declaration."""

    id: str
    rows: str  # per_subject | cases | keyed
    subject: str  # header of the subject id column (keyed tables: of the key column)
    columns: tuple[ColumnSpec, ...]
    optional: bool = False
    title: str | None = None
    join: str | None = None  # keyed tables: the subject field whose value is the key


@dataclass
class TableData:
    """A table as read: its rows and the digest of the file it came from."""

    spec: TableSpec
    source: str
    rows: list[Row]


@dataclass
class FactSet:
    """All tables a ruleset declares, read from one place."""

    tables: dict[str, TableData]
    inputs: list[tuple[str, str]]  # (name, sha256) of each file read
    warnings: list[str] = field(default_factory=list)


def nfkc(text: str) -> str:
    """NFKC-normalise and strip (full-width digits and U+3000 become ASCII)."""
    return unicodedata.normalize("NFKC", text).strip()


# --------------------------------------------------------------------------- typing cells


def type_cell(raw: Any, column: ColumnSpec, where: Location) -> Any:
    """Convert a raw cell (str from CSV, or an openpyxl value) into the column's type."""
    if isinstance(raw, str):
        # NFKC is the identity on ASCII; most cells are ASCII, so skip it there
        raw = raw.strip() if raw.isascii() else nfkc(raw)
        if raw == "":
            raw = None
        elif bad := _CONTROL.search(raw):  # invisible in any message; name it
            raise FactsError(
                f"{raw!r} contains the control character U+{ord(bad.group()):04X}", where, code="FA014"
            )
        elif column.type == "count" and raw.isascii() and raw.isdigit() and len(raw) < 16:  # common, fast
            number = Decimal(int(raw))
            if (column.min is not None and number < column.min) or (column.max is not None and number > column.max):
                raise FactsError(f"{raw} is out of range; expected {column.describe()}", where, code="FA016")
            return number
    if raw is None:
        if column.default is not None:
            return column.default
        if not column.required:
            return None
        raise FactsError(f"blank; expected {column.describe()}", where, code="FA011")
    kind = column.type
    if kind in ("id", "text"):
        return _text(raw)
    if kind == "enum":
        text = _text(raw)
        if column.values is not None and text not in column.values:
            raise FactsError(
                f"'{text}' is not {column.describe()}",
                where,
                suggestions=close_matches(text, column.values), code="FA012",
            )
        return text
    if kind == "bool":
        text = _text(raw)
        if text == YES:
            return True
        if text == NO:
            return False
        raise FactsError(f"'{text}' is not {YES} or {NO}", where, code="FA013")
    if kind == "date":
        return _date(raw, where)
    number = _number(raw, column, where)
    if kind == "count" and number != number.to_integral_value():
        raise FactsError(f"'{_text(raw)}' is not {column.describe()}", where, code="FA014")
    if kind == "count":
        number = number.quantize(Decimal(1))
        if number < 0:
            raise FactsError(f"{number} is negative; expected {column.describe()}", where, code="FA015")
    if (column.min is not None and number < column.min) or (
        column.max is not None and number > column.max
    ):
        raise FactsError(f"{_text(raw)} is out of range; expected {column.describe()}", where, code="FA016")
    return number


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (dt.datetime, dt.date)):
        return raw.isoformat()[:10]
    return nfkc(str(raw))


def _number(raw: Any, column: ColumnSpec, where: Location) -> Decimal:
    if isinstance(raw, bool):
        raise FactsError(f"'{raw}' is not {column.describe()}", where, code="FA014")
    if isinstance(raw, (int, float, Decimal)):
        # Excel stores numbers as binary floats; repr gives the shortest text that round-trips
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        if not number.is_finite() or abs(number) >= LIMIT:
            raise FactsError(f"{_text(raw)} is too large; expected {column.describe()}", where, code="FA016")
        return number
    text = _text(raw).replace(",", "")
    try:
        number = to_decimal(text)
    except ValueError:
        raise FactsError(f"'{_text(raw)}' is not {column.describe()}", where, code="FA014") from None
    if abs(number) >= LIMIT:
        raise FactsError(f"{_text(raw)} is too large; expected {column.describe()}", where, code="FA016")
    return number


def _date(raw: Any, where: Location) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw).replace("/", "-").replace(".", "-")
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return dt.date(year, month, day)
    except ValueError:
        raise FactsError(f"'{_text(raw)}' is not a date like 2023-06-01", where, code="FA014") from None


# --------------------------------------------------------------------------- reading tables


def read_facts(specs: Sequence[TableSpec], path: str | Path, encoding: str | None = None) -> FactSet:
    """Read every declared table from a folder of CSV files or one .xlsx workbook."""
    source = Path(path)
    if source.is_dir():
        return _read_folder(specs, source, encoding)
    if not source.exists():
        raise FactsError("no such file or folder", Location(file=str(source)), code="FA001")
    suffix = source.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from ._facts_xlsx import _read_workbook  # imported here: it imports this module

        return _read_workbook(specs, source)
    if suffix == ".csv":
        if len(specs) != 1:
            names = ", ".join(f"{s.id}.csv" for s in specs)
            raise FactsError(
                f"this ruleset reads {len(specs)} tables ({names}); give the folder that holds them",
                Location(file=str(source)), code="FA002",
            )
        data = _read_bytes(source)
        warnings: list[str] = []  # unused columns and totals rows, as for a folder
        table = _read_csv_table(specs[0], data, str(source), encoding, warnings)
        return FactSet({specs[0].id: table}, [(source.name, _sha(data))], warnings)
    raise FactsError(
        "facts must be a folder of .csv files or an .xlsx workbook", Location(file=str(source)), code="FA002"
    )


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FACTS_BYTES:
            raise FactsError(
                f"the file is {_size(size)}; the limit is {_size(MAX_FACTS_BYTES)}",
                Location(file=str(path)), code="FA003",
            )
        return path.read_bytes()
    except OSError as exc:  # a folder named like a table, a broken link, no permission
        raise FactsError(f"cannot read the file: {exc.strerror}", Location(file=str(path)), code="FA022") from None


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_folder(specs: Sequence[TableSpec], folder: Path, encoding: str | None) -> FactSet:
    files = {p.stem: p for p in sorted(folder.iterdir()) if p.suffix.lower() == ".csv"}
    tables: dict[str, TableData] = {}
    inputs: list[tuple[str, str]] = []
    warnings: list[str] = []
    for spec in specs:
        path = files.get(spec.id)
        if path is None:
            near = close_matches(spec.id, files)
            raise FactsError(
                f"table '{spec.id}' is missing: expected {spec.id}.csv"
                + (f" (found {files[near[0]].name}: rename it?)" if near else ""),
                Location(file=str(folder)),
                code="FA004",
            )
        data = _read_bytes(path)
        tables[spec.id] = _read_csv_table(spec, data, str(path), encoding, warnings)
        inputs.append((path.name, _sha(data)))
    return FactSet(tables, inputs, warnings)


def _codec(data: bytes, name: str, encoding: str | None) -> str:
    """The encoding that decodes the whole file (checked here, so reading it later cannot fail)."""
    if encoding:
        try:
            data.decode(encoding)
            return encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise FactsError(f"cannot decode as {encoding}: {exc}", Location(file=name), code="FA005") from None
    for candidate in ("utf-8-sig", "gb18030"):
        try:
            data.decode(candidate)
            return candidate
        except UnicodeDecodeError:
            continue
    raise FactsError(
        "cannot decode as UTF-8 or GB18030; give the encoding with --encoding", Location(file=name), code="FA005"
    )


def _read_csv_table(
    spec: TableSpec, data: bytes, name: str, encoding: str | None, warnings: list[str] | None = None
) -> TableData:
    codec = _codec(data, name, encoding)
    # decoded as it is read: a StringIO of the whole text would hold it again at 4 bytes a character
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline=""))

    def records() -> Iterator[tuple[int, list[Any]]]:
        # streamed: a million rows of cells are typed as they are read, never held as text
        try:
            for row in reader:
                yield reader.line_num, row
        except csv.Error as exc:
            raise FactsError(f"malformed CSV: {exc}", Location(file=name, row=reader.line_num), code="FA006") from None

    def locate(row: int, column: int, header: str | None) -> Location:
        return Location(file=name, row=row, field=header)

    return _build_table(spec, records(), name, locate, warnings)


def _build_table(
    spec: TableSpec,
    stream: Iterable[tuple[int, list[Any]]],
    name: str,
    locate: Any,
    warnings: list[str] | None,
) -> TableData:
    stream = iter(stream)
    records = list(itertools.islice(stream, HEADER_SEARCH_ROWS + 1))  # where the header may be
    header_at = _find_header(spec, records, name)
    headers, header_row, data_at = _resolve_headers(spec, records, header_at, locate)
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        if not header:
            continue
        if header in positions:
            raise FactsError(
                f"header '{header}' appears twice", locate(header_row, index, header), code="FA008"
            )
        positions[header] = index
    declared = {c.header for c in spec.columns}
    for column in spec.columns:
        if column.header not in positions:
            near = close_matches(column.header, positions)
            raise FactsError(
                f"column '{column.header}' is missing" + (f" (found '{near[0]}': rename it?)" if near else ""),
                locate(header_row, positions[near[0]], near[0]) if near else locate(header_row, 0, None),
                code="FA009",
            )
    if warnings is not None:
        for header, index in positions.items():
            if header not in declared:
                warnings.append(f"{locate(header_row, index, None)}: column '{header}' is not used by the ruleset; ignored")
    subject_at = positions[spec.subject]
    place = RowPlace(locate, {c.name: (positions[c.header], c.header) for c in spec.columns}, subject_at)
    plan = [(column.name, positions[column.header], _converter(column)) for column in spec.columns]
    width = max(index for _, index, _ in plan) + 1
    rows: list[Row] = []
    problems: list[FactsError] = []  # every bad cell of the table is reported, not only the first
    for number, cells in itertools.chain(records[data_at:], stream):
        head = cells[0] if cells else None
        key = cells[subject_at] if subject_at < len(cells) else None
        # the common row: an ASCII first cell with text and an ASCII key is neither blank nor a
        # totals row (the labels are Chinese, and NFKC keeps ASCII ASCII); others are checked in full
        if not (type(head) is str and head.isascii() and head.strip() and type(key) is str and key.isascii()):
            if all(c is None or (isinstance(c, str) and nfkc(c) == "") for c in cells):
                continue
            label = _total_label(cells, subject_at)
            if label is not None:
                if warnings is not None:
                    warnings.append(f"{locate(number, subject_at, None)}: the {label} row was left out")
                continue
        try:  # the fast path: no Location unless a cell is wrong
            if len(cells) >= width:
                values = {name: convert(cells[index]) for name, index, convert in plan}
            else:
                values = {name: convert(cells[index] if index < len(cells) else None) for name, index, convert in plan}
        except (FactsError, _Slow):  # type the row again, cell by cell, for the located errors
            found = _row_problems(spec, positions, cells, number, locate)
            if not found:
                raise AssertionError("the precise path accepted a row the fast path refused") from None
            problems.extend(found)
            if len(problems) >= MAX_REPORTED:
                stop = FactsError(f"stopped after {MAX_REPORTED} bad cells", Location(file=name), code="FA098")
                raise FactsErrors([*problems[:MAX_REPORTED], stop]) from None
            continue
        rows.append(Row.placed(values, number, place))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise FactsErrors(problems)
    return TableData(spec, name, rows)


class _Slow(Exception):
    """A cell the fast path does not type (a formula without a saved value)."""


_NOWHERE = Location()  # the fast path's placeholder; an error is raised again with the real place
_MEMO_LIMIT = 4096  # distinct texts remembered per column (grades, counts, flags repeat endlessly)


def _converter(column: ColumnSpec) -> Any:
    """A cell converter for one column: what `type_cell` gives, remembered per distinct text."""
    if column.type in ("id", "text"):

        def text(raw: Any) -> Any:
            if type(raw) is str:
                value = raw.strip() if raw.isascii() else nfkc(raw)
                if value and not _CONTROL.search(value):  # a control character: type_cell names it
                    return value
            elif type(raw) is Uncached:
                raise _Slow
            return type_cell(raw, column, _NOWHERE)

        return text
    memo: dict[str, Any] = {}

    def convert(raw: Any) -> Any:
        if type(raw) is str:
            try:
                return memo[raw]
            except KeyError:
                value = type_cell(raw, column, _NOWHERE)
                if len(memo) < _MEMO_LIMIT:
                    memo[raw] = value
                return value
        if type(raw) is Uncached:
            raise _Slow
        return type_cell(raw, column, _NOWHERE)

    return convert


def _row_problems(
    spec: TableSpec, positions: dict[str, int], cells: list[Any], number: int, locate: Any
) -> list[FactsError]:
    """Type a row cell by cell with each cell's Location; every bad cell's error, in column order."""
    problems: list[FactsError] = []
    for column in spec.columns:
        index = positions[column.header]
        raw = cells[index] if index < len(cells) else None
        location = locate(number, index, column.header)
        try:
            if isinstance(raw, Uncached):
                raise _uncached_error(raw, location)
            type_cell(raw, column, location)
        except FactsError as exc:
            problems.append(exc)
    return problems


def _uncached_error(cell: Uncached, where: Location) -> FactsError:
    return FactsError(
        f"the formula {cell.formula} has no saved value (the file was written by a program that does "
        "not calculate formulas); open the file in Excel or WPS, save it, and score again",
        where, code="FA024",
    )


def _header_texts(cells: list[Any], row: int, locate: Any) -> list[str]:
    texts = []
    for index, cell in enumerate(cells):
        if isinstance(cell, Uncached):
            raise _uncached_error(cell, locate(row, index, None))
        texts.append(_text(cell) if cell is not None else "")
    return texts


def _resolve_headers(
    spec: TableSpec, records: list[tuple[int, list[Any]]], header_at: int, locate: Any
) -> tuple[list[str], int, int]:
    """The column names, the sheet row that names them, and where the data starts.

    A one-row header is the common case. Office sheets often group columns under a
    merged label with the grades below it (即时测评 over 优 良 一般 …); such a two-row
    header is recognised when joining the rows names more declared columns. The
    group label sits in the merged range's first cell only, so it carries right
    over the cells of the range (blank above, labelled below).
    """
    declared = {c.header for c in spec.columns}
    row, cells = records[header_at]
    single = _header_texts(cells, row, locate)
    best = (sum(h in declared for h in single), single, row, header_at + 1)
    if best[0] == len(declared):
        return best[1], best[2], best[3]
    for top_at in (header_at, header_at - 1):
        if top_at < 0 or top_at + 1 >= len(records):
            continue
        (_, top_cells), (bottom_row, bottom_cells) = records[top_at], records[top_at + 1]
        top = _header_texts(top_cells, records[top_at][0], locate)
        bottom = _header_texts(bottom_cells, bottom_row, locate)
        joined = _join_header_rows(top, bottom, declared)
        matched = sum(h in declared for h in joined)
        if matched > best[0]:
            best = (matched, joined, bottom_row, top_at + 2)
    return best[1], best[2], best[3]


def _join_header_rows(top: list[str], bottom: list[str], declared: set[str]) -> list[str]:
    width = max(len(top), len(bottom))
    top = top + [""] * (width - len(top))
    bottom = bottom + [""] * (width - len(bottom))
    filled: list[str] = []
    for index in range(width):
        label = top[index]
        if not label and bottom[index] and index > 0 and filled[index - 1] and bottom[index - 1]:
            label = filled[index - 1]  # inside a merged group label
        filled.append(label)
    names = []
    for label, sub in zip(filled, bottom, strict=True):
        if not sub or not label:
            names.append(sub or label)
            continue
        candidates = [label + join + sub for join in HEADER_JOINS] + [sub, label]
        names.append(next((c for c in candidates if c in declared), label + "_" + sub))
    return names


def _total_label(cells: list[Any], subject_at: int) -> str | None:
    """合计 / 总计 … when the row is a totals row (in the id cell or its first filled cell)."""
    first = next((c for c in cells if c is not None and not (isinstance(c, str) and not nfkc(c))), None)
    for cell in (cells[subject_at] if subject_at < len(cells) else None, first):
        if isinstance(cell, str) and not cell.isascii():  # NFKC keeps ASCII ASCII: no label
            label = "".join(nfkc(cell).split())
            if label in TOTAL_LABELS:
                return label
    return None


def _find_header(spec: TableSpec, records: list[tuple[int, list[Any]]], name: str) -> int:
    wanted = nfkc(spec.subject)
    for index, (_, cells) in enumerate(records[:HEADER_SEARCH_ROWS]):
        if any(isinstance(c, str) and nfkc(c) == wanted for c in cells):
            return index
    if not records:
        raise FactsError("the table is empty (no header row)", Location(file=name), code="FA010")
    raise FactsError(
        f"no header row with the column '{spec.subject}' in the first {HEADER_SEARCH_ROWS} rows",
        Location(file=name), code="FA010",
    )
