"""`weighted`: the children's points times their weights, added up, times the scale (综合满意度 × 80)."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from ..compile.context import (
    CompileContext,
)
from ..core.messages import say
from ..core.numbers import ZERO, div, plain
from ..model.base import Num
from ..model.components import ComponentBase
from ..results.result import ComponentResult
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts
from ..source.strict_yaml import PathKey
from .protocol import KindSpec, compile_children, components_of, no_points

if TYPE_CHECKING:
    from .registry import Component


class WeightedComponent(ComponentBase):
    """子项得分按权重相加，再乘以系数（如 综合满意度 × 80）。"""

    kind: Literal["weighted"] = Field(title="类型")
    multiply: Num = Field(Decimal(1), gt=0, title="乘以", description="加权结果乘以此数（如 综合满意度 × 80）")
    components: list[Component] = Field(title="指标", description="子项", min_length=1)
    missing: Literal["error", "renormalise"] = Field(
        "error",
        title="缺项",
        description="子项无得分时：error（默认）= 本项也无得分；renormalise = 略去无得分的子项，其余权重按比例放大到合计 1",
    )


def compile_weighted(
    model: WeightedComponent, path: PathKey, trace_path: str, ctx: CompileContext
) -> Evaluate:
    weights: list[Decimal] = []
    ctx.weighted_children.update(path + ("components", i) for i in range(len(model.components)))
    for i, child in enumerate(model.components):
        if child.weight is None:
            ctx.errors.append(ctx.error(say("RS027.child_weighted_component"), path + ("components", i)))
        weights.append(child.weight or ZERO)
    weight_sum = sum(weights, ZERO)
    if weight_sum != 1 and all(c.weight is not None for c in model.components):
        listing = " + ".join(plain(w) for w in weights)
        ctx.errors.append(ctx.error(say("RS027.weights_add_up", weight_sum=plain(weight_sum), listing=listing), path))
    if model.points is not None:  # full marks: each child's are needed to check them (as under a sum, RS121)
        for i, child in enumerate(model.components):
            if child.points is None:
                ctx.errors.append(ctx.error(say("RS121.weighted", points=plain(model.points), child=child.id), path + ("components", i)))
        if all(c.points is not None for c in model.components):
            _check_full(model, weights, weight_sum, path, ctx)
    children = compile_children(model, path, trace_path, ctx)
    scale = model.multiply
    pairs = list(zip(weights, children, strict=True))
    renormalise = model.missing == "renormalise"

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        total = ZERO
        results = []
        for weight, child in pairs:
            result = child(subject, scope)
            results.append(result)
            if result.points is not None:
                total += weight * result.points
        done = tuple(results)
        if not any(r.points is None for r in done):
            points = total * scale
            return Outcome(points, partial(_weighted_formula, weights, done, scale, points), children=done)
        if not renormalise or all(r.points is None for r in done):
            return no_points(done)
        return _renormalised(weights, done, scale)

    return evaluate


def _check_full(model: WeightedComponent, weights: list[Decimal], weight_sum: Decimal, path: PathKey, ctx: CompileContext) -> None:
    """scale × Σ weight × child points is the points (when every one of them has points)."""
    assert model.points is not None
    full = model.multiply * sum((w * (c.points or ZERO) for w, c in zip(weights, model.components, strict=True)), ZERO)
    if full != model.points and weight_sum == 1:
        ctx.errors.append(
            ctx.error(
                say("RS027.scale_weight_child", scale=plain(model.multiply), full=plain(full), points=plain(model.points)),
                path + ("points",),
            )
        )


def _renormalised(weights: list[Decimal], results: tuple[ComponentResult, ...], scale: Decimal) -> Outcome:
    """缺项重新归一: the children with points, each weight divided by the weights they hold together."""
    kept = [(w, r) for w, r in zip(weights, results, strict=True) if r.points is not None]
    held = sum((w for w, _ in kept), ZERO)
    points = scale * div(sum((w * (r.points or ZERO) for w, r in kept), ZERO), held)
    left = "、".join(r.name for r in results if r.points is None)
    note = f"{left} 无得分，不计；其余权重按 {plain(held * 100)}% 重新归一"
    return Outcome(points, partial(_renormalised_formula, kept, held, scale, points), notes=(note,), children=results)


def _renormalised_formula(kept: list[tuple[Decimal, ComponentResult]], held: Decimal, scale: Decimal, points: Decimal) -> str:
    terms = " + ".join(f"{r.name} {plain(r.points or ZERO)} × {plain(w * 100)}%" for w, r in kept)
    prefix = f"{plain(scale)} × " if scale != 1 else ""
    return f"{prefix}({terms}) / {plain(held * 100)}% = {plain(points)}"


def _weighted_formula(weights: list[Decimal], results: tuple[ComponentResult, ...], scale: Decimal, points: Decimal) -> str:
    terms = " + ".join(
        f"{r.name} {plain(r.points or ZERO)} × {plain(w * 100)}%" for w, r in zip(weights, results, strict=True)
    )
    prefix = f"{plain(scale)} × " if scale != 1 else ""
    return f"{prefix}({terms}) = {plain(points)}"


KIND = KindSpec(
    name="weighted", label="加权", model=WeightedComponent, compile=compile_weighted, role="score", children="weighted", components=components_of,
)
