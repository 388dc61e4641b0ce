"""The compiled ruleset: the product of loading, ready to score any number of fact sets."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import ValidationError

from ..core.numbers import round_to
from ..facts.reading import ColumnSpec, FactSet, TableSpec
from ..facts.stream import Foldable, foldable_tables
from ..model import components as m
from ..results.decisions import Consequences, Placings, Staged
from ..results.result import ComponentResult, VoidRecord
from ..results.runtime import ComponentEvaluate, Scope, SubjectFacts
from ..source.strict_yaml import PathKey
from .population import PopulationPass

if TYPE_CHECKING:
    from .field_lookups import CompiledLookup


class RankingRules(Protocol):
    """Ranking, vetoes and tiers, compiled (`scoring.outcomes.CompiledOutcomes`)."""

    def decide(
        self,
        subjects: Sequence[SubjectFacts],
        components: Sequence[Sequence[ComponentResult]],
        totals: Sequence[Decimal | None],
        exact: Sequence[Decimal | None] | None = None,
    ) -> Placings: ...


class ConsequenceRules(Protocol):
    """The consequences table, compiled (`scoring.consequences.CompiledConsequences`)."""

    def decide(self, subjects: Sequence[SubjectFacts], ranks: Sequence[int | None]) -> Consequences: ...


class GroupChecks(Protocol):
    """A group check, compiled (`scoring.group_checks.CompiledGroupCheck`)."""

    def check(self, subjects: Sequence[SubjectFacts]) -> None: ...


class StageRules(Protocol):
    """Stages, compiled (`scoring.stages.CompiledStages`)."""

    def score(
        self,
        ruleset: CompiledRuleset,
        subjects: Sequence[SubjectFacts],
        scopes: Sequence[Scope] | None = None,
        named: Sequence[tuple[ComponentResult, ...]] | None = None,
    ) -> Staged: ...


@dataclass(frozen=True)
class CompiledRuleset:
    """A ruleset ready to score any number of fact sets; immutable."""

    model: m.Ruleset
    source: str  # file name (or '<string>')
    sha256: str
    tables: tuple[TableSpec, ...]
    fields: Mapping[str, ColumnSpec]
    evaluators: tuple[ComponentEvaluate, ...]
    outcomes: RankingRules
    population: tuple[PopulationPass, ...] = ()  # in compile order
    consequences: ConsequenceRules | None = None
    nested: tuple[CompiledRuleset, ...] = ()
    lookups: tuple[CompiledLookup, ...] = ()  # derived fields (compile.field_lookups)
    stages: StageRules | None = None  # stages and their selection
    # the group checks (`checks` with `within`, and the distributions), decided before anything is scored
    group_checks: tuple[GroupChecks, ...] = ()
    values: tuple[ComponentEvaluate, ...] = ()  # the named values (`values:`), computed before the tree
    # the tables' own rules (compile.voids.screen): void forms left out of the facts, with their records
    screen: Callable[[FactSet], tuple[FactSet, list[VoidRecord]]] | None = None
    # the sugar nodes written as core components (kinds.sugar), by path: what `pingyi expand` writes
    expansions: Mapping[PathKey, Mapping[str, Any]] = field(default_factory=dict)

    def input_tables(self) -> tuple[TableSpec, ...]:
        """Every table this ruleset reads, its nested rulesets' included (the first declaration of an id wins)."""
        seen: dict[str, TableSpec] = {}
        for spec in (*self.tables, *(t for n in self.nested for t in n.input_tables())):
            seen.setdefault(spec.id, spec)
        return tuple(seen.values())

    @cached_property
    def foldable(self) -> Foldable:
        """The CSV tables that scoring folds as they stream (facts.stream): decided once, from the ruleset
        as its core constructs (each sugar node, and each table a sugar node adds rules to, as its expansion)."""
        if self.expansions:
            try:
                return foldable_tables(_AsCore(self))
            except ValidationError:  # the model written back does not validate: decided on the ruleset as written
                pass
        return foldable_tables(self)

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def places(self) -> int:
        return self.model.numbers.places

    def round(self, value: Decimal) -> Decimal:
        """Round a value as the ruleset declares."""
        return round_to(value, self.model.numbers.places, self.model.numbers.rounding)

    def evaluate_values(self, subject: SubjectFacts, scope: Scope) -> tuple[ComponentResult, ...]:
        """The subject's named values, in order, each put in `scope` for what follows."""
        return tuple([run(subject, scope) for run in self.values])

    def evaluate_subject(self, subject: SubjectFacts, scope: Scope | None = None) -> tuple[ComponentResult, ...]:
        """Score one subject: a pure function of the ruleset and the subject's facts.

        `scope` holds the named values already computed (`evaluate_values`); without it they are
        computed here first (and only the components' results returned)."""
        if scope is None:
            scope = {}
            self.evaluate_values(subject, scope)
        return tuple([run(subject, scope) for run in self.evaluators])


class _AsCore:
    """A compiled ruleset as folding sees it: its model with its expansions in place of the sugar nodes
    and of the tables they add rules to (what `pingyi expand` writes)."""

    def __init__(self, ruleset: CompiledRuleset) -> None:
        self.tables, self.nested = ruleset.tables, ruleset.nested
        data = ruleset.model.model_dump(by_alias=True, exclude_unset=True, warnings=False)
        for path, expansion in ruleset.expansions.items():
            *parents, last = path
            node: Any = data
            for step in parents:
                node = node[step]
            node[last] = dict(expansion)
        self.model = type(ruleset.model).model_validate(data)
