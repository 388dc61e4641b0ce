"""Subject fields that come from elsewhere: parent-level (keyed) tables and banded lookups.

A `rows: keyed` table has one row per key (a 主管单位); each subject whose
`join` field holds that key gets the row's columns as its own fields. A lookup
turns a numeric field into a value by bands whose ends are declared open or
closed (服务数据量 ≥ 300 → 1.00). Both run once per fact set, before scoring.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..core.errors import FactsError, FactsErrors, Location, RulesetError, close_matches
from ..core.numbers import plain
from ..facts.reading import ColumnSpec, FactSet, Row, TableSpec, nfkc
from ..facts.rows import CellMap
from ..model import components as m
from ..results.runtime import SubjectFacts
from ..source.strict_yaml import PathKey
from .context import located_error

Locate = Callable[[PathKey], Location]


# --------------------------------------------------------------------------- keyed tables


def check_keyed(model: m.Ruleset, tables: Iterable[TableSpec], errors: list[RulesetError], locate: Locate) -> None:
    """A keyed table's `join` must be a field of a per-subject table."""
    specs = {t.id: t for t in tables}
    per_subject = {c.name for t in specs.values() if t.rows == "per_subject" for c in t.columns}
    per_subject |= {t.subject for t in specs.values() if t.rows == "per_subject"}
    for index, table in enumerate(model.inputs.tables):
        spec = specs.get(table.id)
        if spec is None or spec.rows != "keyed" or spec.join is None:
            continue
        if spec.join not in per_subject:
            errors.append(
                located_error(
                    locate, f"join column '{table.join}' is not a column of a per_subject table",
                    ("inputs", "tables", index, "join"), close_matches(spec.join, per_subject), code="RS044",
                )
            )


def join_keyed(tables: Iterable[TableSpec], facts: FactSet, subjects: Iterable[SubjectFacts]) -> None:
    """Copy each keyed row's columns onto every subject whose join field holds its key."""
    for spec in tables:
        if spec.rows != "keyed" or spec.join is None:
            continue
        key_name = next(c.name for c in spec.columns if c.header == spec.subject)
        rows: dict[str, Row] = {}
        for row in facts.tables[spec.id].rows:
            key = str(row.values[key_name])
            if key in rows:
                raise FactsError(
                    f"key '{key}' appears twice in table '{spec.id}' (first at {rows[key].location})",
                    row.cells[key_name], code="FA017",
                )
            rows[key] = row
        for subject in subjects:
            value = subject.fields.get(spec.join)
            parent = rows.get(str(value)) if value is not None else None
            if parent is None:
                if spec.optional:
                    for column in spec.columns:
                        if column.name != key_name:
                            subject.fields.setdefault(column.name, None)
                    continue
                raise FactsError(
                    f"{subject.id} {subject.name}: no row for '{value}' in table '{spec.id}' "
                    f"(column {spec.subject})",
                    subject.cell(spec.join),
                    suggestions=close_matches(str(value), rows), code="FA019",
                )
            for name, cell in parent.values.items():
                if name != key_name:
                    subject.fields[name] = cell
            add_cells(subject, parent, key_name)


def group_fields(
    model: m.Ruleset, tables: Iterable[TableSpec], fields: Mapping[str, ColumnSpec],
    component_groups: Iterable[tuple[str, str]] = (),
) -> dict[str, str]:
    """Every field that sorts subjects into groups (field name → what it groups, for messages):
    the ranking's `within`, a stage's or distribution's `within`, the consequences' `by`, a keyed
    table's `join`, and what components group by (`component_groups`, as their kinds declare)."""
    wanted: list[tuple[str, str]] = []
    ranking = model.ranking_rules
    if ranking is not None and ranking.within is not None:
        wanted.append((ranking.within, "groups the ranking"))
    wanted += [(stage.within, f"groups stage '{stage.id}'") for stage in model.stages if stage.within is not None]
    wanted += [(dist.within, f"groups distribution '{dist.name}'") for dist in model.distributions]
    wanted += [(gate.within, f"groups gate '{gate.name}'") for gate in model.gates if gate.within is not None]
    if model.consequences is not None and model.consequences.by is not None:
        wanted.append((model.consequences.by, "chooses the consequences"))
    wanted += component_groups
    wanted += [(spec.join, f"joins table '{spec.id}'") for spec in tables if spec.rows == "keyed" and spec.join]
    found: dict[str, str] = {}
    for name, what in wanted:
        key = nfkc(name)
        column = fields.get(key) or next((c for c in fields.values() if c.header == key), None)
        if column is not None:
            found.setdefault(column.name, what)
    return found


def check_group_cells(groups: Mapping[str, str], subjects: Iterable[SubjectFacts]) -> None:
    """A blank cell in a grouping column would make a group of its own (a merged 类别 cell is
    blank below its first row): an error at the cell."""
    problems: list[FactsError] = []
    for subject in subjects:
        for name, what in groups.items():
            if subject.has_blank(name):
                problems.append(
                    FactsError(
                        f"blank, but this column {what}: a blank would form a group of its own "
                        "(a merged cell? give every row its value)",
                        subject.cell(name), code="FA035",
                    )
                )
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise FactsErrors(problems)


def add_cells(subject: SubjectFacts, row: Row, skip: str) -> None:
    """Record that the subject's fields (but `skip`) came from this row's cells."""
    cells = subject.cells
    if isinstance(cells, CellMap):  # lazy: one entry per row, not a Location per field
        cells.add_row(row, skip)
        return
    for name in row.values:
        if name != skip:
            cells[name] = row.cells[name]


# --------------------------------------------------------------------------- banded lookups


@dataclass(frozen=True)
class Interval:
    """One band: lower and upper end (None = unbounded), each open or closed."""

    low: Decimal | None
    low_closed: bool
    high: Decimal | None
    high_closed: bool
    value: Decimal

    def contains(self, x: Decimal) -> bool:
        above_low = self.low is None or x > self.low or (x == self.low and self.low_closed)
        below_high = self.high is None or x < self.high or (x == self.high and self.high_closed)
        return above_low and below_high

    def describe(self) -> str:
        left = "(−∞" if self.low is None else ("[" if self.low_closed else "(") + plain(self.low)
        right = "+∞)" if self.high is None else plain(self.high) + ("]" if self.high_closed else ")")
        return f"{left}, {right}"

    def empty(self) -> bool:
        if self.low is None or self.high is None:
            return False
        return self.low > self.high or (self.low == self.high and not (self.low_closed and self.high_closed))


def overlap(a: Interval, b: Interval) -> bool:
    """True when some number lies in both bands."""
    lows = [(x.low, x.low_closed) for x in (a, b) if x.low is not None]
    highs = [(x.high, x.high_closed) for x in (a, b) if x.high is not None]
    if not lows or not highs:
        return True  # both unbounded below (or above): they share every small (large) number
    # the tighter lower end: the larger one; at equal values an open end is tighter
    low, low_closed = max(lows, key=lambda end: (end[0], not end[1]))
    # the tighter upper end: the smaller one; at equal values an open end is tighter
    high, high_closed = min(highs, key=lambda end: (end[0], end[1]))
    return low < high or (low == high and low_closed and high_closed)


@dataclass(frozen=True)
class CompiledLookup:
    id: str
    column: str  # field name
    bands: tuple[Interval, ...]

    def apply(self, subject: SubjectFacts) -> None:
        value = subject.fields.get(self.column)
        if value is None:
            subject.fields[self.id] = None
        else:
            band = next((b for b in self.bands if b.contains(value)), None)
            if band is None:
                listing = " ".join(b.describe() for b in self.bands)
                raise FactsError(
                    f"{plain(value)} lies in no band of lookup '{self.id}' ({listing})", subject.cell(self.column), code="FA025"
                )
            subject.fields[self.id] = band.value
        if isinstance(subject.cells, CellMap):  # located at its input's cell, found when asked for
            subject.cells.alias(self.id, self.column)
        else:
            subject.cells[self.id] = subject.cell(self.column)


def compile_lookups(
    model: m.Ruleset, fields: dict[str, ColumnSpec], errors: list[RulesetError], locate: Locate
) -> tuple[CompiledLookup, ...]:
    """Check each lookup (its column, non-overlapping bands) and declare its result as a field."""
    compiled: list[CompiledLookup] = []
    for index, lookup in enumerate(model.lookups):
        path: PathKey = ("lookups", index)
        column = fields.get(nfkc(lookup.column))
        if column is None or column.type not in ("count", "decimal"):
            problem = "unknown column" if column is None else f"column '{lookup.column}' is {column.type}; expected a number"
            errors.append(
                located_error(
                    locate, f"{problem} '{lookup.column}'" if column is None else problem, path + ("column",),
                    close_matches(nfkc(lookup.column), fields) if column is None else (), code="RS044",
                )
            )
            continue
        if lookup.id in fields:
            errors.append(located_error(locate, f"lookup '{lookup.id}' has the name of a column", path + ("id",), code="RS044"))
            continue
        bands: list[Interval] = []
        for b_index, band in enumerate(lookup.bands):
            interval = Interval(
                band.at_least if band.at_least is not None else band.above,
                band.at_least is not None,
                band.at_most if band.at_most is not None else band.below,
                band.at_most is not None,
                band.value,
            )
            if interval.empty():
                errors.append(located_error(locate, f"band {interval.describe()} is empty", path + ("bands", b_index), code="RS044"))
            for o_index, other in enumerate(bands):
                if overlap(interval, other):
                    errors.append(
                        located_error(
                            locate, f"band {interval.describe()} overlaps band {o_index + 1} {other.describe()}",
                            path + ("bands", b_index), code="RS044",
                        )
                    )
            bands.append(interval)
        fields[lookup.id] = ColumnSpec(header=lookup.id, name=lookup.id, type="decimal")
        compiled.append(CompiledLookup(lookup.id, column.name, tuple(bands)))
    return tuple(compiled)
