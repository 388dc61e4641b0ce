"""Table rules: what a table declares about its own rows, applied to the facts before any subject is joined.

Per table (`inputs.tables[…]`): `unique` (columns that identify a row), `require` (row checks),
and, on a `layout: cases` table, `form` (rows that make one ballot or questionnaire), `dated_by`
(rows outside the ruleset's `period`), the cells of `invalid: void` columns that failed their
check (`facts.tables.TableData.flaws`), and `void` rules. Per form, in this order: a row outside
the period, a failed cell (rows in file order, each row's cells in column order), the void rules
in order; the first reason found voids the whole form (without `form:`, the row alone), which is
then left out of the table (its rows kept aside with the reason, `TableData.voided`, for an
aggregate's `void_detail`) and listed once as a `VoidRecord`, keyed by the form's values (without
`form:`, the row's `unique` values, else its subject and row number). `unique` is checked over every row
read; `require` over the rows that remain. A void rule over forms voids a form when its `form_when`
holds, or when it fails one of its `must_meet` requirements (the reason's `{failed}` listing what
each failed requirement `says`). Forms whose rows hold the same values in every column but the
form's get one verdict from the void rules (`decided_by`): a ballot table of 10⁵ ballots has a few
hundred distinct ones; a void form's reason is still worked out for that form.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Self

from ..compile.conditions import compile_predicate
from ..compile.context import ADDED_RULES, VOID_DETAIL_UNSURE, AddedRules, CompileContext
from ..compile.tables import unknown_placeholders
from ..core.errors import FactsError, FactsErrors, PingyiError, RulesetError
from ..core.messages import Text, say
from ..expressions.compiler import Expression, ExpressionProblem
from ..facts.cells import Month, nfkc, shown
from ..facts.reading import FactSet, Row, TableData, TableSpec
from ..facts.stream import FoldedTable, names_a_column
from ..kinds.rows import compile_row_condition, compile_row_test
from ..kinds.sugar import EXPANSIONS
from ..model import components as m
from ..model.table_rules import VoidRule
from ..results.result import VoidRecord
from ..results.runtime import said_of
from ..source.strict_yaml import PathKey
from .form_conditions import (
    Form,
    FormPredicate,
    Requirement,
    form_leaf,
    requirement,
    rows_meeting,
    tests_subjects,
    text_of,
)
from .voids_folded import apply_folded, apply_folded_forms

MAX_REPORTED = 100  # failed row checks and repeats listed before giving up on a table


class VoidReason(str):
    """A void form's reason, and the part of it its rule's `{failed}` filled (what the form's
    requirements said; the whole reason when the rule has no `{failed}`): an aggregate's
    `void_detail` may show either."""

    failed: str

    def __new__(cls, reason: str, failed: str) -> Self:
        made = super().__new__(cls, reason)
        made.failed = failed
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return VoidReason, (str(self), self.failed)


@dataclass(frozen=True)
class _VoidRule:
    reason: str
    row: Callable[[Row], bool] | None  # a row condition: any row of the form meeting it
    form: FormPredicate | None  # a form condition (with `must_meet`: which forms the requirements apply to)
    count: Callable[[Sequence[Row]], int] | None = None  # a `rows` count, when the reason shows it ({count})
    must_meet: tuple[Requirement, ...] = ()  # the form's requirements: one not met voids it
    error: bool = False  # `error: true`: when the rule holds, the scoring stops with FA100 instead
    at: str | None = None  # with `error` on a row rule: the column whose cell the error names

    def why(self, form: Form) -> str | None:
        """The reason this form rule voids the form, or None when it does not."""
        if self.form is not None and not self.form(form):
            return None
        failed = [r for r in self.must_meet if not r.holds(form)]
        if self.must_meet and not failed:
            return None
        reason = self.reason if self.count is None else self.reason.replace("{count}", str(self.count(form.rows)))
        if "{failed}" in reason:
            said = "；".join(filter(None, (r.said(form) for r in failed)))
            return VoidReason(reason.replace("{failed}", said), said)
        return reason


@dataclass(frozen=True)
class _Check:
    text: str
    expression: Expression


@dataclass(frozen=True)
class TableRules:
    """One table's rules, compiled."""

    table: str
    subject: str  # the subject column's name (a keyed table's key)
    form: tuple[str, ...] = ()  # column names; () when each row is a form of its own
    dated_by: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    unique: tuple[str, ...] = ()
    require: tuple[_Check, ...] = ()
    void: tuple[_VoidRule, ...] = ()
    population: tuple[str, str] | None = None  # (subject table, its id column): when a rule tests each_subject
    # the columns whose values alone decide whether the void rules void a form (every column but the
    # form's, when no rule names those): forms alike in them share one verdict; None: each form is tested
    decided_by: tuple[str, ...] | None = None

    def apply(self, data: TableData, records: list[VoidRecord], population: tuple[str, ...] = ()) -> TableData:
        """The table without its void forms (each added to `records`); repeats and failed row checks raised.
        `population`: the population's subject ids, in the subject table's order (for `each_subject`)."""
        if data.folded is not None:
            folded = data.folded
            forms = isinstance(folded, FoldedTable) and folded.forms is not None and self._over_forms_only()
            if isinstance(folded, FoldedTable) and (forms or self._one_row_at_a_time()):
                try:
                    screened = apply_folded_forms(self, data, folded, records, population) if forms else apply_folded(self, data, folded, records)
                    if screened is not None:
                        return screened
                except PingyiError:  # a rule that fails on a row: the rows say where (nothing was left out yet)
                    pass
            full = data.folded.full()  # any other rule reads the rows (and their cells that failed an `invalid: void` column)
            data = replace(data, rows=full.rows, flaws=full.flaws, folded=None)
        if self.unique:
            self._check_unique(data)
        kept: list[Row] = []
        voided: list[tuple[Row, str]] = []
        verdicts: dict[Any, bool] | None = {} if self.decided_by is not None else None
        for key, rows in self._forms(data):
            reason = self._why_void(Form(rows, population), data, verdicts)
            if reason is None:
                kept.extend(rows)
                continue
            subjects = tuple(dict.fromkeys(str(row.values.get(self.subject)) for row in rows))
            records.append(VoidRecord(self.table, key, reason, rows[0].location, subjects, tuple(r.number for r in rows)))
            voided.extend((row, reason) for row in rows)
        if self.require:
            self._check_rows(kept)
        if self.form:
            kept.sort(key=_number)
            voided.sort(key=_first_number)
        return replace(data, rows=kept, flaws={}, voided=tuple(voided))

    def _one_row_at_a_time(self) -> bool:
        """Only void rules on a row (`when`): each row's verdict is its own, read folded (facts.stream)."""
        return not (self.form or self.unique or self.require or self.dated_by) and all(rule.row is not None for rule in self.void)

    def _over_forms_only(self) -> bool:
        """Rules over forms but row checks (facts.forms): each form judged as one, its period and void rules."""
        return bool(self.form) and not self.require and self.dated_by not in self.form

    def form_key(self, values: dict[str, Any]) -> tuple[str, ...]:
        """A form's key from its form cells' values (as `_forms` keys the forms)."""
        return tuple(text_of(values.get(c)) for c in self.form)

    def form_reason(self, population: tuple[str, ...], data: TableData, rows: list[Row]) -> str | None:
        """Why a form is void (its period, its void rules), or None."""
        return self._why_void(Form(rows, population), data)

    def row_reason(self, row: Row) -> str | None:
        """Why one row is void under void rules on one row, or None."""
        return self._ruled(Form([row], ()))

    def _forms(self, data: TableData) -> list[tuple[str, list[Row]]]:
        """The table's forms in the order of their first row, each with its key."""
        if not self.form and self.unique:  # a row is named by what identifies it, wherever it stands
            return [("/".join(text_of(row.values.get(c)) for c in self.unique), [row]) for row in data.rows]
        if not self.form:
            return [(f"{shown(row.values.get(self.subject))} 第{row.number}行", [row]) for row in data.rows]
        forms: dict[tuple[str, ...], list[Row]] = {}
        for row in data.rows:
            forms.setdefault(tuple(text_of(row.values.get(c)) for c in self.form), []).append(row)
        return [("/".join(key), rows) for key, rows in forms.items()]

    def _why_void(self, form: Form, data: TableData, verdicts: dict[Any, bool] | None = None) -> str | None:
        rows = form.rows
        if self.period is not None and self.dated_by is not None:
            for row in rows:
                reason = _outside(row.values.get(self.dated_by), self.period)
                if reason is not None:
                    return reason
        if data.flaws:
            for row in rows:
                flaws = data.flaws.get(row.number)
                if flaws:
                    return flaws[0][1]
        if not self.void:
            return None
        if verdicts is None or self.decided_by is None:
            return self._ruled(form)
        columns = self.decided_by
        try:
            seen = tuple(tuple(map(row.values.get, columns)) for row in rows)
            void = verdicts.get(seen)
        except TypeError:  # a value that cannot be a key: the form is tested on its own
            return self._ruled(form)
        if void is False:
            return None
        reason = self._ruled(form)  # a void form's reason is worked out for it (it may name its rows)
        verdicts[seen] = reason is not None
        return reason

    def _ruled(self, form: Form) -> str | None:
        """The reason of the first void rule that voids the form, or None; an error rule (`error: true`)
        that holds raises FA100 instead (at its row, or its cell; a form rule at the form's first row)."""
        for rule in self.void:
            if rule.row is not None:
                hit = next((row for row in form.rows if rule.row(row)), None)
                if hit is None:
                    continue
                if rule.error:
                    raise self._row_error(rule, hit)
                return rule.reason
            reason = rule.why(form)
            if reason is not None:
                if rule.error:
                    key = "/".join(text_of(form.rows[0].values.get(c)) for c in self.form)
                    raise FactsError(say("FA100.form", table=self.table, key=key, reason=Text(reason)), form.rows[0].location)
                return reason
        return None

    def _row_error(self, rule: _VoidRule, row: Row) -> FactsError:
        """FA100 for a row an error rule holds on: at the cell of its `at` column, else at the row."""
        if rule.at is None:
            return FactsError(say("FA100.row", table=self.table, reason=Text(rule.reason)), row.location)
        where = row.cells.get(rule.at, row.location)
        value = text_of(row.values.get(rule.at))
        return FactsError(say("FA100.cell", table=self.table, value=value, reason=Text(rule.reason)), where)

    def _check_unique(self, data: TableData) -> None:
        seen: dict[tuple[object, ...], Row] = {}
        problems: list[FactsError] = []
        names = list(self.unique)
        for row in data.rows:
            flaws = data.flaws.get(row.number, ())
            if any(name in self.unique for name, _ in flaws):  # a failed cell: its value is not known
                continue
            key = tuple(row.values.get(c) for c in self.unique)
            first = seen.setdefault(key, row)
            if first is row:
                continue
            values = [text_of(v) for v in key]
            problems.append(
                FactsError(say("FA041", names=names, values=values, first=first.location), row.location)
            )
            if len(problems) >= MAX_REPORTED:
                break
        _raise(problems)

    def _check_rows(self, rows: list[Row]) -> None:
        problems: list[FactsError] = []
        for row in rows:
            for check in self.require:
                problem = _failed(check, row)
                if problem is not None:
                    problems.append(problem)
            if len(problems) >= MAX_REPORTED:
                break
        _raise(problems)


def _raise(problems: list[FactsError]) -> None:
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise FactsErrors(problems)


def _failed(check: _Check, row: Row) -> FactsError | None:
    """The error of a row check that does not hold on the row (or cannot be evaluated), else None."""
    names = {name: row.values.get(name) for name in check.expression.names}
    try:
        holds = check.expression.evaluate(names) is True
    except ExpressionProblem as exc:
        where = row.cells[exc.blank] if exc.blank is not None and exc.blank in row.cells else row.location
        return FactsError(say("FA043", check=check.text, problem=said_of(exc)), where)
    if holds:
        return None
    values = [f"{name} = {text_of(value)}" for name, value in names.items()]
    return FactsError(say("FA042", check=check.text, values=values), row.location)


def _number(row: Row) -> int:
    return row.number


def _first_number(entry: tuple[Row, str]) -> int:
    return entry[0].number


def _outside(value: object, period: tuple[dt.date, dt.date]) -> str | None:
    """The reason a date or month lies outside the period, or None when it lies inside."""
    start, end = period
    if isinstance(value, Month):
        if (start.year, start.month) <= (value.year, value.month) <= (end.year, end.month):
            return None
        return f"统计期外（{value} 不在统计期 {Month(start.year, start.month, 1)} 至 {Month(end.year, end.month, 1)}）"
    if isinstance(value, dt.date) and not start <= value <= end:
        return f"统计期外（{value.isoformat()} 不在统计期 {start.isoformat()} 至 {end.isoformat()}）"
    return None


# --------------------------------------------------------------------------- compiling


def compile_table_rules(model: m.Ruleset, ctx: CompileContext) -> tuple[TableRules, ...]:
    """The rules of every declared table that has any (errors gathered in `ctx.errors`); first the
    `void_detail` keys over a table that has no rules after all (RS053)."""
    compiled: list[TableRules] = []
    added = ctx.state(ADDED_RULES, dict)
    ctx.errors.extend(error for table, error in ctx.state(VOID_DETAIL_UNSURE, list) if not added.get(table))
    for index, table in enumerate(model.inputs.tables):
        spec = ctx.tables.get(table.id)
        if spec is None:
            continue
        try:
            if table.id in added:
                table = _with_added(table, index, added[table.id], ctx)
            rules = _compile_table(table, spec, ("inputs", "tables", index), model, ctx)
        except RulesetError as exc:
            ctx.errors.append(exc)
            continue
        if rules is not None:
            compiled.append(rules)
    return tuple(compiled)


def _compile_table(table: m.Table, spec: TableSpec, path: PathKey, model: m.Ruleset, ctx: CompileContext) -> TableRules | None:
    voids = any(c.invalid == "void" for c in spec.columns)
    if not (table.form or table.dated_by or table.unique or table.require or table.void or voids):
        return None
    if table.layout != "cases":
        for key in ("form", "dated_by", "void"):
            if getattr(table, key) is not None:
                raise ctx.error(
                    say("RS065.rows_cases_table", key=key, rows=table.layout),
                    path + (key,),
                )
    subject = spec.subject_column
    form: tuple[str, ...] = ()
    if table.form is not None:
        written = [table.form] if isinstance(table.form, str) else table.form
        form = tuple(ctx.table_column(spec, name, path + ("form",) if isinstance(table.form, str) else path + ("form", i)).name
                     for i, name in enumerate(written))
    for column in spec.columns:  # a row voided for its subject or form cell could not be said whose it was
        if column.name in form and (not column.required or column.default is not None):  # a blank cell would put rows of many forms in one
            key = "required" if not column.required else "default"
            raise ctx.error(say("RS065.form_column_required", header=column.header),
                            path + ("columns", _declared_at(table, column.header), key))
        if column.invalid == "void" and (column.name == subject or column.name in form):
            what = say("phrase.subject_word") if column.name == subject else say("phrase.form_word")
            raise ctx.error(
                say("RS065.column_table_s", header=column.header, what=what),
                path + ("columns", _declared_at(table, column.header), "invalid"),
            )
    dated_by, period = None, None
    if table.dated_by is not None:
        column = ctx.table_column(spec, table.dated_by, path + ("dated_by",), ("date", "month"))
        if model.period is None:
            raise ctx.error(say("RS065.dated_leaves_out"), path + ("dated_by",))
        if not column.required and column.default is None:
            raise ctx.error(say("RS065.column_dates_rows", header=column.header),
                            path + ("dated_by",))
        dated_by, period = column.name, (model.period.start, model.period.end)
    unique = tuple(ctx.table_column(spec, name, path + ("unique", i)).name for i, name in enumerate(table.unique or ()))
    require = tuple(_row_check(text, spec, path + ("require", i), ctx) for i, text in enumerate(table.require or ()))
    rules = [_void_rule(rule, spec, path + ("void", i), bool(form), ctx) for i, rule in enumerate(table.void or ())]
    population = None
    if any(tests_subjects(cond) for rule in table.void or () for cond in (rule.form_when, *(rule.must_meet or ())) if cond is not None):
        subjects = ctx.model.inputs.subjects
        population = (subjects.table, next(c.name for c in ctx.tables[subjects.table].columns if c.header == nfkc(subjects.id_column)))
    return TableRules(
        table.id, subject, form, dated_by, period, unique, require, tuple(rules), population,
        _decided_by(table, spec, form, model.row_conditions),
    )


def _with_added(table: m.Table, index: int, added: dict[str, AddedRules], ctx: CompileContext) -> m.Table:
    """The table with the form and void rules sugar nodes add to it (after its own rules); the table
    so written is kept for `pingyi expand`. A form the table declares must be the one added (RS111)."""
    form, rules = table.form, list(table.void or ())
    written = copy.deepcopy(ctx.document.data["inputs"]["tables"][index])
    for kind, make in added.items():
        column, at, data = make(ctx)
        if form is not None and form != column:
            raise ctx.error(say("RS111", table=table.id, form=form if isinstance(form, str) else list(form), kind=kind, column=column), at)
        form = column
        rules += [VoidRule.model_validate(rule) for rule in data]
        written["form"] = column
        written["void"] = [*written.get("void", []), *data]
    ctx.state(EXPANSIONS, dict)[("inputs", "tables", index)] = written
    return table.model_copy(update={"form": form, "void": rules})


def _decided_by(
    table: m.Table, spec: TableSpec, form: tuple[str, ...], row_conditions: Sequence[m.NamedRowCondition]
) -> tuple[str, ...] | None:
    """The columns a form's verdict under the table's void rules depends on: every column but the form's
    (a form's key is what tells forms apart, not what voids them), or None — each form tested — when the
    rules are not over forms or a rule's text, or a named row condition's (which a rule may use
    through `is`), names a form column (its name or its header, anywhere)."""
    if not form or not table.void:
        return None
    subject = spec.subject_column
    if subject in form:  # `each_subject` reads the subject column without naming it
        return None
    if names_a_column([rule.model_dump(by_alias=True, exclude_none=True) for rule in (*table.void, *row_conditions)], spec, form):
        return None
    return tuple(c.name for c in spec.columns if c.name not in form)


def _void_rule(rule: VoidRule, spec: TableSpec, r_path: PathKey, forms: bool, ctx: CompileContext) -> _VoidRule:
    """One void rule, compiled: a row condition, or a form condition and/or the form's requirements (`must_meet`)."""
    counted = rule.form_when is not None and rule.form_when.count_rows is not None  # a count the reason may show
    offered = (("count",) if counted else ()) + (("failed",) if rule.must_meet is not None else ())
    unknown = unknown_placeholders(rule.reason, offered)
    if unknown:
        said = [say("phrase.reason_count_placeholder")] if counted else []
        if rule.must_meet is not None:
            said.append(say("phrase.reason_failed_placeholder"))
        if not said:
            offered_text = say("phrase.none_here")
        elif len(said) == 1:
            offered_text = said[0]
        else:
            offered_text = say("phrase.reason_placeholders", first=said[0], second=said[1])
        raise ctx.error(say("RS066.placeholder_reason", unknown=unknown[0], offered=offered_text), r_path + ("reason",))
    cell = None
    if rule.at is not None:
        if not rule.error or rule.when is None:
            raise ctx.no_effect(say("RS053.at_error_row"), r_path + ("at",))
        cell = ctx.table_column(spec, rule.at, r_path + ("at",)).name
    if rule.when is not None:
        return _VoidRule(rule.reason, compile_row_condition(rule.when, spec, r_path + ("when",), ctx), None, error=rule.error, at=cell)
    if not forms:
        at = r_path + (("form_when",) if rule.form_when is not None else ("must_meet",))
        raise ctx.error(say("RS065.form_condition_tests"), at)
    leaf = partial(form_leaf, table=spec, ctx=ctx)
    predicate = compile_predicate(rule.form_when, r_path + ("form_when",), leaf) if rule.form_when is not None else None
    count = None
    if counted and "{count}" in rule.reason:
        assert rule.form_when is not None and rule.form_when.count_rows is not None
        count = partial(rows_meeting, compile_row_condition(rule.form_when.count_rows, spec, r_path + ("form_when", "count_rows"), ctx))
    requirements = tuple(
        requirement(req, spec, r_path + ("must_meet", j), "{failed}" in rule.reason, ctx) for j, req in enumerate(rule.must_meet or ())
    )
    return _VoidRule(rule.reason, None, predicate, count, requirements, rule.error)


def _declared_at(table: m.Table, header: str) -> int:
    """The index in `columns` of the declaration that holds a (normalised) header."""
    for index, column in enumerate(table.columns):
        written = [column.header] if column.header is not None else list(column.headers or ())
        if header in (nfkc(h) for h in written):
            return index
    raise AssertionError(f"column '{header}' is declared")


def _row_check(text: str, table: TableSpec, path: PathKey, ctx: CompileContext) -> _Check:
    """A row check: an expression over the table's columns that must give 是/否."""
    return _Check(text, compile_row_test(text, table, path, ctx, say("phrase.row_check")))


def screen(rules: Sequence[TableRules], facts: FactSet) -> tuple[FactSet, list[VoidRecord]]:
    """The facts with every table's rules applied: void forms left out, and their records."""
    if not rules:
        return facts, []
    records: list[VoidRecord] = []
    tables = dict(facts.tables)
    for table_rules in rules:
        data = tables.get(table_rules.table)
        if data is not None:
            subjects: tuple[str, ...] = ()
            if table_rules.population is not None:
                table, column = table_rules.population
                subjects = tuple(text_of(row.values.get(column)) for row in facts.tables[table].rows)
            tables[table_rules.table] = table_rules.apply(data, records, subjects)
    return replace(facts, tables=tables), records

