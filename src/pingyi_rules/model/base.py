"""Shared pieces of the ruleset models: the base model and the number and name types."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..core.messages import say
from ..core.text import SPACE, nfkc

Num = Annotated[Decimal, WithJsonSchema({"type": "number"})]

# The patterns below are read by pydantic (Rust regex), by Python's re (messages) and, through the
# JSON Schema, by ECMA-262 engines with the u flag (editors, check-jsonschema): written so that all
# of them accept them and mean the same. White space is spelled out (the characters for which
# Python's str.isspace() holds), since `\s` differs between the engines; `-` stands last in a class,
# and only `\\`, `[`, `]` are escaped there.
IDENTIFIER_PATTERN = "^[^" + SPACE + r".\[\]{}()+*/%<>=!,:;'" + '"' + r"#&|~^@$`\\-]+$"
SLUG_PATTERN = "^[^" + SPACE + r'/\\:*?"<>|]+$'
Identifier = Annotated[
    str,
    Field(
        pattern=IDENTIFIER_PATTERN,
        min_length=1,
        max_length=64,
        description="标识符：中文或英文，不含空格和运算符号",
    ),
]

Slug = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, min_length=1, max_length=100, description="名称：可作文件名，不含空格和路径符号"),
]



class Model(BaseModel):
    """Every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- text matched against facts


FactText = Annotated[str, AfterValidator(nfkc)]
"""Ruleset text compared with cell values (enum values, codes, grades, literals): normalised like the cells."""

FactValue = Annotated[Any, AfterValidator(lambda value: nfkc(value) if isinstance(value, str) else value)]
"""A value that stands for a cell (a column's default): text in it is normalised like the cells."""


def _distinct(values: list[Any]) -> list[Any]:
    first: dict[tuple[bool, Any], int] = {}
    for index, value in enumerate(values):
        same = (isinstance(value, bool), value)  # true is not 1
        if same in first:
            said = say("RS048.given_twice", value=str(value), first=first[same])
            raise PydanticCustomError(
                "repeated_text", "{message}", {"message": said.render("en"), "said": said, "index": index}
            )
        first[same] = index
    return values


def _distinct_raw(values: Any) -> Any:
    """Before normalising: name the two spellings that become one value."""
    if isinstance(values, list):
        _refuse_collisions([(index, v) for index, v in enumerate(values) if isinstance(v, str)], " (at [{}])")
    return values


def _distinct_keys(mapping: Any) -> Any:
    if isinstance(mapping, dict):
        _refuse_collisions([(k, k) for k in mapping if isinstance(k, str)], "")
    return mapping


def _refuse_collisions(items: list[tuple[Any, str]], shape: str) -> None:
    first: dict[str, tuple[Any, str]] = {}
    for where, text in items:
        same = nfkc(text)
        if same in first and first[same][1] != text:
            said = say("RS048.same_once_normalised", value=text, other=first[same][1], first=shape.format(first[same][0]))
            raise PydanticCustomError(
                "repeated_text", "{message}", {"message": said.render("en"), "said": said, "index": where}
            )
        first.setdefault(same, (where, text))


FactTexts = Annotated[list[FactText], BeforeValidator(_distinct_raw), AfterValidator(_distinct)]
"""A list of FactText; two entries that are the same text (as written or once normalised) are an error."""

FactLiterals = Annotated[list[FactText | Num | bool], BeforeValidator(_distinct_raw), AfterValidator(_distinct)]
"""Condition literals (`in`): text normalised like the cells, or numbers and true/false for the column to read."""

V = TypeVar("V")
FactKeyed = Annotated[dict[FactText, V], BeforeValidator(_distinct_keys)]
"""A mapping keyed by FactText; two keys that become one once normalised are an error."""
