"""Row conditions over the rows of a cases table, compiled against the table's columns: a column
compared (`equals`, `in`, `at_least`, `above`, `below`, `at_most`, `between`), `blank`, `flag`,
`expr` (a 是/否 expression over the row's columns), `all` / `any` / `not` — for `cases`
(`exemptions`, `modifiers`), `rating` (`rows`) and the `rows` atom of subject conditions.

`compile_comparison` is the one comparison of a value with a condition's literals, for row and
subject conditions alike: exact (numbers compared as snapped, like expressions compare), literals
read as the column reads a cell.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from ..compile.conditions import compile_predicate
from ..compile.context import CompileContext
from ..core.errors import EvaluationError, FactsError, close_matches
from ..core.messages import Message, say
from ..core.numbers import snap
from ..expressions.compiler import YESNO, Expression, ExpressionProblem, column_type, compile_expression
from ..facts.reading import NO, YES, ColumnSpec, Row, TableSpec, type_cell
from ..model.components import Comparison, RowCondition
from ..results.runtime import said_of
from ..source.strict_yaml import PathKey, format_path, text_expected

RowPredicate = Callable[[Row], bool]
ValueTest = Callable[[Any], bool]  # a comparison of one value that is not blank
ORDERED = ("at_least", "above", "below", "at_most", "between")


def compile_row_condition(
    cond: RowCondition, table: TableSpec, path: PathKey, ctx: CompileContext, inside: int | None = None
) -> RowPredicate:
    """A predicate over one row of the table (`inside`: the index of the named row condition being
    compiled, which may use only those declared before it)."""
    return compile_predicate(cond, path, partial(_row_leaf, table=table, ctx=ctx, inside=inside))


def optional_row_condition(
    cond: RowCondition | None, table: TableSpec, path: PathKey, ctx: CompileContext
) -> RowPredicate | None:
    """A predicate over one row of the table, or None where no condition is written (every row)."""
    return None if cond is None else compile_row_condition(cond, table, path, ctx)


def _row_leaf(cond: RowCondition, path: PathKey, *, table: TableSpec, ctx: CompileContext, inside: int | None) -> RowPredicate:
    """One leaf of a row condition as a predicate."""
    if cond.is_ is not None:
        return _named_row(cond.is_, table, path + ("is",), ctx, inside)
    if cond.flag is not None:
        name = ctx.table_column(table, cond.flag, path + ("flag",), ("bool",)).name
        return lambda row: row.values.get(name) is True
    if cond.blank is not None:
        name = ctx.table_column(table, cond.blank, path + ("blank",)).name
        return lambda row: row.values.get(name) is None
    if cond.expr is not None:
        return _row_expression(cond.expr, table, path + ("expr",), ctx)
    assert cond.column is not None
    spec = ctx.table_column(table, cond.column, path + ("column",))
    name = spec.name
    test = compile_comparison(cond, spec, path, ctx)
    if not any(k in ORDERED for k in cond.comparison_keys()):  # equals / in: a blank cell is not that value
        return lambda row: (value := row.values.get(name)) is not None and test(value)
    where = format_path(ctx.written(path))

    def ordered(row: Row) -> bool:
        value = row.values.get(name)
        if value is None:
            said = say("EV013.row_column", column=spec.header)
            raise EvaluationError(
                say("phrase.at_component", path=where, message=said), row.cells.get(name, row.location), code="EV013"
            )
        return test(value)

    return ordered


def _named_row(name: str, table: TableSpec, path: PathKey, ctx: CompileContext, inside: int | None) -> RowPredicate:
    """A named row condition (top-level `row_conditions`), compiled against the table where it is used."""
    names = [c.name for c in ctx.model.row_conditions]
    if name not in names:
        if name in {c.name for c in ctx.model.conditions}:
            raise ctx.error(say("RS070.subject_condition_in_row", name=name), path)
        raise ctx.error(say("RS074.unknown_row_condition", name=name), path, close_matches(name, names))
    index = names.index(name)
    if inside is not None and index >= inside:
        raise ctx.error(say("RS074.condition_declared_after", name=name), path)
    return compile_row_condition(ctx.model.row_conditions[index].when, table, ("row_conditions", index, "when"), ctx, index)


def compile_row_test(text: str, table: TableSpec, path: PathKey, ctx: CompileContext, what: Message | None = None) -> Expression:
    """A 是/否 expression over the row's columns (a row condition's `expr`, a table's `require`), checked
    at load; RS030 naming the column inside it."""
    types = {c.name: column_type(c.type, c.values) for c in table.columns}
    try:
        return compile_expression(text, types, types=types, result=YESNO)
    except ExpressionProblem as exc:
        raise ctx.error(
            say("RS030.column", what=what or say("phrase.expression"), text=text, value=exc.offset + 1, problem=exc.said),
            path, list(exc.suggestions),
        ) from None


def _row_expression(text: str, table: TableSpec, path: PathKey, ctx: CompileContext) -> RowPredicate:
    """A 是/否 expression over the row's columns."""
    expression = compile_row_test(text, table, path, ctx)
    where = format_path(ctx.written(path))

    def holds(row: Row) -> bool:
        try:
            value = expression.evaluate({n: row.values.get(n) for n in expression.names})
        except ExpressionProblem as exc:
            said = say("phrase.expression_problem", expr=text, problem=said_of(exc))
            if exc.blank is not None:
                raise EvaluationError(say("phrase.at_component", path=where, message=said),
                                      row.cells.get(exc.blank, row.location), code="EV013") from None
            raise EvaluationError(say("phrase.at_component", path=where, message=said), row.location, code="EV014") from None
        if not isinstance(value, bool):
            said = say("EV014.not_yes_no", expr=text, value=repr(value), yes=YES, no=NO)
            raise EvaluationError(say("phrase.at_component", path=where, message=said), row.location, code="EV014")
        return value

    return holds


def compile_comparison(cond: Comparison, spec: ColumnSpec | None, path: PathKey, ctx: CompileContext) -> ValueTest:
    """The comparison of a value (of column `spec`; None: a number such as a component's points or a
    count) with the condition's literals; the value given to it is never blank."""
    what = say("phrase.the_value") if spec is None else say("phrase.column_quoted", name=spec.header)
    numeric = spec is None or spec.type in ("count", "decimal")
    ordered = [k for k in cond.comparison_keys() if k in ORDERED]
    if ordered and not numeric:
        assert spec is not None
        raise ctx.error(
            say("RS072.compares_numbers_compare", ordered=ordered[0], what=what, type=spec.type),
            path + (ordered[0],),
        )
    if cond.between is not None:
        low, high = cond.between
        return lambda v: low <= snap(v) <= high
    if cond.equals is not None or cond.in_ is not None:
        return _equality(cond, spec, path, ctx)
    tests: list[ValueTest] = []
    if cond.at_least is not None:
        tests.append(partial(_at_least, cond.at_least))
    if cond.above is not None:
        tests.append(partial(_above, cond.above))
    if cond.below is not None:
        tests.append(partial(_below, cond.below))
    if cond.at_most is not None:
        tests.append(partial(_at_most, cond.at_most))
    if len(tests) == 1:
        return tests[0]
    first, second = tests
    return lambda v: first(v) and second(v)


def _at_least(limit: Decimal, value: Decimal) -> bool:
    return snap(value) >= limit


def _above(limit: Decimal, value: Decimal) -> bool:
    return snap(value) > limit


def _below(limit: Decimal, value: Decimal) -> bool:
    return snap(value) < limit


def _at_most(limit: Decimal, value: Decimal) -> bool:
    return snap(value) <= limit


def _equality(cond: Comparison, spec: ColumnSpec | None, path: PathKey, ctx: CompileContext) -> ValueTest:
    """`equals` or `in`, the literals read as the column reads a cell (a number for a computed value)."""
    if cond.in_ is not None:
        read = [_literal(spec, v, path + ("in", i), ctx) for i, v in enumerate(cond.in_)]
        for i, value in enumerate(read):
            if value in read[:i]:  # "4" and 4.0 on a number column, 2023-1-1 and 2023/1/1 on a date column
                first = cond.in_[read.index(value)]
                shown = say("phrase.the_value") if spec is None else say("phrase.column_quoted", name=spec.header)
                raise ctx.error(say("RS048", in_=cond.in_[i], first=first, shown=shown), path + ("in", i))
        if spec is None:
            return lambda v: snap(v) in read
        wanted = set(read)
        return lambda v: v in wanted
    literal = _literal(spec, cond.equals, path + ("equals",), ctx)
    if spec is None:
        return lambda v: snap(v) == literal
    return lambda v: v == literal


def _literal(spec: ColumnSpec | None, value: Any, path: PathKey, ctx: CompileContext) -> Any:
    if spec is None:
        if isinstance(value, bool) or not isinstance(value, Decimal):
            raise ctx.error(say("RS072.number_value_compared", value=value), path)
        return value
    return _expected(spec, value, path, ctx)


def _expected(spec: ColumnSpec, value: Any, path: PathKey, ctx: CompileContext) -> Any:
    """A condition's literal in the column's own type (是/否 → bool, numbers → Decimal, dates), read as a cell is."""
    if spec.type == "bool":
        if value in (True, "是"):
            return True
        if value in (False, "否"):
            return False
        raise ctx.error(say("RS034.column_bool", value=value, yes=YES, no=NO, header=spec.header), path)
    if spec.type in ("count", "decimal", "date", "month", "grade"):
        try:  # true/false as written, not as Python spells it
            read = type_cell(str(value).lower() if isinstance(value, bool) else value, spec, ctx.location(path))
        except FactsError as exc:  # a literal no cell of this column can hold: it would never match
            raise ctx.error(say("RS034.column", problem=exc.said, header=spec.header, type=spec.type), path) from None
        if read is None:  # a grade without a value: its cells hold no value to compare
            raise ctx.error(say("RS034.value_scale_cells", value=value, scale=spec.scale, header=spec.header),
                            path)
        return read
    if not isinstance(value, str):  # an unquoted number or true/false where the column holds text
        raise ctx.error(text_expected(value, ctx.document.written(path)), path, code="RS016")
    if spec.values is not None and value not in spec.values:
        raise ctx.error(say("RS034.value_column", voter=value, voter2=spec.header, join=' / '.join(spec.values)), path)
    return value
