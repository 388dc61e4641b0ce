"""`rating` over a long table: the tallies come from the rows of a cases table that match a condition.

seed 001 五(一): each 评议主体 (服务对象, 所在单位, 社会各界, 社会群众网络) is one row
of the ballots sheet with its 满意 / 基本满意 / 不满意 counts; the 服务对象评议
component pools the rows whose 评议主体 is 服务对象. Every matching row is traced;
rows of other 评议主体 are traced by the component that selects them.
"""

from __future__ import annotations

from decimal import Decimal

from ..compile.context import CompileContext
from ..compile.rating import rating_formula, rating_scale, rating_value
from ..core.numbers import ZERO, plain
from ..model import components as m
from ..results.result import RowTrace
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey
from .cases import compile_row_condition


def compile_rating_rows(model: m.RatingComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    assert model.table is not None and model.rows is not None
    if model.factor is not None:
        raise ctx.no_effect(
            "'factor' multiplies a rating from a subject's own count columns; tallies from 'table' rows are not multiplied",
            path + ("factor",),
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
            raise evaluation_error(subject, trace_path, f"no measurements at all (no {table_id} row with votes is selected)", code="EV002")
        weighted = sum((n * scale.grades[g] for g, n in by_grade.items()), ZERO)
        result = rating_value(weighted, votes, points, top)
        formula = rating_formula(by_grade, scale.grades, votes, top, points, result)
        inputs = tuple((grade, plain(n)) for grade, n in by_grade.items())
        return Outcome(result, formula, inputs, rows=tuple(rows))

    return evaluate
