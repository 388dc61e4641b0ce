"""`lookup`: a table of rows, each a condition on the subject and a value; the row that holds gives
the value, under a declared hit policy.

`hit: first` takes the first row whose `when` holds (a row without `when` always holds, so it may
only be the last); `hit: unique` requires that exactly one row holds (two are an error naming both,
and where every row is a plain interval on one value, overlapping rows are refused at load). No
row holding gives `empty`: an error naming the subject, blank, or a number. A row's `value` is a
number or an expression over the subject's fields, the named values and the components computed
before it. Conditions are the one subject condition language, decided while the subject is scored:
they see what an expression sees, and no total, rank or tier.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any, Literal

from pydantic import Field

from ..compile import lookup_table as table
from ..compile.conditions import condition_text, names_read
from ..compile.context import CompileContext, ScoredCondition
from ..core.errors import close_matches
from ..core.messages import say
from ..core.numbers import ZERO, format_value, plain, snap
from ..expressions.compiler import ExpressionProblem
from ..facts.reading import nfkc
from ..model.components import ComponentBase
from ..model.lookup_rows import LookupTable
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts, evaluation_error, said_of
from ..source.strict_yaml import PathKey
from .protocol import KindSpec
from .subject_expression import compile_subject_expression


class LookupComponent(ComponentBase, LookupTable):
    """查表：按行判断条件，成立的行给出取值；hit 声明命中规则（first 取第一个成立的行，unique 须恰好一行成立）。"""

    kind: Literal["lookup"] = Field(title="类型")


# --------------------------------------------------------------------------- a row's value


BLANK = "blank"  # a row's value that is no value: the lookup gives none (无数据), as `empty: blank` does


@dataclass(frozen=True)
class _Value:
    """A row's value: a number, `blank` (no value), or an expression over names read from the scope or
    the subject's fields."""

    number: Decimal | None
    text: str = ""
    expression: Any = None

    def __call__(self, subject: SubjectFacts, scope: Scope, trace_path: str, row: int) -> tuple[Decimal | None, tuple[tuple[str, Any], ...]]:
        if self.expression is None:
            return self.number, ()
        names = {name: scope[name] if name in scope else subject.fields.get(name) for name in self.expression.names}
        try:
            value = self.expression.evaluate(names)
        except ExpressionProblem as exc:
            said = say("phrase.lookup_value_problem", row=row, value=self.text, problem=said_of(exc))
            if exc.blank is not None:
                where = None if exc.blank in scope else subject.cell(exc.blank)
                raise evaluation_error(subject, trace_path, said, where, code="EV008") from None
            raise evaluation_error(subject, trace_path, said, code="EV004") from None
        if isinstance(value, bool) or not isinstance(value, Decimal):
            raise evaluation_error(subject, trace_path, say("EV005.lookup_not_number", row=row, value=self.text, result=repr(value)))
        return value, tuple(names.items())

    def shown(self, value: Decimal | None, inputs: tuple[tuple[str, Any], ...]) -> str:
        if value is None:
            return "无数据"
        if self.expression is None:
            return plain(value)
        substituted = ", ".join(f"{n} = {format_value(v)}" for n, v in inputs)
        return f"{self.text} ({substituted}) = {plain(value)}"


def _compile_value(model: LookupTable, index: int, path: PathKey, ctx: CompileContext, owner: str, points: Decimal | None) -> _Value:
    value = model.rows[index].value
    vpath = path + ("rows", index, "value")
    if isinstance(value, Decimal):
        if points is not None and not ZERO <= value <= points:
            raise ctx.error(say("RS069.value_outside_points", value=plain(value), points=plain(points)), vpath)
        return _Value(value)
    if value == BLANK:
        return _Value(None, BLANK)
    return _Value(None, value, compile_subject_expression(value, owner, vpath, ctx))


# --------------------------------------------------------------------------- load-time checks


def _check_rows(model: LookupTable, path: PathKey, ctx: CompileContext, points: Decimal | None) -> None:
    """A row without `when` holds always: under `first` only the last may lack it, under `unique` none."""
    last = len(model.rows) - 1
    for index, row in enumerate(model.rows):
        if row.when is not None:
            continue
        if model.hit == "unique":
            raise ctx.error(
                say("RS079.under_hit_unique"),
                path + ("rows", index),
            )
        if index != last:
            raise ctx.error(
                say("RS079.row_without_when", value=last - index), path + ("rows", index),
            )
    if model.rows[last].when is None and "empty" in model.model_fields_set:
        ctx.errors.append(ctx.no_effect(say("RS053.last_row_when"), path + ("empty",)))
    if isinstance(model.empty, Decimal) and points is not None and not ZERO <= model.empty <= points:
        raise ctx.error(say("RS069.empty_outside_points", empty=plain(model.empty), points=plain(points)), path + ("empty",))


def _check_overlaps(model: LookupTable, path: PathKey, ctx: CompileContext) -> None:
    """Under `unique`, rows that are intervals (or lists of values) on one value must not overlap: a
    value in two rows is refused, named."""
    found = table.clash([row.when for row in model.rows])
    if found is not None:
        earlier, later, name, value = found
        raise ctx.error(
            say("RS068", value=earlier + 1, value2=later + 1, name=name, value3=value),
            path + ("rows", later, "when"),
        )


def _check_covered(model: LookupTable, path: PathKey, ctx: CompileContext) -> None:
    """Rows that each list values of one enum column, with no `empty`: every value of the column needs
    a row (a value with none would be an error for every subject that has it)."""
    if model.empty != "error":
        return
    conditions = [row.when for row in model.rows]
    name = next((c.of for c in conditions if c is not None and c.of is not None), None)
    spec = ctx.fields.get(nfkc(name)) if name is not None else None
    found = table.uncovered(conditions, spec.values if spec is not None else None)
    if found is not None:
        column, missing = found
        raise ctx.error(say("RS098", column=column, missing=" / ".join(missing)), path + ("rows",))


def _check_reached(model: LookupTable, path: PathKey, ctx: CompileContext) -> None:
    """Under `first`, a row that an earlier row on the same value holds for wherever it holds is never
    reached (bands written in the wrong order): refused, naming both."""
    found = table.unreached([row.when for row in model.rows])
    if found is not None:
        earlier, later = found
        raise ctx.error(say("RS079.row_never_reached", value=later + 1, value2=earlier + 1), path + ("rows", later, "when"))


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class _Row:
    test: ScoredCondition | None  # None: always holds
    text: str
    value: _Value


@dataclass(frozen=True)
class _Lookup:
    rows: tuple[_Row, ...]
    unique: bool
    empty: Literal["error", "blank"] | Decimal
    points: Decimal | None
    read: tuple[str, ...]
    trace_path: str
    keyed: tuple[str, tuple[str, ...]] | None  # rows naming values of one field: the field and the values
    # rows naming text values of one text or enum field: the row each value picks, and the row a blank
    # picks — the hit policy decided by looking the value up (the same row the conditions pick)
    index: tuple[dict[str, int], int | None] | None = None


    def __call__(self, subject: SubjectFacts, scope: Scope) -> Outcome:
        held = self._held(subject, scope)
        read = tuple((name, scope[name] if name in scope else subject.fields.get(name)) for name in self.read)
        if held is None:
            return self._empty(subject, read)
        row = self.rows[held]
        value, used = row.value(subject, scope, self.trace_path, held + 1)
        if value is None:
            return Outcome(None, partial(self._formula, held, value, used), read, ("无数据",))
        if self.points is not None and not ZERO <= snap(value) <= self.points:
            raise evaluation_error(subject, self.trace_path, say(
                "EV005.lookup_outside", row=held + 1, value=row.value.text, result=plain(value), points=plain(self.points)))
        inputs = read + tuple(item for item in used if item[0] not in self.read)
        return Outcome(value, partial(self._formula, held, value, used), inputs)

    def number(self, subject: SubjectFacts, scope: Scope) -> tuple[Decimal | None, tuple[str, ...]]:
        """The value alone, with the notes a call gives (`empty` taken), of a table compiled without
        points (a let value that is a table), without the trace a call writes; an error as a call raises."""
        held = self._held(subject, scope)
        if held is None:
            outcome = self._empty(subject, ())
            return outcome.points, outcome.notes if isinstance(outcome.notes, tuple) else outcome.notes()
        value, _ = self.rows[held].value(subject, scope, self.trace_path, held + 1)
        return value, ()

    def _held(self, subject: SubjectFacts, scope: Scope) -> int | None:
        if self.index is not None:
            assert self.keyed is not None
            value = subject.fields.get(self.keyed[0])
            rows, blank = self.index
            return blank if value is None else rows.get(value)

        def holds(index: int) -> bool:
            test = self.rows[index].test
            return test is None or test(subject, scope)

        try:
            return table.pick(len(self.rows), holds, self.unique)
        except table.TwoRowsHold as both:
            raise evaluation_error(subject, self.trace_path, say(
                "EV017", first=both.earlier + 1, first_text=self.rows[both.earlier].text,
                second=both.later + 1, second_text=self.rows[both.later].text,
            )) from None

    def _empty(self, subject: SubjectFacts, read: tuple[tuple[str, Any], ...]) -> Outcome:
        if self.empty == "error":
            if self.keyed is not None and (written := subject.fields.get(self.keyed[0])) is not None:
                name, values = self.keyed
                raise evaluation_error(
                    subject, self.trace_path, say("EV026", value=str(written), name=name, values=" / ".join(values)),
                    subject.cell(name), suggestions=close_matches(str(written), values),
                )
            texts = "; ".join(f"{i + 1}. {row.text}" for i, row in enumerate(self.rows))
            raise evaluation_error(
                subject, self.trace_path, say("EV016", rows=texts),
            )
        checked = "；".join(f"第 {i + 1} 行 {row.text}：不成立" for i, row in enumerate(self.rows))
        if self.empty == "blank":
            return Outcome(None, f"{checked}；无一行成立 → 无数据", read, ("无一行成立，无数据",))
        value = self.empty
        return Outcome(value, f"{checked}；无一行成立，取 {plain(value)}", read, (f"无一行成立，取 empty 值 {plain(value)}",))

    def _formula(self, held: int, number: Decimal | None, used: tuple[tuple[str, Any], ...]) -> str:
        row = self.rows[held]
        value = row.value.shown(number, used)
        if self.unique:
            others = len(self.rows) - 1
            rest = f"（其余 {others} 行不成立）" if others else ""
            return f"第 {held + 1} 行 {row.text}：成立{rest} → {value}"
        before = [f"第 {i + 1} 行 {r.text}：不成立" for i, r in enumerate(self.rows[:held])]
        return "；".join([*before, f"第 {held + 1} 行 {row.text}：成立 → {value}"])


def compile_table(
    model: LookupTable, path: PathKey, trace_path: str, ctx: CompileContext, *, owner: str, points: Decimal | None
) -> _Lookup:
    """A lookup table in place (a `lookup` component or value, or a table written at a key that takes
    one): its rows checked under its hit policy and compiled; `owner` is the component whose table it
    is, `points` the range every number value must lie in (None: any number)."""
    _check_rows(model, path, ctx, points)
    rows = []
    read: list[str] = []
    for index, row in enumerate(model.rows):
        test = None
        if row.when is not None:
            test = ctx.scored_condition(row.when, path + ("rows", index, "when"), ctx, say("phrase.place_lookup_row", row=index + 1, lookup=owner))
            read.extend(name for name in names_read(row.when, ctx) if name not in read)
        text = "其余" if row.when is None else condition_text(row.when)
        rows.append(_Row(test, text, _compile_value(model, index, path, ctx, owner, points)))
    if model.hit == "unique":
        _check_overlaps(model, path, ctx)
    else:
        _check_reached(model, path, ctx)
    _check_covered(model, path, ctx)
    keyed = _keyed(model, ctx)
    picks = None if keyed is None else _index(model, keyed[0], ctx)
    return _Lookup(tuple(rows), model.hit == "unique", model.empty, points, tuple(read), trace_path, keyed, picks)


def _index(model: LookupTable, field: str, ctx: CompileContext) -> tuple[dict[str, int], int | None] | None:
    """For rows naming text values of one text or enum field (not a component's id scored before, which
    a condition would read instead): each value → the row that picks it, and the row a blank picks.
    None when a value is in two rows under `unique` (two rows hold: the conditions say which)."""
    spec = ctx.fields.get(nfkc(field))
    if spec is None or spec.type not in ("text", "enum") or field in ctx.order:
        return None
    rows: dict[str, int] = {}
    blank: int | None = None
    for number, row in enumerate(model.rows):
        when = row.when
        assert when is not None  # a keyed table's every row has a condition
        if when.blank is not None:
            if blank is None or model.hit == "unique":
                if blank is not None:
                    return None
                blank = number
            continue
        listed = when.in_ if when.in_ is not None else [when.equals]
        for value in listed:
            if not isinstance(value, str):
                return None
            if value in rows:
                if model.hit == "unique":
                    return None
                continue
            rows[value] = number
    return rows, blank


def _keyed(model: LookupTable, ctx: CompileContext) -> tuple[str, tuple[str, ...]] | None:
    """When every row names values of one field (`equals`, `in`; a row `{blank: <that field>}` aside):
    the field and the values the rows name, in order — a written value that no row names is then an
    error at its cell (EV026) rather than about the subject. None otherwise."""
    named: list[str] = []
    fields: set[str] = set()
    for row in model.rows:
        when = row.when
        if when is not None and when.blank is not None:
            fields.add(when.blank)
            continue
        found = table.members(when)
        if when is None or found is None or any(flag for flag, _ in found[1]):
            return None
        fields.add(found[0])
        listed = when.in_ if when.in_ is not None else [when.equals]
        named.extend(shown for shown in (plain(v) if isinstance(v, Decimal) else str(v) for v in listed) if shown not in named)
    if len(fields) != 1 or not named:
        return None
    (field,) = fields
    spec = ctx.fields.get(nfkc(field))
    return None if spec is None else (spec.name, tuple(named))


def compile_lookup(model: LookupComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    return compile_table(model, path, trace_path, ctx, owner=model.id, points=model.points)


KIND = KindSpec(
    name="lookup", label="查表", model=LookupComponent, compile=compile_lookup, role="score",
)

