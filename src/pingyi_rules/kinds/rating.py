"""`rating`: votes per grade × the grade's value, averaged, over the top value, times the points.

The tallies come from a subject's own count columns (`counts` templates with `{grade}`), or from
the rows of a cases table that match `rows` (`table`: one row per 评议主体 with its counts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, model_validator

from ..compile.context import (
    CompileContext,
)
from ..compile.rating import rating_formula, rating_scale, rating_value
from ..core.messages import say
from ..core.numbers import ZERO, plain
from ..model.base import Identifier, Slug
from ..model.components import ComponentBase, RowCondition
from ..model.inputs import Positive
from ..results.result import RowTrace
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey
from .protocol import KindSpec, table_of
from .rows import compile_row_condition

_PLACEHOLDER = re.compile(r"\{grade\}")


class RatingComponent(ComponentBase):
    """等次计票：各等次票数 × 分值求平均，除以最高分值，再乘以分值。"""

    kind: Literal["rating"] = Field(title="类型")
    points: Positive = Field(title="分值", description="此项满分（大于 0：得分按分值折算）")
    scale: Identifier = Field(title="分值表", description="scales 中的分值表名：等次 → 分值")
    counts: list[str] = Field(
        title="票数列",
        description="列名模板，含 {grade}（如 即时测评_{grade}）；多个模板的票数合并计算",
        min_length=1,
    )
    table: Slug | None = Field(
        None,
        title="表",
        description="票数取自此 layout: cases 表中符合 where 条件的各行（长表：每个评议主体一行）；省略则取自对象字段",
    )
    rows: RowCondition | None = Field(
        None, alias="where", title="行条件", description="与 table 同用：选出计入此项的行（如 评议主体 = 服务对象）"
    )
    multiply: str | None = Field(
        None, title="乘以", description="得分再乘以此字段（如 分档查表得到的 服务量系数）"
    )

    @model_validator(mode="after")
    def _placeholder(self) -> RatingComponent:
        for template in self.counts:
            if not _PLACEHOLDER.search(template):
                raise ValueError(say("RS015.count_template_grade", template=template))
        if (self.table is None) != (self.rows is None):
            raise ValueError(say("RS015.table_rows_go"))
        return self


def compile_rating(model: RatingComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    if model.table is not None:  # tallies in the rows of a long table
        return compile_rating_rows(model, path, trace_path, ctx)
    scale, top = rating_scale(model.scale, path + ("scale",), ctx)
    columns: list[tuple[str, Decimal, str]] = []  # (grade, value, field)
    for t_index, template in enumerate(model.counts):
        for grade, value in scale.grades.items():
            name = template.replace("{grade}", grade)
            spec = ctx.field(name, path + ("counts", t_index), ("count",))
            columns.append((grade, value, spec.name))
    points = model.points
    factor = ctx.field(model.multiply, path + ("multiply",), ("count", "decimal")).name if model.multiply else None

    static = _RatingStatic(tuple(columns), scale.grades, points, top, factor)
    pairs = [(value, name) for _, value, name in columns]

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        fields = subject.fields
        votes = ZERO
        weighted = ZERO
        for value, name in pairs:
            count = fields[name]
            votes += count
            weighted += count * value
        if votes == 0:
            names = [name for _, _, name in columns]
            raise evaluation_error(subject, trace_path, say("EV002.all_zero", names=names))
        result = rating_value(weighted, votes, points, top)
        coefficient = None
        if factor is not None:  # the score times a coefficient (服务数据量 → 系数)
            coefficient = fields.get(factor)
            if coefficient is None:
                raise evaluation_error(subject, trace_path, say("EV008.blank", name=factor), subject.cell(factor))
            result *= coefficient
        # the counts are read again from the subject's fields when the trace is asked for
        trace = _RatingTrace(static, fields, votes, coefficient, result)
        return Outcome(result, trace, trace.inputs)

    return evaluate


@dataclass(frozen=True)
class _RatingStatic:
    columns: tuple[tuple[str, Decimal, str], ...]  # (grade, value, field)
    grades: dict[str, Decimal]
    points: Decimal
    top: Decimal
    factor: str | None


class _RatingTrace:
    """One subject's rating, enough to write its formula and inputs when asked (called: the formula)."""

    __slots__ = ("coefficient", "fields", "result", "static", "votes")

    def __init__(
        self, static: _RatingStatic, fields: dict[str, Any], votes: Decimal, coefficient: Decimal | None, result: Decimal
    ) -> None:
        self.static, self.fields, self.votes, self.coefficient, self.result = static, fields, votes, coefficient, result

    def inputs(self) -> tuple[tuple[str, Any], ...]:
        static, fields = self.static, self.fields
        inputs: list[tuple[str, Any]] = [(name, fields[name]) for _, _, name in static.columns]
        if static.factor is not None:
            inputs.append((static.factor, self.coefficient))
        return tuple(inputs)

    def __call__(self) -> str:
        static, fields = self.static, self.fields
        by_grade: dict[str, Decimal] = {}
        for grade, _, name in static.columns:
            by_grade[grade] = by_grade.get(grade, ZERO) + fields[name]
        factor = f" × {static.factor} {plain(self.coefficient)}" if self.coefficient is not None else ""
        return rating_formula(by_grade, static.grades, self.votes, static.top, static.points, self.result, factor)



def compile_rating_rows(model: RatingComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    assert model.table is not None and model.rows is not None
    if model.multiply is not None:
        raise ctx.no_effect(
            say("RS053.multiply_multiplies_rating"),
            path + ("multiply",),
        )
    table = ctx.table(model.table, path + ("table",), "cases")
    selected = compile_row_condition(model.rows, table, path + ("rows",), ctx)
    scale, top = rating_scale(model.scale, path + ("scale",), ctx)
    columns: list[tuple[str, Decimal, str]] = []  # (grade, value, column name)
    for t_index, template in enumerate(model.counts):
        for grade, value in scale.grades.items():
            name = template.replace("{grade}", grade)
            spec = ctx.table_column(table, name, path + ("counts", t_index), ("count",))
            columns.append((grade, value, spec.name))
    points, table_id = model.points, table.id

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        by_grade: dict[str, Decimal] = {grade: ZERO for grade in scale.grades}
        rows: list[RowTrace] = []
        for row in subject.cases.get(table_id, []):
            if not selected(row):
                continue
            tally = []
            for grade, _, name in columns:
                count = row.values.get(name) or ZERO
                by_grade[grade] += count
                tally.append(f"{grade} {plain(count)}")
            rows.append(RowTrace(row.location, "counted", None, "，".join(tally)))
        votes = sum(by_grade.values(), ZERO)
        if votes == 0:
            raise evaluation_error(subject, trace_path, say("EV002.no_row", table=table_id))
        weighted = sum((n * scale.grades[g] for g, n in by_grade.items()), ZERO)
        result = rating_value(weighted, votes, points, top)
        formula = rating_formula(by_grade, scale.grades, votes, top, points, result)
        inputs = tuple((grade, plain(n)) for grade, n in by_grade.items())
        return Outcome(result, formula, inputs, rows=tuple(rows))

    return evaluate

KIND = KindSpec(
    name="rating", label="等次计票", model=RatingComponent, compile=compile_rating, role="score", reads=table_of,
)
