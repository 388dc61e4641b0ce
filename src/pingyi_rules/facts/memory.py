"""Fact tables handed over as Python rows (a platform's ballots, a query's result), typed cell by
cell exactly as a CSV file or a sheet is: the same headers, normal form, checks and errors.

A table is any iterable of rows: mappings (header → value; the first row's keys are the header),
or sequences whose first one is the header row. A value is what a database driver or a program
gives: text, a whole number, a float, a Decimal, a date, True/False (read as 是/否), or None
for a blank. A place reads `table[i]: column H`, `i` being the row's index in what was given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..core.errors import FactsError, Location, close_matches
from ..core.messages import Message, say
from .cells import NO, YES
from .tables import FactSet, Refused, TableData, TableSpec, _build_table

Locate = Callable[[int, int, "str | None"], Location]
HEADER = -1  # the record number of a header made from the first mapping's keys

# The values a cell may hold as they are; True and False are read as 是 and 否, and a subclass
# of one of these as the value it holds.
_CELL_TYPES = frozenset({str, int, float, Decimal, dt.date, dt.datetime, type(None)})


def every_table(ruleset: Any) -> Sequence[TableSpec]:
    """The tables to read for a compiled ruleset (its nested rulesets' included, so that they score
    from the same rows), or the given table specs themselves."""
    if isinstance(ruleset, Sequence):
        return ruleset
    return tuple(ruleset.input_tables())


def read_mapping(specs: Sequence[TableSpec], given: Mapping[str, Any]) -> FactSet:
    """Every declared table from `given` ({table id: rows}); an undeclared or missing table is an error."""
    check_table_ids(specs, list(given), lambda table: Location(file=table), say("phrase.tables_given"))
    tables: dict[str, TableData] = {}
    inputs: list[tuple[str, str]] = []
    warnings: list[str] = []
    for spec in specs:
        rows = given[spec.id]
        where = Location(file=spec.id)
        if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Iterable):
            raise FactsError(say("FA045.table", table=spec.id, kind=_kind(rows)), where)

        def locate(row: int, column: int, header: str | None, table: str = spec.id) -> Location:
            return Location(file=table if row == HEADER else f"{table}[{row}]", field=header)

        digest = hashlib.sha256()
        records = records_of(enumerate(rows), spec.id, locate, digest)
        tables[spec.id] = _build_table(spec, records, spec.id, locate, warnings)
        inputs.append((spec.id, digest.hexdigest()))
    return FactSet(tables, inputs, warnings)


def check_table_ids(
    specs: Sequence[TableSpec], given: list[str], where: Callable[[str], Location], named: Message
) -> None:
    """Refuse a table the ruleset does not declare (FA046) and a declared table not given (FA004)."""
    declared = [spec.id for spec in specs]
    for table in given:
        if table not in declared:
            raise FactsError(
                say("FA046", table=table, tables=declared), where(table), suggestions=close_matches(str(table), declared),
            )
    for spec in specs:
        if spec.id not in given:
            near = close_matches(spec.id, given)
            if near:
                raise FactsError(say("FA004.given_near", table=spec.id, given=named, found=near[0]), where(spec.id))
            raise FactsError(say("FA004.given", table=spec.id, given=named), where(spec.id))


def records_of(
    numbered: Iterable[tuple[int, Any]], table: str, locate: Locate, digest: Any, header: Sequence[str] | None = None
) -> Iterator[tuple[int, list[Any]]]:
    """(number, cells) records for `_build_table`, the header first, from numbered rows.

    Without `header`, the rows are mappings (the first one's keys name the columns) or sequences
    (the first one names them). Every value's type is checked; one no column takes becomes a
    `Refused` cell, reported at its place with the row's other bad cells. `digest` is fed each
    row as given, so the same rows always give the same input digest.
    """
    keys: list[Any] | None = None
    mappings = False
    if header is not None:
        keys = list(header)
        digest.update(repr(keys).encode("utf-8"))
        yield HEADER, list(keys)
    for number, row in numbered:
        if keys is None:  # the first row decides the shape
            mappings = isinstance(row, Mapping)
            if mappings:
                keys = list(row)
                digest.update(repr(keys).encode("utf-8"))
                yield HEADER, [_key(key, locate) for key in keys]
            else:
                cells = _sequence(row, None, number, table, locate)
                keys = cells
                digest.update(repr(cells).encode("utf-8"))
                yield number, [_key(key, locate) for key in cells]
                continue
        if mappings:
            cells = _mapping(row, keys, number, table, locate)
        else:
            cells = _sequence(row, len(keys), number, table, locate)
        digest.update(repr(cells).encode("utf-8"))
        yield number, [_cell(c) for c in cells]


def _cell(value: Any) -> Any:
    kind = type(value)
    if kind in _CELL_TYPES:
        return value
    if isinstance(value, bool):
        return YES if value else NO
    # subclasses (a str enum, an IntEnum, a pandas Timestamp) as the value they hold
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Decimal):
        return Decimal(value)
    if isinstance(value, dt.date):
        return value
    return _refused(value)


def _key(key: Any, locate: Locate) -> Any:
    if isinstance(key, str) or key is None:
        return key
    raise FactsError(say("FA045.column_name", kind=_kind(key)), locate(HEADER, 0, None))


def _mapping(row: Any, keys: list[Any], number: int, table: str, locate: Locate) -> list[Any]:
    """A mapping row's values in the header's order; a key the first row does not have is an error,
    a key it lacks is a blank cell."""
    if not isinstance(row, Mapping):
        raise FactsError(say("FA045.not_mapping", kind=_kind(row), table=table), locate(number, 0, None))
    if len(row) > len(keys) or any(key not in row for key in keys):
        extra = [key for key in row if key not in keys]
        if extra:
            raise FactsError(say("FA045.extra_key", key=repr(extra[0]), table=table), locate(number, 0, None))
    return [row.get(key) for key in keys]


def _sequence(row: Any, width: int | None, number: int, table: str, locate: Locate) -> list[Any]:
    if isinstance(row, (str, bytes, bytearray, Mapping)) or not (
        isinstance(row, Sequence) or (hasattr(row, "__getitem__") and hasattr(row, "__len__"))
    ):
        if width is not None:
            raise FactsError(say("FA045.not_sequence", kind=_kind(row), table=table), locate(number, 0, None))
        raise FactsError(say("FA045.not_row", kind=_kind(row), table=table), locate(number, 0, None))
    cells = [row[index] for index in range(len(row))]
    if width is not None and len(cells) != width:
        raise FactsError(say("FA045.width", values=len(cells), width=width), locate(number, min(len(cells), width), None))
    return cells


def _refused(value: Any) -> Refused:
    return Refused(say("FA047", kind=_kind(value)))


def _kind(value: Any) -> Message:
    """`a bytes value (b'..')`, for messages."""
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return say("phrase.value_of_type", type=type(value).__name__, value=shown)
