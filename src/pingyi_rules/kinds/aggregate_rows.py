"""The evaluation of an `aggregate` over the subject's rows of a cases table (see `kinds.aggregate`).

Per row, in order: `where` (not met → `unmatched`), the value of `per_row` (and of `over`, for ratio;
blank → `blank` with `on_blank: skip`, else EV008 at the cell), the group. Then the function over the counted values — per
group, each group capped and the groups combined, when `groups` is given. Every row of the subject
ends in exactly one RowTrace: unmatched, blank, trimmed (dropped by `trim`) or counted; with
`void_detail`, the rows the table's rules voided are placed among them, by row number, as void.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from ..compile.context import apply_floor
from ..compile.population import PopulationInput, PopulationOutput
from ..compile.row_expr import RowExpression, RowValueProblem
from ..core.errors import PingyiError
from ..core.messages import Text, say
from ..core.numbers import ZERO, div, plain, snap
from ..facts.reading import Row
from ..facts.stream import FoldedRows
from ..results.result import RowTrace
from ..results.runtime import Outcome, Scope, Slot, SubjectFacts, evaluation_error
from .aggregate_counted import Rederived, Remembered, exact_sum, reduce_counted
from .aggregate_steps import Steps

__all__ = ["LABELS", "Combine", "Detail", "RowsAggregate", "Voided", "exact_sum", "reduce", "reduce_counted", "voided_rows"]

RowPredicate = Callable[[Row], bool]

LABELS = {
    "count": "计数", "sum": "合计", "mean": "平均", "min": "最低", "max": "最高", "share": "占比",
    "trimmed_mean": "去高去低平均", "ratio": "比值",
}
_LISTED = 20  # values listed in a formula before it says how many more there are
_VOID = -1  # the index of a void row's trace entry (it is not among the subject's rows)


@dataclass(frozen=True)
class Combine:
    """`groups`, compiled: the row's column that groups, how the group results combine."""

    column: str
    how: str  # sum | mean | weighted
    weights: dict[str, Decimal] | None
    cap: Decimal | None
    renormalise: bool


@dataclass(frozen=True)
class Detail:
    """`detail`, compiled: the text, and the columns its {placeholders} name (the text without the braces)."""

    text: str
    columns: tuple[str, ...]

    def of(self, row: Row) -> str:
        said = self.text
        for name in self.columns:
            said = said.replace(f"{{{name}}}", _cell(row.values.get(name)))
        return said


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return plain(value) if isinstance(value, Decimal) else str(value)


@dataclass(frozen=True)
class Voided:
    """`void_detail`, compiled: how a void row is described, and where the population pass puts each
    subject's void rows (with their reasons)."""

    detail: Detail
    slot: Slot[tuple[tuple[Row, str], ...]]

    def of(self, row: Row, reason: str) -> str:
        """The detail of a void row: `{reason}` its reason, `{failed}` what its rule's requirements said
        (compile.voids.VoidReason; the whole reason when the rule has no `{failed}`)."""
        return self.detail.of(row).replace("{reason}", reason).replace("{failed}", getattr(reason, "failed", reason))


def voided_rows(table: str, slot: Slot[tuple[tuple[Row, str], ...]], given: PopulationInput) -> PopulationOutput:
    """The population pass of `void_detail`: each subject's rows of the table its rules voided, in file order."""
    data = given.facts.tables.get(table)
    if data is not None and data.voided:
        column = data.spec.subject_column
        by_subject: dict[str, list[tuple[Row, str]]] = {}
        for row, reason in data.voided:
            by_subject.setdefault(_cell(row.values.get(column)), []).append((row, reason))
        for subject in given.subjects:
            rows = by_subject.get(subject.id)
            if rows:
                subject.put(slot, tuple(rows))
    return PopulationOutput()


# one counted row: (its index among the subject's rows, the row, its value: a number for the
# functions of `of`, (of, over) for ratio, whether it meets `meeting` for share, None for count)
_Counted = tuple[int, Row, Any]
# what became of a row that does not count: (index, row, status, amount, reason)
_Trace = tuple[int, Row, str, Decimal | None, str]


@dataclass(frozen=True)
class Reduced:
    """One function over a list of counted rows: the value, and the rows `trim` dropped (index → why)."""

    value: Decimal
    text: Callable[[], str]
    dropped: dict[int, str]


class ZeroOver(Exception):
    """ratio: the counted rows' `over` values add up to 0 (the subject's error is raised by the caller)."""

    def __init__(self, of: Decimal) -> None:
        super().__init__()
        self.of = of


def reduce(function: str, counted: Sequence[_Counted], trim: tuple[int, int] | None) -> Reduced:
    """`function` over the counted rows' values (at least one row), exact."""
    values = [value for _, _, value in counted]
    n = len(values)
    if function == "ratio":
        tops = [top for top, _ in values]
        bottoms = [bottom for _, bottom in values]
        top, bottom = sum(tops, ZERO), sum(bottoms, ZERO)
        if bottom == 0:
            raise ZeroOver(top)
        ratio = div(top, bottom)
        return Reduced(ratio, lambda: f"({_listing(tops, ' + ')}) / ({_listing(bottoms, ' + ')}) = {plain(ratio)}", {})
    if function == "count":
        return Reduced(Decimal(n), lambda: f"{n} 行", {})
    if function == "share":
        meeting = sum(1 for v in values if v)
        value = div(Decimal(meeting), Decimal(n))
        return Reduced(value, lambda: f"符合 {meeting} 行 / 计入 {n} 行 = {plain(value)}", {})
    if function in ("min", "max"):
        value = min(values) if function == "min" else max(values)
        return Reduced(value, lambda: f"{function}({_listing(values, ', ')}) = {plain(value)}", {})
    if function == "sum":
        total = sum(values, ZERO)
        return Reduced(total, lambda: f"{_listing(values, ' + ')} = {plain(total)}", {})
    dropped: dict[int, str] = {}
    kept = values
    prefix = ""
    if function == "trimmed_mean":
        assert trim is not None
        drop, more_than = trim
        if n > more_than:
            # equal values: by where the row is written, so the order the rows come in changes nothing
            order = sorted(range(n), key=lambda i: (values[i], counted[i][1].number, i))
            lows, highs = order[:drop], order[n - drop:]
            dropped = {counted[i][0]: "去掉最低" for i in lows} | {counted[i][0]: "去掉最高" for i in highs}
            kept = [values[i] for i in sorted(set(range(n)) - set(lows) - set(highs))]
            high_text = "、".join(plain(values[i]) for i in reversed(highs))
            low_text = "、".join(plain(values[i]) for i in lows)
            prefix = f"{n} 行多于 {more_than}，去掉最高 {high_text}、最低 {low_text}："
        else:
            prefix = f"{n} 行不多于 {more_than}，不去高去低："
    total = sum(kept, ZERO)
    value = div(total, Decimal(len(kept)))
    return Reduced(value, lambda: f"{prefix}({_listing(kept, ' + ')}) / {len(kept)} = {plain(value)}", dropped)


def _listing(values: Sequence[Decimal], sep: str) -> str:
    shown = sep.join(plain(v) for v in values[:_LISTED])
    if len(values) > _LISTED:
        shown += f"{sep}…（共 {len(values)} 项）"
    return shown


@dataclass(frozen=True)
class _Group:
    key: Any
    rows: list[_Counted]
    reduced: Reduced
    value: Decimal  # after the cap


class RowsAggregate:
    """One compiled `aggregate` over a cases table; called per subject."""

    def __init__(
        self,
        table: str,
        function: str,
        of: RowExpression | None,
        where: RowPredicate | None,
        meeting: RowPredicate | None,
        skip_blank: bool,
        empty: str | Decimal,
        trim: tuple[int, int] | None,
        combine: Combine | None,
        points: Decimal | None,
        trace_path: str,
        over: RowExpression | None = None,
        trace_all: bool = True,
        detail: Detail | None = None,
        totals: tuple[tuple[str, RowExpression], ...] = (),
        voided: Voided | None = None,
        steps: Steps | None = None,
        keep_above: bool = False,
        empty_declarable: bool = True,
    ) -> None:
        self.table, self.function, self.of, self.where, self.meeting = table, function, of, where, meeting
        self.skip_blank, self.empty, self.trim, self.combine = skip_blank, empty, trim, combine
        self.points, self.trace_path, self.over = points, trace_path, over
        self.trace_all, self.detail, self.totals, self.voided = trace_all, detail, totals, voided
        self.steps, self.keep_above = steps, keep_above
        # whether the node as written takes `empty` (a sugar kind's expansion may not: then EV010 does not suggest it)
        self.empty_declarable = empty_declarable
        # no counted row: the formula and the note of a number `empty`, worded once
        shown = plain(empty) if isinstance(empty, Decimal) else ""
        self.empty_said = (f"无计入行，取 {shown}", f"无计入行，取 empty 值 {shown}")
        # with row steps, a number `empty` and no void rows listed, a subject without rows always has the
        # same outcome: worked out for the first, shared by the others (an Outcome is never changed)
        self.rowless: Outcome | None = None
        self.share_rowless = steps is not None and isinstance(empty, Decimal) and voided is None

    def __call__(self, subject: SubjectFacts, scope: Scope) -> Outcome:
        rows: Any = subject.cases.get(self.table, [])
        if isinstance(rows, FoldedRows):
            if self.steps is not None:  # the steps see each row in order
                return self._evaluate(subject, rows.rows())
            try:
                folded = self._folded(subject, rows)
            except (RowValueProblem, PingyiError):
                folded = None  # the rows themselves say what is wrong, and where
            return folded if folded is not None else self._evaluate(subject, rows.rows())
        if not rows and self.share_rowless:
            if self.rowless is None:
                self.rowless = self._evaluate(subject, rows)
            return self.rowless
        return self._evaluate(subject, rows)

    def _evaluate(self, subject: SubjectFacts, rows: list[Row]) -> Outcome:
        traces: list[_Trace] = []
        counted: list[_Counted] = []
        notes: list[str] = []
        worded: dict[int, tuple[str, str]] = {}
        if self.steps is not None:
            counted, worded = self.steps.run(self, subject, rows, traces, notes)
        else:
            of = self.of if self.of is None or self.of.direct is not None else Remembered(self.of)
            for index, row in enumerate(rows):
                entry = self._admit(subject, index, row, traces, of)
                if entry is not None:
                    counted.append(entry)
        if self.voided is not None:
            traces.extend(self._void_entries(subject))
        inputs: tuple[tuple[str, Any], ...] = (("行数", str(len(rows))), ("计入", str(len(counted))))
        if self.totals:  # each listed total over the counted rows
            inputs += tuple((label, self._total(subject, label, expression, counted)) for label, expression in self.totals)
        if not counted:
            return self._empty(subject, len(rows), traces, inputs, notes, worded)
        try:
            if self.combine is None:
                reduced = reduce(self.function, counted, self.trim)
                value, dropped, text = reduced.value, reduced.dropped, reduced.text
            else:
                value, dropped, text = self._groups(subject, counted, notes)
        except ZeroOver as exc:
            assert self.over is not None
            raise evaluation_error(
                subject, self.trace_path, say("EV029", over=self.over.text, rows=len(counted), of=plain(exc.of)),
            ) from None
        label = LABELS[self.function]
        formula: Callable[[], str] = partial(_formula, label, text)
        if self.steps is not None and self.steps.base is not None:
            value, formula, told = self._from_base(value, formula, notes)
            inputs += told
        self._check_range(subject, value)
        rows_of = partial(_row_traces, traces, counted, dropped, self.combine, self.detail, worded)
        return Outcome(value, formula, inputs, tuple(notes), rows=rows_of)

    def _from_base(
        self, result: Decimal, formula: Callable[[], str], notes: list[str]
    ) -> tuple[Decimal, Callable[[], str], tuple[tuple[str, Any], ...]]:
        """`base`: the value is base − the function's result, raised to `floor` (扣完为止); the inputs
        this adds (基准分, 扣减, 扣后: the base, the result, base − result before the floor)."""
        assert self.steps is not None and self.steps.base is not None
        base, floor = self.steps.base, self.steps.floor
        raw = base - result
        value, note = apply_floor(raw, floor)
        if note is not None:
            notes.append(note)
        told = (("基准分", base), ("扣减", result), ("扣后", raw))
        return value, partial(_base_formula, formula, base, result, raw, value), told

    def _folded(self, subject: SubjectFacts, folded: FoldedRows) -> Outcome | None:
        """The value from the subject's distinct rows and their counts (facts.stream), the formula
        and row traces from its rows read again when asked for; None when only the rows can say
        (no row counts, a blank `of` or `over`, a sum that might round, a ratio over 0, column totals)."""
        if self.totals:
            return None
        counted: list[tuple[Any, int]] = []
        n = 0
        for row, count in folded.entries:
            if self.where is not None and not self.where(row):
                continue
            if self.of is not None:
                try:
                    value: Any = self.of.evaluate(row, subject.fields)
                    if self.over is not None:  # ratio: (of, over)
                        value = (value, self.over.evaluate(row, subject.fields))
                except RowValueProblem as exc:
                    if exc.column is not None and self.skip_blank:
                        continue
                    return None
            elif self.meeting is not None:
                value = self.meeting(row)
            else:
                value = None
            counted.append((value, count))
            n += count
        if not n or self.combine is not None:
            return None
        value = reduce_counted(self.function, counted, n, self.trim)
        if value is None:
            return None
        self._check_range(subject, value)
        again = Rederived(self, subject, folded)
        return Outcome(value, again.formula, (("行数", str(folded.count)), ("计入", str(n))), rows=again.rows)

    def admit(self, subject: SubjectFacts, index: int, row: Row, traces: list[_Trace]) -> _Counted | None:
        """The row as counted (with its value), or None when it does not count (traced): a plain aggregate's admission."""
        return self._admit(subject, index, row, traces, self.of)

    def _admit(
        self, subject: SubjectFacts, index: int, row: Row, traces: list[_Trace], of: RowExpression | Remembered | None
    ) -> _Counted | None:
        """The row as counted (with its value), or None when it does not count (traced); `of` is `self.of`
        or, over one subject's rows, its values remembered."""
        if self.where is not None and not self.where(row):
            if self.trace_all:  # else the row is another component's, and traced there
                traces.append((index, row, "unmatched", None, ""))  # the status says it: 不符合行条件，不计
            return None
        if of is not None and self.of is not None:
            try:
                value: Any = of.evaluate(row, subject.fields)
            except RowValueProblem:
                self._value(subject, index, row, self.of, traces)  # evaluated again: skipped (traced), or the error raised
                return None
            if self.over is not None:  # ratio: (of, over)
                over = self._value(subject, index, row, self.over, traces)
                if over is None:
                    return None
                value = (value, over)
        elif self.meeting is not None:
            value = self.meeting(row)
        else:
            value = None
        return index, row, value

    def _void_entries(self, subject: SubjectFacts) -> list[_Trace]:
        """The subject's void rows as trace entries (with `traced: selected`, those `where` selects), placed
        among its rows by their row numbers."""
        assert self.voided is not None
        entries: list[_Trace] = []
        for row, reason in subject.prepared(self.voided.slot) or ():
            if self.where is None or self.trace_all or self.where(row):
                entries.append((_VOID, row, "void", None, self.voided.of(row, reason)))
        return entries

    def value_of(self, subject: SubjectFacts, index: int, row: Row, expression: RowExpression, traces: list[_Trace]) -> Any:
        """`expression` (`per_row`, or a row's value in its row table) of a row; None when it is blank and skipped (traced)."""
        return self._value(subject, index, row, expression, traces)

    def _value(self, subject: SubjectFacts, index: int, row: Row, expression: RowExpression, traces: list[_Trace]) -> Any:
        """`of` (or `over`) of a row; None when it is blank and skipped (traced)."""
        try:
            return expression.evaluate(row, subject.fields)
        except RowValueProblem as exc:
            if exc.column is not None and self.skip_blank:
                said = "" if expression.direct is not None else f"{expression.text}："
                traces.append((index, row, "blank", None, f"{said}{exc.column} 为空，不计入"))
                return None
            where = row.cells.get(exc.column) if exc.column is not None else None
            if exc.field is not None:
                where = subject.cell(exc.field)
            if expression is not self.over:
                of = say("phrase.of_skip" if exc.column is not None else "phrase.of", message=exc.said)
            else:
                of = say("phrase.over_skip" if exc.column is not None else "phrase.over", message=exc.said)
            raise evaluation_error(subject, self.trace_path, of, where or row.location, code=exc.code) from None

    def _total(self, subject: SubjectFacts, label: str, expression: RowExpression, counted: list[_Counted]) -> Decimal:
        """Σ of a `totals` expression over the counted rows (a blank value is an error at its cell)."""
        total = ZERO
        for _, row, _ in counted:
            try:
                total += expression.evaluate(row, subject.fields)
            except RowValueProblem as exc:
                where = row.cells.get(exc.column) if exc.column is not None else None
                if exc.field is not None:
                    where = subject.cell(exc.field)
                raise evaluation_error(subject, self.trace_path, say("phrase.totals", label=label, message=exc.said),
                                       where or row.location, code=exc.code) from None
        return total

    def _empty(
        self, subject: SubjectFacts, n: int, traces: list[_Trace], inputs: tuple[tuple[str, Any], ...], notes: list[str],
        worded: dict[int, tuple[str, str]],
    ) -> Outcome:
        """No counted row: the declared `empty` (an error by default); with `base`, base − the `empty` value."""
        if self.empty == "error":
            if n == 0:
                reason = say("phrase.no_rows")
            elif n == 1:
                reason = say("phrase.one_row_none_counted")
            else:
                reason = say("phrase.rows_none_counted", count=n)
            void = [entry for entry in traces if entry[0] == _VOID]  # `void_detail`: the subject's void rows
            if void:
                first = void[0]
                raise evaluation_error(subject, self.trace_path, say(
                    "EV030", table=self.table, reason=reason, void=len(void), at=first[1].location, first=Text(first[4]),
                ))
            if not self.empty_declarable:
                raise evaluation_error(subject, self.trace_path, say("EV010.rows_undeclarable", table=self.table, reason=reason))
            raise evaluation_error(subject, self.trace_path, say("EV010.rows", table=self.table, reason=reason))
        rows = partial(_row_traces, traces, [], {}, self.combine, self.detail, worded)
        if self.empty == "blank":
            return Outcome(None, "无计入行，无数据", inputs, (*notes, "无计入行（无数据）"), rows=rows)
        assert isinstance(self.empty, Decimal)
        value = self.empty
        formula: str | Callable[[], str] = self.empty_said[0]
        notes.append(self.empty_said[1])
        if self.steps is not None and self.steps.base is not None:
            value, formula, told = self._from_base(value, partial(str, formula), notes)
            inputs += told
        self._check_range(subject, value)
        return Outcome(value, formula, inputs, tuple(notes), rows=rows)

    def _check_range(self, subject: SubjectFacts, value: Decimal) -> None:
        if self.keep_above or (self.steps is not None and self.steps.base is not None):
            return  # above_points: keep; base − the result, raised to its floor (which may be below 0)
        if self.points is not None and not ZERO <= snap(value) <= self.points:
            raise evaluation_error(
                subject, self.trace_path,
                say("EV012", function=LABELS[self.function], value=plain(value), points=plain(self.points)),
            )

    def _groups(
        self, subject: SubjectFacts, counted: list[_Counted], notes: list[str]
    ) -> tuple[Decimal, dict[int, str], Callable[[], str]]:
        """The function per group (capped), and the groups combined."""
        combine = self.combine
        assert combine is not None
        by_key: dict[Any, list[_Counted]] = {}
        for entry in counted:
            row = entry[1]
            key = row.values.get(combine.column)
            if key is None:
                raise evaluation_error(
                    subject, self.trace_path, say("EV008.group_blank", column=combine.column), row.cells.get(combine.column)
                )
            if combine.weights is not None and key not in combine.weights:
                raise evaluation_error(
                    subject, self.trace_path, say("EV011.no_weight", group=key, weights=list(combine.weights)),
                    row.cells.get(combine.column),
                )
            by_key.setdefault(key, []).append(entry)
        groups: list[_Group] = []
        dropped: dict[int, str] = {}
        for key in _ordered(by_key, combine.weights):
            reduced = reduce(self.function, by_key[key], self.trim)
            value = reduced.value
            if combine.cap is not None and snap(value) > combine.cap:
                notes.append(f"{key}: {plain(value)} 超过每组上限 {plain(combine.cap)}，计 {plain(combine.cap)}")
                value = combine.cap
            groups.append(_Group(key, by_key[key], reduced, value))
            dropped.update(reduced.dropped)
        value, combined = self._combine(subject, groups, notes)
        return value, dropped, partial(_groups_text, combine, groups, combined)

    def _combine(self, subject: SubjectFacts, groups: list[_Group], notes: list[str]) -> tuple[Decimal, str]:
        combine = self.combine
        assert combine is not None
        values = [g.value for g in groups]
        if combine.how == "sum":
            total = sum(values, ZERO)
            return total, f"各组相加 = {plain(total)}"
        if combine.how == "mean":
            mean = div(sum(values, ZERO), Decimal(len(values)))
            return mean, f"各组平均 ({' + '.join(plain(v) for v in values)}) / {len(values)} = {plain(mean)}"
        weights = combine.weights
        assert weights is not None
        absent = [key for key in weights if key not in {g.key for g in groups}]
        if absent and not combine.renormalise:
            raise evaluation_error(subject, self.trace_path, say("EV011.absent", groups=absent))
        weighted = sum((weights[g.key] * g.value for g in groups), ZERO)
        terms = " + ".join(f"{plain(g.value)} × {plain(weights[g.key])}" for g in groups)
        if not absent:
            return weighted, f"加权 {terms} = {plain(weighted)}"
        present = sum((weights[g.key] for g in groups), ZERO)
        value = div(weighted, present)
        notes.append(f"缺 {'、'.join(absent)}，其余权重按比例还原")
        return value, f"加权 ({terms}) / {plain(present)} = {plain(value)}（缺 {'、'.join(absent)}）"


def _ordered(by_key: dict[Any, list[_Counted]], weights: dict[str, Decimal] | None) -> list[Any]:
    """The groups in the order of the weights, else by value: never by the order of the rows."""
    if weights is not None:
        return [key for key in weights if key in by_key]
    return sorted(by_key, key=lambda key: (type(key).__name__, key))


def _groups_text(combine: Combine, groups: list[_Group], combined: str) -> str:
    parts = []
    for group in groups:
        capped = "" if group.value == group.reduced.value else f" → {plain(group.value)}（上限）"
        parts.append(f"{group.key}: {group.reduced.text()}{capped}")
    return f"按 {combine.column} 分组：" + "；".join(parts) + f"；{combined}"


def _formula(label: str, text: Callable[[], str]) -> str:
    return f"{label}：{text()}"


def _base_formula(formula: Callable[[], str], base: Decimal, result: Decimal, raw: Decimal, value: Decimal) -> str:
    floored = "" if value == raw else f" → {plain(value)}"
    return f"{formula()}；{plain(base)} − {plain(result)} = {plain(raw)}{floored}"


def _row_traces(
    traces: list[_Trace], counted: list[_Counted], dropped: dict[int, str], combine: Combine | None,
    detail: Detail | None, worded: dict[int, tuple[str, str]],
) -> tuple[RowTrace, ...]:
    """One RowTrace per row of the subject (with `traced: selected`, per row `where` selects), in the rows' order;
    a row the steps worded (`worded`: index → status, what became of its value) is said so."""
    entries = list(traces)
    for index, row, value in counted:
        amount = value if isinstance(value, Decimal) else None
        group = f"{row.values.get(combine.column)} 组" if combine is not None else ""
        if detail is not None:
            group = "，".join(filter(None, (detail.of(row), group)))
        said = worded.get(index)
        if said is not None and index not in dropped:
            entries.append((index, row, said[0], amount, "，".join(filter(None, (group, said[1])))))
        elif index in dropped:
            entries.append((index, row, "trimmed", amount, "，".join(filter(None, (group, dropped[index])))))
        elif isinstance(value, tuple):  # ratio: (of, over)
            shown = "" if detail is not None else f"{plain(value[0])} / {plain(value[1])}"
            entries.append((index, row, "counted", None, "，".join(filter(None, (group, shown)))))
        else:
            met = "" if not isinstance(value, bool) else ("符合占比条件" if value else "不符合占比条件")
            entries.append((index, row, "counted", amount, "，".join(filter(None, (group, met)))))
    if any(entry[0] == _VOID for entry in entries):  # void rows among the others, by where they are written
        entries.sort(key=lambda entry: entry[1].number)
    else:
        entries.sort(key=lambda entry: entry[0])
    return tuple(RowTrace(row.location, status, amount, reason) for _, row, status, amount, reason in entries)
