"""Ruleset models for the rules of one input table: void rules and the form conditions they test.

A void rule holds a row condition (`model.components.RowCondition`), which is declared with the
components; `model.components` completes these models with it once it is defined.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from ..core.messages import say
from .base import Model

if TYPE_CHECKING:
    from .components import RowCondition


class FormCondition(Model):
    """表单条件（作用于一张表单的全部行）：same；each_subject；rows 与一个计数键；或 all / any / not。"""

    same: str | list[str] | None = Field(
        None, title="全部相同", description="这一列（或这些列）在表单各行的值全部相同（至少两个值）"
    )
    each_subject: Literal["once"] | None = Field(
        None, title="每个对象", description="once：表单对每个评议对象（对象表的每一行）恰好有一行"
    )
    rows: RowCondition | None = Field(None, title="行数", description="满足此行条件的行数，与 at_least / above / below / at_most 同用")
    at_least: int | None = Field(None, ge=0, title="不低于", description="满足 rows 的行数 ≥ N")
    above: int | None = Field(None, ge=0, title="高于", description="满足 rows 的行数 > N")
    below: int | None = Field(None, ge=0, title="低于", description="满足 rows 的行数 < N")
    at_most: int | None = Field(None, ge=0, title="不高于", description="满足 rows 的行数 ≤ N")
    all: list[FormCondition] | None = Field(None, min_length=1, title="全部满足")
    any: list[FormCondition] | None = Field(None, min_length=1, title="任一满足")
    not_: FormCondition | None = Field(None, alias="not", title="不满足")

    @model_validator(mode="after")
    def _shape(self) -> FormCondition:
        groups = [self.same is not None, self.each_subject is not None, self.rows is not None, self.all is not None, self.any is not None, self.not_ is not None]
        if sum(groups) != 1:
            raise ValueError(say("RS015.form_condition_exactly"))
        counts = [k for k in ("at_least", "above", "below", "at_most") if getattr(self, k) is not None]
        if self.rows is not None and len(counts) != 1:
            raise ValueError(say("RS015.rows_needs_exactly"))
        if self.rows is None and counts:
            raise ValueError(say("RS015.counts_rows_rows", counts=counts[0]))
        if isinstance(self.same, list) and not self.same:
            raise ValueError(say("RS015.same_needs_least"))
        return self


class VoidRule(Model):
    """作废规则：行条件（when）或表单条件（form）成立时，该行（有 form 时整张表单）作废。"""

    when: RowCondition | None = Field(None, title="条件", description="行条件：表中一行满足时作废（有 form 时整张表单作废）")
    form: FormCondition | None = Field(None, title="表单条件", description="表单（表的 form 列相同的各行）满足时整张作废")
    reason: str = Field(min_length=1, max_length=200, title="作废原因", description="写入结果的作废记录")

    @model_validator(mode="after")
    def _one(self) -> VoidRule:
        if (self.when is None) == (self.form is None):
            raise ValueError(say("RS015.void_rule_exactly"))
        return self
