"""An `expression`'s `let` value written as a lookup table (`{hit, rows, empty}`) instead of an
expression: decided for each subject as a `lookup` component is (the one subject condition
language, the declared hit policy, `empty`), its number then named like any let value.

A table's conditions and row values see what a `lookup`'s do — the subject's fields, the named
values and the components computed before — and no other let value, so the tables are decided
before the let expressions and listed first among the intermediate values; `expr` and every let
expression may use them. The names a table's conditions and row values read are listed among the
expression's inputs (after the names the expressions read), and a table's own note (`empty` taken)
among its notes. A let value is a number: a row `value: blank` or `empty: blank` is refused (RS109).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..compile.context import CompileContext
from ..core.messages import say
from ..model.lookup_rows import LookupTable
from ..results.runtime import Evaluate, Scope, SubjectFacts
from ..source.strict_yaml import PathKey


@dataclass(frozen=True)
class LetTable:
    """One let value that is a table: its name, its compiled lookup, the names its conditions and row
    values read (in order)."""

    name: str
    decide: Evaluate
    reads: tuple[str, ...]


def compile_let_table(
    name: str, table: LookupTable, path: PathKey, trace_path: str, ctx: CompileContext, owner: str
) -> LetTable:
    """The table at `path` (the let entry) compiled as a lookup table of component `owner`, any number
    allowed; a row or `empty` that gives no value is RS109."""
    # kinds.lookup compiles its row values with kinds.expression, which imports this module
    from .lookup import BLANK, compile_table

    for index, row in enumerate(table.rows):
        if row.value == BLANK:
            raise ctx.error(say("RS109.row", name=name, row=index + 1), path + ("rows", index, "value"))
    if table.empty == BLANK:
        raise ctx.error(say("RS109.empty", name=name), path + ("empty",))
    decide = compile_table(table, path, trace_path, ctx, owner=owner, points=None)
    reads = list(decide.read)
    for compiled in decide.rows:
        expression = compiled.value.expression
        reads.extend(n for n in (() if expression is None else expression.names) if n not in reads)
    return LetTable(name, decide, tuple(reads))


def decide_tables(
    tables: tuple[LetTable, ...], subject: SubjectFacts, scope: Scope, given: dict[str, Any], names: dict[str, Any],
    known: dict[str, Any],
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Each table decided for the subject: its number joins the names the let expressions and `expr` are
    given (a new mapping, returned) and the intermediate values `known`; the names it read join `names`
    (the trace's inputs) when not there already. Also returned: the tables' notes."""
    values = dict(given)
    notes: list[str] = []
    fields = subject.fields
    for table in tables:
        outcome = table.decide(subject, scope)
        number = outcome.points
        assert isinstance(number, Decimal)  # a number in every row and in `empty` (RS109 at load)
        values[table.name] = known[table.name] = number
        for read in table.reads:
            if read not in names:
                names[read] = scope[read] if read in scope else fields.get(read)
        notes.extend(outcome.notes if isinstance(outcome.notes, tuple) else outcome.notes())
    return values, tuple(notes)


def let_conditions(model: Any) -> tuple[Any, ...]:
    """The conditions of an expression's let tables (so that the named conditions they use count as used)."""
    return tuple(
        row.when for table in (model.let or {}).values() if isinstance(table, LookupTable) for row in table.rows
        if row.when is not None
    )
