"""Ruleset models for outcomes: conditions, tiers, vetoes, ranking, consequences, distributions, stages."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .base import FactText, Identifier, Model, Num, Slug

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
    severity: Literal["good", "neutral", "bad"] | None = Field(
        None,
        title="性质",
        description="报告中的着色：good 评优（绿、蓝）；neutral 不着色；bad 后果（红、黄）。"
        "省略时：名额取最差的、条件含“后N名”或“低于”的、一票否决列入的为 bad，其余为 good",
    )

    @model_validator(mode="after")
    def _one(self) -> Tier:
        if (self.when is None) == (self.quota is None):
            raise ValueError("a tier takes exactly one of 'when' or 'quota'")
        return self

    def severity_in(self, vetoed: set[str]) -> Literal["good", "neutral", "bad"]:
        """The declared severity; omitted, bad for a consequence (the worst of a quota, a condition on
        `bottom` or `below`, a tier a veto forces, `vetoed` being those tiers' names), else good."""
        if self.severity is not None:
            return self.severity
        consequence = (
            (self.quota is not None and self.quota.worst is not None)
            or self.name in vetoed
            or (self.when is not None and _on_the_bottom(self.when))
        )
        return "bad" if consequence else "good"


def _on_the_bottom(cond: Condition) -> bool:
    """A condition that names the bottom of a ranking or a total below a threshold, in any of its parts."""
    if cond.bottom is not None or cond.below is not None:
        return True
    return any(_on_the_bottom(c) for c in (cond.all or []) + (cond.any or []))


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
        description="总分相同时依次比较这些指标或取值（values）的得分（各按小数位数舍入后比较）；仍相同则并列",
    )


class ConsequenceBand(Model):
    """名次段：某类对象名次在 [起, 止] 内时取这些结果值。"""

    when: FactText | None = Field(None, title="类型", description="by 列的取值（如 满意候选）；省略则适用全部")
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


class ShareLimit(Model):
    """比例限制：某等次占组内已评对象数的比例，取整方向写明。"""

    grade: FactText = Field(title="等次")
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


Condition.model_rebuild()
Stage.model_rebuild()
