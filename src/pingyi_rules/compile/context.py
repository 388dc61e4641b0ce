"""The compile context: what a kind's compile step may ask (fields, tables, scales, children,
error reporting), and the checks kinds share.

Kinds import this module; the tree compiler, which imports the kinds, hands the context its
`compile_child` function, so a kind compiles its children without importing the tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import Location, RulesetError, close_matches
from ..core.messages import Message, Text, say
from ..core.numbers import ZERO, plain
from ..facts.reading import ColumnSpec, TableSpec, nfkc
from ..model import components as m
from ..results.runtime import ComponentEvaluate, Slot, SubjectFacts, T
from ..source.strict_yaml import Document, PathKey
from .population import PopulationPass

if TYPE_CHECKING:
    from .ruleset import CompiledRuleset

# Compiles one child component in a context: (model, path, parent trace path, context).
CompileChild = Callable[[Any, PathKey, str, "CompileContext"], "ComponentEvaluate | None"]
# Loads and compiles another ruleset file (the loader's `load_ruleset`), for nested rulesets.
LoadRuleset = Callable[[Path], "CompiledRuleset"]
# A condition on a subject decided while the subject is scored, as a test of its facts and the values
# computed so far: (condition, path, context, where it is written) → test. The scoring layer's
# `compile_scored_condition`, handed in by the loader as it hands in `compile_child`.
ScoredCondition = Callable[[SubjectFacts, Mapping[str, "Decimal | None"]], bool]
CompileScoredCondition = Callable[[Any, PathKey, "CompileContext", Message], ScoredCondition]


# The rules a sugar node's expansion adds to a table (compile.voids adds them), by table id and sugar kind:
# each called with the compile context once every component is compiled, giving the table's `form` (a
# column), where that is written (the sugar node's key) and the void rules (YAML data) after the table's own.
AddedRules = Callable[["CompileContext"], tuple[str, PathKey, list[dict[str, Any]]]]
ADDED_RULES: Slot[dict[str, dict[str, AddedRules]]] = Slot("table rules added by sugar nodes")


# `void_detail` written over a table with no void rules of its own, when no sugar node has added rules
# to it yet: table id → the RS053 error, raised by compile.voids only if none adds rules later either
# (a named value, compiled first, may read a ballot table whose rules the ballots nodes add)
VOID_DETAIL_UNSURE: Slot[list[tuple[str, RulesetError]]] = Slot("void_detail on tables that may get added rules")


def adds_rules(ctx: CompileContext, table: str) -> bool:
    """Whether a sugar node's expansion adds void rules to this table."""
    return bool(ctx.state(ADDED_RULES, dict).get(table))


class ChildFailed(Exception):
    """A child failed to compile; its error is already recorded in the context."""


# Real schemes nest 3–4 levels; a deeper tree is a mistake (or an attack on the stack).
MAX_COMPONENT_DEPTH = 12


def located_error(
    locate: Callable[[PathKey], Location], message: str | Message | Text, path: PathKey, suggestions: Iterable[str] | None = None,
    *, code: str | None = None,
) -> RulesetError:
    """The one way a compile error is made: a message at a path in the ruleset document, located there.

    `CompileContext.error` makes every error of a compile step with it; the steps that run before
    the context exists (the input tables) call it with the document's `location`.
    """
    return RulesetError(message, locate(path), suggestions=suggestions or (), code=code)


@dataclass(frozen=True)
class TallyScale:
    """A scale as the kinds that count grades by their values read it: every grade has a value."""

    id: str
    grades: dict[str, Decimal]


@dataclass
class CompileContext:
    """What handlers may ask while compiling: fields, scales, sub-components, error reporting."""

    model: m.Ruleset
    document: Document
    fields: dict[str, ColumnSpec]
    scales: dict[str, m.Scale]
    compile_child: CompileChild  # the tree compiler (compile.tree.compile_component)
    tables: dict[str, TableSpec] = field(default_factory=dict)
    errors: list[RulesetError] = field(default_factory=list)
    seen_ids: dict[str, PathKey] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # component ids in evaluation order
    # Population passes: run once per scoring over all subjects before any is scored (compile.population).
    population: list[PopulationPass] = field(default_factory=list)
    # What the components of one kind must see of each other at compile time (ballots on one
    # table), each in the typed slot that kind declares: see `state`.
    shared: dict[Slot[Any], Any] = field(default_factory=dict)
    nested: list[CompiledRuleset] = field(default_factory=list)  # rulesets this one scores inside itself
    weighted_children: set[PathKey] = field(default_factory=set)  # paths of the children of weighted components
    load_ruleset: LoadRuleset = field(kw_only=True)  # the loader itself, for nested rulesets
    scored_condition: CompileScoredCondition = field(kw_only=True)  # subject conditions inside the tree (a lookup's rows)
    # Where a path of the model being compiled is written in the document: the identity, except while
    # a sugar kind's expansion is compiled (kinds.sugar), whose paths are the sugar node's own keys.
    written_at: Callable[[PathKey], PathKey] | None = field(default=None, kw_only=True)

    def location(self, path: PathKey) -> Location:
        return self.document.location(self.written(path))

    def written(self, path: PathKey) -> PathKey:
        """Where the key at `path` is written in the document (what an error names)."""
        return path if self.written_at is None else self.written_at(path)

    def state(self, slot: Slot[T], make: Callable[[], T]) -> T:
        """The compile-time state kept in `slot` for the whole ruleset (made by `make` on first use)."""
        if slot not in self.shared:
            self.shared[slot] = make()
        value: T = self.shared[slot]
        return value

    def error(
        self, message: str | Message | Text, path: PathKey, suggestions: list[str] | None = None, *, code: str | None = None
    ) -> RulesetError:
        return located_error(self.location, message, path, suggestions, code=code)

    def no_effect(self, message: Message, path: PathKey) -> RulesetError:
        """A key written where it changes nothing (one way to say one thing)."""
        return self.error(message, path, code="RS053")

    def field(self, name: str, path: PathKey, types: tuple[str, ...] | None = None) -> ColumnSpec:
        """The declared column `name`, or a RulesetError with suggestions."""
        spec = self.fields.get(nfkc(name))
        if spec is None:
            raise self.error(
                say("RS020.unknown_column", name=name), path, close_matches(nfkc(name), self.fields)
            )
        self._check_type(spec, name, path, types)
        return spec

    def _check_type(self, spec: ColumnSpec, name: str, path: PathKey, types: tuple[str, ...] | None) -> None:
        if types is not None and spec.type not in types:
            raise self.error(
                say("RS021.column_expected", name=name, type=spec.type, types=say("phrase.or_list", items=list(types[:-1]), last=types[-1]) if len(types) > 1 else types[0]), path
            )

    def table(self, table_id: str, path: PathKey, rows: str | None = None) -> TableSpec:
        """The declared table, or a RulesetError with suggestions."""
        spec = self.tables.get(table_id)
        if spec is None:
            raise self.error(say("RS022", table_id=table_id), path, close_matches(table_id, self.tables))
        if rows is not None and spec.rows != rows:
            raise self.error(say("RS023", table_id=table_id, rows=spec.rows, rows2=rows), path)
        return spec

    def table_column(
        self, table: TableSpec, name: str, path: PathKey, types: tuple[str, ...] | None = None
    ) -> ColumnSpec:
        """A column of a given table, found by its name or header."""
        spec = table.column_named(name)
        if spec is not None:
            self._check_type(spec, name, path, types)
            return spec
        raise self.error(
            say("RS020.table_column", id=table.id, name=name),
            path,
            close_matches(nfkc(name), [c.name for c in table.columns]),
        )

    def scale(self, name: str, path: PathKey) -> TallyScale:
        scale = self.scales.get(name)
        if scale is None:
            raise self.error(say("RS024", name=name), path, close_matches(name, self.scales))
        valueless = [grade for grade, value in scale.grades.items() if value is None]
        if valueless:  # every kind that asks for a scale here counts votes or grades by their values
            raise self.error(
                say("RS067", name=name, valueless=list(valueless)), path,
            )
        return TallyScale(scale.id, {grade: value for grade, value in scale.grades.items() if value is not None})

    def child(self, model: Any, path: PathKey, parent: str) -> ComponentEvaluate | None:
        """Compile a child component (None if it failed; the error is recorded)."""
        return self.compile_child(model, path, parent, self)


def check_children_sum(
    points: Decimal | None, children: list[Any], path: PathKey, ctx: CompileContext, what: Message
) -> None:
    """The children's points (bonus items outside the total excepted) add up to the parent.

    A parent without points has no full marks to add up to: nothing is checked. A parent with
    points whose counted child has none cannot be checked, and says so (RS121)."""
    if points is None:
        return
    pointless = [i for i, c in enumerate(children) if c.points is None and not c.outside]
    for i in pointless:
        ctx.errors.append(ctx.error(say("RS121", what=what, points=plain(points), child=children[i].id), path + ("components", i)))
    if pointless:
        return
    total = sum((c.points for c in children if not c.outside), Decimal(0))
    if total != points:
        listing = " + ".join(f"{c.id} {c.points}" for c in children if not c.outside)
        ctx.errors.append(
            ctx.error(say("RS026", what=what, total=total, listing=listing, points=points), path + ("points",))
        )


def deduction_base(base: Decimal | None, points: Decimal | None, path: PathKey, ctx: CompileContext) -> Decimal:
    """What a deduction takes from: its `base`, else its points; one of them is needed, and the base
    may not exceed the points."""
    if base is None:
        if points is None:
            raise ctx.error(
                say("RS077.deduction_without_points"), path
            )
        return points
    if points is not None:
        check_base(base, points, path, ctx)
    return base


def require_points(points: Decimal | None, path: PathKey, ctx: CompileContext, why: Message) -> Decimal:
    """The points of a component whose kind cannot score without them (`why` says what they are for)."""
    if points is None:
        raise ctx.error(say("RS077.kind_needs_points", why=why), path)
    return points


def check_base(base: Decimal, points: Decimal, path: PathKey, ctx: CompileContext) -> None:
    """A deduction's base may not exceed its points."""
    if base > points:
        raise ctx.error(say("RS032", base=plain(base), points=plain(points)), path + ("base",))


def check_caps(caps: Mapping[str, Decimal], groups: set[str], path: PathKey, ctx: CompileContext) -> None:
    """Every capped group is a group some item belongs to."""
    for group in caps:
        if group not in groups:
            raise ctx.error(say("RS033", group=group), path + ("caps", group))


def check_groups(items: list[Any], caps: Mapping[str, Decimal], path: PathKey, ctx: CompileContext) -> None:
    """A group exists to be capped: an item's group with no cap changes nothing."""
    for index, item in enumerate(items):
        if item.group is not None and item.group not in caps:
            ctx.errors.append(
                ctx.no_effect(
                    say("RS053.group_cap_caps", group=item.group),
                    path + ("items", index, "group"),
                )
            )


class GroupCaps:
    """分组上限 (`caps`): what the items of one group count together is at most the group's cap.

    The one implementation for every kind with grouped items. `take` adds an amount to its group's
    running total and returns the part that still fits and the part cut: a `deduction` passes each
    group's sum once (the cut is the group's excess), `cases` passes each counted row in order (the
    row that crosses the cap is cut, later rows of the group count 0). The totals are the same.
    """

    __slots__ = ("caps",)

    def __init__(self, caps: Mapping[str, Decimal]) -> None:
        self.caps = dict(caps)

    def take(self, group: str | None, amount: Decimal, counted: dict[str, Decimal]) -> tuple[Decimal, Decimal]:
        """(the part of `amount` that counts, the part cut); `counted` holds each capped group's running total."""
        if group is None or group not in self.caps:
            return amount, ZERO
        room = self.caps[group] - counted.get(group, ZERO)
        cut = ZERO
        if amount > room:
            cut = amount - max(room, ZERO)
            amount = max(room, ZERO)
        counted[group] = counted.get(group, ZERO) + amount
        return amount, cut


def compile_caps(caps: Mapping[str, Decimal], items: list[Any], path: PathKey, ctx: CompileContext) -> GroupCaps:
    """The `caps` of a component with grouped items, checked against the groups its items name."""
    check_caps(caps, {item.group for item in items if item.group}, path, ctx)
    check_groups(items, caps, path, ctx)
    return GroupCaps(caps)


def apply_floor(value: Decimal, floor: Decimal | None) -> tuple[Decimal, str | None]:
    """扣完为止: the value raised to the floor, with the note that says so (None when untouched)."""
    if floor is not None and value < floor:
        return floor, f"扣完为止: {plain(value)} → {plain(floor)}"
    return value, None


# --------------------------------------------------------------------------- the compiled ruleset
