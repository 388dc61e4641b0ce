"""Ruleset models for the ranking: tie-breaks, the ranking rules, named rankings, and the consequences
of a rank (名次段 → 结果值)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from ..core.messages import say
from .base import FactText, Identifier, Model, Num
from .outcomes import RANKING_OFF, RANKING_TAG, TIE_BREAK_ID, TIE_BREAK_ORDER, Condition

Order = Literal["descending", "ascending"]
"""Which end ranks first: descending (the highest value first, the default) or ascending (the lowest first)."""


class TieBreak(Model):
    """同分比较的一项：比较某指标或取值，并写明方向。"""

    of: Identifier = Field(title="比较对象", description="指标或取值（values）的 id，或数值字段（count、decimal 列）的名称")
    order: Order = Field(title="方向", description="descending：高者在前；ascending：低者在前（如投诉件数）")

    @property
    def descending(self) -> bool:
        return self.order == "descending"


def _tie_break_branch(value: Any) -> str:
    return TIE_BREAK_ORDER if isinstance(value, dict) else TIE_BREAK_ID


TieBreakEntry = Annotated[
    Annotated[Identifier, Tag(TIE_BREAK_ID)] | Annotated[TieBreak, Tag(TIE_BREAK_ORDER)],
    Discriminator(_tie_break_branch),
]
"""A tie-break: an id (compared highest first) or `{of, order}`."""


class Ranking(Model):
    """排名规则。"""

    within: str | None = Field(
        None, title="分组", description="在此列（如 类别）的每个取值内分别排名；省略则全体排名"
    )
    ties: Literal["competition", "dense"] = Field(
        "competition", title="并列", description="competition：1,2,2,4（默认）；dense：1,2,2,3"
    )
    by: Identifier | None = Field(
        None, title="排名依据", description="按此指标、取值（values）或数值字段（count、decimal 列）排名；省略为按总分"
    )
    order: Order = Field(
        "descending", title="方向", description="descending：高者在前（默认）；ascending：低者在前（如按投诉件数排名）"
    )
    tie_break: list[TieBreakEntry] = Field(
        default_factory=list,
        title="同分比较",
        description="排名依据相同时依次比较这些指标、取值（values）或数值字段（各按小数位数舍入后比较；numbers.decide 为 exact 时比较精确值；空白排在最后）；"
        "写 id 为高者在前，写 {of, order} 可定方向；仍相同则并列",
    )
    last: Condition | None = Field(
        None, title="排在最后", description="满足此条件的对象排在其他所有对象之后（它们之间仍按总分排名）"
    )

    @model_validator(mode="before")
    @classmethod
    def _not_true(cls, data: Any) -> Any:
        if data is True:
            raise ValueError(say("RS015.subjects_ranked_unless"))
        return data


class NamedRanking(Model):
    """命名排名：主排名之外另行公布的一种排名（如按投诉件数），等次名额和 top / bottom 可按名引用。"""

    name: str = Field(title="名称", description="排名名称：在结果的 ranks 中公布的名称，供 in_ranking 引用")
    by: Identifier | None = Field(None, title="排名依据", description="按此指标、取值（values）或数值字段（count、decimal 列）排名；省略为按总分")
    order: Order = Field("descending", title="方向", description="descending：高者在前（默认）；ascending：低者在前")
    within: str | None = Field(None, title="分组", description="在此列的每个取值内分别排名；省略则全体排名")
    ties: Literal["competition", "dense"] = Field(
        "competition", title="并列", description="competition：1,2,2,4（默认）；dense：1,2,2,3"
    )


def _ranking_branch(value: Any) -> str:
    return RANKING_OFF if value is False else RANKING_TAG


RankingOrNone = Annotated[
    Annotated[Ranking, Tag(RANKING_TAG)] | Annotated[Literal[False], Tag(RANKING_OFF)],
    Discriminator(_ranking_branch),
]
"""`ranking:` rules, or `false`: no ranks at all."""


class ConsequenceBand(Model):
    """名次段：某类对象名次在 [起, 止] 内时取这些结果值。"""

    key_value: FactText | None = Field(None, title="键值", description="key 列的取值（如 满意候选）；省略则适用全部")
    ranks: Annotated[list[int], Field(min_length=2, max_length=2)] = Field(title="名次段", description="[起, 止]，含两端")
    results: dict[str, Num] = Field(min_length=1, title="结果值", description="名称 → 值（如 负责人绩效 6）")

    @model_validator(mode="after")
    def _order(self) -> ConsequenceBand:
        if self.ranks[0] < 1 or self.ranks[0] > self.ranks[1]:
            raise ValueError(say("RS015.ranks_band_places", ranks=self.ranks[0], ranks2=self.ranks[1]))
        return self


class Consequences(Model):
    """结果运用：按对象类型 × 名次段给出命名的结果值（如 负责人绩效 +6 / 其他人员绩效 +5）。"""

    key: str | None = Field(None, title="键列", description="对象类型所在列（如 县候选类型），按其取值选名次段（key_value）")
    rank: str | None = Field(
        None, title="名次列", description="名次所在列（如 县候选名次，倒数名次照原样填写）；省略则用本规则集的排名"
    )
    bands: list[ConsequenceBand] = Field(min_length=1, title="名次段")
    otherwise: dict[str, Num] = Field(title="其余", description="不在任何名次段的对象取这些值")
    clause: str | None = Field(None, title="条款")
