"""Handlers of the kinds added for multi-level schemes: grade, rank_deduction, apportion.

grade: a grade column (优秀/良好/一般) looked up in a scale.
rank_deduction: a rank (1 = best) loses nothing within the first N of its group
and `per_place` for each place below (名次每下降 1 位扣 0.03 分), floored.
apportion: a parent's deduction (a field joined from a keyed table) borne by the
subject at a share (折半 = 0.5); the component's points are 0 and its result ≤ 0.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from ..compile.context import CompileContext, apply_floor
from ..core.errors import FactsError, close_matches
from ..core.numbers import ZERO, plain
from ..model import components as m
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey


def compile_grade(model: m.GradeComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    spec = ctx.field(model.column, path + ("column",), ("enum", "text"))
    scale = ctx.scale(model.scale, path + ("scale",))
    if spec.values is not None:
        missing = [v for v in spec.values if v not in scale.grades]
        if missing:
            raise ctx.error(f"scale '{scale.id}' gives no points for {', '.join(missing)}", path + ("scale",), code="RS031")
    top = max(scale.grades.values())
    if top > model.points or min(scale.grades.values()) < 0:
        raise ctx.error(f"scale '{scale.id}' goes outside 0–{plain(model.points)}", path + ("scale",), code="RS031")
    name, grades = spec.name, dict(scale.grades)

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        grade = subject.fields.get(name)
        if grade is None:
            return Outcome(None, f"{name}: 无数据", ((name, ""),), ("无数据",))
        if grade not in grades:
            raise FactsError(
                f"'{grade}' has no points in scale '{scale.id}' ({' / '.join(grades)})",
                subject.cell(name),
                suggestions=close_matches(str(grade), grades), code="FA012",
            )
        value = grades[grade]
        return Outcome(value, partial(_grade_formula, name, grade, value), ((name, str(grade)),))

    return evaluate


def compile_rank_deduction(
    model: m.RankDeductionComponent, path: PathKey, trace_path: str, ctx: CompileContext
) -> Evaluate:
    rank_name = ctx.field(model.column, path + ("column",), ("count",)).name
    by_name = None
    free: dict[str, int] | int = model.free
    if model.by is not None:
        by = ctx.field(model.by, path + ("by",), ("enum", "text"))
        by_name = by.name
        if not isinstance(free, dict):
            raise ctx.error("with 'by', 'free' maps each group to its N", path + ("free",), code="RS045")
        if by.values is not None:
            missing = [v for v in by.values if v not in free]
            unknown = [k for k in free if k not in by.values]
            if missing or unknown:
                what = f"no N for {', '.join(missing)}" if missing else f"{', '.join(unknown)} is not a value of '{model.by}'"
                raise ctx.error(f"free: {what}", path + ("free",), code="RS045")
    elif isinstance(free, dict):
        raise ctx.error("'free' by group needs 'by' (the group column)", path + ("free",), code="RS045")
    points, step, floor = model.points, model.per_place, model.floor

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        rank = subject.fields.get(rank_name)
        if rank is None:
            return Outcome(None, f"{rank_name}: 无数据", ((rank_name, ""),), ("无数据",))
        if rank < 1:
            raise FactsError(f"rank {plain(rank)} is below 1", subject.cell(rank_name), code="FA016")
        inputs = [(rank_name, rank)]  # shown plain when the trace is asked for
        if by_name is not None:
            assert isinstance(free, dict)
            group = subject.fields.get(by_name)
            if group not in free:
                raise evaluation_error(
                    subject, trace_path, f"'{group}' has no free places ({' / '.join(free)})", subject.cell(by_name), code="EV008"
                )
            n = free[group]
            inputs.append((by_name, str(group)))
        else:
            assert isinstance(free, int)
            n = free
        places = max(rank - n, ZERO)
        value = points - places * step
        raw = value
        value, note = apply_floor(raw, floor)
        notes: tuple[str, ...] = () if note is None else (note,)
        formula = partial(_rank_formula, points, rank, n, step, raw, value if value != raw else None)
        return Outcome(value, formula, partial(_plain_first, inputs), notes)

    return evaluate


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
        return Outcome(value, partial(_apportion_formula, who, name, amount, share, value), partial(_plain_first, [(name, amount)]))

    return evaluate


# Formulas and plain-text inputs are made when a trace is asked for (functools.partial keeps the numbers).


def _grade_formula(name: str, grade: Any, value: Decimal) -> str:
    return f"{name} {grade} → {plain(value)}"


def _rank_formula(points: Decimal, rank: Decimal, n: int, step: Decimal, raw: Decimal, floored: Decimal | None) -> str:
    formula = f"{plain(points)} − max({plain(rank)} − {n}, 0) × {plain(step)} = {plain(raw)}"
    return formula if floored is None else formula + f" → {plain(floored)}"


def _apportion_formula(who: str, name: str, amount: Decimal, share: Decimal, value: Decimal) -> str:
    return f"−({who}{name} {plain(amount)} × {plain(share)}) = {plain(value)}"


def _plain_first(inputs: list[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    """The inputs with the first one's number as plain text (as these kinds have always shown it)."""
    (name, number), *rest = inputs
    return ((name, plain(number)), *rest)


HANDLERS_MORE: dict[str, Callable[[Any, PathKey, str, CompileContext], Evaluate]] = {
    "grade": compile_grade,
    "rank_deduction": compile_rank_deduction,
    "apportion": compile_apportion,
}
