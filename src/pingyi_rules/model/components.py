"""The ruleset format as pydantic models: what a YAML ruleset may say, and nothing more.

Models only describe and check shape; `compile` turns them into evaluators. This module holds
the ruleset and what every component shares (`ComponentBase`, `ScoreRange`, `RowCondition`);
each kind's own model lives in its kind module (`kinds/<kind>.py`), and `kinds.registry` builds
the discriminated union `Component` from them and completes `Ruleset` with it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .base import Identifier, Model, Num, Slug
from .inputs import (
    Column,
    ColumnType,
    Inputs,
    NonNegative,
    Numbers,
    Period,
    Scale,
    Source,
    Subjects,
    Table,
)
from .lookup_rows import Lookup
from .table_rules import FormCondition, FormRequirement, VoidRule

if TYPE_CHECKING:
    from ..kinds.registry import Component
from ..core.messages import say
from .outcomes import (
    AnyCheck,
    Check,
    Comparison,
    Condition,
    Distribution,
    Exclusion,
    Gate,
    GateCondition,
    GroupCheck,
    GroupShare,
    NamedCondition,
    NamedRowCondition,
    Quota,
    QuotaShare,
    RowCondition,
    ShareLimit,
    Stage,
    Tier,
    Veto,
)
from .rankings import ConsequenceBand, Consequences, NamedRanking, Ranking, RankingOrNone

__all__ = [
    "AnyCheck",
    "Check",
    "Column",
    "ColumnType",
    "Comparison",
    "Condition",
    "ConsequenceBand",
    "Consequences",
    "Distribution",
    "Exclusion",
    "Gate",
    "GateCondition",
    "GroupCheck",
    "GroupShare",
    "Identifier",
    "Inputs",
    "Lookup",
    "Model",
    "NamedCondition",
    "NamedRanking",
    "NamedRowCondition",
    "Num",
    "Numbers",
    "Period",
    "Quota",
    "QuotaShare",
    "Ranking",
    "RowCondition",
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


def below_base(floor: Decimal | None, info: ValidationInfo) -> Decimal | None:
    """A floor (扣完为止) must leave room to deduct: below the base (the points when no base)."""
    if floor is None or "points" not in info.data or info.data.get("effect") == "add":
        return floor  # on a bonus, 'floor' is refused at compile as a key with no effect
    base = info.data.get("base")
    what = say("phrase.the_points") if base is None else say("phrase.the_base")
    top = info.data["points"] if base is None else base
    if top is None:  # no points and no base: refused at compile (RS077), a deduction needs something to deduct from
        return floor
    if floor >= top:
        raise ValueError(say("RS015.must_below_floor", what=what, top=top))
    return floor


# --------------------------------------------------------------------------- components


class ComponentBase(Model):
    id: Identifier = Field(title="编号", description="指标编号，在表达式和结果中引用")
    name: str = Field(title="名称", description="方案原文中的指标名称")
    points: NonNegative | None = Field(
        None, title="分值", description="此项满分；省略为无满分（不检查范围与合计），评分按分值折算的类型必填"
    )
    clause: str | None = Field(None, title="条款", description="所依据的方案条款")
    note: str | None = Field(None, title="说明", description="解读与假设（原文未明确之处）")
    weight: Num | None = Field(
        None, gt=0, le=1, title="权重", description="在 weighted 父项中的权重（大于 0，至多 1）"
    )
    outside: bool = Field(
        False, title="满分外", description="加分项：不计入父项分值合计（可超过满分）"
    )
    monotone: dict[str, Literal["increasing", "decreasing"]] | None = Field(
        None, title="单调",
        description="供测试工具核对（pingyi test --properties）：对象此列的值增加时，本项得分不降（increasing）或不升（decreasing）",
    )

    @field_validator("weight", mode="before")
    @classmethod
    def _weight_not_zero(cls, value: Any) -> Any:
        """A weight of 0 would compute a child that counts toward nothing: that is a named value."""
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and value == 0:
            raise ValueError(
                say("RS015.weight_counts_nothing")
            )
        return value


class ScoreRange(ComponentBase):
    """A component whose value is its score within `min`–`max` (`input`, `expression`): the subclass
    declares the two fields; the range must lie within the points and hold more than one value.
    Where `min` defaults to 0 (`expression`), `min: null` is no lower end; where it defaults to
    None (`input`), omitted is 0."""

    @classmethod
    def _no_lower_end(cls, low: Decimal | None) -> bool:
        field = cls.model_fields.get("min")
        return low is None and field is not None and field.default is not None

    @field_validator("min", check_fields=False)
    @classmethod
    def _min_within_points(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        points = info.data.get("points")
        if value is not None and points is not None and value > points:
            raise ValueError(say("RS015.must_above_points", points=points))
        return value

    @field_validator("max", check_fields=False)
    @classmethod
    def _max_within_points(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        """The value read (or computed) is the score: a max above the points would let it score more."""
        if value is None:
            return value
        points, low = info.data.get("points"), info.data.get("min")
        if low is not None and value < low:
            raise ValueError(say("RS015.must_below_min", low=low))
        if low is None and value < 0 and not cls._no_lower_end(low):
            raise ValueError(say("RS015.must_below_min_when"))
        if points is not None and value > points:
            raise ValueError(
                say("RS015.must_above_points_value", points=points, example="列 / 120 * 10")
            )
        return value

    @model_validator(mode="after")
    def _not_constant(self) -> Self:
        """A range of one value (points 0 and no negative min; min = max) would always score that value."""
        low = getattr(self, "min", None)
        high = getattr(self, "max", None)
        if self._no_lower_end(low):
            return self
        low = Decimal(0) if low is None else low
        high = self.points if high is None else high
        if high is not None and low == high:
            raise ValueError(
                say("RS015.score_can_only", high=high, low=low)
            )
        return self


# The input tables' void rules hold row conditions: their models are completed with RowCondition here.
for _model in (FormCondition, FormRequirement, VoidRule, Table, Inputs):
    _model.model_rebuild(_types_namespace={
        "RowCondition": RowCondition, "FormCondition": FormCondition, "FormRequirement": FormRequirement, "VoidRule": VoidRule,
    })


# --------------------------------------------------------------------------- the ruleset


class Ruleset(Model):
    """评议方案规则集。"""

    id: Slug = Field(title="编号", description="规则集编号")
    name: str = Field(title="名称", description="方案名称")
    version: str = Field(title="版本")
    source: Source = Field(title="来源")
    year: int | None = Field(None, ge=1949, le=2200, title="年度")
    period: Period | None = Field(None, title="统计期", description="案例与表彰只计统计期内的")
    numbers: Numbers = Field(default_factory=lambda: Numbers(), title="计分精度")
    inputs: Inputs = Field(title="输入")
    scales: list[Scale] = Field(default_factory=list, title="分值表")
    points: NonNegative | None = Field(
        None, title="分值", description="总分值：顶层各项分值之和（满分外加分除外）；省略为无满分，不检查合计"
    )
    components: list[Component] = Field(title="指标", min_length=1)
    values: list[Component] = Field(
        default_factory=list,
        title="取值",
        description="在指标之前逐项计算的命名值：留痕、公布、可在表达式与同分比较中引用，不计入任何总分",
    )
    ranking: RankingOrNone = Field(
        default_factory=lambda: Ranking(), title="排名", description="排名规则；false：不排名（名次全部为空）"
    )
    rankings: list[NamedRanking] = Field(
        default_factory=list, title="命名排名",
        description="主排名之外另行公布的排名（按某指标或取值、某方向、某分组），结果的 ranks 中按名公布",
    )
    vetoes: list[Veto] = Field(default_factory=list, title="否决")
    tiers: list[Tier] = Field(default_factory=list, title="等次")
    checks: list[AnyCheck] = Field(
        default_factory=list, title="核对",
        description="每个对象都须满足的条件（如 统计期内12个月齐全）；不满足是错误，指明对象和核对名称；"
        "写 within 的核对对每一组判断（如 强制分布）",
    )
    exclude: list[Exclusion] = Field(
        default_factory=list, title="不参与排名",
        description="条件成立的对象计分、保留总分，但不排名、不评等次，原因写入结果",
    )
    gates: list[Gate] = Field(
        default_factory=list, title="门槛",
        description="对全体或每组对象的条件（如 有效样本不少于30份）；不成立的组照常计分，但不排名、不评等次，结果写明",
    )
    conditions: list[NamedCondition] = Field(
        default_factory=list, title="命名条件", description="声明一次、以 {is: 名称} 引用的对象条件"
    )
    row_conditions: list[NamedRowCondition] = Field(
        default_factory=list, title="命名行条件",
        description="声明一次、在行条件中以 {is: 名称} 引用的行条件（在引用处按所在的表编译）",
    )
    consequences: Consequences | None = Field(None, title="结果运用", description="名次段 → 结果值（results）")
    extends: str | None = Field(
        None, title="继承", description="以另一规则集为底本（路径相对于本文件），载入时合并；见 overrides"
    )
    overrides: dict[str, Any] | None = Field(
        None,
        title="改动",
        description="继承时按路径改值：components.日常考评.items.投诉查实.amount: 3（列表元素按 id/code/name 或序号选取）",
    )
    lookups: list[Lookup] = Field(
        default_factory=list, title="查表", description="结果为对象新字段的查表：某数值列的区间 → 取值，命中规则写明"
    )
    distributions: list[Distribution] = Field(default_factory=list, title="强制分布")
    stages: list[Stage] = Field(default_factory=list, title="阶段", description="省略为单一阶段")

    @property
    def ranking_rules(self) -> Ranking | None:
        """The ranking rules; None with `ranking: false` (no ranks)."""
        return self.ranking if isinstance(self.ranking, Ranking) else None

    @field_validator("overrides")
    @classmethod
    def _overrides_need_a_base(cls, value: dict[str, Any] | None, info: ValidationInfo) -> dict[str, Any] | None:
        # with 'extends', both keys are merged away before validation; alone, nothing would be changed
        if value is not None and info.data.get("extends") is None:
            raise ValueError(say("RS015.overrides_changes_ruleset"))
        return value

