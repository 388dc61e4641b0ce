"""The lookup table's models: a row (`when` → `value`), the declared hit policy and `empty`, and the
top-level `lookups:` entry — a table whose result is a field of the subject, decided from the facts.

The same rows and the same hit policy are the `lookup` kind's (kinds.lookup); the compiled table,
the hit policy and the interval checks are in compile.lookup_table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from ..core.messages import say
from .base import Identifier, Model
from .outcomes import LET_EXPRESSION, LET_TABLE, Condition

_EXPRESSION_LENGTH = 2000


def _empty_value(value: Any) -> Any:
    """`empty` is error, blank or a number; anything else is refused with what it may be."""
    if value in ("error", "blank") and isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value)
    said = say("RS016.empty_value")
    raise PydanticCustomError("empty_value", "{message}", {"message": said.render("en"), "said": said})


EmptyValue = Annotated[
    Literal["error", "blank"] | Decimal,
    BeforeValidator(_empty_value),
    WithJsonSchema({"anyOf": [{"enum": ["error", "blank"]}, {"type": "number"}]}),
]


def _row_value(value: Any) -> Any:
    """A row's value is a number or an expression (text); anything else is refused with what it may be."""
    if isinstance(value, str):
        if len(value) > _EXPRESSION_LENGTH:
            said = say("RS016.expression_too_long", limit=_EXPRESSION_LENGTH)
            raise PydanticCustomError("row_value", "{message}", {"message": said.render("en"), "said": said})
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value)
    said = say("RS016.number_or_expression")
    raise PydanticCustomError("row_value", "{message}", {"message": said.render("en"), "said": said})


RowValue = Annotated[
    Decimal | str,
    BeforeValidator(_row_value),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "maxLength": _EXPRESSION_LENGTH}]}),
]

Hit = Literal["first", "unique"]


class LookupRow(Model):
    """查表的一行：when 成立时取 value；无 when 的行总是成立（只能是最后一行，hit: first）。"""

    when: Condition | None = Field(
        None, title="条件", description="对象条件（字段、命名值、此前算出的指标）；省略为总是成立"
    )
    value: RowValue = Field(title="取值", description="一个数，或对字段、命名值和此前算出的指标的表达式")


_REPLACED = {"column": "phrase.lookups_instead_column", "bands": "phrase.lookups_instead_bands"}


def _refuse_bands(data: Any) -> Any:
    """`column` + `bands` was the older spelling of a lookups entry: refused, saying what to write."""
    if isinstance(data, dict):
        for key, instead in _REPLACED.items():
            if key in data:
                said = say("RS095.lookups_entry", key=key, instead=say(instead))
                raise PydanticCustomError("replaced_key", "{message}", {"key": key, "message": said.render("en"), "said": said})
    return data


class LookupTable(Model):
    """查表：按行判断条件，成立的行给出取值；hit 声明命中规则（first 取第一个成立的行，unique 须恰好一行成立）。"""

    hit: Hit = Field(
        title="命中规则", description="first：取第一个成立的行；unique：须恰好一行成立（两行成立是错误）"
    )
    rows: list[LookupRow] = Field(title="行", min_length=1, max_length=1000)
    empty: EmptyValue = Field(
        "error", title="无行时", description="无一行成立时：error（默认）报错；blank 无数据；或一个数"
    )


class Lookup(LookupTable):
    """查表（结果为对象的新字段）：各行 when 为同一数值列的区间，value 为一个数；在计分前按事实数据决定。"""

    id: Identifier = Field(title="编号", description="字段名：查表结果的名字，规则中像列一样引用")
    name: str | None = Field(None, title="名称")
    clause: str | None = Field(None, title="条款")
    note: str | None = Field(None, title="说明")

    _replaced = model_validator(mode="before")(_refuse_bands)

    def column(self) -> str | None:
        """The column the rows' intervals are on (None when no row has a condition)."""
        return next((row.when.of for row in self.rows if row.when is not None), None)


def _let_branch(value: Any) -> str:
    return LET_TABLE if isinstance(value, (dict, LookupTable)) else LET_EXPRESSION


LetValue = Annotated[
    Annotated[Annotated[str, Field(max_length=_EXPRESSION_LENGTH)], Tag(LET_EXPRESSION)] | Annotated[LookupTable, Tag(LET_TABLE)],
    Discriminator(_let_branch),
]
"""An expression's `let` value: an expression, or a lookup table (`{hit, rows, empty}`) decided for each subject."""
