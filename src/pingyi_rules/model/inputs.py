"""Ruleset models for metadata and inputs: source, numbers, tables, columns, scales, period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, WithJsonSchema, field_validator, model_validator

from ..core.messages import say
from .base import FactKeyed, FactTexts, FactValue, Identifier, Model, Num, Slug

if TYPE_CHECKING:
    from .table_rules import VoidRule

# Numbers with a sign fixed by what they mean (points, caps, amounts, shares …); the schema shows it.
NonNegative = Annotated[Decimal, Field(ge=0), WithJsonSchema({"type": "number", "minimum": 0})]
Positive = Annotated[Decimal, Field(gt=0), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})]


def _ordered(bounds: list[Decimal]) -> list[Decimal]:
    if bounds[0] > bounds[1]:
        raise ValueError(say("RS015.range_empty", bounds=bounds[0], bounds2=bounds[1]))
    return bounds


# [low, high] of an amount per case: both non-negative, low ≤ high.
AmountRange = Annotated[list[NonNegative], Field(min_length=2, max_length=2), AfterValidator(_ordered)]

# --------------------------------------------------------------------------- metadata


class Source(Model):
    """来源文件：规则所依据的方案原文。"""

    title: str = Field(title="方案名称", description="来源方案的标题，如《投诉中心测评活动方案》")
    document: str | None = Field(None, title="原文", description="原文文件或网址")
    issued_by: str | None = Field(None, title="发文单位", description="发文单位或文号")
    issued_on: str | None = Field(
        None, title="发文日期", description="方案所署日期或年度，如 2023-04-24 或 2012（原文未署日期时可省略）"
    )


class Numbers(Model):
    """计分精度与舍入规则。"""

    places: int = Field(2, ge=0, le=10, title="小数位数", description="公布分数保留的小数位数")
    rounding: Literal["half_up", "half_even"] = Field(
        "half_up",
        title="舍入方式",
        description="half_up = 四舍五入（默认）；half_even = 四舍六入五成双（GB/T 8170）",
    )
    round_at: Literal["total", "components"] = Field(
        "total",
        title="舍入位置",
        description="total：只对总分舍入，各项保留精确值；components：各项先舍入再相加",
    )
    decide: Literal["published", "exact"] = Field(
        "published",
        title="判定依据",
        description="published：等次、否决、名次、名额和阶段入选按公布的（舍入后的）分数判定（默认）；"
        "exact：按精确值判定",
    )


# --------------------------------------------------------------------------- inputs

ColumnType = Literal["id", "text", "enum", "count", "decimal", "bool", "date", "month", "grade"]


class Column(Model):
    """表格的一列：表头、类型与取值范围。"""

    header: str | None = Field(None, title="表头", description="表格中的列名（中文原样）")
    headers: list[str] | None = Field(
        None, title="多个表头", description="多列同一类型时一次列出"
    )
    name: Identifier | None = Field(
        None, title="名称", description="引用名：规则中引用此列的名字，默认与表头相同"
    )
    type: ColumnType = Field(
        title="类型",
        description="id 对象编码；text 文本；enum 枚举；count 非负整数；decimal 小数；bool 是/否；date 日期；"
        "month 月份（2012-01、2012年1月）；grade 等次词（其值为 scale 中该等次的分值）",
    )
    choices: FactTexts | None = Field(None, title="可选值", description="enum 列允许的取值")
    scale: Identifier | None = Field(None, title="分值表", description="grade 列：scales 中的等次表，单元格须为其中的等次词")
    min: Num | None = Field(None, title="最小值", description="decimal/count 列的下限（含）")
    max: Num | None = Field(None, title="最大值", description="decimal/count 列的上限（含）")
    max_places: int | None = Field(
        None, ge=0, le=10, title="小数位数上限", description="decimal/count 列：单元格至多写这么多位小数（末尾的 0 不算）"
    )
    invalid: Literal["error", "void"] = Field(
        "error",
        title="不合格单元格",
        description="error：报错（默认）；void：该行（有 form 时整张表单）作废并写明原因，只用于 layout: cases 表",
    )
    invalid_reason: str | None = Field(
        None, min_length=1, max_length=200, title="作废原因",
        description="与 invalid: void 同用：代替默认原因，{value} 为单元格原文，{header} 为表头",
    )
    required: bool = Field(True, title="必填", description="为 false 时允许空白")
    default: FactValue = Field(None, title="缺省值", description="空白单元格取此值")
    unit: str | None = Field(None, title="单位", description="如 分、件、人次")
    description: str | None = Field(None, title="说明", description="此列的含义")

    @model_validator(mode="after")
    def _one_header(self) -> Column:
        if (self.header is None) == (self.headers is None):
            raise ValueError(say("RS015.give_exactly_one"))
        if self.headers is not None and self.name is not None:
            raise ValueError(say("RS015.name_goes_single"))
        if self.type == "enum" and not self.choices:
            raise ValueError(say("RS015.enum_column_needs"))
        if self.choices is not None and self.type != "enum":
            raise ValueError(say("RS015.values_only_enum"))
        if (self.type == "grade") != (self.scale is not None):
            raise ValueError(say("RS015.grade_column_needs"))
        if self.max_places is not None and self.type not in ("count", "decimal"):
            raise ValueError(say("RS015.places_limits_decimals", type=self.type))
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(say("RS015.min_greater_than", min=self.min, max=self.max))
        return self

    @field_validator("min", "max")
    @classmethod
    def _numeric_bounds(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        kind = info.data.get("type")
        if value is not None and kind is not None and kind not in ("count", "decimal"):
            raise ValueError(say("RS015.bounds_count_decimal", field_name=info.field_name, kind=kind))
        if value is not None and kind == "count" and info.field_name == "min" and value <= 0:
            raise ValueError(say("RS015.bounds_nothing_count"))
        if value is not None and kind == "count" and info.field_name == "max" and value < 0:
            raise ValueError(say("RS015.leaves_valid_count"))
        return value


class Table(Model):
    """一张输入表（CSV 文件名或 Excel 工作表名）。"""

    id: Slug = Field(title="编号", description="表名：CSV 文件名（不含扩展名）或工作表名")
    name: str | None = Field(None, title="名称", description="表的中文名称")
    layout: Literal["per_subject", "cases", "keyed"] = Field(
        "per_subject",
        title="行的含义",
        description="per_subject：每个对象一行；cases：每个案例一行，一个对象可有多行；"
        "keyed：上级单位表，每个键值一行，按 join 列连接到对象",
    )
    subject: str | None = Field(None, title="对象编码列", description="连接到评议对象的列（表头）；keyed 表不用")
    key: str | None = Field(None, title="键列", description="keyed 表：每行的键（如 主管单位）")
    join: str | None = Field(
        None, title="连接列", description="keyed 表：对象字段中与键相同的列（如 units 表的 主管单位）"
    )
    optional: bool = Field(
        False,
        title="可缺行",
        description="per_subject 表：为 true 时允许对象在此表中没有行",
    )
    columns: list[Column] = Field(title="列", description="此表的各列")
    form: str | list[str] | None = Field(
        None, title="表单列", description="cases 表：此列（或这些列）相同的各行为一张表单（选票、问卷）；一行作废则整张作废"
    )
    dated_by: str | None = Field(
        None, title="日期列", description="cases 表：date 或 month 列；统计期（period）外的行不计，列入作废记录（统计期外）"
    )
    unique: list[str] | None = Field(
        None, min_length=1, title="唯一列", description="这些列合起来标识一行：重复的两行都报错"
    )
    require: list[str] | None = Field(
        None, min_length=1, title="行校验", description="每行须成立的表达式（如 优 + 良 + 中 + 差 == 有效票），不成立即报错"
    )
    void: list[VoidRule] | None = Field(
        None, min_length=1, title="作废规则", description="cases 表：按顺序检查，第一条成立的给出作废原因"
    )

    @model_validator(mode="after")
    def _keys(self) -> Table:
        if self.layout == "keyed":
            if self.key is None or self.join is None or self.subject is not None:
                raise ValueError(say("RS015.keyed_table_key"))
        elif self.subject is None or self.key is not None or self.join is not None:
            raise ValueError(say("RS015.table_subject_key", rows=self.layout))
        return self


class Subjects(Model):
    """评议对象表：编码、名称、类别取自哪张表的哪一列。"""

    table: Slug = Field(title="表", description="对象表：列出全部评议对象的表")
    id_column: str = Field(title="编码列", description="对象编码的表头")
    name_column: str | None = Field(None, title="名称列", description="对象名称的表头；省略时以编码为名称")
    category: str | None = Field(None, title="类别列", description="对象类别的表头（可无）")


class Inputs(Model):
    """输入声明：方案读取的表格。"""

    subjects: Subjects = Field(title="评议对象")
    tables: list[Table] = Field(title="表格", min_length=1)


class Scale(Model):
    """等次分值表，如 优 90 / 良 75 / 一般 60。"""

    id: Identifier = Field(title="编号", description="分值表名")
    grades: FactKeyed[NonNegative | None] = Field(
        title="等次与分值", min_length=1,
        description="等次 → 分值；null：有效但不计分的等次（如 不了解），只用于 grade 列，计票的类型不接受",
    )


class Period(Model):
    """统计期：起止日期（含）。"""

    start: dt.date = Field(title="开始日期")
    end: dt.date = Field(title="结束日期")

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.start > self.end:
            raise ValueError(say("RS015.period_starts_after", start=self.start, end=self.end))
        return self
