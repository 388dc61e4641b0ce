"""`deduction`: a base minus counted items (each count × its amount), capped by group, floored."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from ..compile.context import (
    CompileContext,
    apply_floor,
    check_base,
    compile_caps,
)
from ..core.numbers import ZERO, plain
from ..model import components as m
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey
from .protocol import KindSpec


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
            if ranged is not None:  # a sum of ranged amounts, checked against its count of cases
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


KIND = KindSpec(
    name="deduction", label="倒扣分", model=m.DeductionComponent, compile=compile_deduction, role="deduction",
)
