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
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..compile.conditions import condition_text, fold_condition
from ..compile.context import CompileContext, ScoredCondition
from ..core.messages import say
from ..core.numbers import ZERO, format_value, plain, snap
from ..expressions.compiler import YESNO, ExpressionProblem, compile_expression
from ..model.base import Model
from ..model.components import ComponentBase, Condition
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts, evaluation_error, said_of
from ..source.strict_yaml import PathKey
from .aggregate import EmptyValue
from .expression import compile_subject_expression
from .protocol import KindSpec

_EXPRESSION_LENGTH = 2000


def _row_value(value: Any) -> Any:
    """A row's value is a number or an expression (text); anything else is refused with what it may be."""
    if isinstance(value, str):
        if len(value) > _EXPRESSION_LENGTH:
            raise PydanticCustomError("row_value", "an expression of at most {limit} characters", {"limit": _EXPRESSION_LENGTH})
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value)
    raise PydanticCustomError("row_value", "expected a number or an expression (text)")


RowValue = Annotated[
    Decimal | str,
    BeforeValidator(_row_value),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "maxLength": _EXPRESSION_LENGTH}]}),
]


class LookupRow(Model):
    """查表的一行：when 成立时取 value；无 when 的行总是成立（只能是最后一行，hit: first）。"""

    when: Condition | None = Field(
        None, title="条件", description="对象条件（字段、命名值、此前算出的指标）；省略为总是成立"
    )
    value: RowValue = Field(title="取值", description="一个数，或对字段、命名值和此前算出的指标的表达式")


class LookupComponent(ComponentBase):
    """查表：按行判断条件，成立的行给出取值；hit 声明命中规则（first 取第一个成立的行，unique 须恰好一行成立）。"""

    kind: Literal["lookup"] = Field(title="类型")
    hit: Literal["first", "unique"] = Field(
        title="命中规则", description="first：取第一个成立的行；unique：须恰好一行成立（两行成立是错误）"
    )
    rows: list[LookupRow] = Field(title="行", min_length=1, max_length=1000)
    empty: EmptyValue = Field(
        "error", title="无成立行", description="无一行成立时：error（默认）报错；blank 无数据；或一个数"
    )


# --------------------------------------------------------------------------- a row's value


@dataclass(frozen=True)
class _Value:
    """A row's value: a number, or an expression over names read from the scope or the subject's fields."""

    number: Decimal | None
    text: str = ""
    expression: Any = None

    def __call__(self, subject: SubjectFacts, scope: Scope, trace_path: str, row: int) -> tuple[Decimal, tuple[tuple[str, Any], ...]]:
        if self.number is not None:
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

    def shown(self, value: Decimal, inputs: tuple[tuple[str, Any], ...]) -> str:
        if self.number is not None:
            return plain(value)
        substituted = ", ".join(f"{n} = {format_value(v)}" for n, v in inputs)
        return f"{self.text} ({substituted}) = {plain(value)}"


def _compile_value(model: LookupComponent, index: int, path: PathKey, ctx: CompileContext) -> _Value:
    value = model.rows[index].value
    vpath = path + ("rows", index, "value")
    if isinstance(value, Decimal):
        if model.points is not None and not ZERO <= value <= model.points:
            raise ctx.error(f"the value {plain(value)} is outside 0–{plain(model.points)} (the points)", vpath, code="RS069")
        return _Value(value)
    return _Value(None, value, compile_subject_expression(value, model.id, vpath, ctx))


# --------------------------------------------------------------------------- load-time checks


def _check_rows(model: LookupComponent, path: PathKey, ctx: CompileContext) -> None:
    """A row without `when` holds always: under `first` only the last may lack it, under `unique` none."""
    last = len(model.rows) - 1
    for index, row in enumerate(model.rows):
        if row.when is not None:
            continue
        if model.hit == "unique":
            raise ctx.error(
                "under hit: unique every row needs 'when': a row that always holds would hold together with any other; "
                "say the value when no row holds with 'empty', or take the first row that holds with hit: first",
                path + ("rows", index), code="RS079",
            )
        if index != last:
            raise ctx.error(
                f"a row without 'when' always holds, so the {last - index} row(s) after it would never be reached; "
                "put it last", path + ("rows", index), code="RS079",
            )
    if model.rows[last].when is None and "empty" in model.model_fields_set:
        ctx.errors.append(ctx.no_effect("the last row has no 'when' and always holds, so 'empty' is never used", path + ("empty",)))
    if isinstance(model.empty, Decimal) and model.points is not None and not ZERO <= model.empty <= model.points:
        raise ctx.error(f"empty {plain(model.empty)} is outside 0–{plain(model.points)} (the points)", path + ("empty",), code="RS069")


# (low, low included, high, high included); None: unbounded on that side
Interval = tuple[Decimal | None, bool, Decimal | None, bool]
_NOT_INTERVAL = ("top", "bottom", "blank", "flag", "tier", "rows", "expr", "is_", "all", "any", "not_", "in_")


def _interval(cond: Condition | None) -> tuple[str, Interval] | None:
    """A row's condition as an interval of one value, when it is a plain comparison (else None)."""
    if cond is None or cond.of is None or any(getattr(cond, key) is not None for key in _NOT_INTERVAL):
        return None
    if cond.equals is not None:
        if isinstance(cond.equals, bool) or not isinstance(cond.equals, Decimal):
            return None
        return cond.of, (cond.equals, True, cond.equals, True)
    if cond.between is not None:
        return cond.of, (cond.between[0], True, cond.between[1], True)
    low = cond.at_least if cond.at_least is not None else cond.above
    high = cond.at_most if cond.at_most is not None else cond.below
    return cond.of, (low, cond.above is None, high, cond.below is None)


def _common(a: Interval, b: Interval) -> Decimal | None:
    """A value both intervals hold, or None when they do not overlap."""
    lows = [(v, inc) for v, inc in ((a[0], a[1]), (b[0], b[1])) if v is not None]
    highs = [(v, inc) for v, inc in ((a[2], a[3]), (b[2], b[3])) if v is not None]
    low = max((v for v, _ in lows), default=None)
    high = min((v for v, _ in highs), default=None)
    low_in = all(inc for v, inc in lows if v == low)
    high_in = all(inc for v, inc in highs if v == high)
    if low is not None and high is not None:
        if low < high:
            return low if low_in else high if high_in else (low + high) / 2
        return low if low == high and low_in and high_in else None
    if low is not None:
        return low if low_in else low + 1
    if high is not None:
        return high if high_in else high - 1
    return ZERO


def _members(cond: Condition | None) -> tuple[str, frozenset[Any]] | None:
    """A row's condition as the set of values it accepts, when it is an `equals` or `in` of one value (else None)."""
    if cond is None or cond.of is None or any(getattr(cond, key) is not None for key in _NOT_INTERVAL if key != "in_"):
        return None
    if cond.in_ is not None:
        return cond.of, frozenset((isinstance(v, bool), v) for v in cond.in_)
    if cond.equals is not None:
        return cond.of, frozenset({(isinstance(cond.equals, bool), cond.equals)})
    return None


def _shown(member: tuple[bool, Any]) -> str:
    flag, value = member
    if flag:
        return "是" if value else "否"
    return plain(value) if isinstance(value, Decimal) else str(value)


def _check_overlaps(model: LookupComponent, path: PathKey, ctx: CompileContext) -> None:
    """Under `unique`, rows that are intervals (or lists of values) on one value must not overlap: a
    value in two rows is refused, named."""
    clash = _interval_clash(model.rows) or _member_clash(model.rows)
    if clash is not None:
        earlier, later, name, value = clash
        raise ctx.error(
            f"rows {earlier + 1} and {later + 1} both hold when '{name}' is {value}; "
            "under hit: unique exactly one row may hold (hit: first takes the first that holds)",
            path + ("rows", later, "when"), code="RS068",
        )


def _covers(outer: Interval, inner: Interval) -> bool:
    """Every value in `inner` is in `outer`."""
    olow, olow_in, ohigh, ohigh_in = outer
    ilow, ilow_in, ihigh, ihigh_in = inner
    low = olow is None or (ilow is not None and (ilow > olow or (ilow == olow and (olow_in or not ilow_in))))
    high = ohigh is None or (ihigh is not None and (ihigh < ohigh or (ihigh == ohigh and (ohigh_in or not ihigh_in))))
    return low and high


def _check_reached(model: LookupComponent, path: PathKey, ctx: CompileContext) -> None:
    """Under `first`, a row that an earlier row on the same value holds for wherever it holds is never
    reached (bands written in the wrong order): refused, naming both."""
    intervals = [_interval(row.when) for row in model.rows]
    members = [_members(row.when) for row in model.rows]
    for later in range(1, len(model.rows)):
        for earlier in range(later):
            a, b = intervals[earlier], intervals[later]
            covered = a is not None and b is not None and a[0] == b[0] and _covers(a[1], b[1])
            m, n = members[earlier], members[later]
            covered = covered or (m is not None and n is not None and m[0] == n[0] and n[1] <= m[1])
            if covered:
                raise ctx.error(
                    f"row {later + 1} is never reached: row {earlier + 1} holds wherever it holds, and under hit: first "
                    "the first row that holds gives the value; put the narrower row first",
                    path + ("rows", later, "when"), code="RS079",
                )


def _interval_clash(rows: list[LookupRow]) -> tuple[int, int, str, str] | None:
    """The first two rows, intervals on one value, that share a value (rows, name, the value); None
    when they share none or are not all intervals on one value (then each subject is checked: EV017)."""
    found = [_interval(row.when) for row in rows]
    ranges = [i for i in found if i is not None]
    if len(ranges) != len(found) or len({name for name, _ in ranges}) != 1:
        return None
    for later in range(1, len(ranges)):
        for earlier in range(later):
            common = _common(ranges[earlier][1], ranges[later][1])
            if common is not None:
                return earlier, later, ranges[later][0], plain(common)
    return None


def _member_clash(rows: list[LookupRow]) -> tuple[int, int, str, str] | None:
    """Likewise for rows that are each an `equals` or `in` on one value."""
    found = [_members(row.when) for row in rows]
    sets = [m for m in found if m is not None]
    if len(sets) != len(found) or len({name for name, _ in sets}) != 1:
        return None
    for later in range(1, len(sets)):
        for earlier in range(later):
            both = sets[earlier][1] & sets[later][1]
            if both:
                return earlier, later, sets[later][0], _shown(min(both, key=str))
    return None


# --------------------------------------------------------------------------- evaluation


def _names_read(cond: Condition, ctx: CompileContext) -> list[str]:
    """The names a condition reads (`of`, `blank`, an `expr`'s names), for the trace's inputs."""
    found: list[str] = []
    known = set(ctx.fields) | set(ctx.order)

    def leaf(c: Condition, _path: PathKey) -> None:
        names = [c.of, c.blank]
        if c.expr is not None:  # compiled already where the condition is compiled: here only its names are read
            names.extend(compile_expression(c.expr, known, [], result=YESNO).names)
        for name in names:
            if name is not None and name not in found:
                found.append(name)

    fold_condition(cond, (), leaf, lambda _parts: None, lambda _parts: None, lambda _part: None)
    return found


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

    def __call__(self, subject: SubjectFacts, scope: Scope) -> Outcome:
        held = self._held(subject, scope)
        read = tuple((name, scope[name] if name in scope else subject.fields.get(name)) for name in self.read)
        if held is None:
            return self._empty(subject, read)
        row = self.rows[held]
        value, used = row.value(subject, scope, self.trace_path, held + 1)
        if self.points is not None and not ZERO <= snap(value) <= self.points:
            raise evaluation_error(subject, self.trace_path, say(
                "EV005.lookup_outside", row=held + 1, value=row.value.text, result=plain(value), points=plain(self.points)))
        inputs = read + tuple(item for item in used if item[0] not in self.read)
        return Outcome(value, partial(self._formula, held, value, used), inputs)

    def _held(self, subject: SubjectFacts, scope: Scope) -> int | None:
        held: int | None = None
        for index, row in enumerate(self.rows):
            if row.test is not None and not row.test(subject, scope):
                continue
            if not self.unique:
                return index
            if held is not None:
                raise evaluation_error(subject, self.trace_path, say(
                    "EV017", first=held + 1, first_text=self.rows[held].text, second=index + 1, second_text=row.text))
            held = index
        return held

    def _empty(self, subject: SubjectFacts, read: tuple[tuple[str, Any], ...]) -> Outcome:
        if self.empty == "error":
            texts = "; ".join(f"{i + 1}. {row.text}" for i, row in enumerate(self.rows))
            raise evaluation_error(
                subject, self.trace_path, say("EV016", rows=texts),
            )
        checked = "；".join(f"第 {i + 1} 行 {row.text}：不成立" for i, row in enumerate(self.rows))
        if self.empty == "blank":
            return Outcome(None, f"{checked}；无一行成立 → 无数据", read, ("无一行成立，无数据",))
        value = self.empty
        return Outcome(value, f"{checked}；无一行成立，取 {plain(value)}", read, (f"无一行成立，取 empty 值 {plain(value)}",))

    def _formula(self, held: int, number: Decimal, used: tuple[tuple[str, Any], ...]) -> str:
        row = self.rows[held]
        value = row.value.shown(number, used)
        if self.unique:
            others = len(self.rows) - 1
            rest = f"（其余 {others} 行不成立）" if others else ""
            return f"第 {held + 1} 行 {row.text}：成立{rest} → {value}"
        before = [f"第 {i + 1} 行 {r.text}：不成立" for i, r in enumerate(self.rows[:held])]
        return "；".join([*before, f"第 {held + 1} 行 {row.text}：成立 → {value}"])


def compile_lookup(model: LookupComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    _check_rows(model, path, ctx)
    rows = []
    read: list[str] = []
    for index, row in enumerate(model.rows):
        test = None
        if row.when is not None:
            test = ctx.scored_condition(row.when, path + ("rows", index, "when"), ctx, f"row {index + 1} of lookup '{model.id}'")
            read.extend(name for name in _names_read(row.when, ctx) if name not in read)
        text = "其余" if row.when is None else condition_text(row.when)
        rows.append(_Row(test, text, _compile_value(model, index, path, ctx)))
    if model.hit == "unique":
        _check_overlaps(model, path, ctx)
    else:
        _check_reached(model, path, ctx)
    return _Lookup(tuple(rows), model.hit == "unique", model.empty, model.points, tuple(read), trace_path)


def _conditions(model: Any) -> tuple[Any, ...]:
    return tuple(row.when for row in model.rows if row.when is not None)


KIND = KindSpec(
    name="lookup", label="查表", model=LookupComponent, compile=compile_lookup, role="score", tests=_conditions,
)

