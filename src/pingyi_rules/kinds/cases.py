"""The `cases` kind: one row per case (an incident, a sanction, an award), each accounted for.

Sugar over `aggregate` (see kinds.sugar): the node is written as an aggregate `function: sum` with
row steps (`compile.cases`, `kinds.aggregate_steps`) — per row, in this order: outside the
statistical period → excluded; the item chosen by the code column (a row table of the items); its
amount fixed, taken from the row (checked against the item's range) or looked up by another
column; × the count column; exemptions (unless their loss condition holds); modifiers; only the
highest among rows sharing a key; late modifiers; caps per group; the component's own cap (add)
or its base − the sum, floored (deduct). Every row ends in exactly one RowTrace. This module keeps
the node's model, its load-time checks (at its keys) and the wording of its formula:
`25 − (4 + 2.5) = 18.5`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..compile.cases import expand_cases
from ..compile.context import CompileContext, compile_caps, deduction_base
from ..core.errors import close_matches
from ..core.messages import say
from ..core.numbers import plain
from ..facts.reading import TableSpec
from ..model.base import FactKeyed, FactText, FactTexts, Identifier, Model, Num, Slug
from ..model.components import ComponentBase, RowCondition, below_base
from ..model.inputs import AmountRange, NonNegative, Positive
from ..results.runtime import Outcome, SubjectFacts
from ..source.strict_yaml import PathKey
from .protocol import Expansion, SugarSpec, table_of


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


@dataclass(frozen=True)
class CasesWording:
    """What the phrase words the trace with: a deduction's base (None for a bonus)."""

    base: Decimal | None


def expand_cases_node(model: CasesComponent, path: PathKey, ctx: CompileContext) -> Expansion:
    """The node as an `aggregate` with row steps (compile.cases), after the kind's own load-time
    checks, at its keys: its columns, items, codes, amounts, rules and caps."""
    table = ctx.table(model.table, path + ("table",), "cases")
    columns = _columns(model, table, path, ctx)
    codes = _check_items(model, table, columns, path, ctx)
    # the rules' conditions are compiled once, in the expansion (an error there is located at the node's key)
    for i, e in enumerate(model.exemptions):
        _applies(e.codes, codes, path + ("exemptions", i, "codes"), ctx)
    for i, mod in enumerate(model.modifiers):
        _applies(mod.codes, codes, path + ("modifiers", i, "codes"), ctx)
    if model.highest_only is not None:
        for i, column in enumerate(model.highest_only.matter):
            ctx.table_column(table, column, path + ("highest_only", "matter", i))
        _applies(model.highest_only.codes, codes, path + ("highest_only", "codes"), ctx)
    base = deduction_base(model.base, model.points, path, ctx) if model.effect == "deduct" else None
    made = expand_cases(model, base)
    return Expansion(made.document, made.written_at, CasesWording(base), made.kept)


@dataclass(frozen=True)
class _Columns:
    """The node's columns the checks need: the code column (None: every row is the one item), its values, the amount column."""

    code: str | None
    code_values: tuple[str, ...] | None
    amount: str | None


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
    if model.date:
        ctx.table_column(table, model.date, path + ("date",), ("date",))
    if model.count:
        ctx.table_column(table, model.count, path + ("count",), ("count",))
    amount = ctx.table_column(table, model.amount_column, path + ("amount_column",), ("decimal", "count")).name if model.amount_column else None
    if model.date is not None and ctx.model.period is None:
        raise ctx.error(say("RS035.date_needs_statistical"), path + ("date",))
    return _Columns(code_name, code_values, amount)


def _check_items(
    model: CasesComponent, table: TableSpec, columns: _Columns, path: PathKey, ctx: CompileContext
) -> set[str]:
    """The items' codes, each item checked against the code column and the amount column; the caps."""
    codes: set[str] = set()
    for i, item in enumerate(model.items):
        ipath = path + ("items", i)
        if item.code in codes:
            raise ctx.error(say("RS035.item_code_listed", code=item.code), ipath + ("code",))
        if item.key:
            ctx.table_column(table, item.key, ipath + ("key",))
        needs_row_amount = item.amount is None and (
            item.key is None or any(isinstance(v, list) for v in (item.amounts or {}).values())
        )
        if needs_row_amount and columns.amount is None:
            raise ctx.error(
                say("RS035.item_amount_from", code=item.code),
                ipath,
            )
        codes.add(item.code)
    if columns.code_values is not None:
        _check_codes(model, columns.code_values, codes, path, ctx)
    compile_caps(model.caps, model.items, path, ctx)
    _check_effect(model, path, ctx)
    for i, item in enumerate(model.items):
        if item.key is not None and item.amounts is not None:
            _check_amount_keys(item, table, path + ("items", i), ctx)
    return codes


def _check_codes(model: CasesComponent, values: tuple[str, ...], codes: set[str], path: PathKey, ctx: CompileContext) -> None:
    """Each item is a value of the code column, and each value of the code column has an item."""
    for i, item in enumerate(model.items):
        if item.code not in values:
            raise ctx.error(
                say("RS035.value_column_row", code=item.code, code2=model.code_column, join=' / '.join(values)),
                path + ("items", i, "code"), close_matches(item.code, values),
            )
    unknown = [v for v in values if v not in codes]
    if unknown:
        raise ctx.error(say("RS035.codes_column_have", unknown=list(unknown), code=model.code_column), path + ("items",))


def _applies(codes: list[str] | None, items: set[str], where: PathKey, ctx: CompileContext) -> None:
    """The item codes a rule is limited to are known items."""
    for j, code in enumerate(codes or ()):
        if code not in items:
            raise ctx.error(say("RS035.unknown_item_code", code=code), where + (j,))


def phrase_cases(wording: CasesWording, outcome: Outcome, subject: SubjectFacts) -> Outcome:
    """`25 − (4 + 2.5) = 18.5` (a deduction, `→ 0` when floored) or `1 + 0.5 = 1.5` (a bonus): the
    amounts of the rows the aggregate counted, and its 扣后 before the floor; the inputs the rows read,
    the notes the caps and the floor made."""
    inputs = dict(outcome.inputs if isinstance(outcome.inputs, tuple) else outcome.inputs())
    told = outcome.notes if isinstance(outcome.notes, tuple) else outcome.notes()
    notes = tuple(note for note in told if not note.startswith("无计入行"))  # no case: nothing to say
    formula = partial(_cases_formula, wording, outcome, inputs.get("扣后"))
    return Outcome(outcome.points, formula, (("行数", inputs["行数"]),), notes)


def _cases_formula(wording: CasesWording, outcome: Outcome, raw: Decimal | None) -> str:
    rows = outcome.rows() if callable(outcome.rows) else outcome.rows
    listing = " + ".join(plain(r.amount) for r in rows if r.status in ("counted", "capped") and r.amount) or "0"
    value = outcome.points
    assert value is not None
    if wording.base is None:
        return f"{listing} = {plain(value)}"
    to = "" if raw is None or raw == value else f"{plain(raw)} → "
    return f"{plain(wording.base)} − ({listing}) = {to}{plain(value)}"


KIND = SugarSpec(
    name="cases", label="案例计分", model=CasesComponent, expand=expand_cases_node, phrase=phrase_cases, role="effect",
    reads=table_of,
)
