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
from ..core.messages import say
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
                raise FactsError(say("FA025", value=plain(value), lookup=self.id, rows=listing), subject.cell(self.column))
            else:
                subject.fields[self.id] = None if self.empty == "blank" else self.empty
        if isinstance(subject.cells, CellMap):  # located at its input's cell, found when asked for
            subject.cells.alias(self.id, self.column)
        else:
            subject.cells[self.id] = subject.cell(self.column)


_ROW_SHAPE = say("phrase.lookups_row_shape", example="{when: {of: 服务数据量, at_least: 100, below: 300}, value: 0.98}")


def _check_rows(lookup: m.Lookup, path: PathKey, errors: list[RulesetError], locate: Locate) -> list[table.Interval] | None:
    """The rows as intervals of the one column (a row without `when`: everything), or None after an error."""
    spans: list[table.Interval] = []
    last = len(lookup.rows) - 1
    column = lookup.column()
    for index, row in enumerate(lookup.rows):
        rpath = path + ("rows", index)
        if not isinstance(row.value, Decimal):
            errors.append(located_error(locate, say("RS096.value_not_number", value=row.value, shape=_ROW_SHAPE), rpath + ("value",)))
            return None
        if row.when is None:
            if lookup.hit == "unique" or index != last:
                if lookup.hit == "unique":
                    errors.append(located_error(locate, say("RS079.unique_needs_when"), rpath))
                else:
                    errors.append(located_error(locate, say("RS079.row_without_when", value=last - index), rpath))
                return None
            spans.append(table.EVERYTHING)
            continue
        found = table.interval(row.when)
        if found is None or found[0] != column:
            if found is not None:
                errors.append(located_error(
                    locate, say("RS096.row_on_other", row=index + 1, of=row.when.of, column=column, shape=_ROW_SHAPE), rpath + ("when",)
                ))
            else:
                errors.append(located_error(locate, say("RS096.row_not_interval", row=index + 1, shape=_ROW_SHAPE), rpath + ("when",)))
            return None
        if table.is_empty(found[1]):
            errors.append(located_error(locate, say("RS044.row_interval_empty", row=index + 1, interval=table.describe(found[1])), rpath + ("when",)))
            return None
        spans.append(found[1])
    conditions = [row.when for row in lookup.rows]
    if lookup.hit == "unique":
        clash = table.clash(conditions)
        if clash is not None:
            earlier, later, name, value = clash
            errors.append(located_error(
                locate, say("RS068", value=earlier + 1, value2=later + 1, name=name, value3=value), path + ("rows", later, "when")
            ))
            return None
    else:
        unreached = table.unreached(conditions)
        if unreached is not None:
            earlier, later = unreached
            errors.append(located_error(
                locate, say("RS079.row_never_reached", value=later + 1, value2=earlier + 1), path + ("rows", later, "when")
            ))
            return None
    if lookup.rows[last].when is None and "empty" in lookup.model_fields_set:
        errors.append(located_error(locate, say("RS053.last_row_when"), path + ("empty",)))
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
            if first is None:
                errors.append(located_error(locate, say("RS096.no_condition", shape=_ROW_SHAPE), where))
            else:
                errors.append(located_error(locate, say("RS096.row_not_interval", row=first + 1, shape=_ROW_SHAPE), where))
            continue
        column = fields.get(nfkc(name))
        if column is None or column.type not in ("count", "decimal"):
            at = path + ("rows", next(i for i, r in enumerate(lookup.rows) if r.when is not None), "when", "of")
            if column is None:
                errors.append(located_error(locate, say("RS044.unknown_column", name=name), at, close_matches(nfkc(name), fields)))
            else:
                errors.append(located_error(locate, say("RS044.column_not_number", name=name, type=column.type), at))
            continue
        if lookup.id in fields:
            errors.append(located_error(locate, say("RS044.lookup_name_column", id=lookup.id), path + ("id",)))
            continue
        spans = _check_rows(lookup, path, errors, locate)
        if spans is None:
            continue
        fields[lookup.id] = ColumnSpec(header=lookup.id, name=lookup.id, type="decimal")
        values = tuple(row.value for row in lookup.rows if isinstance(row.value, Decimal))
        compiled.append(CompiledLookup(lookup.id, column.name, tuple(spans), values, lookup.hit == "unique", lookup.empty))
    return tuple(compiled)
