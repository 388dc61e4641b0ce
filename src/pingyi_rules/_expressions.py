"""Sandboxed expressions: parsed and checked once at load, evaluated with Decimal numbers.

The grammar is a whitelist over Python's: numbers, names of columns and earlier
components, + - * / and a bounded **, comparisons, `and`/`or`/`not`, `x if c else y`
and calls to the functions in FUNCTIONS. Anything else is rejected at load with the
column of the offending token.
"""

from __future__ import annotations

import ast
import decimal
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import simpleeval  # type: ignore[import-untyped]

from ._errors import close_matches
from ._numbers import CONTEXT

MAX_POWER = Decimal(100)
MAX_DEPTH = 32
MAX_STRING = 200  # a string literal in the expression
MAX_TEXT_VALUE = 1000  # a text cell an expression compares at evaluation (no operator builds strings)
_DECIMAL_LITERAL = re.compile(r"(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\Z")


class ExpressionProblem(ValueError):
    """A problem with an expression; offset is the 0-based column inside it."""

    def __init__(self, message: str, offset: int = 0, suggestions: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.suggestions = tuple(suggestions)


def _num(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise ExpressionProblem(f"expected a number, got {value!r}")
    return value


def _round(value: Any, places: Any = Decimal(0)) -> Decimal:
    exponent = Decimal(1).scaleb(-int(_num(places)))
    return _num(value).quantize(exponent, rounding=ROUND_HALF_UP, context=CONTEXT)


def _clamp(value: Any, low: Any, high: Any) -> Decimal:
    return min(max(_num(value), _num(low)), _num(high))


def _min(*values: Any) -> Decimal:
    return min(_num(v) for v in values)


def _max(*values: Any) -> Decimal:
    return max(_num(v) for v in values)


def _abs(value: Any) -> Decimal:
    return abs(_num(value))


FUNCTIONS: Mapping[str, Callable[..., Decimal]] = {
    "abs": _abs,
    "clamp": _clamp,
    "max": _max,
    "min": _min,
    "round": _round,
}

_ARITY = {"abs": (1, 1), "clamp": (3, 3), "max": (1, 32), "min": (1, 32), "round": (1, 2)}

_ALLOWED_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_ALLOWED_UNARY = (ast.UAdd, ast.USub, ast.Not)
_ALLOWED_CMP = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def _safe_power(a: Any, b: Any) -> Decimal:
    a, b = _num(a), _num(b)
    if a == 0 and b < 0:  # Decimal gives Infinity here rather than a division by zero
        raise ExpressionProblem(f"power {a} ** {b}: division by zero")
    if abs(b) > MAX_POWER or abs(a) > Decimal(10) ** 6:
        raise ExpressionProblem(f"power {a} ** {b} is too large (limit: exponent {MAX_POWER})")
    return CONTEXT.power(a, b)


def _div(a: Any, b: Any) -> Decimal:
    a, b = _num(a), _num(b)
    if b == 0:
        raise ExpressionProblem("division by zero")
    return CONTEXT.divide(a, b)


def _ordered(a: Any, b: Any, symbol: str) -> bool:
    """Only numbers with numbers (or text with text) have an order."""
    number_a = isinstance(a, Decimal) and not isinstance(a, bool)
    number_b = isinstance(b, Decimal) and not isinstance(b, bool)
    if (number_a and number_b) or (isinstance(a, str) and isinstance(b, str)):
        return True
    raise ExpressionProblem(f"cannot compare {_what(a)} with {_what(b)} using '{symbol}'")


def _what(value: Any) -> str:
    if value is None:
        return "a blank"
    if isinstance(value, bool):
        return "a truth value"
    if isinstance(value, Decimal):
        return "a number"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


_OPERATORS = {
    ast.Add: lambda a, b: CONTEXT.add(_num(a), _num(b)),
    ast.Sub: lambda a, b: CONTEXT.subtract(_num(a), _num(b)),
    ast.Mult: lambda a, b: CONTEXT.multiply(_num(a), _num(b)),
    ast.Div: _div,
    ast.Pow: _safe_power,
    ast.USub: lambda a: -_num(a),
    ast.UAdd: lambda a: +_num(a),
    ast.Not: lambda a: not a,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: _ordered(a, b, "<") and a < b,
    ast.LtE: lambda a, b: _ordered(a, b, "<=") and a <= b,
    ast.Gt: lambda a, b: _ordered(a, b, ">") and a > b,
    ast.GtE: lambda a, b: _ordered(a, b, ">=") and a >= b,
}


@dataclass(frozen=True)
class Expression:
    """A parsed, checked expression; evaluate() is pure."""

    text: str
    tree: ast.expr
    names: tuple[str, ...]

    def evaluate(self, names: Mapping[str, Any]) -> Any:
        """Evaluate with the given name values; raises ExpressionProblem on runtime faults."""
        for name, value in names.items():
            if isinstance(value, str) and len(value) > MAX_TEXT_VALUE:
                raise ExpressionProblem(f"the text of '{name}' is longer than {MAX_TEXT_VALUE} characters")
        # a fresh evaluator per call (it keeps per-call state); simpleeval never changes these tables
        evaluator = simpleeval.SimpleEval(operators=_OPERATORS, functions=FUNCTIONS, names=names)
        try:
            return evaluator.eval(self.text, previously_parsed=self.tree)
        except ExpressionProblem:
            raise
        except simpleeval.InvalidExpression as exc:
            raise ExpressionProblem(str(exc)) from None
        except decimal.Overflow:
            raise ExpressionProblem("a number grew too large") from None
        except decimal.InvalidOperation:
            raise ExpressionProblem(
                "invalid arithmetic (e.g. a fractional power of a negative number, or rounding to absurd places)"
            ) from None
        except (ArithmeticError, TypeError, ValueError) as exc:
            raise ExpressionProblem(f"cannot evaluate: {exc}") from None


def compile_expression(
    text: str, known_names: Iterable[str], later: Iterable[str] = (), own: str | None = None
) -> Expression:
    """Parse and check text; raise ExpressionProblem naming the first offending token.

    `later` are names that exist but are not available yet (components evaluated after this one),
    and `own` is the expression's own component, so the message can say so instead of "unknown".
    """
    known = set(known_names)
    unavailable = {name: _LATER for name in set(later) - known}
    if own is not None and own not in known:
        unavailable[own] = _OWN
    try:
        with warnings.catch_warnings():  # "1if x" warns; make it the syntax error it is, never terminal noise
            warnings.simplefilter("error", SyntaxWarning)
            module = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionProblem(f"syntax error: {exc.msg}", (exc.offset or 1) - 1) from None
    used: list[str] = []
    _check(module.body, text, _Names(known, unavailable), used, 0)
    tree = _decimal_literals(module.body, text)
    return Expression(text=text, tree=tree, names=tuple(dict.fromkeys(used)))


# What a user typed, for messages (Python's node names mean nothing to them).
_SPELLING = {
    "BitOr": "'|'", "BitAnd": "'&'", "BitXor": "'^'", "LShift": "'<<'", "RShift": "'>>'", "Mod": "'%'",
    "FloorDiv": "'//'", "MatMult": "'@'", "Invert": "'~'", "In": "'in'", "NotIn": "'not in'", "Is": "'is'",
    "IsNot": "'is not'", "Subscript": "indexing '[ ]'", "Slice": "slicing", "JoinedStr": "an f-string",
    "FormattedValue": "an f-string", "NamedExpr": "assignment ':='", "List": "a list", "Tuple": "a tuple",
    "Dict": "a dict", "Set": "a set", "Starred": "'*'", "Await": "await", "Yield": "yield",
    "YieldFrom": "yield",
}


def _spelled(node: ast.AST) -> str:
    name = type(node).__name__
    return _SPELLING.get(name, name)


def _column(text: str, byte_offset: int) -> int:
    """ast counts columns in UTF-8 bytes; people count characters (得分 is 2, not 6)."""
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


_LATER = "'{}' is a component evaluated later; an expression may use columns and earlier components"
_OWN = "an expression cannot use its own component '{}'"


@dataclass(frozen=True)
class _Names:
    """The names an expression may use, and those that exist but may not be used here (with why)."""

    known: set[str]
    unavailable: dict[str, str]


def _check(node: ast.AST, text: str, names: _Names, used: list[str], depth: int) -> None:
    offset = _column(text, getattr(node, "col_offset", 0))
    if depth > MAX_DEPTH:
        raise ExpressionProblem(f"expression nested deeper than {MAX_DEPTH} levels", offset)
    children: list[ast.AST]
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, _ALLOWED_BINOPS):
            raise ExpressionProblem(f"operator {_spelled(node.op)} is not allowed", offset)
        children = [node.left, node.right]
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, _ALLOWED_UNARY):
            raise ExpressionProblem(f"operator {_spelled(node.op)} is not allowed", offset)
        children = [node.operand]
    elif isinstance(node, ast.BoolOp):
        children = list(node.values)
    elif isinstance(node, ast.Compare):
        for op in node.ops:
            if not isinstance(op, _ALLOWED_CMP):
                raise ExpressionProblem(f"comparison {_spelled(op)} is not allowed", offset)
        children = [node.left, *node.comparators]
    elif isinstance(node, ast.IfExp):
        children = [node.test, node.body, node.orelse]
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
            raise ExpressionProblem(
                f"'{name}' is not an allowed function (allowed: {', '.join(sorted(FUNCTIONS))})",
                offset,
                close_matches(name, FUNCTIONS),
            )
        if node.keywords:
            raise ExpressionProblem("keyword arguments are not allowed", offset)
        low, high = _ARITY[node.func.id]
        if not low <= len(node.args) <= high:
            raise ExpressionProblem(
                f"{node.func.id}() takes {low}{'' if low == high else f' to {high}'} arguments, "
                f"got {len(node.args)}",
                offset,
            )
        children = list(node.args)
    elif isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise ExpressionProblem(f"name '{node.id}' is not allowed", offset)
        if node.id in names.unavailable:
            raise ExpressionProblem(names.unavailable[node.id].format(node.id), offset)
        if node.id not in names.known:
            raise ExpressionProblem(
                f"unknown name '{node.id}'", offset, close_matches(node.id, names.known)
            )
        used.append(node.id)
        return
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            if len(node.value) > MAX_STRING:
                raise ExpressionProblem(f"string longer than {MAX_STRING} characters", offset)
            return
        if isinstance(node.value, (bool, int, float)):
            if isinstance(node.value, float) and "j" in (ast.get_source_segment(text, node) or ""):
                raise ExpressionProblem("complex numbers are not allowed", offset)
            return
        raise ExpressionProblem(f"literal {node.value!r} is not allowed", offset)
    elif isinstance(node, ast.Attribute):
        raise ExpressionProblem("attribute access ('.') is not allowed", offset)
    elif isinstance(node, ast.Lambda):
        raise ExpressionProblem("lambda is not allowed", offset)
    elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        raise ExpressionProblem("comprehensions are not allowed", offset)
    else:
        raise ExpressionProblem(f"{_spelled(node)} is not allowed in an expression", offset)
    for child in children:
        _check(child, text, names, used, depth + 1)


class _DecimalLiterals(ast.NodeTransformer):
    def __init__(self, text: str) -> None:
        self.text = text

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            source = ast.get_source_segment(self.text, node) or repr(node.value)
            if not _DECIMAL_LITERAL.match(source):
                raise ExpressionProblem(f"number '{source}' is not a plain decimal", _column(self.text, node.col_offset))
            literal = ast.Constant(value=Decimal(source))  # type: ignore[arg-type]
            return ast.copy_location(literal, node)
        return node


def _decimal_literals(tree: ast.expr, text: str) -> ast.expr:
    result = _DecimalLiterals(text).visit(tree)
    assert isinstance(result, ast.expr)
    return result
