"""`apportion`: a parent's deduction (a field joined from a keyed table) borne by the subject at a
share (折半 = 0.5); the component's points are 0 and its result ≤ 0."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from ..compile.context import CompileContext
from ..core.errors import FactsError
from ..core.numbers import ZERO, plain
from ..model import components as m
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts
from ..source.strict_yaml import PathKey
from .protocol import KindSpec, plain_first


def compile_apportion(model: m.ApportionComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    if model.points != 0:
        raise ctx.error("an apportioned deduction has points 0 (it only takes away)", path + ("points",), code="RS045")
    name = ctx.field(model.column, path + ("column",), ("count", "decimal")).name
    parent = ctx.field(model.parent, path + ("parent",)).name if model.parent else None
    share = model.share

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        amount: Decimal | None = subject.fields.get(name)
        if amount is None:
            amount = ZERO
        if amount < 0:
            raise FactsError(f"deduction {plain(amount)} is negative", subject.cell(name), code="FA015")
        value = -(amount * share)
        who = f"{subject.fields.get(parent)} " if parent else ""
        return Outcome(value, partial(_apportion_formula, who, name, amount, share, value), partial(plain_first, [(name, amount)]))

    return evaluate


def _apportion_formula(who: str, name: str, amount: Decimal, share: Decimal, value: Decimal) -> str:
    return f"−({who}{name} {plain(amount)} × {plain(share)}) = {plain(value)}"


KIND = KindSpec(
    name="apportion", label="分摊扣分", model=m.ApportionComponent, compile=compile_apportion,
    role="deduction", labelled_in_reports=False,
)
