"""Row conditions over the rows of a cases table (`flag`, `column` with `equals` / `in`, `all` /
`any` / `not`), compiled against the table's columns: for `cases` (`exemptions`, `modifiers`) and
`rating` (`rows`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from ..compile.conditions import compile_predicate
from ..compile.context import CompileContext
from ..core.errors import FactsError
from ..facts.reading import ColumnSpec, Row, TableSpec, type_cell
from ..model.components import RowCondition
from ..source.strict_yaml import PathKey, text_expected

RowPredicate = Callable[[Row], bool]


def compile_row_condition(
    cond: RowCondition, table: TableSpec, path: PathKey, ctx: CompileContext
) -> RowPredicate:
    """A predicate over one row of the table."""
    return compile_predicate(cond, path, partial(_row_leaf, table=table, ctx=ctx))


def _row_leaf(cond: RowCondition, path: PathKey, *, table: TableSpec, ctx: CompileContext) -> RowPredicate:
    """One leaf of a row condition (a bool column, or a column equal to / in literals) as a predicate."""
    if cond.flag is not None:
        name = ctx.table_column(table, cond.flag, path + ("flag",), ("bool",)).name
        return lambda row: row.values.get(name) is True
    assert cond.column is not None
    spec = ctx.table_column(table, cond.column, path + ("column",))
    name = spec.name
    if cond.in_ is not None:
        read = [_expected(spec, v, path + ("in", i), ctx) for i, v in enumerate(cond.in_)]
        for i, value in enumerate(read):
            if value in read[:i]:  # "4" and 4.0 on a number column, 2023-1-1 and 2023/1/1 on a date column
                first = cond.in_[read.index(value)]
                raise ctx.error(f"'{cond.in_[i]}' is the same value as '{first}' in column '{spec.header}'",
                                path + ("in", i), code="RS048")
        wanted = set(read)
        return lambda row: row.values.get(name) in wanted
    value = _expected(spec, cond.equals, path + ("equals",), ctx)
    return lambda row: row.values.get(name) == value


def _expected(spec: ColumnSpec, value: Any, path: PathKey, ctx: CompileContext) -> Any:
    """A condition's literal in the column's own type (是/否 → bool, numbers → Decimal, dates), read as a cell is."""
    if spec.type == "bool":
        if value in (True, "是"):
            return True
        if value in (False, "否"):
            return False
        raise ctx.error(f"'{value}' is not 是 or 否 (column '{spec.header}' is bool)", path, code="RS034")
    if spec.type in ("count", "decimal", "date", "month", "grade"):
        try:  # true/false as written, not as Python spells it
            read = type_cell(str(value).lower() if isinstance(value, bool) else value, spec, ctx.location(path))
        except FactsError as exc:  # a literal no cell of this column can hold: it would never match
            raise ctx.error(f"{exc.message} (column '{spec.header}' is {spec.type})", path, code="RS034") from None
        if read is None:  # a grade without a value: its cells hold no value to compare
            raise ctx.error(f"'{value}' has no value in scale '{spec.scale}'; its cells are blank (column '{spec.header}')",
                            path, code="RS034")
        return read
    if not isinstance(value, str):  # an unquoted number or true/false where the column holds text
        raise ctx.error(text_expected(value, ctx.document.written(path)), path, code="RS016")
    if spec.values is not None and value not in spec.values:
        raise ctx.error(f"'{value}' is not a value of column '{spec.header}' ({' / '.join(spec.values)})", path, code="RS034")
    return value
