"""The population form of `aggregate` (`table: subjects`): one value over every subject — or over
the subjects sharing the `within` field's value — that each of those subjects gets (the best
unit's score, for a ratio to the best).

Worked out in a population pass before any subject is scored: `per_row` over each subject's fields
(a blank is EV008 at its cell, or the subject left out with `on_blank: skip`), the function over the
group, the result kept in each subject's slot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..compile.context import CompileContext
from ..compile.population import PopulationInput, PopulationOutput
from ..compile.row_expr import RowExpression, RowValueProblem
from ..core.messages import say
from ..core.numbers import ZERO, div, plain, snap
from ..results.runtime import Evaluate, Outcome, Scope, Slot, SubjectFacts, evaluation_error
from .aggregate_rows import LABELS

if TYPE_CHECKING:
    from .aggregate import AggregateComponent

_NAMED = 5  # subjects named at a maximum or minimum before saying how many more


@dataclass(frozen=True)
class _GroupValue:
    """What every subject of one group gets."""

    value: Decimal | None
    formula: str
    inputs: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]


def compile_population(
    model: AggregateComponent, of: RowExpression | None, within: str | None, trace_path: str, ctx: CompileContext
) -> Evaluate:
    function, empty, points, skip = model.function, model.empty, model.points, model.on_blank == "skip"
    slot: Slot[_GroupValue] = Slot(trace_path)
    what = "对象数" if of is None else of.text

    def prepare(given: PopulationInput) -> PopulationOutput:
        groups: dict[Any, list[SubjectFacts]] = {}
        for subject in given.subjects:
            groups.setdefault(subject.fields.get(within) if within is not None else None, []).append(subject)
        for key, members in groups.items():
            found = _group_value(members, key)
            for subject in members:
                subject.put(slot, found)
        return PopulationOutput()

    def _group_value(members: Sequence[SubjectFacts], key: Any) -> _GroupValue:
        counted: list[tuple[SubjectFacts, Decimal]] = []
        skipped: list[str] = []
        for subject in members:
            if of is None:
                counted.append((subject, ZERO))
                continue
            try:
                counted.append((subject, of.evaluate(None, subject.fields)))
            except RowValueProblem as exc:
                if exc.field is not None and skip:
                    skipped.append(subject.id)
                    continue
                where = subject.cell(exc.field) if exc.field is not None else None
                raise evaluation_error(subject, trace_path, say("phrase.of", message=exc.said), where, code=exc.code) from None
        scope = "全体对象" if within is None else f"{within} = {key} 的对象"
        inputs = (("范围", scope), ("计入对象数", str(len(counted))))
        notes = (f"{'、'.join(skipped)} 的 {what} 为空，不计入",) if skipped else ()
        if not counted:
            if empty == "error":
                raise evaluation_error(members[0], trace_path, say("EV010.subjects", scope=scope, what=what))
            if empty == "blank":
                return _GroupValue(None, f"{scope}无计入对象，无数据", inputs, (*notes, "无计入对象（无数据）"))
            assert isinstance(empty, Decimal)
            return _GroupValue(empty, f"{scope}无计入对象，取 {plain(empty)}", inputs, notes)
        value, text = _reduce(function, counted)
        return _GroupValue(value, f"{LABELS[function]}（{scope}，{what}）：{text}", inputs, notes)

    ctx.population.append(prepare)

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        found = subject.prepared(slot)
        if found is None:
            raise evaluation_error(subject, trace_path, say("EV007.aggregate"))
        if found.value is not None and points is not None and not ZERO <= snap(found.value) <= points:
            raise evaluation_error(
                subject, trace_path, say("EV012", function=LABELS[function], value=plain(found.value), points=plain(points))
            )
        return Outcome(found.value, found.formula, found.inputs, found.notes)

    return evaluate


def _reduce(function: str, counted: list[tuple[SubjectFacts, Decimal]]) -> tuple[Decimal, str]:
    """The function over the subjects' values, and the text saying it."""
    values = [value for _, value in counted]
    n = len(values)
    if function == "count":
        return Decimal(n), f"{n} 个"
    total = sum(values, ZERO)
    if function == "sum":
        return total, f"{n} 个对象合计 {plain(total)}"
    if function == "mean":
        mean = div(total, Decimal(n))
        return mean, f"{n} 个对象合计 {plain(total)} / {n} = {plain(mean)}"
    value = min(values) if function == "min" else max(values)
    at = [subject.id for subject, v in counted if v == value]
    named = "、".join(at[:_NAMED]) + (f" 等 {len(at)} 个" if len(at) > _NAMED else "")
    return value, f"{n} 个对象中{LABELS[function]} {plain(value)}（{named}）"
