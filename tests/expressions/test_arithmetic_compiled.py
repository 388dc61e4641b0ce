"""Expressions of + - * /, min and max over names and numbers are compiled to one Python function
(expressions.evaluate.compile_arithmetic); for any such tree and any values (numbers, zero, blank,
text, 是/否) the result, or the problem raised, is the general loop's (evaluate_tree), digit for digit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules.expressions.compiler import NUMBER, YESNO, Expression, ExpressionProblem, compile_expression
from pingyi_rules.expressions.evaluate import compile_arithmetic

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
    for text in ("round(甲, 1)", "abs(甲)", "clamp(甲, 0, 1)", "甲 if 乙 > 1 else 丙", "-甲", "甲 ** 2", "甲 > 1"):
        expression = compile_expression(text, NAMES, result=YESNO if text == "甲 > 1" else NUMBER)
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
