"""The registry of component kinds: one line per kind module, in the order the schema lists them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

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


def walk_models(components: Sequence[Any]) -> Iterator[Any]:
    """Every component model, depth first, into the children each kind declares."""
    for component in components:
        yield component
        yield from walk_models(KINDS[component.kind].child_models(component))
