"""What an `aggregate` over a cases table computes from counted rows rather than from the rows one by
one (see `kinds.aggregate_rows`): a row expression's values remembered per distinct cells
(`Remembered`), the function over distinct values with their counts (`reduce_counted`, for a
folded table, facts.stream) and the formula and row traces of a folded subject from its rows read
again when asked for (`Rederived`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, Inexact, Rounded, localcontext
from typing import TYPE_CHECKING, Any

from ..compile.row_expr import RowExpression
from ..core.numbers import CONTEXT, ZERO, div
from ..facts.reading import Row
from ..facts.stream import FoldedRows
from ..results.runtime import Outcome, SubjectFacts

if TYPE_CHECKING:
    from .aggregate_rows import RowsAggregate


class Remembered:
    """A row expression over one subject's rows (the subject's fields fixed), each value worked out once
    per distinct cells of the columns it names: a ballot table's 10⁶ rows hold a handful of grades.
    Cells are told apart exactly (a Decimal by its digits and exponent: 80 and 80.0 give 160 and
    160.0); a row whose value cannot be worked out is not remembered (the caller asks the expression
    again, which says what is wrong and where)."""

    __slots__ = ("columns", "expression", "seen")

    def __init__(self, expression: RowExpression) -> None:
        self.expression = expression
        self.columns = tuple(column for _, column in expression.columns)
        self.seen: dict[tuple[Any, ...], Decimal] = {}

    def evaluate(self, row: Row, fields: Mapping[str, Any]) -> Decimal:
        values = row.values
        key = tuple(_exactly(values.get(column)) for column in self.columns)
        value = self.seen.get(key)
        if value is None:
            value = self.seen[key] = self.expression.evaluate(row, fields)
        return value


def _exactly(value: Any) -> Any:
    """A cell as a key that tells apart what an expression could tell apart."""
    return (value, value.as_tuple()) if isinstance(value, Decimal) else value


class Rederived:
    """A folded subject's formula and row traces, from its rows read again (once) when asked for."""

    __slots__ = ("_outcome", "aggregate", "folded", "subject")

    def __init__(self, aggregate: RowsAggregate, subject: SubjectFacts, folded: FoldedRows) -> None:
        self.aggregate, self.subject, self.folded = aggregate, subject, folded
        self._outcome: Outcome | None = None

    def outcome(self) -> Outcome:
        if self._outcome is None:
            with localcontext(CONTEXT):
                self._outcome = self.aggregate._evaluate(self.subject, self.folded.rows())
        return self._outcome

    def formula(self) -> str:
        formula = self.outcome().formula
        return formula() if callable(formula) else formula

    def rows(self) -> tuple[Any, ...]:
        rows = self.outcome().rows
        return rows() if callable(rows) else rows


def reduce_counted(function: str, counted: Sequence[tuple[Any, int]], n: int, trim: tuple[int, int] | None) -> Decimal | None:
    """`function` over distinct values with their counts (n in all): the value `reduce` gives over
    the rows, or None when the rows' order could change it (a sum that might round; equal values
    written differently at a trimmed edge)."""
    if function == "count":
        return Decimal(n)
    if function == "ratio":  # Σ of / Σ over; over 0: the rows' error
        top = exact_sum([(of, count) for (of, _), count in counted])
        bottom = exact_sum([(over, count) for (_, over), count in counted])
        return None if top is None or bottom is None or bottom == 0 else div(top, bottom)
    if function == "share":
        return div(Decimal(sum(count for value, count in counted if value)), Decimal(n))
    if function in ("min", "max"):
        # the first of equal least (greatest) values, as over the rows: entries come in first-row order
        pick = min if function == "min" else max
        least: Decimal = pick(value for value, _ in counted)
        return least
    if function == "sum":
        return exact_sum(counted)
    kept, left = counted, n
    if function == "trimmed_mean":
        assert trim is not None
        drop, more_than = trim
        if n > more_than:
            trimmed = _trimmed(counted, drop)
            if trimmed is None:
                return None
            kept, left = trimmed, n - 2 * drop
    total = exact_sum(kept)
    return None if total is None else div(total, Decimal(left))


def _trimmed(counted: Sequence[tuple[Any, int]], drop: int) -> list[tuple[Any, int]] | None:
    """The values left when `drop` lowest and `drop` highest rows are taken out."""
    written: dict[Decimal, Decimal] = {}
    for value, _ in counted:
        first = written.setdefault(value, value)
        if first is not value and first.as_tuple() != value.as_tuple():
            return None  # 80 and 80.0: which is dropped depends on where the rows are
    kept = sorted(([value, count] for value, count in counted), key=lambda entry: entry[0])
    for order in (kept, kept[::-1]):
        left = drop
        for entry in order:
            taken = min(left, entry[1])
            entry[1] -= taken
            left -= taken
            if not left:
                break
    return [(value, count) for value, count in kept if count]


def exact_sum(counted: Sequence[tuple[Decimal, int]]) -> Decimal | None:
    """Σ value × count, or None unless that and every partial sum of the rows in any order is exact
    at the scoring precision (then the rows' sum, in their order, is this one, digit for digit).

    Σ |value| × count is computed too: with no digit rounded away anywhere (not even a trailing
    zero: the Rounded flag), its coefficient at the least exponent of the values fits the
    precision, and so does every partial sum, whose magnitude is no larger.
    """
    context = CONTEXT.copy()
    context.clear_flags()
    add, multiply, magnitude_of = context.add, context.multiply, context.copy_abs
    total = magnitude = ZERO
    for value, count in counted:
        times = Decimal(count)
        total = add(total, multiply(value, times))
        magnitude = add(magnitude, multiply(magnitude_of(value), times))
    if context.flags[Inexact] or context.flags[Rounded]:
        return None
    return total
