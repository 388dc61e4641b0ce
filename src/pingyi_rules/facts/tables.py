"""Fact tables as read: specs, typed tables with their places, and building a table from records
(shared by the CSV and the workbook readers)."""

from __future__ import annotations

import errno
import hashlib
import itertools
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import FactsError, FactsErrors, Location, close_matches
from ..core.messages import Message, say
from ..core.messages import Text as Verbatim

# the cell typing lives in facts.cells; what other modules take from here is re-exported
from .cells import _CONTROL, _text, void_reason
from .cells import NO as NO  # noqa: PLC0414
from .cells import YES as YES  # noqa: PLC0414
from .cells import ColumnSpec as ColumnSpec  # noqa: PLC0414
from .cells import Text as Text  # noqa: PLC0414
from .cells import nfkc as nfkc  # noqa: PLC0414
from .cells import shown as shown  # noqa: PLC0414
from .cells import type_cell as type_cell  # noqa: PLC0414
from .rows import PackedPlace, PackedRow, RowPlace
from .rows import Row as Row  # noqa: PLC0414 - re-exported: rows are read here, their lazy cells live in facts.rows

if TYPE_CHECKING:
    from .stream import FoldedTable

MAX_FACTS_BYTES = 512 * 1024 * 1024
MAX_REPORTED = 100  # bad cells listed before giving up on a table
HEADER_SEARCH_ROWS = 10
# Rows offices append under the data (a 合计 row under a 公示 table); left out with a warning.
TOTAL_LABELS = frozenset({"合计", "总计", "小计", "平均", "平均值", "平均分"})
# How a two-row header joins its group label and its sub-label (即时测评 / 优 → 即时测评_优).
HEADER_JOINS = ("_", "", "-", "·", "/", "—")


class Uncached:
    """A formula cell whose computed value was never saved (written by a program, not by Excel)."""

    __slots__ = ("formula",)

    def __init__(self, formula: str | Message) -> None:
        self.formula = formula  # the formula text, or a Message when the cell only shares another's

    def __str__(self) -> str:
        return str(self.formula)


class Refused:
    """A value from Python or a database that no column takes (bytes, a list, a time of day…),
    reported at its cell with the row's other bad cells."""

    __slots__ = ("message",)

    def __init__(self, message: Message) -> None:
        self.message = message


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

    @property
    def subject_column(self) -> str:
        """The name of the subject id column (keyed tables: of the key column)."""
        return next(c.name for c in self.columns if c.header == self.subject)

    def column_named(self, name: str) -> ColumnSpec | None:
        """The column written as `name` (its name or its header, NFKC-normalised), or None."""
        wanted = nfkc(name)
        return next((c for c in self.columns if wanted in (c.name, c.header)), None)


@dataclass
class TableData:
    """A table as read: its rows and the digest of the file it came from."""

    spec: TableSpec
    source: str
    rows: list[Row]
    # rows (by their number in the file or sheet) whose cells failed a column declared `invalid: void`:
    # each (column name, reason), in column order; the cells' values are None
    flaws: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # a long cases table read by facts.stream: no rows, each subject's distinct rows with their counts
    folded: FoldedTable | None = None
    # after the table's rules (compile.voids): the rows they left out, each with its form's reason, in file order
    voided: tuple[tuple[Row, str], ...] = ()


@dataclass
class FactSet:
    """All tables a ruleset declares, read from one place."""

    tables: dict[str, TableData]
    inputs: list[tuple[str, str]]  # (name, sha256) of each file read
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- reading tables




_NOT_REGULAR = (  # what the file is instead: FA022.<slug>
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "device"),
    (stat.S_ISBLK, "device"),
)


def _read_bytes(path: Path) -> bytes:
    """A regular file's bytes, never more than the size limit (checked while reading: a file
    can grow, and a device or FIFO is refused before it is read)."""
    where = Location(file=str(path))
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:  # no permission, a socket (ENXIO), a folder on some systems
        if exc.errno == errno.EISDIR:
            raise FactsError(say("FA022.folder"), where) from None
        raise FactsError(say("FA022.file", why=Verbatim(str(exc.strerror))), where) from None
    status = os.fstat(handle)
    for test, what in _NOT_REGULAR:
        if test(status.st_mode):
            os.close(handle)
            raise FactsError(_not_regular(what), where, code="FA022")
    with os.fdopen(handle, "rb") as file:
        size = status.st_size
        if size > MAX_FACTS_BYTES:
            raise FactsError(say("FA003.size", size=_size(size), limit=_size(MAX_FACTS_BYTES)), where)
        try:
            data = file.read(MAX_FACTS_BYTES + 1)
        except OSError as exc:
            raise FactsError(say("FA022.file", why=Verbatim(str(exc.strerror))), where) from None
        if len(data) > MAX_FACTS_BYTES:
            raise FactsError(say("FA003.over", limit=_size(MAX_FACTS_BYTES)), where)
        return data


def _not_regular(what: str) -> Message:
    if what == "folder":
        return say("FA022.folder")
    if what == "fifo":
        return say("FA022.fifo")
    if what == "socket":
        return say("FA022.socket")
    return say("FA022.device")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()




def _build_table(
    spec: TableSpec,
    stream: Iterable[tuple[int, list[Any]]],
    name: str,
    locate: Any,
    warnings: list[str] | None,
    *,
    spare_cells: bool = False,
) -> TableData:
    """Type every data row of a table. With `spare_cells` (CSV), a row with text in a column the
    header does not name, or wider than the header row, is an error: an unquoted comma (1,013)
    splits a cell and shifts the row."""
    stream = iter(stream)
    records = list(itertools.islice(stream, HEADER_SEARCH_ROWS + 1))  # where the header may be
    header_at = _find_header(spec, records, name)
    headers, header_row, data_at = _resolve_headers(spec, records, header_at, locate)
    positions = _column_positions(spec, headers, header_row, locate, warnings)
    subject_at = positions[spec.subject]
    columns = {c.name: (positions[c.header], c.header) for c in spec.columns}
    plan = [(column.name, positions[column.header], _converter(column)) for column in spec.columns]
    # a per-subject table's rows are kept packed (facts.rows.PackedRow): the key, the other columns as a tuple
    packed: PackedPlace | None = None
    place: RowPlace
    if spec.rows == "per_subject":
        key_name = spec.subject_column
        place = packed = PackedPlace(locate, columns, subject_at, key_name)
        key_index, key_convert = next((index, convert) for column, index, convert in plan if column == key_name)
        rest = [(index, convert) for column, index, convert in plan if column != key_name]
    else:
        place = RowPlace(locate, columns, subject_at)
    width = max(index for _, index, _ in plan) + 1
    named = len(headers) - next((i for i, h in enumerate(reversed(headers)) if h), len(headers))
    unnamed = [index for index in range(named) if not headers[index]] if spare_cells else []
    rows: list[Row] = []
    flaws: dict[int, tuple[tuple[str, str], ...]] = {}
    problems: list[FactsError] = []  # every bad cell of the table is reported, not only the first
    for number, cells in itertools.chain(records[data_at:], stream):
        head = cells[0] if cells else None
        key = cells[subject_at] if subject_at < len(cells) else None
        # the common row: an ASCII first cell with text and an ASCII key is neither blank nor a
        # totals row (the labels are Chinese, and NFKC keeps ASCII ASCII); others are checked in full
        common = type(head) is str and head.isascii() and head.strip() and type(key) is str and key.isascii()
        if not common and _left_out(cells, subject_at, number, locate, warnings):
            continue
        if spare_cells and (len(cells) > named or unnamed):
            spare = _spare_cell(cells, headers, named, unnamed, number, locate)
            if spare is not None:
                problems.append(spare)
                continue
        try:  # the fast path: no Location unless a cell is wrong
            if packed is not None:
                if len(cells) < width:
                    cells = cells + [None] * (width - len(cells))
                rows.append(PackedRow(key_convert(cells[key_index]), tuple([convert(cells[index]) for index, convert in rest]),
                                      number, packed))
                continue
            if len(cells) >= width:
                values = {name: convert(cells[index]) for name, index, convert in plan}
            else:
                values = {name: convert(cells[index] if index < len(cells) else None) for name, index, convert in plan}
        except (FactsError, _Slow):  # type the row again, cell by cell, for the located errors
            flawed = _add_row_problems(problems, spec, positions, cells, number, locate, name)
            if flawed is not None:  # only cells of `invalid: void` columns failed: kept, marked
                values = flawed[0]
                if packed is not None:
                    rows.append(PackedRow(values[packed.key], tuple(values[n] for n in packed.names), number, packed))
                else:
                    rows.append(Row.placed(values, number, place))
                flaws[number] = flawed[1]
            continue
        rows.append(Row.placed(values, number, place))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise FactsErrors(problems)
    if not rows and spec.rows != "cases" and not spec.optional:
        # cases may be none in a period; a subject or keyed table without rows scores nobody
        raise FactsError(say("FA033", table=spec.id), locate(header_row, subject_at, None))
    return TableData(spec, name, rows, flaws)


def _column_positions(
    spec: TableSpec, headers: list[str], header_row: int, locate: Any, warnings: list[str] | None
) -> dict[str, int]:
    """Where each header is; a header twice or a declared column missing is an error, and an
    undeclared column a warning."""
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        if not header:
            continue
        if header in positions:
            raise FactsError(say("FA008", header=header), locate(header_row, index, header))
        positions[header] = index
    declared = {c.header for c in spec.columns}
    for column in spec.columns:
        if column.header not in positions:
            near = close_matches(column.header, positions)
            if near:
                raise FactsError(say("FA009.near", column=column.header, found=near[0]),
                                 locate(header_row, positions[near[0]], near[0]))
            raise FactsError(say("FA009", column=column.header), locate(header_row, 0, None))
    if warnings is not None:
        for header, index in positions.items():
            if header not in declared:
                warnings.append(f"{locate(header_row, index, None)}: {say('warn.unused_column', header=header)}")
    return positions


def _left_out(cells: list[Any], subject_at: int, number: int, locate: Any, warnings: list[str] | None) -> bool:
    """Whether a row is blank or a totals row (合计), which are left out (a totals row with a warning)."""
    if all(c is None or (isinstance(c, str) and nfkc(c) == "") for c in cells):
        return True
    label = _total_label(cells, subject_at)
    if label is None:
        return False
    if warnings is not None:
        warnings.append(f"{locate(number, subject_at, None)}: {say('warn.total_row', label=label)}")
    return True


def _add_row_problems(
    problems: list[FactsError], spec: TableSpec, positions: dict[str, int], cells: list[Any], number: int,
    locate: Any, name: str,
) -> tuple[dict[str, Any], tuple[tuple[str, str], ...]] | None:
    """Add the located errors of a row the fast path refused; stop at MAX_REPORTED bad cells.

    A row whose only bad cells are in `invalid: void` columns is no error: its values (None in
    those cells) and each such cell's (column name, reason) are returned instead.
    """
    found, values, reasons = _row_problems(spec, positions, cells, number, locate)
    if not found and not reasons:
        raise AssertionError("the precise path accepted a row the fast path refused") from None
    if not found:
        return values, tuple(reasons)
    problems.extend(found)
    if len(problems) >= MAX_REPORTED:
        stop = FactsError(say("FA098", count=MAX_REPORTED), Location(file=name))
        raise FactsErrors([*problems[:MAX_REPORTED], stop]) from None
    return None


def _spare_cell(cells: list[Any], headers: list[str], named: int, unnamed: list[int], number: int, locate: Any) -> FactsError | None:
    """The error for a row with text under no header, or with more cells than the header row.

    Exports pad every row to one width, the header's included (`a,b,c,,`), so empty cells up
    to the header row's width are allowed; a longer row was split, even when its spare cells
    are empty (the row's last cell was blank before the shift).
    """
    for index in itertools.chain(unnamed, range(named, len(cells))):
        if isinstance(cells[index], str) and nfkc(cells[index]):
            if index >= named:
                return FactsError(say("FA032.beyond", value=nfkc(cells[index]), column=index + 1, named=named),
                                  locate(number, index, None))
            return FactsError(say("FA032.no_header", value=nfkc(cells[index]), column=index + 1), locate(number, index, None))
    if len(cells) > len(headers):
        return FactsError(say("FA032.wider", cells=len(cells), headers=len(headers)), locate(number, len(headers), None))
    return None


class _Slow(Exception):
    """A cell the fast path does not type (a formula without a saved value)."""


_NOWHERE = Location()  # the fast path's placeholder; an error is raised again with the real place
_MEMO_LIMIT = 4096  # distinct texts remembered per column (grades, counts, flags repeat endlessly)


def _converter(column: ColumnSpec) -> Any:
    """A cell converter for one column: what `type_cell` gives, remembered per distinct text."""
    if column.type in ("id", "text"):

        def text(raw: Any) -> Any:
            if type(raw) is str and raw.isascii():
                value = raw.strip()
                if value and not _CONTROL.search(value):  # a control character: type_cell names it
                    return value
            elif type(raw) is Uncached or type(raw) is Refused:
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
        if type(raw) is Uncached or type(raw) is Refused:
            raise _Slow
        return type_cell(raw, column, _NOWHERE)

    return convert


def _row_problems(
    spec: TableSpec, positions: dict[str, int], cells: list[Any], number: int, locate: Any
) -> tuple[list[FactsError], dict[str, Any], list[tuple[str, str]]]:
    """Type a row cell by cell with each cell's Location: every bad cell's error, in column order;
    the values; and the (column name, reason) of each bad cell of an `invalid: void` column."""
    problems: list[FactsError] = []
    values: dict[str, Any] = {}
    reasons: list[tuple[str, str]] = []
    for column in spec.columns:
        index = positions[column.header]
        raw = cells[index] if index < len(cells) else None
        location = locate(number, index, column.header)
        try:
            if isinstance(raw, Uncached):
                raise _uncached_error(raw, location)
            if isinstance(raw, Refused):
                raise FactsError(raw.message, location, code="FA047")
            values[column.name] = type_cell(raw, column, location)
        except FactsError as exc:
            reason = void_reason(raw, column, exc) if column.invalid == "void" and not isinstance(raw, Uncached) else None
            if reason is None:
                problems.append(exc)
            else:
                values[column.name] = None
                reasons.append((column.name, reason))
    return problems, values, reasons


def _uncached_error(cell: Uncached, where: Location) -> FactsError:
    return FactsError(say("FA024", formula=cell.formula), where)


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
        raise FactsError(say("FA010.empty"), Location(file=name))
    raise FactsError(say("FA010.no_header", column=spec.subject, rows=HEADER_SEARCH_ROWS), Location(file=name))
