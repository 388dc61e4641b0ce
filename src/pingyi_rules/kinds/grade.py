"""`grade`: a grade column (优秀/良好/一般) looked up in a scale of points."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any, Literal

from pydantic import Field

from ..compile.context import CompileContext
from ..core.errors import FactsError, close_matches
from ..core.messages import say
from ..core.numbers import plain
from ..model.base import Identifier
from ..model.components import ComponentBase
from ..model.inputs import Positive
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts
from ..source.strict_yaml import PathKey
from .protocol import KindSpec


class GradeComponent(ComponentBase):
    """按等次取分：某列的等次（优秀/良好/一般）查分值表得分。"""

    kind: Literal["grade"] = Field(title="类型")
    points: Positive = Field(title="分值", description="此项满分（大于 0：得分按分值折算）")
    column: str = Field(title="列", description="等次所在的列：enum 或 text 列")
    scale: Identifier = Field(title="分值表", description="scales 中的分值表名：等次 → 分值")


def compile_grade(model: GradeComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    spec = ctx.field(model.column, path + ("column",), ("enum", "text"))
    scale = ctx.scale(model.scale, path + ("scale",))
    if spec.values is not None:
        missing = [v for v in spec.values if v not in scale.grades]
        if missing:
            raise ctx.error(say("RS031.scale_gives_points", id=scale.id, missing=list(missing)), path + ("scale",))
    top = max(scale.grades.values())
    if top > model.points or min(scale.grades.values()) < 0:
        raise ctx.error(say("RS031.scale_goes_outside", id=scale.id, points=plain(model.points)), path + ("scale",))
    name, grades = spec.name, dict(scale.grades)

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        grade = subject.fields.get(name)
        if grade is None:
            return Outcome(None, f"{name}: 无数据", ((name, ""),), ("无数据",))
        if grade not in grades:
            raise FactsError(
                say("FA012.no_points", grade=grade, scale=scale.id, grades=" / ".join(grades)),
                subject.cell(name), suggestions=close_matches(str(grade), grades),
            )
        value = grades[grade]
        return Outcome(value, partial(_grade_formula, name, grade, value), ((name, str(grade)),))

    return evaluate


def _grade_formula(name: str, grade: Any, value: Decimal) -> str:
    return f"{name} {grade} → {plain(value)}"


KIND = KindSpec(name="grade", label="按等次取分", model=GradeComponent, compile=compile_grade, role="score", labelled_in_reports=False)
