"""The ruleset format as pydantic models: what a YAML ruleset may say, and nothing more.

Models only describe and check shape; `_compile` turns them into evaluators.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

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

_PLACEHOLDER = re.compile(r"\{grade\}")


class Model(BaseModel):
    """Every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# --------------------------------------------------------------------------- metadata


class Source(Model):
    """来源文件：规则所依据的方案原文。"""

    title: str = Field(title="方案名称", description="来源方案的标题，如《投诉中心测评活动方案》")
    document: str | None = Field(None, title="原文", description="原文文件或网址")
    issued_by: str | None = Field(None, title="发文单位", description="发文单位或文号")


class Numbers(Model):
    """计分精度与舍入规则。"""

    places: int = Field(2, ge=0, le=10, title="小数位数", description="公布分数保留的小数位数")
    rounding: Literal["half_up", "half_even"] = Field(
        "half_up",
        title="舍入方式",
        description="half_up = 四舍五入（默认）；half_even = 四舍六入五成双（GB/T 8170）",
    )
    round: Literal["total", "components"] = Field(
        "total",
        title="舍入位置",
        description="total：只对总分舍入，各项保留精确值；components：各项先舍入再相加",
    )


# --------------------------------------------------------------------------- inputs

ColumnType = Literal["id", "text", "enum", "count", "decimal", "bool", "date"]


class Column(Model):
    """表格的一列：表头、类型与取值范围。"""

    header: str | None = Field(None, title="表头", description="表格中的列名（中文原样）")
    headers: list[str] | None = Field(
        None, title="多个表头", description="多列同一类型时一次列出"
    )
    name: Identifier | None = Field(
        None, title="引用名", description="规则中引用此列的名字，默认与表头相同"
    )
    type: ColumnType = Field(
        title="类型",
        description="id 对象编码；text 文本；enum 枚举；count 非负整数；decimal 小数；bool 是/否；date 日期",
    )
    values: list[str] | None = Field(None, title="可选值", description="enum 列允许的取值")
    min: Num | None = Field(None, title="最小值", description="decimal/count 列的下限（含）")
    max: Num | None = Field(None, title="最大值", description="decimal/count 列的上限（含）")
    required: bool = Field(True, title="必填", description="为 false 时允许空白")
    default: Any = Field(None, title="缺省值", description="空白单元格取此值")
    unit: str | None = Field(None, title="单位", description="如 分、件、人次")
    description: str | None = Field(None, title="说明", description="此列的含义")

    @model_validator(mode="after")
    def _one_header(self) -> Column:
        if (self.header is None) == (self.headers is None):
            raise ValueError("give exactly one of 'header' or 'headers'")
        if self.headers is not None and self.name is not None:
            raise ValueError("'name' goes with a single 'header', not with 'headers'")
        if self.type == "enum" and not self.values:
            raise ValueError("an enum column needs 'values'")
        if self.values is not None and self.type != "enum":
            raise ValueError("'values' is only for enum columns")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        return self


class Table(Model):
    """一张输入表（CSV 文件名或 Excel 工作表名）。"""

    id: Slug = Field(title="表名", description="CSV 文件名（不含扩展名）或工作表名")
    title: str | None = Field(None, title="中文名", description="表的中文名称")
    rows: Literal["per_subject", "cases", "keyed"] = Field(
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

    @model_validator(mode="after")
    def _keys(self) -> Table:
        if self.rows == "keyed":
            if self.key is None or self.join is None or self.subject is not None:
                raise ValueError("a keyed table takes 'key' and 'join', not 'subject'")
        elif self.subject is None or self.key is not None or self.join is not None:
            raise ValueError(f"a {self.rows} table takes 'subject', not 'key' or 'join'")
        return self


class Subjects(Model):
    """评议对象表：编码、名称、类别取自哪张表的哪一列。"""

    table: Slug = Field(title="对象表", description="列出全部评议对象的表")
    id: str = Field(title="编码列", description="对象编码的表头")
    name: str | None = Field(None, title="名称列", description="对象名称的表头；省略时以编码为名称")
    category: str | None = Field(None, title="类别列", description="对象类别的表头（可无）")


class Inputs(Model):
    """输入声明：方案读取的表格。"""

    subjects: Subjects = Field(title="评议对象")
    tables: list[Table] = Field(title="表格", min_length=1)


class Scale(Model):
    """等次分值表，如 优 90 / 良 75 / 一般 60。"""

    id: Identifier = Field(title="分值表名")
    grades: dict[str, Num] = Field(title="等次与分值", min_length=1)


# --------------------------------------------------------------------------- components


class ComponentBase(Model):
    id: Identifier = Field(title="编号", description="指标编号，在表达式和结果中引用")
    name: str = Field(title="名称", description="方案原文中的指标名称")
    points: Num = Field(title="分值", description="此项满分")
    clause: str | None = Field(None, title="条款", description="所依据的方案条款")
    note: str | None = Field(None, title="说明", description="解读与假设（原文未明确之处）")
    weight: Num | None = Field(
        None, ge=0, le=1, title="权重", description="在 weighted 父项中的权重（0–1）"
    )
    outside: bool = Field(
        False, title="满分外", description="加分项：不计入父项分值合计（可超过满分）"
    )


class SumComponent(ComponentBase):
    """各子项得分相加。"""

    kind: Literal["sum"] = Field(title="类型")
    components: list[Component] = Field(title="子项", min_length=1)


class WeightedComponent(ComponentBase):
    """子项得分按权重相加，再乘以系数（如 综合满意度 × 80）。"""

    kind: Literal["weighted"] = Field(title="类型")
    scale: Num = Field(Decimal(1), gt=0, title="系数", description="加权结果乘以此系数")
    components: list[Component] = Field(title="子项", min_length=1)


class RatingComponent(ComponentBase):
    """等次计票：各等次票数 × 分值求平均，除以最高分值，再乘以分值。"""

    kind: Literal["rating"] = Field(title="类型")
    scale: Identifier = Field(title="分值表", description="scales 中的分值表名")
    counts: list[str] = Field(
        title="票数列",
        description="列名模板，含 {grade}（如 即时测评_{grade}）；多个模板的票数合并计算",
        min_length=1,
    )
    table: Slug | None = Field(
        None,
        title="案例表",
        description="票数取自此 rows: cases 表中符合 rows 条件的各行（长表：每个评议主体一行）；省略则取自对象字段",
    )
    rows: RowCondition | None = Field(
        None, title="行条件", description="与 table 同用：选出计入此项的行（如 评议主体 = 服务对象）"
    )
    factor: str | None = Field(
        None, title="系数", description="得分再乘以此字段（如 分档查表得到的 服务量系数）"
    )

    @model_validator(mode="after")
    def _placeholder(self) -> RatingComponent:
        for template in self.counts:
            if not _PLACEHOLDER.search(template):
                raise ValueError(f"count template '{template}' has no {{grade}} placeholder")
        if (self.table is None) != (self.rows is None):
            raise ValueError("'table' and 'rows' go together")
        return self


class DeductionItem(Model):
    """扣分项：每件（次）扣若干分。"""

    id: Identifier = Field(title="编号")
    name: str = Field(title="名称")
    column: str = Field(title="计数列", description="件数（或扣分值）所在的列")
    amount: Num | None = Field(
        None,
        ge=0,
        title="每件扣分",
        description="每件（次）扣分；省略时该列的值即扣分值",
    )
    group: Identifier | None = Field(None, title="分组", description="限扣分组")
    clause: str | None = Field(None, title="条款")
    count: str | None = Field(
        None, title="件数列", description="与 range 同用：column 是各件扣分之和，须在 [下限×件数, 上限×件数] 内"
    )
    range: list[Num] | None = Field(
        None, min_length=2, max_length=2, title="每件区间", description="每件扣分的 [下限, 上限]（视情 0.3–0.5 分）"
    )

    @model_validator(mode="after")
    def _ranged(self) -> DeductionItem:
        if (self.count is None) != (self.range is None):
            raise ValueError("'count' and 'range' go together")
        if self.range is not None and self.amount is not None:
            raise ValueError("a ranged item takes its amount from the column; drop 'amount'")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError(f"range {self.range[0]}–{self.range[1]} is empty")
        return self


class DeductionComponent(ComponentBase):
    """倒扣分：基准分减去各扣分项，可按组限扣，扣完为止。"""

    kind: Literal["deduction"] = Field(title="类型")
    base: Num | None = Field(None, title="基准分", description="省略时等于分值")
    items: list[DeductionItem] = Field(title="扣分项", min_length=1)
    caps: dict[str, Num] = Field(
        default_factory=dict, title="限扣", description="分组 → 该组最多扣分"
    )
    floor: Num | None = Field(
        Decimal(0), title="保底", description="最低得分（扣完为止 = 0）；null 表示不设下限"
    )


class InputComponent(ComponentBase):
    """直接取自表格的得分（如 领导小组评议得分），检查范围。"""

    kind: Literal["input"] = Field(title="类型")
    column: str = Field(title="列")
    min: Num | None = Field(None, title="最小值", description="省略时为 0")
    max: Num | None = Field(None, title="最大值", description="省略时为分值")


class ExpressionComponent(ComponentBase):
    """表达式计分（其他类型无法表达时使用）。"""

    kind: Literal["expression"] = Field(title="类型")
    expr: str = Field(title="表达式", max_length=2000)
    min: Num | None = Field(None, title="最小值", description="省略时为 0")
    max: Num | None = Field(None, title="最大值", description="省略时为分值")
    clamp: bool = Field(
        False, title="截断", description="为 true 时超出范围的结果截断到范围内，否则报错"
    )


class RowCondition(Model):
    """行条件（作用于案例表的一行）：以下键恰好给出一组。"""

    flag: str | None = Field(None, title="标志列", description="bool 列为“是”")
    column: str | None = Field(None, title="列", description="与 equals 或 in 同用")
    equals: str | Num | bool | None = Field(None, title="等于")
    in_: list[str] | None = Field(None, alias="in", title="属于")
    all: list[RowCondition] | None = Field(None, title="全部满足")
    any: list[RowCondition] | None = Field(None, title="任一满足")
    not_: RowCondition | None = Field(None, alias="not", title="不满足")

    @model_validator(mode="after")
    def _shape(self) -> RowCondition:
        groups = [self.flag is not None, self.column is not None, self.all is not None,
                  self.any is not None, self.not_ is not None]
        if sum(groups) != 1:
            raise ValueError("a row condition takes exactly one of flag, column, all, any, not")
        if self.column is not None and (self.equals is None) == (self.in_ is None):
            raise ValueError("'column' needs exactly one of 'equals' or 'in'")
        if self.column is None and (self.equals is not None or self.in_ is not None):
            raise ValueError("'equals' and 'in' go with 'column'")
        return self


AmountRange = Annotated[list[Num], Field(min_length=2, max_length=2)]


class CaseItem(Model):
    """案例事项：按代码选中；金额固定、取自行内（可限定区间）或按另一列查表。"""

    code: str = Field(title="代码", description="代码列中的取值，如 A1、社级查实、表彰")
    name: str = Field(title="名称")
    amount: Num | None = Field(None, ge=0, title="每件分值", description="固定分值（每件或每人次）")
    range: AmountRange | None = Field(
        None, title="区间", description="分值取自行内金额列，须在 [下限, 上限] 内（视情 3–5 分）"
    )
    by: str | None = Field(None, title="查表列", description="按此列的取值查 amounts（如 处分、级别）")
    amounts: dict[str, Num | AmountRange] | None = Field(
        None, title="分值表", description="by 列取值 → 分值，或 [下限, 上限]（分值取自行内金额列）"
    )
    group: Identifier | None = Field(None, title="分组", description="限扣/限加分组")
    clause: str | None = Field(None, title="条款")

    @model_validator(mode="after")
    def _shape(self) -> CaseItem:
        if (self.by is None) != (self.amounts is None):
            raise ValueError("'by' and 'amounts' go together")
        if self.amount is not None and (self.range is not None or self.by is not None):
            raise ValueError("give one of 'amount', 'range' or 'by' + 'amounts'")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError(f"range {self.range[0]}–{self.range[1]} is empty")
        return self


class CaseModifier(Model):
    """倍数：条件成立的行，分值乘以系数（情节严重加倍、主要负责人 ×1.5、无文号减半）。"""

    when: RowCondition = Field(title="条件")
    factor: Num = Field(ge=0, title="系数")
    reason: str = Field(title="事由")
    items: list[str] | None = Field(None, title="适用事项", description="代码列表；省略则适用全部")
    after_highest: bool = Field(
        False, title="就高之后", description="为 true 时在“只计最高”之后再乘"
    )


class CaseExemption(Model):
    """免扣（免计）：条件成立的行不计分，unless 成立时豁免失效。"""

    when: RowCondition = Field(title="条件")
    unless: RowCondition | None = Field(None, title="除非", description="此条件成立时不予豁免")
    reason: str = Field(title="事由")
    lost: str | None = Field(None, title="失效事由", description="unless 成立、豁免失效时写入计算过程的事由")
    items: list[str] | None = Field(None, title="适用事项")


class HighestOnly(Model):
    """同一键值的多行只计最高一行（同一人同一事项多个处分就高；同一工作事项就高）。"""

    by: list[str] = Field(min_length=1, title="键列", description="这些列都非空且相同的行视为同一事项")
    items: list[str] | None = Field(None, title="适用事项")
    reason: str = Field("就高计算，不重复计分", title="事由")


class CasesComponent(ComponentBase):
    """案例表计分：每行一个案例，按代码选中事项，算出分值后扣减（或加分）。"""

    kind: Literal["cases"] = Field(title="类型")
    table: Slug = Field(title="案例表", description="rows: cases 的表")
    effect: Literal["deduct", "add"] = Field(
        "deduct", title="作用", description="deduct：基准分减去合计；add：合计即得分（以分值为上限）"
    )
    code: str = Field(title="代码列", description="选中事项的列")
    date: str | None = Field(None, title="日期列", description="与规则集 period 比较，统计期外的行不计")
    count: str | None = Field(None, title="人次列", description="分值乘以此列（每人次）")
    amount: str | None = Field(None, title="金额列", description="区间事项的分值所在列")
    items: list[CaseItem] = Field(min_length=1, title="事项")
    exemptions: list[CaseExemption] = Field(default_factory=list, title="免扣")
    modifiers: list[CaseModifier] = Field(default_factory=list, title="倍数")
    highest_only: HighestOnly | None = Field(None, title="只计最高")
    caps: dict[str, Num] = Field(default_factory=dict, title="分组上限", description="分组 → 最多扣（加）分")
    base: Num | None = Field(None, title="基准分", description="deduct：省略时等于分值")
    floor: Num | None = Field(Decimal(0), title="保底", description="deduct：最低得分；null 不设下限")
    capped: bool = Field(
        True,
        title="以分值为上限",
        description="add：为 true（默认）时合计以分值为上限；false 时不设上限（原文未规定加分上限）",
    )


# --------------------------------------------------------------------------- ballots and nested schemes


class BallotsComponent(ComponentBase):
    """限额投票：每张票须按名额评定等次并评遍全部对象，否则作废；得分为有效票分值的平均。"""

    kind: Literal["ballots"] = Field(title="类型")
    table: Slug = Field(title="选票表", description="rows: cases 表，每行一张票对一个对象的等次；对象编码列即被评对象")
    ballot: str = Field(title="票号列", description="同一票号的各行为同一张选票")
    voter: str = Field(title="投票人列", description="投票人类型（如 主要领导、科室互评）")
    voters: list[str] = Field(min_length=1, title="计入的投票人", description="此项只计这些投票人类型的选票")
    grade: str = Field(title="等次列")
    scale: Identifier = Field(title="分值表", description="等次 → 每票分值（优秀 10 / 良好 8 / 一般 6）")
    quotas: dict[str, int] = Field(
        min_length=1, title="名额", description="等次 → 每张票恰好应投的个数（优秀 2 / 良好 1 / 一般 1）"
    )
    complete: bool = Field(True, title="须评遍", description="为 true 时每张票须评遍全部评议对象，且每个对象只评一次")


class NestedComponent(ComponentBase):
    """嵌套方案：取另一规则集对同一对象的总分，按分值折算（如 县社联评 100 分折合 5 分）。"""

    kind: Literal["nested"] = Field(title="类型")
    ruleset: str = Field(title="规则集", description="被嵌套规则集的文件路径（相对于本文件）")


class GradeComponent(ComponentBase):
    """按等次取分：某列的等次（优秀/良好/一般）查分值表得分。"""

    kind: Literal["grade"] = Field(title="类型")
    column: str = Field(title="等次列", description="enum 或 text 列")
    scale: Identifier = Field(title="分值表", description="scales 中的分值表名：等次 → 分值")


class RankDeductionComponent(ComponentBase):
    """名次扣分：组内前 N 名不扣分，此后每下降一名扣若干分，扣完为止。"""

    kind: Literal["rank_deduction"] = Field(title="类型")
    column: str = Field(title="名次列", description="名次（1 为最好），count 列")
    by: str | None = Field(None, title="分组列", description="各组免扣名次不同时，按此列取 free")
    free: int | dict[str, int] = Field(
        title="免扣名次", description="前 N 名不扣分；有 by 时为 组 → N"
    )
    per_place: Num = Field(gt=0, title="每名扣分", description="第 N+1 名起每下降一名扣分")
    floor: Num | None = Field(Decimal(0), title="保底", description="最低得分；null 不设下限")


class ApportionComponent(ComponentBase):
    """分摊扣分：上级单位的扣分按比例由对象承担（主管单位扣分折半由所属入选处室承担）。"""

    kind: Literal["apportion"] = Field(title="类型")
    column: str = Field(title="上级扣分列", description="上级单位的扣分（通常来自 keyed 表）")
    share: Num = Field(gt=0, le=1, title="承担比例", description="每个对象承担的比例，如 0.5 = 折半")
    parent: str | None = Field(None, title="上级单位列", description="上级单位名称所在字段（写入计算过程）")


Component = Annotated[
    SumComponent | WeightedComponent | RatingComponent | DeductionComponent | InputComponent | ExpressionComponent
    | CasesComponent | BallotsComponent | NestedComponent | GradeComponent | RankDeductionComponent
    | ApportionComponent,
    Field(discriminator="kind"),
]


# --------------------------------------------------------------------------- outcomes


class Condition(Model):
    """条件：以下键恰好给出一个。"""

    top: int | None = Field(None, ge=1, title="前N名", description="组内严格优于它的对象少于 N 个")
    bottom: int | None = Field(
        None, ge=1, title="后N名", description="组内严格低于它的对象少于 N 个"
    )
    at_least: Num | None = Field(None, title="不低于", description="总分 ≥ 此值")
    below: Num | None = Field(None, title="低于", description="总分 < 此值")
    flag: str | None = Field(None, title="标志列", description="bool 列为“是”")
    all: list[Condition] | None = Field(None, title="全部满足")
    any: list[Condition] | None = Field(None, title="任一满足")
    not_: Condition | None = Field(None, alias="not", title="不满足")

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        given = [k for k, v in self if v is not None]
        if len(given) != 1:
            raise ValueError(
                "a condition takes exactly one of top, bottom, at_least, below, flag, all, any, not"
            )
        return self


class Quota(Model):
    """名额：从最好或最差一端按名次取 N 个。"""

    best: int | None = Field(None, ge=1, title="最好N个")
    worst: int | None = Field(None, ge=1, title="最差N个")

    @model_validator(mode="after")
    def _one(self) -> Quota:
        if (self.best is None) == (self.worst is None):
            raise ValueError("give exactly one of 'best' or 'worst'")
        return self


class Tier(Model):
    """等次（结果）：按条件或按名额确定。"""

    name: str = Field(title="等次名称")
    when: Condition | None = Field(None, title="条件")
    quota: Quota | None = Field(
        None, title="名额", description="被否决强制列入的对象先占名额，其余按名次补足；临界并列全部列入"
    )
    clause: str | None = Field(None, title="条款")

    @model_validator(mode="after")
    def _one(self) -> Tier:
        if (self.when is None) == (self.quota is None):
            raise ValueError("a tier takes exactly one of 'when' or 'quota'")
        return self


class Veto(Model):
    """一票否决：条件成立时直接列入某等次，并不得列入其他等次。"""

    name: str = Field(title="否决名称")
    when: Condition = Field(title="条件")
    tier: str = Field(title="列入等次")
    bars: list[str] = Field(default_factory=list, title="不得列入")
    clause: str | None = Field(None, title="条款")


class Ranking(Model):
    """排名规则。"""

    within: str | None = Field(
        None, title="分组", description="在此列（如 类别）的每个取值内分别排名；省略则全体排名"
    )
    ties: Literal["competition", "dense"] = Field(
        "competition", title="并列", description="competition：1,2,2,4（默认）；dense：1,2,2,3"
    )
    tie_break: list[Identifier] = Field(
        default_factory=list,
        title="同分比较",
        description="总分相同时依次比较这些指标的得分（各按小数位数舍入后比较）；仍相同则并列",
    )


class ConsequenceBand(Model):
    """名次段：某类对象名次在 [起, 止] 内时取这些结果值。"""

    when: str | None = Field(None, title="类型", description="by 列的取值（如 满意候选）；省略则适用全部")
    ranks: Annotated[list[int], Field(min_length=2, max_length=2)] = Field(title="名次段", description="[起, 止]，含两端")
    values: dict[str, Num] = Field(min_length=1, title="结果值", description="名称 → 值（如 负责人绩效 6）")

    @model_validator(mode="after")
    def _order(self) -> ConsequenceBand:
        if self.ranks[0] < 1 or self.ranks[0] > self.ranks[1]:
            raise ValueError(f"ranks {self.ranks[0]}–{self.ranks[1]} is not a band of places from 1")
        return self


class Consequences(Model):
    """结果运用：按对象类型 × 名次段给出命名的结果值（如 负责人绩效 +6 / 其他人员绩效 +5）。"""

    by: str | None = Field(None, title="类型列", description="对象类型所在列（如 县候选类型）")
    rank: str | None = Field(
        None, title="名次列", description="名次所在列（如 县候选名次，倒数名次照原样填写）；省略则用本规则集的排名"
    )
    bands: list[ConsequenceBand] = Field(min_length=1, title="名次段")
    otherwise: dict[str, Num] = Field(title="其余", description="不在任何名次段的对象取这些值")
    clause: str | None = Field(None, title="条款")


class Band(Model):
    """一档：数值区间（端点开闭写明）与取值。"""

    at_least: Num | None = Field(None, title="不低于", description="下限（含）")
    above: Num | None = Field(None, title="高于", description="下限（不含）")
    below: Num | None = Field(None, title="低于", description="上限（不含）")
    at_most: Num | None = Field(None, title="不高于", description="上限（含）")
    value: Num = Field(title="取值")

    @model_validator(mode="after")
    def _ends(self) -> Band:
        if self.at_least is not None and self.above is not None:
            raise ValueError("give at most one of 'at_least' or 'above'")
        if self.below is not None and self.at_most is not None:
            raise ValueError("give at most one of 'below' or 'at_most'")
        return self


class Lookup(Model):
    """分档查表：按某列数值所在的档取值，结果成为对象的一个新字段。"""

    id: Identifier = Field(title="字段名", description="查表结果的名字，规则中像列一样引用")
    name: str | None = Field(None, title="名称")
    column: str = Field(title="依据列", description="count 或 decimal 列")
    bands: list[Band] = Field(min_length=1, title="各档", description="互不重叠；落在各档之外的值是错误")
    clause: str | None = Field(None, title="条款")
    note: str | None = Field(None, title="说明")


class ShareLimit(Model):
    """比例限制：某等次占组内已评对象数的比例，取整方向写明。"""

    grade: str = Field(title="等次")
    share: Num = Field(ge=0, le=1, title="比例")
    round: Literal["up", "down"] = Field(title="取整", description="up = 向上取整 ⌈⌉；down = 向下取整 ⌊⌋")


class Distribution(Model):
    """强制分布检查：每组内各等次的个数须守比例，否则报错并列出该组的计数。"""

    name: str = Field(title="名称")
    column: str = Field(title="等次列")
    within: str = Field(title="分组列", description="如 主管单位")
    at_most: list[ShareLimit] = Field(default_factory=list, title="至多")
    at_least: list[ShareLimit] = Field(default_factory=list, title="至少")
    clause: str | None = Field(None, title="条款")


class Stage(Model):
    """评议阶段：本阶段加入的顶层指标；非末阶段按阶段总分排名并选出进入下一阶段的对象。"""

    id: Identifier = Field(title="阶段编号")
    name: str = Field(title="阶段名称")
    components: list[Identifier] = Field(min_length=1, title="指标", description="本阶段加入的顶层指标编号")
    select: Condition | None = Field(
        None, title="入选条件", description="按本阶段累计总分（已舍入）排名；top/bottom 临界并列全部入选"
    )
    within: str | None = Field(None, title="分组", description="入选排名在此列的各组内进行；省略为全体")
    requires: list[Slug] = Field(
        default_factory=list, title="必备表", description="进入本阶段的对象须在这些 per_subject 表中有行"
    )
    clause: str | None = Field(None, title="条款")


# --------------------------------------------------------------------------- the ruleset


class Period(Model):
    """统计期：起止日期（含）。"""

    start: dt.date = Field(title="开始日期")
    end: dt.date = Field(title="结束日期")

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.start > self.end:
            raise ValueError(f"period starts {self.start} after it ends {self.end}")
        return self


class Ruleset(Model):
    """评议方案规则集。"""

    id: Slug = Field(title="规则集编号")
    name: str = Field(title="方案名称")
    version: str = Field(title="版本")
    source: Source = Field(title="来源")
    year: int | None = Field(None, title="年度")
    period: Period | None = Field(None, title="统计期", description="案例与表彰只计统计期内的")
    numbers: Numbers = Field(default_factory=lambda: Numbers(), title="计分精度")
    inputs: Inputs = Field(title="输入")
    scales: list[Scale] = Field(default_factory=list, title="分值表")
    points: Num = Field(title="总分值", description="顶层各项分值之和（满分外加分除外）")
    components: list[Component] = Field(title="指标", min_length=1)
    ranking: Ranking = Field(default_factory=lambda: Ranking(), title="排名")
    vetoes: list[Veto] = Field(default_factory=list, title="否决")
    tiers: list[Tier] = Field(default_factory=list, title="等次")
    consequences: Consequences | None = Field(None, title="结果运用", description="名次段 → 结果值（values）")
    extends: str | None = Field(
        None, title="继承", description="以另一规则集为底本（路径相对于本文件），载入时合并；见 overrides"
    )
    overrides: dict[str, Any] | None = Field(
        None,
        title="改动",
        description="继承时按路径改值：components.日常考评.items.投诉查实.amount: 3（列表元素按 id/code/name 或序号选取）",
    )
    lookups: list[Lookup] = Field(default_factory=list, title="分档查表")
    distributions: list[Distribution] = Field(default_factory=list, title="强制分布")
    stages: list[Stage] = Field(default_factory=list, title="阶段", description="省略为单一阶段")


SumComponent.model_rebuild()
RatingComponent.model_rebuild()
WeightedComponent.model_rebuild()
Condition.model_rebuild()
Stage.model_rebuild()
RowCondition.model_rebuild()
Ruleset.model_rebuild()

KIND_MODELS: dict[str, type[ComponentBase]] = {
    "sum": SumComponent,
    "weighted": WeightedComponent,
    "rating": RatingComponent,
    "deduction": DeductionComponent,
    "input": InputComponent,
    "expression": ExpressionComponent,
    "cases": CasesComponent,
    "ballots": BallotsComponent,
    "nested": NestedComponent,
    "grade": GradeComponent,
    "rank_deduction": RankDeductionComponent,
    "apportion": ApportionComponent,
}


def field_vocabulary() -> set[str]:
    """Every key any model accepts, for "did you mean" on unknown keys."""
    names: set[str] = set()
    models: tuple[type[BaseModel], ...] = (
        Ruleset, Source, Numbers, Column, Table, Subjects, Inputs, Scale, DeductionItem,
        Condition, Quota, Tier, Veto, Ranking, RowCondition, CaseItem, CaseModifier,
        CaseExemption, HighestOnly, Period, ConsequenceBand, Consequences, Band, Lookup, ShareLimit,
        Distribution, Stage, *KIND_MODELS.values(),
    )
    for model in models:
        for fname, finfo in model.model_fields.items():
            names.add(finfo.alias or fname)
    return names
