"""`expression`: a score computed by a sandboxed expression over columns and earlier components."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from ..compile.context import (
    CompileContext,
)
from ..core.messages import say
from ..core.numbers import ZERO, format_value, plain, snap
from ..expressions.compiler import COMPONENT, Expression, ExpressionProblem, column_type, compile_expression
from ..model.base import Num
from ..model.components import ScoreRange
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts, evaluation_error, said_of
from ..source.strict_yaml import PathKey
from .protocol import KindSpec, component_ids


class ExpressionComponent(ScoreRange):
    """表达式计分（其他类型无法表达时使用）。"""

    kind: Literal["expression"] = Field(title="类型")
    expr: str = Field(title="表达式", max_length=2000)
    min: Num | None = Field(None, title="最小值", description="省略时为 0；不高于分值")
    max: Num | None = Field(None, title="最大值", description="省略时为分值（无分值则不设上限）；不高于分值")
    clamp: bool = Field(
        False, title="截断", description="为 true 时超出范围的结果截断到范围内，否则报错"
    )


_UNBOUNDED = Decimal("Infinity")  # the upper end without points or max


def compile_subject_expression(text: str, own: str, path: PathKey, ctx: CompileContext) -> Expression:
    """An expression of component `own` over the subject's fields, the named values and the components
    computed before it (a later one is named as such), checked at load; RS030 at `path`."""
    known = set(ctx.fields) | set(ctx.order)
    try:
        later = [i for i in component_ids([*ctx.model.values, *ctx.model.components]) if i != own]
        types = {name: column_type(spec.type, spec.values) for name, spec in ctx.fields.items()}
        types.update(dict.fromkeys(ctx.order, COMPONENT))
        return compile_expression(text, known, later, own=own, types=types)
    except ExpressionProblem as exc:
        raise ctx.error(
            say("RS030.expression_column", text=text, value=exc.offset + 1, problem=exc.said), path, list(exc.suggestions),
        ) from None


def compile_expr(model: ExpressionComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    expression = compile_subject_expression(model.expr, model.id, path + ("expr",), ctx)
    low = ZERO if model.min is None else model.min
    high = model.points if model.max is None else model.max
    clamp = model.clamp

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        names = {}
        for name in expression.names:
            names[name] = scope[name] if name in scope else subject.fields.get(name)
        try:
            value = expression.evaluate(names)
        except ExpressionProblem as exc:
            if exc.blank is not None:  # located at the blank cell (or the subject's row)
                raise evaluation_error(
                    subject, trace_path, say("EV008.expression", expr=model.expr, problem=said_of(exc)), subject.cell(exc.blank)
                ) from None
            raise evaluation_error(subject, trace_path, say("EV004", expr=model.expr, problem=said_of(exc))) from None
        if isinstance(value, bool) or not isinstance(value, Decimal):
            raise evaluation_error(subject, trace_path, say("EV005.not_number", expr=model.expr, value=repr(value)))
        notes: tuple[str, ...] = ()
        top = _UNBOUNDED if high is None else high
        if not low <= snap(value) <= top:  # compared as exact rationals: 18 × (1/6) is 3, not above it
            if not clamp:
                if high is not None:
                    raise evaluation_error(subject, trace_path, say(
                        "EV005.outside", expr=model.expr, value=plain(value), low=plain(low), high=plain(high)))
                raise evaluation_error(subject, trace_path, say("EV005.below", expr=model.expr, value=plain(value), low=plain(low)))
            clamped = min(max(value, low), top)
            shown = f"{plain(low)}–{plain(high)}" if high is not None else f"下限 {plain(low)}"
            notes = (f"截断到 {shown}: {plain(value)} → {plain(clamped)}",)
            value = clamped
        elif not low <= value <= top:  # an end, reached through a quotient's last digit: it is that end
            value = low if value < low else top
        inputs = tuple(names.items())

        def formula() -> str:
            substituted = ", ".join(f"{n} = {format_value(v)}" for n, v in inputs)
            return f"{model.expr} ({substituted}) = {plain(value)}"

        return Outcome(value, formula, inputs, notes)

    return evaluate


KIND = KindSpec(
    name="expression", label="表达式", model=ExpressionComponent, compile=compile_expr, role="score",
)
