"""`apportion`: a parent's deduction (a field joined from a keyed table) borne by the subject at a
share (折半 = 0.5); the component's points are 0 and its result ≤ 0.

Sugar over `expression` (see kinds.sugar): the node is the expression `-(<column> * <share>)`, with
no lower end (`min: null`), a blank amount counted as 0 (`on_blank: zero`) and the amount required to
be blank or at least 0 (a check, EV027 at the amount's cell). Its trace keeps the apportion's
wording, naming the parent unit: `−(局A 报送扣分 1.5 × 0.5) = -0.75`.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Literal

from pydantic import Field

from ..compile.context import CompileContext
from ..core.messages import say
from ..core.numbers import ZERO, plain
from ..model.components import ComponentBase
from ..model.inputs import Positive
from ..results.runtime import Outcome, SubjectFacts
from ..source.strict_yaml import PathKey
from .protocol import Expansion, SugarSpec
from .sugar import base_keys, nameable


class ApportionComponent(ComponentBase):
    """分摊扣分：上级单位的扣分按比例由对象承担（主管单位扣分折半由所属入选处室承担）。"""

    kind: Literal["apportion"] = Field(title="类型")
    column: str = Field(title="列", description="上级单位的扣分所在的列（通常来自 keyed 表）")
    share: Positive = Field(le=1, title="比例", description="承担比例：每个对象承担的比例，如 0.5 = 折半")
    parent: str | None = Field(None, title="上级单位列", description="上级单位名称所在字段（写入计算过程）")


def expand_apportion(model: ApportionComponent, path: PathKey, ctx: CompileContext) -> Expansion:
    if model.points != 0:
        raise ctx.error(say("RS045.apportioned_deduction_points"), path + ("points",))
    name = ctx.field(model.column, path + ("column",), ("count", "decimal")).name
    if model.parent:
        ctx.field(model.parent, path + ("parent",))
    nameable(model.kind, name, path + ("column",), ctx)
    document = {
        **base_keys(model), "kind": "expression", "expr": f"-({name} * {plain(model.share)})", "min": None,
        "on_blank": "zero", "checks": [{"name": f"{name}不为负数", "when": {"any": [{"blank": name}, {"of": name, "at_least": 0}]}}],
    }
    return Expansion(document, {("expr",): ("column",), ("checks",): ("column",)})


def phrase_apportion(model: ApportionComponent, outcome: Outcome, subject: SubjectFacts) -> Outcome:
    """`−(局A 报送扣分 1.5 × 0.5) = -0.75`: the parent, the amount (a blank one as 0), the share."""
    inputs = outcome.inputs if isinstance(outcome.inputs, tuple) else outcome.inputs()
    (name, amount), = inputs
    amount = ZERO if amount is None else amount
    who = f"{subject.fields.get(model.parent)} " if model.parent else ""
    formula = partial(_apportion_formula, who, name, amount, model.share, outcome.points)
    return Outcome(outcome.points, formula, ((name, plain(amount)),))


def _apportion_formula(who: str, name: str, amount: Any, share: Any, value: Any) -> str:
    return f"−({who}{name} {plain(amount)} × {plain(share)}) = {plain(value)}"


KIND = SugarSpec(
    name="apportion", label="分摊扣分", model=ApportionComponent, expand=expand_apportion, phrase=phrase_apportion,
    role="deduction", labelled_in_reports=False,
)
