"""Long cases tables kept as columns: one typed value per row and declared column, in file order.

A ballot table (one row per ballot and subject rated: 10⁶ rows and more) has as many distinct
rows as rows — every row carries its ballot number — so counting distinct rows (facts.stream)
does not shrink it. Read only by `ballots` components (`foldable_tables`), it is kept as one list
per declared column of the typed values (each distinct text typed once and its value shared) and
the rows' numbers, instead of one `Row` with a values dict per row. A row's `Location` and its
cells' are made from its number and the table's shared `RowPlace` when an error or a trace asks.

As with folding, this is an optimistic path that takes only what the full path takes without a
word: a file with no quote and one line-end style (one record per line), every row as wide as
the header's named columns (at least up to the last declared one), a common first cell and key
(no blank or totals row), every cell typed by its column. Anything else gives the table back to
the full path, which says what it always says, at the same place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import Any

from ..core.errors import FactsError, Location
from .cells import nfkc
from .rows import Row, RowPlace
from .stream import (
    PlainLines,
    _GiveUp,
    csv_locate,
    csv_records,
)
from .tables import TOTAL_LABELS, TableData, TableSpec, _build_table, _Slow


class RecordTable:
    """A table kept as columns: `columns[name][i]` is row i's typed value, `numbers[i]` its row
    number in the file; the rows in file order."""

    __slots__ = ("codec", "columns", "data", "name", "numbers", "place", "spec")

    def __init__(
        self, spec: TableSpec, name: str, codec: str, data: bytes, place: RowPlace,
        columns: dict[str, list[Any]], numbers: range,
    ) -> None:
        # the bytes that were scored: `full` reads them again (the file may have changed since)
        self.spec, self.name, self.codec, self.data = spec, name, codec, data
        self.place, self.columns, self.numbers = place, columns, numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def row(self, index: int) -> Row:
        """Row `index` as the full path reads it."""
        return Row.placed({name: values[index] for name, values in self.columns.items()}, self.numbers[index], self.place)

    def location(self, index: int) -> Location:
        place = self.place
        return place.locate(self.numbers[index], place.subject_at, None)

    def cell(self, index: int, column: str) -> Location:
        at, header = self.place.columns[column]
        return self.place.locate(self.numbers[index], at, header)

    def join(self, subjects: Mapping[str, Any]) -> bool:
        """Each subject with rows in the table given its `RecordRows`; False (nothing joined) when
        a row names no subject."""
        named = {str(value) for value in set(self.columns[self.spec.subject_column])}
        if any(subject not in subjects for subject in named):
            return False
        for subject in named:
            subjects[subject].cases[self.spec.id] = RecordRows(self, subject)
        return True

    def full(self) -> TableData:
        """The table read again through the full path."""
        return _build_table(self.spec, csv_records(self.data, self.codec, self.name), self.name, csv_locate(self.name), None,
                            spare_cells=True)


class RecordRows:
    """A subject's entry in `SubjectFacts.cases` for a record table: the table (read only by `ballots`)."""

    __slots__ = ("subject", "table")

    def __init__(self, table: RecordTable, subject: str) -> None:
        self.table, self.subject = table, subject


def read_records(spec: TableSpec, data: bytes, name: str, codec: str, warnings: list[str] | None) -> TableData | None:
    """The table as columns (`TableData.folded` a `RecordTable`, no rows), or None: the full path reads it."""
    if spec.rows != "cases":
        return None
    said: list[str] = []
    try:
        table = _by_lines(spec, data, name, codec, said)
    except (_GiveUp, FactsError, _Slow, IndexError, UnicodeDecodeError):
        return None
    if table is None:
        return None
    if warnings is not None:
        warnings.extend(said)
    return TableData(spec, name, [], folded=table)


def _by_lines(spec: TableSpec, data: bytes, name: str, codec: str, warnings: list[str]) -> RecordTable | None:
    """One record per line (no quote, one line-end style): lines split and typed a block at a time."""
    plain = PlainLines.of(spec, data, name, codec, warnings)
    if plain is None:
        return None
    records, layout, later = plain.records, plain.layout, plain.later
    start = records[layout.data_at][0] if layout.data_at < len(records) else len(records) + 1
    plan = layout.plan
    lowest = max(index for _, index, _ in plan) + 1
    named, subject_at = layout.named, layout.subject_at
    columns: dict[str, list[Any]] = {column: [] for column, _, _ in plan}
    typed: list[dict[str, Any]] = [{} for _ in plan]
    # the distinct first cells and keys, from the typed columns' texts when the column is declared
    head_texts = next((seen for (_, index, _), seen in zip(plan, typed, strict=True) if index == 0), None)
    heads: set[str] = set()
    key_texts = next(seen for (_, index, _), seen in zip(plan, typed, strict=True) if index == subject_at)

    def take(lines: list[str]) -> None:
        commas = set(map(str.count, lines, repeat(",")))
        if len(commas) == 1:  # every row as wide: the block's cells in one list, a column every `width`
            width = commas.pop() + 1
            if not lowest <= width <= named:
                raise _GiveUp
            flat = ",".join(lines).split(",")
            cut: list[Sequence[str]] = [flat[index::width] for index in range(lowest)]
        else:
            split = [line.split(",") for line in lines]
            widths = set(map(len, split))
            if min(widths) < lowest or max(widths) > named:
                raise _GiveUp  # short rows, blank lines, cells beyond the header's names: the full path says
            cut = list(zip(*split, strict=False))  # the columns up to the narrowest row's width
        if head_texts is None:
            heads.update(cut[0])
        for (column, index, convert), seen in zip(plan, typed, strict=True):
            raw = cut[index]
            for text in set(raw).difference(seen):
                seen[text] = convert(text)
            columns[column].extend(map(seen.__getitem__, raw))

    lead = [line.decode(codec if number == 1 else later) for number, line in enumerate(plain.first, start=1)][layout.data_at:]
    if lead:
        take(lead)
    line_end = plain.end_of_line.decode()
    for block in plain.blocks():
        take(block.decode(later).split(line_end))
    for head in heads if head_texts is None else head_texts:  # a row the full path might leave out (blank, 合计) is for it to judge
        if not (head.isascii() and head.strip()) and (not nfkc(head) or "".join(nfkc(head).split()) in TOTAL_LABELS):
            raise _GiveUp
    for key in key_texts:
        if not key.isascii() and "".join(nfkc(key).split()) in TOTAL_LABELS:
            raise _GiveUp
    count = len(next(iter(columns.values())))
    return RecordTable(spec, name, codec, data, layout.place, columns, range(start, start + count))
