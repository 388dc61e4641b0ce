"""Top-level `lookups:`: lookup tables whose result is a new field of the subject, decided from the
facts before any component is scored (服务数据量 ≥ 300 → 系数 1.00).

Each is the one lookup table (`hit`, `rows` of `when` → `value`, `empty`) with the rows' conditions
restricted to what the facts alone decide: an interval of one number column
(`{of: 服务数据量, at_least: 100, below: 300}`; `between` and an `equals` number are intervals too),
and a number for each value. A lookup on anything else — a named value, a component, a flag, an
expression — is a [`lookup`](kinds.lookup) in `values:`. The hit policy is compile.lookup_table's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..core.errors import FactsError, Location, RulesetError, close_matches
from ..core.numbers import plain
from ..facts.reading import ColumnSpec, nfkc
from ..facts.rows import CellMap
from ..model import components as m
from ..results.runtime import SubjectFacts
from ..source.strict_yaml import PathKey
from . import lookup_table as table
from .context import located_error

Locate = Callable[[PathKey], Location]


@dataclass(frozen=True)
class CompiledLookup:
    """The rows as intervals of one field, each with its number, under the declared hit policy."""

    id: str
    column: str  # field name
    spans: tuple[table.Interval, ...]
    values: tuple[Decimal, ...]
    unique: bool
    empty: Literal["error", "blank"] | Decimal

    def apply(self, subject: SubjectFacts) -> None:
        value = subject.fields.get(self.column)
        if value is None:
            subject.fields[self.id] = None
        else:
            assert isinstance(value, Decimal)
            held = table.pick(len(self.spans), lambda i: table.contains(self.spans[i], value), self.unique)
            if held is not None:
                subject.fields[self.id] = self.values[held]
            elif self.empty == "error":
                listing = " ".join(table.describe(span) for span in self.spans)
                raise FactsError(
                    f"{plain(value)} lies in no row of lookup '{self.id}' ({listing})", subject.cell(self.column), code="FA025"
                )
            else:
                subject.fields[self.id] = None if self.empty == "blank" else self.empty
        if isinstance(subject.cells, CellMap):  # located at its input's cell, found when asked for
            subject.cells.alias(self.id, self.column)
        else:
            subject.cells[self.id] = subject.cell(self.column)


_ROW_SHAPE = (
    "a row of a lookups entry is an interval of one number column with a number, such as "
    "{when: {of: 服务数据量, at_least: 100, below: 300}, value: 0.98}; a lookup on anything else is a lookup in values:"
)


def _check_rows(lookup: m.Lookup, path: PathKey, errors: list[RulesetError], locate: Locate) -> list[table.Interval] | None:
    """The rows as intervals of the one column (a row without `when`: everything), or None after an error."""
    spans: list[table.Interval] = []
    last = len(lookup.rows) - 1
    column = lookup.column()
    for index, row in enumerate(lookup.rows):
        rpath = path + ("rows", index)
        if not isinstance(row.value, Decimal):
            errors.append(located_error(locate, f"the value '{row.value}' is not a number; {_ROW_SHAPE}", rpath + ("value",), code="RS096"))
            return None
        if row.when is None:
            if lookup.hit == "unique" or index != last:
                why = (
                    "under hit: unique every row needs 'when': a row that always holds would hold together with any other"
                    if lookup.hit == "unique" else
                    f"a row without 'when' always holds, so the {last - index} row(s) after it would never be reached; put it last"
                )
                errors.append(located_error(locate, why, rpath, code="RS079"))
                return None
            spans.append(table.EVERYTHING)
            continue
        found = table.interval(row.when)
        if found is None or found[0] != column:
            what = f"on '{row.when.of}', not '{column}'" if found is not None else "not an interval of one column"
            errors.append(located_error(locate, f"row {index + 1} is {what}; {_ROW_SHAPE}", rpath + ("when",), code="RS096"))
            return None
        if table.is_empty(found[1]):
            errors.append(located_error(locate, f"row {index + 1}'s interval {table.describe(found[1])} is empty", rpath + ("when",), code="RS044"))
            return None
        spans.append(found[1])
    conditions = [row.when for row in lookup.rows]
    if lookup.hit == "unique":
        clash = table.clash(conditions)
        if clash is not None:
            earlier, later, name, value = clash
            errors.append(located_error(
                locate, f"rows {earlier + 1} and {later + 1} both hold when '{name}' is {value}; "
                "under hit: unique exactly one row may hold (hit: first takes the first that holds)",
                path + ("rows", later, "when"), code="RS068",
            ))
            return None
    else:
        unreached = table.unreached(conditions)
        if unreached is not None:
            earlier, later = unreached
            errors.append(located_error(
                locate, f"row {later + 1} is never reached: row {earlier + 1} holds wherever it holds, and under hit: first "
                "the first row that holds gives the value; put the narrower row first",
                path + ("rows", later, "when"), code="RS079",
            ))
            return None
    if lookup.rows[last].when is None and "empty" in lookup.model_fields_set:
        errors.append(located_error(locate, "the last row has no 'when' and always holds, so 'empty' is never used", path + ("empty",), code="RS053"))
    return spans


def compile_lookups(
    model: m.Ruleset, fields: dict[str, ColumnSpec], errors: list[RulesetError], locate: Locate
) -> tuple[CompiledLookup, ...]:
    """Check each lookup (its column, its rows' intervals under its hit policy) and declare its result as a field."""
    compiled: list[CompiledLookup] = []
    for index, lookup in enumerate(model.lookups):
        path: PathKey = ("lookups", index)
        name = lookup.column()
        if name is None:
            first = next((i for i, row in enumerate(lookup.rows) if row.when is not None), None)
            where = path + ("rows",) if first is None else path + ("rows", first, "when")
            what = "no row has a condition" if first is None else f"row {first + 1} is not an interval of one column"
            errors.append(located_error(locate, f"{what}; {_ROW_SHAPE}", where, code="RS096"))
            continue
        column = fields.get(nfkc(name))
        if column is None or column.type not in ("count", "decimal"):
            at = path + ("rows", next(i for i, r in enumerate(lookup.rows) if r.when is not None), "when", "of")
            problem = f"unknown column '{name}'" if column is None else f"column '{name}' is {column.type}; expected a number"
            errors.append(located_error(locate, problem, at, close_matches(nfkc(name), fields) if column is None else (), code="RS044"))
            continue
        if lookup.id in fields:
            errors.append(located_error(locate, f"lookup '{lookup.id}' has the name of a column", path + ("id",), code="RS044"))
            continue
        spans = _check_rows(lookup, path, errors, locate)
        if spans is None:
            continue
        fields[lookup.id] = ColumnSpec(header=lookup.id, name=lookup.id, type="decimal")
        values = tuple(row.value for row in lookup.rows if isinstance(row.value, Decimal))
        compiled.append(CompiledLookup(lookup.id, column.name, tuple(spans), values, lookup.hit == "unique", lookup.empty))
    return tuple(compiled)
