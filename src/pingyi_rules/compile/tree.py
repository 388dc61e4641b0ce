"""Compile a validated ruleset model into evaluators: names resolved, sums checked, once.

The driver here knows *where* each component is; the kind handlers in `_kinds`
only know how to score their own node.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..model import components as m
from ..core.errors import EvaluationError, FactsError, Location, RulesetError, close_matches
from ..facts.reading import NO, YES, ColumnSpec, Row, TableSpec, nfkc, type_cell
from ..core.numbers import plain, round_to
from ..results.result import ComponentResult, TraceEntry
from ..source.strict_yaml import Document, PathKey, format_path, literal_number

if TYPE_CHECKING:
    from ..compile.joins import CompiledLookup
    from ..scoring.outcomes import CompiledOutcomes
    from ..scoring.stages import CompiledStages


@dataclass
class SubjectFacts:
    """One subject's facts: its fields from per-subject tables and its case rows."""

    id: str
    name: str
    category: str | None
    fields: dict[str, Any]
    cells: MutableMapping[str, Location]  # a _rows.CellMap when read from tables
    cases: dict[str, list[Row]]
    location: Location
    # What population passes (ballot validity, nested rulesets) worked out for this subject,
    # by the trace path of the component that asked; filled before the subject is scored.
    derived: dict[str, Any] = field(default_factory=dict)

    def cell(self, name: str) -> Location:
        """Where a field came from (the subject's row if unknown)."""
        return self.cells.get(name, self.location)


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


class ChildFailed(Exception):
    """A child failed to compile; its error is already recorded in the context."""


# Real schemes nest 3–4 levels; a deeper tree is a mistake (or an attack on the stack).
MAX_COMPONENT_DEPTH = 12

# Scope: component id -> points already computed for this subject (for expressions).
Scope = dict[str, Decimal | None]
Evaluate = Callable[[SubjectFacts, Scope], Outcome]
ComponentEvaluate = Callable[[SubjectFacts, Scope], ComponentResult]


@dataclass
class CompileContext:
    """What handlers may ask while compiling: fields, scales, sub-components, error reporting."""

    model: m.Ruleset
    document: Document
    fields: dict[str, ColumnSpec]
    scales: dict[str, m.Scale]
    tables: dict[str, TableSpec] = field(default_factory=dict)
    errors: list[RulesetError] = field(default_factory=list)
    seen_ids: dict[str, PathKey] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # component ids in evaluation order
    # Population passes: run once per scoring over all subjects before any is scored (see _population).
    population: list[Any] = field(default_factory=list)
    # Scratch space for kinds that must see each other at compile time (e.g. ballots on one table).
    shared: dict[str, Any] = field(default_factory=dict)
    nested: list[CompiledRuleset] = field(default_factory=list)  # rulesets this one scores inside itself
    weighted_children: set[PathKey] = field(default_factory=set)  # paths of the children of weighted components

    def location(self, path: PathKey) -> Location:
        return self.document.location(path)

    def error(
        self, message: str, path: PathKey, suggestions: list[str] | None = None, *, code: str | None = None
    ) -> RulesetError:
        return RulesetError(message, self.location(path), suggestions=suggestions or (), code=code)

    def no_effect(self, message: str, path: PathKey) -> RulesetError:
        """A key written where it changes nothing (one way to say one thing)."""
        return self.error(message, path, code="RS053")

    def field(self, name: str, path: PathKey, types: tuple[str, ...] | None = None) -> ColumnSpec:
        """The declared column `name`, or a RulesetError with suggestions."""
        spec = self.fields.get(nfkc(name))
        if spec is None:
            raise self.error(
                f"unknown column '{name}'", path, close_matches(nfkc(name), self.fields), code="RS020"
            )
        self._check_type(spec, name, path, types)
        return spec

    def _check_type(self, spec: ColumnSpec, name: str, path: PathKey, types: tuple[str, ...] | None) -> None:
        if types is not None and spec.type not in types:
            raise self.error(
                f"column '{name}' is {spec.type}; expected {' or '.join(types)}", path, code="RS021"
            )

    def table(self, table_id: str, path: PathKey, rows: str | None = None) -> TableSpec:
        """The declared table, or a RulesetError with suggestions."""
        spec = self.tables.get(table_id)
        if spec is None:
            raise self.error(f"unknown table '{table_id}'", path, close_matches(table_id, self.tables), code="RS022")
        if rows is not None and spec.rows != rows:
            raise self.error(f"table '{table_id}' has rows: {spec.rows}; expected rows: {rows}", path, code="RS023")
        return spec

    def table_column(
        self, table: TableSpec, name: str, path: PathKey, types: tuple[str, ...] | None = None
    ) -> ColumnSpec:
        """A column of a given table, found by its name or header."""
        wanted = nfkc(name)
        for spec in table.columns:
            if spec.name == wanted or spec.header == wanted:
                self._check_type(spec, name, path, types)
                return spec
        raise self.error(
            f"table '{table.id}' has no column '{name}'",
            path,
            close_matches(wanted, [c.name for c in table.columns]), code="RS020",
        )

    def scale(self, name: str, path: PathKey) -> m.Scale:
        scale = self.scales.get(name)
        if scale is None:
            raise self.error(f"unknown scale '{name}'", path, close_matches(name, self.scales), code="RS024")
        return scale

    def child(self, model: Any, path: PathKey, parent: str) -> ComponentEvaluate | None:
        """Compile a child component (None if it failed; the error is recorded)."""
        return compile_component(model, path, parent, self)


def compile_component(
    model: Any, path: PathKey, parent: str, ctx: CompileContext
) -> ComponentEvaluate | None:
    """Compile one component with the handler of its kind, and wrap it with its place."""
    from ..kinds.kinds import HANDLERS

    trace_path = f"{parent}/{model.id}" if parent else model.id
    if path.count("components") > MAX_COMPONENT_DEPTH:
        ctx.errors.append(
            ctx.error(f"components are nested deeper than {MAX_COMPONENT_DEPTH} levels", path, code="RS037")
        )
        return None
    if model.id in ctx.seen_ids:
        ctx.errors.append(
            ctx.error(
                f"component id '{model.id}' is used twice (first at {format_path(ctx.seen_ids[model.id])})",
                path + ("id",), code="RS025",
            )
        )
        return None
    ctx.seen_ids[model.id] = path
    if model.weight is not None and path not in ctx.weighted_children:
        ctx.errors.append(
            ctx.no_effect("'weight' counts only in a weighted component; this one's parent adds its children as they are", path + ("weight",))
        )
    if model.outside and path in ctx.weighted_children:
        ctx.errors.append(
            ctx.no_effect("'outside' has no effect in a weighted component: every child counts by its weight", path + ("outside",))
        )
    try:
        evaluate = HANDLERS[model.kind](model, path, trace_path, ctx)
    except ChildFailed:
        return None
    except RulesetError as exc:
        ctx.errors.append(exc)
        return None
    ctx.order.append(model.id)
    numbers = ctx.model.numbers
    round_each = numbers.round == "components"
    component_id, name, points = model.id, model.name, model.points
    where = _TracePlace(trace_path, name, model.kind, model.clause, (model.note,) if model.note else ())

    def run(subject: SubjectFacts, scope: Scope) -> ComponentResult:
        outcome = evaluate(subject, scope)
        value = outcome.points
        if round_each and value is not None:
            value = round_to(value, numbers.places, numbers.rounding)
        scope[component_id] = value
        # the trace entry is built when an output asks (explain, reports, tie-break notes);
        # a partial holds three references where a closure per component held a dozen cells
        return ComponentResult(component_id, name, points, value, None, outcome.children, make_trace=where, outcome=outcome)

    return run


@dataclass(frozen=True)
class _TracePlace:
    """What every trace entry of one component shares."""

    path: str
    name: str
    kind: str
    clause: str | None
    note: tuple[str, ...]

    def __call__(self, outcome: Outcome, value: Decimal | None) -> TraceEntry:
        """The trace entry of one subject's outcome of this component."""
        inputs = outcome.inputs
        return TraceEntry(
            path=self.path,
            name=self.name,
            kind=self.kind,
            clause=self.clause,
            inputs=inputs if isinstance(inputs, tuple) else inputs(),
            formula_source=outcome.formula,
            points=value,
            notes=outcome.notes + self.note,
            rows=outcome.rows if isinstance(outcome.rows, tuple) else outcome.rows(),
        )


def check_children_sum(
    points: Decimal, children: list[Any], path: PathKey, ctx: CompileContext, what: str
) -> None:
    """M1: the children's points (bonus items outside the total excepted) add up to the parent."""
    total = sum((c.points for c in children if not c.outside), Decimal(0))
    if total != points:
        listing = " + ".join(f"{c.id} {c.points}" for c in children if not c.outside)
        ctx.errors.append(
            ctx.error(f"{what} add up to {total} ({listing}), not {points}", path + ("points",), code="RS026")
        )


def check_base(base: Decimal, points: Decimal, path: PathKey, ctx: CompileContext) -> None:
    """A deduction's base may not exceed its points."""
    if base > points:
        raise ctx.error(f"base {plain(base)} is more than the points {plain(points)}", path + ("base",), code="RS032")


def check_caps(caps: Mapping[str, Decimal], groups: set[str], path: PathKey, ctx: CompileContext) -> None:
    """Every capped group is a group some item belongs to."""
    for group in caps:
        if group not in groups:
            raise ctx.error(f"cap for unknown group '{group}'", path + ("caps", group), code="RS033")


def check_groups(items: list[Any], caps: Mapping[str, Decimal], path: PathKey, ctx: CompileContext) -> None:
    """A group exists to be capped: an item's group with no cap changes nothing."""
    for index, item in enumerate(items):
        if item.group is not None and item.group not in caps:
            ctx.errors.append(
                ctx.no_effect(
                    f"group '{item.group}' has no cap in 'caps'; a group only limits what its items count together",
                    path + ("items", index, "group"),
                )
            )


def apply_floor(value: Decimal, floor: Decimal | None) -> tuple[Decimal, str | None]:
    """扣完为止: the value raised to the floor, with the note that says so (None when untouched)."""
    if floor is not None and value < floor:
        return floor, f"扣完为止: {plain(value)} → {plain(floor)}"
    return value, None


# --------------------------------------------------------------------------- the compiled ruleset


@dataclass(frozen=True)
class CompiledRuleset:
    """A ruleset ready to score any number of fact sets; immutable."""

    model: m.Ruleset
    source: str  # file name (or '<string>')
    sha256: str
    tables: tuple[TableSpec, ...]
    fields: Mapping[str, ColumnSpec]
    evaluators: tuple[ComponentEvaluate, ...]
    outcomes: CompiledOutcomes
    population: tuple[Any, ...] = ()  # _population.PopulationPass, in compile order
    consequences: Any = None  # _consequences.CompiledConsequences or None
    nested: tuple[CompiledRuleset, ...] = ()
    lookups: tuple[CompiledLookup, ...] = ()  # derived fields (_joins)
    stages: CompiledStages | None = None  # stages, selection, distributions (_stages)

    def input_tables(self) -> tuple[TableSpec, ...]:
        """Every table this ruleset reads, its nested rulesets' included (the first declaration of an id wins)."""
        seen: dict[str, TableSpec] = {}
        for spec in (*self.tables, *(t for n in self.nested for t in n.input_tables())):
            seen.setdefault(spec.id, spec)
        return tuple(seen.values())

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def places(self) -> int:
        return self.model.numbers.places

    def round(self, value: Decimal) -> Decimal:
        """Round a value as the ruleset declares."""
        return round_to(value, self.model.numbers.places, self.model.numbers.rounding)

    def evaluate_subject(self, subject: SubjectFacts) -> tuple[ComponentResult, ...]:
        """Score one subject: a pure function of the ruleset and the subject's facts."""
        scope: Scope = {}
        return tuple([run(subject, scope) for run in self.evaluators])


def compile_tables(model: m.Ruleset, ctx_errors: list[RulesetError], locate: Callable[[PathKey], Location]) -> tuple[tuple[TableSpec, ...], dict[str, ColumnSpec]]:
    """Compile the input declarations; per-subject columns form the field namespace."""
    tables: list[TableSpec] = []
    fields: dict[str, ColumnSpec] = {}
    field_origin: dict[str, str] = {}
    table_ids: set[str] = set()
    for t_index, table in enumerate(model.inputs.tables):
        t_path: PathKey = ("inputs", "tables", t_index)
        if table.id in table_ids:
            ctx_errors.append(RulesetError(f"table '{table.id}' is declared twice", locate(t_path + ("id",)), code="RS028"))
        table_ids.add(table.id)
        columns: list[ColumnSpec] = []
        headers_seen: set[str] = set()
        subject_header = nfkc((table.key if table.rows == "keyed" else table.subject) or "")
        for c_index, column in enumerate(table.columns):
            headers = [column.header] if column.header is not None else list(column.headers or ())
            for header in headers:
                header_n = nfkc(header)
                name = nfkc(column.name) if column.name else header_n
                if header_n in headers_seen:
                    ctx_errors.append(
                        RulesetError(f"column '{header}' is declared twice", locate(t_path + ("columns", c_index)), code="RS028")
                    )
                headers_seen.add(header_n)
                spec = ColumnSpec(
                    header=header_n,
                    name=name,
                    type=column.type,
                    values=tuple(column.values) if column.values else None,
                    min=column.min,
                    max=column.max,
                    required=column.required,
                )
                if column.default is not None:
                    default = _typed_default(column, header, spec, t_path + ("columns", c_index), ctx_errors, locate)
                    spec = replace(spec, default=default)
                columns.append(spec)
                if table.rows != "cases" and header_n != subject_header:
                    if name in fields and fields[name] != spec:
                        ctx_errors.append(
                            RulesetError(
                                f"column name '{name}' is also declared in table '{field_origin[name]}'; "
                                "give one of them a different 'name'",
                                locate(t_path + ("columns", c_index)), code="RS028",
                            )
                        )
                    fields[name] = spec
                    field_origin[name] = table.id
        if table.optional and table.rows == "cases":
            ctx_errors.append(
                RulesetError(
                    "'optional' has no effect on a cases table: a subject may always have no case rows",
                    locate(t_path + ("optional",)), code="RS053",
                )
            )
        if subject_header not in headers_seen:
            key = "key" if table.rows == "keyed" else "subject"
            ctx_errors.append(
                RulesetError(
                    f"{key} column '{subject_header}' is not among the table's columns",
                    locate(t_path + (key,)),
                    suggestions=close_matches(subject_header, headers_seen), code="RS029",
                )
            )
        tables.append(
            TableSpec(
                id=table.id,
                rows=table.rows,
                subject=subject_header,
                columns=tuple(columns),
                optional=table.optional,
                title=table.title,
                join=nfkc(table.join) if table.join else None,
            )
        )
    subjects = model.inputs.subjects
    s_path: PathKey = ("inputs", "subjects")
    subject_table = next((t for t in tables if t.id == subjects.table), None)
    if subject_table is None:
        ctx_errors.append(
            RulesetError(
                f"unknown table '{subjects.table}'",
                locate(s_path + ("table",)),
                suggestions=close_matches(subjects.table, table_ids), code="RS022",
            )
        )
    else:
        if subject_table.rows != "per_subject":
            ctx_errors.append(RulesetError("the subject table must have one row per subject", locate(s_path + ("table",)), code="RS029"))
        subject_headers = {c.header for c in subject_table.columns}
        for key in ("id", "name", "category"):
            header = getattr(subjects, key)
            if header is not None and nfkc(header) not in subject_headers:
                ctx_errors.append(
                    RulesetError(
                        f"column '{header}' is not in table '{subjects.table}'",
                        locate(s_path + (key,)),
                        suggestions=close_matches(nfkc(header), subject_headers), code="RS029",
                    )
                )
    return tuple(tables), fields


def _typed_default(
    column: m.Column, header: str, spec: ColumnSpec, path: PathKey, errors: list[RulesetError],
    locate: Callable[[PathKey], Location],
) -> Any:
    """A column's default read as a cell of that column would be: a value it can hold, or an error."""
    if "required" in column.model_fields_set and not column.required:
        errors.append(
            RulesetError(
                "'required: false' has no effect with a 'default': a blank cell takes the default",
                locate(path + ("required",)), code="RS053",
            )
        )
    raw = column.default
    if column.type in ("count", "decimal"):
        number = literal_number(raw)
        if number is None:
            shown = str(raw).lower() if isinstance(raw, bool) else raw
            errors.append(RulesetError(f"'{shown}' is not a number (column '{header}' is {column.type})",
                                       locate(path + ("default",)), code="RS016"))
            return None
        raw = number
    if isinstance(raw, bool):
        text = YES if raw else NO
    elif isinstance(raw, dt.date):
        text = raw.isoformat()
    elif isinstance(raw, (str, int, Decimal)):
        text = str(raw)
    else:
        errors.append(RulesetError(f"default {raw!r} is not a single value", locate(path + ("default",)), code="RS016"))
        return None
    try:
        return type_cell(text, spec, locate(path + ("default",)))
    except FactsError as exc:
        errors.append(RulesetError(f"default {text}: {exc.message}", exc.location, code="RS016"))
        return None


def evaluation_error(
    subject: SubjectFacts, trace_path: str, message: str, where: Location | None = None, *, code: str | None = None
) -> EvaluationError:
    """An evaluation error naming the cell (or the subject's row), the subject and the component."""
    return EvaluationError(f"{subject.id} {subject.name}: {trace_path}: {message}", where or subject.location, code=code)
