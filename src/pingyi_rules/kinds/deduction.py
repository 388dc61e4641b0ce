"""`deduction`: a base minus counted items (each count × its amount), capped by group, floored.

Sugar over `expression` (see kinds.sugar): each capped group's sum and the amount it keeps are `let`
values (`甲_扣分 = H1 * 0.2 + H2 * 0.5`, `甲_计扣 = min(4, 甲_扣分)`), so is the score before the floor
(`扣后 = 10 - (甲_计扣 + H9)`); `expr` is `max(<floor>, 扣后)` (or `扣后` with `floor: null`), with no
lower end. A ranged item's sum is one of the expression's `checks` (its count of cases × [low, high]:
EV027 at the sum's cell), and so is a decimal column that may hold a negative number (not below 0). The trace keeps the deduction's wording, from the let values:
`10 − (未按期受理 1×0.2 + 态度问题 2.5) = 7.5`, `丙 限扣 2: 2.5 → 2`, `扣完为止: -2 → 0`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..compile.context import CompileContext, compile_caps, deduction_base
from ..core.messages import say
from ..core.numbers import plain
from ..expressions.compiler import usable_name
from ..model.base import Identifier, Model, Num
from ..model.components import ComponentBase, below_base
from ..model.inputs import AmountRange, NonNegative, Positive
from ..results.runtime import Outcome, SubjectFacts
from ..source.strict_yaml import PathKey
from .protocol import Expansion, SugarSpec, component_ids
from .sugar import base_keys, nameable


class DeductionItem(Model):
    """扣分项：每件（次）扣若干分。"""

    id: Identifier = Field(title="编号")
    name: str = Field(title="名称")
    column: str = Field(title="列", description="件数（或扣分值）所在的列")
    amount: Num | None = Field(
        None,
        gt=0,
        title="每件分值",
        description="每件（次）扣分；省略时该列的值即扣分值",
    )
    group: Identifier | None = Field(None, title="分组", description="限扣分组")
    clause: str | None = Field(None, title="条款")
    count: str | None = Field(
        None, title="件数列", description="件数所在的列，与 range 同用：column 是各件扣分之和，须在 [下限×件数, 上限×件数] 内"
    )
    range: AmountRange | None = Field(
        None, title="区间", description="每件扣分的 [下限, 上限]（视情 0.3–0.5 分）"
    )

    @model_validator(mode="after")
    def _ranged(self) -> DeductionItem:
        if (self.count is None) != (self.range is None):
            raise ValueError(say("RS015.count_range_go"))
        if self.range is not None and self.amount is not None:
            raise ValueError(say("RS015.ranged_item_amount"))
        return self


class DeductionComponent(ComponentBase):
    """倒扣分：基准分减去各扣分项，可按组限扣，扣完为止。"""

    kind: Literal["deduction"] = Field(title="类型")
    base: NonNegative | None = Field(None, title="基准分", description="省略时等于分值；无分值时必填")
    items: list[DeductionItem] = Field(title="事项", description="扣分项", min_length=1)
    caps: dict[str, Positive] = Field(
        default_factory=dict, title="分组上限", description="限扣：分组 → 该组最多扣分（大于 0）"
    )
    floor: Num | None = Field(
        Decimal(0), title="保底", description="最低得分（扣完为止 = 0），须低于基准分；null 表示不设下限"
    )

    @field_validator("floor")
    @classmethod
    def _floorbelow_base(cls, floor: Decimal | None, info: ValidationInfo) -> Decimal | None:
        return below_base(floor, info)


@dataclass(frozen=True)
class DeductionWording:
    """What the phrase words the trace with: each item (its name, column, amount or None), the base,
    the ranged items' count columns, each capped group with its two let names, the let name of the
    score before the floor, and the floor."""

    items: tuple[tuple[str, str, Decimal | None], ...]
    base: Decimal
    counts: tuple[str, ...]
    groups: tuple[tuple[str, str, str], ...]
    raw: str
    floor: Decimal | None


def expand_deduction(model: DeductionComponent, path: PathKey, ctx: CompileContext) -> Expansion:
    """The node written as an expression, after the deduction's own load-time checks (at its keys)."""
    base = deduction_base(model.base, model.points, path, ctx)
    items: list[tuple[str, str, Decimal | None]] = []
    checks: list[dict[str, Any]] = []
    counts: list[str] = []
    negative: list[str] = []  # the decimal columns that may hold a number below 0
    terms: dict[str | None, list[str]] = {}  # group (None: uncapped) -> its terms, groups in order of first item
    for i, item in enumerate(model.items):
        spec = ctx.field(item.column, path + ("items", i, "column"), ("count", "decimal"))
        column = spec.name
        nameable("deduction", column, path + ("items", i, "column"), ctx)
        if spec.type == "decimal" and (spec.min is None or spec.min < 0) and column not in negative:
            negative.append(column)  # a negative amount would add to the base: refused at its cell
            checks.append({"name": f"{column}不为负数", "when": {"any": [{"blank": column}, {"of": column, "at_least": 0}]}})
        items.append((item.name, column, item.amount))
        terms.setdefault(item.group, []).append(column if item.amount is None else f"{column} * {plain(item.amount)}")
        if item.count is not None and item.range is not None:
            cases = ctx.field(item.count, path + ("items", i, "count"), ("count",)).name
            nameable("deduction", cases, path + ("items", i, "count"), ctx)
            counts.append(cases)
            low, high = plain(item.range[0]), plain(item.range[1])
            checks.append({
                "name": f"{item.name}：{column} 在 {cases} × {low}–{high} 内",
                "when": {"expr": f"{column} >= {cases} * {low} and {column} <= {cases} * {high}"},
            })
    compile_caps(model.caps, model.items, path, ctx)
    taken = {*ctx.fields, *component_ids([*ctx.model.values, *ctx.model.components])}
    let: dict[str, str] = {}
    groups: list[tuple[str, str, str]] = []
    kept: list[str] = []
    for index, (group, summed) in enumerate(terms.items()):
        if group is None or group not in model.caps:  # an uncapped group is RS053 (compile_caps)
            kept.append(" + ".join(summed))
            continue
        label = group if usable_name(f"{group}_扣分") else f"组{index + 1}"
        total, counted = _free(f"{label}_扣分", taken, let), _free(f"{label}_计扣", taken, let)
        let[total] = " + ".join(summed)
        let[counted] = f"min({plain(model.caps[group])}, {total})"
        groups.append((group, total, counted))
        kept.append(counted)
    raw = _free("扣后", taken, let)
    let[raw] = f"{plain(base)} - ({' + '.join(kept)})"
    document = {
        **base_keys(model), "kind": "expression", "let": let,
        "expr": raw if model.floor is None else f"max({plain(model.floor)}, {raw})", "min": None,
    }
    if checks:
        document["checks"] = checks
    wording = DeductionWording(tuple(items), base, tuple(counts), tuple(groups), raw, model.floor)
    return Expansion(document, {("let",): ("items",), ("expr",): ("items",), ("checks",): ("items",)}, wording)



def _free(wanted: str, taken: set[str], chosen: dict[str, str]) -> str:
    """`wanted`, or with _ after it until no field, component, value or other let value has the name."""
    name = wanted
    while name in taken or name in chosen:
        name += "_"
    return name


def phrase_deduction(wording: DeductionWording, outcome: Outcome, subject: SubjectFacts) -> Outcome:
    """`10 − (未按期受理 1×0.2 + 态度问题 2.5) = 7.5 → …`: the items read, the cuts of the caps and the
    floor, all from the let values the expression worked out; the ranged items' counts of cases are
    read from the subject for the inputs."""
    inputs = outcome.inputs if isinstance(outcome.inputs, tuple) else outcome.inputs()
    values = dict(inputs)
    notes = [f"{group} 限扣 {plain(values[counted])}: {plain(values[total])} → {plain(values[counted])}"
             for group, total, counted in wording.groups if values[total] != values[counted]]
    raw = values[wording.raw]
    floored = wording.floor if wording.floor is not None and raw != outcome.points else None  # 扣完为止
    if floored is not None:
        notes.append(f"扣完为止: {plain(raw)} → {plain(floored)}")
    listed = tuple((column, values[column]) for _, column, _ in wording.items)
    listed += tuple((column, subject.fields[column]) for column in wording.counts)
    formula = partial(_deduction_formula, wording, values, raw, floored)
    return Outcome(outcome.points, formula, listed, tuple(notes))


def _deduction_formula(wording: DeductionWording, values: dict[str, Any], raw: Decimal, floored: Decimal | None) -> str:
    terms = []
    for name, column, amount in wording.items:
        count = values[column]
        if count:
            shown = f"{plain(count)}×{plain(amount)}" if amount is not None else plain(count)
            terms.append(f"{name} {shown}")
    to = f" → {plain(floored)}" if floored is not None else ""
    return f"{plain(wording.base)} − ({' + '.join(terms) or '0'}) = {plain(raw)}{to}"


KIND = SugarSpec(
    name="deduction", label="倒扣分", model=DeductionComponent, expand=expand_deduction, phrase=phrase_deduction,
    role="deduction",
)
