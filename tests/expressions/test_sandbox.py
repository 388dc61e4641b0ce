"""The expression sandbox: load-time rejection, evaluation-time limits, and a fuzz proving that
nothing but the engine's own errors escapes check_ruleset / load_ruleset / score."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, PingyiError, RulesetError, check_ruleset, load_ruleset, score
from pingyi_rules.expressions.compiler import MAX_TEXT_VALUE, ExpressionProblem, compile_expression
from pingyi_rules.facts.reading import FactSet, read_facts

from ..rules_helpers import ruleset

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# A small ruleset (fast to load) whose one expression the tests replace.
TEMPLATE = ruleset(
    "{header: 得分, type: decimal}",
    "{header: 件数, type: count}",
    "{header: 达标, type: bool}",
    ruleset_id="sandbox",
    name="沙箱",
    title="测试",
    table="t",
    rest="""\
points: 100
components:
  - {id: 基础, name: 基础, kind: expression, expr: 得分, points: 50, min: -1000000, clamp: true}
  - id: 公式
    name: 公式
    kind: expression
    points: 50
    clamp: CLAMP
    expr: EXPR
""",
)
CSV = "编码,名称,得分,件数,达标\nA,甲,12.5,3,是\nB,乙,-4,0,否\nC,丙,0,7,是\n"


def _text(expr: str, clamp: bool = True) -> str:
    return TEMPLATE.replace("CLAMP", "true" if clamp else "false").replace("EXPR", json.dumps(expr))


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> FactSet:
    folder: Path = tmp_path_factory.mktemp("sandbox")
    (folder / "t.csv").write_text(CSV, encoding="utf-8")
    return read_facts(load_ruleset("s.yaml", text=_text("1")).tables, folder)


# --------------------------------------------------------------------------- load time


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("得分.real", "expression '得分.real', column 1: attribute access ('.') is not allowed"),
        ("(1).__class__", "expression '(1).__class__', column 1: attribute access ('.') is not allowed"),
        ("__builtins__", "expression '__builtins__', column 1: name '__builtins__' is not allowed"),
        ("__import__('os').system('x')", ("expression '__import__('os').system('x')', column 1: "
         "'__import__('os').system' is not an allowed function (allowed: abs, clamp, max, min, round)")),
        ("eval('1')", ("expression 'eval('1')', column 1: 'eval' is not an allowed function "
         "(allowed: abs, clamp, max, min, round)")),
        ("open('/etc/passwd')", ("expression 'open('/etc/passwd')', column 1: 'open' is not an allowed function "
         "(allowed: abs, clamp, max, min, round)")),
        ("lambda x: x", "expression 'lambda x: x', column 1: lambda is not allowed"),
        ("{x: 1 for x in (1,)}", "expression '{x: 1 for x in (1,)}', column 1: comprehensions are not allowed"),
        ("{1, 2}", "expression '{1, 2}', column 1: a set is not allowed in an expression"),
        ("得分 + 得分x", "expression '得分 + 得分x', column 6: unknown name '得分x'"),
        ("公式 + 1", "expression '公式 + 1', column 1: an expression cannot use its own component '公式'"),
        ("基础 * 2 + 件数", None),  # an earlier component and a column: fine
        ("得分 * 1e15", "expression '得分 * 1e15', column 6: number '1e15' is too large (the limit is 10^15)"),
        ("round(得分, " + "-" * 1500 + "2)", None),  # a long run of signs is read without recursion
        ("round(得分, " + "-" * 1501 + "2)", ("expression 'round(得分, " + "-" * 1501 + "2)', column 11: "
                                            "round(): the places must be a whole number from 0 to 10, not -2")),
    ],
)
def test_rejected_at_load_with_path_and_column(expr: str, message: str | None) -> None:
    errors = check_ruleset("s.yaml", text=_text(expr))
    if message is None:
        assert errors == []
        return
    assert len(errors) == 1
    error = errors[0]
    assert error.code == "RS030"
    assert error.message == message
    assert error.location is not None
    assert (error.location.file, error.location.line, error.location.path) == ("s.yaml", 24, "components[1].expr")


def test_nesting_limit_at_load() -> None:
    """Nesting is counted in parentheses (a call's count), as an author sees it."""
    with pytest.raises(ExpressionProblem, match="nested deeper than 32 levels of parentheses") as caught:
        compile_expression("(" * 33 + "1" + ")" * 33, [])
    assert caught.value.offset == 32  # the 33rd parenthesis
    with pytest.raises(ExpressionProblem, match="nested deeper than 32 levels of parentheses"):
        compile_expression("abs(" * 33 + "1" + ")" * 33, [])
    with pytest.raises(ExpressionProblem, match="nested deeper than 32 levels of parentheses"):
        compile_expression("(" * 250 + "1" + ")" * 250, [])  # past Python's own parser limit: the same message
    assert compile_expression("(" * 32 + "1" + ")" * 32, []).evaluate({}) == 1
    assert compile_expression("abs(" * 32 + "-1" + ")" * 32, []).evaluate({}) == 1
    # a run of signs has no parentheses: it is evaluated without recursion, however long
    assert compile_expression("-" * 1999 + "1", []).evaluate({}) == -1
    with pytest.raises(ExpressionProblem, match="^expression too deeply nested to be read$"):
        compile_expression("-" * 100_000 + "1", [])  # past the 2000 characters a ruleset allows: Python's parser gives up
    with pytest.raises(ExpressionProblem, match="^syntax error: source code string cannot contain null bytes$"):
        compile_expression("1\x00", [])


# --------------------------------------------------------------------------- evaluation time


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("得分 ** 101", "power 12.5 ** 101 is too large (limit: exponent 100)"),
        ("(得分 * 1000000) ** 2", "power 12500000.0 ** 2 is too large (limit: exponent 100)"),
        ("2 ** 100 ** 2", "power 2 ** 10000 is too large (limit: exponent 100)"),  # right-associative
        ("得分 / (件数 - 3)", "division by zero"),
        ("round(得分, 件数 / 2)", "round(): the places must be a whole number from 0 to 10, not 1.5"),
        ("round(得分, 件数 * 4)", "round(): the places must be a whole number from 0 to 10, not 12"),
        ("round(得分, -件数)", "round(): the places must be a whole number from 0 to 10, not -3"),
        ("clamp(得分, 件数, 1)", "clamp(): the low end 3 is above the high end 1"),
    ],
)
def test_limits_when_evaluated(expr: str, message: str, facts: FactSet) -> None:
    ruleset = load_ruleset("s.yaml", text=_text(expr))
    with pytest.raises(EvaluationError) as caught:
        score(ruleset, facts)
    assert caught.value.code == "EV004"
    assert caught.value.message == f"A 甲: 公式: expression '{expr}': {message}"


def test_text_value_length_limit() -> None:
    expression = compile_expression("1 if 名称 == 'x' else 0", ["名称"])
    assert expression.evaluate({"名称": "x" * MAX_TEXT_VALUE}) == 0
    with pytest.raises(ExpressionProblem, match=f"longer than {MAX_TEXT_VALUE} characters"):
        expression.evaluate({"名称": "x" * (MAX_TEXT_VALUE + 1)})


def test_power_within_limits_is_exact() -> None:
    assert compile_expression("得分 ** 2", ["得分"]).evaluate({"得分": Decimal("1.5")}) == Decimal("2.25")


# --------------------------------------------------------------------------- fuzz

TOKENS = [
    "得分", "件数", "达标", "名称", "基础", "公式", "x", "_x", "__class__", "__import__", "True", "None",
    "0", "1", "2.5", "1e9", "1e999999", "0x1F", "1j", "10", "-", "+", "*", "/", "**", "%", "//", "<", "<=", "==",
    "!=", ">", ">=", "and", "or", "not", "if", "else", "in", "is", ".", ",", ":", "(", ")", "[", "]", "{", "}",
    "lambda", "for", "'a'", '""', "min", "max", "abs", "round", "clamp", "pow", "eval", "open", "getattr",
    ":=", "@", "~", "|", "&", "^", "\\", "#", "\n", "“", "。",
]


def _engine_only(text: str, facts: FactSet) -> None:
    """check / load / score may succeed or raise a PingyiError; nothing else may escape."""
    errors = check_ruleset("s.yaml", text=text)
    assert all(isinstance(e, RulesetError) for e in errors)
    try:
        ruleset = load_ruleset("s.yaml", text=text)
    except RulesetError as exc:
        assert errors and str(exc) == str(errors[0])
        return
    assert errors == []
    try:
        result = score(ruleset, facts)
    except PingyiError:
        return
    for subject in result.subjects:
        value = subject.component("公式").points
        assert value is None or Decimal(0) <= value <= Decimal(50)


@FUZZ
@given(tokens=st.lists(st.sampled_from(TOKENS), min_size=1, max_size=20), joiner=st.sampled_from(["", " "]))
def test_fuzz_token_soup(tokens: list[str], joiner: str, facts: FactSet) -> None:
    _engine_only(_text(joiner.join(tokens)), facts)


_LEAVES = st.sampled_from(["得分", "件数", "达标", "名称", "基础", "0", "1", "0.5", "3", "100", "1e6", "'a'", "True",
                           "'是'", "'否'", "'甲'", "'2023-06-01'"])


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "**", "<", "==", ">=", "and", "or"]), children)
    return st.one_of(
        binary.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda c: f"-{c}"),
        children.map(lambda c: f"(not {c})"),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(st.sampled_from(["min", "max", "abs", "round", "clamp"]), st.lists(children, min_size=1, max_size=3))
        .map(lambda t: f"{t[0]}({', '.join(t[1])})"),
    )


@FUZZ
@given(expr=st.recursive(_LEAVES, _combine, max_leaves=12), clamp=st.booleans())
def test_fuzz_well_formed_expressions(expr: str, clamp: bool, facts: FactSet) -> None:
    _engine_only(_text(expr, clamp), facts)
