"""An `aggregate`'s row steps: what becomes of each row between `where` and the function.

Per row, in order (each step only where its key is given): `where` (not met → unmatched); `in_period`
(the row's date outside the ruleset's statistical period → excluded); the row's value — `per_row`,
an expression or a row table (`{hit, rows, empty}`: the first / the one row whose `when` holds gives
the value, its `label` and its cap `group`); `exempt` (the first rule whose `when` holds, unless its
`unless` holds → exempted, 0); `multipliers` (each rule whose `when` holds multiplies the value, with
its reason — a column's count of cases before the exemptions); `keep_highest` (among the rows with the same values in the `same` columns only the highest
value counts, the others → superseded, naming the row kept); `multipliers` with `after_highest`;
`caps` (each cap group's running total in row order: the row that crosses the cap is cut, later
rows of the group count 0 → capped) and `above_points: cap` (the running sum in row order stops at
`points`). What is left counts: the function reduces it, and `base` (the value is base − the
result, raised to `floor`) finishes. Every row ends in exactly one RowTrace.

The models are here, with their compile step (`compile_steps`) and the pass over one subject's
rows (`Steps.run`); `kinds.aggregate` declares the keys, `kinds.aggregate_rows` runs the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

from pydantic import BeforeValidator, Discriminator, Field, Tag, WithJsonSchema

from ..compile.context import CompileContext, check_caps
from ..compile.row_expr import RowExpression, RowValueProblem, compile_row_expression
from ..core.messages import say
from ..core.numbers import ZERO, format_value, plain
from ..facts.reading import Row, TableSpec
from ..model.base import Identifier, Model
from ..model.components import RowCondition
from ..model.inputs import Period, Positive
from ..model.lookup_rows import EmptyValue
from ..results.runtime import SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey
from .rows import compile_row_condition

if TYPE_CHECKING:
    from .aggregate_rows import RowsAggregate

RowPredicate = Callable[[Row], bool]
_EXPRESSION_LENGTH = 2000
ROW_EXPRESSION = "row expression"
ROW_TABLE = "row table"


def _number_or_text(value: Any) -> Any:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value)
    return value


class RowTableRow(Model):
    """行表的一行：when 成立的行取 value（一个数，或对该行的列的表达式），并带名称与限额分组。"""

    when: RowCondition | None = Field(None, title="条件", description="行条件；省略为总是成立（只能是最后一行，hit: first）")
    value: Annotated[
        Decimal | Annotated[str, Field(max_length=_EXPRESSION_LENGTH)],
        BeforeValidator(_number_or_text),
        WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "maxLength": _EXPRESSION_LENGTH}]}),
    ] = Field(title="取值", description="一个数，或对该行的列与对象字段的表达式（如 扣分）")
    label: str | None = Field(None, title="名称", description="计算过程中此行的名称：计入行写“名称 取值”，不计入的行写“名称: 原因”")
    value_label: str | None = Field(
        None, title="取值名称", description="计入行在取值前写的名称（省略为 label），如 党纪处分·警告（不计入的行仍写 label）",
    )
    group: Identifier | None = Field(None, title="分组", description="caps 中的组：此组的行按行序合计至多到上限")


class RowTable(Model):
    """每行取值的行表：按行判断条件（行条件），成立的行给出该行的取值；hit 声明命中规则。"""

    hit: Literal["first", "unique"] = Field(
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
    """倍数：when 成立（省略为每行）的行，取值乘以 times（一个数，或该行的一列，如 人次）。"""

    times: Annotated[
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
    """就高：same 各列都非空且相同的行只计取值最高的一行，其余行记为就高不重复。"""

    same: str | Annotated[list[str], Field(min_length=1)] = Field(
        title="全部相同", description="一列或几列：这些列都非空且相同的行视为同一事项",
    )
    when: RowCondition | None = Field(None, title="条件", description="只在符合条件的行中就高；省略为全部计入行")
    reason: str = Field(title="事由")


# --------------------------------------------------------------------------- compiled


@dataclass(frozen=True)
class _HeldRow:
    when: RowPredicate | None
    value: Decimal | RowExpression
    label: str | None
    group: str | None
    value_label: str | None
    keyed: dict[str, tuple[str, ...]] | None  # the values its `when` accepts per column, when it is only that


@dataclass(frozen=True)
class _Check:
    where: RowPredicate | None
    when: RowPredicate
    name: str
    columns: tuple[str, ...]  # the columns it reads: the error is at the first one's cell


@dataclass(frozen=True)
class CompiledTable:
    """`per_row` as a row table, compiled: `pick` gives the row that holds for a table row."""

    rows: tuple[_HeldRow, ...]
    unique: bool
    empty: Decimal | None  # None: an error
    tested: tuple[str, ...]  # the columns the rows' conditions name (what the error shows)

    def unmatched(self, row: Row) -> tuple[str, Any, list[str], list[str]] | None:
        """Why no row holds, when every row's `when` is columns equal to values: the first column (in
        the order the rows test them) whose value no row still in play names — (the column, its value,
        the values those rows name, `column = value` of the columns that narrowed them); else None."""
        if any(held.keyed is None for held in self.rows):
            return None
        candidates = list(self.rows)
        narrowed: list[str] = []
        for column in self.tested:
            if any(column not in held.keyed for held in candidates if held.keyed is not None):
                continue
            value = row.values.get(column)
            shown = _shown(value)
            remaining = [held for held in candidates if held.keyed is not None and shown in held.keyed[column]]
            if not remaining:
                named = [v for held in candidates if held.keyed is not None for v in held.keyed[column]]
                return column, value, list(dict.fromkeys(named)), narrowed
            candidates = remaining
            narrowed.append(f"{column} = {shown}")
        return None

    def pick(self, row: Row) -> _HeldRow | int | None:
        """The row that holds; under `unique` two that hold give (earlier << 16) | later; None: none holds."""
        held: int | None = None
        for index, candidate in enumerate(self.rows):
            if candidate.when is not None and not candidate.when(row):
                continue
            if not self.unique:
                return candidate
            if held is not None:
                return (held << 16) | index
            held = index
        return None if held is None else self.rows[held]


@dataclass(frozen=True)
class _Exempt:
    where: RowPredicate | None
    when: RowPredicate
    unless: RowPredicate | None
    reason: str
    lost: str | None


@dataclass(frozen=True)
class _Multiply:
    times: Decimal | str  # a number, or the row's column
    where: RowPredicate | None
    when: RowPredicate | None
    reason: str | None
    after_highest: bool


@dataclass(frozen=True)
class _Highest:
    same: tuple[str, ...]
    when: RowPredicate | None
    reason: str


@dataclass
class _Case:
    index: int
    row: Row
    amount: Decimal
    label: str | None
    group: str | None
    steps: list[str]
    superseded: str | None = None


# (row index, row, status, amount, reason) — as kinds.aggregate_rows traces a row that does not count
_Trace = tuple[int, Row, str, Decimal | None, str]


@dataclass(frozen=True)
class Steps:
    """The row steps of one aggregate, compiled."""

    period: tuple[str, Period] | None = None
    table: CompiledTable | None = None
    exempt: tuple[_Exempt, ...] = ()
    multiply: tuple[_Multiply, ...] = ()
    highest: _Highest | None = None
    caps: dict[str, Decimal] = field(default_factory=dict)
    ceiling: Decimal | None = None  # above_points: cap — the running sum stops here
    checks: tuple[_Check, ...] = ()
    base: Decimal | None = None
    floor: Decimal | None = None

    @property
    def per_row(self) -> bool:
        """The steps work on each row's value (anything but `in_period`, `base` and `floor`)."""
        return bool(self.table or self.exempt or self.multiply or self.highest or self.caps or self.ceiling is not None)

    def run(
        self, aggregate: RowsAggregate, subject: SubjectFacts, rows: list[Row], traces: list[_Trace], notes: list[str]
    ) -> tuple[list[tuple[int, Row, Any]], dict[int, tuple[str, str]]]:
        """The counted rows (index, row, value) of the subject after the steps, and how each counted
        row is worded (index → status, reason); the rows that do not count are put in `traces`."""
        live: list[_Case] = []
        for index, row in enumerate(rows):
            case = self._admit(aggregate, subject, index, row, traces)
            if case is not None:
                self._multiply(case, late=False, by_column=False)
                live.append(case)
        if self.highest is not None:
            _keep_highest(live, self.highest)
        counted: list[tuple[int, Row, Any]] = []
        worded: dict[int, tuple[str, str]] = {}
        running: dict[str, Decimal] = {}
        total = ZERO
        for case in live:
            if case.superseded is not None:
                traces.append((case.index, case.row, "superseded", ZERO, _labelled(case.label, case.superseded)))
                continue
            self._multiply(case, late=True, by_column=False)
            self._multiply(case, late=True, by_column=True)
            amount, cut = case.amount, ZERO
            if case.group is not None and case.group in self.caps:
                room = max(self.caps[case.group] - running.get(case.group, ZERO), ZERO)
                if amount > room:
                    cut, amount = amount - room, room
                running[case.group] = running.get(case.group, ZERO) + amount
            if self.ceiling is not None and total + amount > self.ceiling:
                extra = total + amount - self.ceiling
                cut, amount = cut + extra, amount - extra
            total += amount
            detail = " ".join(case.steps)
            if cut:
                notes.append(f"{case.label or case.row.location} 超出上限，少计 {plain(cut)}")
                worded[case.index] = ("capped", f"{detail}；超出上限少计 {plain(cut)}")
            else:
                worded[case.index] = ("counted", detail)
            counted.append((case.index, case.row, amount))
        return counted, worded

    def _admit(
        self, aggregate: RowsAggregate, subject: SubjectFacts, index: int, row: Row, traces: list[_Trace]
    ) -> _Case | None:
        if aggregate.where is not None and not aggregate.where(row):
            if aggregate.trace_all:
                traces.append((index, row, "unmatched", None, ""))
            return None
        if self.period is not None:
            column, period = self.period
            day = row.values.get(column)
            if day is None:
                traces.append((index, row, "excluded", None, f"{column} 未填写，不在统计期 {period.start}–{period.end}"))
                return None
            if not period.start <= day <= period.end:
                traces.append((index, row, "excluded", None, f"{day} 不在统计期 {period.start}–{period.end}"))
                return None
        label = group = named = None
        if self.table is not None:
            held = self.table.pick(row)
            if not isinstance(held, _HeldRow):
                if held is None and self.table.empty is not None:
                    value: Any = self.table.empty
                else:
                    self._no_row(aggregate, subject, row, held)
            else:
                label, group = held.label, held.group
                named = held.value_label
                value = held.value
                if isinstance(value, RowExpression):
                    value = self._row_value(aggregate, subject, index, row, held, traces)
                    if value is None:
                        return None
        else:
            assert aggregate.of is not None
            value = aggregate.value_of(subject, index, row, aggregate.of, traces)
            if value is None:
                return None
        for check in self.checks:
            if (check.where is None or check.where(row)) and not check.when(row):
                read = ", ".join(f"{c} = {format_value(row.values.get(c))}" for c in check.columns)
                where = next((row.cells[c] for c in check.columns if c in row.cells), row.location)
                raise evaluation_error(subject, aggregate.trace_path, say("EV027", check=check.name, values=read), where)
        named = named or label
        steps = [f"{named} {plain(value)}"] if named is not None else [plain(value)]
        case = _Case(index, row, value, label, group, steps)
        self._multiply(case, late=False, by_column=True)  # a column's count of cases is part of the row's amount
        for rule in self.exempt:
            if (rule.where is None or rule.where(row)) and rule.when(row):
                if rule.unless is not None and rule.unless(row):
                    steps.append(f"不适用豁免（{rule.reason}）" + (f"：{rule.lost}" if rule.lost else ""))
                    continue
                traces.append((index, row, "exempted", ZERO, _labelled(label, rule.reason)))
                return None
        return case

    def _row_value(
        self, aggregate: RowsAggregate, subject: SubjectFacts, index: int, row: Row, held: _HeldRow, traces: list[_Trace]
    ) -> Decimal | None:
        """The value a row of the row table takes from the case row; None when it is blank and skipped (traced)."""
        assert self.table is not None and isinstance(held.value, RowExpression)
        try:
            return held.value.evaluate(row, subject.fields)
        except RowValueProblem as exc:
            if exc.column is not None and aggregate.skip_blank:
                traces.append((index, row, "blank", None, f"{exc.column} 为空，不计入"))
                return None
            where = row.cells.get(exc.column) if exc.column is not None else None
            if exc.field is not None:
                where = subject.cell(exc.field)
            number = self.table.rows.index(held) + 1
            said = say("phrase.row_table_value", row=number, label=held.label or "—", message=exc.said)
            raise evaluation_error(subject, aggregate.trace_path, said, where or row.location, code=exc.code) from None

    def _no_row(self, aggregate: RowsAggregate, subject: SubjectFacts, row: Row, held: int | None) -> NoReturn:
        """EV033 at the first cell the table's conditions test: no row holds, or two under `hit: unique`."""
        assert self.table is not None
        cells = "，".join(f"{c} = {_shown(row.values.get(c))}" for c in self.table.tested) or "—"
        first = next((row.cells[c] for c in self.table.tested if c in row.cells), row.location)
        if held is None:
            why = self.table.unmatched(row)
            if why is not None:
                column, value, named, narrowed = why
                among = say("EV033.among", narrowed="，".join(narrowed)) if narrowed else say("EV033.all")
                where = row.cells.get(column, row.location)
                if value is None:
                    raise evaluation_error(subject, aggregate.trace_path, say("EV033.blank", column=column, among=among,
                                                                               values=" / ".join(named)), where)
                raise evaluation_error(subject, aggregate.trace_path, say("EV033.value", value=_shown(value), column=column,
                                                                           among=among, values=" / ".join(named)), where)
            raise evaluation_error(subject, aggregate.trace_path, say("EV033.none", cells=cells), first)
        raise evaluation_error(
            subject, aggregate.trace_path, say("EV033.two", first=(held >> 16) + 1, second=(held & 0xFFFF) + 1, cells=cells), first,
        )

    def _multiply(self, case: _Case, *, late: bool, by_column: bool) -> None:
        for rule in self.multiply:
            if rule.after_highest != late or isinstance(rule.times, str) != by_column:
                continue
            if (rule.where is not None and not rule.where(case.row)) or (rule.when is not None and not rule.when(case.row)):
                continue
            if isinstance(rule.times, Decimal):
                times = rule.times
            else:
                times = case.row.values.get(rule.times) or ZERO
            case.amount *= times
            case.steps.append(f"× {plain(times)}" + (f"（{rule.reason}）" if rule.reason else f" {rule.times}"))


def _shown(value: Any) -> str:
    if value is None:
        return "（空）"
    return plain(value) if isinstance(value, Decimal) else str(value)


def _labelled(label: str | None, reason: str) -> str:
    return reason if label is None else f"{label}: {reason}"


def _keep_highest(live: list[_Case], highest: _Highest) -> None:
    """Among the rows with the same `same` values (none blank), only the highest stays; the others
    (and a lower row met earlier) are superseded, naming the row kept. Equal values: the first stays."""
    chosen: dict[tuple[Any, ...], _Case] = {}
    for case in live:
        if highest.when is not None and not highest.when(case.row):
            continue
        key = tuple(case.row.values.get(c) for c in highest.same)
        if any(k is None or k == "" for k in key):
            continue
        best = chosen.get(key)
        if best is None or case.amount > best.amount:
            if best is not None:
                best.superseded = f"{highest.reason}（以 {case.row.location} 为准）"
            chosen[key] = case
        else:
            case.superseded = f"{highest.reason}（以 {best.row.location} 为准）"


# --------------------------------------------------------------------------- compile


def compile_steps(model: Any, table: TableSpec, path: PathKey, ctx: CompileContext) -> Steps | None:
    """The steps the aggregate's keys declare (None when it declares none), checked against the
    table and the function; RS115–RS117 where a key cannot apply."""
    given = model.model_fields_set
    keys = [k for k in ("in_period", "exempt", "multipliers", "keep_highest", "caps", "above_points", "base", "floor", "checks")
            if k in given]
    row_table = isinstance(model.per_row, RowTable)
    if not keys and not row_table:
        return None
    function = model.function
    per_row_keys = [k for k in ("exempt", "multipliers", "keep_highest", "caps", "checks") if k in given]
    if (per_row_keys or row_table) and function in ("count", "share", "ratio"):
        key = per_row_keys[0] if per_row_keys else "per_row"
        raise ctx.error(say("RS115.value_steps", key=key, function=function), path + (key,))
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
        written = model.keep_highest.same
        if isinstance(written, str):
            same: tuple[str, ...] = (ctx.table_column(table, written, hpath + ("same",)).name,)
        else:
            same = tuple(ctx.table_column(table, c, hpath + ("same", i)).name for i, c in enumerate(written))
        kept = model.keep_highest.when
        when = compile_row_condition(kept, table, hpath + ("when",), ctx) if kept is not None else None
        highest = _Highest(same, when, model.keep_highest.reason)
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
        _Check(compile_row_condition(check.where, table, path + ("checks", i, "where"), ctx) if check.where is not None else None,
               compile_row_condition(check.when, table, path + ("checks", i, "when"), ctx), check.name,
               tuple(_columns_of(check.when, table)))
        for i, check in enumerate(model.checks or ())
    )
    return Steps(period=period, table=compiled_table, exempt=exempt, multiply=multiply, highest=highest,
                 caps=dict(model.caps or {}), ceiling=ceiling, checks=checks, base=model.base,
                 floor=model.floor if model.base is not None else None)


def _compile_table(per_row: RowTable, table: TableSpec, path: PathKey, ctx: CompileContext) -> CompiledTable:
    rows: list[_HeldRow] = []
    tested: list[str] = []
    for i, row in enumerate(per_row.rows):
        rpath = path + ("rows", i)
        if row.when is None and i != len(per_row.rows) - 1:
            raise ctx.error(say("RS118.always_last"), rpath)
        if row.when is None and per_row.hit == "unique" and len(per_row.rows) > 1:
            raise ctx.error(say("RS118.always_unique"), rpath)
        when = compile_row_condition(row.when, table, rpath + ("when",), ctx) if row.when is not None else None
        if row.when is not None:
            tested.extend(c for c in _columns_of(row.when, table) if c not in tested)
        value: Decimal | RowExpression = (
            row.value if isinstance(row.value, Decimal) else compile_row_expression(row.value, table, rpath + ("value",), ctx)
        )
        if row.value_label is not None and row.label is None:
            ctx.errors.append(ctx.no_effect(say("RS053.value_label_without_label"), rpath + ("value_label",)))
        rows.append(_HeldRow(when, value, row.label, row.group, row.value_label, _keyed(row.when, table)))
    if per_row.rows[-1].when is None and "empty" in per_row.model_fields_set:
        ctx.errors.append(ctx.no_effect(say("RS053.row_table_empty_never"), path + ("empty",)))
    if per_row.empty == "blank":
        raise ctx.error(say("RS118.empty_blank"), path + ("empty",))
    empty = per_row.empty if isinstance(per_row.empty, Decimal) else None
    return CompiledTable(tuple(rows), per_row.hit == "unique", empty, tuple(tested))


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
        spec = next((c for c in table.columns if atom.column in (c.name, c.header)), None)
        if spec is None or spec.name in keyed:
            return None
        literals = [atom.equals] if atom.equals is not None else list(atom.in_ or ())
        keyed[spec.name] = tuple(_shown(v) for v in literals)
    return keyed


def _columns_of(cond: RowCondition, table: TableSpec) -> list[str]:
    """The table's columns a row condition compares, in the order written (what an error shows)."""
    names: list[str] = []
    for name in (cond.column, cond.flag, cond.blank):
        if name is not None:
            spec = next((c for c in table.columns if name in (c.name, c.header)), None)
            if spec is not None:
                names.append(spec.name)
    for inner in (*(cond.all or ()), *(cond.any or ()), *((cond.not_,) if cond.not_ is not None else ())):
        names.extend(n for n in _columns_of(inner, table) if n not in names)
    return names


def _compile_exempt(rule: Exempt, table: TableSpec, path: PathKey, ctx: CompileContext) -> _Exempt:
    if rule.lost is not None and rule.unless is None:
        ctx.errors.append(ctx.no_effect(say("RS053.lost_reason_written"), path + ("lost",)))
    return _Exempt(
        compile_row_condition(rule.where, table, path + ("where",), ctx) if rule.where is not None else None,
        compile_row_condition(rule.when, table, path + ("when",), ctx),
        compile_row_condition(rule.unless, table, path + ("unless",), ctx) if rule.unless is not None else None,
        rule.reason, rule.lost,
    )


def _compile_multiply(rule: Multiply, table: TableSpec, path: PathKey, ctx: CompileContext) -> _Multiply:
    when = compile_row_condition(rule.when, table, path + ("when",), ctx) if rule.when is not None else None
    where = compile_row_condition(rule.where, table, path + ("where",), ctx) if rule.where is not None else None
    if isinstance(rule.times, Decimal):
        if rule.times == 1:
            ctx.errors.append(ctx.no_effect(say("RS053.multiply_changes_nothing"), path + ("times",)))
        if rule.reason is None:
            raise ctx.error(say("RS119"), path)
        return _Multiply(rule.times, where, when, rule.reason, rule.after_highest)
    column = ctx.table_column(table, rule.times, path + ("times",), ("count", "decimal")).name
    return _Multiply(column, where, when, rule.reason, rule.after_highest)
