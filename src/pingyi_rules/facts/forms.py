"""Long cases tables with forms, folded as they stream: each record's content without its form.

A table whose rows make forms (`form:` — a ballot, a questionnaire: all the rows sharing the
form columns) has as many distinct records as records, since every record carries its form's
number; counting distinct records (facts.stream) does not shrink it. Read for void rules over
forms and `aggregate` components that never read the form columns (`foldable_tables`), it is
kept as two numbers per record instead of one `Row` each: the record's *content* — its cells
but the form columns', typed once per distinct content (a few thousand in a survey of 10⁶
answers) — and its form (typed once per form). The records are those of the bytes read, one
per line (a quoted cell spanning lines gives the table back to the full path).

When the table's rules are applied (compile.voids, `FoldedTable.screen_forms`), the forms are
taken in the order of their first rows (a form's rows need not stand together), each as its
contents; forms alike in every content share one verdict (as compile.voids' `decided_by` does:
judged on the contents' rows); a form the rules void is judged again on its own rows (their
numbers and form cells), for its reason and record. The kept records are then counted by content
— the fold of facts.stream, keyed without the form — and the void forms' rows are left out of
every later reading of the rows (traces). As in facts.stream, anything the full path would not
take without a word (a bad cell, a blank or totals row, a row wider than the header) gives the
table back to it, which reads it again and says what it always says, at the same place.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from operator import itemgetter, ne
from typing import Any

from ..core.errors import FactsError
from .cells import nfkc
from .rows import Row, RowPlace
from .stream import CHUNK, MAX_DISTINCT, FoldedRows, FoldedTable, _GiveUp, _Layout
from .tables import HEADER_SEARCH_ROWS, TOTAL_LABELS, TableData, TableSpec, _Slow

# what judges one form: its rows → the reason it is void, or None
Judge = Callable[[list[Row]], str | None]


class FormRecords:
    """A folded form table's records, in file order: `contents[i]` is record i's content (the index
    of the first record with the same cells outside the form), `forms[i]` its form's (the index of
    the form's first record); record i is row `start + i` of the file."""

    __slots__ = ("columns", "contents", "form", "form_values", "forms", "place", "rows", "start")

    def __init__(
        self, contents: list[int], forms: list[int], rows: dict[int, Row], form: tuple[str, ...],
        form_values: dict[int, tuple[Any, ...]], start: int, columns: tuple[str, ...], place: RowPlace,
    ) -> None:
        self.contents, self.forms, self.start, self.columns, self.place = contents, forms, start, columns, place
        self.rows = rows  # each content's row (number 0: evaluation only), without the form columns
        self.form, self.form_values = form, form_values  # the form columns, and each form's typed cells in them

    def screen(
        self, table: FoldedTable, key_of: Callable[[dict[str, Any]], tuple[str, ...]], judge: Judge,
        decided_by: tuple[str, ...] | None,
    ) -> tuple[dict[str, FoldedRows], list[tuple[list[Row], str]]]:
        """Each form judged once (alike forms, when `decided_by`, sharing a verdict): the kept records
        counted under their subjects, and each void form's rows with its reason, in the order of the
        forms' first rows. `key_of` a form's cells → its key (forms with one key are one form)."""
        contents, rows = self.contents, self.rows
        forms = self._merged(key_of)
        order, sizes = self._grouped(forms)
        alike = _alike(rows, decided_by)
        verdicts: dict[tuple[int, ...], bool] = {}
        kept = bytearray(b"\x01") * len(forms)
        void: list[tuple[list[Row], str]] = []
        at = 0
        for form, size in sizes.items():
            members = range(at, at + size) if order is None else order[at:at + size]
            at += size
            own = contents[members.start:members.stop] if isinstance(members, range) else list(map(contents.__getitem__, members))
            if alike is not None:
                seen = tuple(map(alike.__getitem__, own))
                verdict = verdicts.get(seen)
                if verdict is None:  # judged on its contents' rows: the rules read no form cell, no row number
                    verdict = verdicts[seen] = judge(list(map(rows.__getitem__, own))) is not None
                if not verdict:
                    continue
            placed = self._placed(form, members, own)
            reason = judge(placed)
            if reason is not None:
                void.append((placed, reason))
                kept[form] = 0
        counts = Counter(itertools.compress(contents, map(kept.__getitem__, forms)))
        key = table.spec.subject_column
        subjects: dict[str, FoldedRows] = {}
        for content, count in counts.items():
            row = rows[content]
            subject = str(row.values[key])
            found = subjects.get(subject)
            if found is None:
                found = subjects[subject] = FoldedRows(table, subject)
            found.entries.append((row, count))
            found.count += count
        return subjects, void

    def _merged(self, key_of: Callable[[dict[str, Any]], tuple[str, ...]]) -> list[int]:
        """Each record's form, forms whose cells differ but whose keys are one (` F1` and `F1`) merged
        into the first of them."""
        first: dict[tuple[str, ...], int] = {}
        columns = self.form
        same = {form: first.setdefault(key_of(dict(zip(columns, values, strict=True))), form) for form, values in self.form_values.items()}
        if all(form == into for form, into in same.items()):
            return self.forms
        return list(map(same.__getitem__, self.forms))

    @staticmethod
    def _grouped(forms: list[int]) -> tuple[list[int] | None, dict[int, int]]:
        """The records in the order of their forms (None: as they are, every form's rows together) and
        each form's number of records, the forms in the order of their first records."""
        sizes = Counter(forms)  # first met first: the forms in the order of their first records
        runs = 1 + sum(map(ne, itertools.islice(forms, 1, None), forms)) if forms else 0
        if runs == len(sizes):
            return None, sizes
        return sorted(range(len(forms)), key=forms.__getitem__), sizes  # stable: each form's rows in file order

    def _placed(self, form: int, members: Sequence[int], own: list[int]) -> list[Row]:
        """The form's rows as the full path reads them: their values in column order, their numbers."""
        rows, start, place = self.rows, self.start, self.place
        cells = dict(zip(self.form, self.form_values[form], strict=True))
        placed = []
        for index, content in zip(members, own, strict=True):
            row = rows[content]
            values = {name: cells[name] if name in cells else row.values[name] for name in self.columns}
            placed.append(Row.placed(values, start + index, place))
        return placed


def _alike(rows: dict[int, Row], decided_by: tuple[str, ...] | None) -> dict[int, int] | None:
    """Each content → the first content with the same values in the `decided_by` columns (forms whose
    contents map alike share a verdict); None when each form is judged on its own rows."""
    if decided_by is None:
        return None
    first: dict[tuple[Any, ...], int] = {}
    try:
        return {content: first.setdefault(tuple(map(row.values.get, decided_by)), content) for content, row in rows.items()}
    except TypeError:  # a value that cannot be a key: each form judged on its own
        return None


def fold_form_table(
    spec: TableSpec, data: bytes, name: str, codec: str, warnings: list[str] | None, form: tuple[str, ...]
) -> TableData | None:
    """The table folded by content, its forms to be screened (`FoldedTable.screen_forms`), or None:
    the full path must read it."""
    if spec.rows != "cases" or not form or spec.subject_column in form:
        return None
    said: list[str] = []
    try:
        folded = _read(spec, data, name, codec, said, form)
    except (_GiveUp, FactsError, _Slow, csv.Error, IndexError, UnicodeDecodeError):
        return None
    if warnings is not None:
        warnings.extend(said)
    return TableData(spec, name, [], folded=folded)


def _cutter(positions: list[int]) -> Any:
    """A record → the cells at `positions`, as a tuple (of one cell too)."""
    return itemgetter(*positions) if len(positions) > 1 else itemgetter(positions[0], positions[0])


def _read(spec: TableSpec, data: bytes, name: str, codec: str, warnings: list[str], form: tuple[str, ...]) -> FoldedTable:
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline=""))
    lead = [(reader.line_num, row) for row in itertools.islice(reader, HEADER_SEARCH_ROWS + 1)]
    layout = _Layout(spec, lead, name, warnings)
    at = {column: index for column, index, _ in layout.plan}
    form_at = sorted({at[column] for column in form})
    content_at = sorted({0, layout.subject_at, *at.values()} - set(form_at))
    cut_content, cut_form = _cutter(content_at), _cutter(form_at)
    contents: list[int] = []
    forms: list[int] = []
    by_content: dict[tuple[int, tuple[str, ...]], int] = {}
    by_form: dict[tuple[str, ...], int] = {}
    chunk = [cells for _, cells in lead[layout.data_at:]]
    n = 0
    while chunk:
        contents.extend(map(by_content.setdefault, zip(map(len, chunk), map(cut_content, chunk), strict=True), itertools.count(n)))
        forms.extend(map(by_form.setdefault, map(cut_form, chunk), itertools.count(n)))
        n += len(chunk)
        if len(by_content) > MAX_DISTINCT:
            raise _GiveUp
        chunk = list(itertools.islice(reader, CHUNK))
    if n and reader.line_num != layout.data_start + n - 1:
        raise _GiveUp  # a record over more than one line: its row number is the full path's to say
    table = FoldedTable(spec, name, codec, data)
    table.subject_at, table.cut, table.data_start = layout.subject_at, layout.cut, layout.data_start
    place = layout.place
    head_in_form = 0 in form_at
    content_index = {position: i for i, position in enumerate(content_at)}
    form_index = {position: i for i, position in enumerate(form_at)}
    subject_cell = content_index[layout.subject_at]
    typed: dict[str, dict[str, Any]] = {column: {} for column in at}
    rows: dict[int, Row] = {}
    for (width, cells), content in by_content.items():
        if width > layout.named:
            raise _GiveUp  # cells beyond the header's names: the full path says whether they are empty
        _ordinary(None if head_in_form else cells[content_index[0]], cells[subject_cell])
        values = {column: _typed(typed[column], convert, cells[content_index[index]])
                  for column, index, convert in layout.plan if column not in form}
        rows[content] = Row.placed(values, 0, place)
    form_plan = [(column, form_index[index], convert) for column, index, convert in layout.plan if column in form]
    form_values: dict[int, tuple[Any, ...]] = {}
    for cells, first in by_form.items():  # each a form's own: typed, not remembered
        if head_in_form:
            _ordinary(cells[form_index[0]], None)
        form_values[first] = tuple(convert(cells[index]) for _, index, convert in form_plan)
    columns = tuple(column for column, _, _ in form_plan)
    table.forms = FormRecords(contents, forms, rows, columns, form_values, layout.data_start, tuple(c.name for c in spec.columns), place)
    return table


def _typed(seen: dict[str, Any], convert: Any, raw: str) -> Any:
    """A cell typed by its column (each text typed once)."""
    try:
        return seen[raw]
    except KeyError:
        value = seen[raw] = convert(raw)
        return value


def _ordinary(head: str | None, subject: str | None) -> None:
    """Give the table back for a record the full path might not take as a plain row: a blank first
    cell (maybe a blank row), a totals row (合计) — `head` its first cell, `subject` its subject cell."""
    if head is not None and not (head.isascii() and head.strip()) and not nfkc(head):
        raise _GiveUp
    for cell in (subject, head):
        if cell is not None and not cell.isascii() and "".join(nfkc(cell).split()) in TOTAL_LABELS:
            raise _GiveUp
