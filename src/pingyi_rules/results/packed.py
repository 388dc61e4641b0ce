"""Subject results kept compact: each subject's points in one tuple, its component results built when read.

A million subjects' results were six `ComponentResult` objects, a tree of tuples and a handful of
empty lists and dicts each. The scoring driver (scoring.rederive, without stages) keeps instead,
per subject, one tuple: the shape of its result tree (ids, names, maxima, shared by every subject
scored alike), the subject's facts, and the points of every node depth first. `components` and
`named` are built from it each time they are read — a new tuple of new `ComponentResult`s, equal
to the last — and their trace entries re-derived from the facts when asked for (scoring.rederive).
The empty `tiers`, `notes`, `values`, `stages` and `ranks` of such a result are one shared
read-only list or dict (`FrozenList`, `FrozenDict`), as are its tiers (the same few lists repeat).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from decimal import Decimal
from typing import Any, NoReturn, overload

from ..core.numbers import CONTEXT, ZERO
from .result import ComponentResult, SubjectResult, TraceEntry, find_component

# what a subject's deferred trace entries are made from: (subject) -> ((position, points) -> entry)
TraceSource = Callable[[Any], Callable[[int, Decimal | None], TraceEntry]]


def _refuse(*_: Any, **__: Any) -> NoReturn:
    raise TypeError("a scored result's lists and dicts are read-only")


class FrozenList(list[Any]):
    """A list that refuses changes: a scored result's lists (its tiers, notes), shared when empty or alike."""

    __slots__ = ()
    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (list(self),))

    def __copy__(self) -> list[Any]:
        return list(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        import copy

        return [copy.deepcopy(item, memo) for item in self]


class FrozenDict(dict[Any, Any]):
    """A dict that refuses changes: a scored result's empty `values` and `ranks`, one for all."""

    __slots__ = ()
    pop = popitem = clear = update = setdefault = _refuse
    __setitem__ = __delitem__ = __ior__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))

    def __copy__(self) -> dict[Any, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[Any, Any]:
        import copy

        return {copy.deepcopy(key, memo): copy.deepcopy(item, memo) for key, item in self.items()}


EMPTY_LIST = FrozenList()
EMPTY_DICT = FrozenDict()


class TreeShape:
    """What every subject scored alike shares: its result tree's nodes depth first, each
    (id, name, max, number of children), the named values first; and where its deferred trace
    entries come from (`source(subject)`)."""

    __slots__ = ("_backwards", "named", "nodes", "source", "tops")

    def __init__(self, nodes: tuple[tuple[str, str, Decimal | None, int], ...], named: int, source: TraceSource) -> None:
        self.nodes = nodes
        self.named = named  # how many top-level nodes are named values
        self.source = source
        tops: list[int] = []
        position = 0
        while position < len(nodes):  # the top-level nodes: each followed by its whole subtree
            tops.append(position)
            position = _after(nodes, position)
        self.tops = tuple(tops)  # positions of the top-level nodes, the named values' first
        # the nodes last first, each with its place in the packed tuple: a node comes after its children
        self._backwards = tuple((position + 2, *node) for position, node in reversed(list(enumerate(nodes))))

    def build(self, packed: tuple[Any, ...]) -> tuple[tuple[ComponentResult, ...], tuple[ComponentResult, ...]]:
        """(named values, components) of one subject, from its packed tuple (shape, subject, points…)."""
        source = self.source(packed[1])
        made: list[ComponentResult] = []  # the results made so far whose parent is not: the last made last
        pop, push, deferred = made.pop, made.append, ComponentResult.deferred
        children: tuple[ComponentResult, ...]
        for at, component_id, name, most, count in self._backwards:
            if not count:
                children = ()
            elif count == 1:
                children = (pop(),)
            else:
                children = tuple([pop() for _ in range(count)])  # the first child was made last
            push(deferred(component_id, name, most, packed[at], children, source, at - 2))
        made.reverse()
        named = self.named
        if not named:
            return (), tuple(made)
        return tuple(made[:named]), tuple(made[named:])

    def build_named(self, packed: tuple[Any, ...]) -> tuple[ComponentResult, ...]:
        """The named values of one subject (none without building anything when the ruleset has none)."""
        return self.build(packed)[0] if self.named else ()


def _after(nodes: tuple[tuple[str, str, Decimal | None, int], ...], position: int) -> int:
    """The position just after the subtree of the node at `position`."""
    count = nodes[position][3]
    position += 1
    for _ in range(count):
        position = _after(nodes, position)
    return position


def packed_total(packed: tuple[Any, ...]) -> Decimal | None:
    """The sum of a packed subject's top-level components' points (None if one has none), as
    scoring adds them (scoring.subject.exact_total)."""
    shape: TreeShape = packed[0]
    total: Decimal = ZERO
    for position in shape.tops[shape.named:]:
        points = packed[position + 2]
        if points is None:
            return None
        total = CONTEXT.add(total, points)
    return total


class PackedSubjectResult(SubjectResult):
    """A `SubjectResult` whose component results are kept packed (see the module); to any reader
    it is a `SubjectResult` like another (equal to the same result built eagerly, `dataclasses.replace`
    gives a plain one)."""

    __slots__ = ("_packed",)
    _packed: tuple[Any, ...]  # (shape, subject, the points depth first)

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # called with fields only by dataclasses.replace: a changed copy is a plain SubjectResult
        return SubjectResult(*args, **kwargs)

    @classmethod
    def make(
        cls, id: str, name: str, category: str | None, group: str | None, total: Decimal | None,
        packed: tuple[Any, ...], rank: int | None, tiers: list[str], values: dict[str, Any], notes: list[str],
        ranks: dict[str, int | None],
    ) -> PackedSubjectResult:
        made: PackedSubjectResult = object.__new__(cls)
        put = object.__setattr__
        # components, named and exact_total are this class's properties: their slots stay empty
        for field_name, value in (("id", id), ("name", name), ("category", category), ("group", group),
                                  ("total", total), ("rank", rank), ("tiers", tiers), ("values", values),
                                  ("notes", notes), ("stages", EMPTY_LIST), ("ranks", ranks), ("_packed", packed)):
            put(made, field_name, value)
        return made

    @property
    def components(self) -> tuple[ComponentResult, ...]:
        shape: TreeShape = self._packed[0]
        return shape.build(self._packed)[1]

    @property
    def named(self) -> tuple[ComponentResult, ...]:
        shape: TreeShape = self._packed[0]
        return shape.build_named(self._packed)

    @property
    def exact_total(self) -> Decimal | None:
        return packed_total(self._packed)

    def trace(self) -> Iterator[TraceEntry]:
        named, components = self._packed[0].build(self._packed)
        for component in (*named, *components):
            for node in component.walk():
                yield node.trace

    def component(self, component_id: str) -> ComponentResult:
        named, components = self._packed[0].build(self._packed)
        return find_component((*named, *components), component_id)

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in fields(SubjectResult))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SubjectResult):
            return NotImplemented
        return self._fields() == tuple(getattr(other, f.name) for f in fields(SubjectResult))

    __hash__ = SubjectResult.__hash__

    def __repr__(self) -> str:
        return "SubjectResult" + SubjectResult.__repr__(self)[len(type(self).__qualname__):]

    def __reduce__(self) -> tuple[Any, ...]:
        return (SubjectResult, self._fields())


class PackedTops(Sequence[ComponentResult]):
    """One packed subject's top-level results as a ranking rule reads them: built when read, not kept."""

    __slots__ = ("_packed", "_with_named")

    def __init__(self, packed: tuple[Any, ...], with_named: bool) -> None:
        self._packed = packed
        self._with_named = with_named  # the named values first, then the components (else the components only)

    def _tops(self) -> tuple[ComponentResult, ...]:
        named, components = self._packed[0].build(self._packed)
        return named + components if self._with_named else components  # type: ignore[no-any-return]

    @overload
    def __getitem__(self, index: int) -> ComponentResult: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ComponentResult]: ...
    def __getitem__(self, index: int | slice) -> ComponentResult | Sequence[ComponentResult]:
        return self._tops()[index]

    def __len__(self) -> int:
        shape: TreeShape = self._packed[0]
        return len(shape.tops) - (0 if self._with_named else shape.named)

    def __iter__(self) -> Iterator[ComponentResult]:
        return iter(self._tops())


class PackedPopulation(Sequence[Sequence[ComponentResult]]):
    """Every packed subject's top-level results, by position (what the ranking rules read)."""

    __slots__ = ("_packed", "_with_named")

    def __init__(self, packed: Sequence[tuple[Any, ...]], with_named: bool) -> None:
        self._packed = packed
        self._with_named = with_named

    @overload
    def __getitem__(self, index: int) -> Sequence[ComponentResult]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Sequence[ComponentResult]]: ...
    def __getitem__(self, index: int | slice) -> Sequence[ComponentResult] | Sequence[Sequence[ComponentResult]]:
        if isinstance(index, slice):
            return [PackedTops(p, self._with_named) for p in self._packed[index]]
        return PackedTops(self._packed[index], self._with_named)

    def __len__(self) -> int:
        return len(self._packed)


class PackedTotals(Sequence[Decimal | None]):
    """Every packed subject's exact total, by position, each added up when read (not kept)."""

    __slots__ = ("_packed",)

    def __init__(self, packed: Sequence[tuple[Any, ...]]) -> None:
        self._packed = packed

    @overload
    def __getitem__(self, index: int) -> Decimal | None: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Decimal | None]: ...
    def __getitem__(self, index: int | slice) -> Decimal | None | Sequence[Decimal | None]:
        if isinstance(index, slice):
            return [packed_total(p) for p in self._packed[index]]
        return packed_total(self._packed[index])

    def __len__(self) -> int:
        return len(self._packed)

    def __iter__(self) -> Iterator[Decimal | None]:
        return map(packed_total, self._packed)


def frozen_list(items: Iterable[str] | None, alike: dict[tuple[str, ...], FrozenList]) -> FrozenList:
    """A read-only list of these texts, the same object for the same texts (`alike` remembers them)."""
    if not items:
        return EMPTY_LIST
    key = tuple(items)
    shared = alike.get(key)
    if shared is None:
        shared = alike[key] = FrozenList(key)
    return shared
