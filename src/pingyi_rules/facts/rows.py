"""Typed rows whose cell locations are built only when asked for (an error, a trace, a report).

A 1M-row table has tens of millions of cells; a `Location` object for each would cost more than
scoring them. A row keeps its sheet row number and a shared `RowPlace` (how to locate a cell of
this table and where each column sits); `row.cells[name]` and `row.location` build the
`Location` on access, identical to the one an eager reader would have made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

from ..core.errors import Location

Locate = Callable[[int, int, "str | None"], Location]


class RowPlace:
    """What every row of one table shares: the locate function and each column's index and header."""

    __slots__ = ("columns", "locate", "subject_at")

    def __init__(self, locate: Locate, columns: dict[str, tuple[int, str]], subject_at: int) -> None:
        self.locate = locate
        self.columns = columns  # column name -> (index in the sheet row, header)
        self.subject_at = subject_at


class PackedPlace(RowPlace):
    """A `RowPlace` for rows kept packed (`PackedRow`): the key column's name and position among
    the columns, the other columns' names in order, and where each of them sits in a row's tuple."""

    __slots__ = ("key", "key_at", "names", "positions")

    def __init__(self, locate: Locate, columns: dict[str, tuple[int, str]], subject_at: int, key: str) -> None:
        super().__init__(locate, columns, subject_at)
        self.key = key
        self.key_at = list(columns).index(key)
        self.names = tuple(name for name in columns if name != key)  # the columns of a row's tuple
        self.positions = {name: at for at, name in enumerate(self.names)}


class _RowCells(Mapping[str, Location]):
    """The cells of one row by column name; each Location made on access."""

    __slots__ = ("_number", "_place")

    def __init__(self, number: int, place: RowPlace) -> None:
        self._number = number
        self._place = place

    def __getitem__(self, name: str) -> Location:
        index, header = self._place.columns[name]
        return self._place.locate(self._number, index, header)

    def __contains__(self, name: object) -> bool:
        return name in self._place.columns

    def __iter__(self) -> Iterator[str]:
        return iter(self._place.columns)

    def __len__(self) -> int:
        return len(self._place.columns)


class Row:
    """One typed row: values by column name, and where each came from.

    `Row(values, cells, location)` with ready Locations still works (tests, generated rows);
    the readers make rows with `Row.placed(values, number, place)`, which locate lazily.
    """

    __slots__ = ("_cells", "_location", "_number", "_place", "values")

    def __init__(self, values: dict[str, Any], cells: Mapping[str, Location], location: Location) -> None:
        self.values = values
        self._cells: Mapping[str, Location] | None = cells
        self._location: Location | None = location
        self._number = 0
        self._place: RowPlace | None = None

    @classmethod
    def placed(cls, values: dict[str, Any], number: int, place: RowPlace) -> Row:
        row = cls.__new__(cls)
        row.values = values
        row._cells = None
        row._location = None
        row._number = number
        row._place = place
        return row

    def value(self, name: str) -> Any:
        """The value of one column (KeyError if the row has none)."""
        return self.values[name]

    def with_values(self, values: dict[str, Any]) -> Row:
        """The same row (its number, place and cell locations) holding other values."""
        if self._place is None:
            return Row(values, self.cells, self.location)
        return Row.placed(values, self._number, self._place)

    @property
    def cells(self) -> Mapping[str, Location]:
        if self._cells is None:
            assert self._place is not None
            self._cells = _RowCells(self._number, self._place)
        return self._cells

    @property
    def number(self) -> int:
        """The row's number in its file or sheet (0 when not known)."""
        return self._number if self._place is not None else (self.location.row or 0)

    @property
    def location(self) -> Location:
        if self._location is None:
            assert self._place is not None
            self._location = self._place.locate(self._number, self._place.subject_at, None)
        return self._location

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Row):
            return NotImplemented
        return (self.values, dict(self.cells), self.location) == (other.values, dict(other.cells), other.location)

    __hash__ = None  # type: ignore[assignment]  # mutable: equal rows, but no hash

    def __repr__(self) -> str:
        return f"Row(values={self.values!r}, location={self.location!r})"


class PackedRow(Row):
    """A typed row of a per-subject table kept as a tuple: the key column's value, and the other
    columns' values in column order (`packed`, which the subject's fields take as they are; see
    SubjectFacts.packed). `values` makes the dict of every column each time it is read."""

    __slots__ = ("key", "packed")
    _place: PackedPlace

    def __init__(self, key: Any, packed: tuple[Any, ...], number: int, place: PackedPlace) -> None:
        self.key = key
        self.packed = packed
        self._cells = None
        self._location = None
        self._number = number
        self._place = place

    @property
    def values(self) -> dict[str, Any]:  # type: ignore[override]
        """Every column's value by name, in column order (a new dict each time)."""
        place = self._place
        pairs = list(zip(place.names, self.packed))
        pairs.insert(place.key_at, (place.key, self.key))
        return dict(pairs)

    def value(self, name: str) -> Any:
        place = self._place
        return self.key if name == place.key else self.packed[place.positions[name]]

    def __repr__(self) -> str:
        return f"Row(values={self.values!r}, location={self.location!r})"


class CellMap(MutableMapping[str, Location]):
    """A subject's field locations: the rows its fields came from, resolved on access.

    Joining a table adds the row once (`add_row`) instead of a Location per field; a later
    row or an explicit assignment wins, as in a plain dict filled field by field.
    """

    __slots__ = ("_aliases", "_home", "_own", "_rows")

    def __init__(self, home: Row | None = None) -> None:
        self._own: dict[str, Location] = {}
        self._rows: list[tuple[Row, str]] = []  # (row, the key column not copied as a field)
        self._aliases: dict[str, str] = {}  # a derived field -> the field whose cell it reports
        self._home = home  # the subject's own row: where a field of unknown origin is reported

    @property
    def home(self) -> Row | None:
        """The subject's own row (None if not given)."""
        return self._home

    def add_row(self, row: Row, skip: str) -> None:
        self._rows.append((row, skip))
        if self._own or self._aliases:  # a later row's column replaces an earlier assignment
            for name in row.cells:
                if name != skip:
                    self._own.pop(name, None)
                    self._aliases.pop(name, None)

    def alias(self, name: str, target: str) -> None:
        """`name` is located where `target` is, else at the subject's row (a lookup's value)."""
        self._own.pop(name, None)
        self._aliases[name] = target

    def _row_for(self, name: str) -> Row | None:
        for row, skip in reversed(self._rows):
            place = row._place
            if name != skip and (name in place.columns if place is not None else name in row.cells):
                return row
        return None

    def __getitem__(self, name: str) -> Location:
        if name in self._own:
            return self._own[name]
        if name in self._aliases:
            target = self._aliases[name]
            if target in self:
                return self[target]
            if self._home is None:
                raise KeyError(name)
            return self._home.location
        row = self._row_for(name)
        if row is None:
            raise KeyError(name)
        return row.cells[name]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (
            name in self._own or name in self._aliases or self._row_for(name) is not None
        )

    def __setitem__(self, name: str, location: Location) -> None:
        self._aliases.pop(name, None)
        self._own[name] = location

    def __delitem__(self, name: str) -> None:
        if name in self._own:
            del self._own[name]
        elif name in self._aliases:
            del self._aliases[name]
        else:
            raise KeyError(name)

    def _names(self) -> dict[str, None]:
        names: dict[str, None] = {}
        for row, skip in self._rows:
            names.update((n, None) for n in row.cells if n != skip)
        names.update((n, None) for n in self._aliases)
        names.update((n, None) for n in self._own)
        return names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())
