"""Expressions over one row of a cases table and the subject the row belongs to (an aggregate's `of`).

A row expression may name the columns of its table (by name or header) and the subject's fields
(per-subject and keyed columns, lookups); a column of the row hides a field of the same name. It
is checked at load like every expression (`expressions.compiler`: the whitelist, each name's kind
from its column's `type`, a number as the result; RS030), and evaluated per row with exact
Decimals. Without a table it sees the subject's fields only (the population form of `aggregate`).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..core.messages import Message, say
from ..expressions.compiler import Expression, ExpressionProblem, NameType, column_type, compile_expression
from ..facts.reading import Row, TableSpec
from ..results.runtime import said_of
from ..source.strict_yaml import PathKey
from .context import CompileContext


class RowValueProblem(Exception):
    """A row expression could not give a number for one row.

    `code` is the evaluation code (EV008 blank, EV004 failed, EV005 not a number); `column` names the
    row's column and `field` the subject's field whose blank value was needed (at most one is set).
    """

    def __init__(self, message: Message, code: str, *, column: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.said = message
        self.code = code
        self.column = column
        self.field = field


@dataclass(frozen=True)
class RowExpression:
    """A checked row expression; `evaluate` is pure."""

    text: str
    expression: Expression
    columns: tuple[tuple[str, str], ...]  # (name written, the row's column name)
    fields: tuple[str, ...]  # the subject's fields it uses
    direct: str | None  # the expression is one column of the row: read without evaluating

    def evaluate(self, row: Row | None, fields: Mapping[str, Any]) -> Decimal:
        """The value for one row (None: the subject's fields alone); RowValueProblem when there is none."""
        if self.direct is not None and row is not None:
            value = row.values.get(self.direct)
            if value is None:
                raise RowValueProblem(say("EV008.row_blank", expr=self.text, column=self.text), "EV008", column=self.direct)
            if isinstance(value, bool) or not isinstance(value, Decimal):
                raise RowValueProblem(say("EV005.row_not_number", expr=self.text, value=repr(value)), "EV005")
            return value
        names: dict[str, Any] = {}
        for name, column in self.columns:
            names[name] = None if row is None else row.values.get(column)
        for name in self.fields:
            names[name] = fields.get(name)
        try:
            value = self.expression.evaluate(names)
        except ExpressionProblem as exc:
            if exc.blank is not None:
                blank_column = dict(self.columns).get(exc.blank)
                if blank_column is not None:
                    raise RowValueProblem(_problem(self.text, exc), "EV008", column=blank_column) from None
                raise RowValueProblem(_problem(self.text, exc), "EV008", field=exc.blank) from None
            raise RowValueProblem(_problem(self.text, exc), "EV004") from None
        if isinstance(value, bool) or not isinstance(value, Decimal):
            raise RowValueProblem(say("EV005.row_not_number", expr=self.text, value=repr(value)), "EV005")
        return value


def _problem(text: str, problem: ExpressionProblem) -> Message:
    return say("phrase.expr_problem", expr=text, problem=said_of(problem))


def compile_row_expression(text: str, table: TableSpec | None, path: PathKey, ctx: CompileContext) -> RowExpression:
    """Check `text` against the table's columns and the subject's fields; RS030 naming the column inside it."""
    columns: dict[str, str] = {}
    types: dict[str, NameType] = {name: column_type(spec.type, spec.values) for name, spec in ctx.fields.items()}
    if table is not None:
        for spec in table.columns:
            for name in (spec.header, spec.name):
                columns[name] = spec.name
                types[name] = column_type(spec.type, spec.values)
    known = set(ctx.fields) | set(columns)
    try:
        expression = compile_expression(text, known, types=types)
    except ExpressionProblem as exc:
        raise ctx.error(
            say("RS030.expression_column", text=text, value=exc.offset + 1, problem=exc.said), path, list(exc.suggestions)
        ) from None
    used_columns = tuple((name, columns[name]) for name in expression.names if name in columns)
    used_fields = tuple(name for name in expression.names if name not in columns)
    direct = None
    if isinstance(expression.tree, ast.Name) and used_columns:
        direct = used_columns[0][1]
    return RowExpression(text, expression, used_columns, used_fields, direct)
