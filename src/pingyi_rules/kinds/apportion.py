"""`apportion`: a parent's deduction (a field joined from a keyed table) borne by the subject at a
share (折半 = 0.5); the component's points are 0 and its result ≤ 0."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Literal

from pydantic import Field

from ..compile.context import CompileContext
from ..core.errors import FactsError
from ..core.messages import say
from ..core.numbers import ZERO, plain
from ..model.components import ComponentBase
from ..model.inputs import Positive
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts
from ..source.strict_yaml import PathKey
from .protocol import KindSpec, plain_first


class ApportionComponent(ComponentBase):
    """分摊扣分：上级单位的扣分按比例由对象承担（主管单位扣分折半由所属入选处室承担）。"""

    kind: Literal["apportion"] = Field(title="类型")
    column: str = Field(title="列", description="上级单位的扣分所在的列（通常来自 keyed 表）")
    share: Positive = Field(le=1, title="比例", description="承担比例：每个对象承担的比例，如 0.5 = 折半")
    parent: str | None = Field(None, title="上级单位列", description="上级单位名称所在字段（写入计算过程）")


def compile_apportion(model: ApportionComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    if model.points != 0:
        raise ctx.error(say("RS045.apportioned_deduction_points"), path + ("points",))
    name = ctx.field(model.column, path + ("column",), ("count", "decimal")).name
    parent = ctx.field(model.parent, path + ("parent",)).name if model.parent else None
    share = model.share

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        amount: Decimal | None = subject.fields.get(name)
        if amount is None:
            amount = ZERO
        if amount < 0:
            raise FactsError(say("FA015.deduction", value=plain(amount)), subject.cell(name))
        value = -(amount * share)
        who = f"{subject.fields.get(parent)} " if parent else ""
        return Outcome(value, partial(_apportion_formula, who, name, amount, share, value), partial(plain_first, [(name, amount)]))

    return evaluate


def _apportion_formula(who: str, name: str, amount: Decimal, share: Decimal, value: Decimal) -> str:
    return f"−({who}{name} {plain(amount)} × {plain(share)}) = {plain(value)}"


KIND = KindSpec(
    name="apportion", label="分摊扣分", model=ApportionComponent, compile=compile_apportion,
    role="deduction", labelled_in_reports=False,
)
