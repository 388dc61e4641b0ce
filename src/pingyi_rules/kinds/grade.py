"""`grade`: a grade column (优秀/良好/一般) looked up in a scale of points.

Sugar over `lookup` (see kinds.sugar): the node is the lookup, under `hit: unique`, of one row per
grade of the scale (per value of an enum column: a scale may list more grades than the column has) (`{when: {of: <column>, equals: <grade>}, value: <its points>}`) after a row
`{when: {blank: <column>}, value: blank}` — a blank cell gives no points (无数据); a written grade in
no row is an error at its cell (EV026). The scale's own checks (it gives points to every value of
an enum column, its points lie within the node's) are made here, at the node's `scale`.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Literal

from pydantic import Field

from ..compile.context import CompileContext
from ..core.messages import say
from ..core.numbers import plain
from ..model.base import Identifier
from ..model.components import ComponentBase
from ..model.inputs import Positive
from ..results.runtime import Outcome, SubjectFacts
from ..source.strict_yaml import PathKey
from .lookup import BLANK
from .protocol import Expansion, SugarSpec
from .sugar import base_keys


class GradeComponent(ComponentBase):
    """按等次取分：某列的等次（优秀/良好/一般）查分值表得分。"""

    kind: Literal["grade"] = Field(title="类型")
    points: Positive = Field(title="分值", description="此项满分（大于 0：得分按分值折算）")
    column: str = Field(title="列", description="等次所在的列：enum 或 text 列")
    scale: Identifier = Field(title="分值表", description="scales 中的分值表名：等次 → 分值")


def expand_grade(model: GradeComponent, path: PathKey, ctx: CompileContext) -> Expansion:
    spec = ctx.field(model.column, path + ("column",), ("enum", "text"))
    scale = ctx.scale(model.scale, path + ("scale",))
    if spec.values is not None:
        missing = [v for v in spec.values if v not in scale.grades]
        if missing:
            raise ctx.error(say("RS031.scale_gives_points", id=scale.id, missing=list(missing)), path + ("scale",))
    if max(scale.grades.values()) > model.points or min(scale.grades.values()) < 0:
        raise ctx.error(say("RS031.scale_goes_outside", id=scale.id, points=plain(model.points)), path + ("scale",))
    rows: list[dict[str, Any]] = [{"when": {"blank": spec.name}, "value": BLANK}]
    listed = scale.grades.items() if spec.values is None else [(g, v) for g, v in scale.grades.items() if g in spec.values]
    rows.extend({"when": {"of": spec.name, "equals": grade}, "value": value} for grade, value in listed)
    document = {**base_keys(model), "kind": "lookup", "hit": "unique", "rows": rows}
    return Expansion(document, {("rows",): ("column",)})


def phrase_grade(model: GradeComponent, outcome: Outcome, subject: SubjectFacts) -> Outcome:
    """`等次 优秀 → 10`, or `等次: 无数据` for a blank cell, as the column and its grade."""
    inputs = outcome.inputs if isinstance(outcome.inputs, tuple) else outcome.inputs()
    (name, grade), = inputs
    if outcome.points is None:
        return Outcome(None, f"{name}: 无数据", ((name, ""),), outcome.notes)
    return Outcome(outcome.points, partial(_grade_formula, name, grade, outcome.points), ((name, str(grade)),))


def _grade_formula(name: str, grade: Any, value: Any) -> str:
    return f"{name} {grade} → {plain(value)}"


KIND = SugarSpec(
    name="grade", label="按等次取分", model=GradeComponent, expand=expand_grade, phrase=phrase_grade, role="score",
    labelled_in_reports=False,
)
