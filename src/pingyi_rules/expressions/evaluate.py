"""Evaluating a checked expression: Decimal arithmetic, typed comparisons, and no recursion.

Numbers are compared after `core.numbers.snap` (quotient noise below 10⁻³⁰ removed), so a
comparison gives the answer exact rational arithmetic gives: `3 * (16 / 48) >= 1` holds.

The kinds of value an expression handles are numbers (Decimal), text, 是/否 values (bool)
and dates. Comparing two kinds is an error unless one side is text that spells a value
of the other kind exactly ('是'/'否' for a 是/否 value, '2023-06-01' for a date). Text is
compared after the same normalisation as facts. The evaluator walks the tree with an
explicit stack, so a long flat chain (a sum of a thousand terms) costs no Python recursion.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..core.messages import Message, Text, say
from ..core.numbers import CONTEXT, SNAP, plain, round_to, snap
from ..facts.reading import NO, YES, nfkc

MAX_POWER = Decimal(100)
MAX_BASE = Decimal(10) ** 6
MAX_PLACES = 10  # round(x, places): as many places as the numbers section allows
_NEAR_BELOW, _NEAR_ABOVE = -SNAP, SNAP  # numbers this close are compared snapped
_subtract = CONTEXT.subtract

NUMBER, TEXT, YESNO, DATE = "number", "text", "yes/no", "date"
WORDS: dict[str, Message] = {  # the kinds in messages
    NUMBER: say("phrase.expr_a_number"), TEXT: say("phrase.expr_text"), YESNO: say("phrase.expr_a_yesno", yes=YES, no=NO),
    DATE: say("phrase.expr_a_date"),
}
ORDERED = frozenset({NUMBER, DATE})

SYMBOLS: dict[type, str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.USub: "-", ast.UAdd: "+",
    ast.Not: "not", ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.And: "and", ast.Or: "or",
}
_DATE_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\Z")


class ExpressionProblem(ValueError):
    """A problem with an expression; offset is the 0-based column inside it.

    `blank` is set when the problem is that the named value is blank for this subject.
    """

    def __init__(
        self, message: str | Message, offset: int = 0, suggestions: Sequence[str] = (), blank: str | None = None
    ) -> None:
        super().__init__(message)
        self.said: Message | Text = Text(message) if isinstance(message, str) else message
        self.offset = offset
        self.suggestions = tuple(suggestions)
        self.blank = blank

    @property
    def message(self) -> str:
        """The problem in the language in force (see core.messages)."""
        return self.said.render()


# --------------------------------------------------------------------------- kinds of value


def kind_of(value: Any) -> str | None:
    """The kind of a runtime value (None for anything an expression does not handle)."""
    if isinstance(value, bool):
        return YESNO
    if isinstance(value, Decimal):
        return NUMBER
    if isinstance(value, str):
        return TEXT
    if isinstance(value, dt.date):
        return DATE
    return None


def yesno_of(text: str) -> bool | None:
    """True for '是', False for '否' (after normalisation), None for any other text."""
    normal = nfkc(text)
    return True if normal == YES else False if normal == NO else None


def date_of(text: str) -> dt.date | None:
    """The date a text like '2023-06-01' spells, or None."""
    match = _DATE_TEXT.match(nfkc(text))
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def text_as(kind: str, text: str) -> Any:
    """Text read as a value of `kind` (是/否 or a date), or None when it spells none."""
    return yesno_of(text) if kind == YESNO else date_of(text) if kind == DATE else None


def not_spelled(kind: str, text: str, other: str | Message) -> Message:
    """Why `text` cannot stand for a value of `kind`; `other` names the side it is compared with."""
    if kind == YESNO:
        return say("phrase.expr_not_yesno", other=other, kind=WORDS[YESNO], yes=YES, no=NO, text=text)
    return say("phrase.expr_not_a_date", text=text, other=other)


def places_problem(places: Decimal) -> Message | None:
    """Why `places` cannot be round()'s number of places, or None if it can."""
    if places != places.to_integral_value() or not 0 <= places <= MAX_PLACES:
        return say("phrase.expr_round_places", max=MAX_PLACES, places=plain(places))
    return None


def clamp_problem(low: Decimal, high: Decimal) -> Message | None:
    """Why clamp() cannot have these ends, or None if it can."""
    if snap(low) > snap(high):
        return say("phrase.expr_clamp_ends", low=plain(low), high=plain(high))
    return None


def shown(value: Any) -> Message:
    """A runtime value for a message."""
    if isinstance(value, bool):
        return say("phrase.expr_shown_yesno", yes=YES, no=NO, value=YES if value else NO)
    if isinstance(value, Decimal):
        return say("phrase.expr_shown_number", value=plain(value))
    if isinstance(value, str):
        return say("phrase.expr_shown_text", value=value)
    if isinstance(value, dt.date):
        return say("phrase.expr_shown_date", value=value.isoformat())
    return say("phrase.expr_shown_type", type=type(value).__name__)


def described(node: ast.AST, value: Any) -> Message:
    """An operand and its value for a message: a name is named."""
    if isinstance(node, ast.Name):
        return say("phrase.expr_named", name=node.id, what=shown(value))
    return shown(value)


# --------------------------------------------------------------------------- operations


def _num(value: Any, node: ast.AST, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise ExpressionProblem(say("phrase.expr_needs_numbers", what=what, described=described(node, value)))
    return value


def _truth(value: Any, node: ast.AST) -> bool:
    if not isinstance(value, bool):
        raise ExpressionProblem(
            say("phrase.expr_condition_kind", kind=WORDS[YESNO], yes=YES, no=NO, described=described(node, value))
        )
    return value


def _power(a: Decimal, b: Decimal) -> Decimal:
    if a == 0 and b < 0:  # Decimal gives Infinity here rather than a division by zero
        raise ExpressionProblem(say("phrase.expr_power_zero", a=a, b=b))
    if abs(b) > MAX_POWER or abs(a) > MAX_BASE:
        raise ExpressionProblem(say("phrase.expr_power_too_large", a=a, b=b, max=MAX_POWER))
    return CONTEXT.power(a, b)


def _divide(a: Decimal, b: Decimal) -> Decimal:
    if b == 0:
        raise ExpressionProblem(say("phrase.expr_division_by_zero"))
    return CONTEXT.divide(a, b)


_ARITHMETIC: dict[type, Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: CONTEXT.add, ast.Sub: CONTEXT.subtract, ast.Mult: CONTEXT.multiply, ast.Div: _divide, ast.Pow: _power,
}
_COMPARISONS: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: bool(a == b), ast.NotEq: lambda a, b: bool(a != b), ast.Lt: lambda a, b: bool(a < b),
    ast.LtE: lambda a, b: bool(a <= b), ast.Gt: lambda a, b: bool(a > b), ast.GtE: lambda a, b: bool(a >= b),
}


def compare(op: ast.cmpop, a: Any, b: Any, left: ast.AST, right: ast.AST) -> bool:
    """a op b under the expression rules: one kind on both sides, or text that spells the other kind."""
    kind_a, kind_b = kind_of(a), kind_of(b)
    symbol = SYMBOLS[type(op)]
    if kind_a is None or kind_b is None or kind_a != kind_b:
        if kind_a == TEXT and kind_b in (YESNO, DATE):
            spelled = text_as(kind_b, a)
            if spelled is None:
                raise ExpressionProblem(not_spelled(kind_b, a, right.id if isinstance(right, ast.Name) else shown(b)))
            a, kind_a = spelled, kind_b
        elif kind_b == TEXT and kind_a in (YESNO, DATE):
            spelled = text_as(kind_a, b)
            if spelled is None:
                raise ExpressionProblem(not_spelled(kind_a, b, left.id if isinstance(left, ast.Name) else shown(a)))
            b, kind_b = spelled, kind_a
        else:
            raise ExpressionProblem(
                say("phrase.expr_cannot_compare", left=described(left, a), right=described(right, b), symbol=symbol)
            )
    if kind_a not in ORDERED and symbol not in ("==", "!="):
        raise ExpressionProblem(
            say("phrase.expr_no_order", kind=WORDS[kind_a or TEXT], symbol=symbol, described=described(left, a))
        )
    if kind_a == NUMBER:
        a, b = _near(a, b)
    elif kind_a == TEXT:
        a, b = nfkc(a), nfkc(b)
    return _COMPARISONS[type(op)](a, b)


def _round(args: list[Any], nodes: list[ast.expr]) -> Decimal:
    value = _num(args[0], nodes[0], "round()")
    places = _num(args[1], nodes[1], "round()") if len(args) > 1 else Decimal(0)
    problem = places_problem(places)
    if problem:
        raise ExpressionProblem(problem)
    return round_to(value, int(places), "half_up")  # a quotient's last-digit noise removed first, as everywhere


def _clamp(args: list[Any], nodes: list[ast.expr]) -> Decimal:
    value, low, high = (_num(a, n, "clamp()") for a, n in zip(args, nodes, strict=True))
    problem = clamp_problem(low, high)
    if problem:
        raise ExpressionProblem(problem)
    return min(max(value, low), high)


def _min(args: list[Any], nodes: list[ast.expr]) -> Decimal:
    return min(_num(a, n, "min()") for a, n in zip(args, nodes, strict=True))


def _max(args: list[Any], nodes: list[ast.expr]) -> Decimal:
    return max(_num(a, n, "max()") for a, n in zip(args, nodes, strict=True))


def _abs(args: list[Any], nodes: list[ast.expr]) -> Decimal:
    return CONTEXT.abs(_num(args[0], nodes[0], "abs()"))


# name: (fewest arguments, most arguments, the function)
FUNCTIONS: Mapping[str, tuple[int, int, Callable[[list[Any], list[ast.expr]], Decimal]]] = {
    "abs": (1, 1, _abs),
    "clamp": (3, 3, _clamp),
    "max": (1, 32, _max),
    "min": (1, 32, _min),
    "round": (1, 2, _round),
}


# --------------------------------------------------------------------------- the evaluator

_EVAL, _BINARY, _UNARY, _BOOL, _COMPARE, _BRANCH, _CALL = range(7)


# One loop over an explicit stack, every step inline: it runs for every expression of every subject,
# a long chain must not recurse, and a function call per step would slow the hot path.
def evaluate_tree(
    root: ast.expr, names: Mapping[str, Any], blank: Callable[[str], ExpressionProblem]
) -> Any:
    """The value of a checked tree; `blank(name)` is the problem to raise when a name's value is None."""
    values: list[Any] = []
    todo: list[tuple[int, Any]] = [(_EVAL, root)]
    push, pop, result = todo.append, todo.pop, values.append
    while todo:
        step, node = pop()
        if step == _EVAL:
            kind = type(node)
            if kind is ast.Constant:
                result(node.value)
            elif kind is ast.Name:
                value = names[node.id]
                if value is None:
                    raise blank(node.id)
                result(value)
            elif kind is ast.BinOp:
                push((_BINARY, node))
                push((_EVAL, node.right))
                push((_EVAL, node.left))
            elif kind is ast.Compare:
                push((_COMPARE, (node, 0)))
                push((_EVAL, node.comparators[0]))
                push((_EVAL, node.left))
            elif kind is ast.BoolOp:
                push((_BOOL, (node, 1)))
                push((_EVAL, node.values[0]))
            elif kind is ast.IfExp:
                push((_BRANCH, node))
                push((_EVAL, node.test))
            elif kind is ast.UnaryOp:
                push((_UNARY, node))
                push((_EVAL, node.operand))
            elif kind is ast.Call:
                push((_CALL, node))
                for argument in reversed(node.args):
                    push((_EVAL, argument))
            else:  # the checker lets nothing else through
                raise ExpressionProblem(say("phrase.expr_cannot_evaluate_node", node=type(node).__name__))
        elif step == _BINARY:
            right = values.pop()
            left = values.pop()
            symbol = f"'{SYMBOLS[type(node.op)]}'"
            left = _num(left, node.left, symbol)
            right = _num(right, node.right, symbol)
            result(_ARITHMETIC[type(node.op)](left, right))
        elif step == _COMPARE:
            node, index = node
            right = values.pop()
            left = values.pop()
            left_node = node.left if index == 0 else node.comparators[index - 1]
            holds = compare(node.ops[index], left, right, left_node, node.comparators[index])
            if holds and index + 1 < len(node.comparators):
                result(right)
                push((_COMPARE, (node, index + 1)))
                push((_EVAL, node.comparators[index + 1]))
            else:
                result(holds)
        elif step == _BOOL:
            node, index = node
            truth = _truth(values.pop(), node.values[index - 1])
            settled = truth if isinstance(node.op, ast.Or) else not truth
            if settled or index == len(node.values):
                result(truth)
            else:
                push((_BOOL, (node, index + 1)))
                push((_EVAL, node.values[index]))
        elif step == _BRANCH:
            push((_EVAL, node.body if _truth(values.pop(), node.test) else node.orelse))
        elif step == _UNARY:
            operand = values.pop()
            if isinstance(node.op, ast.Not):
                result(not _truth(operand, node.operand))
            else:
                number = _num(operand, node.operand, f"'{SYMBOLS[type(node.op)]}'")
                result(CONTEXT.minus(number) if isinstance(node.op, ast.USub) else CONTEXT.plus(number))
        else:  # _CALL
            count = len(node.args)
            arguments = values[len(values) - count:]
            del values[len(values) - count:]
            result(FUNCTIONS[node.func.id][2](arguments, node.args))
    return values.pop()


# --------------------------------------------------------------------------- arithmetic, compiled


class NotPlain(Exception):
    """A compiled arithmetic tree met something only `evaluate_tree` may answer (a blank or
    non-number value, a zero divisor): the caller evaluates the tree the general way."""


_PLAIN_OPS = {ast.Add: "_add", ast.Sub: "_subtract", ast.Mult: "_multiply", ast.Div: "_divide_plain"}
_PLAIN_NODES = 150  # larger trees are left to the loop (the calls nest as deep as the tree)


def compile_arithmetic(root: ast.expr) -> Callable[[Mapping[str, Any]], Decimal | bool] | None:
    """The tree as one Python function when it is only + - * /, min and max of names and numbers (a
    tally, a weighted sum, a capped deduction), or a test of such numbers (one comparison, `and`,
    `or`, `not`: a range check): the same operations in the same context as `evaluate_tree`, several times faster.
    Its source is made here from the checked tree alone (each name a quoted key, each number a
    constant passed in); anything the general loop would have to judge (a blank or non-number value,
    a zero divisor) raises NotPlain. None for any other tree."""
    names: dict[str, str] = {}  # name → its local variable
    constants: dict[str, Decimal] = {}
    text = (_plain_test if type(root) in _TESTS else _plain)(root, names, constants, [0])
    if text is None:
        return None
    lines = ["def arithmetic(names):"]
    for name, variable in names.items():
        lines.append(f"    {variable} = names[{name!r}]")
        lines.append(f"    if type({variable}) is not Decimal: raise NotPlain")
    lines.append(f"    return {text}")
    function: Callable[[Mapping[str, Any]], Decimal | bool] | None = _made("arithmetic", lines, constants)
    return function


Steps = Callable[[Mapping[str, Any], Mapping[str, Any]], tuple[Decimal, tuple[Decimal, ...], tuple[Decimal, ...]]]


def compile_steps(reads: Sequence[str], steps: Sequence[tuple[str | None, ast.expr]]) -> Steps | None:
    """Named steps over the names `reads` (an expression's `let` values in order, then the expression,
    named None) as one Python function of (fields, scope) — each name read from `scope` when there,
    else from `fields`, as the expression reads them — that returns the last step's value, the values
    read (in the order of `reads`) and the named steps' values: the work of `compile_arithmetic` on
    each step and of passing the values between them, done at once. NotPlain when a value is not a
    number or a divisor is zero (the caller then takes the general way, which says what is wrong).
    None when a step is not plain arithmetic over `reads` and the steps before it."""
    names = {name: f"v{index}" for index, name in enumerate(reads)}
    known = len(names)
    constants: dict[str, Decimal] = {}
    lines = ["def steps(fields, scope):"]
    for name, variable in names.items():
        lines.append(f"    {variable} = scope[{name!r}] if {name!r} in scope else fields.get({name!r})")
        lines.append(f"    if type({variable}) is not Decimal: raise NotPlain")
    lets: list[str] = []
    text: str | None = "None"
    for index, (step, tree) in enumerate(steps):
        text = _plain(tree, names, constants, [0])
        if text is None or len(names) != known:  # not plain, or a name neither read nor a step before it
            return None
        if step is not None:
            if step in names:
                return None
            variable = names[step] = f"l{index}"
            known += 1
            lines.append(f"    {variable} = {text}")
            lets.append(variable)
    read = "".join(f"{v}, " for v in list(names.values())[: len(reads)])
    lines.append(f"    return {text}, ({read}), ({''.join(f'{v}, ' for v in lets)})")
    function: Steps | None = _made("steps", lines, constants)
    return function


def _made(name: str, lines: list[str], constants: dict[str, Decimal]) -> Any:
    """The function `name` the source `lines` define, over the plain operations and `constants`."""
    scope: dict[str, Any] = {
        "Decimal": Decimal, "NotPlain": NotPlain, "_add": CONTEXT.add, "_subtract": CONTEXT.subtract,
        "_multiply": CONTEXT.multiply, "_divide_plain": _divide_plain, **_PLAIN_TESTS, **constants,
    }
    try:
        exec(compile("\n".join(lines), f"<{name}>", "exec"), scope)  # noqa: S102 - source built from a checked tree
    except (SyntaxError, RecursionError, MemoryError):  # nested too deep for Python's parser: the loop evaluates it
        return None
    return scope[name]


def _plain(node: ast.expr, names: dict[str, str], constants: dict[str, Decimal], count: list[int]) -> str | None:
    count[0] += 1
    if count[0] > _PLAIN_NODES:
        return None
    kind = type(node)
    if kind is ast.Constant:
        value = node.value  # type: ignore[attr-defined]
        if type(value) is not Decimal:
            return None
        variable = f"c{len(constants)}"
        constants[variable] = value
        return variable
    if kind is ast.Name:
        return names.setdefault(node.id, f"v{len(names)}")  # type: ignore[attr-defined]
    if kind is ast.Call:  # min(…) and max(…) of plain arguments: Python's own, the first of equal ones, as `_min`/`_max`
        function = node.func  # type: ignore[attr-defined]
        arguments = node.args  # type: ignore[attr-defined]
        if type(function) is not ast.Name or function.id not in ("min", "max") or node.keywords or not 1 <= len(arguments) <= 32:  # type: ignore[attr-defined]
            return None
        parts: list[str] = []
        for argument in arguments:
            part = _plain(argument, names, constants, count)
            if part is None:
                return None
            parts.append(part)
        return f"{function.id}({', '.join(parts)})" if len(parts) > 1 else parts[0]
    if kind is not ast.BinOp:
        return None
    operation = _PLAIN_OPS.get(type(node.op))  # type: ignore[attr-defined]
    if operation is None:
        return None
    return _applied(operation, node.left, node.right, names, constants, count)  # type: ignore[attr-defined]


def _applied(
    function: str, left: ast.expr, right: ast.expr, names: dict[str, str], constants: dict[str, Decimal], count: list[int]
) -> str | None:
    """`function(left, right)` as Python source, both sides plain arithmetic; None when one is not."""
    first = _plain(left, names, constants, count)
    second = _plain(right, names, constants, count) if first is not None else None
    return None if second is None else f"{function}({first}, {second})"


_TESTS = (ast.Compare, ast.BoolOp, ast.UnaryOp)
_PLAIN_COMPARISONS = {op: f"_test_{op.__name__}" for op in _COMPARISONS}


def _plain_test(node: ast.expr, names: dict[str, str], constants: dict[str, Decimal], count: list[int]) -> str | None:
    """A test of plain arithmetic as Python source (as `_plain`): one comparison of two numbers (as
    `compare` makes it: numbers closer than 10⁻³⁰ compared snapped), `and`, `or` and `not` of tests
    (Python's, short-circuit as `evaluate_tree`'s); None for any other tree."""
    count[0] += 1
    kind = type(node)
    if count[0] > _PLAIN_NODES:
        return None
    if kind is ast.Compare:
        operators = node.ops  # type: ignore[attr-defined]
        test = _PLAIN_COMPARISONS.get(type(operators[0])) if len(operators) == 1 else None
        return None if test is None else _applied(test, node.left, node.comparators[0], names, constants, count)  # type: ignore[attr-defined]
    if kind is ast.BoolOp:
        parts = [_plain_test(value, names, constants, count) for value in node.values]  # type: ignore[attr-defined]
        if None in parts:
            return None
        joint = " or " if type(node.op) is ast.Or else " and "  # type: ignore[attr-defined]
        return "(" + joint.join(parts) + ")"  # type: ignore[arg-type]
    if kind is ast.UnaryOp and type(node.op) is ast.Not:  # type: ignore[attr-defined]
        operand = _plain_test(node.operand, names, constants, count)  # type: ignore[attr-defined]
        return None if operand is None else f"(not {operand})"
    return None


def _near(a: Decimal, b: Decimal) -> tuple[Decimal, Decimal]:
    """Two numbers as exact rationals compare them: quotient noise below 10⁻³⁰ removed. Two numbers
    further apart than 10⁻³⁰ keep their order when snapped, so only closer ones are snapped (the hot path)."""
    if _NEAR_BELOW <= _subtract(a, b) <= _NEAR_ABOVE:
        return snap(a), snap(b)
    return a, b


def _compared(test: Callable[[Any, Any], bool]) -> Callable[[Decimal, Decimal], bool]:
    """`test` of two numbers as `compare` makes it (`_near`), for the compiled tests."""

    def compared(a: Decimal, b: Decimal) -> bool:
        a, b = _near(a, b)
        return test(a, b)

    return compared


_PLAIN_TESTS = {f"_test_{op.__name__}": _compared(test) for op, test in _COMPARISONS.items()}


def _divide_plain(a: Decimal, b: Decimal) -> Decimal:
    if b == 0:
        raise NotPlain
    return CONTEXT.divide(a, b)
