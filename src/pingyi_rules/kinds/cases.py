"""The `cases` kind: one row per case (an incident, a sanction, an award), each accounted for.

Per row, in this order: outside the statistical period → excluded; the item is
chosen by the code column; its amount is fixed, taken from the row (checked
against the item's range) or looked up by another column; × the count column;
exemptions (unless their loss condition holds); modifiers; only the highest
among rows sharing a key; late modifiers; caps per group; the component's own
cap (add) or floor (deduct). Every row ends in exactly one RowTrace.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..compile.context import CompileContext, GroupCaps, apply_floor, compile_caps, deduction_base
from ..core.errors import FactsError, close_matches
from ..core.messages import say
from ..core.numbers import ZERO, plain
from ..facts.reading import Row, TableSpec
from ..model.base import FactKeyed, FactText, FactTexts, Identifier, Model, Num, Slug
from ..model.components import ComponentBase, RowCondition, below_base
from ..model.inputs import AmountRange, NonNegative, Period, Positive
from ..results.result import RowTrace
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts
from ..source.strict_yaml import PathKey
from .protocol import KindSpec, table_of
from .rows import RowPredicate, compile_row_condition


class CaseItem(Model):
    """案例事项：按代码选中；金额固定、取自行内（可限定区间）或按另一列查表。"""

    code: FactText = Field(title="代码", description="代码列中的取值，如 A1、社级查实、表彰")
    name: str = Field(title="名称")
    amount: NonNegative | None = Field(None, title="每件分值", description="固定分值（每件或每人次）")
    range: AmountRange | None = Field(
        None, title="区间", description="分值取自行内金额列，须在 [下限, 上限] 内（视情 3–5 分）"
    )
    key: str | None = Field(None, title="键列", description="按此列的取值查 amounts（如 处分、级别）")
    amounts: FactKeyed[NonNegative | AmountRange] | None = Field(
        None, title="分值表", description="key 列取值 → 分值，或 [下限, 上限]（分值取自行内金额列）"
    )
    group: Identifier | None = Field(None, title="分组", description="限扣/限加分组")
    clause: str | None = Field(None, title="条款")

    @model_validator(mode="after")
    def _shape(self) -> CaseItem:
        if (self.key is None) != (self.amounts is None):
            raise ValueError(say("RS015.amounts_go_together"))
        if self.amount is not None and (self.range is not None or self.key is not None):
            raise ValueError(say("RS015.give_one_amount"))
        return self


class CaseModifier(Model):
    """倍数：条件成立的行，分值乘以系数（情节严重加倍、主要负责人 ×1.5、无文号减半）。"""

    when: RowCondition = Field(title="条件")
    multiply: Positive = Field(title="乘以", description="分值乘以此数：大于 0 且不为 1（不计分用 exemptions）")
    reason: str = Field(title="事由")
    codes: FactTexts | None = Field(None, title="适用事项", description="代码列表；省略则适用全部")
    after_highest: bool = Field(
        False, title="就高之后", description="为 true 时在“只计最高”之后再乘"
    )


class CaseExemption(Model):
    """免扣（免计）：条件成立的行不计分，unless 成立时豁免失效。"""

    when: RowCondition = Field(title="条件")
    unless: RowCondition | None = Field(None, title="除非", description="此条件成立时不予豁免")
    reason: str = Field(title="事由")
    lost: str | None = Field(None, title="失效事由", description="unless 成立、豁免失效时写入计算过程的事由")
    codes: FactTexts | None = Field(None, title="适用事项")


class HighestOnly(Model):
    """同一键值的多行只计最高一行（同一人同一事项多个处分就高；同一工作事项就高）。"""

    matter: list[str] = Field(min_length=1, title="事项列", description="这些列都非空且相同的行视为同一事项")
    codes: FactTexts | None = Field(None, title="适用事项")
    reason: str = Field("就高计算，不重复计分", title="事由")


class CasesComponent(ComponentBase):
    """案例表计分：每行一个案例，按代码选中事项，算出分值后扣减（或加分）。"""

    kind: Literal["cases"] = Field(title="类型")
    table: Slug = Field(title="表", description="案例表：layout: cases 的表")
    effect: Literal["deduct", "add"] = Field(
        "deduct", title="作用", description="deduct：基准分减去合计；add：合计即得分（以分值为上限）"
    )
    code_column: str | None = Field(
        None, title="代码列", description="选中事项的列；省略时每行都是同一事项（items 只能有一项）"
    )
    date: str | None = Field(None, title="日期列", description="与规则集 period 比较，统计期外的行不计")
    count: str | None = Field(None, title="件数列", description="人次所在的列：分值乘以此列（每人次）")
    amount_column: str | None = Field(None, title="金额列", description="区间事项的分值所在列")
    items: list[CaseItem] = Field(min_length=1, title="事项")
    exemptions: list[CaseExemption] = Field(default_factory=list, title="免扣")
    modifiers: list[CaseModifier] = Field(default_factory=list, title="倍数")
    highest_only: HighestOnly | None = Field(None, title="只计最高")
    caps: dict[str, Positive] = Field(default_factory=dict, title="分组上限", description="分组 → 最多扣（加）分（大于 0）")
    base: NonNegative | None = Field(None, title="基准分", description="deduct：省略时等于分值；无分值时必填")
    floor: Num | None = Field(Decimal(0), title="保底", description="deduct：最低得分，须低于基准分；null 不设下限")
    capped: bool = Field(
        True,
        title="以分值为上限",
        description="add：为 true（默认）时合计以分值为上限；false 时不设上限（原文未规定加分上限）",
    )

    @field_validator("floor")
    @classmethod
    def _floorbelow_base(cls, floor: Decimal | None, info: ValidationInfo) -> Decimal | None:
        return below_base(floor, info)


@dataclass(frozen=True)
class _Item:
    model: CaseItem
    by: str | None  # column name


@dataclass
class _Case:
    index: int
    row: Row
    item: CaseItem
    amount: Decimal
    steps: list[str]
    status: str = "counted"
    reason: str = ""


@dataclass(frozen=True)
class _Exemption:
    when: RowPredicate
    unless: RowPredicate | None
    reason: str
    only: frozenset[str] | None  # item codes it applies to; None: every item
    lost: str | None


@dataclass(frozen=True)
class _Modifier:
    when: RowPredicate
    factor: Decimal
    reason: str
    only: frozenset[str] | None
    after_highest: bool


@dataclass(frozen=True)
class _Highest:
    reason: str
    columns: tuple[str, ...]
    only: frozenset[str] | None


# (row index, row, status, amount, reason): RowTraces (and their Locations) are made when the
# trace is asked for, not for every case row of every subject
_Trace = tuple[int, Row, str, Decimal | None, str]


def _check_effect(model: CasesComponent, path: PathKey, ctx: CompileContext) -> None:
    """Keys of one effect written on the other, and a bonus that can never add anything."""
    given = model.model_fields_set
    if model.effect == "deduct" and "capped" in given:
        ctx.errors.append(ctx.no_effect(say("RS053.capped_effect_add"), path + ("capped",)))
    if model.effect == "add":
        for key in ("base", "floor"):
            if key in given:
                ctx.errors.append(ctx.no_effect(say("RS053.effect_deduct_bonus", key=key), path + (key,)))
        if model.capped and "capped" in given and model.points is None:
            ctx.errors.append(
                ctx.no_effect(say("RS053.capped_caps_bonus"), path + ("capped",))
            )
        if model.capped and model.points == 0:
            ctx.errors.append(
                ctx.no_effect(
                    say("RS053.bonus_capped_points"),
                    path + ("points",),
                )
            )
    for i, mod in enumerate(model.modifiers):
        if mod.multiply == 1:
            ctx.errors.append(ctx.no_effect(say("RS053.multiply_changes_nothing"), path + ("modifiers", i, "multiply")))
        if mod.after_highest and model.highest_only is None:
            ctx.errors.append(
                ctx.no_effect(
                    say("RS053.after_highest_orders"),
                    path + ("modifiers", i, "after_highest"),
                )
            )
    for i, exemption in enumerate(model.exemptions):
        if exemption.lost is not None and exemption.unless is None:
            ctx.errors.append(
                ctx.no_effect(say("RS053.lost_reason_written"), path + ("exemptions", i, "lost"))
            )


def _check_amount_keys(item: CaseItem, table: TableSpec, path: PathKey, ctx: CompileContext) -> None:
    """Per-value amounts: the `key` column holds text, and each key is a value it can hold."""
    assert item.key is not None and item.amounts is not None
    spec = ctx.table_column(table, item.key, path + ("key",))
    if spec.type in ("count", "decimal", "bool", "date"):
        raise ctx.error(say("RS021.column_amounts_looks", column=item.key, type=spec.type), path + ("key",))
    if spec.values is None:
        return
    for key in item.amounts:
        if key not in spec.values:
            raise ctx.error(
                say("RS035.value_column_could", key=key, column=item.key, join=' / '.join(spec.values)),
                path + ("amounts", key),
                close_matches(key, spec.values),
            )


def compile_cases(model: CasesComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    table = ctx.table(model.table, path + ("table",), "cases")
    columns = _columns(model, table, path, ctx)
    items, caps = _compile_items(model, table, columns, path, ctx)
    exemptions = _compile_exemptions(model, table, items, path, ctx)
    modifiers = _compile_modifiers(model, table, items, path, ctx)
    highest = _compile_highest(model, table, items, path, ctx)
    deduct = model.effect == "deduct"
    base = deduction_base(model.base, model.points, path, ctx) if deduct else None
    return _CasesEvaluator(model, columns, items, exemptions, modifiers, highest, caps, base)


@dataclass(frozen=True)
class _Columns:
    code: str | None  # None: every row is the one item
    code_values: tuple[str, ...] | None
    date: str | None
    count: str | None
    amount: str | None
    period: Period | None  # the statistical period, when rows are dated


def _columns(model: CasesComponent, table: TableSpec, path: PathKey, ctx: CompileContext) -> _Columns:
    if model.code_column is None:
        if len(model.items) != 1:
            raise ctx.error(
                say("RS035.without_code_column", n_items=len(model.items)),
                path + ("items",),
            )
        code_name, code_values = None, None
    else:
        code = ctx.table_column(table, model.code_column, path + ("code_column",))
        code_name, code_values = code.name, code.values
    date = ctx.table_column(table, model.date, path + ("date",), ("date",)).name if model.date else None
    count = ctx.table_column(table, model.count, path + ("count",), ("count",)).name if model.count else None
    amount = ctx.table_column(table, model.amount_column, path + ("amount_column",), ("decimal", "count")).name if model.amount_column else None
    if date is not None and ctx.model.period is None:
        raise ctx.error(say("RS035.date_needs_statistical"), path + ("date",))
    return _Columns(code_name, code_values, date, count, amount, ctx.model.period if date is not None else None)


def _compile_items(
    model: CasesComponent, table: TableSpec, columns: _Columns, path: PathKey, ctx: CompileContext
) -> tuple[dict[str, _Item], GroupCaps]:
    """The items by code, each checked against the code column and the amount column, and the caps."""
    items: dict[str, _Item] = {}
    for i, item in enumerate(model.items):
        ipath = path + ("items", i)
        if item.code in items:
            raise ctx.error(say("RS035.item_code_listed", code=item.code), ipath + ("code",))
        by = ctx.table_column(table, item.key, ipath + ("key",)).name if item.key else None
        needs_row_amount = item.amount is None and (
            item.key is None or any(isinstance(v, list) for v in (item.amounts or {}).values())
        )
        if needs_row_amount and columns.amount is None:
            raise ctx.error(
                say("RS035.item_amount_from", code=item.code),
                ipath,
            )
        items[item.code] = _Item(item, by)
    if columns.code_values is not None:
        _check_codes(model, columns.code_values, items, path, ctx)
    caps = compile_caps(model.caps, model.items, path, ctx)
    _check_effect(model, path, ctx)
    for i, item in enumerate(model.items):
        if item.key is not None and item.amounts is not None:
            _check_amount_keys(item, table, path + ("items", i), ctx)
    return items, caps


def _check_codes(model: CasesComponent, values: tuple[str, ...], items: dict[str, _Item], path: PathKey, ctx: CompileContext) -> None:
    """Each item is a value of the code column, and each value of the code column has an item."""
    for i, item in enumerate(model.items):
        if item.code not in values:
            raise ctx.error(
                say("RS035.value_column_row", code=item.code, code2=model.code_column, join=' / '.join(values)),
                path + ("items", i, "code"), close_matches(item.code, values),
            )
    unknown = [v for v in values if v not in items]
    if unknown:
        raise ctx.error(say("RS035.codes_column_have", unknown=list(unknown), code=model.code_column), path + ("items",))


def _applies(codes: list[str] | None, items: dict[str, _Item], where: PathKey, ctx: CompileContext) -> frozenset[str] | None:
    """The item codes a rule is limited to (None: every item), each a known item."""
    if codes is None:
        return None
    for j, code in enumerate(codes):
        if code not in items:
            raise ctx.error(say("RS035.unknown_item_code", code=code), where + (j,))
    return frozenset(codes)


def _compile_exemptions(
    model: CasesComponent, table: TableSpec, items: dict[str, _Item], path: PathKey, ctx: CompileContext
) -> tuple[_Exemption, ...]:
    return tuple(
        _Exemption(
            compile_row_condition(e.when, table, path + ("exemptions", i, "when"), ctx),
            compile_row_condition(e.unless, table, path + ("exemptions", i, "unless"), ctx) if e.unless else None,
            e.reason,
            _applies(e.codes, items, path + ("exemptions", i, "codes"), ctx),
            e.lost,
        )
        for i, e in enumerate(model.exemptions)
    )


def _compile_modifiers(
    model: CasesComponent, table: TableSpec, items: dict[str, _Item], path: PathKey, ctx: CompileContext
) -> tuple[_Modifier, ...]:
    return tuple(
        _Modifier(
            compile_row_condition(mod.when, table, path + ("modifiers", i, "when"), ctx),
            mod.multiply,
            mod.reason,
            _applies(mod.codes, items, path + ("modifiers", i, "codes"), ctx),
            mod.after_highest,
        )
        for i, mod in enumerate(model.modifiers)
    )


def _compile_highest(
    model: CasesComponent, table: TableSpec, items: dict[str, _Item], path: PathKey, ctx: CompileContext
) -> _Highest | None:
    highest = model.highest_only
    if highest is None:
        return None
    columns = tuple(ctx.table_column(table, c, path + ("highest_only", "matter", i)).name for i, c in enumerate(highest.matter))
    return _Highest(highest.reason, columns, _applies(highest.codes, items, path + ("highest_only", "codes"), ctx))


class _CasesEvaluator:
    """One compiled `cases` component: evaluating a subject walks its rows through the steps in order."""

    __slots__ = (
        "base",
        "capped",
        "caps",
        "ceiling",
        "columns",
        "exemptions",
        "floor",
        "highest",
        "items",
        "modifiers",
        "name",
        "period",
        "table",
    )

    def __init__(
        self,
        model: CasesComponent,
        columns: _Columns,
        items: dict[str, _Item],
        exemptions: tuple[_Exemption, ...],
        modifiers: tuple[_Modifier, ...],
        highest: _Highest | None,
        caps: GroupCaps,
        base: Decimal | None,  # a deduction's base; None for a bonus
    ) -> None:
        self.table, self.name, self.columns, self.items = model.table, model.name, columns, items
        self.exemptions, self.modifiers, self.highest, self.caps, self.base = exemptions, modifiers, highest, caps, base
        self.floor, self.ceiling, self.capped = model.floor, model.points, model.capped
        self.period = columns.period

    def __call__(self, subject: SubjectFacts, scope: Scope) -> Outcome:
        traces: list[_Trace] = []
        live: list[_Case] = []
        for index, row in enumerate(subject.cases.get(self.table, [])):
            case = self._admit(index, row, traces)
            if case is not None:
                _modify(case, self.modifiers, late=False)
                live.append(case)
        if self.highest is not None:
            _keep_highest(live, self.highest)
        for case in live:
            if case.status == "counted":
                _modify(case, self.modifiers, late=True)
        notes: list[str] = []
        total = self._count(live, traces, notes)
        if len(traces) > 1:
            traces.sort(key=lambda entry: entry[0])
        floored = None
        if self.base is not None:
            raw = self.base - total
            value, note = apply_floor(raw, self.floor)
            if note is not None:
                notes.append(note)
                floored = raw
        else:
            value = total
        inputs = (("行数", str(len(traces))),)
        formula = partial(_formula, traces, self.base, floored, value)
        return Outcome(value, formula, inputs, tuple(notes), rows=partial(_row_traces, traces))

    def _admit(self, index: int, row: Row, traces: list[_Trace]) -> _Case | None:
        """The row as a case with its amount, or None when it is outside the period or exempted (traced)."""
        columns, period = self.columns, self.period
        if columns.date is not None and period is not None:
            day = row.values.get(columns.date)
            if day is None or not period.start <= day <= period.end:
                traces.append((index, row, "excluded", None, f"{day} 不在统计期 {period.start}–{period.end}"))
                return None
        item: _Item | None
        if columns.code is None:  # every row is the one item
            item = next(iter(self.items.values()))
        else:
            code = row.values.get(columns.code)
            item = self.items.get(str(code))
        if item is None:
            assert columns.code is not None
            raise FactsError(say("FA020.item", code=code, component=self.name, items=list(self.items)), row.cells[columns.code])
        amount, step = self._amount_of(row, item)
        steps = [step]
        if columns.count is not None:
            times = row.values.get(columns.count) or ZERO
            amount *= times
            steps.append(f"× {plain(times)} 人次")
        case = _Case(index, row, item.model, amount, steps)
        exempt = _exemption(case, self.exemptions)
        if exempt is not None:
            traces.append((index, row, "exempted", ZERO, f"{item.model.name}: {exempt}"))
            return None
        return case

    def _fixed(self, case_row: Row, amount: Decimal, code: str, label: str) -> tuple[Decimal, str]:
        """A fixed amount; a different amount written on the row is an error, not silently ignored."""
        amount_col = self.columns.amount
        given = case_row.values.get(amount_col) if amount_col is not None else None
        if given is not None and given != amount:
            assert amount_col is not None
            raise FactsError(
                say("FA021.fixed", value=plain(given), amount=plain(amount), item=f"{code} {label}"), case_row.cells[amount_col]
            )
        return amount, f"{label} {plain(amount)}"

    def _amount_of(self, case_row: Row, item: _Item) -> tuple[Decimal, str]:
        spec = item.model
        if spec.amount is not None:
            return self._fixed(case_row, spec.amount, spec.code, spec.name)
        bounds: list[Decimal] | None = spec.range
        label = spec.name
        if item.by is not None:
            key = case_row.values.get(item.by)
            assert spec.amounts is not None
            if key not in spec.amounts:
                amounts, named = " / ".join(spec.amounts), f"{spec.code} {spec.name}"
                if key is None:
                    raise FactsError(say("FA020.by_blank", amounts=amounts, item=named), case_row.cells[item.by])
                raise FactsError(say("FA020.by", value=key, amounts=amounts, item=named), case_row.cells[item.by])
            entry = spec.amounts[key]
            label = f"{spec.name}·{key}"
            if not isinstance(entry, list):
                return self._fixed(case_row, entry, spec.code, label)
            bounds = entry
        amount_col = self.columns.amount
        assert amount_col is not None
        value = case_row.values.get(amount_col)
        where = case_row.cells[amount_col]
        if value is None:
            raise FactsError(say("FA021.blank", item=f"{spec.code} {spec.name}"), where)
        if bounds is not None and not bounds[0] <= value <= bounds[1]:
            raise FactsError(
                say("FA021.range", value=plain(value), low=plain(bounds[0]), high=plain(bounds[1]), item=f"{spec.code} {label}"),
                where,
            )
        return value, f"{label} {plain(value)}"

    def _count(self, live: list[_Case], traces: list[_Trace], notes: list[str]) -> Decimal:
        """The sum of the counted cases after the group caps and a bonus's own cap; each case traced."""
        total = ZERO
        by_group: dict[str, Decimal] = {}
        ceiling = self.ceiling if self.base is None and self.capped else None
        for case in live:
            if case.status != "counted":
                traces.append((case.index, case.row, "superseded", ZERO, f"{case.item.name}: {case.reason}"))
                continue
            amount, cut = self.caps.take(case.item.group, case.amount, by_group)
            if ceiling is not None and total + amount > ceiling:
                extra = total + amount - ceiling
                cut += extra
                amount -= extra
            total += amount
            detail = " ".join(case.steps)
            if cut:
                notes.append(f"{case.item.name} 超出上限，少计 {plain(cut)}")
                traces.append((case.index, case.row, "capped", amount, f"{detail}；超出上限少计 {plain(cut)}"))
            else:
                traces.append((case.index, case.row, "counted", amount, detail))
        return total


def _exemption(case: _Case, exemptions: tuple[_Exemption, ...]) -> str | None:
    """The reason of the first exemption that holds for the case (an `unless` that holds is noted on the case)."""
    code, row = case.item.code, case.row
    for exemption in exemptions:
        if (exemption.only is None or code in exemption.only) and exemption.when(row):
            if exemption.unless is not None and exemption.unless(row):
                lost = exemption.lost
                case.steps.append(f"不适用豁免（{exemption.reason}）" + (f"：{lost}" if lost else ""))
                continue
            return exemption.reason
    return None


def _keep_highest(live: list[_Case], highest: _Highest) -> None:
    """Among the cases sharing a key, only the highest stays counted; the others are superseded."""
    chosen: dict[tuple[Any, ...], _Case] = {}
    for case in live:
        if highest.only is not None and case.item.code not in highest.only:
            continue
        key = tuple(case.row.values.get(c) for c in highest.columns)
        if any(k is None or k == "" for k in key):
            continue
        best = chosen.get(key)
        if best is None or case.amount > best.amount:
            if best is not None:
                best.status, best.reason = "superseded", f"{highest.reason}（以 {case.row.location} 为准）"
            chosen[key] = case
        else:
            case.status, case.reason = "superseded", f"{highest.reason}（以 {best.row.location} 为准）"


def _row_traces(traces: list[_Trace]) -> tuple[RowTrace, ...]:
    return tuple(RowTrace(row.location, status, amount, reason) for _, row, status, amount, reason in traces)


def _formula(traces: list[_Trace], base: Decimal | None, floored: Decimal | None, value: Decimal) -> str:
    """base − (counted amounts) = value [→ floor] for a deduction; the counted amounts' sum for a bonus."""
    counted = [amount for _, _, status, amount, _ in traces if status in ("counted", "capped") and amount]
    listing = " + ".join(plain(amount) for amount in counted if amount is not None) or "0"
    if base is None:
        return f"{listing} = {plain(value)}"
    if floored is None:
        return f"{plain(base)} − ({listing}) = {plain(value)}"
    return f"{plain(base)} − ({listing}) = {plain(floored)} → {plain(value)}"


def _modify(case: _Case, modifiers: tuple[_Modifier, ...], *, late: bool) -> None:
    for modifier in modifiers:
        if modifier.after_highest == late and (modifier.only is None or case.item.code in modifier.only) and modifier.when(case.row):
            case.amount *= modifier.factor
            case.steps.append(f"× {plain(modifier.factor)}（{modifier.reason}）")


KIND = KindSpec(
    name="cases", label="案例计分", model=CasesComponent, compile=compile_cases, role="effect", reads=table_of,
)
