"""`rating`: votes per grade × the grade's value, averaged, over the top value, times the points.

The tallies come from a subject's own count columns (`counts` templates with `{grade}`), or from
the rows of a cases table that match `rows` (`table`: one row per 评议主体 with its counts).

Sugar (see kinds.sugar): on count columns the node is an `expression` whose intermediate values
(`let`) are the votes and each grade's votes, over a table an `aggregate` ratio over the rows
`rows` selects, with the same tallies as `totals` (compile.rating writes both). The rating's own
load-time checks (its scale's top value, its columns and their types) are made here, at its keys;
the phrase words the core construct's trace as the rating formula.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any, Literal

from pydantic import Field, model_validator

from ..compile.context import CompileContext
from ..compile.rating import (
    RatingWording,
    expand_rating_fields,
    expand_rating_rows,
    rating_formula,
    rating_scale,
    vote_labels,
)
from ..core.messages import say
from ..core.numbers import plain
from ..model.base import Identifier, Slug
from ..model.components import ComponentBase, RowCondition
from ..model.inputs import Positive
from ..results.runtime import Outcome
from ..source.strict_yaml import PathKey
from .protocol import Expansion, SugarSpec, component_ids, table_of
from .sugar import nameable

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
    where: RowCondition | None = Field(
        None, title="行条件", description="与 table 同用：选出计入此项的行（如 评议主体 = 服务对象）"
    )
    multiply: str | None = Field(
        None, title="乘以", description="得分再乘以此字段（如 分档查表得到的 服务量系数）"
    )

    @model_validator(mode="after")
    def _placeholder(self) -> RatingComponent:
        for template in self.counts:
            if not _PLACEHOLDER.search(template):
                raise ValueError(say("RS015.count_template_grade", template=template))
        if (self.table is None) != (self.where is None):
            raise ValueError(say("RS015.table_rows_go"))
        return self


def expand_rating(model: RatingComponent, path: PathKey, ctx: CompileContext) -> Expansion:
    """The node written as its core construct, after the rating's own load-time checks (at its keys)."""
    scale, top = rating_scale(model.scale, path + ("scale",), ctx)
    taken = {*ctx.fields, *component_ids([*ctx.model.values, *ctx.model.components])}
    votes, labels = vote_labels(scale.grades, taken)
    columns: list[tuple[str, Any, str]] = []
    if model.table is None:
        for t_index, template in enumerate(model.counts):
            for grade, value in scale.grades.items():
                spec = ctx.field(template.replace("{grade}", grade), path + ("counts", t_index), ("count",))
                nameable("rating", spec.name, path + ("counts", t_index), ctx)
                columns.append((grade, value, spec.name))
        factor = ctx.field(model.multiply, path + ("multiply",), ("count", "decimal")).name if model.multiply else None
        if factor is not None:
            nameable("rating", factor, path + ("multiply",), ctx)
        listed = len(RatingWording(tuple(columns), scale.grades, top, model.points, factor).names)
        pooled = labels if len(model.counts) > 1 else ()  # one template: each grade's column is its votes
        wording = RatingWording(tuple(columns), scale.grades, top, model.points, factor, votes, pooled, listed)
        return Expansion(expand_rating_fields(model, wording), {("let",): ("counts",), ("expr",): ("counts",)}, wording)
    assert model.where is not None
    if model.multiply is not None:
        raise ctx.no_effect(say("RS053.multiply_multiplies_rating"), path + ("multiply",))
    table = ctx.table(model.table, path + ("table",), "cases")
    for t_index, template in enumerate(model.counts):
        for grade, value in scale.grades.items():
            spec = ctx.table_column(table, template.replace("{grade}", grade), path + ("counts", t_index), ("count",))
            nameable("rating", spec.name, path + ("counts", t_index), ctx)
            columns.append((grade, value, spec.name))
    wording = RatingWording(tuple(columns), scale.grades, top, model.points, None, votes, labels, 2, rows=True)
    written_at: dict[PathKey, PathKey] = {("where",): ("where",), ("table",): ("table",)}
    written_at.update({(key,): ("counts",) for key in ("per_row", "over", "detail", "totals")})
    rows = model.where.model_dump(by_alias=True, exclude_unset=True)
    return Expansion(expand_rating_rows(model, wording, table.id, rows), written_at, wording)



def phrase_rating(wording: RatingWording, outcome: Outcome, subject: Any = None) -> Outcome:
    """The rating formula, with the rating's inputs: each count column (and the factor), or the votes
    per grade over a table; the numbers are the core construct's (its tallies after `before` inputs).
    The subject is not read."""
    inputs = outcome.inputs if isinstance(outcome.inputs, tuple) else outcome.inputs()
    tallies = inputs[wording.before:]
    if wording.rows:
        listed = tuple((grade, plain(n)) for grade, (_, n) in zip(wording.grades, tallies[1:], strict=True))
    else:
        listed = inputs[:wording.before]
    return Outcome(outcome.points, partial(_formula, wording, tallies, dict(listed), outcome.points), listed, outcome.notes)


def _formula(wording: RatingWording, tallies: tuple[tuple[str, Any], ...], listed: dict[str, Any], result: Any) -> str:
    if wording.labels or wording.rows:
        by_grade = {grade: n for grade, (_, n) in zip(wording.grades, tallies[1:], strict=True)}
    else:  # one column per grade: its votes
        by_grade = {grade: listed[column] for grade, _, column in wording.columns}
    factor = f" × {wording.factor} {plain(listed[wording.factor])}" if wording.factor is not None else ""
    return rating_formula(by_grade, wording.grades, tallies[0][1], wording.top, wording.points, result, factor)


KIND = SugarSpec(
    name="rating", label="等次计票", model=RatingComponent, expand=expand_rating, phrase=phrase_rating, role="score",
    reads=table_of,
)
