"""Named values (`values:`): computed before the component tree, in order, traced, published in the
unit's `values`, usable by later expressions and tie-breaks, added to no total; and components
without `points` (no full marks)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from pingyi_rules import RulesetError, check_ruleset
from pingyi_rules.render.output import explain, to_csv, to_json, to_table
from pingyi_rules.render.report import build_report, detail_rows, scoring_rules

from ..rules_helpers import HEAD, load, subject_table

BODY = "\n" + subject_table(
    "{headers: [得分, 应到], type: decimal}",
    "{header: 类别, type: text}",
) + """    - id: ballots
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 主体, type: enum, choices: [领导, 群众]}
        - {header: 作废, type: bool}
values:
  - id: 有效票数
    name: 有效票数
    kind: cases
    effect: add
    table: ballots
    code_column: 主体
    items:
      - {code: 领导, name: 领导票, amount: 1}
      - {code: 群众, name: 群众票, amount: 1}
    exemptions:
      - {when: {flag: 作废}, reason: 作废票}
  - {id: 参评率, name: 参评率, kind: expression, expr: "有效票数 / 应到 * 100", max: 100}
points: 100
components:
  - {id: 实绩, name: 工作实绩, kind: input, column: 得分, points: 90}
  - {id: 加分, name: 参评加分, kind: expression, expr: "参评率 / 10", points: 10}
"""
FACTS = {
    "units": "编码,名称,得分,应到,类别\nU1,甲,80,4,一\nU2,乙,85,2,一\nU3,丙,80,4,二",
    "ballots": "编码,主体,作废\nU1,领导,否\nU1,群众,否\nU1,群众,是\nU2,群众,否\nU3,领导,否\nU3,群众,否",
}


def test_values_are_computed_first_used_later_and_added_to_no_total(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, FACTS)
    u1 = result.subject("U1")
    # U1: 3 ballots, 1 作废 → 有效票数 2; 参评率 2 / 4 × 100 = 50; 加分 50 / 10 = 5; total 80 + 5 = 85
    assert [(v.id, v.points) for v in u1.named] == [("有效票数", Decimal(2)), ("参评率", Decimal(50))]
    assert u1.total == Decimal("85.00")
    assert u1.exact_total == sum((c.points or Decimal(0) for c in u1.components), Decimal(0))
    assert [c.id for c in u1.components] == ["实绩", "加分"]
    # U2: 1 ballot of 2 → 50, 加分 5, total 90; U3: 2 of 4 → 50, total 85
    assert [s.total for s in result.subjects] == [Decimal("85.00"), Decimal("90.00"), Decimal("85.00")]
    assert u1.component("参评率").trace.formula == "有效票数 / 应到 * 100 (有效票数 = 2, 应到 = 4) = 50"


def test_a_value_traces_its_rows_like_a_component(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, FACTS)
    entries = list(result.subject("U1").trace())
    assert [e.path for e in entries] == ["有效票数", "参评率", "实绩", "加分"]  # values first
    rows = entries[0].rows
    assert [r.status for r in rows] == ["counted", "counted", "exempted"]
    assert rows[2].reason == "群众票: 作废票"


def test_values_are_published_in_json_explain_table_and_csv(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, FACTS)
    unit = json.loads(to_json(result))["units"][0]
    assert unit["values"] == {"有效票数": "2.00", "参评率": "50.00"}  # rounded like components
    assert [c["id"] for c in unit["components"]] == ["实绩", "加分"]
    text = explain(result, "U1")
    assert "  取值（不计入总分）：\n    有效票数（取值）：2.00\n" in text
    assert "    参评率（取值）：50.00\n      计算过程：有效票数 / 应到 * 100 (有效票数 = 2, 应到 = 4) = 50\n" in text
    assert to_table(result).splitlines()[1].split() == [
        "名次", "编码", "名称", "工作实绩(90)", "参评加分(10)", "有效票数(取值)", "参评率(取值)", "总分", "等次", "备注",
    ]
    assert to_csv(result).splitlines()[1] == "1,U2,乙,85.00,5.00,1.00,50.00,90.00,,"


def test_values_in_the_workbook_and_html_report(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BODY, FACTS)
    report = build_report(result, load(BODY))
    table = report.tables[0]
    assert table.header[3:7] == ["工作实绩（满分 90）", "参评加分（满分 10）", "有效票数（取值）", "参评率（取值）"]
    assert table.cells(table.rows[0])[5:7] == [Decimal("1.00"), Decimal("50.00")]
    first = next(detail_rows(report))
    assert (first.entry.name, first.max) == ("有效票数", None)
    assert ("取值", "有效票数：案例计分，在指标之前计算，不计入总分") in scoring_rules(report)


def test_a_tie_is_settled_by_a_value(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BODY + "ranking:\n  tie_break: [有效票数]\n"
    # U3 得分 77.5, 3 valid ballots of 4 → 参评率 75, 加分 7.5, total 85 = U1's (80 + 5);
    # the tie-break compares 有效票数: U3 3 > U1 2, so U3 ranks before U1
    facts = {"units": "编码,名称,得分,应到,类别\nU1,甲,80,4,一\nU2,乙,85,2,一\nU3,丙,77.5,4,二",
             "ballots": FACTS["ballots"] + "\nU3,群众,否"}
    result = run_rules(body, facts)
    assert [(s.id, s.total, s.rank) for s in result.subjects] == [
        ("U1", Decimal("85.00"), 3), ("U2", Decimal("90.00"), 1), ("U3", Decimal("85.00"), 2)
    ]
    assert "依次比较 有效票数 3.00" in result.subject("U3").notes[0]
    untied = run_rules(BODY, facts)  # without the tie-break the two share rank 2
    assert [s.rank for s in untied.subjects] == [2, 1, 2]


def test_a_value_may_not_use_a_component_or_a_later_value() -> None:
    with pytest.raises(RulesetError, match="'实绩' is a component evaluated later") as caught:
        load(BODY.replace('expr: "有效票数 / 应到 * 100"', 'expr: "实绩 / 应到"'))
    assert caught.value.code == "RS030"
    early = BODY.replace("values:\n", 'values:\n  - {id: 早, name: 早, kind: expression, expr: "参评率 + 1"}\n')
    with pytest.raises(RulesetError, match="'参评率' is a component evaluated later") as caught:
        load(early)
    assert caught.value.code == "RS030"


@pytest.mark.parametrize(("key", "written"), [("weight", "weight: 0.5"), ("outside", "outside: true")])
def test_weight_or_outside_on_a_value_has_no_effect(key: str, written: str) -> None:
    body = BODY.replace("max: 100}", f"max: 100, {written}}}")
    errors = check_ruleset("t.yaml", text=HEAD + body)
    assert [(e.code, str(e.location).split(": ")[-1]) for e in errors] == [("RS053", f"values[1].{key}")]
    assert "a value is computed and published but added to no total" in str(errors[0])


def test_a_value_id_is_unique_among_components_and_consequence_values() -> None:
    errors = check_ruleset("t.yaml", text=HEAD + BODY.replace("id: 实绩", "id: 参评率"))
    assert [e.code for e in errors] == ["RS025"]
    consequences = "consequences:\n  bands: [{ranks: [1, 1], results: {参评率: 1}}]\n  otherwise: {参评率: 0}\n"
    errors = check_ruleset("t.yaml", text=HEAD + BODY + consequences)
    assert [e.code for e in errors] == ["RS078"]
    assert "'参评率' names both a value and a consequence value" in str(errors[0])


def test_values_are_computed_for_every_subject_of_a_staged_ruleset(run_rules) -> None:  # type: ignore[no-untyped-def]
    stages = ("stages:\n  - {id: s1, name: 初评, adds: [实绩], select: {top: 1}}\n"
              "  - {id: s2, name: 复评, adds: [加分]}\n")
    result = run_rules(BODY + stages, FACTS)
    # U2 (85) is selected; the others keep their values, and no total
    assert [(s.id, s.total) for s in result.subjects] == [("U1", None), ("U2", Decimal("90.00")), ("U3", None)]
    assert [[v.points for v in s.named] for s in result.subjects] == [
        [Decimal(2), Decimal(50)], [Decimal(1), Decimal(50)], [Decimal(2), Decimal(50)]
    ]


# ---------------------------------------------------------------- components without points

NO_POINTS = "\n" + subject_table("{headers: [票数, 扣件], type: count}") + """components:
  - {id: 票数, name: 得票数, kind: input, column: 票数}
"""


def test_a_ruleset_without_full_marks_ranks_by_vote_counts(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(NO_POINTS, {"units": "编码,名称,票数,扣件\nU1,甲,130,0\nU2,乙,245,1"})
    assert [(s.id, s.total, s.rank) for s in result.subjects] == [("U1", Decimal("130.00"), 2), ("U2", Decimal("245.00"), 1)]
    assert result.subject("U1").component("票数").max is None
    assert json.loads(to_json(result))["units"][0]["components"][0]["max"] is None
    assert "得票数（满分 —）：130.00" in explain(result, "U1")
    assert to_table(result).splitlines()[1].split()[3] == "得票数(—)"
    report = build_report(result, load(NO_POINTS))
    assert report.tables[0].header[3] == "得票数（满分 —）"
    assert ("指标", "得票数：满分 —，直接取数") in scoring_rules(report)


def test_without_points_an_input_has_no_upper_end_but_keeps_its_min(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = NO_POINTS.replace("column: 票数}", "column: 票数, min: 10}")
    with pytest.raises(Exception, match=r"票数 = 5 is below the min 10") as caught:
        run_rules(body, {"units": "编码,名称,票数,扣件\nU1,甲,5,0"})
    assert getattr(caught.value, "code", None) == "EV003"


def test_a_deduction_without_points_needs_a_base() -> None:
    deduction = "  - {id: 扣, name: 扣分, kind: deduction, items: [{id: a, name: 件, column: 扣件, amount: 2}]}\n"
    errors = check_ruleset("t.yaml", text=HEAD + NO_POINTS + deduction)
    assert [e.code for e in errors] == ["RS077"]
    assert "a deduction without 'points' needs a 'base' to deduct from" in str(errors[0])
    assert check_ruleset("t.yaml", text=HEAD + NO_POINTS + deduction.replace("kind: deduction", "kind: deduction, base: 10")) == []


def test_kinds_that_need_points_say_so() -> None:
    rank = "  - {id: 名次分, name: 名次分, kind: rank_deduction, column: 扣件, free: 1, per_place: 1}\n"
    errors = check_ruleset("t.yaml", text=HEAD + NO_POINTS + rank)
    assert [e.code for e in errors] == ["RS077"]
    assert "this kind needs 'points'" in str(errors[0])
    rating = ("scales: [{id: 档, grades: {好: 100, 差: 0}}]\n" + NO_POINTS.replace("票数, 扣件]", "票数, 扣件, 测评_好, 测评_差]")
              + "  - {id: 测评, name: 测评, kind: rating, scale: 档, counts: ['测评_{grade}']}\n")
    errors = check_ruleset("t.yaml", text=HEAD + rating)
    assert [(e.code, str(e).split(": ", 2)[-1]) for e in errors] == [
        ("RS013", "missing key 'points': a rating scores a share of its points, so it needs them [RS013]")
    ]


def test_top_level_points_omitted_skip_the_sum_check_given_ones_keep_it() -> None:
    text = HEAD + NO_POINTS.replace("column: 票数}", "column: 票数, points: 300}")
    assert check_ruleset("t.yaml", text=text) == []
    errors = check_ruleset("t.yaml", text=text.replace("components:", "points: 200\ncomponents:"))
    assert [e.code for e in errors] == ["RS026"]


def test_the_fast_json_writer_writes_values_and_a_missing_max_as_the_encoder_does(run_rules) -> None:  # type: ignore[no-untyped-def]
    from pingyi_rules.render.output import _dumps, _unit_json, _unit_text

    result = run_rules(BODY.replace("column: 得分, points: 90}", "column: 得分}").replace("points: 100\ncomponents", "components"),
                       dict(FACTS, ballots=FACTS["ballots"] + "\nU2,群众,否"))
    parts: dict = {}  # type: ignore[type-arg]
    for unit in result.subjects:
        assert _unit_text(unit, result.places, result.rounding, parts) == _dumps(_unit_json(unit, result.places, result.rounding))
    unit = json.loads(to_json(result))["units"][1]
    assert unit["components"][0]["max"] is None
    assert unit["values"] == {"有效票数": "2.00", "参评率": "100.00"}


def test_diff_lists_a_value_that_moved(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pingyi_rules.render.diff import diff_rulesets

    from ..rules_helpers import write_tables

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(HEAD + BODY, encoding="utf-8")
    b.write_text(HEAD + BODY.replace("应到 * 100", "应到 * 100 - 10").replace("参评率 / 10", "(参评率 + 10) / 10"), encoding="utf-8")
    facts = write_tables(tmp_path / "facts", FACTS)
    moved = diff_rulesets(a, b, facts).subjects
    # every total is the same (加分 compensates), only 参评率 moved: 50 → 40
    assert [(c.id, c.changes) for c in moved] == [
        (s, (("参评率", "50.00", "40.00"),)) for s in ("U1", "U2", "U3")
    ]


def test_a_component_without_points_under_a_sum_and_in_an_unselected_stage(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = NO_POINTS.replace("components:\n  - {id: 票数, name: 得票数, kind: input, column: 票数}\n", """components:
  - id: 初评
    name: 初评
    kind: sum
    components:
      - {id: 票数, name: 得票数, kind: input, column: 票数}
      - {id: 扣件, name: 扣件数, kind: input, column: 扣件, points: 10}
  - {id: 复评, name: 复评, kind: input, column: 扣件}
stages:
  - {id: s1, name: 初评, adds: [初评], select: {top: 1}}
  - {id: s2, name: 复评, adds: [复评]}
""")
    # 初评 = 票数 + 扣件 (no points, so no sum check: 得票数 has none); only U2 (245 + 1) goes on to 复评
    result = run_rules(body, {"units": "编码,名称,票数,扣件\nU1,甲,130,0\nU2,乙,245,1"})
    assert [(s.id, s.total) for s in result.subjects] == [("U1", None), ("U2", Decimal("247.00"))]
    u1 = json.loads(to_json(result))["units"][0]
    assert u1["components"][1] == {"id": "复评", "name": "复评", "points": None, "max": None}
    assert u1["components"][0]["components"][0]["max"] is None
    assert u1["components"][0]["max"] is None


def test_a_sum_with_points_over_a_child_without_points_is_refused(run_rules) -> None:  # type: ignore[no-untyped-def]
    # the parent's points can no longer be checked to add up: the check is switched off only by
    # leaving out the parent's own points (RS121, at the child)
    body = NO_POINTS.replace("components:\n  - {id: 票数, name: 得票数, kind: input, column: 票数}\n", """components:
  - id: 初评
    name: 初评
    kind: sum
    points: 100
    components:
      - {id: 票数, name: 得票数, kind: input, column: 票数}
      - {id: 扣件, name: 扣件数, kind: input, column: 扣件, points: 10}
""")
    with pytest.raises(RulesetError) as exc:
        run_rules(body, {"units": "编码,名称,票数,扣件\nU1,甲,130,0"})
    assert exc.value.code == "RS121"
    assert "components[0].components[0]: the components' points must add up to 100, but '票数' has no points" in str(exc.value)


def test_values_with_a_distribution_check_and_no_stages(run_rules) -> None:  # type: ignore[no-untyped-def]
    check = "distributions:\n  - {name: 比例, column: 类别, within: 类别, shares: [{grade: 一, at_most: 0.9, round: up}]}\n"
    result = run_rules(BODY + check, FACTS)
    assert [s.total for s in result.subjects] == [Decimal("85.00"), Decimal("90.00"), Decimal("85.00")]
    assert [v.points for v in result.subject("U1").named] == [Decimal(2), Decimal(50)]


def test_an_expression_without_points_is_bounded_below_only(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = NO_POINTS + '  - {id: 差, name: 差额, kind: expression, expr: "票数 - 200"}\n'
    result = run_rules(body, {"units": "编码,名称,票数,扣件\nU1,甲,1300,0"})
    assert result.subject("U1").component("差").points == Decimal(1100)  # no upper end
    with pytest.raises(Exception, match=r"expression '票数 - 200' gave -70, below the min 0") as caught:
        run_rules(body, {"units": "编码,名称,票数,扣件\nU1,甲,130,0"})
    assert getattr(caught.value, "code", None) == "EV005"
    clamped = run_rules(body.replace('expr: "票数 - 200"}', 'expr: "票数 - 200", clamp: true}'), {"units": "编码,名称,票数,扣件\nU1,甲,130,0"})
    node = clamped.subject("U1").component("差")
    assert (node.points, node.trace.notes) == (Decimal(0), ("截断到 下限 0: -70 → 0",))
