"""An `aggregate`'s row steps: what becomes of each row between `where` and the function.

Per row, in order (each step only where its key is given): `where` (not met → unmatched); `in_period`
(the row's date outside the ruleset's statistical period → excluded); the row's value — `per_row`,
an expression or a row table (`{hit, rows, empty}`: the first / the one row whose `when` holds gives
the value, its `label` and its cap `group`); `exempt` (the first rule whose `when` holds, unless its
`unless` holds → exempted, 0); `multipliers` (each rule whose `when` holds multiplies the value, with
its reason — a column's count of cases before the exemptions); `keep_highest` (among the rows with the same values in the `matter` columns only the highest
value counts, the others → superseded, naming the row kept); `multipliers` with `after_highest`;
`caps` (each cap group's running total in row order: the row that crosses the cap is cut, later
rows of the group count 0 → capped) and `above_points: cap` (the running sum in row order stops at
`points`). What is left counts: the function reduces it, and `base` (the value is base − the
result, raised to `floor`) finishes. Every row ends in exactly one RowTrace.

This module holds the steps compiled and the pass over one subject's rows (`Steps.run`); the keys'
models and their compile step are in `kinds.aggregate_step_keys`, `kinds.aggregate` declares the
keys, `kinds.aggregate_rows` runs the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn

from ..compile.row_expr import RowExpression, RowValueProblem
from ..core.messages import say
from ..core.numbers import ZERO, format_value, plain
from ..facts.reading import Row
from ..model.inputs import Period
from ..results.runtime import SubjectFacts, evaluation_error

if TYPE_CHECKING:
    from .aggregate_rows import RowsAggregate

RowPredicate = Callable[[Row], bool]


@dataclass(frozen=True)
class HeldRow:
    when: RowPredicate | None
    value: Decimal | RowExpression
    label: str | None
    group: str | None
    value_label: str | None
    keyed: dict[str, tuple[str, ...]] | None  # the values its `when` accepts per column, when it is only that
    exact: bool = False  # keyed on text columns only: its `when` holds exactly when the cells are those values


@dataclass(frozen=True)
class CheckRule:
    where: RowPredicate | None
    when: RowPredicate
    name: str
    columns: tuple[str, ...]  # the columns it reads: the error is at the first one's cell


@dataclass(frozen=True)
class RowIndex:
    """Which of some conditions hold for a row, in their order: those that only test text columns for
    values (`keyed`: column → the values it accepts) are looked up by the row's cells, each set of
    columns once; the others are tried one by one (None: always holds)."""

    index: tuple[tuple[tuple[str, ...], dict[tuple[str, ...], tuple[int, ...]]], ...]
    tried: tuple[tuple[int, RowPredicate | None], ...]

    @classmethod
    def of(cls, entries: list[tuple[dict[str, tuple[str, ...]] | None, RowPredicate | None]]) -> RowIndex:
        by_columns: dict[tuple[str, ...], dict[tuple[str, ...], tuple[int, ...]]] = {}
        tried = []
        for number, (keyed, when) in enumerate(entries):
            if keyed is None:
                tried.append((number, when))
                continue
            columns = tuple(sorted(keyed))
            keys: list[tuple[str, ...]] = [()]
            for column in columns:  # each `in` value its own key
                keys = [(*key, value) for key in keys for value in keyed[column]]
            found = by_columns.setdefault(columns, {})
            for key in dict.fromkeys(keys):
                found[key] = (*found.get(key, ()), number)
        return cls(tuple(by_columns.items()), tuple(tried))

    def holding(self, row: Row) -> list[int] | tuple[int, ...]:
        """The numbers of the conditions that hold for the row, in order."""
        values = row.values
        if not self.tried and len(self.index) == 1:  # one set of columns: the lookup is the answer
            columns, found = self.index[0]
            one: Any = tuple(values.get(c) for c in columns)
            return found.get(one, ())
        held: tuple[int, ...] = ()
        holding: list[int] | None = None  # when more than one set of columns (or a tried condition) holds
        for columns, found in self.index:
            cells: Any = tuple(values.get(c) for c in columns)  # a blank cell (None) is no key
            hit = found.get(cells)
            if hit:
                if held:
                    holding = [*(holding or held), *hit]
                else:
                    held = hit
        for number, when in self.tried:
            if when is None or when(row):
                holding = [*(holding or held), number]
        if holding is None:
            return held
        holding.sort()
        return holding


@dataclass(frozen=True)
class CompiledTable:
    """`per_row` as a row table, compiled: `pick` gives the row that holds for a table row."""

    rows: tuple[HeldRow, ...]
    unique: bool
    empty: Decimal | None  # None: an error
    tested: tuple[str, ...]  # the columns the rows' conditions name (what the error shows)
    index: RowIndex

    @classmethod
    def of(cls, rows: tuple[HeldRow, ...], unique: bool, empty: Decimal | None, tested: tuple[str, ...]) -> CompiledTable:
        """The table, its rows indexed (`RowIndex`)."""
        return cls(rows, unique, empty, tested, RowIndex.of([(held.keyed if held.exact else None, held.when) for held in rows]))

    def unmatched(self, row: Row) -> tuple[str, Any, list[str], list[str]] | None:
        """Why no row holds, when every row's `when` is columns equal to values: the first column (in
        the order the rows test them) whose value no row still in play names — (the column, its value,
        the values those rows name, `column = value` of the columns that narrowed them); else None."""
        if any(held.keyed is None for held in self.rows):
            return None
        candidates = list(self.rows)
        narrowed: list[str] = []
        for column in self.tested:
            if any(column not in held.keyed for held in candidates if held.keyed is not None):
                continue
            value = row.values.get(column)
            written = shown(value)
            remaining = [held for held in candidates if held.keyed is not None and written in held.keyed[column]]
            if not remaining:
                named = [v for held in candidates if held.keyed is not None for v in held.keyed[column]]
                return column, value, list(dict.fromkeys(named)), narrowed
            candidates = remaining
            narrowed.append(f"{column} = {written}")
        return None

    def pick(self, row: Row) -> HeldRow | int | None:
        """The row that holds; under `unique` two that hold give (earlier << 16) | later; None: none holds.
        The indexed rows that hold are looked up by the row's cells, the others tried in order."""
        holding = self.index.holding(row)
        if not holding:
            return None
        if len(holding) > 1 and self.unique:
            return (holding[0] << 16) | holding[1]
        return self.rows[holding[0]]


@dataclass(frozen=True)
class ExemptRule:
    where: RowPredicate | None
    when: RowPredicate
    unless: RowPredicate | None
    reason: str
    lost: str | None


@dataclass(frozen=True)
class MultiplyRule:
    multiply: Decimal | str  # a number, or the row's column
    where: RowPredicate | None
    when: RowPredicate | None
    reason: str | None
    after_highest: bool


@dataclass(frozen=True)
class HighestRule:
    matter: tuple[str, ...]
    when: RowPredicate | None
    reason: str


@dataclass
class _Case:
    index: int
    row: Row
    amount: Decimal
    label: str | None
    group: str | None
    steps: list[str]
    superseded: str | None = None


# (row index, row, status, amount, reason) — as kinds.aggregate_rows traces a row that does not count
_Trace = tuple[int, Row, str, Decimal | None, str]


@dataclass(frozen=True)
class Steps:
    """The row steps of one aggregate, compiled."""

    period: tuple[str, Period] | None = None
    table: CompiledTable | None = None
    exempt: tuple[ExemptRule, ...] = ()
    multiply: tuple[MultiplyRule, ...] = ()
    highest: HighestRule | None = None
    caps: dict[str, Decimal] = field(default_factory=dict)
    ceiling: Decimal | None = None  # above_points: cap — the running sum stops here
    checks: tuple[CheckRule, ...] = ()
    checked: RowIndex | None = None  # the checks' `where`, indexed
    exempting: RowIndex | None = None  # the exemptions' `where`, indexed
    base: Decimal | None = None
    floor: Decimal | None = None

    def run(
        self, aggregate: RowsAggregate, subject: SubjectFacts, rows: list[Row], traces: list[_Trace], notes: list[str]
    ) -> tuple[list[tuple[int, Row, Any]], dict[int, tuple[str, str]]]:
        """The counted rows (index, row, value) of the subject after the steps, and how each counted
        row is worded (index → status, reason); the rows that do not count are put in `traces`."""
        if self.table is None and (aggregate.of is None or aggregate.over is not None):  # count, share, ratio: only the period
            return self._rows_in_period(aggregate, subject, rows, traces), {}
        live: list[_Case] = []
        for index, row in enumerate(rows):
            case = self._admit(aggregate, subject, index, row, traces)
            if case is not None:
                self._multiply(case, late=False, by_column=False)
                live.append(case)
        if self.highest is not None:
            _keep_highest(live, self.highest)
        counted: list[tuple[int, Row, Any]] = []
        worded: dict[int, tuple[str, str]] = {}
        running: dict[str, Decimal] = {}
        total = ZERO
        for case in live:
            if case.superseded is not None:
                traces.append((case.index, case.row, "superseded", ZERO, _labelled(case.label, case.superseded)))
                continue
            self._multiply(case, late=True, by_column=False)
            self._multiply(case, late=True, by_column=True)
            amount, cut = case.amount, ZERO
            if case.group is not None and case.group in self.caps:
                room = max(self.caps[case.group] - running.get(case.group, ZERO), ZERO)
                if amount > room:
                    cut, amount = amount - room, room
                running[case.group] = running.get(case.group, ZERO) + amount
            if self.ceiling is not None and total + amount > self.ceiling:
                extra = total + amount - self.ceiling
                cut, amount = cut + extra, amount - extra
            total += amount
            detail = " ".join(case.steps)
            if cut:
                notes.append(f"{case.label or case.row.location} 超出上限，少计 {plain(cut)}")
                worded[case.index] = ("capped", f"{detail}；超出上限少计 {plain(cut)}")
            else:
                worded[case.index] = ("counted", detail)
            counted.append((case.index, case.row, amount))
        return counted, worded

    def _rows_in_period(
        self, aggregate: RowsAggregate, subject: SubjectFacts, rows: list[Row], traces: list[_Trace]
    ) -> list[tuple[int, Row, Any]]:
        """The rows of an aggregate without values to step (count, share, ratio) that count: those
        `where` selects and the period holds (the others traced), each admitted as a plain aggregate admits it."""
        counted: list[tuple[int, Row, Any]] = []
        for index, row in enumerate(rows):
            if (aggregate.where is None or aggregate.where(row)) and self._outside(index, row, traces):
                continue
            entry = aggregate.admit(subject, index, row, traces)
            if entry is not None:
                counted.append(entry)
        return counted

    def _outside(self, index: int, row: Row, traces: list[_Trace]) -> bool:
        """The row is dated outside the period (or not dated): traced as excluded."""
        if self.period is None:
            return False
        column, period = self.period
        day = row.values.get(column)
        if day is None:
            traces.append((index, row, "excluded", None, f"{column} 未填写，不在统计期 {period.start}–{period.end}"))
            return True
        if not period.start <= day <= period.end:
            traces.append((index, row, "excluded", None, f"{day} 不在统计期 {period.start}–{period.end}"))
            return True
        return False

    def _admit(
        self, aggregate: RowsAggregate, subject: SubjectFacts, index: int, row: Row, traces: list[_Trace]
    ) -> _Case | None:
        if aggregate.where is not None and not aggregate.where(row):
            if aggregate.trace_all:
                traces.append((index, row, "unmatched", None, ""))
            return None
        if self._outside(index, row, traces):
            return None
        label = group = named = None
        if self.table is not None:
            held = self.table.pick(row)
            if not isinstance(held, HeldRow):
                if held is None and self.table.empty is not None:
                    value: Any = self.table.empty
                else:
                    self._no_row(aggregate, subject, row, held)
            else:
                label, group = held.label, held.group
                named = held.value_label
                value = held.value
                if isinstance(value, RowExpression):
                    value = self._row_value(aggregate, subject, index, row, held, traces)
                    if value is None:
                        return None
        else:
            assert aggregate.of is not None
            value = aggregate.value_of(subject, index, row, aggregate.of, traces)
            if value is None:
                return None
        for number in self.checked.holding(row) if self.checked is not None else ():
            check = self.checks[number]
            if not check.when(row):
                read = ", ".join(f"{c} = {format_value(row.values.get(c))}" for c in check.columns)
                where = next((row.cells[c] for c in check.columns if c in row.cells), row.location)
                raise evaluation_error(subject, aggregate.trace_path, say("EV027", check=check.name, values=read), where)
        named = named or label
        steps = [f"{named} {plain(value)}"] if named is not None else [plain(value)]
        case = _Case(index, row, value, label, group, steps)
        self._multiply(case, late=False, by_column=True)  # a column's count of cases is part of the row's amount
        for number in self.exempting.holding(row) if self.exempting is not None else ():
            rule = self.exempt[number]
            if rule.when(row):
                if rule.unless is not None and rule.unless(row):
                    steps.append(f"不适用豁免（{rule.reason}）" + (f"：{rule.lost}" if rule.lost else ""))
                    continue
                traces.append((index, row, "exempted", ZERO, _labelled(label, rule.reason)))
                return None
        return case

    def _row_value(
        self, aggregate: RowsAggregate, subject: SubjectFacts, index: int, row: Row, held: HeldRow, traces: list[_Trace]
    ) -> Decimal | None:
        """The value a row of the row table takes from the case row; None when it is blank and skipped (traced)."""
        assert self.table is not None and isinstance(held.value, RowExpression)
        try:
            return held.value.evaluate(row, subject.fields)
        except RowValueProblem as exc:
            if exc.column is not None and aggregate.skip_blank:
                traces.append((index, row, "blank", None, f"{exc.column} 为空，不计入"))
                return None
            where = row.cells.get(exc.column) if exc.column is not None else None
            if exc.field is not None:
                where = subject.cell(exc.field)
            number = self.table.rows.index(held) + 1
            said = say("phrase.row_table_value", row=number, label=held.label or "—", message=exc.said)
            raise evaluation_error(subject, aggregate.trace_path, said, where or row.location, code=exc.code) from None

    def _no_row(self, aggregate: RowsAggregate, subject: SubjectFacts, row: Row, held: int | None) -> NoReturn:
        """EV033 at the first cell the table's conditions test: no row holds, or two under `hit: unique`."""
        assert self.table is not None
        cells = "，".join(f"{c} = {shown(row.values.get(c))}" for c in self.table.tested) or "—"
        first = next((row.cells[c] for c in self.table.tested if c in row.cells), row.location)
        if held is None:
            why = self.table.unmatched(row)
            if why is not None:
                column, value, named, narrowed = why
                among = say("EV033.among", narrowed="，".join(narrowed)) if narrowed else say("EV033.all")
                where = row.cells.get(column, row.location)
                if value is None:
                    raise evaluation_error(subject, aggregate.trace_path, say("EV033.blank", column=column, among=among,
                                                                               values=" / ".join(named)), where)
                raise evaluation_error(subject, aggregate.trace_path, say("EV033.value", value=shown(value), column=column,
                                                                           among=among, values=" / ".join(named)), where)
            raise evaluation_error(subject, aggregate.trace_path, say("EV033.none", cells=cells), first)
        raise evaluation_error(
            subject, aggregate.trace_path, say("EV033.two", first=(held >> 16) + 1, second=(held & 0xFFFF) + 1, cells=cells), first,
        )

    def _multiply(self, case: _Case, *, late: bool, by_column: bool) -> None:
        if not self.multiply:
            return
        for rule in self.multiply:
            if rule.after_highest != late or isinstance(rule.multiply, str) != by_column:
                continue
            if (rule.where is not None and not rule.where(case.row)) or (rule.when is not None and not rule.when(case.row)):
                continue
            if isinstance(rule.multiply, Decimal):
                times = rule.multiply
            else:
                times = case.row.values.get(rule.multiply) or ZERO
            case.amount *= times
            case.steps.append(f"× {plain(times)}" + (f"（{rule.reason}）" if rule.reason else f" {rule.multiply}"))


def shown(value: Any) -> str:
    """A cell as an error or a row table shows it: as a trace does (`format_value`), (空) for a blank."""
    return "（空）" if value is None else format_value(value)


def _labelled(label: str | None, reason: str) -> str:
    return reason if label is None else f"{label}: {reason}"


def _keep_highest(live: list[_Case], highest: HighestRule) -> None:
    """Among the rows with the same `matter` values (none blank), only the highest stays; the others
    (and a lower row met earlier) are superseded, naming the row kept. Equal values: the first stays."""
    chosen: dict[tuple[Any, ...], _Case] = {}
    for case in live:
        if highest.when is not None and not highest.when(case.row):
            continue
        key = tuple(case.row.values.get(c) for c in highest.matter)
        if any(k is None or k == "" for k in key):
            continue
        best = chosen.get(key)
        if best is None or case.amount > best.amount:
            if best is not None:
                best.superseded = f"{highest.reason}（以 {case.row.location} 为准）"
            chosen[key] = case
        else:
            case.superseded = f"{highest.reason}（以 {best.row.location} 为准）"


