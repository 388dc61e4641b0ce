"""A `rating` node and its expansion (compile.rating) give the same points, and the expansion's
trace worded by the phrase is the rating's own formula and inputs: on the subject's count columns
(→ an `expression`) and over a long table (→ an `aggregate` ratio). Hypothesis draws the scale, the
points, the templates, the counts and a coefficient."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import load_ruleset, score
from pingyi_rules.compile.rating import (
    RatingWording,
    expand_rating_fields,
    expand_rating_rows,
    phrase_rating_fields,
    phrase_rating_rows,
)
from pingyi_rules.kinds.rating import RatingComponent

GRADES = ("好", "较好", "一般", "差")


def flow(value: Any) -> str:
    """YAML data as one flow-style line (a Decimal written as the number it is)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def ruleset(columns: list[str], tables: str, component: dict[str, Any], scale: dict[str, Decimal]) -> str:
    declared = "\n".join(f"        - {{header: {c}, type: {'decimal' if c == '系数' else 'count'}}}" for c in columns)
    return f"""id: r
name: 测试
version: "1"
source: {{title: 测试}}
inputs:
  subjects: {{table: units, id: 编码}}
  tables:
    - id: units
      subject: 编码
      columns:
        - {{header: 编码, type: id}}
{declared}
{tables}scales:
  - {{id: 档, grades: {flow(scale)}}}
components:
  - {flow(component)}
"""


def scored(folder: Path, text: str, csvs: dict[str, str]) -> Any:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "r.yaml").write_text(text, encoding="utf-8")
    for name, body in csvs.items():
        (folder / f"{name}.csv").write_text(body, encoding="utf-8")
    return score(load_ruleset(folder / "r.yaml"), folder)


values = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)
scales = st.integers(2, 4).flatmap(
    lambda n: st.lists(values, min_size=n, max_size=n).filter(lambda vs: max(vs) > 0)
).map(lambda vs: dict(zip(GRADES, vs, strict=False)))
points = st.sampled_from([Decimal(1), Decimal(10), Decimal(35), Decimal("12.5"), Decimal(100)])
counts = st.integers(0, 40)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scale=scales, points=points, templates=st.sampled_from([["A{grade}"], ["A{grade}", "B{grade}"]]),
       factor=st.booleans(), data=st.data())
def test_count_columns_expand_to_an_expression(tmp_path_factory: Any, scale: dict[str, Decimal], points: Decimal,
                                               templates: list[str], factor: bool, data: Any) -> None:
    top = max(scale.values())
    columns = [(g, v, t.replace("{grade}", g)) for t in templates for g, v in scale.items()]
    names = [c for _, _, c in columns] + (["系数"] if factor else [])
    node = {"id": "测评", "name": "测评", "kind": "rating", "scale": "档", "points": points, "counts": templates}
    if factor:
        node["multiply"] = "系数"
    rows = []
    for unit in range(3):
        tally = data.draw(st.lists(counts, min_size=len(columns), max_size=len(columns)).filter(any))
        rows.append([f"U{unit}", *map(str, tally)] + ([data.draw(st.sampled_from(["1", "0.95", "0.98"]))] if factor else []))
    units = ",".join(["编码", *names]) + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    wording = RatingWording(tuple(columns), scale, top, points, "系数" if factor else None)
    expansion = expand_rating_fields(RatingComponent.model_validate(node), wording)
    folder = tmp_path_factory.mktemp("rating")
    sugar = scored(folder / "sugar", ruleset(names, "", node, scale), {"units": units})
    core = scored(folder / "core", ruleset(names, "", expansion, scale), {"units": units})
    for unit in range(3):
        mine, its = sugar.subject(f"U{unit}").component("测评"), core.subject(f"U{unit}").component("测评")
        assert its.points == mine.points
        assert its.trace.inputs == mine.trace.inputs
        assert phrase_rating_fields(wording, its.trace.inputs, its.points) == mine.trace.formula


VOTES = """    - id: 票
      rows: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 主体, type: enum, values: [群众, 同事]}
"""


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scale=scales, points=points, data=st.data())
def test_table_rows_expand_to_an_aggregate_ratio(tmp_path_factory: Any, scale: dict[str, Decimal], points: Decimal,
                                                 data: Any) -> None:
    top = max(scale.values())
    columns = [(g, v, g) for g, v in scale.items()]
    node = {"id": "测评", "name": "测评", "kind": "rating", "scale": "档", "points": points, "counts": ["{grade}"],
            "table": "票", "rows": {"column": "主体", "equals": "群众"}}
    lines = []
    for unit in range(2):
        n = data.draw(st.integers(1, 4))
        for i in range(n):
            group = "群众" if i == 0 else data.draw(st.sampled_from(["群众", "同事"]))
            tally = data.draw(st.lists(counts, min_size=len(columns), max_size=len(columns)).filter(any))
            lines.append(",".join([f"U{unit}", group, *map(str, tally)]))
    votes = ",".join(["编码", "主体", *scale]) + "\n" + "\n".join(lines) + "\n"
    tables = VOTES + "".join(f"        - {{header: {g}, type: count}}\n" for g in scale)
    wording = RatingWording(tuple(columns), scale, top, points)
    expansion = expand_rating_rows(RatingComponent.model_validate(node), wording, "票", node["rows"])
    folder = tmp_path_factory.mktemp("rating")
    csvs = {"units": "编码\nU0\nU1\n", "票": votes}
    sugar = scored(folder / "sugar", ruleset([], tables, node, scale), csvs)
    core = scored(folder / "core", ruleset([], tables, expansion, scale), csvs)
    for unit in range(2):
        mine, its = sugar.subject(f"U{unit}").component("测评"), core.subject(f"U{unit}").component("测评")
        assert its.points == mine.points
        assert phrase_rating_rows(wording, its.trace.inputs, its.points) == (mine.trace.formula, mine.trace.inputs)
        assert [(r.location.row, r.status, r.amount, r.reason) for r in its.trace.rows] == [
            (r.location.row, r.status, r.amount, r.reason) for r in mine.trace.rows
        ]


def test_the_expansions_as_written() -> None:
    scale = {"满意": Decimal(1), "基本满意": Decimal("0.6"), "不满意": Decimal(0)}
    wording = RatingWording(tuple((g, v, f"网评{g}") for g, v in scale.items()), scale, Decimal(1), Decimal(30), "系数")
    node = RatingComponent.model_validate({"id": "网评", "name": "网上评议", "kind": "rating", "scale": "满意度", "points": 30,
                                           "counts": ["网评{grade}"], "multiply": "系数", "clause": "§3"})
    assert expand_rating_fields(node, wording) == {
        "kind": "expression", "id": "网评", "name": "网上评议", "points": Decimal(30), "clause": "§3",
        "expr": "(网评满意 * 1 + 网评基本满意 * 0.6 + 网评不满意 * 0) * 30 / ((网评满意 + 网评基本满意 + 网评不满意) * 1) * 系数",
    }
    rows = RatingComponent.model_validate({"id": "群众", "name": "群众", "kind": "rating", "scale": "满意度", "points": 35,
                                           "counts": ["{grade}"], "table": "票", "rows": {"column": "主体", "equals": "群众"}})
    plain = RatingWording(tuple((g, v, g) for g, v in scale.items()), scale, Decimal(1), Decimal(35))
    assert expand_rating_rows(rows, plain, "票", {"column": "主体", "equals": "群众"}) == {
        "kind": "aggregate", "id": "群众", "name": "群众", "points": Decimal(35), "table": "票", "function": "ratio",
        "where": {"column": "主体", "equals": "群众"},
        "of": "(满意 * 1 + 基本满意 * 0.6 + 不满意 * 0) * 35", "over": "(满意 + 基本满意 + 不满意) * 1",
        "traced": "selected", "detail": "满意 {满意}，基本满意 {基本满意}，不满意 {不满意}", "totals": ["满意", "基本满意", "不满意"],
    }
