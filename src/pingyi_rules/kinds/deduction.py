"""`deduction`: a base minus counted items (each count × its amount), capped by group, floored."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..compile.context import (
    CompileContext,
    apply_floor,
    compile_caps,
    deduction_base,
)
from ..core.messages import say
from ..core.numbers import ZERO, plain
from ..model.base import Identifier, Model, Num
from ..model.components import ComponentBase, below_base
from ..model.inputs import AmountRange, NonNegative, Positive
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey
from .protocol import KindSpec


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


def compile_deduction(
    model: DeductionComponent, path: PathKey, trace_path: str, ctx: CompileContext
) -> Evaluate:
    base = deduction_base(model.base, model.points, path, ctx)
    items: list[tuple[DeductionItem, str]] = []
    counts: dict[str, str] = {}  # item id -> its count column, for ranged sums
    for i, item in enumerate(model.items):
        spec = ctx.field(item.column, path + ("items", i, "column"), ("count", "decimal"))
        items.append((item, spec.name))
        if item.count is not None:
            counts[item.id] = ctx.field(item.count, path + ("items", i, "count"), ("count",)).name
    caps = compile_caps(model.caps, model.items, path, ctx)
    floor = model.floor
    plan = [(item, name, item.range, item.amount, item.group) for item, name in items]  # read once, not per subject

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        fields = subject.fields
        by_group: dict[str | None, Decimal] = {}
        for item, name, ranged, per, group in plan:
            count = fields[name]
            if ranged is not None:  # a sum of ranged amounts, checked against its count of cases
                cases = fields[counts[item.id]]
                low, high = ranged[0] * cases, ranged[1] * cases
                if not low <= count <= high:
                    said = say("EV003.cases", name=name, value=plain(count), low=plain(low), high=plain(high),
                               cases=plain(cases), each_low=plain(ranged[0]), each_high=plain(ranged[1]), item=item.name)
                    raise evaluation_error(subject, trace_path, said, subject.cell(name), code="EV003")
            amount = count if per is None else count * per
            by_group[group] = by_group.get(group, ZERO) + amount
        notes = []
        total = ZERO
        counted: dict[str, Decimal] = {}
        for group, amount in by_group.items():
            kept, cut = caps.take(group, amount, counted)
            if cut:
                notes.append(f"{group} 限扣 {plain(kept)}: {plain(amount)} → {plain(kept)}")
            total += kept
        raw = base - total
        value, floored = apply_floor(raw, floor)
        if floored is not None:
            notes.append(floored)

        return Outcome(
            value,
            partial(_deduction_formula, items, base, fields, raw, value),
            partial(_deduction_inputs, items, counts, fields),
            tuple(notes),
        )

    return evaluate


def _deduction_formula(
    items: list[tuple[DeductionItem, str]], base: Decimal, fields: dict[str, Any], raw: Decimal, value: Decimal
) -> str:
    terms = []
    for item, name in items:
        count = fields[name]
        if count:
            shown = f"{plain(count)}×{plain(item.amount)}" if item.amount is not None else plain(count)
            terms.append(f"{item.name} {shown}")
    text = f"{plain(base)} − ({' + '.join(terms) or '0'}) = {plain(raw)}"
    return text + (f" → {plain(value)}" if value != raw else "")


def _deduction_inputs(
    items: list[tuple[DeductionItem, str]], counts: dict[str, str], fields: dict[str, Any]
) -> tuple[tuple[str, Any], ...]:
    used = [(name, fields[name]) for _, name in items]
    used += [(column, fields[column]) for column in counts.values()]
    return tuple(used)


KIND = KindSpec(
    name="deduction", label="倒扣分", model=DeductionComponent, compile=compile_deduction, role="deduction",
)
