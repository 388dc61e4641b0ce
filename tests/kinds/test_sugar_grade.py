"""`grade` as sugar over `lookup`: for generated scales, columns and grades, the node gives each
subject its grade's points (the oracle: the scale read by the test), a blank cell no points, and its
expansion (`pingyi expand`) gives the same; the trace is worded as the grade kind words it; a grade
the scale does not list is an error at its cell."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, load_ruleset, score

from ..rules_helpers import HEAD, subject_table, write_tables
from .sugar_checks import assert_expansion_agrees

GRADES = ["优秀", "良好", "一般", "较差", "差"]


def _ruleset(column_type: str, scale: dict[str, Decimal], points: Decimal) -> str:
    values = ", ".join(scale) if column_type == "enum" else ""
    column = f"{{header: 评价, type: enum, choices: [{values}], required: false}}" if column_type == "enum" else \
        "{header: 评价, type: text, required: false}"
    grades = ", ".join(f"{grade}: {value}" for grade, value in scale.items())
    return HEAD + subject_table(column) + f"""scales:
  - {{id: 评价表, grades: {{{grades}}}}}
points: {points}
components:
  - {{id: 评价分, name: 主管单位评价, kind: grade, column: 评价, scale: 评价表, points: {points}, clause: 第一条}}
"""


@st.composite
def _cases(draw: st.DrawFn) -> tuple[str, dict[str, Decimal], Decimal, list[str | None]]:
    points = Decimal(draw(st.integers(1, 2000))) / 100
    names = draw(st.lists(st.sampled_from(GRADES), min_size=1, max_size=5, unique=True))
    scale = {name: Decimal(draw(st.integers(0, int(points * 100)))) / 100 for name in names}
    column_type = draw(st.sampled_from(["enum", "text"]))
    marks = draw(st.lists(st.one_of(st.none(), st.sampled_from(names)), min_size=1, max_size=6))
    return column_type, scale, points, marks


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_grade_gives_the_scale_points_and_its_expansion_agrees(case: tuple[str, dict[str, Decimal], Decimal, list[str | None]]) -> None:
    column_type, scale, points, marks = case
    rows = "\n".join(f"U{i},单位{i},{mark or ''}" for i, mark in enumerate(marks))
    with tempfile.TemporaryDirectory() as tmp:
        result = assert_expansion_agrees(_ruleset(column_type, scale, points), {"units": "编码,名称,评价\n" + rows}, Path(tmp))
    for i, mark in enumerate(marks):
        got = result.subject(f"U{i}").component("评价分")
        assert got.points == (None if mark is None else scale[mark])
        trace = got.trace
        if mark is None:
            assert (trace.formula, trace.inputs, trace.notes) == ("评价: 无数据", (("评价", ""),), ("无数据",))
        else:
            shown = format(scale[mark].normalize(), "f") if scale[mark] else "0"
            assert (trace.formula, trace.inputs, trace.notes) == (f"评价 {mark} → {shown}", (("评价", mark),), ())
        assert (trace.kind, trace.name, trace.clause) == ("grade", "主管单位评价", "第一条")


def test_a_grade_the_scale_does_not_list_is_an_error_at_its_cell(tmp_path: Path) -> None:
    text = _ruleset("text", {"优秀": Decimal(5), "良好": Decimal(4), "一般": Decimal(3)}, Decimal(5))
    facts = write_tables(tmp_path / "facts", {"units": "编码,名称,评价\nU1,甲,优秀\nU2,乙,良"})
    with pytest.raises(EvaluationError) as caught:
        score(load_ruleset("t.yaml", text=text), facts)
    error = caught.value
    assert error.code == "EV026"
    assert (error.location.row, error.location.field) == (3, "评价")
    assert error.message == "U2 乙: 评价分: '良' is in no row of the lookup on '评价' (its rows name 优秀 / 良好 / 一般)"
    assert list(error.suggestions) == ["良好"]


def test_each_scoring_names_its_own_unlisted_grade(tmp_path: Path) -> None:
    text = _ruleset("text", {"优秀": Decimal(5), "良好": Decimal(4), "一般": Decimal(3)}, Decimal(5))
    ruleset = load_ruleset("t.yaml", text=text)
    for folder, rows, said in (
        ("a", "U1,甲,良\nU2,乙,优秀", "U1 甲: 评价分: '良' is in no row"),
        ("b", "U1,甲,优秀\nU2,乙,较好", "U2 乙: 评价分: '较好' is in no row"),
    ):
        facts = write_tables(tmp_path / folder, {"units": "编码,名称,评价\n" + rows})
        with pytest.raises(EvaluationError) as caught:
            score(ruleset, facts)
        assert caught.value.message == f"{said} of the lookup on '评价' (its rows name 优秀 / 良好 / 一般)"
