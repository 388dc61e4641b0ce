"""The registry of component kinds: one line per kind module, in the order the schema lists them.

`CORE` are the kinds that compile and evaluate themselves; `SUGAR` the kinds written as a core
construct (declared as a `protocol.SugarSpec`, held as the `KindSpec` `kinds.sugar.sugar_kind` makes, whose compile
step is `kinds.sugar.compile_sugar`).

From it: `Component`, the discriminated union of the kinds' models (what a `components:` list
holds), with which the parent kinds' models and `model.components.Ruleset` are completed here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import BaseModel, Field

from ..model.components import Ruleset
from . import (
    aggregate,
    apportion,
    ballots,
    cases,
    deduction,
    expression,
    grade,
    input,
    lookup,
    nested,
    rank_deduction,
    rating,
    sum,
    weighted,
)
from .protocol import Kind, KindSpec, SugarSpec
from .sugar import sugar_kind

# every kind module's declaration, in the order the schema lists the kinds
_DECLARED: tuple[KindSpec | SugarSpec, ...] = (
    sum.KIND,
    weighted.KIND,
    rating.KIND,
    deduction.KIND,
    input.KIND,
    expression.KIND,
    cases.KIND,
    ballots.KIND,
    nested.KIND,
    grade.KIND,
    rank_deduction.KIND,
    apportion.KIND,
    aggregate.KIND,
    lookup.KIND,
)
# the core kinds compile and evaluate themselves; a sugar kind is compiled as its expansion, a core component
CORE: dict[str, Kind] = {kind.name: kind for kind in _DECLARED if isinstance(kind, KindSpec)}
SUGAR: dict[str, Kind] = {kind.name: sugar_kind(kind, CORE) for kind in _DECLARED if isinstance(kind, SugarSpec)}
KINDS: dict[str, Kind] = {kind.name: SUGAR[kind.name] if kind.name in SUGAR else CORE[kind.name] for kind in _DECLARED}

# the union of the kinds' models, discriminated by `kind`; mypy reads the same union written out
if TYPE_CHECKING:
    Component = Annotated[
        sum.SumComponent | weighted.WeightedComponent | rating.RatingComponent | deduction.DeductionComponent
        | input.InputComponent | expression.ExpressionComponent | cases.CasesComponent | ballots.BallotsComponent
        | nested.NestedComponent | grade.GradeComponent | rank_deduction.RankDeductionComponent
        | apportion.ApportionComponent | aggregate.AggregateComponent | lookup.LookupComponent,
        Field(discriminator="kind"),
    ]
else:
    Component = Annotated[Union[tuple(kind.model for kind in KINDS.values())], Field(discriminator="kind")]  # noqa: UP007

# the models that name `Component` (a parent kind's `components`, the ruleset's) are completed with it
_NAMING_COMPONENT: tuple[type[BaseModel], ...] = (*(kind.model for kind in KINDS.values()), Ruleset)
for _model in _NAMING_COMPONENT:
    if not _model.__pydantic_complete__:
        _model.model_rebuild(_types_namespace={"Component": Component})


def walk_models(components: Sequence[Any]) -> Iterator[Any]:
    """Every component model, depth first, into the children each kind declares."""
    for component in components:
        yield component
        yield from walk_models(KINDS[component.kind].child_models(component))
