"""The registry of component kinds: one line per kind module, in the order the schema lists them."""

from __future__ import annotations

from . import (
    apportion,
    ballots,
    cases,
    deduction,
    expression,
    grade,
    input,
    nested,
    rank_deduction,
    rating,
    sum,
    weighted,
)
from .protocol import Kind

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
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
    )
}


def kind_of(model: object) -> Kind:
    """The registered kind of a component model (by its `kind:` value)."""
    return KINDS[getattr(model, "kind")]  # noqa: B009 - every component model has a kind


def walk_models(components: list[object]) -> list[object]:
    """Every component model, depth first, into the children each kind declares."""
    found: list[object] = []
    for component in components:
        found.append(component)
        found.extend(walk_models(list(kind_of(component).child_models(component))))
    return found
