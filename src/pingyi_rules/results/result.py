"""What scoring produces: per-component results with their trace, per-subject results, the whole run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..core.errors import Location, UnknownSubjectError, close_matches
from ..core.messages import say
from ..core.safe_text import visible
from ..core.text import nfkc

STATUS_LABELS = {
    "counted": "计入",
    "capped": "计入（超出上限部分不计）",
    "exempted": "免计",
    "excluded": "统计期外",
    "superseded": "就高不重复",
    "void": "作废",
    "unselected": "未入选，不计",
    "unmatched": "不符合行条件，不计",
    "blank": "取值为空，不计",
    "trimmed": "去高去低，不计",
}


@dataclass(frozen=True, slots=True)
class RowTrace:
    """What became of one input row inside a rule: counted, exempted, excluded, superseded, capped, void,
    unmatched, blank, trimmed (`STATUS_LABELS`)."""

    location: Location
    status: str
    amount: Decimal | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One rule's contribution to one subject: what it read, how it computed, what it gave."""

    path: str  # component ids from the root, joined by '/'
    name: str  # the document's Chinese term
    kind: str
    clause: str | None
    inputs: tuple[tuple[str, Any], ...]  # (field, value as read)
    formula_source: str | Callable[[], str]  # 计算过程; a callable is rendered only when asked for
    points: Decimal | None
    notes: tuple[str, ...] = ()
    rows: tuple[RowTrace, ...] = ()

    @property
    def formula(self) -> str:
        """计算过程: the computation with the subject's numbers substituted."""
        source = self.formula_source
        return source if isinstance(source, str) else source()


class ComponentResult:
    """A component's points for one subject, its children, and its trace entry.

    The trace entry is built when first asked for (`make_trace`): scoring 1M subjects makes
    millions of component results, and most outputs read only their points. Immutable by
    convention (slots, no setters used); equality compares id, name, max, points, trace and
    children.
    """

    __slots__ = ("_make_trace", "_outcome", "_trace", "children", "id", "max", "name", "points")

    def __init__(
        self,
        id: str,
        name: str,
        max: Decimal | None,
        points: Decimal | None,
        trace: TraceEntry | None = None,
        children: tuple[ComponentResult, ...] = (),
        *,
        make_trace: Callable[..., TraceEntry] | None = None,
        outcome: Any = None,
    ) -> None:
        """`make_trace()` builds the trace when first asked for; with `outcome`, `make_trace(outcome, points)`
        (the compile driver's way: two references kept instead of a closure per component)."""
        if trace is None and make_trace is None:
            raise TypeError("ComponentResult needs a trace or make_trace")
        self.id = id
        self.name = name
        self.max = max
        self.points = points
        self.children = children
        self._trace = trace
        self._make_trace = make_trace
        self._outcome = outcome

    @property
    def trace(self) -> TraceEntry:
        """计算过程 of this component for this subject."""
        if self._trace is None:
            assert self._make_trace is not None
            if self._outcome is not None:
                self._trace = self._make_trace(self._outcome, self.points)
            else:
                self._trace = self._make_trace()
            self._make_trace = self._outcome = None
        return self._trace

    @classmethod
    def deferred(
        cls, id: str, name: str, max: Decimal | None, points: Decimal | None, children: tuple[ComponentResult, ...],
        make_trace: Callable[[Any, Decimal | None], TraceEntry], outcome: Any,
    ) -> ComponentResult:
        """`ComponentResult(id, name, max, points, None, children, make_trace=make_trace, outcome=outcome)`,
        made faster (results.packed builds millions)."""
        made = cls.__new__(cls)
        made.id, made.name, made.max, made.points, made.children = id, name, max, points, children
        made._trace, made._make_trace, made._outcome = None, make_trace, outcome
        return made

    def replace(self, **changes: Any) -> ComponentResult:
        """A copy with some fields changed (like dataclasses.replace)."""
        fields: dict[str, Any] = {"id": self.id, "name": self.name, "max": self.max, "points": self.points,
                                  "trace": self.trace, "children": self.children}
        fields.update(changes)
        return ComponentResult(**fields)

    def _key(self) -> tuple[Any, ...]:
        return (self.id, self.name, self.max, self.points, self.trace, self.children)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ComponentResult):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"ComponentResult(id={self.id!r}, name={self.name!r}, max={self.max!r}, points={self.points!r}, "
                f"children={self.children!r})")

    def walk(self) -> Iterator[ComponentResult]:
        """This result and every descendant, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class StageResult:
    """A subject's standing at the end of one stage that selects for the next."""

    id: str
    name: str
    total: Decimal | None  # cumulative, rounded as the ruleset declares; what the selection ranks
    rank: int | None
    selected: bool


@dataclass(frozen=True, slots=True)
class SubjectResult:
    """Everything the ruleset says about one subject; built once by the scoring driver, immutable.

    The lists and the dict are the subject's own and are not changed after it is built; a
    changed copy is made with `dataclasses.replace`.
    """

    id: str
    name: str
    category: str | None
    group: str | None  # the ranking group
    exact_total: Decimal | None
    total: Decimal | None  # rounded as the ruleset declares; what ranks
    components: tuple[ComponentResult, ...]
    rank: int | None = None
    tiers: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    stages: list[StageResult] = field(default_factory=list)
    named: tuple[ComponentResult, ...] = ()  # the named values (`values:`), in order; added to no total
    ranks: dict[str, int | None] = field(default_factory=dict)  # each named ranking (`rankings:`): its rank

    def trace(self) -> Iterator[TraceEntry]:
        """Every trace entry of this subject, depth first: the named values', then the components'."""
        for component in (*self.named, *self.components):
            for node in component.walk():
                yield node.trace

    def component(self, component_id: str) -> ComponentResult:
        """The result of the component or named value with this id (KeyError if none)."""
        return find_component((*self.named, *self.components), component_id)


def find_component(components: Iterable[ComponentResult], component_id: str) -> ComponentResult:
    """The result of the component with this id among these results and their descendants (KeyError if none)."""
    for top in components:
        for node in top.walk():
            if node.id == component_id:
                return node
    raise KeyError(component_id)


@dataclass(frozen=True, slots=True)
class VoidRecord:
    """An input record the ruleset rejected without failing the run (e.g. an off-quota ballot)."""

    table: str
    key: str
    reason: str
    location: Location | None = None
    subjects: tuple[str, ...] = ()  # the subjects its rows belong to, when known (explain lists it under each)
    rows: tuple[int, ...] = ()  # the row numbers it left out, when a table rule voided it


@dataclass(frozen=True, slots=True)
class GateRecord:
    """A gate's decision for one group (`group` None: the whole population)."""

    name: str
    group: str | None
    held: bool
    outcome: str  # what the subjects of the group are told when it does not hold


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of scoring one fact set under one ruleset; immutable, like its subjects."""

    ruleset_id: str
    ruleset_name: str
    ruleset_version: str
    ruleset_sha256: str
    inputs: list[tuple[str, str]]
    subjects: list[SubjectResult]
    places: int
    rounding: str = "half_up"  # the ruleset's numbers.rounding: every published number is rounded so
    void: list[VoidRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    gates: list[GateRecord] = field(default_factory=list)  # every gate's decision for every group; [] without gates

    def subject(self, subject_id: str) -> SubjectResult:
        """The result of one subject, its id normalised as the facts' ids are (`ＺＦ０３` finds `ZF03`).

        An unknown id raises UnknownSubjectError (EV001, also a KeyError) with the close matches.
        """
        wanted = nfkc(subject_id)
        for candidate in (subject_id, wanted):  # exactly as given first (a result built in Python), then normalised
            for subject in self.subjects:
                if subject.id == candidate:
                    return subject
        ids = [s.id for s in self.subjects]
        raise UnknownSubjectError(
            say("EV001", subject=visible(subject_id)), suggestions=[visible(i) for i in close_matches(wanted, ids)]
        )


def ranked_groups(subjects: list[SubjectResult]) -> dict[str | None, list[tuple[SubjectResult, bool]]]:
    """The subjects by ranking group (in the order the facts list the groups), each group by rank
    then id, each with whether another subject of its group shares its rank (并列)."""
    groups: dict[str | None, list[SubjectResult]] = {}
    for subject in subjects:
        groups.setdefault(subject.group, []).append(subject)
    ranked: dict[str | None, list[tuple[SubjectResult, bool]]] = {}
    for group, members in groups.items():
        members.sort(key=lambda s: (s.rank is None, s.rank or 0, s.id))
        shared = Counter(s.rank for s in members if s.rank is not None)
        ranked[group] = [(s, s.rank is not None and shared[s.rank] > 1) for s in members]
    return ranked
