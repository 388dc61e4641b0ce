"""The `nested` kind: a component whose value is another ruleset's total for the same subject, scaled.

For example, in a county 千人评 scheme 县社联评 is scored out of 100 by the 供销社's own scheme and
enters the county's 日常评议 as 5 points (县社联评 total / 100 × 5). The nested
ruleset is loaded (and checked) with the outer one; when scoring, it scores the
same facts (its own declared tables, read from the same folder or workbook)
over the whole population, and each subject's nested breakdown becomes the
component's children in the result and the trace. Void records of the nested
ruleset (its void ballots) are reported with the outer result.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Literal

from pydantic import Field

from ..compile.context import CompileContext
from ..compile.population import PopulationInput, PopulationOutput
from ..compile.ruleset import CompiledRuleset
from ..core.errors import EvaluationError, FactsError, Location
from ..core.messages import say
from ..core.numbers import div, plain
from ..facts.reading import FactSet, read_facts
from ..model.components import ComponentBase
from ..model.inputs import Positive
from ..results.result import ComponentResult, SubjectResult, TraceEntry
from ..results.runtime import Evaluate, Outcome, Scope, Slot, SubjectFacts, evaluation_error
from ..source.chain import cycle, loading_from, resolve, show
from ..source.strict_yaml import PathKey
from .protocol import KindSpec


class NestedComponent(ComponentBase):
    """嵌套方案：取另一规则集对同一对象的总分，按分值折算（如 县社联评 100 分折合 5 分）。"""

    kind: Literal["nested"] = Field(title="类型")
    points: Positive = Field(title="分值", description="此项满分（大于 0：得分按分值折算）")
    ruleset: str = Field(title="规则集", description="被嵌套规则集的文件路径（相对于本文件）")
    hand_over: Literal["published", "exact"] = Field(
        "published",
        title="交付总分",
        description="published：取被嵌套方案公布的（按其 numbers 舍入后的）总分（默认）；"
        "exact：取其舍入前的精确总分（与 numbers.decide 同词）",
    )


def compile_nested(model: NestedComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    # relative to the file that holds the value (the base file, for a value inherited through `extends`)
    where = ctx.location(path + ("ruleset",))
    current = where.file
    target = resolve(current, model.ruleset)
    loop = cycle(current, target)
    if loop is not None:
        raise ctx.error(say("RS041.nesting_goes_round", show=show(loop)), path + ("ruleset",))
    if not target.is_file():
        raise ctx.error(say("RS040.ruleset_file_looked", ruleset=model.ruleset, target=target), path + ("ruleset",))
    with loading_from(current):
        nested = ctx.load_ruleset(target)
    ctx.nested.append(nested)
    full = nested.model.points
    if full is None or full <= 0:
        shown = say("phrase.no_full_marks") if full is None else say("phrase.points_of", points=plain(full))
        raise ctx.error(say("RS040.nested_ruleset_cannot", id=nested.id, shown=shown), path + ("ruleset",))
    exact = model.hand_over == "exact"
    if exact and nested.model.numbers.round_at == "components":
        raise ctx.no_effect(say("RS053.hand_over_components", id=nested.id), path + ("hand_over",))
    points = model.points

    slot: Slot[SubjectResult] = Slot(trace_path)  # each subject's result in the nested ruleset

    def prepare(given: PopulationInput) -> PopulationOutput:
        facts = _facts_for(nested, given, trace_path)
        result = given.score(nested, facts, encoding=given.encoding)
        by_id = {s.id: s for s in result.subjects}
        missing = [s.id for s in given.subjects if s.id not in by_id]
        if missing:
            subject_table = nested.model.inputs.subjects.table
            said = say("FA019.nested", subjects=missing, ruleset=nested.id, table=subject_table, at=where)
            raise FactsError(say("phrase.at_component", path=trace_path, message=said),
                             Location(file=facts.tables[subject_table].source), code="FA019")
        for subject in given.subjects:
            subject.put(slot, by_id[subject.id])
        return PopulationOutput(
            void=list(result.void),
            inputs=list(result.inputs),
            warnings=[f"{nested.id}: {w}" for w in result.warnings],
        )

    ctx.population.append(prepare)
    label = f"{nested.model.name}总分"
    exact_label = f"{label}精确值"

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        inner = subject.prepared(slot)
        if inner is None:
            raise evaluation_error(subject, trace_path, say("EV007.nested"))
        children = tuple(_under(trace_path, c) for c in inner.components)
        if inner.total is None:
            return Outcome(None, f"{label}: 无总分", notes=("被嵌套方案无总分",), children=children)
        version = ("规则集", f"{nested.id} {nested.model.version}")
        if exact and inner.exact_total is not None:
            # the total before the nested ruleset's rounding; its published total shown beside it
            value = div(inner.exact_total * points, full)
            formula = f"{exact_label} {plain(inner.exact_total)} / {plain(full)} × {plain(points)} = {plain(value)}"
            both = ((exact_label, plain(inner.exact_total)), (label, plain(inner.total)), version)
            return Outcome(value, formula, both, children=children)
        value = div(inner.total * points, full)
        formula = f"{label} {plain(inner.total)} / {plain(full)} × {plain(points)} = {plain(value)}"
        inputs = ((label, plain(inner.total)), version)
        return Outcome(value, formula, inputs, children=children)

    return evaluate


def _facts_for(nested: CompiledRuleset, given: PopulationInput, trace_path: str) -> FactSet:
    """The nested ruleset's tables: those already read when they are declared alike, else read anew."""
    tables = given.facts.tables
    if all(spec.id in tables and tables[spec.id].spec == spec for spec in nested.tables):
        chosen = {spec.id: tables[spec.id] for spec in nested.tables}
        names = {data.source for data in chosen.values()}
        inputs = [(n, sha) for n, sha in given.facts.inputs if any(s.endswith(n) for s in names)]
        return FactSet(chosen, inputs)
    if given.source is None:
        said = say("EV007.fact_set", ruleset=nested.id, tables=[s.id for s in nested.tables])
        raise EvaluationError(say("phrase.at_component", path=trace_path, message=said), code="EV007")
    return read_facts(nested.tables, given.source, given.encoding)


def _under(prefix: str, component: ComponentResult) -> ComponentResult:
    """A nested component result with its trace path put under the outer component.

    The trace is moved only when it is asked for, like every other trace entry.
    """
    return ComponentResult(
        component.id,
        component.name,
        component.max,
        component.points,
        children=tuple(_under(prefix, c) for c in component.children),
        make_trace=partial(_moved, prefix, component),
    )


def _moved(prefix: str, component: ComponentResult) -> TraceEntry:
    trace = component.trace
    return replace(trace, path=f"{prefix}/{trace.path}")


KIND = KindSpec(
    name="nested", label="嵌套方案", model=NestedComponent, compile=compile_nested, role="score",
    labelled_in_reports=False,
)
