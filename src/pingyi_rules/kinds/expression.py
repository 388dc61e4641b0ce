"""`expression`: a score computed by a sandboxed expression over columns and earlier components.

`on_blank` says what a blank name does (an error, 0, or no value for the component); `checks` are
conditions each subject must meet before the expression is computed (as the top-level `checks`) —
one that does not is an error at the cell of the field it names (EV027). `min: null` leaves the
value without a lower end. A `let` value may be a lookup table instead of an expression
(kinds.let_tables).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any, Literal

from pydantic import Field

from ..compile.conditions import names_read
from ..compile.context import CompileContext, ScoredCondition
from ..core.messages import say
from ..core.numbers import ZERO, format_value, plain, snap
from ..expressions.compiler import Expression, ExpressionProblem
from ..expressions.evaluate import NotPlain, compile_steps
from ..facts.reading import nfkc
from ..model.base import Identifier, Num
from ..model.components import Check, ScoreRange
from ..model.lookup_rows import LetValue, LookupTable
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts, evaluation_error, said_of
from ..source.strict_yaml import PathKey
from .let_tables import LetTable, compile_let_table, decide_tables, decided_scope, table_reads
from .protocol import KindSpec, component_ids
from .subject_expression import compile_subject_expression


class ExpressionComponent(ScoreRange):
    """表达式计分（其他类型无法表达时使用）。"""

    kind: Literal["expression"] = Field(title="类型")
    let: dict[Identifier, LetValue] | None = Field(
        None, title="中间值",
        description="名称 → 表达式：依次先算出，expr 与其后的中间值可引用；其值列入计算过程的输入（如 票数合计）；"
        "或一个查表（hit、rows：when → value、empty），按对象判断取值，先于各表达式算出",
    )
    expr: str = Field(title="表达式", max_length=2000)
    min: Num | None = Field(Decimal(0), title="最小值", description="省略时为 0；null 不设下限；不高于分值")
    max: Num | None = Field(None, title="最大值", description="省略时为分值（无分值则不设上限）；不高于分值")
    clamp: bool = Field(
        False, title="截断", description="为 true 时超出范围的结果截断到范围内，否则报错"
    )
    on_blank: Literal["error", "zero", "blank"] = Field(
        "error", title="空值时", description="读到空白的名称（空单元格、无得分的指标）时：error（默认）报错；zero 按 0 计；blank 本项无数据"
    )
    checks: list[Check] = Field(
        default_factory=list, max_length=50, title="核对",
        description="计算前每个对象都须满足的条件；不满足是错误，在所涉字段的单元格指明对象和核对名称（EV027）",
    )


_UNBOUNDED = Decimal("Infinity")  # the upper end without points or max


@dataclass(frozen=True)
class _Required:
    """One of `checks`: its test, its name, the names it reads, the field whose cell an error is at."""

    test: ScoredCondition
    text: str
    names: tuple[str, ...]
    field: str | None

    def check(self, subject: SubjectFacts, scope: Scope, trace_path: str) -> None:
        if self.test(subject, scope):
            return
        read = ", ".join(f"{n} = {format_value(scope[n] if n in scope else subject.fields.get(n))}" for n in self.names)
        where = None if self.field is None else subject.cell(self.field)
        raise evaluation_error(subject, trace_path, say("EV027", check=self.text, values=read), where)


def _compile_require(model: ExpressionComponent, path: PathKey, ctx: CompileContext) -> tuple[_Required, ...]:
    required = []
    for index, check in enumerate(model.checks):
        place = say("phrase.place_component_check", check=check.name, component=model.id)
        test = ctx.scored_condition(check.when, path + ("checks", index, "when"), ctx, place)
        names = tuple(names_read(check.when, ctx))
        fields = [ctx.fields[nfkc(n)].name for n in names if n not in ctx.seen_ids and nfkc(n) in ctx.fields]
        required.append(_Required(test, check.name, names, fields[0] if fields else None))
    return tuple(required)


def _compile_lets(
    model: ExpressionComponent, path: PathKey, trace_path: str, ctx: CompileContext
) -> tuple[tuple[tuple[str, Expression], ...], tuple[LetTable, ...]]:
    """The intermediate values in order, each over what the expression sees and the values before it,
    and those that are lookup tables (kinds.let_tables); a name already taken by a field, a component
    or a named value is RS107."""
    taken = set(ctx.fields) | set(component_ids([*ctx.model.values, *ctx.model.components]))
    lets: list[tuple[str, Expression]] = []
    tables: list[LetTable] = []
    before: list[str] = []
    for name, text in (model.let or {}).items():
        if name in taken:
            raise ctx.error(say("RS107", name=name), path + ("let", name))
        if isinstance(text, LookupTable):
            tables.append(compile_let_table(name, text, path + ("let", name), trace_path, ctx, model.id))
        else:
            lets.append((name, compile_subject_expression(text, model.id, path + ("let", name), ctx, tuple(before))))
        before.append(name)
    return tuple(lets), tuple(tables)


def compile_expr(model: ExpressionComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    lets, tables = _compile_lets(model, path, trace_path, ctx)
    expression = compile_subject_expression(model.expr, model.id, path + ("expr",), ctx, tuple(model.let or ()))
    required = _compile_require(model, path, ctx)
    low = model.min
    high = model.points if model.max is None else model.max
    clamp, blank = model.clamp, model.on_blank
    tabled = tuple(t.name for t in tables)
    steps, order = _steps(lets, expression, tabled)
    fused = compile_steps((*order, *tabled), [(step.name, step.expression.tree) for step in steps])
    extra = table_reads(tables, order)
    listed = (*order, *extra, *tabled)  # the names a trace lists before the let values (kinds.let_tables)
    let_names = tuple(name for name, _ in lets)
    top = _UNBOUNDED if high is None else high
    bottom = -_UNBOUNDED if low is None else low

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        for requirement in required:
            requirement.check(subject, scope, trace_path)
        fields = subject.fields
        if fused is not None:  # every name a number, no zero divisor: the steps at once
            view, seen, noted = (scope, (), ()) if not tables else decided_scope(tables, subject, scope, extra)
            try:
                value, read, made = fused(fields, view)
            except (NotPlain, ArithmeticError):
                pass  # the general way below says what is wrong
            else:
                if bottom <= value <= top:
                    if tables:
                        read = (*read[: len(order)], *seen, *read[len(order):])
                    trace = _Trace(model.expr, listed, read, let_names, made, value)
                    return Outcome(value, trace.formula, trace.inputs, noted)
        # the fields and components read, in the order first used, read once for every step
        names: dict[str, Any] = {name: scope[name] if name in scope else fields.get(name) for name in order}
        zeroed: tuple[str, ...] = ()
        given = names
        if blank == "zero" and None in names.values():
            zeroed = tuple(name for name, value in names.items() if value is None)
            given = {name: ZERO if value is None else value for name, value in names.items()}
        known: dict[str, Any] = {}  # the intermediate values so far
        told: tuple[str, ...] = ()
        if tables:  # the let values that are tables, decided first
            given, told = decide_tables(tables, subject, scope, given, names, known)
        try:
            value = _run(steps, given, known, names, subject, blank, trace_path)
        except _NoValue as exc:
            return Outcome(None, f"{exc.name}: 无数据", exc.read, ("无数据",))
        notes: tuple[str, ...] = tuple(f"“{n}”为空，按 0 计" for n in zeroed) + told
        if not bottom <= snap(value) <= top:  # compared as exact rationals: 18 × (1/6) is 3, not above it
            if not clamp:
                if low is None:
                    raise evaluation_error(subject, trace_path, say("EV005.above", expr=model.expr, value=plain(value), high=plain(top)))
                if high is not None:
                    raise evaluation_error(subject, trace_path, say(
                        "EV005.outside", expr=model.expr, value=plain(value), low=plain(low), high=plain(high)))
                raise evaluation_error(subject, trace_path, say("EV005.below", expr=model.expr, value=plain(value), low=plain(low)))
            clamped = min(max(value, bottom), top)
            shown = _range_shown(low, high)
            notes += (f"截断到 {shown}: {plain(value)} → {plain(clamped)}",)
            value = clamped
        elif not bottom <= value <= top:  # an end, reached through a quotient's last digit: it is that end
            value = bottom if value < bottom else top
        # the inputs and the formula are written out when a trace asks
        return Outcome(value, partial(_formula, model.expr, names, known, value), partial(_inputs, names, known), notes)

    return evaluate


class _Trace:
    """What one subject's trace entry of an expression computed at once says, written when asked:
    the names read and their values, the intermediate values, the formula with them substituted."""

    __slots__ = ("lets", "made", "order", "read", "text", "value")

    def __init__(
        self, text: str, order: tuple[str, ...], read: tuple[Any, ...], lets: tuple[str, ...], made: tuple[Any, ...], value: Decimal,
    ) -> None:
        self.text, self.order, self.read, self.lets, self.made, self.value = text, order, read, lets, made, value

    def inputs(self) -> tuple[tuple[str, Any], ...]:
        return (*zip(self.order, self.read, strict=True), *zip(self.lets, self.made, strict=True))

    def formula(self) -> str:
        return _formula(self.text, dict(zip(self.order, self.read, strict=True)), dict(zip(self.lets, self.made, strict=True)), self.value)


def _inputs(names: dict[str, Any], known: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The fields and components read, in the order first used, then the intermediate values."""
    return tuple(names.items()) + tuple(known.items())


def _formula(text: str, names: dict[str, Any], known: dict[str, Any], value: Decimal) -> str:
    substituted = ", ".join(f"{n} = {format_value(v)}" for n, v in _inputs(names, known))
    return f"{text} ({substituted}) = {plain(value)}"


def _range_shown(low: Decimal | None, high: Decimal | None) -> str:
    if low is None:
        return f"上限 {plain(high)}" if high is not None else "不设范围"
    return f"{plain(low)}–{plain(high)}" if high is not None else f"下限 {plain(low)}"


class _NoValue(Exception):
    """A blank name in an expression with `on_blank: blank`: the component has no value."""

    def __init__(self, name: str, read: tuple[tuple[str, Any], ...]) -> None:
        super().__init__(name)
        self.name, self.read = name, read


@dataclass(frozen=True)
class _Step:
    """One expression of a component, in order (its `let` values, then `expr`): the name its value
    takes (None for `expr`), and how many of the names read in order it and the steps before it use."""

    name: str | None
    expression: Expression
    read: int


def _steps(
    lets: tuple[tuple[str, Expression], ...], expression: Expression, tabled: tuple[str, ...] = ()
) -> tuple[tuple[_Step, ...], tuple[str, ...]]:
    """The steps and the fields and components they read, in the order first used (not the let values,
    `tabled` the let tables' names among them)."""
    own = {name for name, _ in lets} | set(tabled)
    order: list[str] = []
    steps = []
    for name, step in [*lets, (None, expression)]:
        order.extend(n for n in step.names if n not in own and n not in order)
        steps.append(_Step(name, step, len(order)))
    return tuple(steps), tuple(order)


def _run(
    steps: tuple[_Step, ...], given: dict[str, Any], known: dict[str, Any], names: dict[str, Any],
    subject: SubjectFacts, blank: str, trace_path: str,
) -> Decimal:
    """The steps in order, each over the names read (`given`: a blank one as 0 under `on_blank: zero`)
    and the intermediate values before it; the last step's number. A problem names only what the
    steps up to it read."""
    values = given if len(steps) == 1 else dict(given)
    value = ZERO
    for step in steps:
        expression = step.expression
        try:
            value = expression.evaluate(values)
        except ExpressionProblem as exc:
            read = tuple(names.items())[:step.read]
            if exc.blank is not None and blank == "blank":
                raise _NoValue(exc.blank, read) from None
            if exc.blank is not None:  # located at the blank cell (or the subject's row)
                raise evaluation_error(
                    subject, trace_path, say("EV008.expression", expr=expression.text, problem=said_of(exc)), subject.cell(exc.blank)
                ) from None
            if known:  # what it was given, the intermediate values with it, says why (测评_好 = 0, …, 票数合计 = 0)
                shown = [f"{name} = {format_value(v)}" for name, v in (*read, *known.items())]
                raise evaluation_error(subject, trace_path, say("EV004.let", expr=expression.text, problem=said_of(exc), values=shown)) from None
            raise evaluation_error(subject, trace_path, say("EV004", expr=expression.text, problem=said_of(exc))) from None
        if isinstance(value, bool) or not isinstance(value, Decimal):
            raise evaluation_error(subject, trace_path, say("EV005.not_number", expr=expression.text, value=repr(value)))
        if step.name is not None:
            values[step.name] = known[step.name] = value
    return value


KIND = KindSpec(
    name="expression", label="表达式", model=ExpressionComponent, compile=compile_expr, role="score",
)
