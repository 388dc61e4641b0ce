"""`sum`: the children's points added up (a parent with a child without points has none)."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from ..compile.context import (
    CompileContext,
    check_children_sum,
)
from ..core.messages import say
from ..core.numbers import ZERO, plain
from ..model.components import ComponentBase
from ..results.result import ComponentResult
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts
from ..source.strict_yaml import PathKey
from .protocol import KindSpec, compile_children, components_of, no_points

if TYPE_CHECKING:
    from .registry import Component


class SumComponent(ComponentBase):
    """各子项得分相加。"""

    kind: Literal["sum"] = Field(title="类型")
    components: list[Component] = Field(title="指标", description="子项", min_length=1)


def compile_sum(model: SumComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    check_children_sum(model.points, model.components, path, ctx, say("phrase.components_points"))
    children = compile_children(model, path, trace_path, ctx)

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        results = tuple([child(subject, scope) for child in children])
        if any(r.points is None for r in results):
            return no_points(results)
        total = sum([r.points for r in results if r.points is not None], ZERO)
        return Outcome(total, partial(_sum_formula, results, total), children=results)

    return evaluate


# The formulas below are module functions bound with functools.partial, not closures: one is
# kept per component per subject until an output asks for the text, and a partial is smaller.


def _sum_formula(results: tuple[ComponentResult, ...], total: Decimal) -> str:
    terms = " + ".join(f"{r.name} {plain(r.points)}" for r in results if r.points is not None)
    return f"{terms} = {plain(total)}"


KIND = KindSpec(
    name="sum", label="求和", model=SumComponent, compile=compile_sum, role="score", children="sum", components=components_of,
)
