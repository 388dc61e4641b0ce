"""Trace entries re-derived on demand from the compiled ruleset and the subject's facts.

A scored subject keeps its component results' points; the records their trace entries would be
written from (each kind's outcome: the counts it read, the partial sums, the formula's pieces)
are not kept. The first trace entry of a subject that anything asks for (`explain`, the xlsx
明细 sheet, the html breakdown, a tie-break note, `SubjectResult.trace()`) scores that subject
again — `CompiledRuleset.evaluate_subject` is a pure function of the ruleset and the subject's
facts — and takes the entry from the same place of the new result tree. A million subjects then
keep a few hundred bytes each instead of several kilobytes, and the trace read is the one an
eager run would have kept (tests/scoring/test_rederive.py compares both on every shipped ruleset).
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import TYPE_CHECKING

from ..core.errors import EvaluationError
from ..core.messages import say
from ..core.numbers import CONTEXT
from ..results.result import ComponentResult, TraceEntry
from ..results.runtime import Scope, SubjectFacts

if TYPE_CHECKING:
    from ..compile.ruleset import CompiledRuleset


class Rederived:
    """What one subject's deferred trace entries are made from (called: `(position, points)` → entry).

    The subject is scored again once, when the first entry is asked for; the new tree is kept
    until each deferred result has taken its entry (each drops this object when it has).
    """

    __slots__ = ("_fresh", "_ruleset", "_subject")

    def __init__(self, ruleset: CompiledRuleset, subject: SubjectFacts) -> None:
        self._ruleset = ruleset
        self._subject = subject
        self._fresh: list[ComponentResult] | None = None

    def __call__(self, position: int, points: Decimal | None) -> TraceEntry:
        fresh = self._fresh
        if fresh is None:
            ruleset, subject = self._ruleset, self._subject
            with decimal.localcontext(CONTEXT):  # the arithmetic of scoring, wherever the trace is asked for
                scope: Scope = {}
                tops = ruleset.evaluate_values(subject, scope) + ruleset.evaluate_subject(subject, scope)
            subject.pack()  # as it was kept
            fresh = self._fresh = [node for top in tops for node in top.walk()]
        node = fresh[position] if position < len(fresh) else None
        if node is None or node.points != points:
            subject = self._subject
            if node is None:
                raise EvaluationError(say("EV021.tree", subject=subject.id, name=subject.name), subject.location)
            raise EvaluationError(
                say("EV021.points", subject=subject.id, name=subject.name, points=node.points, component=node.id, expected=points),
                subject.location,
            )
        return node.trace


def defer_traces(
    ruleset: CompiledRuleset,
    subject: SubjectFacts,
    *results: tuple[ComponentResult, ...],
) -> None:
    """Make the trace entries of a subject's results (its named values, then its components, as
    `evaluate_values` and `evaluate_subject` gave them) re-derived on demand, their outcomes
    dropped, and pack the subject's fields (`SubjectFacts.pack`)."""
    subject.pack()
    source = Rederived(ruleset, subject)
    position = 0
    for tops in results:
        for top in tops:
            position = top.defer_trace(source, position)
