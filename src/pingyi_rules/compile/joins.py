"""Subject fields that come from elsewhere: parent-level (keyed) tables.

A `layout: keyed` table has one row per key (a 主管单位); each subject whose
`join` field holds that key gets the row's columns as its own fields. It runs
once per fact set, before scoring (as do the top-level lookups, compile.field_lookups).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from ..core.errors import FactsError, FactsErrors, Location, RulesetError, close_matches
from ..core.messages import Message, say
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
                    locate, say("RS044.join_column_column", join=table.join),
                    ("inputs", "tables", index, "join"), close_matches(spec.join, per_subject),
                )
            )


def join_keyed(tables: Iterable[TableSpec], facts: FactSet, subjects: Iterable[SubjectFacts]) -> None:
    """Copy each keyed row's columns onto every subject whose join field holds its key."""
    for spec in tables:
        if spec.rows != "keyed" or spec.join is None:
            continue
        key_name = spec.subject_column
        rows: dict[str, Row] = {}
        for row in facts.tables[spec.id].rows:
            key = str(row.values[key_name])
            if key in rows:
                raise FactsError(say("FA017.key", key=key, table=spec.id, first=rows[key].location), row.cells[key_name])
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
                    say("FA019.keyed", subject=f"{subject.id} {subject.name}", value=value, table=spec.id, column=spec.subject),
                    subject.cell(spec.join), suggestions=close_matches(str(value), rows),
                )
            for name, cell in parent.values.items():
                if name != key_name:
                    subject.fields[name] = cell
            add_cells(subject, parent, key_name)


def group_fields(
    model: m.Ruleset, tables: Iterable[TableSpec], fields: Mapping[str, ColumnSpec],
    component_groups: Iterable[tuple[str, Message]] = (),
) -> dict[str, Message]:
    """Every field that sorts subjects into groups (field name → what it groups, for messages):
    the ranking's `within`, a stage's or distribution's `within`, the consequences' `key`, a keyed
    table's `join`, and what components group by (`component_groups`, as their kinds declare)."""
    wanted: list[tuple[str, Message]] = []
    ranking = model.ranking_rules
    if ranking is not None and ranking.within is not None:
        wanted.append((ranking.within, say("phrase.groups_ranking")))
    wanted += [(stage.within, say("phrase.groups_stage", stage=stage.id)) for stage in model.stages if stage.within is not None]
    wanted += [(dist.within, say("phrase.groups_distribution", name=dist.name)) for dist in model.distributions]
    wanted += [(gate.within, say("phrase.groups_gate", name=gate.name)) for gate in model.gates if gate.within is not None]
    if model.consequences is not None and model.consequences.key is not None:
        wanted.append((model.consequences.key, say("phrase.chooses_consequences")))
    wanted += component_groups
    wanted += [(spec.join, say("phrase.joins_table", table=spec.id)) for spec in tables if spec.rows == "keyed" and spec.join]
    found: dict[str, Message] = {}
    for name, what in wanted:
        key = nfkc(name)
        column = fields.get(key) or next((c for c in fields.values() if c.header == key), None)
        if column is not None:
            found.setdefault(column.name, what)
    return found


def check_group_cells(groups: Mapping[str, Message], subjects: Iterable[SubjectFacts]) -> None:
    """A blank cell in a grouping column would make a group of its own (a merged 类别 cell is
    blank below its first row): an error at the cell."""
    problems: list[FactsError] = []
    for subject in subjects:
        for name, what in groups.items():
            if subject.has_blank(name):
                problems.append(FactsError(say("FA035", what=what), subject.cell(name)))
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
