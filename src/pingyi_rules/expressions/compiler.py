"""Sandboxed expressions: parsed, typed and checked once at load, evaluated with Decimal numbers.

The grammar is a whitelist over Python's: numbers, names of columns and earlier
components, + - * / and a bounded **, comparisons, `and`/`or`/`not`, `x if c else y`
and calls to the functions in FUNCTIONS. Anything else is rejected at load with the
column of the offending token. Every name has a kind (number, text, 是/否, date) from its
column's declaration, so a comparison of two kinds, arithmetic on text or a condition
that is not a 是/否 value is rejected at load too; what the declarations cannot settle
is checked by the same rules when evaluated (see expressions.evaluate).
"""

from __future__ import annotations

import ast
import decimal
import io
import re
import tokenize
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..core.errors import close_matches
from ..core.messages import Message, Text, say
from ..core.numbers import LIMIT
from ..facts.reading import NO, YES, nfkc
from .evaluate import (
    DATE,
    FUNCTIONS,
    MAX_POWER,
    NUMBER,
    ORDERED,
    SYMBOLS,
    TEXT,
    WORDS,
    YESNO,
    ExpressionProblem,
    NotPlain,
    clamp_problem,
    compile_arithmetic,
    evaluate_tree,
    not_spelled,
    places_problem,
    text_as,
)

__all__ = [
    "COMPONENT",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_POWER",
    "MAX_STRING",
    "MAX_TEXT_VALUE",
    "NUMBER",
    "YESNO",
    "Expression",
    "ExpressionProblem",
    "NameType",
    "column_type",
    "compile_expression",
]

MAX_DEPTH = 32  # levels of parentheses (a call's parentheses count)
MAX_STRING = 200  # a string literal in the expression
MAX_TEXT_VALUE = 1000  # a text cell an expression compares at evaluation (no operator builds strings)
_DECIMAL_LITERAL = re.compile(r"(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\Z")


@dataclass(frozen=True)
class NameType:
    """What is known at load about a name an expression may use."""

    kind: str | None  # NUMBER, TEXT, YESNO or DATE; None: checked when evaluated
    values: tuple[str, ...] | None = None  # an enum column's values
    component: bool = False  # an earlier component (its points), not a column


_COLUMN_KINDS = {
    "count": NUMBER, "decimal": NUMBER, "grade": NUMBER, "id": TEXT, "text": TEXT, "enum": TEXT, "bool": YESNO, "date": DATE,
    "month": DATE,
}
COMPONENT = NameType(NUMBER, component=True)


def column_type(declared: str, values: Iterable[str] | None = None) -> NameType:
    """The NameType of a column declared with `type: declared` (and an enum's `values`)."""
    return NameType(_COLUMN_KINDS.get(declared), tuple(values) if values is not None else None)


@dataclass(frozen=True)
class Expression:
    """A parsed, checked expression; evaluate() is pure."""

    text: str
    tree: ast.expr
    names: tuple[str, ...]
    components: frozenset[str] = frozenset()  # the names that are components, for messages
    arithmetic: Callable[[Mapping[str, Any]], Decimal | bool] | None = field(default=None, compare=False)  # + - * / compiled

    def evaluate(self, names: Mapping[str, Any]) -> Any:
        """Evaluate with the given name values; raises ExpressionProblem on runtime faults."""
        arithmetic = self.arithmetic
        if arithmetic is not None:  # every value a number and no zero divisor: the same value, faster
            try:
                return arithmetic(names)
            except NotPlain:
                pass
            except (ArithmeticError, KeyError):
                pass  # said by the general loop below
        for name, value in names.items():
            if isinstance(value, str) and len(value) > MAX_TEXT_VALUE:
                raise ExpressionProblem(say("phrase.expr_text_too_long", name=name, max=MAX_TEXT_VALUE))
        try:
            return evaluate_tree(self.tree, names, self._blank)
        except ExpressionProblem:
            raise
        except KeyError as exc:
            raise ExpressionProblem(say("phrase.expr_no_value_given", name=exc.args[0])) from None
        except decimal.Overflow:
            raise ExpressionProblem(say("phrase.expr_number_too_large_now")) from None
        except decimal.InvalidOperation:
            raise ExpressionProblem(say("phrase.expr_invalid_arithmetic")) from None
        except (ArithmeticError, TypeError, ValueError) as exc:
            raise ExpressionProblem(say("phrase.expr_cannot_evaluate", error=Text(str(exc)))) from None  # Python's words

    def _blank(self, name: str) -> ExpressionProblem:
        if name in self.components:
            return ExpressionProblem(say("phrase.expr_component_no_points", name=name, no_data="无数据"), blank=name)
        return ExpressionProblem(say("phrase.expr_blank", name=name), blank=name)


def usable_name(name: str) -> bool:
    """Whether an expression can name this column or value as it is written (not `测评(一)`, `a b`, `if`)."""
    try:
        tree = ast.parse(name, mode="eval").body
    except (SyntaxError, ValueError):
        return False
    return isinstance(tree, ast.Name) and tree.id == name and name not in FUNCTIONS


def compile_expression(
    text: str,
    known_names: Iterable[str],
    later: Iterable[str] = (),
    own: str | None = None,
    types: Mapping[str, NameType] | None = None,
    result: str = NUMBER,
) -> Expression:
    """Parse and check text; raise ExpressionProblem naming the first offending token.

    `later` are names that exist but are not available yet (components evaluated after this one),
    and `own` is the expression's own component, so the message can say so instead of "unknown".
    `types` gives the kind of each name; a name without one is checked when evaluated. `result` is
    the kind the expression must give: a number (a score), or a 是/否 value (a condition).
    """
    known = set(known_names)
    unavailable = {name: "phrase.expr_later" for name in set(later) - known}
    if own is not None and own not in known:
        unavailable[own] = "phrase.expr_own"
    try:
        with warnings.catch_warnings():  # "1if x" warns; make it the syntax error it is, never terminal noise
            warnings.simplefilter("error", SyntaxWarning)
            module = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        if "too many nested parentheses" in str(exc.msg):
            raise ExpressionProblem(say("phrase.expr_too_deep", max=MAX_DEPTH), (exc.offset or 1) - 1) from None
        # Python's parser's own words, framed
        raise ExpressionProblem(say("phrase.expr_syntax_error", error=Text(exc.msg)), (exc.offset or 1) - 1) from None
    except ValueError as exc:  # a NUL character
        raise ExpressionProblem(say("phrase.expr_syntax_error", error=Text(str(exc)))) from None
    except (RecursionError, MemoryError):  # Python's parser gives up ("too complex"): thousands of levels
        raise ExpressionProblem(say("phrase.expr_unreadable")) from None
    _check_nesting(text)
    used: list[str] = []
    _check(module.body, text, _Names(known, unavailable), used)
    _literals(module.body, text)
    types = types or {}
    kind = _Typing(text, types).run(module.body)
    if kind is not None and kind != result:
        if result == YESNO:
            raise ExpressionProblem(
                say("phrase.expr_gives_not_condition", kind=WORDS[kind], yesno=WORDS[YESNO], example="分数 >= 60"), 0
            )
        if kind == YESNO:
            raise ExpressionProblem(say("phrase.expr_gives_condition_not_number", kind=WORDS[kind]), 0)
        raise ExpressionProblem(say("phrase.expr_gives_not_number", kind=WORDS[kind]), 0)
    names = tuple(dict.fromkeys(used))
    components = frozenset(n for n in names if n in types and types[n].component)
    return Expression(text=text, tree=module.body, names=names, components=components, arithmetic=compile_arithmetic(module.body))


# --------------------------------------------------------------------------- the whitelist

# What a user typed, for messages (Python's node names mean nothing to them).
# what a refused node is called: the symbols as written (Text), the rest in words (phrases)
_SPELLING: dict[str, Message | Text] = {
    "BitOr": Text("'|'"), "BitAnd": Text("'&'"), "BitXor": Text("'^'"), "LShift": Text("'<<'"), "RShift": Text("'>>'"),
    "Mod": Text("'%'"), "FloorDiv": Text("'//'"), "MatMult": Text("'@'"), "Invert": Text("'~'"), "In": Text("'in'"),
    "NotIn": Text("'not in'"), "Is": Text("'is'"), "IsNot": Text("'is not'"), "Subscript": say("phrase.expr_node_indexing"),
    "Slice": say("phrase.expr_node_slicing"), "JoinedStr": say("phrase.expr_node_fstring"),
    "FormattedValue": say("phrase.expr_node_fstring"), "NamedExpr": say("phrase.expr_node_assignment"),
    "List": say("phrase.expr_node_list"), "Tuple": say("phrase.expr_node_tuple"), "Dict": say("phrase.expr_node_dict"),
    "Set": say("phrase.expr_node_set"), "Starred": Text("'*'"), "Await": Text("await"), "Yield": Text("yield"),
    "YieldFrom": Text("yield"),
}
_ALLOWED_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_ALLOWED_UNARY = (ast.UAdd, ast.USub, ast.Not)
_ALLOWED_CMP = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def _spelled(node: ast.AST) -> Message | Text:
    name = type(node).__name__
    return _SPELLING.get(name, Text(name))


def _offset(text: str, node: ast.AST) -> int:
    """The 0-based character offset of a node in text (ast counts columns in UTF-8 bytes of a line)."""
    lines = text.split("\n")
    number = getattr(node, "lineno", 1) - 1
    before = sum(len(line) + 1 for line in lines[:number])
    line = lines[number] if number < len(lines) else ""
    return before + len(line.encode("utf-8")[: getattr(node, "col_offset", 0)].decode("utf-8", errors="ignore"))


def _check_nesting(text: str) -> None:
    """Nesting as an author sees it: levels of parentheses, not the depth of Python's tree."""
    depth = 0
    lines = text.split("\n")
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.OP:
                continue
            if token.string in ("(", "[", "{"):
                depth += 1
                if depth > MAX_DEPTH:
                    row, column = token.start
                    raise ExpressionProblem(
                        say("phrase.expr_too_deep", max=MAX_DEPTH), sum(len(line) + 1 for line in lines[: row - 1]) + column
                    )
            elif token.string in (")", "]", "}"):
                depth -= 1
    except (tokenize.TokenError, SyntaxError):  # ast.parse accepted the text; nothing more to learn here
        return


@dataclass(frozen=True)
class _Names:
    """The names an expression may use, and those that exist but may not be used here (with why)."""

    known: set[str]
    unavailable: dict[str, str]  # name → the catalogue key saying why it may not be used


def _check(root: ast.AST, text: str, names: _Names, used: list[str]) -> None:
    """Walk the tree (with a stack: chains may be long) and reject anything outside the whitelist."""
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(reversed(_allowed_children(node, text, names, used)))


def _allowed_children(node: ast.AST, text: str, names: _Names, used: list[str]) -> list[ast.AST]:
    """The children of an allowed node, to be checked in turn; anything else is refused."""
    offset = _offset(text, node)
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, _ALLOWED_BINOPS):
            raise ExpressionProblem(say("phrase.expr_operator", op=_spelled(node.op)), offset)
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, _ALLOWED_UNARY):
            raise ExpressionProblem(say("phrase.expr_operator", op=_spelled(node.op)), offset)
        return [node.operand]
    if isinstance(node, ast.BoolOp):
        return list(node.values)
    if isinstance(node, ast.Compare):
        _check_comparisons(node, offset)
        return [node.left, *node.comparators]
    if isinstance(node, ast.IfExp):
        return [node.test, node.body, node.orelse]
    if isinstance(node, ast.Call):
        _check_call(node, text, offset)
        return list(node.args)
    if isinstance(node, ast.Name):
        _check_name(node, names, offset)
        used.append(node.id)
        return []
    if isinstance(node, ast.Constant):
        _check_constant(node, text, offset)
        return []
    raise _refused(node, offset)


def _check_comparisons(node: ast.Compare, offset: int) -> None:
    for op in node.ops:
        if not isinstance(op, _ALLOWED_CMP):
            key = "phrase.expr_comparison_in" if isinstance(op, (ast.In, ast.NotIn)) else "phrase.expr_comparison"
            raise ExpressionProblem(say(key, op=_spelled(op)), offset)


def _check_call(node: ast.Call, text: str, offset: int) -> None:
    """A call of an allowed function, by name, with as many positional arguments as it takes."""
    if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
        name = node.func.id if isinstance(node.func, ast.Name) else ast.get_source_segment(text, node.func)
        raise ExpressionProblem(
            say("phrase.expr_not_a_function", name=name, allowed=sorted(FUNCTIONS)), offset, close_matches(name or "", FUNCTIONS)
        )
    if node.keywords:
        raise ExpressionProblem(say("phrase.expr_keyword_arguments"), offset)
    low, high, _ = FUNCTIONS[node.func.id]
    if not low <= len(node.args) <= high:
        if low == high:
            raise ExpressionProblem(say("phrase.expr_arguments", name=node.func.id, low=low, given=len(node.args)), offset)
        raise ExpressionProblem(
            say("phrase.expr_arguments_range", name=node.func.id, low=low, high=high, given=len(node.args)), offset
        )


def _check_name(node: ast.Name, names: _Names, offset: int) -> None:
    if node.id.startswith("_"):
        raise ExpressionProblem(say("phrase.expr_name_not_allowed", name=node.id), offset)
    if node.id in names.unavailable:
        raise ExpressionProblem(say(names.unavailable[node.id], name=node.id), offset)
    if node.id not in names.known:
        raise ExpressionProblem(say("phrase.expr_unknown_name", name=node.id), offset, close_matches(node.id, names.known))


def _check_constant(node: ast.Constant, text: str, offset: int) -> None:
    """A string no longer than MAX_STRING, a yes/no or a real number; no other literal."""
    if isinstance(node.value, str):
        if len(node.value) > MAX_STRING:
            raise ExpressionProblem(say("phrase.expr_string_too_long", max=MAX_STRING), offset)
        return
    if isinstance(node.value, (bool, int, float)):
        if isinstance(node.value, float) and "j" in (ast.get_source_segment(text, node) or ""):
            raise ExpressionProblem(say("phrase.expr_complex"), offset)
        return
    raise ExpressionProblem(say("phrase.expr_literal", value=node.value), offset)


def _refused(node: ast.AST, offset: int) -> ExpressionProblem:
    """The error for a node outside the whitelist, naming what it is."""
    if isinstance(node, ast.Attribute):
        return ExpressionProblem(say("phrase.expr_attribute"), offset)
    if isinstance(node, ast.Lambda):
        return ExpressionProblem(say("phrase.expr_lambda"), offset)
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return ExpressionProblem(say("phrase.expr_comprehension"), offset)
    return ExpressionProblem(say("phrase.expr_not_allowed", node=_spelled(node)), offset)


def _literals(tree: ast.expr, text: str) -> None:
    """Numbers become exact Decimals from their text; text is normalised as fact cells are."""
    constants = [node for node in ast.walk(tree) if isinstance(node, ast.Constant)]
    for node in sorted(constants, key=lambda c: (c.lineno, c.col_offset)):  # the first in the text is named
        if isinstance(node.value, str):
            node.value = nfkc(node.value)
        elif isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            source = ast.get_source_segment(text, node) or repr(node.value)
            if not _DECIMAL_LITERAL.match(source):
                raise ExpressionProblem(say("phrase.expr_not_plain_decimal", source=source), _offset(text, node))
            if Decimal(source) >= LIMIT:
                raise ExpressionProblem(say("phrase.expr_number_too_large", source=source), _offset(text, node))
            node.value = Decimal(source)  # type: ignore[assignment]  # the tree holds exact numbers


# --------------------------------------------------------------------------- kinds at load


def _children(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.BoolOp):
        return list(node.values)
    if isinstance(node, ast.Compare):
        return [node.left, *node.comparators]
    if isinstance(node, ast.IfExp):
        return [node.test, node.body, node.orelse]
    if isinstance(node, ast.Call):
        return list(node.args)
    return []


def _literal_number(node: ast.AST) -> Decimal | None:
    """The value of a number literal under any run of signs; None for anything else."""
    negative = False
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        negative ^= isinstance(node.op, ast.USub)
        node = node.operand
    if isinstance(node, ast.Constant) and isinstance(node.value, Decimal):
        return -node.value if negative else node.value
    return None


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


class _Typing:
    """The kind of every node, found bottom-up; None where only evaluation can tell."""

    def __init__(self, text: str, types: Mapping[str, NameType]) -> None:
        self.text = text
        self.types = types
        self.kinds: dict[int, str | None] = {}

    def run(self, root: ast.expr) -> str | None:
        stack: list[tuple[ast.AST, bool]] = [(root, False)]
        while stack:
            node, ready = stack.pop()
            if ready:
                self.kinds[id(node)] = self._kind(node)
            else:
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(_children(node)))
        return self.kinds[id(root)]

    def _kind(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant):
            value = node.value
            return YESNO if isinstance(value, bool) else NUMBER if isinstance(value, Decimal) else TEXT
        if isinstance(node, ast.Name):
            known = self.types.get(node.id)
            return known.kind if known else None
        if isinstance(node, ast.BinOp):
            for operand in (node.left, node.right):
                self._number(operand, f"'{SYMBOLS[type(node.op)]}'")
            return NUMBER
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                self._condition(node.operand)
                return YESNO
            self._number(node.operand, f"'{SYMBOLS[type(node.op)]}'")
            return NUMBER
        if isinstance(node, ast.BoolOp):
            for operand in node.values:
                self._condition(operand)
            return YESNO
        if isinstance(node, ast.IfExp):
            return self._branches(node)
        if isinstance(node, ast.Compare):
            left: ast.expr = node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                self._pair(left, op, right)
                left = right
            return YESNO
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        return self._call(node.func.id, node.args)

    def _branches(self, node: ast.IfExp) -> str | None:
        """`a if c else b`: c is a condition; a and b give the same kind of value."""
        self._condition(node.test)
        body, orelse = self.kinds[id(node.body)], self.kinds[id(node.orelse)]
        if body is not None and orelse is not None and body != orelse:
            raise ExpressionProblem(
                say("phrase.expr_branches", body=WORDS[body], orelse=WORDS[orelse]),
                _offset(self.text, node.orelse),
            )
        return body or orelse

    def _call(self, name: str, args: list[ast.expr]) -> str:
        for argument in args:
            self._number(argument, f"{name}()")
        literals = [_literal_number(a) for a in args]
        problem = None
        if name == "round" and len(args) == 2 and literals[1] is not None:
            problem = places_problem(literals[1])
        elif name == "clamp" and literals[1] is not None and literals[2] is not None:
            problem = clamp_problem(literals[1], literals[2])
        if problem:
            raise ExpressionProblem(problem, _offset(self.text, args[1]))
        return NUMBER

    def _described(self, node: ast.AST) -> Message:
        kind = self.kinds.get(id(node))
        word = WORDS[kind] if kind else say("phrase.expr_a_value")
        if isinstance(node, ast.Name):
            return say("phrase.expr_named", name=node.id, what=word)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return say("phrase.expr_shown_text", value=node.value)
            if isinstance(node.value, Decimal):
                return say("phrase.expr_shown_number", value=ast.get_source_segment(self.text, node) or node.value)
        segment = ast.get_source_segment(self.text, node) or ""
        return say("phrase.expr_named", name=segment, what=word) if 0 < len(segment) <= 40 else word

    def _named(self, node: ast.AST) -> str | Message:
        """An operand in a few words: its name, its text, or its kind."""
        if isinstance(node, ast.Name):
            return node.id
        segment = ast.get_source_segment(self.text, node) or ""
        kind = self.kinds.get(id(node))
        return segment if 0 < len(segment) <= 40 else WORDS[kind] if kind else say("phrase.expr_other_side")

    def _number(self, node: ast.AST, what: str) -> None:
        kind = self.kinds[id(node)]
        if kind is not None and kind != NUMBER:
            raise ExpressionProblem(
                say("phrase.expr_needs_numbers", what=what, described=self._described(node)), _offset(self.text, node)
            )

    def _condition(self, node: ast.AST) -> None:
        kind = self.kinds[id(node)]
        if kind is None or kind == YESNO:
            return
        problem = say("phrase.expr_condition_kind", kind=WORDS[YESNO], yes=YES, no=NO, described=self._described(node))
        if isinstance(node, ast.Name):
            hint = "phrase.expr_hint_compare_number" if kind == NUMBER else "phrase.expr_hint_compare_text"
            problem = say(hint, problem=problem, name=node.id)
        raise ExpressionProblem(problem, _offset(self.text, node))

    def _pair(self, left: ast.expr, op: ast.cmpop, right: ast.expr) -> None:
        """One comparison of a chain: the same kind on both sides, or a literal spelling the other kind."""
        kind_left, kind_right = self.kinds[id(left)], self.kinds[id(right)]
        if kind_left is None or kind_right is None:
            return
        symbol = SYMBOLS[type(op)]
        if kind_left != kind_right:
            if kind_left in (YESNO, DATE) and kind_right == TEXT and _is_text(right):
                kind_right = self._spell(right, kind_left, left)
            elif kind_right in (YESNO, DATE) and kind_left == TEXT and _is_text(left):
                kind_left = self._spell(left, kind_right, right)
            else:
                problem = say(
                    "phrase.expr_cannot_compare", left=self._described(left), right=self._described(right), symbol=symbol
                )
                hint = self._mismatch_hint(left, kind_left, right, kind_right)
                raise ExpressionProblem(
                    say(hint, problem=problem, yes=YES, no=NO) if hint == "phrase.expr_hint_yesno"
                    else say(hint, problem=problem) if hint else problem,
                    _offset(self.text, right),
                )
        if kind_left not in ORDERED and symbol not in ("==", "!="):
            raise ExpressionProblem(
                say("phrase.expr_no_order_compare", kind=WORDS[kind_left], described=self._described(left), symbol=symbol),
                _offset(self.text, left),
            )
        if kind_left == TEXT:
            self._enum_value(left, right)
            self._enum_value(right, left)
            self._enum_overlap(left, right)

    def _spell(self, literal: ast.expr, kind: str, other: ast.expr) -> str:
        """Read a text literal as the 是/否 value or date it spells (compared with that kind)."""
        assert isinstance(literal, ast.Constant) and isinstance(literal.value, str)
        value = text_as(kind, literal.value)
        if value is None:
            raise ExpressionProblem(
                not_spelled(kind, literal.value, self._named(other)), _offset(self.text, literal)
            )
        literal.value = value
        self.kinds[id(literal)] = kind
        return kind

    def _mismatch_hint(self, left: ast.expr, kind_left: str, right: ast.expr, kind_right: str) -> str:
        """The catalogue key of the hint added to a mismatch (phrase.expr_hint_…), or ""."""
        kinds = {kind_left, kind_right}
        literal = right if _is_text(right) else left if _is_text(left) else None
        if kinds == {NUMBER, TEXT} and isinstance(literal, ast.Constant) and _DECIMAL_LITERAL.match(str(literal.value)):
            return "phrase.expr_hint_unquote"
        if YESNO in kinds:
            return "phrase.expr_hint_yesno"
        if DATE in kinds:
            return "phrase.expr_hint_date"
        return ""

    def _enum_value(self, name: ast.expr, literal: ast.expr) -> None:
        """A literal compared with an enum column must be one of its values, or the comparison never holds."""
        if not (isinstance(name, ast.Name) and isinstance(literal, ast.Constant) and isinstance(literal.value, str)):
            return
        known = self.types.get(name.id)
        if known is None or known.values is None:
            return
        values = {nfkc(v): v for v in known.values}
        if literal.value not in values:
            raise ExpressionProblem(
                say("phrase.expr_not_a_value", value=literal.value, column=name.id, values=" / ".join(known.values)),
                _offset(self.text, literal),
                close_matches(literal.value, values),
            )

    def _enum_overlap(self, left: ast.expr, right: ast.expr) -> None:
        """Two enum columns with no value in common are never equal."""
        if not (isinstance(left, ast.Name) and isinstance(right, ast.Name)):
            return
        one, other = self.types.get(left.id), self.types.get(right.id)
        if one is None or other is None or one.values is None or other.values is None:
            return
        if not {nfkc(v) for v in one.values} & {nfkc(v) for v in other.values}:
            raise ExpressionProblem(
                say(
                    "phrase.expr_no_common_value", left=left.id, left_values=" / ".join(one.values), right=right.id,
                    right_values=" / ".join(other.values),
                ),
                _offset(self.text, right),
            )
