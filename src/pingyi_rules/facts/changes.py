"""Changed cells for a what-if: `表!行键!列=值`, applied to a fact set as read, each new value typed
and checked exactly as the same cell read from the file (the same errors, at the cell's place).

The row key (行键) names one row of a table:
- a per-subject table (the subject table included): the subject's id;
- a keyed table: the value of its key column;
- a cases table (many rows per subject): the row's number as its file or sheet numbers it (the
  number error messages show: a CSV line, a sheet row, the index of a Python row).

The column is named by its header or by the name rules use. The id of a per-subject or keyed row
(the column the key is read from) cannot be changed: it names the row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..core.errors import FactsError, Location, close_matches
from ..core.messages import say
from .cells import ColumnSpec, nfkc, shown, type_cell, void_reason
from .tables import FactSet, TableData

_WHERE = "--set"
FORM = "表!行键!列=值"  # how a change is written (the same in every language)


@dataclass(frozen=True)
class Change:
    """One changed cell: table id, row key, column (header or name) and the new value.

    `value` is what a cell of a file holds: text (as a CSV cell; '' is a blank cell), or a Python
    value as `read_facts` takes from rows (a number, a date, True/False, None).
    """

    table: str
    key: str
    column: str
    value: Any

    @classmethod
    def parse(cls, text: str) -> Change:
        """`表!行键!列=值` (the value may be empty: a blank cell); FA050 when it is not of this form."""
        head, equals, value = text.partition("=")
        parts = head.split("!")
        if not equals or len(parts) != 3 or not all(nfkc(part) for part in parts):
            raise FactsError(say("FA050.form", change=text, form=FORM, example="units!A01!满意=12"), Location(file=_WHERE))
        return cls(parts[0], parts[1], parts[2], value)

    def __str__(self) -> str:
        return f"{self.table}!{self.key}!{self.column}={shown(self.value) if self.value is not None else ''}"


@dataclass(frozen=True)
class AppliedChange:
    """A change as applied: the cell's place, its value before and after (typed; None for blank)."""

    change: Change
    location: Location
    before: Any
    after: Any
    subjects: tuple[str, ...]  # the subjects whose row it is (a keyed row: none; a case moved: both)


def as_change(given: Change | str) -> Change:
    if isinstance(given, Change):
        return given
    if isinstance(given, str):
        return Change.parse(given)
    raise FactsError(say("FA050.type", form=FORM, type=type(given).__name__), Location(file=_WHERE))


def apply_changes(facts: FactSet, changes: Iterable[Change | str], subject_table: str) -> tuple[FactSet, list[AppliedChange]]:
    """A copy of `facts` with each cell changed (the original is not changed), and what was applied.

    `subject_table` is the id of the ruleset's subject table. A cell changed twice is FA052.
    """
    tables = dict(facts.tables)
    copied: set[str] = set()
    applied: list[AppliedChange] = []
    seen: dict[tuple[str, int, str], Change] = {}
    for change in map(as_change, changes):
        table_id = _table_id(facts, change)
        if table_id not in copied:  # rows and flaws copied once, so the facts given stay as they were
            old = tables[table_id]
            tables[table_id] = TableData(old.spec, old.source, list(old.rows), dict(old.flaws))
            copied.add(table_id)
        table = tables[table_id]
        index = _row_index(table, change, table_id == subject_table)
        column = _column(table, change)
        first = seen.setdefault((table_id, index, column.name), change)
        if first is not change:
            raise FactsError(
                say("FA052", cell=f"{change.table}!{change.key}!{change.column}", first=str(first), second=str(change)),
                Location(file=_WHERE),
            )
        applied.append(_set_cell(table, index, column, change))
    digest = hashlib.sha256("\n".join(str(a.change) for a in applied).encode("utf-8")).hexdigest()
    return FactSet(tables, [*facts.inputs, (_WHERE, digest)], list(facts.warnings)), applied


def _table_id(facts: FactSet, change: Change) -> str:
    wanted = nfkc(change.table)
    if wanted in facts.tables:
        return wanted
    declared = list(facts.tables)
    raise FactsError(
        say("FA050.table", change=str(change), table=change.table, tables=declared),
        Location(file=_WHERE), suggestions=close_matches(wanted, declared),
    )


def _row_index(table: TableData, change: Change, is_subject_table: bool) -> int:
    """The position of the row the change's key names; FA051 when none does."""
    spec, key = table.spec, nfkc(change.key)
    if spec.rows == "cases":
        if key.isdigit():
            for index, row in enumerate(table.rows):
                if row.number == int(key):
                    return index
        raise FactsError(say("FA051.cases", change=str(change), table=spec.id, key=change.key), Location(file=_WHERE))
    name = table.spec.subject_column
    for index, row in enumerate(table.rows):
        if str(row.values[name]) == key:
            return index
    keys = [str(row.values[name]) for row in table.rows]
    near = close_matches(key, keys)
    if spec.rows == "per_subject":
        raise FactsError(say("FA051.subject", change=str(change), table=spec.id, key=change.key),
                         Location(file=_WHERE), suggestions=near)
    raise FactsError(say("FA051.key", change=str(change), table=spec.id, column=spec.subject, key=change.key),
                     Location(file=_WHERE), suggestions=near)


def _column(table: TableData, change: Change) -> ColumnSpec:
    spec, wanted = table.spec, nfkc(change.column)
    for column in spec.columns:
        if wanted in (column.header, column.name):
            if spec.rows != "cases" and column.header == spec.subject:
                raise FactsError(say("FA050.key", change=str(change), column=column.header), Location(file=_WHERE))
            return column
    headers = [c.header for c in spec.columns]
    raise FactsError(
        say("FA050.column", change=str(change), table=spec.id, column=change.column),
        Location(file=_WHERE), suggestions=close_matches(wanted, headers),
    )


def _set_cell(table: TableData, index: int, column: ColumnSpec, change: Change) -> AppliedChange:
    """Type the new value as the cell's own (its errors at the cell), and put it in a copy of the row."""
    row = table.rows[index]
    where = row.cells[column.name]
    before = row.values[column.name]
    reasons = dict(table.flaws.get(row.number, ()))
    reasons.pop(column.name, None)
    try:
        after = type_cell(change.value, column, where)
    except FactsError as problem:
        reason = void_reason(change.value, column, problem) if column.invalid == "void" else None
        if reason is None:
            raise
        after = None  # an `invalid: void` column: kept blank, the row marked, as when read
        reasons[column.name] = reason
    ordered = tuple((c.name, reasons[c.name]) for c in table.spec.columns if c.name in reasons)
    if ordered:
        table.flaws[row.number] = ordered
    else:
        table.flaws.pop(row.number, None)
    table.rows[index] = row.with_values({**row.values, column.name: after})
    subjects: tuple[str, ...] = ()
    if table.spec.rows != "keyed":
        key = table.spec.subject_column
        subjects = (str(row.values[key]),)
        if key == column.name and after is not None and str(after) != subjects[0]:  # a case moved to another subject
            subjects += (str(after),)
    return AppliedChange(change, where, before, after, subjects)
