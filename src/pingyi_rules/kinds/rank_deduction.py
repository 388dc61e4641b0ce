"""`rank_deduction`: a rank (1 = best) loses nothing within the first N of its group and `per_place`
for each place below (名次每下降 1 位扣 0.03 分), floored.

N is a whole number, or — when it differs by group (市级机关前20名，国有企事业前15名) — a lookup
table in place (`hit`, `rows` of `when` → `value`, `empty`), decided for each subject like any lookup.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..compile.context import CompileContext, apply_floor, require_points
from ..compile.lookup_table import members
from ..core.errors import FactsError
from ..core.messages import Message, say
from ..core.numbers import ZERO, plain
from ..model.base import Num
from ..model.components import ComponentBase, below_base
from ..model.inputs import Positive
from ..model.lookup_rows import LookupTable
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts
from ..source.strict_yaml import PathKey
from .lookup import compile_table
from .protocol import KindSpec, plain_first

_TABLE = "free: {hit: unique, rows: [{when: {of: <group column>, equals: <group>}, value: <N>}, …]}"


def _refuse_by(data: Any) -> Any:
    """`by` + a mapping in `free` was the older spelling of free places by group: refused, saying what to write."""
    if isinstance(data, dict):
        if "by" in data:
            said = say("RS095.rank_deduction_by", key="by", instead=_TABLE)
            raise PydanticCustomError("replaced_key", "{message}", {"key": "by", "message": said.render("en"), "said": said})
        free = data.get("free")
        if isinstance(free, dict) and not {"hit", "rows"} & set(free):
            said = say("RS095.free_mapping", key="free", instead=_TABLE)
            raise PydanticCustomError("replaced_key", "{message}", {"key": "free", "message": said.render("en"), "said": said})
    return data


class RankDeductionComponent(ComponentBase):
    """名次扣分：组内前 N 名不扣分，此后每下降一名扣若干分，扣完为止。"""

    kind: Literal["rank_deduction"] = Field(title="类型")
    column: str = Field(title="列", description="名次所在的列（1 为最好），count 列")
    free: Annotated[int, Field(ge=0)] | LookupTable = Field(
        title="免扣名次", description="前 N 名不扣分：一个整数，或各组不同时为查表（hit、rows：when → value）"
    )
    per_place: Positive = Field(title="每名扣分", description="第 N+1 名起每下降一名扣分")
    floor: Num | None = Field(Decimal(0), title="保底", description="最低得分，须低于分值；null 不设下限")

    _replaced = model_validator(mode="before")(_refuse_by)

    @field_validator("floor")
    @classmethod
    def _floorbelow_base(cls, floor: Decimal | None, info: ValidationInfo) -> Decimal | None:
        return below_base(floor, info)


def compile_rank_deduction(
    model: RankDeductionComponent, path: PathKey, trace_path: str, ctx: CompileContext
) -> Evaluate:
    rank_name = ctx.field(model.column, path + ("column",), ("count",)).name
    free = model.free
    by_group = None
    if isinstance(free, LookupTable):
        _check_free_table(free, path + ("free",), ctx)
        by_group = compile_table(free, path + ("free",), trace_path, ctx, owner=model.id, points=None)
    points = require_points(model.points, path, ctx, say("phrase.why_points_rank_deduction"))
    step, floor = model.per_place, model.floor

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        rank = subject.fields.get(rank_name)
        if rank is None:
            return Outcome(None, f"{rank_name}: 无数据", ((rank_name, ""),), ("无数据",))
        if rank < 1:
            raise FactsError(say("FA016.rank_below_one", rank=plain(rank)), subject.cell(rank_name))
        inputs = [(rank_name, rank)]  # shown plain when the trace is asked for
        if by_group is not None:
            looked_up = by_group(subject, scope)
            assert isinstance(looked_up.points, Decimal)  # a number in every row and in `empty` (checked at load)
            n: Decimal | int = looked_up.points
            looked_up_notes = looked_up.notes if isinstance(looked_up.notes, tuple) else looked_up.notes()
            inputs.extend(looked_up.inputs if isinstance(looked_up.inputs, tuple) else ())
        else:
            assert isinstance(free, int)
            n = free
            looked_up_notes = ()
        places = max(rank - n, ZERO)
        value = points - places * step
        raw = value
        value, note = apply_floor(raw, floor)
        notes: tuple[str, ...] = looked_up_notes + (() if note is None else (note,))
        formula = partial(_rank_formula, points, rank, n, step, raw, value if value != raw else None)
        return Outcome(value, formula, partial(plain_first, inputs), notes)

    return evaluate


def _check_free_table(free: LookupTable, path: PathKey, ctx: CompileContext) -> None:
    """Free places are a whole number ≥ 0 in every row and in `empty` (no expression, no blank)."""
    for index, row in enumerate(free.rows):
        if not isinstance(row.value, Decimal) or row.value < 0 or row.value != row.value.to_integral_value():
            raise ctx.error(say("RS097.row", row=index + 1, value=row.value), path + ("rows", index, "value"))
    if free.empty == "blank" or isinstance(free.empty, Decimal) and (free.empty < 0 or free.empty != free.empty.to_integral_value()):
        raise ctx.error(say("RS097.empty", empty=free.empty), path + ("empty",))


def _rank_formula(points: Decimal, rank: Decimal, n: Decimal | int, step: Decimal, raw: Decimal, floored: Decimal | None) -> str:
    formula = f"{plain(points)} − max({plain(rank)} − {n}, 0) × {plain(step)} = {plain(raw)}"
    return formula if floored is None else formula + f" → {plain(floored)}"


def _free_conditions(model: Any) -> tuple[Any, ...]:
    free = model.free
    return tuple(row.when for row in free.rows if row.when is not None) if isinstance(free, LookupTable) else ()


def _groups(model: Any) -> tuple[tuple[str, Message], ...]:
    """The fields whose values pick the free places (an `equals` / `in` row of the free table) group the ranks."""
    names = dict.fromkeys(found[0] for cond in _free_conditions(model) if (found := members(cond)) is not None)
    return tuple((name, say("phrase.groups_ranks_of", component=model.id)) for name in names)


KIND = KindSpec(
    name="rank_deduction", label="名次扣分", model=RankDeductionComponent, compile=compile_rank_deduction,
    role="deduction", labelled_in_reports=False, grouping=_groups, tests=_free_conditions,
)
