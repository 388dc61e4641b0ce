"""Shared pieces of the ruleset models: the base model and the number and name types."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

Num = Annotated[Decimal, WithJsonSchema({"type": "number"})]
Identifier = Annotated[
    str,
    Field(
        pattern=r"^[^\s.\[\]{}()+\-*/%<>=!,:;'\"#&|~^@$`\\]+$",
        min_length=1,
        max_length=64,
        description="标识符：中文或英文，不含空格和运算符号",
    ),
]

Slug = Annotated[
    str,
    Field(pattern=r"^[^/\\\s:*?\"<>|]+$", min_length=1, max_length=100, description="名称：可作文件名，不含空格和路径符号"),
]



class Model(BaseModel):
    """Every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
