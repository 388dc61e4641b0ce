"""What scoring passes between kinds and the driver: a subject's facts, one kind's outcome, the scope."""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
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


_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}  # the packed subjects' field names, one tuple for all alike


def shared_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """The one tuple of these field names that packed subjects share."""
    shared = _NAMES.get(names)
    if shared is None:
        if len(_NAMES) >= 4096:  # a long-running process scoring many rulesets: start afresh
            _NAMES.clear()
        shared = _NAMES[names] = names
    return shared


class SubjectFacts:
    """One subject's facts: its fields from per-subject tables and its case rows.

    Once scored, the driver packs the fields (`pack`): the values as a tuple, the names as a
    tuple shared by every subject with the same fields — a million subjects' dicts are several
    times their values. Reading `fields` again makes the dict anew (a trace asked for later, a
    condition of a population rule); it is kept until packed again.
    """

    __slots__ = ("_fields", "_names", "_values", "cases", "category", "cells", "derived", "id", "location", "name")

    def __init__(
        self,
        id: str,
        name: str,
        category: str | None,
        fields: dict[str, Any],
        cells: MutableMapping[str, Location],  # a facts.rows.CellMap when read from tables
        cases: dict[str, list[Row]],
        location: Location,
        derived: dict[Slot[Any], Any] | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self.category = category
        self._fields: dict[str, Any] | None = fields
        self._names: tuple[str, ...] = ()
        self._values: tuple[Any, ...] = ()
        self.cells = cells
        self.cases = cases
        self.location = location
        # What population passes (ballot validity, nested rulesets) worked out for this subject,
        # each in the slot of the component that asked; filled before the subject is scored.
        self.derived: dict[Slot[Any], Any] = {} if derived is None else derived

    @property
    def fields(self) -> dict[str, Any]:
        """The subject's fields by name."""
        fields = self._fields
        if fields is None:
            fields = self._fields = dict(zip(self._names, self._values))  # equal lengths, made by pack
        return fields

    @fields.setter
    def fields(self, fields: dict[str, Any]) -> None:
        self._fields = fields

    def pack(self) -> None:
        """Keep the fields as a tuple of values (their names a tuple shared by all alike) until read again."""
        fields = self._fields
        if fields is not None:
            names = tuple(fields)
            self._names = self._names if names == self._names else shared_names(names)
            self._values = tuple(fields.values())
            self._fields = None

    def has_no_fields(self) -> bool:
        """No field yet (a subject before its first table is joined)."""
        return not self._names if self._fields is None else not self._fields

    def packed(self, names: tuple[str, ...], values: tuple[Any, ...]) -> None:
        """The subject's fields are these, packed (`names` as `shared_names` gave them); for a
        subject with no fields yet, which then never makes a dict for them until they are read."""
        self._names, self._values, self._fields = names, values, None

    def has_blank(self, name: str) -> bool:
        """`name` is one of the fields and its value is blank (None); read packed or not."""
        fields = self._fields
        if fields is not None:
            return name in fields and fields[name] is None
        return name in self._names and self._values[self._names.index(name)] is None

    def _key(self) -> tuple[Any, ...]:
        return (self.id, self.name, self.category, self.fields, self.cells, self.cases, self.location, self.derived)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SubjectFacts):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    def __repr__(self) -> str:
        return (f"SubjectFacts(id={self.id!r}, name={self.name!r}, category={self.category!r}, fields={self.fields!r}, "
                f"cells={self.cells!r}, cases={self.cases!r}, location={self.location!r}, derived={self.derived!r})")

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
    suggestions: Iterable[str] = (),
) -> EvaluationError:
    """An evaluation error naming the cell (or the subject's row), the subject and the component.

    The code is the message's (`say("EV008…")`), or `code` when the message is a framing phrase.
    """
    said = say("phrase.in_subject", subject=f"{subject.id} {subject.name}", path=trace_path, message=message)
    return EvaluationError(said, where or subject.location, suggestions=suggestions, code=code or message.code)
