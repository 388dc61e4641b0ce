"""The keys of an `aggregate`'s row steps (see `kinds.aggregate_steps`): their models — `per_row` as a
row table, `exempt`, `multipliers`, `checks`, `keep_highest` — and their compile step
(`compile_steps`), which checks them against the table and the function (RS115–RS119, RS053 for a
key that changes nothing) and gives the compiled `Steps`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Discriminator, Field, Tag, WithJsonSchema

from ..compile.context import CompileContext, check_caps
from ..compile.row_expr import RowExpression, compile_row_expression
from ..core.messages import say
from ..core.numbers import plain
from ..facts.reading import TableSpec
from ..model.base import Identifier, Model
from ..model.components import RowCondition
from ..model.inputs import Positive
from ..model.lookup_rows import EmptyValue, Hit, RowValue
from ..source.strict_yaml import PathKey
from .aggregate_steps import (
    CheckRule,
    CompiledTable,
    ExemptRule,
    HeldRow,
    HighestRule,
    MultiplyRule,
    RowIndex,
    Steps,
    shown,
)
from .rows import compile_row_condition, optional_row_condition

_EXPRESSION_LENGTH = 2000
ROW_EXPRESSION = "row expression"
ROW_TABLE = "row table"
_EXACT = ("text", "enum", "id")  # column types whose equals / in is the cell's text itself: a row table indexes them


def _number_or_text(value: Any) -> Any:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value)
    return value


class RowTableRow(Model):
    """行表的一行：when 成立的行取 value（一个数，或对该行的列的表达式），并带名称与限额分组。"""

    when: RowCondition | None = Field(None, title="条件", description="行条件；省略为总是成立（只能是最后一行，hit: first）")
    value: RowValue = Field(title="取值", description="一个数，或对该行的列与对象字段的表达式（如 扣分）")
    label: str | None = Field(None, title="名称", description="计算过程中此行的名称：计入行写“名称 取值”，不计入的行写“名称: 原因”")
    value_label: str | None = Field(
        None, title="取值名称", description="计入行在取值前写的名称（省略为 label），如 党纪处分·警告（不计入的行仍写 label）",
    )
    group: Identifier | None = Field(None, title="分组", description="caps 中的组：此组的行按行序合计至多到上限")


class RowTable(Model):
    """每行取值的行表：按行判断条件（行条件），成立的行给出该行的取值；hit 声明命中规则。"""

    hit: Hit = Field(
        title="命中规则", description="first：取第一个成立的行；unique：须恰好一行成立（两行成立是错误）"
    )
    rows: list[RowTableRow] = Field(title="行", min_length=1, max_length=1000)
    empty: EmptyValue = Field(
        "error", title="无行时", description="无一行成立时：error（默认）报错，在该行；或一个数（blank 不可：每行的取值是一个数）",
    )


def _per_row_branch(value: Any) -> str:
    return ROW_TABLE if isinstance(value, (dict, RowTable)) else ROW_EXPRESSION


PerRow = Annotated[
    Annotated[Annotated[str, Field(max_length=_EXPRESSION_LENGTH)], Tag(ROW_EXPRESSION)] | Annotated[RowTable, Tag(ROW_TABLE)],
    Discriminator(_per_row_branch),
]
"""`per_row`: an expression over the row, or a row table (`{hit, rows, empty}`)."""


class Exempt(Model):
    """免计：when 成立的行不计（记为免计，0 分）；unless 成立时不予免计，lost 写入计算过程。"""

    where: RowCondition | None = Field(None, title="行条件", description="只适用于符合此条件的行（如 某些事项的行）；省略为每行")
    when: RowCondition = Field(title="条件")
    unless: RowCondition | None = Field(None, title="除非", description="此条件成立时不予免计")
    reason: str = Field(title="事由")
    lost: str | None = Field(None, title="失效事由", description="unless 成立、免计失效时写入计算过程的事由")


class Multiply(Model):
    """倍数：when 成立（省略为每行）的行，取值乘以 multiply（一个数，或该行的一列，如 人次）。"""

    multiply: Annotated[
        Positive | str,
        BeforeValidator(_number_or_text),
        WithJsonSchema({"anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string"}]}),
    ] = Field(title="乘以", description="一个大于 0 且不为 1 的数，或一列（count 或 decimal）：乘以该行此列的值")
    where: RowCondition | None = Field(None, title="行条件", description="只适用于符合此条件的行（如 某些事项的行）；省略为每行")
    when: RowCondition | None = Field(None, title="条件", description="省略为每行")
    reason: str | None = Field(None, title="事由", description="计算过程中写“× 倍数（事由）”；乘以一列时可省略（写“× 值 列名”）")
    after_highest: bool = Field(False, title="就高之后", description="为 true 时在 keep_highest 之后再乘")


class RowCheck(Model):
    """行核对：取得取值的行（where 所选的行）都须满足的条件；不满足是错误，在条件所涉的第一列的单元格指明（EV027）。"""

    name: str = Field(title="名称", description="核对名称：不满足时写入错误信息，如 A1 扣分在 3–5 内")
    where: RowCondition | None = Field(None, title="行条件", description="只核对符合此条件的行；省略为每行")
    when: RowCondition = Field(title="条件", description="所核对的行都须满足")


class Highest(Model):
    """就高：matter 各列都非空且相同的行只计取值最高的一行，其余行记为就高不重复。"""

    matter: str | Annotated[list[str], Field(min_length=1)] = Field(
        title="事项列", description="一列或几列：这些列都非空且相同的行视为同一事项",
    )
    when: RowCondition | None = Field(None, title="条件", description="只在符合条件的行中就高；省略为全部计入行")
    reason: str = Field(title="事由")


# the keys of an aggregate that declare row steps (with a row table as `per_row`)
STEP_KEYS = ("in_period", "exempt", "multipliers", "keep_highest", "caps", "above_points", "base", "floor", "checks")


def declares_steps(model: Any) -> bool:
    """The aggregate has row steps: its rows are walked in order, one by one."""
    return isinstance(model.per_row, RowTable) or any(k in model.model_fields_set for k in STEP_KEYS)


def compile_steps(model: Any, table: TableSpec, path: PathKey, ctx: CompileContext) -> Steps | None:
    """The steps the aggregate's keys declare (None when it declares none), checked against the
    table and the function; RS115–RS117 where a key cannot apply."""
    if not declares_steps(model):
        return None
    given = model.model_fields_set
    row_table = isinstance(model.per_row, RowTable)
    function = model.function
    per_row_keys = [k for k in ("exempt", "multipliers", "keep_highest", "caps", "checks") if k in given]
    if per_row_keys and function in ("count", "share", "ratio"):
        raise ctx.error(say("RS115.value_steps", key=per_row_keys[0], function=function), path + (per_row_keys[0],))
    if row_table and function == "ratio":  # (on count and share, `per_row` itself is refused: RS053)
        raise ctx.error(say("RS115.value_steps", key="per_row", function=function), path + ("per_row",))
    running = [k for k in ("caps",) if k in given]
    if model.above_points == "cap":
        running.append("above_points")
    for key in running:
        if function != "sum" or model.groups is not None:
            raise ctx.error(say("RS115.running_sum", key=key, function=function), path + (key,))
    period = None
    if model.in_period is not None:
        column = ctx.table_column(table, model.in_period, path + ("in_period",), ("date",)).name
        if ctx.model.period is None:
            raise ctx.error(say("RS116"), path + ("in_period",))
        period = (column, ctx.model.period)
    compiled_table = _compile_table(model.per_row, table, path + ("per_row",), ctx) if row_table else None
    groups = {row.group for row in compiled_table.rows if row.group is not None} if compiled_table else set()
    check_caps(model.caps, groups, path, ctx)
    if row_table:
        for i, row in enumerate(model.per_row.rows):
            if row.group is not None and row.group not in model.caps:
                ctx.errors.append(ctx.no_effect(say("RS053.group_cap_caps", group=row.group), path + ("per_row", "rows", i, "group")))
    exempt = tuple(_compile_exempt(rule, table, path + ("exempt", i), ctx) for i, rule in enumerate(model.exempt or ()))
    multiply = tuple(
        _compile_multiply(rule, table, path + ("multipliers", i), ctx) for i, rule in enumerate(model.multipliers or ())
    )
    highest = None
    if model.keep_highest is not None:
        hpath = path + ("keep_highest",)
        written = model.keep_highest.matter
        if isinstance(written, str):
            matter: tuple[str, ...] = (ctx.table_column(table, written, hpath + ("matter",)).name,)
        else:
            matter = tuple(ctx.table_column(table, c, hpath + ("matter", i)).name for i, c in enumerate(written))
        when = optional_row_condition(model.keep_highest.when, table, hpath + ("when",), ctx)
        highest = HighestRule(matter, when, model.keep_highest.reason)
    for i, rule in enumerate(multiply):
        if rule.after_highest and highest is None:
            ctx.errors.append(ctx.no_effect(say("RS053.after_highest_aggregate"), path + ("multipliers", i, "after_highest")))
    ceiling = None
    if model.above_points == "cap":
        if model.points is None:
            raise ctx.error(say("RS117.no_points"), path + ("above_points",))
        if model.base is not None:
            ctx.errors.append(ctx.no_effect(say("RS053.above_points_base"), path + ("above_points",)))
        ceiling = model.points
    if "floor" in given and model.base is None:
        ctx.errors.append(ctx.no_effect(say("RS053.floor_without_base"), path + ("floor",)))
    if model.base is not None and model.points is not None and model.base > model.points:
        raise ctx.error(say("RS032", base=plain(model.base), points=plain(model.points)), path + ("base",))
    if model.base is not None and model.floor is not None and model.floor >= model.base:
        raise ctx.error(say("RS117.floor_at_base", floor=plain(model.floor), base=plain(model.base)), path + ("floor",))
    checks = tuple(
        CheckRule(optional_row_condition(check.where, table, path + ("checks", i, "where"), ctx),
               compile_row_condition(check.when, table, path + ("checks", i, "when"), ctx), check.name,
               tuple(_columns_of(check.when, table, ctx)))
        for i, check in enumerate(model.checks or ())
    )
    checked = RowIndex.of([(_exact(_keyed(check.where, table), table), rule.where) for check, rule in zip(model.checks or (), checks, strict=True)])
    return Steps(period=period, table=compiled_table, exempt=exempt, multiply=multiply, highest=highest,
                 caps=dict(model.caps or {}), ceiling=ceiling, checks=checks, checked=checked if checks else None,
                 exempting=RowIndex.of([(_exact(_keyed(e.where, table), table), rule.where) for e, rule in zip(model.exempt or (), exempt, strict=True)])
                 if exempt else None,
                 base=model.base, floor=model.floor if model.base is not None else None)


def _compile_table(per_row: RowTable, table: TableSpec, path: PathKey, ctx: CompileContext) -> CompiledTable:
    rows: list[HeldRow] = []
    tested: list[str] = []
    for i, row in enumerate(per_row.rows):
        rpath = path + ("rows", i)
        if row.when is None and i != len(per_row.rows) - 1:
            raise ctx.error(say("RS118.always_last"), rpath)
        if row.when is None and per_row.hit == "unique" and len(per_row.rows) > 1:
            raise ctx.error(say("RS118.always_unique"), rpath)
        when = optional_row_condition(row.when, table, rpath + ("when",), ctx)
        if row.when is not None:
            tested.extend(c for c in _columns_of(row.when, table, ctx) if c not in tested)
        value: Decimal | RowExpression = (
            row.value if isinstance(row.value, Decimal) else compile_row_expression(row.value, table, rpath + ("value",), ctx)
        )
        if row.value_label is not None and row.label is None:
            ctx.errors.append(ctx.no_effect(say("RS053.value_label_without_label"), rpath + ("value_label",)))
        keyed = _keyed(row.when, table)
        rows.append(HeldRow(when, value, row.label, row.group, row.value_label, keyed, _exact(keyed, table) is not None))
    if per_row.rows[-1].when is None and "empty" in per_row.model_fields_set:
        ctx.errors.append(ctx.no_effect(say("RS053.row_table_empty_never"), path + ("empty",)))
    if per_row.empty == "blank":
        raise ctx.error(say("RS118.empty_blank"), path + ("empty",))
    empty = per_row.empty if isinstance(per_row.empty, Decimal) else None
    return CompiledTable.of(tuple(rows), per_row.hit == "unique", empty, tuple(tested))


def _exact(keyed: dict[str, tuple[str, ...]] | None, table: TableSpec) -> dict[str, tuple[str, ...]] | None:
    """The values a condition names per column (`_keyed`) when it only tests text columns (`RowIndex`), else None."""
    if keyed is None or any(next(c.type for c in table.columns if c.name == name) not in _EXACT for name in keyed):
        return None
    return keyed


def _keyed(cond: RowCondition | None, table: TableSpec) -> dict[str, tuple[str, ...]] | None:
    """The values a row's condition names per column, when it is only columns equal to (or in) values
    (`all` of them); None otherwise (no condition, or any other kind of test)."""
    if cond is None:
        return None
    atoms = cond.all if cond.all is not None else [cond]
    keyed: dict[str, tuple[str, ...]] = {}
    for atom in atoms:
        given = atom.model_dump(by_alias=True, exclude_unset=True, exclude_none=True)
        if atom.column is None or set(given) - {"column", "equals", "in"} or len(given) != 2:
            return None
        spec = table.column_named(atom.column)
        if spec is None or spec.name in keyed:
            return None
        literals = [atom.equals] if atom.equals is not None else list(atom.in_ or ())
        keyed[spec.name] = tuple(shown(v) for v in literals)
    return keyed


def _columns_of(cond: RowCondition, table: TableSpec, ctx: CompileContext) -> list[str]:
    """The table's columns a row condition compares, in the order written (what an error shows); a
    named row condition's (`is`, compiled already, so declared before the one using it) in its place."""
    names: list[str] = []
    for name in (cond.column, cond.flag, cond.blank):
        if name is not None:
            spec = table.column_named(name)
            if spec is not None:
                names.append(spec.name)
    named = [c.when for c in ctx.model.row_conditions if c.name == cond.is_][:1]
    for inner in (*named, *(cond.all or ()), *(cond.any or ()), *((cond.not_,) if cond.not_ is not None else ())):
        names.extend(n for n in _columns_of(inner, table, ctx) if n not in names)
    return names


def _compile_exempt(rule: Exempt, table: TableSpec, path: PathKey, ctx: CompileContext) -> ExemptRule:
    if rule.lost is not None and rule.unless is None:
        ctx.errors.append(ctx.no_effect(say("RS053.lost_reason_written"), path + ("lost",)))
    return ExemptRule(
        optional_row_condition(rule.where, table, path + ("where",), ctx),
        compile_row_condition(rule.when, table, path + ("when",), ctx),
        optional_row_condition(rule.unless, table, path + ("unless",), ctx),
        rule.reason, rule.lost,
    )


def _compile_multiply(rule: Multiply, table: TableSpec, path: PathKey, ctx: CompileContext) -> MultiplyRule:
    when = optional_row_condition(rule.when, table, path + ("when",), ctx)
    where = optional_row_condition(rule.where, table, path + ("where",), ctx)
    if isinstance(rule.multiply, Decimal):
        if rule.multiply == 1:
            ctx.errors.append(ctx.no_effect(say("RS053.multiply_changes_nothing"), path + ("multiply",)))
        if rule.reason is None:
            raise ctx.error(say("RS119"), path)
        return MultiplyRule(rule.multiply, where, when, rule.reason, rule.after_highest)
    column = ctx.table_column(table, rule.multiply, path + ("multiply",), ("count", "decimal")).name
    return MultiplyRule(column, where, when, rule.reason, rule.after_highest)
