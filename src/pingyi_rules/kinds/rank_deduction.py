"""`rank_deduction`: a rank (1 = best) loses nothing within the first N of its group and `per_place`
for each place below (名次每下降 1 位扣 0.03 分), floored.

N is a whole number, or — when it differs by group (市级机关前20名，国有企事业前15名) — a lookup
table in place (`hit`, `rows` of `when` → `value`, `empty`), decided for each subject like any lookup.

Sugar over `expression` (see kinds.sugar): a table of free places is a let value that is a lookup
table (kinds.let_tables), `免扣名次`; the score before the floor is the let value
`扣后 = <points> - max(<rank> - <N>, 0) * <per_place>`; `expr` is `max(<floor>, 扣后)` (the formula
itself with `floor: null`), `min: null`, `on_blank: blank` (a blank rank gives no points). A rank
column that may hold 0 is checked (`<rank>不小于1`: EV027 at the cell). The trace keeps the
rank deduction's wording, from the let values: `5 − max(47 − 20, 0) × 0.03 = 4.19`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..compile.context import CompileContext, require_points
from ..compile.lookup_table import members
from ..core.messages import Message, say
from ..core.numbers import plain
from ..model.base import Num
from ..model.components import ComponentBase, below_base
from ..model.inputs import Positive
from ..model.lookup_rows import LookupTable
from ..results.runtime import Outcome, SubjectFacts
from ..source.strict_yaml import PathKey
from .protocol import Expansion, SugarSpec, component_ids
from .sugar import base_keys, nameable

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


@dataclass(frozen=True)
class RankWording:
    """What the phrase words the trace with: the rank's name, the free places (a whole number, or the
    let name of their table), the let name of the score before the floor (None with no floor), the
    points and the step."""

    rank: str
    free: int | str
    raw: str | None
    points: Decimal
    step: Decimal


def expand_rank_deduction(model: RankDeductionComponent, path: PathKey, ctx: CompileContext) -> Expansion:
    """The node written as an expression, after the rank deduction's own load-time checks (at its keys)."""
    spec = ctx.field(model.column, path + ("column",), ("count",))
    rank = spec.name
    nameable("rank_deduction", rank, path + ("column",), ctx)
    free = model.free
    if isinstance(free, LookupTable):
        _check_free_table(free, path + ("free",), ctx)
    points = require_points(model.points, path, ctx, say("phrase.why_points_rank_deduction"))
    taken = {*ctx.fields, *component_ids([*ctx.model.values, *ctx.model.components])}
    let: dict[str, Any] = {}
    written_at: dict[PathKey, PathKey] = {("expr",): ("column",), ("checks",): ("column",)}
    if isinstance(free, LookupTable):  # a let value that is the table, named
        table = _unused("免扣名次", taken, let)
        let[table] = _of_first(free.model_dump(by_alias=True, exclude_unset=True))
        written_at.update(_mirrored(("let", table), ("free",), let[table]))
        n: int | str = table
    else:
        n = free
    formula = f"{plain(points)} - max({rank} - {n}, 0) * {plain(model.per_place)}"
    raw = expr = None
    if model.floor is not None:
        raw = _unused("扣后", taken, let)
        let[raw] = formula
        written_at[("let", raw)] = ("column",)
        expr = f"max({plain(model.floor)}, {raw})"
    document: dict[str, Any] = {**base_keys(model), "kind": "expression"}
    if let:
        document["let"] = let
    document.update({"expr": formula if expr is None else expr, "min": None, "on_blank": "blank"})
    if spec.min is None or spec.min < 1:  # a rank of 0 is refused at its cell
        document["checks"] = [{"name": f"{rank}不小于1", "when": {"any": [{"blank": rank}, {"of": rank, "at_least": 1}]}}]
    wording = RankWording(rank, n, raw, points, model.per_place)
    return Expansion(document, written_at, wording)


def _unused(wanted: str, taken: set[str], chosen: dict[str, Any]) -> str:
    """`wanted`, or with _ after it until no field, component, value or other let value has the name."""
    name = wanted
    while name in taken or name in chosen:
        name += "_"
    return name


def _of_first(data: Any) -> Any:
    """The table's YAML data with `of` first in every condition (`{of: 类型, equals: 市级机关}`, as written)."""
    if isinstance(data, list):
        return [_of_first(item) for item in data]
    if isinstance(data, dict):
        return {key: _of_first(data[key]) for key in sorted(data, key="of".__ne__)}
    return data


def _mirrored(inside: PathKey, written: PathKey, data: Any) -> dict[PathKey, PathKey]:
    """Every path of `data` (written at `written` in the node, placed at `inside` in the expansion) mapped
    to where it is written, so that an error inside the table is located where it was before."""
    found = {inside: written}
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        found.update(_mirrored(inside + (key,), written + (key,), value))
    return found


def phrase_rank_deduction(wording: RankWording, outcome: Outcome, subject: SubjectFacts) -> Outcome:
    """`5 − max(47 − 20, 0) × 0.03 = 4.19`, or `排名: 无数据` for a blank rank: the rank, the free
    places and the score before the floor read from the expression's inputs — the rank (the only name
    its expressions read), the names the table of free places read, the table's value, the score
    before the floor, in that order (see kinds.let_tables); the inputs are the rank (shown plain) and
    the names the table read."""
    if outcome.points is None:
        return Outcome(None, f"{wording.rank}: 无数据", ((wording.rank, ""),), ("无数据",))
    inputs = outcome.inputs if isinstance(outcome.inputs, tuple) else outcome.inputs()
    rank = inputs[0][1]
    end = len(inputs)
    raw = outcome.points
    if wording.raw is not None:
        end -= 1
        raw = inputs[end][1]
    n: Decimal | int
    if isinstance(wording.free, str):
        end -= 1
        n = inputs[end][1]
    else:
        n = wording.free
    floored = None if raw == outcome.points else outcome.points  # 扣完为止
    notes = outcome.notes if isinstance(outcome.notes, tuple) else outcome.notes()
    if floored is not None:
        notes = (*notes, f"扣完为止: {plain(raw)} → {plain(floored)}")
    formula = partial(_rank_formula, wording.points, rank, n, wording.step, raw, floored)
    return Outcome(outcome.points, formula, ((wording.rank, plain(rank)), *inputs[1:end]), notes)


def _check_free_table(free: LookupTable, path: PathKey, ctx: CompileContext) -> None:
    """Free places are a whole number ≥ 0 in every row and in `empty` (no expression, no blank)."""
    for index, row in enumerate(free.rows):
        if not isinstance(row.value, Decimal) or row.value < 0 or row.value != row.value.to_integral_value():
            raise ctx.error(say("RS097.row", row=index + 1, value=row.value), path + ("rows", index, "value"))
    if free.empty == "blank" or isinstance(free.empty, Decimal) and (free.empty < 0 or free.empty != free.empty.to_integral_value()):
        raise ctx.error(say("RS097.empty", empty=free.empty), path + ("empty",))


def _rank_formula(points: Decimal, rank: Decimal, n: Decimal | int, step: Decimal, raw: Decimal, floored: Decimal | None) -> str:
    to = "" if floored is None else f" → {plain(floored)}"
    return f"{plain(points)} − max({plain(rank)} − {n}, 0) × {plain(step)} = {plain(raw)}{to}"


def _free_conditions(model: Any) -> tuple[Any, ...]:
    free = model.free
    return tuple(row.when for row in free.rows if row.when is not None) if isinstance(free, LookupTable) else ()


def _groups(model: Any) -> tuple[tuple[str, Message], ...]:
    """The fields whose values pick the free places (an `equals` / `in` row of the free table) group the ranks."""
    names = dict.fromkeys(found[0] for cond in _free_conditions(model) if (found := members(cond)) is not None)
    return tuple((name, say("phrase.groups_ranks_of", component=model.id)) for name in names)


KIND = SugarSpec(
    name="rank_deduction", label="名次扣分", model=RankDeductionComponent, expand=expand_rank_deduction,
    phrase=phrase_rank_deduction, role="deduction", labelled_in_reports=False, grouping=_groups,
)
