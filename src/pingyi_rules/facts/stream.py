"""Long cases tables folded as they stream: each subject's distinct rows with how often each occurs.

A cases table whose rows only feed `aggregate` components (one row per answer, per sheet, per
case: 10⁶–10⁷ rows) is not kept as one `Row` per line. The CSV is read in chunks; every row is
reduced to the cells of the declared columns (and the first cell and the row's width) and
counted — the reading, projecting and counting all run inside the `csv` module and `Counter`.
Then each *distinct* row is checked and typed exactly as `facts.tables._build_table` does it,
once, and filed under its subject. A survey of 10 million answers over 1,000 units and five
grades is 5,000 distinct rows.

A file without quotes has one record per line, so its distinct lines are counted as bytes
(`_count_lines`) and each distinct line is parsed once; other files go through the csv module
(`_count_records`).

The fold is an optimistic path: it takes only rows the full path would take without a word
(a common row, no blank or totals row, no cell that fails its column, no cell beyond the named
columns). Anything else — a bad cell, a blank or 合计 row, a malformed line, a row wider than
the header, more distinct rows than `MAX_DISTINCT` — gives the table back to the full path,
which reads it again and says what it always says, at the same place. So a folded table is
never a different answer, only a faster one.

The rows themselves are re-derived when a trace asks for them (`FoldedTable.rows_of`): the
bytes read when scoring (kept; they were held while reading anyway) are read again through the
full path, keeping the rows of the subject asked for; from the second subject on, every
subject's rows are kept (explain of every unit, the xlsx 明细, the html breakdown). The file may
have changed or gone since: the traces are still those of the bytes that were scored.

Which tables fold is decided from the ruleset by `foldable_tables`: a cases table with no table
rules (`form`, `dated_by`, `unique`, `require`, `void`) but void rules that each judge one row
(`when`), whose id is named nowhere in the ruleset but as the `table` of `aggregate` components
without `groups`, row steps or `void_detail`, in a ruleset without nested rulesets. Only `score` of a CSV
folder (or one CSV file) folds; `read_facts` keeps rows. Such void rules are applied to the fold
(`FoldedTable.leave_out`, called by compile.voids): each distinct row judged once, the void
occurrences found by one more pass over the records and left out of every later read. A table
whose rules are over its forms (`form` with `void`, `dated_by`, `unique`) folds too, by content
without its form columns, when no aggregate over it reads a form column: facts.forms.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Protocol, Self, cast

from ..core.errors import FactsError, Location
from ..core.messages import Text, say
from .cells import nfkc
from .rows import Row, RowPlace
from .tables import (
    HEADER_SEARCH_ROWS,
    TOTAL_LABELS,
    TableData,
    TableSpec,
    _build_table,
    _column_positions,
    _converter,
    _find_header,
    _resolve_headers,
    _Slow,
)

if TYPE_CHECKING:
    from .forms import FormRecords, Judge


class _Ruleset(Protocol):
    """A compiled ruleset, as far as folding goes (facts sit below compile in the layers)."""

    @property
    def tables(self) -> Sequence[TableSpec]: ...

    @property
    def model(self) -> Any: ...

    @property
    def nested(self) -> Sequence[Any]: ...

CHUNK = 65536  # rows read, projected and counted at a time
MAX_DISTINCT = 1 << 18  # distinct rows kept before the table goes back to the full path

# a table declaration's keys that change nothing about its rows once read
_PLAIN_TABLE_KEYS = frozenset({"id", "name", "layout", "subject", "columns", "optional"})


class _GiveUp(Exception):
    """The fold cannot take this table as the full path would; the full path reads it."""


def csv_records(data: bytes, codec: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each CSV record, decoded as read; FA006 for a malformed file."""
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline=""))
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise FactsError(say("FA006", why=Text(str(exc))), Location(file=name, row=reader.line_num)) from None


def csv_locate(name: str) -> Any:
    def locate(row: int, column: int, header: str | None) -> Location:
        return Location(file=name, row=row, field=header)

    return locate


class FoldedRows:
    """One subject's rows of a folded table: each distinct row (typed values, evaluation only) and
    how many times it occurs, in the order each first occurs; the real rows from `table`."""

    __slots__ = ("count", "entries", "subject", "table")

    def __init__(self, table: FoldedTable, subject: str) -> None:
        self.table = table
        self.subject = subject
        self.entries: list[tuple[Row, int]] = []
        self.count = 0

    def rows(self) -> list[Row]:
        """The subject's rows as the full path reads them (the file read again)."""
        return self.table.rows_of(self.subject)


class FoldedTable:
    """A folded table: its subjects' `FoldedRows`, and how to read its rows again."""

    def __init__(self, spec: TableSpec, name: str, codec: str, data: bytes) -> None:
        # the file's bytes as read when scoring: the rows are read again from them, not from the
        # file, which may have changed or gone since (the bytes were held while reading anyway)
        self.spec, self.name, self.codec, self.data = spec, name, codec, data
        self.subject_at = 0  # the subject column's index in a record (set when folded)
        self.subjects: dict[str, FoldedRows] = {}
        self._all: dict[str, list[Row]] | None = None
        self._asked = 0
        # set when folded: each distinct record's cut cells and its row, how a record is cut, where data starts
        self.distinct: list[tuple[tuple[str, ...], Row]] = []
        self.cut: Any = None
        self.data_start = 1
        self._gone: frozenset[int] = frozenset()  # the numbers of the records the table's rules left out (leave_out)
        # a table with forms (facts.forms): its records by content and form, until its forms are screened
        self.forms: FormRecords | None = None

    def full(self, subject: str | None = None) -> TableData:
        """The table read again through the full path (only `subject`'s rows, when given)."""
        records: Iterator[tuple[int, list[Any]]] = csv_records(self.data, self.codec, self.name)
        if subject is not None:
            convert = _converter(next(c for c in self.spec.columns if c.name == self.spec.subject_column))
            head = list(itertools.islice(records, HEADER_SEARCH_ROWS + 1))  # the header is found in these
            key_at = self.subject_at
            records = itertools.chain(head, (r for r in records if _is_of(r[1], key_at, convert, subject)))
        table = _build_table(self.spec, records, self.name, csv_locate(self.name), None, spare_cells=True)
        if subject is not None:
            key = self.spec.subject_column
            table.rows = [row for row in table.rows if str(row.values[key]) == subject]
        gone = self._gone
        if gone:  # the rows the table's rules left out are not read again
            table.rows = [row for row in table.rows if row.number not in gone]
        return table

    def leave_out(self, void: Callable[[Row], str | None]) -> list[tuple[int, Row, str]]:
        """Leave out the records `void` gives a reason for (a table's rules on one row at a time): each
        distinct record is judged once, its occurrences leave their subjects' rows (a subject left
        with none has no rows), and `full` and `rows_of` leave them out too. Each void record's
        (number, its row, the reason), in file order, found by one more pass over the records."""
        judged: dict[tuple[str, ...], tuple[Row, str]] = {}
        for cells, row in self.distinct:
            reason = void(row)
            if reason is not None:
                judged[cells] = (row, reason)
        if not judged:
            return []
        judged_rows = {id(row) for row, _ in judged.values()}
        for subject, rows in list(self.subjects.items()):
            kept = [(row, count) for row, count in rows.entries if id(row) not in judged_rows]
            if not kept:
                del self.subjects[subject]
            elif len(kept) != len(rows.entries):
                rows.entries = kept
                rows.count = sum(count for _, count in kept)
        found: list[tuple[int, Row, str]] = []
        cut, start = self.cut, self.data_start
        for number, record in csv_records(self.data, self.codec, self.name):
            if number < start:
                continue
            try:
                hit = judged.get(cut(record))
            except IndexError:  # not a record the fold counted (it would have given the table back)
                continue
            if hit is not None:
                found.append((number, *hit))
        self._gone = frozenset(number for number, _, _ in found)
        return found

    def screen_forms(
        self, key_of: Callable[[dict[str, Any]], tuple[str, ...]], judge: Judge, decided_by: tuple[str, ...] | None,
        unique: tuple[str, ...] = (),
    ) -> list[tuple[list[Row], str]] | None:
        """The table's forms judged (`FormRecords.screen`): its subjects' rows the kept records counted,
        and `full` and `rows_of` leave the void forms' rows out. Each void form's rows and reason, in
        the order of the forms' first rows; None (the rows must be read) at a repeat of the `unique`
        columns. A rule that fails on a form, or a repeat, leaves the table as it was."""
        assert self.forms is not None
        screened = self.forms.screen(self, key_of, judge, decided_by, unique)
        if screened is None:
            return None
        self.subjects, void = screened
        self.forms = None
        self._gone = frozenset(row.number for rows, _ in void for row in rows)
        return void

    def rows_of(self, subject: str) -> list[Row]:
        """A subject's rows: the first subject asked reads only its own; later ones read them all, once."""
        if self._all is None:
            self._asked += 1
            if self._asked == 1:
                return self.full(subject).rows
            key = self.spec.subject_column
            grouped: dict[str, list[Row]] = {}
            for row in self.full().rows:
                grouped.setdefault(str(row.values[key]), []).append(row)
            self._all = grouped
        return self._all.get(subject, [])


def _is_of(cells: list[Any], key_at: int, convert: Any, subject: str) -> bool:
    """Whether a record may be one of `subject`'s rows (kept when its key does not type: the full
    path decides)."""
    if key_at >= len(cells):
        return True
    try:
        return str(convert(cells[key_at])) == subject
    except (FactsError, _Slow):
        return True


def fold_csv_table(
    spec: TableSpec, data: bytes, name: str, codec: str, warnings: list[str] | None
) -> TableData | None:
    """The table folded (`TableData.folded`, no rows), or None: the full path must read it."""
    if spec.rows != "cases":
        return None
    said: list[str] = []
    try:
        counted = _count_lines(spec, data, name, codec, said)
        if counted is None:
            said.clear()
            counted = _count_records(spec, data, name, codec, said)
        folded = _file(spec, counted, name, codec, data)
    except (_GiveUp, FactsError, _Slow, csv.Error, IndexError, UnicodeDecodeError):
        return None
    if warnings is not None:
        warnings.extend(said)
    return TableData(spec, name, [], folded=folded)


class _Layout:
    """Where a table's columns are, from its header, and how a record is cut down to them: its
    width and the cells of the first column, the subject column and the declared columns."""

    def __init__(self, spec: TableSpec, records: list[tuple[int, list[str]]], name: str, warnings: list[str]) -> None:
        locate = csv_locate(name)
        header_at = _find_header(spec, records, name)
        headers, header_row, self.data_at = _resolve_headers(spec, records, header_at, locate)
        # the number of the first record after the header (the records' numbers are the full path's)
        self.data_start = records[self.data_at][0] if self.data_at < len(records) else (records[-1][0] + 1 if records else 1)
        positions = _column_positions(spec, headers, header_row, locate, warnings)
        self.named = len(headers) - next((i for i, h in enumerate(reversed(headers)) if h), len(headers))
        self.width = len(headers)
        if any(not headers[index] for index in range(self.named)):
            raise _GiveUp  # a cell under no header is checked row by row
        self.subject_at = positions[spec.subject]
        self.plan = [(column.name, positions[column.header], _converter(column)) for column in spec.columns]
        self.wanted = sorted({0, self.subject_at, *(index for _, index, _ in self.plan)})
        self.cut = itemgetter(*self.wanted) if len(self.wanted) > 1 else itemgetter(self.wanted[0], self.wanted[0])
        self.place = RowPlace(locate, {c.name: (positions[c.header], c.header) for c in spec.columns}, self.subject_at)


_Counted = tuple[_Layout, Counter[tuple[int, tuple[str, ...]]]]


def _count_records(spec: TableSpec, data: bytes, name: str, codec: str, warnings: list[str]) -> _Counted:
    """Every record through the csv module, cut down and counted, a chunk at a time."""
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline=""))
    records = [(reader.line_num, row) for row in itertools.islice(reader, HEADER_SEARCH_ROWS + 1)]
    layout = _Layout(spec, records, name, warnings)
    cut = layout.cut
    counts: Counter[tuple[int, tuple[str, ...]]] = Counter()
    lead = [cells for _, cells in records[layout.data_at:]]
    counts.update(zip(map(len, lead), map(cut, lead), strict=True))
    while chunk := list(itertools.islice(reader, CHUNK)):
        counts.update(zip(map(len, chunk), map(cut, chunk), strict=True))
        if len(counts) > MAX_DISTINCT:
            raise _GiveUp
    return layout, counts


_BLOCK = 1 << 22  # bytes of lines split and counted at a time
_ASCII_SAFE = frozenset({"utf-8", "utf-8-sig", "gb18030"})  # ',', '"', CR and LF are never part of a character


class PlainLines:
    """A CSV file with one record per line (no quote, one line-end style, an encoding in which
    ',', '"', CR and LF are never part of a character): its first lines, where the header is looked
    for, read into records and laid out (`layout`), and the rest of the file in blocks of whole lines."""

    __slots__ = ("data", "end_of_line", "first", "later", "layout", "records", "rest")

    def __init__(self, spec: TableSpec, data: bytes, name: str, codec: str, end_of_line: bytes, warnings: list[str]) -> None:
        self.data, self.end_of_line = data, end_of_line
        first: list[bytes] = []
        pos = 0
        while len(first) <= HEADER_SEARCH_ROWS and pos < len(data):
            end = data.find(end_of_line, pos)
            end = len(data) if end < 0 else end
            first.append(data[pos:end])
            pos = end + len(end_of_line)
        self.first, self.rest = first, pos
        # a byte-order mark is taken off the file's start only, as the stream decoder does
        self.later = later = "utf-8" if codec == "utf-8-sig" else codec
        self.records = [(number, _cells(line, codec if number == 1 else later)) for number, line in enumerate(first, start=1)]
        self.layout = _Layout(spec, self.records, name, warnings)

    @classmethod
    def of(cls, spec: TableSpec, data: bytes, name: str, codec: str, warnings: list[str]) -> PlainLines | None:
        """The file read this way, or None when it has a quote, a CR that does not end a line, or an
        encoding where a byte may not be a character."""
        if codec not in _ASCII_SAFE or b'"' in data:
            return None
        returns = data.count(b"\r")
        if returns and returns != data.count(b"\r\n") or returns and returns != data.count(b"\n"):
            return None
        return cls(spec, data, name, codec, b"\r\n" if returns else b"\n", warnings)

    def blocks(self) -> Iterator[bytes]:
        """The lines after the first ones, `_BLOCK` bytes or so at a time, each block whole lines
        without the last line end."""
        data, end_of_line, pos = self.data, self.end_of_line, self.rest
        while pos < len(data):
            end = data.rfind(end_of_line, pos, pos + _BLOCK)
            if end < pos:
                end = data.find(end_of_line, pos + _BLOCK)
                end = len(data) if end < 0 else end
            yield data[pos:end]
            pos = end + len(end_of_line)


def _count_lines(spec: TableSpec, data: bytes, name: str, codec: str, warnings: list[str]) -> _Counted | None:
    """A file without quotes has one record per line: its distinct lines are counted as bytes
    (no parsing per line), then each distinct line is parsed once. None when it is not such a file
    (`PlainLines.of`)."""
    plain = PlainLines.of(spec, data, name, codec, warnings)
    if plain is None:
        return None
    layout, end_of_line, later = plain.layout, plain.end_of_line, plain.later
    lines: Counter[bytes] = Counter(plain.first[layout.data_at:])
    for block in plain.blocks():
        lines.update(block.split(end_of_line))
        if len(lines) > MAX_DISTINCT:
            return None
    cut = layout.cut
    counts: Counter[tuple[int, tuple[str, ...]]] = Counter()
    named, width = layout.named, layout.width
    for line, count in lines.items():
        cells = _cells(line, later)
        size = len(cells)
        if named < size <= width and not any(nfkc(cell) for cell in cells[named:]):
            size = named  # empty cells padded to the header row's width, as exports write them: no remark
        counts[size, cut(cells)] += count
    return layout, counts


def _cells(line: bytes, codec: str) -> list[str]:
    return next(csv.reader([line.decode(codec)]), [])


def _file(spec: TableSpec, counted: _Counted, name: str, codec: str, data: bytes) -> FoldedTable:
    """Each distinct record checked and typed as the full path would, under its subject."""
    layout, counts = counted
    at = {position: index for index, position in enumerate(layout.wanted)}
    first_at, subject_at, named, plan, place = at[0], at[layout.subject_at], layout.named, layout.plan, layout.place
    table = FoldedTable(spec, name, codec, data)
    table.subject_at, table.cut, table.data_start = layout.subject_at, layout.cut, layout.data_start
    key = spec.subject_column
    subjects = table.subjects
    # each column's cells repeat across distinct records (a unit's id, a grade): typed once each
    typed: list[dict[str, Any]] = [{} for _ in plan]
    columns = [(column, at[index], convert, seen) for (column, index, convert), seen in zip(plan, typed, strict=True)]
    for (width, cells), count in counts.items():
        if width > named:
            raise _GiveUp  # cells beyond the header's names: the full path says whether they are empty
        head, subject_cell = cells[first_at], cells[subject_at]
        if not (head.isascii() and head.strip() and subject_cell.isascii()):
            if not nfkc(head):
                raise _GiveUp  # maybe a blank row, or one whose first filled cell is not read here
            for cell in (subject_cell, head):
                if not cell.isascii() and "".join(nfkc(cell).split()) in TOTAL_LABELS:
                    raise _GiveUp  # a totals row: left out with a warning at its row
        values = {}
        for column, index, convert, seen in columns:
            raw = cells[index]
            try:
                values[column] = seen[raw]
            except KeyError:
                values[column] = seen[raw] = convert(raw)
        subject = str(values[key])
        rows = subjects.get(subject)
        if rows is None:
            rows = subjects[subject] = FoldedRows(table, subject)
        row = Row.placed(values, 0, place)
        rows.entries.append((row, count))
        rows.count += count
        table.distinct.append((cells, row))
    return table


class Foldable(frozenset[str]):
    """The tables that fold, counted; `forms` those of them with forms (facts.forms), each with its
    form columns."""

    forms: Mapping[str, tuple[str, ...]]

    def __new__(cls, counted: frozenset[str] = frozenset(), forms: Mapping[str, tuple[str, ...]] | None = None) -> Self:
        made = super().__new__(cls, counted)
        made.forms = forms or {}
        return made


def foldable_tables(ruleset: _Ruleset) -> Foldable:
    """The cases tables of `ruleset` whose rows only feed `aggregate` components, counted (see the module)."""
    cases = {spec.id for spec in ruleset.tables if spec.rows == "cases"}
    if not cases or ruleset.nested:
        return Foldable()
    declarations = set()
    ruled: set[str] = set()
    forms: dict[str, tuple[str, ...]] = {}
    specs = {spec.id: spec for spec in ruleset.tables}
    for table in ruleset.model.inputs.tables:
        if table.id in cases:
            declarations.add(id(table))
            if table.model_fields_set - _PLAIN_TABLE_KEYS and not _row_rules_only(table):
                ruled.add(table.id)  # table rules see the rows (but void rules on one row at a time, or over forms)
                form = _form_columns(table, specs[table.id], ruleset.model)
                if form:
                    forms[table.id] = form
    named = ruled - set(forms)
    _strings(ruleset.model, cases, named, declarations, forms)
    counted = frozenset(cases - named)  # a table read by none: counted
    return Foldable(counted, {t: form for t, form in forms.items() if t in counted})


def _form_columns(table: Any, spec: TableSpec, model: Any) -> tuple[str, ...]:
    """The names of a table's form columns when its rules are over its forms (`form` with `void`,
    `dated_by` — not a form column — and `unique` — of every form column, and maybe more: a repeat is
    then one inside a form) and no `aggregate` over it reads a form column (its rows are then folded
    without them, facts.forms); else ()."""
    ruled = table.model_fields_set - _PLAIN_TABLE_KEYS
    if "form" not in ruled or not ruled <= {"form", "void", "dated_by", "unique"}:
        return ()
    form = _columns(spec, [table.form] if isinstance(table.form, str) else list(table.form))
    if not form or spec.subject_column in form or table.dated_by is not None and set(_columns(spec, [table.dated_by])) & set(form):
        return ()
    if table.unique is not None and not set(form) <= set(_columns(spec, list(table.unique))):
        return ()
    # a named row condition (`is`) is read where it is used: its text counts as the aggregate's own
    row_conditions = [c.model_dump(by_alias=True, exclude_none=True) for c in model.row_conditions]
    for node in _nodes(model):
        if getattr(node, "kind", None) == "aggregate" and getattr(node, "table", None) == table.id:
            read = [node.model_dump(include=_READING_KEYS, exclude_none=True), row_conditions]
            if names_a_column(read, spec, form):
                return ()
    return form


def _columns(spec: TableSpec, written: list[str]) -> tuple[str, ...]:
    """The names of the columns written (by name or header); () when one is not a column."""
    found = [spec.column_named(name) for name in written]
    return tuple(c.name for c in found if c is not None) if None not in found else ()


# the keys of an `aggregate` that read the table's columns when it is scored (`detail` and `void_detail`
# word its trace, made from the rows read again, form cells and all)
_READING_KEYS = {"per_row", "over", "where", "meeting", "totals", "groups"}


def _nodes(node: Any) -> Iterator[Any]:
    """Every ruleset model node under `node` (itself too)."""
    fields = getattr(type(node), "model_fields", None)
    if fields is not None:
        yield node
        for name in fields:
            yield from _nodes(getattr(node, name))
    elif isinstance(node, dict):
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _nodes(value)


def names_a_column(data: Any, spec: TableSpec, columns: tuple[str, ...]) -> bool:
    """Whether a text in YAML-like data (a key or a value, anywhere inside) names one of the table's
    `columns`, by its name or its header."""
    named = {name for c in spec.columns if c.name in columns for name in (c.name, c.header)}
    return any(name in text for text in _texts(data) for name in named)


def _texts(data: Any) -> Iterator[str]:
    """Every text in YAML-like data (keys and values)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(key)
            yield from _texts(value)
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from _texts(value)


def _row_rules_only(table: Any) -> bool:
    """The table's only rules are void rules that each judge one row (`when`): a folded table
    leaves its void rows out as it would leave out its rows (`FoldedTable.leave_out`)."""
    if table.model_fields_set - _PLAIN_TABLE_KEYS != {"void"}:
        return False
    return all(set(rule.model_dump(by_alias=True, exclude_unset=True)) <= {"when", "reason"} for rule in table.void)


def _strings(node: Any, cases: set[str], named: set[str], declarations: set[int], listed: Collection[str]) -> None:
    """Every case table named in `node` (as a value, or as a word inside a text), but as the table
    of a plain `aggregate` (without groups or row steps; listing the table's void rows only when the
    table is in `listed`, whose folded reading keeps them) or as a table's own id, into `named`."""
    fields = getattr(type(node), "model_fields", None)
    if fields is not None:  # a ruleset model
        skip = None
        if (
            getattr(node, "kind", None) == "aggregate" and getattr(node, "groups", None) is None
            and (getattr(node, "void_detail", None) is None or getattr(node, "table", None) in listed)
            and not node.walks_rows()  # row steps read each row in order: a fold would be read again
        ):
            skip = "table"  # (an aggregate listing the table's void rows reads them, unless its reading keeps them)
        elif id(node) in declarations:
            skip = "id"
        for name in fields:
            if name != skip and name != "kind":  # a component's kind names a kind (`ballots`), never a table
                _strings(getattr(node, name), cases, named, declarations, listed)
    elif isinstance(node, dict):
        for key, value in node.items():
            _strings(key, cases, named, declarations, listed)
            _strings(value, cases, named, declarations, listed)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _strings(value, cases, named, declarations, listed)
    elif isinstance(node, str):
        named.update(table for table in cases if table in node and re.search(rf"(?<![\w-]){re.escape(table)}(?![\w-])", node))


def join_folded(table: FoldedTable, subjects: Mapping[str, Any]) -> bool:
    """Each subject's folded rows as its case rows of the table; False (nothing joined) when a row
    names no subject, or when the table's forms were not screened (its rows are all read)."""
    if table.forms is not None:  # its forms not screened: its rows are all read
        return False
    if any(subject not in subjects for subject in table.subjects):
        return False
    table_id = table.spec.id
    for subject, rows in table.subjects.items():
        # read only by kinds.aggregate_rows, which takes FoldedRows (foldable_tables sees to it)
        subjects[subject].cases[table_id] = cast("list[Row]", rows)
    return True
