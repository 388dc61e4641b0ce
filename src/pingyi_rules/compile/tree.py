"""Compile a validated ruleset model into evaluators: names resolved, sums checked, once.

The driver here knows *where* each component is; the kind handlers in `kinds`
only know how to score their own node.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..core.errors import RulesetError
from ..core.messages import say
from ..core.numbers import round_to
from ..kinds.registry import KINDS
from ..kinds.sugar import Worded
from ..results.result import ComponentResult, TraceEntry
from ..results.runtime import ComponentEvaluate, Outcome, Scope, SubjectFacts
from ..source.strict_yaml import PathKey
from .context import MAX_COMPONENT_DEPTH, ChildFailed, CompileContext


def compile_component(
    model: Any, path: PathKey, parent: str, ctx: CompileContext
) -> ComponentEvaluate | None:
    """Compile one component with the handler of its kind, and wrap it with its place."""
    trace_path = f"{parent}/{model.id}" if parent else model.id
    if path.count("components") > MAX_COMPONENT_DEPTH:
        ctx.errors.append(
            ctx.error(say("RS037", MAX_COMPONENT_DEPTH=MAX_COMPONENT_DEPTH), path)
        )
        return None
    if model.id in ctx.seen_ids:
        ctx.errors.append(
            ctx.error(
                say("RS025", id=model.id, path=ctx.location(ctx.seen_ids[model.id]).path),
                path + ("id",),
            )
        )
        return None
    ctx.seen_ids[model.id] = path
    if len(path) == 2 and path[0] == "values":
        _check_value_keys(model, path, ctx)
    elif model.weight is not None and path not in ctx.weighted_children:
        ctx.errors.append(
            ctx.no_effect(say("RS053.weight_counts_only"), path + ("weight",))
        )
    if model.outside and path in ctx.weighted_children:
        ctx.errors.append(
            ctx.no_effect(say("RS053.outside_effect_weighted"), path + ("outside",))
        )
    try:
        evaluate = KINDS[model.kind].compile(model, path, trace_path, ctx)
    except ChildFailed:
        ctx.order.append(model.id)  # known to what follows: its error is said once, where it is
        return None
    except RulesetError as exc:
        ctx.errors.append(exc)
        ctx.order.append(model.id)
        return None
    ctx.order.append(model.id)
    numbers = ctx.model.numbers
    round_each = numbers.round_at == "components"
    component_id, name, points = model.id, model.name, model.points
    where = _TracePlace(trace_path, name, model.kind, model.clause, (model.note,) if model.note else ())

    trace_place: Any = where
    worded = isinstance(evaluate, Worded)
    if isinstance(evaluate, Worded):  # a sugar node: its core construct computes, the sugar words the trace entry when one is made
        trace_place = _WordedPlace(where, evaluate)
        evaluate = evaluate.evaluate

    def run(subject: SubjectFacts, scope: Scope) -> ComponentResult:
        outcome = evaluate(subject, scope)
        value = outcome.points
        if round_each and value is not None:
            value = round_to(value, numbers.places, numbers.rounding)
        scope[component_id] = value
        # the trace entry is built when an output asks (explain, reports, tie-break notes);
        # a partial holds three references where a closure per component held a dozen cells
        return ComponentResult(
            component_id, name, points, value, None, outcome.children, make_trace=trace_place,
            outcome=(outcome, subject) if worded else outcome,
        )

    return run


def compile_values(model: Any, ctx: CompileContext) -> tuple[ComponentEvaluate, ...]:
    """The top-level `values:`, compiled in order before the component tree (so the tree's
    expressions may use them); a value's id may not also name a consequence value, since both
    are published in the unit's `values`."""
    consequence_names: set[str] = set()
    if model.consequences is not None:
        consequence_names.update(model.consequences.otherwise)
        for band in model.consequences.bands:
            consequence_names.update(band.results)
    compiled = []
    for index, value in enumerate(model.values):
        path: PathKey = ("values", index)
        if value.id in consequence_names:
            ctx.errors.append(
                ctx.error(
                    say("RS078", id=value.id),
                    path + ("id",),
                )
            )
        evaluate = compile_component(value, path, "", ctx)
        if evaluate is not None:
            compiled.append(evaluate)
    return tuple(compiled)


def _check_value_keys(model: Any, path: PathKey, ctx: CompileContext) -> None:
    """A named value (`values:`) is added to no total: a weight or `outside` on it would change nothing."""
    for key in ("weight", "outside"):
        if key in model.model_fields_set:
            ctx.errors.append(
                ctx.no_effect(say("RS053.effect_named_value", key=key), path + (key,))
            )


@dataclass(frozen=True)
class _TracePlace:
    """What every trace entry of one component shares."""

    path: str
    name: str
    kind: str
    clause: str | None
    note: tuple[str, ...]

    def __call__(self, outcome: Outcome, value: Decimal | None) -> TraceEntry:
        """The trace entry of one subject's outcome of this component."""
        inputs = outcome.inputs
        return TraceEntry(
            path=self.path,
            name=self.name,
            kind=self.kind,
            clause=self.clause,
            inputs=inputs if isinstance(inputs, tuple) else inputs(),
            formula_source=outcome.formula,
            points=value,
            notes=(outcome.notes if isinstance(outcome.notes, tuple) else outcome.notes()) + self.note,
            rows=outcome.rows if isinstance(outcome.rows, tuple) else outcome.rows(),
        )


@dataclass(frozen=True)
class _WordedPlace:
    """The trace place of a sugar node: the core construct's outcome for a subject, worded by the sugar."""

    place: _TracePlace
    words: Worded

    def __call__(self, computed: tuple[Outcome, SubjectFacts], value: Decimal | None) -> TraceEntry:
        outcome, subject = computed
        return self.place(self.words.word(outcome, subject), value)
