"""`rank_deduction`: a rank (1 = best) loses nothing within the first N of its group and `per_place`
for each place below (名次每下降 1 位扣 0.03 分), floored."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from ..compile.context import CompileContext, apply_floor, require_points
from ..core.errors import FactsError
from ..core.messages import say
from ..core.numbers import ZERO, plain
from ..model.base import FactKeyed, Num
from ..model.components import ComponentBase, below_base
from ..model.inputs import Positive
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey
from .protocol import KindSpec, plain_first


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
    def _floorbelow_base(cls, floor: Decimal | None, info: ValidationInfo) -> Decimal | None:
        return below_base(floor, info)


def compile_rank_deduction(
    model: RankDeductionComponent, path: PathKey, trace_path: str, ctx: CompileContext
) -> Evaluate:
    rank_name = ctx.field(model.column, path + ("column",), ("count",)).name
    by_name = None
    free: dict[str, int] | int = model.free
    if model.by is not None:
        by = ctx.field(model.by, path + ("by",), ("enum", "text"))
        by_name = by.name
        if not isinstance(free, dict):
            raise ctx.error("with 'by', 'free' maps each group to its N", path + ("free",), code="RS045")
        if by.values is not None:
            missing = [v for v in by.values if v not in free]
            unknown = [k for k in free if k not in by.values]
            if missing or unknown:
                what = f"no N for {', '.join(missing)}" if missing else f"{', '.join(unknown)} is not a value of '{model.by}'"
                raise ctx.error(f"free: {what}", path + ("free",), code="RS045")
    elif isinstance(free, dict):
        raise ctx.error("'free' by group needs 'by' (the group column)", path + ("free",), code="RS045")
    points = require_points(model.points, path, ctx, "the score starts from them and loses per_place per place")
    step, floor = model.per_place, model.floor

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        rank = subject.fields.get(rank_name)
        if rank is None:
            return Outcome(None, f"{rank_name}: 无数据", ((rank_name, ""),), ("无数据",))
        if rank < 1:
            raise FactsError(say("FA016.rank_below_one", rank=plain(rank)), subject.cell(rank_name))
        inputs = [(rank_name, rank)]  # shown plain when the trace is asked for
        if by_name is not None:
            assert isinstance(free, dict)
            group = subject.fields.get(by_name)
            if group not in free:
                raise evaluation_error(
                    subject, trace_path, say("EV008.free_places", group=group, places=" / ".join(free)), subject.cell(by_name)
                )
            n = free[group]
            inputs.append((by_name, str(group)))
        else:
            assert isinstance(free, int)
            n = free
        places = max(rank - n, ZERO)
        value = points - places * step
        raw = value
        value, note = apply_floor(raw, floor)
        notes: tuple[str, ...] = () if note is None else (note,)
        formula = partial(_rank_formula, points, rank, n, step, raw, value if value != raw else None)
        return Outcome(value, formula, partial(plain_first, inputs), notes)

    return evaluate


def _rank_formula(points: Decimal, rank: Decimal, n: int, step: Decimal, raw: Decimal, floored: Decimal | None) -> str:
    formula = f"{plain(points)} − max({plain(rank)} − {n}, 0) × {plain(step)} = {plain(raw)}"
    return formula if floored is None else formula + f" → {plain(floored)}"


KIND = KindSpec(
    name="rank_deduction", label="名次扣分", model=RankDeductionComponent, compile=compile_rank_deduction,
    role="deduction", labelled_in_reports=False,
    grouping=lambda model: () if model.by is None else ((model.by, say("phrase.groups_ranks_of", component=model.id)),),
)
