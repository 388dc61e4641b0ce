"""`rating` as sugar: on count columns over an `expression` (the votes as `let` values), over a long
table over an `aggregate` ratio. For drawn scales, points, templates, counts and coefficients the
node gives each subject the exact rating (the oracle: Fractions worked out here from the drawn
counts), its expansion (`pingyi expand`) gives the same, and the trace is worded as the rating
formula over the rating's own inputs."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules.compile.rating import RatingWording, expand_rating_fields, expand_rating_rows
from pingyi_rules.kinds.rating import RatingComponent

from ..rules_helpers import HEAD
from .sugar_checks import assert_expansion_agrees

GRADES = ("好", "较好", "一般", "差")
values = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)
scales = st.integers(2, 4).flatmap(
    lambda n: st.lists(values, min_size=n, max_size=n).filter(lambda vs: max(vs) > 0)
).map(lambda vs: dict(zip(GRADES, vs, strict=False)))
points = st.sampled_from([Decimal(1), Decimal(10), Decimal(35), Decimal("12.5"), Decimal(100)])


def near(value: Decimal | None, exact: Fraction) -> bool:
    return value is not None and abs(Fraction(value) - exact) < Fraction(1, 10**50)


def shown(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def rating_text(tally: dict[str, int], scale: dict[str, Decimal], votes: int, top: Decimal, pts: Decimal) -> str:
    """The formula's left side as the rating writes it, from the drawn counts."""
    sums = " + ".join(f"{g} {n}×{shown(scale[g])}" for g, n in tally.items())
    tail = f" × {shown(pts)}" if pts != 1 else ""
    return f"({sums}) / ({votes} × {shown(top)}){tail}"


def scales_yaml(scale: dict[str, Decimal]) -> str:
    return "scales:\n  - {id: 档, grades: {" + ", ".join(f"{g}: {v}" for g, v in scale.items()) + "}}\n"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scale=scales, pts=points, templates=st.sampled_from([["A{grade}"], ["A{grade}", "B{grade}"]]),
       factor=st.booleans(), data=st.data())
def test_count_columns(scale: dict[str, Decimal], pts: Decimal, templates: list[str], factor: bool, data: Any) -> None:
    top = max(scale.values())
    columns = [(g, t.replace("{grade}", g)) for t in templates for g in scale]
    names = [c for _, c in columns] + (["系数"] if factor else [])
    declared = "".join(f"        - {{header: {c}, type: {'decimal' if c == '系数' else 'count'}}}\n" for c in names)
    multiply = ", multiply: 系数" if factor else ""
    text = HEAD + f"""inputs:
  subjects: {{table: units, id_column: 编码}}
  tables:
    - id: units
      subject: 编码
      columns:
        - {{header: 编码, type: id}}
{declared}{scales_yaml(scale)}components:
  - {{id: 测评, name: 测评, kind: rating, scale: 档, points: {pts}, counts: {templates}{multiply}}}
"""
    rows, expected = [], {}
    for unit in range(3):
        counts = data.draw(st.lists(st.integers(0, 40), min_size=len(columns), max_size=len(columns)).filter(any))
        coefficient = data.draw(st.sampled_from(["1", "0.95", "0.98"])) if factor else "1"
        rows.append(",".join([f"U{unit}", *map(str, counts)] + ([coefficient] if factor else [])))
        tally: dict[str, int] = {}
        for (grade, _), n in zip(columns, counts, strict=True):
            tally[grade] = tally.get(grade, 0) + n
        votes = sum(tally.values())
        value = Fraction(sum(n * Fraction(scale[g]) for g, n in tally.items())) * Fraction(pts) / (votes * Fraction(top))
        expected[f"U{unit}"] = (value * Fraction(coefficient), rating_text(tally, scale, votes, top, pts), counts)
    with tempfile.TemporaryDirectory() as folder:
        result = assert_expansion_agrees(text, {"units": ",".join(["编码", *names]) + "\n" + "\n".join(rows)}, Path(folder))
    for unit, (value, formula, counts) in expected.items():
        component = result.subject(unit).component("测评")
        assert near(component.points, value)
        assert component.trace.formula.startswith(formula)
        assert [int(v) for _, v in component.trace.inputs[: len(columns)]] == counts


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scale=scales, pts=points, data=st.data())
def test_table_rows(scale: dict[str, Decimal], pts: Decimal, data: Any) -> None:
    top = max(scale.values())
    text = HEAD + """inputs:
  subjects: {table: units, id_column: 编码}
  tables:
    - {id: units, subject: 编码, columns: [{header: 编码, type: id}]}
    - id: 票
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 主体, type: enum, choices: [群众, 同事]}
""" + "".join(f"        - {{header: {g}, type: count}}\n" for g in scale) + scales_yaml(scale) + f"""components:
  - {{id: 测评, name: 测评, kind: rating, scale: 档, points: {pts}, table: 票, where: {{column: 主体, equals: 群众}}, counts: ["{{grade}}"]}}
"""
    lines, expected = [], {}
    for unit in range(2):
        tally = dict.fromkeys(scale, 0)
        selected = []
        for i in range(data.draw(st.integers(1, 4))):
            group = "群众" if i == 0 else data.draw(st.sampled_from(["群众", "同事"]))
            counts = data.draw(st.lists(st.integers(0, 40), min_size=len(scale), max_size=len(scale)).filter(any))
            lines.append(",".join([f"U{unit}", group, *map(str, counts)]))
            if group == "群众":
                selected.append(len(lines) + 1)
                for g, n in zip(scale, counts, strict=True):
                    tally[g] += n
        votes = sum(tally.values())
        value = Fraction(sum(n * Fraction(scale[g]) for g, n in tally.items())) * Fraction(pts) / (votes * Fraction(top))
        expected[f"U{unit}"] = (value, rating_text(tally, scale, votes, top, pts), tally, selected)
    tables = {"units": "编码\nU0\nU1", "票": ",".join(["编码", "主体", *scale]) + "\n" + "\n".join(lines)}
    with tempfile.TemporaryDirectory() as folder:
        result = assert_expansion_agrees(text, tables, Path(folder))
    for unit, (value, formula, tally, selected) in expected.items():
        component = result.subject(unit).component("测评")
        assert near(component.points, value)
        assert component.trace.formula.startswith(formula)
        assert component.trace.inputs == tuple((g, str(n)) for g, n in tally.items())
        assert [r.location.row for r in component.trace.rows] == selected


def test_the_expansions_as_written() -> None:
    scale = {"满意": Decimal(1), "基本满意": Decimal("0.6"), "不满意": Decimal(0)}
    labels = ("满意票数", "基本满意票数", "不满意票数")
    wording = RatingWording(tuple((g, v, f"网评{g}") for g, v in scale.items()), scale, Decimal(1), Decimal(30), "系数",
                            "票数合计", labels, 4)
    node = RatingComponent.model_validate({"id": "网评", "name": "网上评议", "kind": "rating", "scale": "满意度", "points": 30,
                                           "counts": ["网评{grade}"], "multiply": "系数", "clause": "§3"})
    assert expand_rating_fields(node, wording) == {
        "kind": "expression", "id": "网评", "name": "网上评议", "points": Decimal(30), "clause": "§3",
        "let": {"票数合计": "网评满意 + 网评基本满意 + 网评不满意", "满意票数": "网评满意", "基本满意票数": "网评基本满意",
                "不满意票数": "网评不满意"},
        "expr": "(满意票数 + 基本满意票数 * 0.6 + 不满意票数 * 0) * 30 / 票数合计 * 系数",
    }
    rows = RatingComponent.model_validate({"id": "群众", "name": "群众", "kind": "rating", "scale": "满意度", "points": 35,
                                           "counts": ["{grade}"], "table": "票", "where": {"column": "主体", "equals": "群众"}})
    plain = RatingWording(tuple((g, v, g) for g, v in scale.items()), scale, Decimal(1), Decimal(35), None, "票数合计", labels, 2, True)
    assert expand_rating_rows(rows, plain, "票", {"column": "主体", "equals": "群众"}) == {
        "kind": "aggregate", "id": "群众", "name": "群众", "points": Decimal(35), "table": "票", "function": "ratio",
        "where": {"column": "主体", "equals": "群众"},
        "per_row": "(满意 + 基本满意 * 0.6 + 不满意 * 0) * 35", "over": "(满意 + 基本满意 + 不满意)",
        "traced": "selected", "detail": "满意 {满意}，基本满意 {基本满意}，不满意 {不满意}",
        "totals": {"票数合计": "满意 + 基本满意 + 不满意", "满意票数": "满意", "基本满意票数": "基本满意", "不满意票数": "不满意"},
    }
