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
from typing import TYPE_CHECKING, Any

from ..core.errors import EvaluationError
from ..core.messages import say
from ..core.numbers import CONTEXT
from ..results.packed import TreeShape
from ..results.result import ComponentResult, TraceEntry
from ..results.runtime import Scope, SubjectFacts

if TYPE_CHECKING:
    from ..compile.ruleset import CompiledRuleset


class Rederived:
    """What one subject's deferred trace entries are made from (called: `(position, points)` → entry).

    The subject is scored again once, when the first entry is asked for; the new tree is kept
    while this object is (`Sources` hands out the same one for the last subject asked about).
    """

    __slots__ = ("__weakref__", "_fresh", "_ruleset", "_subject")

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


class Sources:
    """Where the re-derived traces of one scoring's subjects come from: called with a subject, the
    `Rederived` last handed out when it is that subject's (its results read again while the first
    are still asked for score it once), else a new one. Held by the packed results' shapes, so the
    last subject asked about (and what its facts reach: a ballot table's columns) lives as long as
    the result does, not longer."""

    __slots__ = ("_last", "_ruleset")

    def __init__(self, ruleset: CompiledRuleset) -> None:
        self._ruleset = ruleset
        self._last: Rederived | None = None

    def __call__(self, subject: SubjectFacts) -> Rederived:
        last = self._last
        if last is not None and last._subject is subject:
            return last
        made = self._last = Rederived(self._ruleset, subject)
        return made


Node = tuple[str, str, Decimal | None, int]


class Packer:
    """Each scored subject's results kept as one tuple (results.packed): the shape of its result
    tree, shared by every subject scored alike, the subject's facts, and the points depth first."""

    __slots__ = ("_last", "_shapes", "_source")

    def __init__(self, ruleset: CompiledRuleset) -> None:
        self._source = Sources(ruleset)
        self._shapes: dict[tuple[tuple[Any, ...], int], TreeShape] = {}
        self._last: TreeShape | None = None

    def pack(self, subject: SubjectFacts, named: tuple[ComponentResult, ...], components: tuple[ComponentResult, ...]) -> tuple[Any, ...]:
        """The packed results of a subject (its named values, then its components, as `evaluate_values`
        and `evaluate_subject` gave them); the subject's fields packed (`SubjectFacts.pack`)."""
        subject.pack()
        shape = self._last
        points: list[Decimal | None] = []
        if shape is not None and len(named) == shape.named:
            at = _fits(named, shape.nodes, 0, points)
            if at >= 0 and _fits(components, shape.nodes, at, points) == len(shape.nodes):
                return (shape, subject, *points)
        points.clear()
        nodes: list[Node] = []
        _flatten(named, nodes, points)
        _flatten(components, nodes, points)
        key = (tuple((i, n, repr(m), c) for i, n, m, c in nodes), len(named))  # repr: 80 and 80.0 differ
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = TreeShape(tuple(nodes), len(named), self._source)
        self._last = shape
        return (shape, subject, *points)


def _fits(results: tuple[ComponentResult, ...], nodes: tuple[Node, ...], at: int, points: list[Decimal | None]) -> int:
    """The position after `results` if they have the nodes from `at` on (their points appended), else -1."""
    for result in results:
        if at >= len(nodes):
            return -1
        component_id, name, most, count = nodes[at]
        children = result.children
        if (component_id != result.id or name != result.name or len(children) != count
                or not (most is result.max or _same(most, result.max))):
            return -1
        points.append(result.points)
        at += 1
        if count:
            at = _fits(children, nodes, at, points)
            if at < 0:
                return -1
    return at


def _same(one: Decimal | None, other: Decimal | None) -> bool:
    """The same number written the same way (80 and 80.0 are not: the outputs show the maximum as written)."""
    return one is not None and other is not None and repr(one) == repr(other)


def _flatten(results: tuple[ComponentResult, ...], nodes: list[Node], points: list[Decimal | None]) -> None:
    for result in results:
        nodes.append((result.id, result.name, result.max, len(result.children)))
        points.append(result.points)
        _flatten(result.children, nodes, points)
