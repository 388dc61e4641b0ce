"""Ruleset models for the rules of one input table: void rules, the form conditions they test and the
requirements (`must_meet`) a form must meet, each saying in the reason what it found when it fails.

A void rule holds a row condition (`model.components.RowCondition`), which is declared with the
components; `model.components` completes these models with it once it is defined.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, model_validator

from ..core.messages import say
from .base import Model

if TYPE_CHECKING:
    from .components import RowCondition


COUNT_KEYS = ("at_least", "above", "below", "at_most", "between", "equals")


class FormCondition(Model):
    """表单条件（作用于一张表单的全部行）：same；each_subject；count_rows 与一个计数键；或 all / any / not。"""

    same: str | list[str] | None = Field(
        None, title="全部相同", description="这一列（或这些列）在表单各行的值全部相同（至少两个值）"
    )
    each_subject: Literal["once", "at_least_once", "at_most_once"] | None = Field(
        None, title="每个对象",
        description="once：表单对每个评议对象（对象表的每一行）恰好有一行，且无其他行；at_least_once：每个对象至少一行（无漏评）；at_most_once：没有对象多于一行（无重复评）",
    )
    count_rows: RowCondition | None = Field(None, title="行数", description="满足此行条件的行数，与 at_least / above / below / at_most / between / equals 之一同用")
    at_least: int | None = Field(None, ge=0, title="不低于", description="满足 count_rows 的行数 ≥ N")
    above: int | None = Field(None, ge=0, title="高于", description="满足 count_rows 的行数 > N")
    below: int | None = Field(None, ge=0, title="低于", description="满足 count_rows 的行数 < N")
    at_most: int | None = Field(None, ge=0, title="不高于", description="满足 count_rows 的行数 ≤ N")
    between: Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=2, max_length=2)] | None = Field(
        None, title="介于", description="[a, b]：a ≤ 满足 count_rows 的行数 ≤ b（含两端）"
    )
    equals: int | None = Field(None, ge=0, title="等于", description="满足 count_rows 的行数 = N")
    all: list[FormCondition] | None = Field(None, min_length=1, title="全部满足")
    any: list[FormCondition] | None = Field(None, min_length=1, title="任一满足")
    not_: FormCondition | None = Field(None, alias="not", title="不满足")

    @model_validator(mode="after")
    def _shape(self) -> FormCondition:
        groups = [self.same is not None, self.each_subject is not None, self.count_rows is not None, self.all is not None, self.any is not None, self.not_ is not None]
        if sum(groups) != 1:
            raise ValueError(say("RS015.form_condition_exactly"))
        counts = [k for k in COUNT_KEYS if getattr(self, k) is not None]
        if self.count_rows is not None and len(counts) != 1:
            raise ValueError(say("RS015.rows_needs_exactly"))
        if self.count_rows is None and counts:
            raise ValueError(say("RS015.counts_rows_rows", counts=counts[0]))
        if self.between is not None and self.between[0] > self.between[1]:
            raise ValueError(say("RS015.between_empty", between=self.between[0], between2=self.between[1]))
        if isinstance(self.same, list) and not self.same:
            raise ValueError(say("RS015.same_needs_least"))
        return self


class FormRequirement(FormCondition):
    """表单要求：表单须满足的表单条件；不满足时表单作废，says 写明发现的问题（写入作废原因的 {failed}）。"""

    says: str | None = Field(
        None, min_length=1, max_length=200, title="不满足时写",
        description="此要求不满足时写入作废原因 {failed} 的文字；count_rows 要求可写 {count}（满足行条件的行数），each_subject 要求可写 {missing}（未评的对象）、{repeated}（重复评的对象及其行号）",
    )


class VoidRule(Model):
    """作废规则：行条件（when）或表单条件（form_when）成立时，或表单不满足 must_meet 中的某项要求时，该行（有 form 时整张表单）作废。"""

    when: RowCondition | None = Field(None, title="条件", description="行条件：表中一行满足时作废（有 form 时整张表单作废）")
    form_when: FormCondition | None = Field(None, title="表单条件", description="表单（表的 form 列相同的各行）满足时整张作废；与 must_meet 同用时，只对满足此条件的表单检查 must_meet")
    must_meet: list[FormRequirement] | None = Field(
        None, min_length=1, title="须满足",
        description="表单要求：表单不满足其中任一项即作废（有 form_when 时只检查满足 form_when 的表单）；不满足的各项的 says 依次以“；”连接，写入原因的 {failed}",
    )
    reason: str = Field(
        min_length=1, max_length=200, title="事由",
        description="作废原因，写入结果的作废记录；form_when 为 count_rows 时可写 {count}，有 must_meet 时可写 {failed}",
    )
    error: bool = Field(
        False, title="报错",
        description="为 true 时规则成立不作废，而是报错（FA100）停止评分：行条件在第一条成立的行（有 at 时在该行 at 列的单元格），"
                    "表单条件在表单的第一行；错误信息为表名、行或表单与 reason",
    )
    at: str | None = Field(
        None, title="报错列",
        description="与 error: true 及行条件 when 同用：错误指向该行此列的单元格，并写出单元格的值",
    )

    @model_validator(mode="after")
    def _one(self) -> VoidRule:
        if (self.when is None) == (self.form_when is None and self.must_meet is None):
            raise ValueError(say("RS015.void_rule_exactly"))
        return self
