"""A subject's result from its component results (shared by the driver and the stages)."""

from __future__ import annotations

from decimal import Decimal

from ..compile.ruleset import CompiledRuleset
from ..core.numbers import ZERO
from ..results.result import ComponentResult, SubjectResult
from ..results.runtime import SubjectFacts


def subject_result(
    ruleset: CompiledRuleset, subject: SubjectFacts, components: tuple[ComponentResult, ...]
) -> SubjectResult:
    """A subject's result from its component results: the total is their sum, None if any is None."""
    exact_total: Decimal | None = ZERO
    for component in components:
        if component.points is None:
            exact_total = None
            break
        exact_total += component.points  # type: ignore[operator]
    return SubjectResult(
        id=subject.id,
        name=subject.name,
        category=subject.category,
        group=ruleset.outcomes.group_of(subject),
        exact_total=exact_total,
        total=None if exact_total is None else ruleset.round(exact_total),
        components=components,
    )
