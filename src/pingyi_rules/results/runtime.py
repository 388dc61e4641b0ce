"""What scoring passes between kinds and the driver: a subject's facts, one kind's outcome, the scope."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from ..core.errors import EvaluationError, Location
from ..core.messages import Message, Text, say
from ..facts.reading import Row
from ..facts.rows import CellMap
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

    A subject made from its row (`of_row`, the scoring driver's way) keeps only that row: its
    `location`, its `cells` (the row's cells, once its fields are joined from it), and empty
    `cases` and `derived` are made when first read.
    """

    __slots__ = ("_cases", "_cells", "_derived", "_fields", "_location", "_names", "_row", "_values",
                 "category", "id", "name")

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
        # the field locations: a mapping; or, made from the subject's row (`of_row`), None until
        # read, or the name of the row's key column once the fields were joined from that row
        self._cells: MutableMapping[str, Location] | str | None = cells
        self._cases: dict[str, list[Row]] | None = cases
        self._location: Location | None = location
        self._row: Row | None = None
        # What population passes (ballot validity, nested rulesets) worked out for this subject,
        # each in the slot of the component that asked; filled before the subject is scored.
        self._derived: dict[Slot[Any], Any] | None = derived

    @classmethod
    def of_row(cls, id: str, name: str, category: str | None, row: Row) -> SubjectFacts:
        """A subject with no fields yet, located at its row of the subject table."""
        subject = cls.__new__(cls)
        subject.id, subject.name, subject.category = id, name, category
        subject._fields, subject._names, subject._values = {}, (), ()
        subject._cells = subject._cases = subject._location = subject._derived = None
        subject._row = row
        return subject

    @property
    def location(self) -> Location:
        """The subject's row of the subject table."""
        location = self._location
        if location is None:
            assert self._row is not None
            location = self._row.location
        return location

    @location.setter
    def location(self, location: Location) -> None:
        self._location = location

    @property
    def cells(self) -> MutableMapping[str, Location]:
        """Where each field came from."""
        cells = self._cells
        if cells is None or type(cells) is str:
            built = CellMap(self._row)
            if cells is not None:
                assert self._row is not None
                built.add_row(self._row, cells)
            cells = self._cells = built
        assert not isinstance(cells, str)
        return cells

    @cells.setter
    def cells(self, cells: MutableMapping[str, Location]) -> None:
        self._cells = cells

    def joined_own_row(self, row: Row, key: str) -> bool:
        """Record that the fields (but `key`) came from `row`, without a cell map while nothing
        asks for one, when `row` is the subject's own; False (nothing recorded) when not."""
        if row is not self._row or self._cells is not None:
            return False
        self._cells = key
        return True

    @property
    def home_row(self) -> Row | None:
        """The subject's row of the subject table, for a subject made from it (`of_row`)."""
        return self._row

    @property
    def cases(self) -> dict[str, list[Row]]:
        """The subject's rows of each cases table."""
        cases = self._cases
        if cases is None:
            cases = self._cases = {}
        return cases

    @cases.setter
    def cases(self, cases: dict[str, list[Row]]) -> None:
        self._cases = cases

    @property
    def derived(self) -> dict[Slot[Any], Any]:
        """What population passes worked out for this subject, by slot."""
        derived = self._derived
        if derived is None:
            derived = self._derived = {}
        return derived

    @derived.setter
    def derived(self, derived: dict[Slot[Any], Any]) -> None:
        self._derived = derived

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
            values = tuple(fields.values())
            if names != self._names:
                self._names = shared_names(names)
                self._values = values
            elif len(values) != len(self._values) or not all(map(operator.is_, values, self._values)):
                self._values = values  # else the same values: the tuple already kept stays (it may be shared)
            self._fields = None

    def has_no_fields(self) -> bool:
        """No field yet (a subject before its first table is joined)."""
        return not self._names if self._fields is None else not self._fields

    def packed(self, names: tuple[str, ...], values: tuple[Any, ...]) -> None:
        """The subject's fields are these, packed (`names` as `shared_names` gave them); for a
        subject with no fields yet, which then never makes a dict for them until they are read."""
        self._names, self._values, self._fields = names, values, None

    def get(self, name: str) -> Any:
        """One field's value (None if the subject has no such field), read packed or not: a rule that
        reads a field of every subject (a ranking group, a tier condition) makes no dict for it."""
        fields = self._fields
        if fields is not None:
            return fields.get(name)
        names = self._names
        return self._values[names.index(name)] if name in names else None

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
        derived = self._derived
        value: T | None = None if derived is None else derived.get(slot)
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
    notes: tuple[str, ...] | Callable[[], tuple[str, ...]] = ()  # likewise
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
