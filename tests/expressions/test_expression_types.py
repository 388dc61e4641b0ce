"""Expressions never answer silently wrong: a comparison is exact or an error, text matches as facts do,
blank values are named, function arguments are what they say, and long flat chains are not 'deep'."""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, check_ruleset, load_ruleset, score
from pingyi_rules.expressions.compiler import COMPONENT, ExpressionProblem, column_type, compile_expression

from ..rules_helpers import ruleset

PROPERTY = settings(max_examples=400, deadline=None)

# --------------------------------------------------------------------------- the rules, stated independently

ERROR = object()
_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
OPERATORS = [*_OPS, "in", "not in", "is", "is not"]


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "yesno"
    if isinstance(value, Decimal):
        return "number"
    if isinstance(value, str):
        return "text"
    assert isinstance(value, dt.date)
    return "date"


def _as(kind: str, text: str) -> Any:
    """What a text stands for when compared with a 是/否 value or a date (ERROR if nothing)."""
    normal = _normal(text)
    if kind == "yesno":
        return {"是": True, "否": False}.get(normal, ERROR)
    found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", normal)
    if not found:
        return ERROR
    try:
        return dt.date(*map(int, found.groups()))
    except ValueError:
        return ERROR


def expected(op: str, a: Any, b: Any) -> Any:
    """The documented answer of `a op b`, or ERROR."""
    if op not in _OPS:
        return ERROR
    kind_a, kind_b = _kind(a), _kind(b)
    if kind_a != kind_b:
        if kind_a == "text" and kind_b in ("yesno", "date"):
            a, kind_a = _as(kind_b, a), kind_b
        elif kind_b == "text" and kind_a in ("yesno", "date"):
            b = _as(kind_a, b)
        else:
            return ERROR
        if a is ERROR or b is ERROR:
            return ERROR
    if kind_a in ("text", "yesno") and op not in ("==", "!="):
        return ERROR
    if kind_a == "text":
        a, b = _normal(a), _normal(b)
    return _OPS[op](a, b)


_TEXTS = ["是", "否", " 是 ", "是的", "（甲）", "(甲)", "甲", "2023-06-01", "2023-6-1", "２０２３-０６-０１", "2023-02-30",
          "3", "3.0", "", "True"]
_DATES = [dt.date(2023, 6, 1), dt.date(2023, 6, 2), dt.date(2020, 2, 29)]
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "number": st.one_of(st.sampled_from([Decimal(0), Decimal(1), Decimal(3), Decimal("3.0"), Decimal(-2)]),
                        st.decimals(min_value=-1000, max_value=1000, places=2)),
    "text": st.one_of(st.sampled_from(_TEXTS), st.text(max_size=8)),
    "yesno": st.booleans(),
    "date": st.one_of(st.sampled_from(_DATES), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))),
}
ANY_VALUE = st.one_of(*VALUES.values())


def _run(op: str, a: Any, b: Any, types: dict[str, Any] | None = None) -> Any:
    """1 or 0 from the engine, or ERROR when it refuses (at load or when evaluated)."""
    try:
        expression = compile_expression(f"1 if a {op} b else 0", ["a", "b"], types=types)
        value = expression.evaluate({"a": a, "b": b})
    except ExpressionProblem:
        return ERROR
    assert value in (Decimal(0), Decimal(1))
    return value == 1


@PROPERTY
@given(a=ANY_VALUE, b=ANY_VALUE, op=st.sampled_from(OPERATORS))
def test_any_two_values_compare_exactly_or_refuse(a: Any, b: Any, op: str) -> None:
    """Names whose kinds are not declared: decided when evaluated, by the same rules."""
    assert _run(op, a, b) == expected(op, a, b)


_DECLARED = {"number": "decimal", "text": "text", "yesno": "bool", "date": "date"}


def _literal(value: Any) -> str | None:
    """The value written as an expression literal (None if it cannot be written)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return None if value < 0 else str(value)
    if isinstance(value, str):
        return None if any(c in value for c in "'\\\n\r") or not value.isprintable() else f"'{value}'"
    return None


@st.composite
def _operand(draw: st.DrawFn, name: str) -> tuple[str, str | None, Any]:
    """(text in the expression, declared kind or None for a literal, value)."""
    if draw(st.booleans()):
        kind = draw(st.sampled_from(list(_DECLARED)))
        return name, kind, draw(VALUES[kind])
    value = draw(st.one_of(VALUES["number"], VALUES["text"], VALUES["yesno"]).filter(lambda v: _literal(v) is not None))
    written = _literal(value)
    assert written is not None
    return written, None, value


def _refused_at_load(op: str, left: tuple[str, str | None, Any], right: tuple[str, str | None, Any]) -> bool:
    """The load-time rule: kinds differ (unless a text literal spells the other kind), or text/是/否 ordered."""
    if op not in _OPS:
        return True
    kinds = []
    for _, declared, value in (left, right):
        kinds.append(declared or _kind(value))
    if kinds[0] != kinds[1]:
        for (_, declared, value), kind, other in ((left, kinds[0], kinds[1]), (right, kinds[1], kinds[0])):
            if declared is None and kind == "text" and other in ("yesno", "date"):
                if _as(other, value) is ERROR:
                    return True
                kinds = [other, other]
                break
        else:
            return True
    return kinds[0] in ("text", "yesno") and op not in ("==", "!=")


@PROPERTY
@given(left=_operand("a"), right=_operand("b"), op=st.sampled_from(OPERATORS))
def test_declared_kinds_are_checked_at_load(
    left: tuple[str, str | None, Any], right: tuple[str, str | None, Any], op: str
) -> None:
    """Columns of declared kinds and literals: refused at load exactly when the kinds do not fit, else exact."""
    types = {name: column_type(_DECLARED[kind]) for name, kind, _ in (left, right) if kind is not None}
    text = f"1 if {left[0]} {op} {right[0]} else 0"
    names = {name: value for name, kind, value in (left, right) if kind is not None}
    try:
        expression = compile_expression(text, ["a", "b"], types=types)
    except ExpressionProblem:
        assert _refused_at_load(op, left, right), text
        return
    assert not _refused_at_load(op, left, right), text
    answer = expected(op, left[2], right[2])
    assert answer is not ERROR
    assert expression.evaluate(names) == (1 if answer else 0)


def test_a_name_of_each_kind_against_each_literal_in_words() -> None:
    types = {"分": column_type("decimal"), "名": column_type("text"), "是否": column_type("bool"),
             "日": column_type("date"), "类": column_type("enum", ["甲类", "乙类"]),
             "级": column_type("enum", ["一级", "二级"]), "等": column_type("enum", ["甲类", "丙类"])}

    def problem(condition: str) -> str:
        with pytest.raises(ExpressionProblem) as caught:
            compile_expression(f"1 if {condition} else 0", types, types=types)
        return f"column {caught.value.offset + 1}: {caught.value.message}"

    assert problem("分 == '3'") == ("column 11: cannot compare 分 (a number) with the text '3' using '=='; "
                                   "write the number without quotes")
    assert problem("是否 == '有'") == "column 12: 是否 is a 是/否 value: compare it with '是' or '否', not '有'"
    assert problem("是否 == 1") == ("column 12: cannot compare 是否 (a 是/否 value) with the number 1 using '=='; "
                                  "a 是/否 value is compared with '是' or '否' written in the expression")
    assert problem("日 > '2023-13-01'") == "column 10: '2023-13-01' is not a date like '2023-06-01' (日 is a date)"
    assert problem("日 == 分") == ("column 11: cannot compare 日 (a date) with 分 (a number) using '=='; "
                                 "a date is compared with a date, or with one written in the expression like '2023-06-01'")
    assert problem("名 >= '乙'") == "column 6: text has no order: compare 名 (text) with '==' or '!=', not '>='"
    assert problem("类 == '丙类'") == "column 11: '丙类' is not a value of column '类' (甲类 / 乙类)"
    assert problem("类 == 级") == "column 11: columns '类' (甲类 / 乙类) and '级' (一级 / 二级) have no value in common, so they are never equal"
    compile_expression("1 if 类 != 等 else 0", types, types=types)  # 甲类 in common
    assert problem("分 in 分") == "column 6: comparison 'in' is not allowed; compare with '==' and join with 'or'"


# --------------------------------------------------------------------------- through load and score

TEMPLATE = ruleset(
    "{header: 类别, type: enum, choices: [(甲)类, 乙类]}",
    "{header: x, type: decimal}",
    "{header: 立案, type: bool}",
    "{header: 日期, type: date, required: false}",
    "{header: 附加, type: decimal, required: false}",
    ruleset_id="kinds",
    name="类型",
    title="测试",
    table="t",
    rest="""\
points: 2050
components:
  - {id: 基础, name: 基础, kind: input, column: x, points: 50, min: -1000}
  - id: 公式
    name: 公式
    kind: expression
    points: 2000
    min: -1000000
    expr: EXPR
""",
)
CSV = ("编码,名称,类别,x,立案,日期,附加\n"
       "A,（一）科,(甲)类,1.5,是,2023-06-30,1\n"
       "B,(二)科,乙类,-4,否,2023-07-01,\n"
       "C,三科,（甲）类,0,是,,2\n")


def _score(expr: str, folder: Path) -> dict[str, Decimal | None]:
    (folder / "t.csv").write_text(CSV, encoding="utf-8")
    result = score(load_ruleset("k.yaml", text=TEMPLATE.replace("EXPR", json.dumps(expr))), folder)
    return {s.id: s.component("公式").points for s in result.subjects}


@pytest.mark.parametrize(
    ("expr", "points"),
    [
        ("5 if 立案 == '是' else 0", {"A": 5, "B": 0, "C": 5}),
        ("5 if '是' == 立案 else 0", {"A": 5, "B": 0, "C": 5}),
        ("5 if 立案 != '是' else 0", {"A": 0, "B": 5, "C": 0}),
        ("5 if 立案 == '否' else 0", {"A": 0, "B": 5, "C": 0}),
        ("5 if 立案 else 0", {"A": 5, "B": 0, "C": 5}),
        ("5 if not 立案 else 0", {"A": 0, "B": 5, "C": 0}),
        ("5 if 立案 == True else 0", {"A": 5, "B": 0, "C": 5}),
        ("5 if 名称 == '(一)科' else 0", {"A": 5, "B": 0, "C": 0}),  # the sheet had （一）科
        ("5 if 名称 == '（二）科' else 0", {"A": 0, "B": 5, "C": 0}),  # the sheet had (二)科
        ("5 if 名称 == ' 三科 ' else 0", {"A": 0, "B": 0, "C": 5}),
        ("5 if 类别 == '(甲)类' else 0", {"A": 5, "B": 0, "C": 5}),
        ("5 if 类别 == '（甲）类' else 0", {"A": 5, "B": 0, "C": 5}),
        ("5 if x > 0 and 立案 else 1", {"A": 5, "B": 1, "C": 1}),
        ("round(x / 3, 2)", {"A": Decimal("0.50"), "B": Decimal("-1.33"), "C": Decimal("0.00")}),
        ("round(x + 0.125, 2.0)", {"A": Decimal("1.63"), "B": Decimal("-3.88"), "C": Decimal("0.13")}),
        ("clamp(x, -1, 1)", {"A": 1, "B": -1, "C": 0}),
        ("abs(x) + max(x, 0) - min(x, 0)", {"A": 3, "B": 8, "C": 0}),
    ],
)
def test_scored_exactly(expr: str, points: dict[str, Any], tmp_path: Path) -> None:
    assert _score(expr, tmp_path) == {k: Decimal(v) for k, v in points.items()}


def test_dates_compare_with_written_dates(tmp_path: Path) -> None:
    # C's date is blank, and reaching it is an error; A and B decide before reaching it only with 'and'
    expr = "5 if 名称 != '三科' and 日期 <= '2023-06-30' else 0"
    assert _score(expr, tmp_path) == {"A": 5, "B": 0, "C": 0}
    assert _score("5 if 名称 != '三科' and '2023-7-1' <= 日期 else 0", tmp_path) == {"A": 0, "B": 5, "C": 0}


@pytest.mark.parametrize(
    ("expr", "subject", "where", "message"),
    [
        ("x + 附加", "B (二)科", "t.csv, row 3: column 附加", "附加 is blank, and an expression cannot use a blank value"),
        ("5 if 日期 <= '2023-06-30' else 0", "C 三科", "t.csv, row 4: column 日期",
         "日期 is blank, and an expression cannot use a blank value"),
    ],
)
def test_a_blank_value_is_named_at_its_cell(expr: str, subject: str, where: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(EvaluationError) as caught:
        _score(expr, tmp_path)
    assert caught.value.code == "EV008"
    assert caught.value.message == f"{subject}: 公式: expression '{expr}': {message}"
    assert str(caught.value.location).endswith(where)


def test_a_blank_component_is_named() -> None:
    expression = compile_expression("基础 + 1", ["基础"], types={"基础": COMPONENT})
    with pytest.raises(ExpressionProblem) as caught:
        expression.evaluate({"基础": None})
    assert caught.value.blank == "基础"
    assert caught.value.message == "component '基础' has no points (无数据) to use here"


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("round(x, 2.9)", "column 10: round(): the places must be a whole number from 0 to 10, not 2.9"),
        ("round(x, -1)", "column 10: round(): the places must be a whole number from 0 to 10, not -1"),
        ("round(x, 11)", "column 10: round(): the places must be a whole number from 0 to 10, not 11"),
        ("round(x, True)", "column 10: round() needs numbers, not True (a 是/否 value)"),
        ("clamp(x, 1, -1)", "column 10: clamp(): the low end 1 is above the high end -1"),
        ("abs(立案)", "column 5: abs() needs numbers, not 立案 (a 是/否 value)"),
        ("max(x, 名称)", "column 8: max() needs numbers, not 名称 (text)"),
        ("min(日期, 1)", "column 5: min() needs numbers, not 日期 (a date)"),
        ("True + 1", "column 1: '+' needs numbers, not True (a 是/否 value)"),
        ("x > 0", ("column 1: the expression gives a 是/否 value, not a number; "
                  "give points for a condition with 'points if condition else 0'")),
        ("1 if x else 0", ("column 6: a condition must be a 是/否 value (a comparison, a 是/否 column, and/or/not), "
                          "not x (a number); compare it, e.g. x > 0")),
    ],
)
def test_function_arguments_and_results_at_load(expr: str, message: str) -> None:
    errors = check_ruleset("k.yaml", text=TEMPLATE.replace("EXPR", json.dumps(expr)))
    assert [(e.code, e.message) for e in errors] == [("RS030", f"expression '{expr}', {message}")]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"x": Decimal("1.5"), "p": Decimal("2.9")}, "round(): the places must be a whole number from 0 to 10, not 2.9"),
        ({"x": Decimal("1.5"), "p": Decimal(-1)}, "round(): the places must be a whole number from 0 to 10, not -1"),
        ({"x": Decimal("1.5"), "p": True}, "round() needs numbers, not p (the 是/否 value 是)"),
        ({"x": True, "p": Decimal(1)}, "round() needs numbers, not x (the 是/否 value 是)"),
        ({"x": "1.5", "p": Decimal(1)}, "round() needs numbers, not x (the text '1.5')"),
    ],
)
def test_round_arguments_when_evaluated(values: dict[str, Any], message: str) -> None:
    expression = compile_expression("round(x, p)", ["x", "p"])
    with pytest.raises(ExpressionProblem) as caught:
        expression.evaluate(values)
    assert caught.value.message == message


@pytest.mark.parametrize(("text", "value"), [("11 / 6 * 3", "6"), ("11 / 9 * 4.5", "6"), ("13 / 9 * 4.5", "7"),
                                             ("-11 / 6 * 3", "-6"), ("1 / 3 * 3", "1"), ("2 / 3", "1")])
def test_round_sees_through_quotient_noise(text: str, value: str) -> None:
    """11 / 6 * 3 is 5.5 exactly, computed as 5.4999…9 in 60 digits: it still rounds half up to 6."""
    assert compile_expression(f"round({text}, 0)", []).evaluate({}) == Decimal(value)


def test_round_is_half_up_at_whole_places() -> None:
    expression = compile_expression("round(x, p)", ["x", "p"])
    assert expression.evaluate({"x": Decimal("2.675"), "p": Decimal("2.0")}) == Decimal("2.68")
    assert expression.evaluate({"x": Decimal("-2.5"), "p": Decimal(0)}) == Decimal(-3)
    assert str(expression.evaluate({"x": Decimal(1), "p": Decimal(10)})) == "1.0000000000"


@pytest.mark.parametrize("function", ["min", "max", "abs", "clamp", "round"])
def test_booleans_are_not_numbers_to_any_function(function: str) -> None:
    arguments = {"min": "b, 1", "max": "b, 1", "abs": "b", "clamp": "b, 0, 1", "round": "b"}[function]
    expression = compile_expression(f"{function}({arguments})", ["b"])
    with pytest.raises(ExpressionProblem, match=rf"^{function}\(\) needs numbers, not b \(the 是/否 value 否\)$"):
        expression.evaluate({"b": False})


# --------------------------------------------------------------------------- long chains are flat


def _limited_recursion(depth: int) -> Any:
    """A context in which Python allows only `depth` frames more than now."""

    class _Limit:
        def __enter__(self) -> None:
            self.saved = sys.getrecursionlimit()
            frame, here = sys._getframe(), 0
            while frame is not None:
                frame, here = frame.f_back, here + 1  # type: ignore[assignment]
            sys.setrecursionlimit(here + depth)

        def __exit__(self, *_: object) -> None:
            sys.setrecursionlimit(self.saved)

    return _Limit()


@pytest.mark.parametrize("terms", [34, 200, 1000])
def test_long_flat_sums_are_exact_without_recursion(terms: int) -> None:
    expression = compile_expression("+".join(["x"] * terms), ["x"], types={"x": column_type("decimal")})
    with _limited_recursion(40):
        assert expression.evaluate({"x": Decimal("0.1")}) == Decimal(terms) / 10


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("-".join(["x"] * 1000), Decimal(-998)),
        ("*".join(["x"] * 600), Decimal(1)),
        ("**".join(["x"] * 600), Decimal(1)),
        ("-" * 1998 + "x", Decimal(1)),
        (" else ".join(f"{i} if x > {i}" for i in range(150, 0, -1)) + " else 0", Decimal(0)),
        ("1 if " + " and ".join(["x == 1"] * 300) + " else 0", Decimal(1)),
        ("1 if " + " < ".join(["x"] * 300) + " else 0", Decimal(0)),
    ],
)
def test_other_long_chains_are_flat(text: str, value: Decimal) -> None:
    expression = compile_expression(text, ["x"], types={"x": column_type("decimal")})
    with _limited_recursion(40):
        assert expression.evaluate({"x": Decimal(1)}) == value


def test_a_flat_sum_of_1000_terms_loads_and_scores(tmp_path: Path) -> None:
    assert _score("+".join(["x"] * 1000), tmp_path) == {"A": 1500, "B": -4000, "C": 0}


def test_deep_parentheses_are_still_refused_at_load() -> None:
    for text in ("(" * 33 + "x" + ")" * 33, "abs(" * 33 + "x" + ")" * 33, "min(1, " * 33 + "x" + ")" * 33,
                 "x*(" * 33 + "x" + ")" * 33):
        with pytest.raises(ExpressionProblem, match="nested deeper than 32 levels of parentheses"):
            compile_expression(text, ["x"])
