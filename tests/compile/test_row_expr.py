"""Row expressions (`compile.row_expr`): the columns of a cases table's row and the subject's fields,
checked at load like every expression and evaluated per row with exact numbers."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest

from pingyi_rules.compile.context import CompileContext
from pingyi_rules.compile.row_expr import RowExpression, RowValueProblem, compile_row_expression
from pingyi_rules.compile.tree import compile_component
from pingyi_rules.core.errors import Location, RulesetError
from pingyi_rules.core.numbers import CONTEXT
from pingyi_rules.facts.rows import Row
from pingyi_rules.loading import load_ruleset
from pingyi_rules.scoring.conditions import compile_scored_condition
from pingyi_rules.source.strict_yaml import parse_yaml

from ..rules_helpers import load, subject_table

RULESET = load(
    "\n" + subject_table("{header: 系数, type: decimal}", "{header: 分数, type: decimal}", "{header: 类别, type: text}")
    + """    - id: rows
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 分数, type: decimal, required: false}
        - {header: 名次, type: count, required: false}
        - {header: 事项, type: text}
points: 10
components:
  - {id: x, name: x, kind: input, points: 10, column: 系数}
"""
)


def _compiled(text: str, table: str | None = "rows") -> RowExpression:
    ctx = CompileContext(
        RULESET.model, parse_yaml("of: x\n", "t.yaml"), dict(RULESET.fields), {}, compile_component,
        {t.id: t for t in RULESET.tables}, load_ruleset=load_ruleset, scored_condition=compile_scored_condition,
    )
    return compile_row_expression(text, ctx.tables[table] if table else None, ("of",), ctx)


def _row(**values: Any) -> Row:
    return Row(values, {name: Location(file="rows.csv", row=2, field=name) for name in values}, Location(file="rows.csv", row=2))


def _value(expression: RowExpression, row: Row | None, fields: dict[str, Any]) -> Decimal:
    with decimal.localcontext(CONTEXT):
        return expression.evaluate(row, fields)


def test_a_column_of_the_row_and_a_field_of_the_subject() -> None:
    expression = _compiled("200 * (1 - 0.02 * (名次 - 1)) * 系数")
    # 200 × (1 − 0.02 × 2) × 1.5 = 200 × 0.96 × 1.5 = 288
    assert _value(expression, _row(名次=Decimal(3)), {"系数": Decimal("1.5")}) == 288
    assert expression.columns == (("名次", "名次"),) and expression.fields == ("系数",)


def test_a_column_of_the_row_hides_a_field_of_the_same_name() -> None:
    expression = _compiled("分数 + 1")
    assert _value(expression, _row(分数=Decimal(80)), {"分数": Decimal(10)}) == 81


def test_one_column_is_read_as_it_is() -> None:
    expression = _compiled("分数")
    assert expression.direct == "分数"
    assert _value(expression, _row(分数=Decimal("85.5")), {}) == Decimal("85.5")


@pytest.mark.parametrize(
    ("text", "row", "fields", "code", "column", "field"),
    [
        ("分数", {"分数": None}, {}, "EV008", "分数", None),
        ("分数 * 2", {"分数": None}, {}, "EV008", "分数", None),
        ("名次 * 系数", {"名次": Decimal(1)}, {"系数": None}, "EV008", None, "系数"),
        ("名次 / 0", {"名次": Decimal(1)}, {}, "EV004", None, None),
    ],
)
def test_what_cannot_give_a_number_says_why(
    text: str, row: dict[str, Any], fields: dict[str, Any], code: str, column: str | None, field: str | None
) -> None:
    with pytest.raises(RowValueProblem) as exc:
        _value(_compiled(text), _row(**row), fields)
    assert (exc.value.code, exc.value.column, exc.value.field) == (code, column, field)


def test_without_a_table_only_the_subjects_fields() -> None:
    assert _value(_compiled("分数 / 10", None), None, {"分数": Decimal(95)}) == Decimal("9.5")
    with pytest.raises(RulesetError, match="unknown name '名次'") as exc:
        _compiled("名次", None)
    assert exc.value.code == "RS030"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("事项", "the expression gives text, not a number"),
        ("名词 + 1", "column 1: unknown name '名词'"),
        ("分数.real", "attribute access ('.') is not allowed"),
        ("类别 * 2", "'*' needs numbers, not 类别 (text)"),
    ],
)
def test_checked_at_load_like_every_expression(text: str, message: str) -> None:
    with pytest.raises(RulesetError) as exc:
        _compiled(text)
    assert exc.value.code == "RS030" and message in str(exc.value), str(exc.value)
