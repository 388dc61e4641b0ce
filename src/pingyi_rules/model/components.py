"""The ruleset format as pydantic models: what a YAML ruleset may say, and nothing more.

Models only describe and check shape; `compile` turns them into evaluators.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from .base import FactKeyed, FactLiterals, FactText, FactTexts, Identifier, Model, Num, Slug
from .inputs import (
    AmountRange,
    Band,
    Column,
    ColumnType,
    Inputs,
    Lookup,
    NonNegative,
    Numbers,
    Period,
    Positive,
    Scale,
    Source,
    Subjects,
    Table,
)
from .outcomes import (
    Condition,
    ConsequenceBand,
    Consequences,
    Distribution,
    Quota,
    Ranking,
    ShareLimit,
    Stage,
    Tier,
    Veto,
)

_PLACEHOLDER = re.compile(r"\{grade\}")

__all__ = [
    "Band",
    "Column",
    "ColumnType",
    "Condition",
    "ConsequenceBand",
    "Consequences",
    "Distribution",
    "Identifier",
    "Inputs",
    "Lookup",
    "Model",
    "Num",
    "Numbers",
    "Period",
    "Quota",
    "Ranking",
    "Scale",
    "ShareLimit",
    "Slug",
    "Source",
    "Stage",
    "Subjects",
    "Table",
    "Tier",
    "Veto",
]

# --------------------------------------------------------------------------- checks between keys
# Run as field validators so an error points at the key; the keys they compare come earlier
# in the model (points first), so pydantic has them in `info.data` when they were valid.


def _below_base(floor: Decimal | None, info: ValidationInfo) -> Decimal | None:
    """A floor (扣完为止) must leave room to deduct: below the base (the points when no base)."""
    if floor is None or "points" not in info.data or info.data.get("effect") == "add":
        return floor  # on a bonus, 'floor' is refused at compile as a key with no effect
    base = info.data.get("base")
    what = "the points" if base is None else "the base"
    top = info.data["points"] if base is None else base
    if floor >= top:
        raise ValueError(f"must be below {what} {top}; a floor at or above it leaves nothing to deduct")
    return floor


# --------------------------------------------------------------------------- components


class ComponentBase(Model):
    id: Identifier = Field(title="编号", description="指标编号，在表达式和结果中引用")
    name: str = Field(title="名称", description="方案原文中的指标名称")
    points: NonNegative = Field(title="分值", description="此项满分")
    clause: str | None = Field(None, title="条款", description="所依据的方案条款")
    note: str | None = Field(None, title="说明", description="解读与假设（原文未明确之处）")
    weight: Num | None = Field(
        None, gt=0, le=1, title="权重", description="在 weighted 父项中的权重（大于 0，至多 1）"
    )
    outside: bool = Field(
        False, title="满分外", description="加分项：不计入父项分值合计（可超过满分）"
    )


class _ScoreRange(ComponentBase):
    """A component whose value is its score within `min`–`max` (`input`, `expression`): the subclass
    declares the two fields; the range must lie within the points and hold more than one value."""

    @field_validator("min", check_fields=False)
    @classmethod
    def _min_within_points(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        points = info.data.get("points")
        if value is not None and points is not None and value > points:
            raise ValueError(f"must not be above the points {points}; no value could be valid")
        return value

    @field_validator("max", check_fields=False)
    @classmethod
    def _max_within_points(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        """The value read (or computed) is the score: a max above the points would let it score more."""
        if value is None:
            return value
        points, low = info.data.get("points"), info.data.get("min")
        if low is not None and value < low:
            raise ValueError(f"must not be below min {low}")
        if low is None and value < 0:
            raise ValueError("must not be below 0, the min when none is given")
        if points is not None and value > points:
            raise ValueError(
                f"must not be above the points {points}: the value is the score, so it could score more than the "
                "item is worth. To cap larger values use kind: expression with clamp: true; to convert a score out "
                "of another full mark, use kind: expression (e.g. 列 / 120 * 10)"
            )
        return value

    @model_validator(mode="after")
    def _not_constant(self) -> Self:
        """A range of one value (points 0 and no negative min; min = max) would always score that value."""
        low = getattr(self, "min", None)
        high = getattr(self, "max", None)
        low = Decimal(0) if low is None else low
        high = self.points if high is None else high
        if low == high:
            raise ValueError(
                f"the score can only be {high} (min {low}, max {high}); give the points, or a min below 0 for a penalty"
            )
        return self


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
    points: Positive = Field(title="分值", description="此项满分（大于 0：得分按分值折算）")
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
        gt=0,
        title="每件扣分",
        description="每件（次）扣分；省略时该列的值即扣分值",
    )
    group: Identifier | None = Field(None, title="分组", description="限扣分组")
    clause: str | None = Field(None, title="条款")
    count: str | None = Field(
        None, title="件数列", description="与 range 同用：column 是各件扣分之和，须在 [下限×件数, 上限×件数] 内"
    )
    range: AmountRange | None = Field(
        None, title="每件区间", description="每件扣分的 [下限, 上限]（视情 0.3–0.5 分）"
    )

    @model_validator(mode="after")
    def _ranged(self) -> DeductionItem:
        if (self.count is None) != (self.range is None):
            raise ValueError("'count' and 'range' go together")
        if self.range is not None and self.amount is not None:
            raise ValueError("a ranged item takes its amount from the column; drop 'amount'")
        return self


class DeductionComponent(ComponentBase):
    """倒扣分：基准分减去各扣分项，可按组限扣，扣完为止。"""

    kind: Literal["deduction"] = Field(title="类型")
    base: NonNegative | None = Field(None, title="基准分", description="省略时等于分值")
    items: list[DeductionItem] = Field(title="扣分项", min_length=1)
    caps: dict[str, Positive] = Field(
        default_factory=dict, title="限扣", description="分组 → 该组最多扣分（大于 0）"
    )
    floor: Num | None = Field(
        Decimal(0), title="保底", description="最低得分（扣完为止 = 0），须低于基准分；null 表示不设下限"
    )

    @field_validator("floor")
    @classmethod
    def _floor_below_base(cls, floor: Decimal | None, info: ValidationInfo) -> Decimal | None:
        return _below_base(floor, info)


class InputComponent(_ScoreRange):
    """直接取自表格的得分（如 领导小组评议得分），检查范围。"""

    kind: Literal["input"] = Field(title="类型")
    column: str = Field(title="列")
    min: Num | None = Field(None, title="最小值", description="省略时为 0；不高于分值")
    max: Num | None = Field(None, title="最大值", description="省略时为分值；不高于分值（列值即得分）")

class ExpressionComponent(_ScoreRange):
    """表达式计分（其他类型无法表达时使用）。"""

    kind: Literal["expression"] = Field(title="类型")
    expr: str = Field(title="表达式", max_length=2000)
    min: Num | None = Field(None, title="最小值", description="省略时为 0；不高于分值")
    max: Num | None = Field(None, title="最大值", description="省略时为分值；不高于分值")
    clamp: bool = Field(
        False, title="截断", description="为 true 时超出范围的结果截断到范围内，否则报错"
    )

class RowCondition(Model):
    """行条件（作用于案例表的一行）：以下键恰好给出一组。"""

    flag: str | None = Field(None, title="标志列", description="bool 列为“是”")
    column: str | None = Field(None, title="列", description="与 equals 或 in 同用")
    equals: FactText | Num | bool | None = Field(None, title="等于")
    in_: FactLiterals | None = Field(None, alias="in", title="属于")
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


class CaseItem(Model):
    """案例事项：按代码选中；金额固定、取自行内（可限定区间）或按另一列查表。"""

    code: FactText = Field(title="代码", description="代码列中的取值，如 A1、社级查实、表彰")
    name: str = Field(title="名称")
    amount: NonNegative | None = Field(None, title="每件分值", description="固定分值（每件或每人次）")
    range: AmountRange | None = Field(
        None, title="区间", description="分值取自行内金额列，须在 [下限, 上限] 内（视情 3–5 分）"
    )
    by: str | None = Field(None, title="查表列", description="按此列的取值查 amounts（如 处分、级别）")
    amounts: FactKeyed[NonNegative | AmountRange] | None = Field(
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
        return self


class CaseModifier(Model):
    """倍数：条件成立的行，分值乘以系数（情节严重加倍、主要负责人 ×1.5、无文号减半）。"""

    when: RowCondition = Field(title="条件")
    factor: Positive = Field(title="系数", description="大于 0 且不为 1（不计分用 exemptions）")
    reason: str = Field(title="事由")
    items: FactTexts | None = Field(None, title="适用事项", description="代码列表；省略则适用全部")
    after_highest: bool = Field(
        False, title="就高之后", description="为 true 时在“只计最高”之后再乘"
    )


class CaseExemption(Model):
    """免扣（免计）：条件成立的行不计分，unless 成立时豁免失效。"""

    when: RowCondition = Field(title="条件")
    unless: RowCondition | None = Field(None, title="除非", description="此条件成立时不予豁免")
    reason: str = Field(title="事由")
    lost: str | None = Field(None, title="失效事由", description="unless 成立、豁免失效时写入计算过程的事由")
    items: FactTexts | None = Field(None, title="适用事项")


class HighestOnly(Model):
    """同一键值的多行只计最高一行（同一人同一事项多个处分就高；同一工作事项就高）。"""

    by: list[str] = Field(min_length=1, title="键列", description="这些列都非空且相同的行视为同一事项")
    items: FactTexts | None = Field(None, title="适用事项")
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
    caps: dict[str, Positive] = Field(default_factory=dict, title="分组上限", description="分组 → 最多扣（加）分（大于 0）")
    base: NonNegative | None = Field(None, title="基准分", description="deduct：省略时等于分值")
    floor: Num | None = Field(Decimal(0), title="保底", description="deduct：最低得分，须低于基准分；null 不设下限")
    capped: bool = Field(
        True,
        title="以分值为上限",
        description="add：为 true（默认）时合计以分值为上限；false 时不设上限（原文未规定加分上限）",
    )

    @field_validator("floor")
    @classmethod
    def _floor_below_base(cls, floor: Decimal | None, info: ValidationInfo) -> Decimal | None:
        return _below_base(floor, info)


# --------------------------------------------------------------------------- ballots and nested schemes


class BallotsComponent(ComponentBase):
    """限额投票：每张票须按名额评定等次并评遍全部对象，否则作废；得分为有效票分值的平均。"""

    kind: Literal["ballots"] = Field(title="类型")
    points: Positive = Field(title="分值", description="此项满分（大于 0：得分按分值折算）")
    table: Slug = Field(title="选票表", description="rows: cases 表，每行一张票对一个对象的等次；对象编码列即被评对象")
    ballot: str = Field(title="票号列", description="同一票号的各行为同一张选票")
    voter: str = Field(title="投票人列", description="投票人类型（如 主要领导、科室互评）")
    voters: FactTexts = Field(min_length=1, title="计入的投票人", description="此项只计这些投票人类型的选票")
    grade: str = Field(title="等次列")
    scale: Identifier = Field(title="分值表", description="等次 → 每票分值（优秀 10 / 良好 8 / 一般 6）")
    quotas: FactKeyed[Annotated[int, Field(ge=0)]] = Field(
        min_length=1, title="名额", description="等次 → 每张票恰好应投的个数（优秀 2 / 良好 1 / 一般 1）"
    )
    complete: bool = Field(True, title="须评遍", description="为 true 时每张票须评遍全部评议对象，且每个对象只评一次")


class NestedComponent(ComponentBase):
    """嵌套方案：取另一规则集对同一对象的总分，按分值折算（如 县社联评 100 分折合 5 分）。"""

    kind: Literal["nested"] = Field(title="类型")
    points: Positive = Field(title="分值", description="此项满分（大于 0：得分按分值折算）")
    ruleset: str = Field(title="规则集", description="被嵌套规则集的文件路径（相对于本文件）")


class GradeComponent(ComponentBase):
    """按等次取分：某列的等次（优秀/良好/一般）查分值表得分。"""

    kind: Literal["grade"] = Field(title="类型")
    points: Positive = Field(title="分值", description="此项满分（大于 0：得分按分值折算）")
    column: str = Field(title="等次列", description="enum 或 text 列")
    scale: Identifier = Field(title="分值表", description="scales 中的分值表名：等次 → 分值")


class RankDeductionComponent(ComponentBase):
    """名次扣分：组内前 N 名不扣分，此后每下降一名扣若干分，扣完为止。"""

    kind: Literal["rank_deduction"] = Field(title="类型")
    column: str = Field(title="名次列", description="名次（1 为最好），count 列")
    by: str | None = Field(None, title="分组列", description="各组免扣名次不同时，按此列取 free")
    free: Annotated[int, Field(ge=0)] | FactKeyed[Annotated[int, Field(ge=0)]] = Field(
        title="免扣名次", description="前 N 名不扣分；有 by 时为 组 → N"
    )
    per_place: Positive = Field(title="每名扣分", description="第 N+1 名起每下降一名扣分")
    floor: Num | None = Field(Decimal(0), title="保底", description="最低得分，须低于分值；null 不设下限")

    @field_validator("floor")
    @classmethod
    def _floor_below_base(cls, floor: Decimal | None, info: ValidationInfo) -> Decimal | None:
        return _below_base(floor, info)


class ApportionComponent(ComponentBase):
    """分摊扣分：上级单位的扣分按比例由对象承担（主管单位扣分折半由所属入选处室承担）。"""

    kind: Literal["apportion"] = Field(title="类型")
    column: str = Field(title="上级扣分列", description="上级单位的扣分（通常来自 keyed 表）")
    share: Positive = Field(le=1, title="承担比例", description="每个对象承担的比例，如 0.5 = 折半")
    parent: str | None = Field(None, title="上级单位列", description="上级单位名称所在字段（写入计算过程）")


Component = Annotated[
    SumComponent | WeightedComponent | RatingComponent | DeductionComponent | InputComponent | ExpressionComponent
    | CasesComponent | BallotsComponent | NestedComponent | GradeComponent | RankDeductionComponent
    | ApportionComponent,
    Field(discriminator="kind"),
]


# --------------------------------------------------------------------------- the ruleset


class Ruleset(Model):
    """评议方案规则集。"""

    id: Slug = Field(title="规则集编号")
    name: str = Field(title="方案名称")
    version: str = Field(title="版本")
    source: Source = Field(title="来源")
    year: int | None = Field(None, ge=1949, le=2200, title="年度")
    period: Period | None = Field(None, title="统计期", description="案例与表彰只计统计期内的")
    numbers: Numbers = Field(default_factory=lambda: Numbers(), title="计分精度")
    inputs: Inputs = Field(title="输入")
    scales: list[Scale] = Field(default_factory=list, title="分值表")
    points: NonNegative = Field(title="总分值", description="顶层各项分值之和（满分外加分除外）")
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

    @field_validator("overrides")
    @classmethod
    def _overrides_need_a_base(cls, value: dict[str, Any] | None, info: ValidationInfo) -> dict[str, Any] | None:
        # with 'extends', both keys are merged away before validation; alone, nothing would be changed
        if value is not None and info.data.get("extends") is None:
            raise ValueError("'overrides' changes the ruleset named by 'extends'; without 'extends' there is nothing to change")
        return value


SumComponent.model_rebuild()
RatingComponent.model_rebuild()
WeightedComponent.model_rebuild()
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
