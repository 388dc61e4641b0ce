"""One small handler per component kind: compile the node, return its scoring function.

A handler knows nothing of where its node sits; `compile.tree.compile_component`
attaches the path and the trace. Adding a kind = one model in `model.components`, one
handler here, one entry in HANDLERS, one section in docs/ruleset-format.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from ..compile.context import (
    ChildFailed,
    CompileContext,
    apply_floor,
    check_base,
    check_children_sum,
    compile_caps,
)
from ..compile.rating import rating_formula, rating_scale, rating_value
from ..core.numbers import ZERO, format_value, plain
from ..expressions.compiler import COMPONENT, ExpressionProblem, column_type, compile_expression
from ..model import components as m
from ..results.result import ComponentResult
from ..results.runtime import ComponentEvaluate, Evaluate, Outcome, Scope, SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey
from .ballots import compile_ballots
from .cases import compile_cases
from .more import HANDLERS_MORE
from .nested import compile_nested
from .rating_rows import compile_rating_rows

Handler = Callable[[Any, PathKey, str, CompileContext], Evaluate]


def _children(model: Any, path: PathKey, trace_path: str, ctx: CompileContext) -> list[ComponentEvaluate]:
    compiled = [
        ctx.child(child, path + ("components", i), trace_path) for i, child in enumerate(model.components)
    ]
    if any(c is None for c in compiled):
        raise ChildFailed
    return [c for c in compiled if c is not None]


# --------------------------------------------------------------------------- sum


def compile_sum(model: m.SumComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    check_children_sum(model.points, model.components, path, ctx, "the components' points")
    children = _children(model, path, trace_path, ctx)

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        results = tuple([child(subject, scope) for child in children])
        if any(r.points is None for r in results):
            return _no_points(results)
        total = sum([r.points for r in results if r.points is not None], ZERO)
        return Outcome(total, partial(_sum_formula, results, total), children=results)

    return evaluate


def _no_points(results: tuple[ComponentResult, ...]) -> Outcome:
    """A parent with a child without points has none either: a blank is never read as 0."""
    missing = "、".join(r.name for r in results if r.points is None)
    return Outcome(None, f"{missing} 无得分", notes=(f"无得分（{missing} 无数据）",), children=results)


# The formulas below are module functions bound with functools.partial, not closures: one is
# kept per component per subject until an output asks for the text, and a partial is smaller.


def _sum_formula(results: tuple[ComponentResult, ...], total: Decimal) -> str:
    terms = " + ".join(f"{r.name} {plain(r.points)}" for r in results if r.points is not None)
    return f"{terms} = {plain(total)}"


# --------------------------------------------------------------------------- weighted


def compile_weighted(
    model: m.WeightedComponent, path: PathKey, trace_path: str, ctx: CompileContext
) -> Evaluate:
    weights: list[Decimal] = []
    ctx.weighted_children.update(path + ("components", i) for i in range(len(model.components)))
    for i, child in enumerate(model.components):
        if child.weight is None:
            ctx.errors.append(ctx.error("a child of a weighted component needs a 'weight'", path + ("components", i), code="RS027"))
        weights.append(child.weight or ZERO)
    weight_sum = sum(weights, ZERO)
    if weight_sum != 1 and all(c.weight is not None for c in model.components):
        listing = " + ".join(plain(w) for w in weights)
        ctx.errors.append(ctx.error(f"the weights add up to {plain(weight_sum)} ({listing}), not 1", path, code="RS027"))
    full = model.scale * sum((w * c.points for w, c in zip(weights, model.components, strict=True)), ZERO)
    if full != model.points and weight_sum == 1:
        ctx.errors.append(
            ctx.error(
                f"scale {plain(model.scale)} × Σ weight × child points = {plain(full)}, not the points {plain(model.points)}",
                path + ("points",), code="RS027",
            )
        )
    children = _children(model, path, trace_path, ctx)
    scale = model.scale
    pairs = list(zip(weights, children, strict=True))

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        total = ZERO
        results = []
        for weight, child in pairs:
            result = child(subject, scope)
            results.append(result)
            if result.points is not None:
                total += weight * result.points
        done = tuple(results)
        if any(r.points is None for r in done):
            return _no_points(done)
        points = total * scale
        return Outcome(points, partial(_weighted_formula, weights, done, scale, points), children=done)

    return evaluate


def _weighted_formula(weights: list[Decimal], results: tuple[ComponentResult, ...], scale: Decimal, points: Decimal) -> str:
    terms = " + ".join(
        f"{r.name} {plain(r.points or ZERO)} × {plain(w * 100)}%" for w, r in zip(weights, results, strict=True)
    )
    prefix = f"{plain(scale)} × " if scale != 1 else ""
    return f"{prefix}({terms}) = {plain(points)}"


# --------------------------------------------------------------------------- rating


def compile_rating(model: m.RatingComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    if model.table is not None:  # tallies in the rows of a long table
        return compile_rating_rows(model, path, trace_path, ctx)
    scale, top = rating_scale(model.scale, path + ("scale",), ctx)
    columns: list[tuple[str, Decimal, str]] = []  # (grade, value, field)
    for t_index, template in enumerate(model.counts):
        for grade, value in scale.grades.items():
            name = template.replace("{grade}", grade)
            spec = ctx.field(name, path + ("counts", t_index), ("count",))
            columns.append((grade, value, spec.name))
    points = model.points
    factor = ctx.field(model.factor, path + ("factor",), ("count", "decimal")).name if model.factor else None

    static = _RatingStatic(tuple(columns), scale.grades, points, top, factor)
    pairs = [(value, name) for _, value, name in columns]

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        fields = subject.fields
        votes = ZERO
        weighted = ZERO
        for value, name in pairs:
            count = fields[name]
            votes += count
            weighted += count * value
        if votes == 0:
            names = ", ".join(name for _, _, name in columns)
            raise evaluation_error(subject, trace_path, f"no measurements at all ({names} are all 0)", code="EV002")
        result = rating_value(weighted, votes, points, top)
        coefficient = None
        if factor is not None:  # M5: the score weighted by a coefficient (服务数据量 → 系数)
            coefficient = fields.get(factor)
            if coefficient is None:
                raise evaluation_error(subject, trace_path, f"{factor} is blank", subject.cell(factor), code="EV008")
            result *= coefficient
        # the counts are read again from the subject's fields when the trace is asked for
        trace = _RatingTrace(static, fields, votes, coefficient, result)
        return Outcome(result, trace, trace.inputs)

    return evaluate


@dataclass(frozen=True)
class _RatingStatic:
    columns: tuple[tuple[str, Decimal, str], ...]  # (grade, value, field)
    grades: dict[str, Decimal]
    points: Decimal
    top: Decimal
    factor: str | None


class _RatingTrace:
    """One subject's rating, enough to write its formula and inputs when asked (called: the formula)."""

    __slots__ = ("coefficient", "fields", "result", "static", "votes")

    def __init__(
        self, static: _RatingStatic, fields: dict[str, Any], votes: Decimal, coefficient: Decimal | None, result: Decimal
    ) -> None:
        self.static, self.fields, self.votes, self.coefficient, self.result = static, fields, votes, coefficient, result

    def inputs(self) -> tuple[tuple[str, Any], ...]:
        static, fields = self.static, self.fields
        inputs: list[tuple[str, Any]] = [(name, fields[name]) for _, _, name in static.columns]
        if static.factor is not None:
            inputs.append((static.factor, self.coefficient))
        return tuple(inputs)

    def __call__(self) -> str:
        static, fields = self.static, self.fields
        by_grade: dict[str, Decimal] = {}
        for grade, _, name in static.columns:
            by_grade[grade] = by_grade.get(grade, ZERO) + fields[name]
        factor = f" × {static.factor} {plain(self.coefficient)}" if self.coefficient is not None else ""
        return rating_formula(by_grade, static.grades, self.votes, static.top, static.points, self.result, factor)


# --------------------------------------------------------------------------- deduction


def compile_deduction(
    model: m.DeductionComponent, path: PathKey, trace_path: str, ctx: CompileContext
) -> Evaluate:
    base = model.points if model.base is None else model.base
    check_base(base, model.points, path, ctx)
    items: list[tuple[m.DeductionItem, str]] = []
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
            if ranged is not None:  # M7 in wide form: a sum of ranged amounts checked against its count
                cases = fields[counts[item.id]]
                low, high = ranged[0] * cases, ranged[1] * cases
                if not low <= count <= high:
                    raise evaluation_error(
                        subject,
                        trace_path,
                        f"{name} {plain(count)} is outside {plain(low)}–{plain(high)} "
                        f"({plain(cases)} cases × {plain(ranged[0])}–{plain(ranged[1])} each, item {item.name})",
                        subject.cell(name), code="EV003",
                    )
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
    items: list[tuple[m.DeductionItem, str]], base: Decimal, fields: dict[str, Any], raw: Decimal, value: Decimal
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
    items: list[tuple[m.DeductionItem, str]], counts: dict[str, str], fields: dict[str, Any]
) -> tuple[tuple[str, Any], ...]:
    used = [(name, fields[name]) for _, name in items]
    used += [(column, fields[column]) for column in counts.values()]
    return tuple(used)


# --------------------------------------------------------------------------- input


def compile_input(model: m.InputComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    spec = ctx.field(model.column, path + ("column",), ("count", "decimal"))
    low = ZERO if model.min is None else model.min
    high = model.points if model.max is None else model.max
    name = spec.name

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        value = subject.fields[name]
        if value is None:
            return Outcome(None, f"{name}: 无数据", ((name, None),), ("无数据",))
        if not low <= value <= high:
            raise evaluation_error(
                subject, trace_path, f"{name} = {plain(value)} is outside {plain(low)}–{plain(high)}", subject.cell(name), code="EV003"
            )
        return Outcome(value, lambda: f"{name} = {plain(value)}", ((name, value),))

    return evaluate


# --------------------------------------------------------------------------- expression


def _component_ids(components: Any) -> list[str]:
    ids = []
    for component in components:
        ids.append(component.id)
        ids.extend(_component_ids(getattr(component, "components", None) or []))
    return ids


def compile_expr(model: m.ExpressionComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    known = set(ctx.fields) | set(ctx.order)
    try:
        later = [i for i in _component_ids(ctx.model.components) if i != model.id]
        types = {name: column_type(spec.type, spec.values) for name, spec in ctx.fields.items()}
        types.update(dict.fromkeys(ctx.order, COMPONENT))
        expression = compile_expression(model.expr, known, later, own=model.id, types=types)
    except ExpressionProblem as exc:
        raise ctx.error(
            f"expression '{model.expr}', column {exc.offset + 1}: {exc.message}",
            path + ("expr",), list(exc.suggestions), code="RS030",
        ) from None
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
                    subject, trace_path, f"expression '{model.expr}': {exc.message}", subject.cell(exc.blank), code="EV008"
                ) from None
            raise evaluation_error(subject, trace_path, f"expression '{model.expr}': {exc.message}", code="EV004") from None
        if isinstance(value, bool) or not isinstance(value, Decimal):
            raise evaluation_error(subject, trace_path, f"expression '{model.expr}' gave {value!r}, not a number", code="EV005")
        notes: tuple[str, ...] = ()
        if not low <= value <= high:
            if not clamp:
                raise evaluation_error(
                    subject, trace_path, f"expression '{model.expr}' gave {plain(value)}, outside {plain(low)}–{plain(high)}", code="EV005"
                )
            clamped = min(max(value, low), high)
            notes = (f"截断到 {plain(low)}–{plain(high)}: {plain(value)} → {plain(clamped)}",)
            value = clamped
        inputs = tuple(names.items())

        def formula() -> str:
            substituted = ", ".join(f"{n} = {format_value(v)}" for n, v in inputs)
            return f"{model.expr} ({substituted}) = {plain(value)}"

        return Outcome(value, formula, inputs, notes)

    return evaluate


HANDLERS: dict[str, Handler] = {
    "sum": compile_sum,
    "weighted": compile_weighted,
    "rating": compile_rating,
    "deduction": compile_deduction,
    "input": compile_input,
    "expression": compile_expr,
    "cases": compile_cases,
    "ballots": compile_ballots,
    "nested": compile_nested,
    **HANDLERS_MORE,
}
