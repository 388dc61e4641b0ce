"""Ruleset models for outcomes: conditions, checks, gates, quotas, tiers, vetoes, distributions, stages (the ranking: `model.rankings`)."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, WithJsonSchema, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from ..core.messages import Message, Text, say
from .base import FactLiterals, FactText, Identifier, Model, Num, Slug

# --------------------------------------------------------------------------- outcomes


# Keys that belong to one of the two places a condition is written: on a subject (tiers, vetoes,
# stage selection, ranking.last, named conditions) or on a row of a table (row filters, row steps,
# void rules). Written in the other place they are refused (RS070), saying where they apply. `is`
# is in both: it names a condition of `conditions` on a subject, one of `row_conditions` on a row.
SUBJECT_KEYS = ("of", "top", "bottom", "in_ranking", "tier", "count_rows", "where")
ROW_KEYS = ("column",)
COMPARISONS = ("at_least", "above", "below", "at_most", "between", "equals", "in")

# The tags of the unions told apart by the value's shape (`ranking: false` or rules; a quota's
# count or share): they name a branch, not a key, so they are not in the document.
RANKING_TAG = "ranking rules"
SHARE_TAG = "quota share"
RANKING_OFF = "ranking off"
QUOTA_COUNT = "quota count"
EVERY_SUBJECT = "every subject"
SUBJECTS_MEETING = "subjects meeting"
SUBJECT_CHECK = "subject check"
GROUP_CHECK = "group check"
BOUND_NUMBER = "bound number"
BOUND_SHARE = "bound share"
TIE_BREAK_ID = "tie-break id"
TIE_BREAK_ORDER = "tie-break with order"
LET_EXPRESSION = "let expression"
LET_TABLE = "let table"
UNION_TAGS = frozenset({RANKING_TAG, RANKING_OFF, SHARE_TAG, QUOTA_COUNT, EVERY_SUBJECT, SUBJECTS_MEETING, TIE_BREAK_ID, TIE_BREAK_ORDER,
                        SUBJECT_CHECK, GROUP_CHECK, BOUND_NUMBER, BOUND_SHARE, LET_EXPRESSION, LET_TABLE})


def _refuse_keys(data: Any, keys: tuple[str, ...], message: str) -> Any:
    """Refuse a condition key written where it cannot apply; message is the catalogue key (RS070.…)."""
    if isinstance(data, dict):
        for key in keys:
            if key in data:
                said = say(message, key=key)
                raise PydanticCustomError("condition_context", "{message}", {"key": key, "message": said.render("en"), "said": said})
    return data


class Comparison(Model):
    """比较：一个下限（at_least / above）和/或一个上限（below / at_most），或 between、equals、in 之一。"""

    at_least: Num | None = Field(None, title="不低于", description="值 ≥ 此数")
    above: Num | None = Field(None, title="高于", description="值 > 此数")
    below: Num | None = Field(None, title="低于", description="值 < 此数")
    at_most: Num | None = Field(None, title="不高于", description="值 ≤ 此数")
    between: Annotated[list[Num], Field(min_length=2, max_length=2)] | None = Field(
        None, title="介于", description="[a, b]：a ≤ 值 ≤ b（含两端）"
    )
    equals: FactText | Num | bool | None = Field(None, title="等于")
    in_: FactLiterals | None = Field(None, alias="in", title="属于")

    def comparison_keys(self) -> list[str]:
        """The comparison keys given, as written."""
        return [key for key in COMPARISONS if getattr(self, "in_" if key == "in" else key) is not None]

    def _check_comparison(self) -> None:
        """One interval notation: a lower and/or an upper end, or `between`, `equals` or `in` alone."""
        given = self.comparison_keys()
        if self.at_least is not None and self.above is not None:
            raise ValueError(say("RS015.give_most_one"))
        if self.below is not None and self.at_most is not None:
            raise ValueError(say("RS015.give_most_one_below"))
        if self.at_least is not None and self.at_most is not None:
            raise ValueError(say("RS015.both_ends_included"))
        for alone in ("between", "equals", "in"):
            if alone in given and len(given) > 1:
                raise ValueError(say("RS015.comparison_own_drop", alone=alone, value=[repr(k) for k in given if k != alone]))
        if self.between is not None and self.between[0] > self.between[1]:
            raise ValueError(say("RS015.between_empty", between=self.between[0], between2=self.between[1]))
        low = self.at_least if self.at_least is not None else self.above
        high = self.below if self.below is not None else self.at_most
        if isinstance(low, Decimal) and isinstance(high, Decimal) and (low > high or (low == high and (self.above is not None or self.below is not None))):
            raise ValueError(say("RS015.value_these_ends", given=say("phrase.and_pair", first=given[0], second=given[1]) if len(given) == 2 else Text(" and ".join(given))))


class RowCondition(Comparison):
    """行条件（作用于表的一行）：比较（column 与比较键）、blank、flag、expr、is，或 all / any / not。"""

    column: str | None = Field(None, title="列", description="所比较的列（行条件中相当于 of）")
    blank: str | None = Field(None, title="为空", description="此列为空白")
    flag: str | None = Field(None, title="标志列", description="bool 列为“是”")
    expr: str | None = Field(None, title="表达式", max_length=2000, description="对本行各列的是/否表达式")
    is_: str | None = Field(None, alias="is", title="命名条件", description="顶层 row_conditions 中声明的行条件名")
    all: list[RowCondition] | None = Field(None, title="全部满足")
    any: list[RowCondition] | None = Field(None, title="任一满足")
    not_: RowCondition | None = Field(None, alias="not", title="不满足")

    @model_validator(mode="before")
    @classmethod
    def _row_keys(cls, data: Any) -> Any:
        return _refuse_keys(
            data, SUBJECT_KEYS, "RS070.subject_key_in_row",
        )

    @model_validator(mode="after")
    def _shape(self) -> RowCondition:
        compared = bool(self.comparison_keys())
        groups = [self.flag is not None, self.column is not None, self.blank is not None, self.expr is not None,
                  self.is_ is not None, self.all is not None, self.any is not None, self.not_ is not None]
        if sum(groups) != 1:
            raise ValueError(say("RS015.row_condition_exactly"))
        if self.column is not None and not compared:
            raise ValueError(say("RS015.column_needs_comparison"))
        if self.column is None and compared:
            raise ValueError(say("RS015.compares_column_give", comparison_keys=self.comparison_keys()[0]))
        self._check_comparison()
        return self


class Condition(Comparison):
    """条件（作用于一个对象）：以下恰好给出一种。比较：of（字段、指标编号；省略为总分）与比较键；
    blank、flag、tier、rows（with where 与行数比较）、expr、is、top、bottom，或 all / any / not。"""

    of: str | None = Field(None, title="比较对象", description="字段或指标编号；省略时比较总分")
    top: int | None = Field(None, ge=1, title="前N名", description="组内严格优于它的对象少于 N 个")
    bottom: int | None = Field(
        None, ge=1, title="后N名", description="组内严格低于它的对象少于 N 个"
    )
    in_ranking: str | None = Field(
        None, title="按排名", description="与 top / bottom 同用：在顶层 rankings 中这一命名排名的组内计数；省略为主排名"
    )
    blank: str | None = Field(None, title="为空", description="此字段或指标为空白（无数据）")
    flag: str | None = Field(None, title="标志列", description="bool 列为“是”")
    tier: str | None = Field(None, title="等次", description="已列入此等次（先声明的等次，或一票否决列入的）")
    count_rows: Slug | None = Field(None, title="行数", description="对象在此案例表中（满足 where 的）行数，与比较键同用")
    where: RowCondition | None = Field(None, title="行条件", description="count_rows 只数满足此条件的行")
    expr: str | None = Field(None, title="表达式", max_length=2000, description="对字段、指标的是/否表达式")
    is_: str | None = Field(None, alias="is", title="命名条件", description="顶层 conditions 中声明的条件名")
    all: list[Condition] | None = Field(None, title="全部满足")
    any: list[Condition] | None = Field(None, title="任一满足")
    not_: Condition | None = Field(None, alias="not", title="不满足")

    @model_validator(mode="before")
    @classmethod
    def _subject_keys(cls, data: Any) -> Any:
        return _refuse_keys(
            data, ROW_KEYS, "RS070.row_key_on_subject",
        )

    @model_validator(mode="after")
    def _shape(self) -> Condition:
        compared = bool(self.comparison_keys())
        if self.in_ranking is not None and self.top is None and self.bottom is None:
            raise ValueError(say("RS015.ranking_names_ranking"))
        if self.where is not None and self.count_rows is None:
            raise ValueError(say("RS015.where_picks_rows"))
        heads = {
            "top": self.top, "bottom": self.bottom, "blank": self.blank, "flag": self.flag, "tier": self.tier,
            "count_rows": self.count_rows, "expr": self.expr, "is": self.is_, "all": self.all, "any": self.any, "not": self.not_,
        }
        given: list[str | Message] = [k for k, v in heads.items() if v is not None]
        if self.count_rows is None and (compared or self.of is not None):
            given.append(say("phrase.a_comparison"))
        if len(given) != 1:
            shape = say("RS015.condition_one_of")
            raise ValueError(say("RS015.here", problem=shape, given=given) if given else shape)
        if self.of is not None and not compared:
            raise ValueError(say("RS015.needs_comparison_least"))
        if self.count_rows is not None:
            if self.of is not None:
                raise ValueError(say("RS015.rows_counts_rows"))
            if not compared or self.equals is not None and not isinstance(self.equals, Decimal) or self.in_ is not None:
                raise ValueError(say("RS015.rows_needs_count"))
        self._check_comparison()
        return self

    def names_the_bottom(self) -> bool:
        """A condition on the bottom of a ranking or a total below a threshold."""
        return self.bottom is not None or (self.of is None and self.count_rows is None and self.below is not None)


class Exclusion(Model):
    """不参与排名和等次：条件成立的对象照常计分、保留总分，但不排名、不评等次，原因写入结果。"""

    when: Condition = Field(title="条件")
    reason: str = Field(title="事由", description="不参与排名的原因，写入结果和每种输出，如 不在本次评议范围")
    clause: str | None = Field(None, title="条款")


class Check(Model):
    """核对：每个对象都须满足的条件；不满足即为数据错误，指明对象与核对名称（如 须有统计期内全部12个月）。"""

    name: str = Field(title="名称", description="核对名称：不满足时写入错误信息，如 十二个月齐全")
    when: Condition = Field(title="条件", description="每个对象都须满足")
    clause: str | None = Field(None, title="条款")


class GroupCheck(Model):
    """分组核对：within 的每一组都须满足的条件（门槛条件的写法；界限可为组内对象数的比例）；在计分之前按数据判断，
    不满足即为数据错误，指明组、计数和界限（如 强制分布：每个主管单位内 优秀 不超过 20%）。"""

    name: str = Field(title="名称", description="核对名称：不满足时写入错误信息，如 等次比例")
    within: str = Field(title="分组", description="在此字段的每个取值内分别判断")
    among: Condition | None = Field(
        None, title="候选范围", description="组内只计满足此条件的对象（如 已评等次的单位）；省略为组内全部对象"
    )
    when: GateCondition = Field(title="条件", description="每组都须满足；只可检验字段（在计分之前判断）")
    clause: str | None = Field(None, title="条款")


def _check_branch(value: Any) -> str:
    group = isinstance(value, GroupCheck) or isinstance(value, dict) and "within" in value
    return GROUP_CHECK if group else SUBJECT_CHECK


AnyCheck = Annotated[
    Annotated[Check, Tag(SUBJECT_CHECK)] | Annotated[GroupCheck, Tag(GROUP_CHECK)],
    Discriminator(_check_branch),
]
"""A check: on each subject (`when`: a subject condition), or with `within` on each group (a group condition)."""


class NamedCondition(Model):
    """命名条件：声明一次，在其他条件中以 {is: 名称} 引用。"""

    name: str = Field(title="名称", description="条件名，供 is 引用")
    when: Condition = Field(title="条件")
    clause: str | None = Field(None, title="条款")


class NamedRowCondition(Model):
    """命名行条件：声明一次，在行条件（行筛选、逐行步骤、作废规则）中以 {is: 名称} 引用；在引用处按所在的表编译。"""

    name: str = Field(title="名称", description="行条件名，供行条件中的 is 引用；与 conditions 的名称不得重复")
    when: RowCondition = Field(title="条件")
    clause: str | None = Field(None, title="条款")


def _subjects_branch(value: Any) -> str:
    return EVERY_SUBJECT if value == "all" else SUBJECTS_MEETING


SubjectsCounted = Annotated[
    Annotated[Literal["all"], Tag(EVERY_SUBJECT)] | Annotated[Condition, Tag(SUBJECTS_MEETING)],
    Discriminator(_subjects_branch),
]
"""What a gate counts: `all` the group's subjects, or those meeting a subject condition."""

GATE_MEASURES = ("count_subjects", "sum", "mean", "lowest", "highest")


class GroupShare(Model):
    """按比例的界限：组内对象数 × 比例，按写明的方向取整，不少于 min（与名额的 {share, round, min} 同形）。"""

    share: Annotated[Decimal, Field(ge=0, le=1), WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1})] = Field(
        title="比例", description="如 0.2 = 20%"
    )
    round: Literal["up", "down", "half_up"] = Field(
        title="取整", description="up 向上取整 ⌈⌉；down 向下取整 ⌊⌋；half_up 四舍五入"
    )
    min: int = Field(0, ge=0, title="最小值", description="界限至少为此数")

    def count(self, members: int) -> int:
        """The bound for a group of `members`: ⌈share × n⌉, ⌊share × n⌋ or share × n rounded half up; at least `min`."""
        mode = {"up": ROUND_CEILING, "down": ROUND_FLOOR, "half_up": ROUND_HALF_UP}[self.round]
        return max(self.min, int((self.share * members).to_integral_value(mode)))


def _bound_branch(value: Any) -> str:
    return BOUND_SHARE if isinstance(value, (dict, GroupShare)) else BOUND_NUMBER


GroupBound = Annotated[
    Annotated[Num, Tag(BOUND_NUMBER)] | Annotated[GroupShare, Tag(BOUND_SHARE)],
    Discriminator(_bound_branch),
]
"""A group condition's bound: a number, or a share of the group's size `{share, round, min}`."""


class GateCondition(Comparison):
    """门槛条件（作用于全体或一组对象）：count_subjects（满足条件的对象数；all 为全部对象数）或 sum / mean / lowest /
    highest（组内各对象某个值的合计、平均、最小、最大），与比较键同用；或 all / any / not。"""

    count_subjects: SubjectsCounted | None = Field(
        None, title="对象数", description="组内满足此条件的对象个数（all：组内全部对象个数）"
    )
    sum: str | None = Field(None, title="合计", description="组内各对象此值（字段、指标或取值）之和")
    mean: str | None = Field(None, title="平均", description="组内各对象此值的平均")
    lowest: str | None = Field(None, title="最小", description="组内各对象此值的最小者")
    highest: str | None = Field(None, title="最大", description="组内各对象此值的最大者")
    at_least: GroupBound | None = Field(  # type: ignore[assignment]
        None, title="不低于", description="值 ≥ 此数，或组内对象数的比例 {share, round, min}"
    )
    above: GroupBound | None = Field(None, title="高于", description="值 > 此数，或组内对象数的比例 {share, round, min}")  # type: ignore[assignment]
    below: GroupBound | None = Field(None, title="低于", description="值 < 此数，或组内对象数的比例 {share, round, min}")  # type: ignore[assignment]
    at_most: GroupBound | None = Field(  # type: ignore[assignment]
        None, title="不高于", description="值 ≤ 此数，或组内对象数的比例 {share, round, min}"
    )
    # a measure compares a number: `in` is refused (RS015, saying so), and not offered by the schema
    in_: SkipJsonSchema[FactLiterals | None] = Field(None, alias="in")
    all: list[GateCondition] | None = Field(None, title="全部满足")
    any: list[GateCondition] | None = Field(None, title="任一满足")
    not_: GateCondition | None = Field(None, alias="not", title="不满足")

    @model_validator(mode="before")
    @classmethod
    def _group_keys(cls, data: Any) -> Any:
        return _refuse_keys(
            data, (*SUBJECT_KEYS, *ROW_KEYS, "blank", "flag", "expr", "is"), "RS070.subject_key_in_gate",
        )

    @model_validator(mode="after")
    def _shape(self) -> GateCondition:
        measures = [k for k in GATE_MEASURES if getattr(self, k) is not None]
        heads = measures + [k for k in ("all", "any") if getattr(self, k) is not None] + (["not"] if self.not_ is not None else [])
        if len(heads) != 1:
            shape = say("RS015.gate_condition_one_of")
            raise ValueError(say("RS015.here", problem=shape, given=heads) if heads else shape)
        compared = self.comparison_keys()
        if measures and (not compared or self.equals is not None and not isinstance(self.equals, Decimal) or self.in_ is not None):
            raise ValueError(say("RS015.needs_number_compare", measure=measures[0]))
        if not measures and compared:
            raise ValueError(say("RS015.compares_measure_group", compared=compared[0]))
        self._check_comparison()
        return self

    def measure(self) -> tuple[str, Any]:
        """The measure a leaf compares: (count_subjects | sum | mean | lowest | highest, what it is taken of)."""
        key = next(k for k in GATE_MEASURES if getattr(self, k) is not None)
        return key, getattr(self, key)


class Gate(Model):
    """门槛：对全体（或 within 的每一组）对象的条件，如 参评单位不少于5个、有效样本不少于30份。不成立时，
    该组对象照常计分、保留总分，但不排名、不评等次，outcome 写入每个对象的备注和结果的 gates。"""

    name: str = Field(title="名称", description="门槛名称：如 有效样本不足")
    within: str | None = Field(None, title="分组", description="在此字段的每个取值内分别判断；省略为全体对象")
    when: GateCondition = Field(title="条件", description="须成立的条件；不成立时按 outcome 处理")
    outcome: str = Field(title="结果", description="不成立时写入每种输出，如 本组不予排名，待补充测评")
    clause: str | None = Field(None, title="条款")


class QuotaShare(Model):
    """按比例的名额：组内对象数 × 比例，按写明的方向取整，不少于 min 个。"""

    share: Annotated[Decimal, Field(gt=0, le=1), WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 1})] = Field(
        title="比例", description="如 0.05 = 5%"
    )
    round: Literal["up", "down", "half_up"] = Field(
        title="取整", description="up 向上取整 ⌈⌉；down 向下取整 ⌊⌋；half_up 四舍五入"
    )
    min: int = Field(0, ge=0, title="最小值", description="名额不少于此数（候选对象不足时见 short）")
    share_of: Literal["group", "pool"] = Field(
        "group", title="比例基数",
        description="名额按谁的个数算：group（默认）计数分组内的全部对象；pool 满足 among 的候选对象",
    )

    def count(self, members: int) -> int:
        """The quota for a group of `members`: ⌈share × n⌉, ⌊share × n⌋ or share × n rounded half up; at least `min`."""
        mode = {"up": ROUND_CEILING, "down": ROUND_FLOOR, "half_up": ROUND_HALF_UP}[self.round]
        return max(self.min, int((self.share * members).to_integral_value(mode)))


def _quota_branch(value: Any) -> str:
    return SHARE_TAG if isinstance(value, dict) else QUOTA_COUNT


QuotaCount = Annotated[
    Annotated[int, Field(ge=1), Tag(QUOTA_COUNT)] | Annotated[QuotaShare, Tag(SHARE_TAG)],
    Discriminator(_quota_branch),
]
"""A quota: a fixed number, or a share of the group `{share, round, min}`."""


class Quota(Model):
    """名额：从最好或最差一端按名次取 N 个（或组内的一定比例），可只在满足 among 的候选对象中取。"""

    best: QuotaCount | None = Field(None, title="最好N个", description="个数，或比例 {share, round, min}")
    worst: QuotaCount | None = Field(None, title="最差N个", description="个数，或比例 {share, round, min}")
    within: str | None = Field(
        None, title="分组", description="计数分组：名额在此字段的各组内分别计算（在排名分组之内）；省略为整个排名分组"
    )
    in_ranking: str | None = Field(
        None, title="按排名", description="按顶层 rankings 中这一命名排名取名额（在其分组内）；省略为主排名"
    )
    among: Condition | None = Field(
        None, title="候选范围",
        description="名额只在满足此条件的对象中按名次取（如 无投诉的单位）；不满足的对象不占名额、不列入；省略为计数分组内全部对象",
    )
    short: Literal["fill", "none", "error"] = Field(
        "fill", title="候选不足",
        description="候选对象（满足 among、未被否决阻止）少于名额时：fill（默认）候选对象全部列入；none 本组无人按名额列入；error 报错",
    )

    @model_validator(mode="after")
    def _one(self) -> Quota:
        if (self.best is None) == (self.worst is None):
            raise ValueError(say("RS015.give_exactly_one_best"))
        return self


class Tier(Model):
    """等次（结果）：按条件或按名额确定。"""

    name: str = Field(title="名称", description="等次名称")
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
            raise ValueError(say("RS015.tier_exactly_one"))
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
    if cond.names_the_bottom():
        return True
    return any(_on_the_bottom(c) for c in (cond.all or []) + (cond.any or []))


class Veto(Model):
    """一票否决：条件成立时列入某等次（tier）和/或不得列入某些等次（bars）。"""

    name: str = Field(title="名称", description="否决名称")
    when: Condition = Field(title="条件")
    forces: str | None = Field(None, title="列入等次", description="省略时只阻止列入 bars 中的等次")
    bars: list[str] = Field(default_factory=list, title="不得列入")
    clause: str | None = Field(None, title="条款")

    @model_validator(mode="after")
    def _does_something(self) -> Veto:
        if self.forces is None and not self.bars:
            raise ValueError(say("RS015.veto_puts_subject"))
        return self


class ShareLimit(Model):
    """比例限制：某等次占组内已评对象数的比例不高于（at_most）或不低于（at_least）此数，个数按写明的方向取整。"""

    grade: FactText = Field(title="等次")
    at_most: Num | None = Field(None, ge=0, le=1, title="不高于", description="此等次的个数 ≤ 比例 × 组内已评对象数（取整后）")
    at_least: Num | None = Field(None, ge=0, le=1, title="不低于", description="此等次的个数 ≥ 比例 × 组内已评对象数（取整后）")
    round: Literal["up", "down"] = Field(title="取整", description="up = 向上取整 ⌈⌉；down = 向下取整 ⌊⌋")

    @model_validator(mode="after")
    def _one_end(self) -> ShareLimit:
        if (self.at_most is None) == (self.at_least is None):
            raise ValueError(say("RS015.share_limit_one_end"))
        return self

    @property
    def most(self) -> bool:
        return self.at_most is not None

    @property
    def share(self) -> Decimal:
        share = self.at_most if self.at_most is not None else self.at_least
        assert share is not None
        return share


class Distribution(Model):
    """强制分布检查：每组内各等次的个数须守比例，否则报错并列出该组的计数。"""

    name: str = Field(title="名称")
    column: str = Field(title="列", description="等次所在的列")
    within: str = Field(title="分组", description="分组所在的列，如 主管单位")
    shares: list[ShareLimit] = Field(
        title="比例限制", description="每项：一个等次（grade）的比例 at_most 或 at_least，取整 round"
    )
    clause: str | None = Field(None, title="条款")


class Stage(Model):
    """评议阶段：本阶段加入的顶层指标；非末阶段按阶段总分排名并选出进入下一阶段的对象。"""

    id: Identifier = Field(title="编号", description="阶段编号")
    name: str = Field(title="名称", description="阶段名称")
    adds: list[Identifier] = Field(min_length=1, title="加入指标", description="本阶段加入的顶层指标编号")
    select: Condition | None = Field(
        None, title="入选条件", description="按本阶段累计总分排名（已舍入；numbers.decide 为 exact 时为精确值）；top/bottom 临界并列全部入选"
    )
    within: str | None = Field(None, title="分组", description="入选排名在此列的各组内进行；省略为全体")
    requires: list[Slug] = Field(
        default_factory=list, title="必备表", description="进入本阶段的对象须在这些 per_subject 表中有行"
    )
    clause: str | None = Field(None, title="条款")


RowCondition.model_rebuild()
Condition.model_rebuild()
GateCondition.model_rebuild()
Quota.model_rebuild()
GroupCheck.model_rebuild()
Stage.model_rebuild()
