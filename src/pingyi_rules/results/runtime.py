"""What scoring passes between kinds and the driver: a subject's facts, one kind's outcome, the scope."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from ..core.errors import EvaluationError, Location
from ..core.messages import Message, Text, say
from ..facts.reading import Row
from .result import ComponentResult

T = TypeVar("T")


class Slot(Generic[T]):
    """A typed place for what one component works out beyond a single subject: a population
    pass's result per subject (`SubjectFacts.put` / `prepared`), or compile-time state shared by
    the components of one kind (`CompileContext.state`). Slots compare by identity."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Slot({self.name!r})"


@dataclass
class SubjectFacts:
    """One subject's facts: its fields from per-subject tables and its case rows."""

    id: str
    name: str
    category: str | None
    fields: dict[str, Any]
    cells: MutableMapping[str, Location]  # a facts.rows.CellMap when read from tables
    cases: dict[str, list[Row]]
    location: Location
    # What population passes (ballot validity, nested rulesets) worked out for this subject,
    # each in the slot of the component that asked; filled before the subject is scored.
    derived: dict[Slot[Any], Any] = field(default_factory=dict)

    def cell(self, name: str) -> Location:
        """Where a field came from (the subject's row if unknown)."""
        return self.cells.get(name, self.location)

    def put(self, slot: Slot[T], value: T) -> None:
        """Keep what a population pass worked out for this subject."""
        self.derived[slot] = value

    def prepared(self, slot: Slot[T]) -> T | None:
        """What a population pass kept in `slot` for this subject (None if no pass ran)."""
        value: T | None = self.derived.get(slot)
        return value


@dataclass(slots=True)
class Outcome:
    """What a kind handler computes for one subject; the driver adds the where.

    Treat as immutable; not frozen only because a frozen dataclass costs several times more
    to build, and one is built per component per subject.
    """

    points: Decimal | None
    formula: str | Callable[[], str]  # a callable defers the text until an output needs it
    inputs: tuple[tuple[str, Any], ...] | Callable[[], tuple[tuple[str, Any], ...]] = ()  # likewise
    notes: tuple[str, ...] = ()
    children: tuple[ComponentResult, ...] = ()
    rows: tuple[Any, ...] | Callable[[], tuple[Any, ...]] = ()  # a callable: row traces made when asked for



# Scope: component id -> points already computed for this subject (for expressions).
Scope = dict[str, Decimal | None]
Evaluate = Callable[[SubjectFacts, Scope], Outcome]
ComponentEvaluate = Callable[[SubjectFacts, Scope], ComponentResult]


def said_of(problem: Exception) -> Message | Text:
    """What an expression problem says: its Message when it has one (`said`), else its text as written."""
    said = getattr(problem, "said", None)
    if isinstance(said, (Message, Text)):
        return said
    return Text(str(getattr(problem, "message", problem)))


def evaluation_error(
    subject: SubjectFacts, trace_path: str, message: Message, where: Location | None = None, *, code: str | None = None,
) -> EvaluationError:
    """An evaluation error naming the cell (or the subject's row), the subject and the component.

    The code is the message's (`say("EV008…")`), or `code` when the message is a framing phrase.
    """
    said = say("phrase.in_subject", subject=f"{subject.id} {subject.name}", path=trace_path, message=message)
    return EvaluationError(said, where or subject.location, code=code or message.code)
