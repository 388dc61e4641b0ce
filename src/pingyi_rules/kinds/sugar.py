"""The compile step of every sugar kind: expand the node, compile the expansion as the core kind it
is, word the outcome as the sugar does.

A sugar kind (`protocol.SugarSpec`) computes nothing itself. Its `expand` writes the node as a core
component (`protocol.Expansion`: the YAML data and where its keys are written in the sugar node);
that component is validated by the core kind's model and compiled by the core kind's compile step,
with the context's `written_at` mapping every path of the expansion to the sugar node's own key, so
load-time errors keep the file:line:col of what the author wrote. Per subject the core kind's
evaluate step computes the points, the inputs and the row traces; the sugar's `phrase` only words
the formula, inputs and notes. The expansions are kept (`EXPANSIONS`) for `pingyi expand`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from pydantic import ValidationError

from ..compile.context import CompileContext
from ..core.messages import Text, say
from ..expressions.compiler import usable_name
from ..model.components import ComponentBase
from ..results.runtime import Evaluate, Outcome, Scope, Slot, SubjectFacts
from ..source.strict_yaml import PathKey
from .protocol import Kind, KindSpec, PhraseStep, SugarSpec

# The expansion of every sugar node compiled, by the node's path (the YAML data `pingyi expand` writes).
EXPANSIONS: Slot[dict[PathKey, Mapping[str, Any]]] = Slot("sugar expansions")


def sugar_kind(spec: SugarSpec, core: Mapping[str, Kind]) -> KindSpec:
    """A sugar kind as the registry holds it: its declaration, compiled by `compile_sugar` with the
    core kinds its expansions are written in."""
    return KindSpec(
        name=spec.name, label=spec.label, model=spec.model, compile=partial(compile_sugar, spec, core), role=spec.role,
        children=spec.children, labelled_in_reports=spec.labelled_in_reports, components=spec.components,
        reads=spec.reads, grouping=spec.grouping,
    )


def compile_sugar(
    spec: SugarSpec, core_kinds: Mapping[str, Kind], model: Any, path: PathKey, trace_path: str, ctx: CompileContext
) -> Evaluate:
    """The compile step of every sugar node: expand it, compile the expansion with its core kind."""
    expansion = spec.expand(model, path, ctx)
    document = dict(expansion.document)
    core = core_kinds[document["kind"]]
    try:
        core_model = core.model.model_validate(document)
    except ValidationError as exc:  # the expansion of a valid node is valid: an internal error, located at the node
        raise ctx.error(say("RS103", kind=spec.name, core=core.name, problem=Text(str(exc))), path) from None
    ctx.state(EXPANSIONS, dict)[path] = document
    inner = replace(ctx, written_at=_written_at(path, expansion.written_at, ctx.written_at, expansion.kept))
    wording = model if expansion.wording is None else expansion.wording
    return Worded(core.compile(core_model, path, trace_path, inner), spec.phrase, wording)


def _written_at(
    node: PathKey, mapped: Mapping[PathKey, PathKey], outer: Callable[[PathKey], PathKey] | None,
    kept: Mapping[PathKey, PathKey] | None = None,
) -> Callable[[PathKey], PathKey]:
    """Where a path of the expansion is written: a path inside the node goes to the sugar key its longest
    listed prefix names (the node itself when none does) — followed by the rest of the path when the
    prefix is one of `kept`; a path outside the node is left as it is."""
    listed = [(prefix, at, False) for prefix, at in mapped.items()] + [(prefix, at, True) for prefix, at in (kept or {}).items()]
    prefixes = sorted(listed, key=lambda item: -len(item[0]))
    size = len(node)

    def where(path: PathKey) -> PathKey:
        if path[:size] == node:
            inside = path[size:]
            path = next((node + at + (inside[len(prefix):] if rest else ())
                         for prefix, at, rest in prefixes if inside[: len(prefix)] == prefix), node)
        return path if outer is None else outer(path)

    return where


class Worded:
    """A core construct's evaluate step and how the sugar words its outcome. The compile driver runs
    `evaluate` and keeps the subject with the outcome, so that `word` runs only when a trace entry
    is made (scoring keeps the points; most subjects' traces are never asked for); called itself, it
    is an evaluate step whose outcome is worded at once."""

    __slots__ = ("evaluate", "phrase", "wording")

    def __init__(self, evaluate: Evaluate, phrase: PhraseStep, wording: Any) -> None:
        self.evaluate, self.phrase, self.wording = evaluate, phrase, wording

    def word(self, computed: Outcome, subject: SubjectFacts) -> Outcome:
        """The outcome as the sugar words it: the core's points, children and rows, the sugar's formula, inputs and notes."""
        worded = self.phrase(self.wording, computed, subject)
        return Outcome(computed.points, worded.formula, worded.inputs, worded.notes, computed.children, computed.rows)

    def __call__(self, subject: SubjectFacts, scope: Scope) -> Outcome:
        return self.word(self.evaluate(subject, scope), subject)


def nameable(kind: str, column: str, path: PathKey, ctx: CompileContext) -> None:
    """A column a sugar kind's expansion names in an expression can be named there, else RS104 at `path`."""
    if not usable_name(column):
        raise ctx.error(say("RS104", kind=kind, column=column), path)


def base_keys(model: Any) -> dict[str, Any]:
    """The keys every component has (`id`, `name`, `points`, `clause`, `note`, `weight`, `outside`,
    `monotone`) as written on the sugar node: the expansion carries them unchanged."""
    written = model.model_fields_set & set(ComponentBase.model_fields)
    return {key: getattr(model, key) for key in ComponentBase.model_fields if key in written}
