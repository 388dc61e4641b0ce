"""Expressions of + - * /, min and max over names and numbers, and tests of them (one comparison,
and, or, not), are compiled to one Python function (expressions.evaluate.compile_arithmetic); for any
such tree and any values (numbers, zero, blank, text, 是/否) the result, or the problem raised, is the
general loop's (evaluate_tree), digit for digit. An expression's steps (`let` values, then `expr`)
compiled at once (compile_steps) give what the steps evaluated one by one give."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules.expressions.compiler import NUMBER, YESNO, Expression, ExpressionProblem, compile_expression
from pingyi_rules.expressions.evaluate import NotPlain, compile_arithmetic, compile_steps

NAMES = ["甲", "乙", "丙"]


def trees(depth: int = 4) -> st.SearchStrategy[str]:
    leaf = st.one_of(st.sampled_from(NAMES), st.sampled_from(["0", "1", "0.6", "3", "100", "12.5", "0.00", "3.0"]))

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        operation = st.tuples(inner, st.sampled_from("+-*/"), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
        call = st.tuples(st.sampled_from(["min", "max"]), st.lists(inner, min_size=1, max_size=4)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})")
        return st.one_of(operation, call)

    return st.recursive(leaf, extend, max_leaves=12)


values = st.one_of(
    st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False),
    st.just(Decimal(0)), st.none(), st.just("文本"), st.booleans(),
)


def outcome(expression: Expression, names: dict[str, Any]) -> Any:
    try:
        value = expression.evaluate(names)
    except ExpressionProblem as exc:
        return ("problem", str(exc), exc.blank)
    return ("value", value, value.as_tuple() if isinstance(value, Decimal) else None)


@settings(max_examples=300, deadline=None)
@given(text=trees(), given_values=st.tuples(values, values, values))
def test_the_compiled_function_agrees_with_the_loop(text: str, given_values: tuple[Any, ...]) -> None:
    expression = compile_expression(text, NAMES)
    assert expression.arithmetic is not None
    names = {name: value for name, value in zip(NAMES, given_values, strict=True) if name in expression.names}
    loop = Expression(text=expression.text, tree=expression.tree, names=expression.names)  # no compiled function
    assert outcome(expression, names) == outcome(loop, names)


def test_other_trees_are_left_to_the_loop() -> None:
    for text in ("round(甲, 1)", "abs(甲)", "clamp(甲, 0, 1)", "甲 if 乙 > 1 else 丙", "-甲", "甲 ** 2", "1 < 甲 < 2",
                 "甲 > 1 and 乙 == '是'", "round(甲) > 1"):
        expression = compile_expression(text, NAMES, result=YESNO if "<" in text or ">" in text else NUMBER)
        assert compile_arithmetic(expression.tree) is None, text
    long_chain = " + ".join(["甲"] * 400)
    assert compile_arithmetic(compile_expression(long_chain, NAMES).tree) is None
    assert compile_expression(long_chain, NAMES).evaluate({"甲": Decimal(1)}) == 400


def test_min_and_max_give_the_first_of_equal_arguments_as_written() -> None:
    """0 and 0.00 are equal; min and max give the first as it is, compiled or not (its places show)."""
    for text, expected in (("min(甲, 乙)", "0.00"), ("max(乙, 甲)", "0"), ("max(0.00, 甲 * 1)", "0.00")):
        expression = compile_expression(text, NAMES)
        assert expression.arithmetic is not None
        value = expression.evaluate({"甲": Decimal("0.00"), "乙": Decimal(0)})
        assert str(value) == expected, text


def conditions() -> st.SearchStrategy[str]:
    comparison = st.tuples(trees(3), st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), trees(3)).map(
        lambda t: f"{t[0]} {t[1]} {t[2]}")

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        joint = st.tuples(st.sampled_from(["and", "or"]), st.lists(inner, min_size=2, max_size=3)).map(
            lambda t: "(" + f" {t[0]} ".join(t[1]) + ")")
        return st.one_of(joint, inner.map(lambda t: f"not ({t})"))

    return st.recursive(comparison, extend, max_leaves=4)


# thirds and their sums: quotients whose last digit the comparison must not see (1/3 * 3 is 1)
near = st.sampled_from([Decimal(1) / Decimal(3), Decimal(2) / Decimal(3), Decimal(1), Decimal(3), Decimal("0.999")])


@settings(max_examples=300, deadline=None)
@given(text=conditions(), given_values=st.tuples(st.one_of(values, near), st.one_of(values, near), st.one_of(values, near)))
def test_a_compiled_test_agrees_with_the_loop(text: str, given_values: tuple[Any, ...]) -> None:
    expression = compile_expression(text, NAMES, result=YESNO)
    assert expression.arithmetic is not None, text
    names = {name: value for name, value in zip(NAMES, given_values, strict=True) if name in expression.names}
    loop = Expression(text=expression.text, tree=expression.tree, names=expression.names)
    assert outcome(expression, names) == outcome(loop, names)


def test_a_comparison_of_a_quotient_is_exact() -> None:
    """3 × (1/3) is 1 as exact rationals (the Decimal quotient times 3 is 0.999…9): compiled, each
    comparison, either way round, answers as the exact values would."""
    exact = {"<": (False, False), "<=": (True, True), ">": (False, False), ">=": (True, True), "==": (True, True), "!=": (False, False)}
    for symbol, (forward, backward) in exact.items():
        for text, expected in ((f"甲 * (1 / 3) {symbol} 乙", forward), (f"乙 {symbol} 甲 * (1 / 3)", backward)):
            expression = compile_expression(text, NAMES, result=YESNO)
            assert expression.arithmetic is not None
            assert expression.arithmetic({"甲": Decimal(3), "乙": Decimal(1)}) is expected, text


@settings(max_examples=200, deadline=None)
@given(
    lets=st.lists(trees(3), min_size=0, max_size=3), last=trees(3),
    given_values=st.tuples(st.one_of(values, near), st.one_of(values, near), st.one_of(values, near)),
)
def test_steps_compiled_at_once_agree_with_the_steps_one_by_one(lets: list[str], last: str, given_values: tuple[Any, ...]) -> None:
    """Each `let` value may name the ones before it (L0, L1, …); the steps at once give the last value,
    the values read and the `let` values the steps one by one give — or NotPlain where they would not
    all be plain numbers."""
    steps: list[tuple[str | None, Expression]] = []
    for index, text in enumerate([*lets, last]):
        known = NAMES + [f"L{i}" for i in range(index)]
        if index:
            text = f"({text}) + L{index - 1}"
        steps.append((f"L{index}" if index < len(lets) else None, compile_expression(text, known)))
    reads: list[str] = []
    for _, expression in steps:
        reads.extend(n for n in expression.names if n in NAMES and n not in reads)
    fused = compile_steps(reads, [(name, expression.tree) for name, expression in steps])
    assert fused is not None
    fields = dict(zip(NAMES, given_values, strict=True))
    scope = {"乙": fields.pop("乙")}  # a component's points are read from the scope, a field's from the fields
    known_values: dict[str, Any] = {**fields, **scope}
    expected: Any
    try:
        value = None
        for name, expression in steps:
            value = expression.evaluate(known_values)
            if not isinstance(value, Decimal) or isinstance(value, bool):
                raise NotPlain
            if name is not None:
                known_values[name] = value
        expected = (value, tuple(known_values[n] for n in reads), tuple(known_values[n] for n, _ in steps if n is not None))
    except (ExpressionProblem, NotPlain):
        expected = "general"
    try:
        got: Any = fused(fields, scope)
    except (NotPlain, ArithmeticError):
        got = "general"
    if expected == "general":
        assert got == "general"
    else:
        assert got == expected and [v.as_tuple() for v in got[2]] == [v.as_tuple() for v in expected[2]]
        assert got[0].as_tuple() == expected[0].as_tuple()


def test_steps_that_are_not_plain_are_left_to_the_general_way() -> None:
    rounded = compile_expression("round(甲, 1)", NAMES)
    assert compile_steps(["甲"], [(None, rounded.tree)]) is None
    test = compile_expression("甲 > 1", NAMES, result=YESNO)
    assert compile_steps(["甲"], [("L", test.tree), (None, compile_expression("L", ["L"]).tree)]) is None  # a let is a number
