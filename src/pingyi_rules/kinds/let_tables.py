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
from ..results.runtime import Scope, SubjectFacts
from ..source.strict_yaml import PathKey
from .lookup import BLANK, compile_table


@dataclass(frozen=True)
class LetTable:
    """One let value that is a table: its name, its compiled lookup table, the names its conditions and
    row values read (in order)."""

    name: str
    table: Any  # kinds.lookup's compiled table: `number(subject, scope)` gives its value and notes
    reads: tuple[str, ...]


def compile_let_table(
    name: str, table: LookupTable, path: PathKey, trace_path: str, ctx: CompileContext, owner: str
) -> LetTable:
    """The table at `path` (the let entry) compiled as a lookup table of component `owner`, any number
    allowed; a row or `empty` that gives no value is RS109."""
    for index, row in enumerate(table.rows):
        if row.value == BLANK:
            raise ctx.error(say("RS109.row", name=name, row=index + 1), path + ("rows", index, "value"))
    if table.empty == BLANK:
        raise ctx.error(say("RS109.empty", name=name), path + ("empty",))
    compiled = compile_table(table, path, trace_path, ctx, owner=owner, points=None)
    reads = list(compiled.read)
    for held in compiled.rows:
        expression = held.value.expression
        reads.extend(n for n in (() if expression is None else expression.names) if n not in reads)
    return LetTable(name, compiled, tuple(reads))


def table_reads(tables: tuple[LetTable, ...], order: tuple[str, ...]) -> tuple[str, ...]:
    """The names the tables read that the expressions do not (`order`), in order."""
    extra: list[str] = []
    for table in tables:
        extra.extend(n for n in table.reads if n not in order and n not in extra)
    return tuple(extra)


def _decided(tables: tuple[LetTable, ...], subject: SubjectFacts, scope: Scope, into: dict[str, Any]) -> tuple[str, ...]:
    """Each table's number put `into` under its name; the tables' notes."""
    notes: tuple[str, ...] = ()
    for table in tables:
        number, told = table.table.number(subject, scope)
        assert isinstance(number, Decimal)  # a number in every row and in `empty` (RS109 at load)
        into[table.name] = number
        notes += told
    return notes


def decided_scope(
    tables: tuple[LetTable, ...], subject: SubjectFacts, scope: Scope, extra: tuple[str, ...]
) -> tuple[Scope, tuple[Any, ...], tuple[str, ...]]:
    """The scope with each table's number under its name (what the steps computed at once read), the
    values of the names the tables read that the expressions do not (`extra`), and the tables' notes."""
    view = dict(scope)
    notes = _decided(tables, subject, scope, view)
    fields = subject.fields
    return view, tuple(scope[n] if n in scope else fields.get(n) for n in extra), notes


def decide_tables(
    tables: tuple[LetTable, ...], subject: SubjectFacts, scope: Scope, given: dict[str, Any], names: dict[str, Any],
    known: dict[str, Any],
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Each table decided for the subject: its number joins the names the let expressions and `expr` are
    given (a new mapping, returned) and the intermediate values `known`; the names it read join `names`
    (the trace's inputs) when not there already. Also returned: the tables' notes."""
    values = dict(given)
    notes = _decided(tables, subject, scope, known)
    values.update(known)
    fields = subject.fields
    for table in tables:
        for read in table.reads:
            if read not in names:
                names[read] = scope[read] if read in scope else fields.get(read)
    return values, notes


