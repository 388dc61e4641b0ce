"""What a component kind declares: the `Kind` protocol every kind module's `KIND` satisfies.

The rest of the program asks the registry (`kinds.registry.KINDS`) instead of matching kind
names: the tree compiler calls `compile`, the reports read `label`, `role` and `children`,
the report walk and the fuzz generators read `child_models`, the docs test reads `name`.

A kind is core (`KindSpec`: its module holds its compile step and its evaluate step) or sugar
(`SugarSpec`: its module holds only its model, its `expand` — the node written as a core
construct — and at most a `phrase` of the trace; the registry makes it a `KindSpec` (`kinds.sugar.sugar_kind`),
whose compile step is `kinds.sugar.compile_sugar`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from ..compile.context import ChildFailed, CompileContext
from ..core.messages import Message
from ..model.components import ComponentBase
from ..results.result import ComponentResult
from ..results.runtime import ComponentEvaluate, Evaluate, Outcome, SubjectFacts
from ..source.strict_yaml import PathKey

Role = Literal["score", "bonus", "deduction", "effect"]
ChildrenReach = Literal["none", "sum", "weighted"]


class CompileStep(Protocol):
    """Compile one node of a kind; return its evaluate step (subject facts, scope → `Outcome`).

    The step knows nothing of where its node sits: `compile.tree.compile_component` attaches the
    path and makes the trace entry from the `Outcome` the evaluate step returns.
    """

    def __call__(self, model: Any, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate: ...


class Kind(Protocol):
    """One component kind, as the rest of the program needs to know it.

    `name`: the `kind:` value. `label`: the Chinese label. `labelled_in_reports`: whether the
    xlsx/html '规则' cells show `label` (otherwise they show `name`). `model`: the pydantic model
    of a node. `compile`: the compile step. `role`: what the reports' 加分 / 扣分 columns count —
    score, bonus (what it gives is added), deduction (what it takes is `base` − points, `base`
    being the declared base or else the points), or `effect` (the node's `effect:` key decides:
    add is a bonus, deduct a deduction); any node declared `outside: true` is a bonus whatever its
    kind. `children`: how the children's points reach this node's points — `sum` (as they are),
    `weighted` (× the child's weight × this node's scale), or `none` (a leaf, or a nested scheme
    whose own components reach this total only through that scheme's rounded total).
    `child_models`: the node's child models (empty for a leaf). `tables`: the ids of the cases
    tables the node reads rows of. `groups`: the columns the node sorts subjects into groups by,
    each with what it groups (a blank cell there is an error, FA035).
    """

    @property
    def name(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def labelled_in_reports(self) -> bool: ...
    @property
    def model(self) -> type[ComponentBase]: ...
    @property
    def compile(self) -> CompileStep: ...
    @property
    def role(self) -> Role: ...
    @property
    def children(self) -> ChildrenReach: ...
    def child_models(self, model: Any) -> Sequence[Any]: ...
    def tables(self, model: Any) -> tuple[str, ...]: ...

    def groups(self, model: Any) -> tuple[tuple[str, Message], ...]: ...


def _no_children(model: Any) -> Sequence[Any]:
    return ()


def _no_tables(model: Any) -> tuple[str, ...]:
    return ()


def _no_groups(model: Any) -> tuple[tuple[str, Message], ...]:
    return ()


@dataclass(frozen=True)
class KindSpec:
    """The usual way a kind module declares its `KIND`: the values, and how to read a node."""

    name: str
    label: str
    model: type[ComponentBase]
    compile: CompileStep
    role: Role
    children: ChildrenReach = "none"
    labelled_in_reports: bool = True
    components: Callable[[Any], Sequence[Any]] = _no_children
    reads: Callable[[Any], tuple[str, ...]] = _no_tables
    grouping: Callable[[Any], tuple[tuple[str, Message], ...]] = _no_groups

    def child_models(self, model: Any) -> Sequence[Any]:
        return self.components(model)

    def tables(self, model: Any) -> tuple[str, ...]:
        return self.reads(model)

    def groups(self, model: Any) -> tuple[tuple[str, Message], ...]:
        return self.grouping(model)


@dataclass(frozen=True)
class Expansion:
    """A sugar node written as a core construct.

    `document`: the core component as YAML data (plain dicts, lists, str, int, Decimal, bool), with
    the sugar node's `id`, `name`, `points`, `clause` and `note`; `pingyi expand` writes it in the
    node's place. `written_at`: where the expansion's keys are written in the sugar node — a path
    inside the expansion (relative to the node) → the path inside the sugar node where what it says
    was written; a path is mapped by its longest prefix listed here, and a path under no listed
    prefix is the sugar node itself. Errors raised while the expansion is compiled are located there.
    `wording`: what the sugar's `phrase` words the trace with, given to it in place of the node's
    model (what the expansion looked up at load: a scale's grade values, the names it chose); None:
    the phrase gets the model. `kept`: prefixes like those of `written_at` under which the rest of
    the path is the same in the node (a condition copied as written: `exempt[0].when.all[1]` is
    `exemptions[0].when.all[1]`); the longest prefix of either map decides.
    """

    document: Mapping[str, Any]
    written_at: Mapping[PathKey, PathKey] = field(default_factory=dict)
    wording: Any = None
    kept: Mapping[PathKey, PathKey] = field(default_factory=dict)


# The expansion of a sugar node: (the node's model, its path, the compile context) → Expansion.
# It may raise the sugar's own load-time errors (ctx.error at the node's keys); it computes nothing per subject.
ExpandStep = Callable[[Any, PathKey, CompileContext], Expansion]
# The wording of a sugar node's trace: (the node's model, or the expansion's `wording` when it has one,
# the core construct's outcome, the subject, whose fields it may name) → the outcome as the sugar words
# it. Only `formula`, `inputs` and `notes` are taken from it: the points, the children and the row
# traces are always the core construct's.
PhraseStep = Callable[[Any, Outcome, SubjectFacts], Outcome]


def _as_computed(model: Any, outcome: Outcome, subject: SubjectFacts) -> Outcome:
    return outcome


@dataclass(frozen=True)
class SugarSpec:
    """How a sugar kind module declares its `KIND`: a model, an expansion to a core construct and
    the phrasing of its trace; the rest as `KindSpec`. It has no compile step of its own: the
    registry makes it a `KindSpec` (`kinds.sugar.sugar_kind`), compiled by `kinds.sugar.compile_sugar` (expand,
    compile the expansion with the core kind's compile step, word the outcome with `phrase`)."""

    name: str
    label: str
    model: type[ComponentBase]
    expand: ExpandStep
    role: Role
    phrase: PhraseStep = _as_computed
    children: ChildrenReach = "none"
    labelled_in_reports: bool = True
    components: Callable[[Any], Sequence[Any]] = _no_children
    reads: Callable[[Any], tuple[str, ...]] = _no_tables
    grouping: Callable[[Any], tuple[tuple[str, Message], ...]] = _no_groups


def components_of(model: Any) -> Sequence[Any]:
    """The `components:` of a node that has children."""
    children: Sequence[Any] = model.components
    return children


def component_ids(components: Any) -> list[str]:
    """The ids of these components and of all their descendants, depth first (the names an expression
    may find in the scope, whether computed before it or later)."""
    ids = []
    for component in components:
        ids.append(component.id)
        ids.extend(component_ids(getattr(component, "components", None) or []))
    return ids


def table_of(model: Any) -> tuple[str, ...]:
    """The `table:` of a node that reads a cases table (none when the key is absent)."""
    table: str | None = getattr(model, "table", None)
    return () if table is None else (table,)


def compile_children(model: Any, path: PathKey, trace_path: str, ctx: CompileContext) -> list[ComponentEvaluate]:
    """Compile a node's children in order; `ChildFailed` when any of them did not compile."""
    compiled = [
        ctx.child(child, path + ("components", i), trace_path) for i, child in enumerate(model.components)
    ]
    if any(c is None for c in compiled):
        raise ChildFailed
    return [c for c in compiled if c is not None]


def no_points(results: tuple[ComponentResult, ...]) -> Outcome:
    """A parent with a child without points has none either: a blank is never read as 0."""
    missing = "、".join(r.name for r in results if r.points is None)
    return Outcome(None, f"{missing} 无得分", notes=(f"无得分（{missing} 无数据）",), children=results)

