"""A table's rules (compile.voids) applied to a long table read folded: each void row or form one
record, as `TableRules.apply` gives it when the rows are read one by one.

- `apply_folded`: void rules on one row (`when`) over a table counted by distinct rows
  (facts.stream): each distinct row judged once (`FoldedTable.leave_out`); a void row is listed by
  its subject and row number, at its row.
- `apply_folded_forms`: rules over forms (`form` with `void`, `dated_by`, `unique`) over a table
  counted by content (facts.forms): each form judged once, forms alike sharing a verdict
  (`FoldedTable.screen_forms`); a void form is listed by its key, at its first row, with its rows.

A rule that fails on a row raises before anything is left out: `apply` then reads the rows, which
say where.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from ..facts.cells import shown
from ..facts.forms import Flaws
from ..facts.reading import Row, TableData
from ..facts.stream import FoldedTable, csv_locate
from ..results.result import VoidRecord

if TYPE_CHECKING:
    from .voids import TableRules


def _reason(rules: TableRules, population: tuple[str, ...], data: TableData, rows: list[Row], flaws: dict[int, Flaws]) -> str | None:
    """Why a form is void, its rows' flaws (cells that failed an `invalid: void` column) as the table's."""
    return rules.form_reason(population, replace(data, flaws=flaws) if flaws else data, rows)


def apply_folded(rules: TableRules, data: TableData, folded: FoldedTable, records: list[VoidRecord]) -> TableData:
    """`apply` on a folded table: each distinct row judged once, each void row one record, as the
    rows would give them (its subject and row number, at its row)."""
    locate = csv_locate(folded.name)
    for number, row, reason in folded.leave_out(rules.row_reason):
        subject = row.values.get(rules.subject)
        records.append(
            VoidRecord(rules.table, f"{shown(subject)} 第{number}行", reason, locate(number, 0, None), (str(subject),), (number,))
        )
    return data


def apply_folded_forms(
    rules: TableRules, data: TableData, folded: FoldedTable, records: list[VoidRecord], population: tuple[str, ...]
) -> TableData | None:
    """`apply` on a table folded by content (facts.forms): each form judged once (forms alike
    sharing a verdict), each void form one record, as the rows give them, its rows kept aside with
    its reason (`TableData.voided`, in file order, for an aggregate's `void_detail`); None at a
    repeat of the `unique` columns (the rows say where)."""
    judge = partial(_reason, rules, population, data)
    # without void rules a verdict is the period's: decided by the cells outside the form
    decided_by = rules.decided_by if rules.void else tuple(c.name for c in data.spec.columns if c.name not in rules.form)
    void = folded.screen_forms(rules.form_key, judge, decided_by, rules.unique)
    if void is None:
        return None
    voided: list[tuple[Row, str]] = []
    for rows, reason in void:
        subjects = tuple(dict.fromkeys(str(row.values.get(rules.subject)) for row in rows))
        key = "/".join(rules.form_key(rows[0].values))
        records.append(VoidRecord(rules.table, key, reason, rows[0].location, subjects, tuple(r.number for r in rows)))
        voided.extend((row, reason) for row in rows)
    voided.sort(key=_row_number)
    return replace(data, voided=tuple(voided))


def _row_number(entry: tuple[Row, str]) -> int:
    return entry[0].number
