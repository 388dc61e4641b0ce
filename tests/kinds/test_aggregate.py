"""The `aggregate` kind: a value per subject over its rows of a cases table (count, sum, mean, min,
max, share, trimmed_mean; where, meeting, blank, empty, trim, groups), or over every subject
(`table: subjects`, with `within`). The worked cases follow the shapes of published schemes: a
mean of rank points with a blank rank skipped, a ratio to the best unit, a monthly bonus capped per
month, weighted evaluator-group means with renormalisation, a trimmed mean of peer scores."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from pingyi_rules import EvaluationError, FactsError, RulesetError
from pingyi_rules.core.errors import Location
from pingyi_rules.facts.rows import Row
from pingyi_rules.results.runtime import SubjectFacts

from ..rules_helpers import load, subject_table

# --------------------------------------------------------------------------- rank points (mean, blank skipped)

RANKS = "\n" + subject_table() + """    - id: rankings
      layout: cases
      subject: 对象编码
      columns:
        - {header: 评价人, type: text}
        - {header: 对象编码, type: id}
        - {header: 名次, type: count, min: 1, required: false}
points: 200
components:
  - id: 排名分
    name: 市四套班子主要领导评价
    kind: aggregate
    points: 200
    table: rankings
    function: mean
    per_row: "200 * (1 - 0.02 * (名次 - 1))"
    on_blank: skip
"""
RANK_ROWS = """评价人,对象编码,名次
书记,U1,1
市长,U1,2
主任,U1,1
主席,U1,3
书记,U2,2
市长,U2,1
主任,U2,2
主席,U2,"""


def test_rank_points_averaged_over_rankers_a_blank_rank_skipped(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(RANKS, {"units": "编码,名称\nU1,甲\nU2,乙", "rankings": RANK_ROWS})
    # U1: ranks 1, 2, 1, 3 → 200, 196, 200, 192; (200 + 196 + 200 + 192) / 4 = 788 / 4 = 197
    # U2: ranks 2, 1, 2, blank → 196, 200, 196 (主席 skipped); 592 / 3 = 197.333…
    u1, u2 = result.subject("U1").component("排名分"), result.subject("U2").component("排名分")
    assert u1.points == 197
    assert _near(u2.points, Fraction(592, 3))
    assert u1.trace.formula == "平均：(200 + 196 + 200 + 192) / 4 = 197"
    assert [(r.status, r.amount) for r in u2.trace.rows] == [
        ("counted", 196), ("counted", 200), ("counted", 196), ("blank", None)
    ]
    assert u2.trace.rows[-1].reason == "200 * (1 - 0.02 * (名次 - 1))：名次 为空，不计入"
    assert result.subject("U2").total == Decimal("197.33")


def test_a_blank_of_is_an_error_at_its_cell_by_default(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError, match=r"row 9.*名次.*U2 乙: 排名分: per_row '200 \* \(1 - 0.02 \* \(名次 - 1\)\)': 名次 is blank") as exc:
        run_rules(RANKS.replace("    on_blank: skip\n", ""), {"units": "编码,名称\nU1,甲\nU2,乙", "rankings": RANK_ROWS})
    assert exc.value.code == "EV008"


# --------------------------------------------------------------------------- ratio to the best (table: subjects)

BEST = "\n" + subject_table("{header: 类别, type: enum, choices: [镇街, 功能区]}", "{header: 得分, type: decimal}") + """points: 700
components:
  - {id: 最高分, name: 最高分, kind: aggregate, points: 100, table: subjects, function: max, per_row: 得分}
  - {id: 重要项目, name: 重要项目考核, kind: expression, points: 600, expr: "得分 / 最高分 * 600"}
"""
UNITS = "编码,名称,类别,得分\nZ1,东山,镇街,96.50\nZ2,南湖,镇街,96.50\nZ3,西岭,镇街,91.20\nG1,高新,功能区,79.70"


def test_ratio_to_the_best_unit(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BEST, {"units": UNITS})
    assert {s.id: s.component("最高分").points for s in result.subjects} == dict.fromkeys(["Z1", "Z2", "Z3", "G1"], Decimal("96.50"))
    # Z3: 91.20 / 96.50 × 600 = 567.0466…; G1: 79.70 / 96.50 × 600 = 495.5440…
    assert result.subject("Z1").component("重要项目").points == 600
    assert round(result.subject("Z3").component("重要项目").points, 4) == Decimal("567.0466")
    assert round(result.subject("G1").component("重要项目").points, 4) == Decimal("495.5440")
    assert result.subject("G1").component("最高分").trace.formula == "最高（全体对象，得分）：4 个对象中最高 96.5（Z1、Z2）"


def test_within_gives_each_subject_its_groups_value(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BEST.replace("per_row: 得分}", "per_row: 得分, within: 类别}")
    result = run_rules(body, {"units": UNITS})
    # 镇街: max(96.50, 96.50, 91.20) = 96.50; 功能区: G1 alone, 79.70 → its ratio is 600
    assert result.subject("G1").component("最高分").points == Decimal("79.70")
    assert result.subject("G1").component("重要项目").points == 600
    assert result.subject("Z3").component("最高分").points == Decimal("96.50")
    assert result.subject("G1").component("最高分").trace.inputs[0] == ("范围", "类别 = 功能区 的对象")


def test_a_blank_within_field_is_an_error_at_its_cell(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = BEST.replace("per_row: 得分}", "per_row: 得分, within: 类别}").replace("choices: [镇街, 功能区]}", "choices: [镇街, 功能区], required: false}")
    with pytest.raises(FactsError, match="row 5: column 类别: blank, but this column groups the subjects of '最高分'") as exc:
        run_rules(body, {"units": UNITS.replace("G1,高新,功能区", "G1,高新,")})
    assert exc.value.code == "FA035"


def test_population_mean_count_and_sum(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = "\n" + subject_table("{header: 得分, type: decimal, required: false}") + """points: 300
components:
  - {id: 平均, name: 平均, kind: aggregate, points: 100, table: subjects, function: mean, per_row: 得分, on_blank: skip}
  - {id: 个数, name: 个数, kind: aggregate, points: 100, table: subjects, function: count}
  - {id: 合计, name: 合计, kind: aggregate, points: 100, table: subjects, function: sum, per_row: "得分 / 10", on_blank: skip}
"""
    result = run_rules(body, {"units": "编码,名称,得分\nU1,甲,80\nU2,乙,\nU3,丙,91"})
    u2 = result.subject("U2")
    # (80 + 91) / 2 = 85.5 (U2 blank, left out); 3 subjects; 8 + 9.1 = 17.1
    assert [c.points for c in u2.components] == [Decimal("85.5"), 3, Decimal("17.1")]
    assert u2.component("平均").trace.notes == ("U2 的 得分 为空，不计入",)


def test_population_blank_is_an_error_at_the_subjects_cell(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = "\n" + subject_table("{header: 得分, type: decimal, required: false}") + """points: 100
components:
  - {id: 最高, name: 最高, kind: aggregate, points: 100, table: subjects, function: max, per_row: 得分}
"""
    with pytest.raises(EvaluationError, match="row 3.*U2 乙: 最高: per_row '得分': 得分 is blank") as exc:
        run_rules(body, {"units": "编码,名称,得分\nU1,甲,80\nU2,乙,"})
    assert exc.value.code == "EV008"


# --------------------------------------------------------------------------- monthly bonus capped per month

BONUS = "\n" + subject_table() + """    - id: bonus
      layout: cases
      subject: 单位编码
      columns:
        - {header: 单位编码, type: id}
        - {header: 考评月份, type: text}
        - {header: 认定加分, type: decimal}
points: 100
components:
  - id: 无疮疤
    name: 无疮疤
    kind: aggregate
    points: 100
    table: bonus
    function: sum
    per_row: 认定加分
    empty: 0
    groups: {column: 考评月份, combine: sum, cap: 8}
"""
BONUS_ROWS = """单位编码,考评月份,认定加分
U1,2012-05,5
U1,2012-03,2
U1,2012-05,4.5
U2,2012-06,3
U2,2012-06,5
U2,2012-07,3"""


def test_a_monthly_bonus_capped_at_8_per_month(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(BONUS, {"units": "编码,名称\nU1,甲\nU2,乙\nU3,丙", "bonus": BONUS_ROWS})
    u1, u2, u3 = (result.subject(s).component("无疮疤") for s in ("U1", "U2", "U3"))
    # U1: 2012-03 2; 2012-05 5 + 4.5 = 9.5 → 8; 2 + 8 = 10
    assert u1.points == 10
    assert u1.trace.notes == ("2012-05: 9.5 超过每组上限 8，计 8",)
    assert u1.trace.formula == "合计：按 考评月份 分组：2012-03: 2 = 2；2012-05: 5 + 4.5 = 9.5 → 8（上限）；各组相加 = 10"
    # U2: 2012-06 3 + 5 = exactly 8 (no cut); 2012-07 3; 11
    assert (u2.points, u2.trace.notes) == (11, ())
    # U3: no rows → empty: 0
    assert u3.points == 0
    assert u3.trace.notes == ("无计入行，取 empty 值 0",)


# --------------------------------------------------------------------------- weighted evaluator groups

GROUPS = "\n" + subject_table() + """    - id: forms
      layout: cases
      subject: 单位编码
      columns:
        - {header: 单位编码, type: id}
        - {header: 评议代表类别, type: enum, choices: [服务对象, 政风行风监督员, 社会各界人士]}
        - {header: 问卷得分, type: decimal, required: false}
points: 100
components:
  - id: 问卷
    name: 群众问卷测评
    kind: aggregate
    points: 100
    table: forms
    function: mean
    per_row: 问卷得分
    on_blank: skip
    groups:
      column: 评议代表类别
      combine: weighted
      weights: {服务对象: 0.5, 政风行风监督员: 0.25, 社会各界人士: 0.25}
      missing: renormalise
"""
FORMS = """单位编码,评议代表类别,问卷得分
H1,服务对象,86
H1,服务对象,84
H1,政风行风监督员,88
H1,社会各界人士,80
H1,服务对象,
H2,服务对象,86
H2,服务对象,84
H2,社会各界人士,86
H2,社会各界人士,88"""


def test_weighted_group_means_renormalised_when_a_group_returned_nothing(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(GROUPS, {"units": "编码,名称\nH1,甲\nH2,乙", "forms": FORMS})
    h1, h2 = result.subject("H1").component("问卷"), result.subject("H2").component("问卷")
    # H1: 服务对象 (86 + 84) / 2 = 85 (the blank form skipped), 监督员 88, 社会各界 80
    #     85 × 0.5 + 88 × 0.25 + 80 × 0.25 = 42.5 + 22 + 20 = 84.5
    assert h1.points == Decimal("84.5")
    # H2: 服务对象 85, 社会各界 (86 + 88) / 2 = 87, no 监督员: (42.5 + 21.75) / 0.75 = 85.666…
    assert _near(h2.points, Fraction(6425, 75))
    assert h2.trace.notes == ("缺 政风行风监督员，其余权重按比例还原",)
    assert h2.trace.formula.endswith("加权 (85 × 0.5 + 87 × 0.25) / 0.75 = 85.6666666667…（缺 政风行风监督员）")
    assert [r.reason for r in h1.trace.rows][:2] == ["服务对象 组", "服务对象 组"]


def test_a_missing_group_is_an_error_unless_renormalised(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = GROUPS.replace("      missing: renormalise\n", "")
    with pytest.raises(EvaluationError, match="H2 乙: 问卷: group\\(s\\) 政风行风监督员 have no counted row") as exc:
        run_rules(body, {"units": "编码,名称\nH1,甲\nH2,乙", "forms": FORMS})
    assert exc.value.code == "EV011"


def test_a_group_without_a_weight_is_an_error_at_its_cell(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = GROUPS.replace("type: enum, choices: [服务对象, 政风行风监督员, 社会各界人士]}", "type: text}")
    forms = FORMS + "\nH2,人大代表,90"
    with pytest.raises(EvaluationError, match="forms.csv, row 11: column 评议代表类别: H2 乙: 问卷: group '人大代表' has no weight") as exc:
        run_rules(body, {"units": "编码,名称\nH1,甲\nH2,乙", "forms": forms})
    assert exc.value.code == "EV011"


def test_a_blank_group_cell_is_an_error_at_the_cell(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = GROUPS.replace("choices: [服务对象, 政风行风监督员, 社会各界人士]}", "choices: [服务对象, 政风行风监督员, 社会各界人士], required: false}")
    with pytest.raises(EvaluationError, match="forms.csv, row 3: column 评议代表类别: H1 甲: 问卷: the group column 评议代表类别 is blank") as exc:
        run_rules(body, {"units": "编码,名称\nH1,甲\nH2,乙", "forms": FORMS.replace("H1,服务对象,84", "H1,,84")})
    assert exc.value.code == "EV008"


def test_an_of_that_fails_on_a_row_is_an_error_at_the_row(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = RANKS.replace('per_row: "200 * (1 - 0.02 * (名次 - 1))"', 'per_row: "200 / (名次 - 1)"')
    with pytest.raises(EvaluationError, match="rankings.csv, row 2: U1 甲: 排名分: per_row '200 / \\(名次 - 1\\)': division by zero") as exc:
        run_rules(body, {"units": "编码,名称\nU1,甲\nU2,乙", "rankings": RANK_ROWS})
    assert exc.value.code == "EV004"


def test_groups_combined_by_their_mean(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = GROUPS.replace("      combine: weighted\n      weights: {服务对象: 0.5, 政风行风监督员: 0.25, 社会各界人士: 0.25}\n"
                          "      missing: renormalise\n", "      combine: mean\n")
    result = run_rules(body, {"units": "编码,名称\nH1,甲\nH2,乙", "forms": FORMS})
    # H1: (85 + 88 + 80) / 3 = 84.333…; H2: (85 + 87) / 2 = 86
    assert _near(result.subject("H1").component("问卷").points, Fraction(253, 3))
    assert result.subject("H2").component("问卷").points == 86


# --------------------------------------------------------------------------- trimmed mean

TRIM = "\n" + subject_table() + """    - id: ballots
      layout: cases
      subject: 被评人编码
      columns:
        - {header: 票号, type: text}
        - {header: 被评人编码, type: id}
        - {header: 分数, type: decimal}
points: 100
components:
  - {id: 平均分, name: 平均分, kind: aggregate, points: 100, table: ballots, function: trimmed_mean, per_row: 分数,
     trim: {drop: 1, more_than: 5}}
"""


def _ballots(scores: dict[str, list[str]]) -> str:
    lines = ["票号,被评人编码,分数"]
    for person, values in scores.items():
        lines += [f"乙{i + 1:02d},{person},{v}" for i, v in enumerate(values)]
    return "\n".join(lines)


def test_trimmed_only_when_more_than_5_scores_remain(run_rules) -> None:  # type: ignore[no-untyped-def]
    scores = {"Y1": ["80", "78", "95", "79", "77", "60"], "Y2": ["90", "85", "84", "86", "83"],
              "J7": ["70", "70", "69.9", "66", "70.0", "73"]}
    result = run_rules(TRIM, {"units": "编码,名称\nY1,甲\nY2,乙\nJ7,丙", "ballots": _ballots(scores)})
    y1, y2, j7 = (result.subject(s).component("平均分") for s in ("Y1", "Y2", "J7"))
    # Y1: 6 > 5 → drop 95 and 60: (80 + 78 + 79 + 77) / 4 = 314 / 4 = 78.5
    assert y1.points == Decimal("78.5")
    assert y1.trace.formula == "去高去低平均：6 行多于 5，去掉最高 95、最低 60：(80 + 78 + 79 + 77) / 4 = 78.5"
    assert [r.status for r in y1.trace.rows] == ["counted", "counted", "trimmed", "counted", "counted", "trimmed"]
    assert [r.reason for r in y1.trace.rows if r.status == "trimmed"] == ["去掉最高", "去掉最低"]
    # Y2: 5 scores, not more than 5 → plain mean (90 + 85 + 84 + 86 + 83) / 5 = 428 / 5 = 85.6
    assert y2.points == Decimal("85.6")
    # J7: drop 73 and 66: (70 + 70 + 69.9 + 70.0) / 4 = 279.9 / 4 = 69.975 (published 69.98)
    assert j7.points == Decimal("69.975")
    assert result.subject("J7").total == Decimal("69.98")


def test_ties_at_the_top_drop_one_instance() -> None:
    rows = _subject_rows(["90", "90", "80", "70", "70", "75"])
    ruleset = load(TRIM.replace("more_than: 5", "more_than: 4"))
    component = ruleset.evaluate_subject(rows)[0]
    # drop one 90 and one 70: (90 + 80 + 70 + 75) / 4 = 315 / 4 = 78.75
    assert component.points == Decimal("78.75")
    assert [r.status for r in component.trace.rows].count("trimmed") == 2


# --------------------------------------------------------------------------- the other functions, where, meeting

FUNCS = "\n" + subject_table("{header: 系数, type: decimal}") + """    - id: ballots
      layout: cases
      subject: 被评人编码
      columns:
        - {header: 票号, type: text}
        - {header: 被评人编码, type: id}
        - {header: 评价主体, type: enum, choices: [分管领导, 同级]}
        - {header: 分数, type: decimal}
points: 600
components:
  - {id: 计数, name: 计数, kind: aggregate, points: 100, table: ballots, function: count, where: {column: 评价主体, equals: 同级}}
  - {id: 合计, name: 合计, kind: aggregate, points: 100, table: ballots, function: sum, per_row: "分数 * 系数"}
  - {id: 最低, name: 最低, kind: aggregate, points: 100, table: ballots, function: min, per_row: 分数}
  - {id: 最高, name: 最高, kind: aggregate, points: 100, table: ballots, function: max, per_row: 分数,
     where: {column: 评价主体, equals: 分管领导}}
  - {id: 占比, name: 占比, kind: aggregate, points: 100, table: ballots, function: share,
     meeting: {column: 评价主体, equals: 分管领导}}
  - {id: 同级占比, name: 同级占比, kind: aggregate, points: 100, table: ballots, function: share,
     where: {column: 评价主体, equals: 同级}, meeting: {column: 票号, in: [甲1, 甲2]}}
"""
FUNC_ROWS = """票号,被评人编码,评价主体,分数
甲1,U1,分管领导,9
甲2,U1,同级,7.5
甲3,U1,同级,8
甲4,U1,分管领导,6"""


def test_count_sum_min_max_share_with_where_and_meeting(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(FUNCS, {"units": "编码,名称,系数\nU1,甲,2", "ballots": FUNC_ROWS})
    u1 = result.subject("U1")
    # count of 同级: 2; sum of 分数 × 系数 (the subject's field): (9 + 7.5 + 8 + 6) × 2 = 61;
    # min 6; max among 分管领导: max(9, 6) = 9; share of 分管领导: 2 / 4 = 0.5;
    # among 同级 (甲2, 甲3), share of 甲1 or 甲2: 1 / 2 = 0.5
    assert [c.points for c in u1.components] == [2, 61, 6, 9, Decimal("0.5"), Decimal("0.5")]
    assert u1.component("合计").trace.formula == "合计：18 + 15 + 16 + 12 = 61"
    assert u1.component("最低").trace.formula == "最低：min(9, 7.5, 8, 6) = 6"
    assert u1.component("占比").trace.formula == "占比：符合 2 行 / 计入 4 行 = 0.5"
    assert [(r.status, r.reason) for r in u1.component("同级占比").trace.rows] == [
        ("unmatched", ""), ("counted", "符合占比条件"), ("counted", "不符合占比条件"), ("unmatched", ""),
    ]
    assert u1.component("计数").trace.inputs == (("行数", "4"), ("计入", "2"))


def test_empty_is_an_error_naming_the_subject_by_default(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError, match="U2 乙: 计数: no row of table 'ballots' counts for this subject \\(no rows\\)") as exc:
        run_rules(FUNCS, {"units": "编码,名称,系数\nU1,甲,2\nU2,乙,1", "ballots": FUNC_ROWS})
    assert exc.value.code == "EV010"


def test_empty_blank_gives_no_points(run_rules) -> None:  # type: ignore[no-untyped-def]
    body = "\n" + subject_table() + """    - id: ballots
      layout: cases
      subject: 被评人编码
      columns:
        - {header: 被评人编码, type: id}
        - {header: 分数, type: decimal}
points: 100
components:
  - {id: 平均, name: 平均, kind: aggregate, points: 100, table: ballots, function: mean, per_row: 分数, empty: blank}
"""
    result = run_rules(body, {"units": "编码,名称\nU1,甲\nU2,乙", "ballots": "被评人编码,分数\nU1,80"})
    assert result.subject("U2").component("平均").points is None
    assert result.subject("U2").total is None
    assert result.subject("U1").total == 80


def test_a_value_above_the_points_is_an_error(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError, match="U1 甲: 合计: 合计 61 is outside 0–50 \\(the points\\)") as exc:
        run_rules(FUNCS.replace("points: 100, table: ballots, function: sum", "points: 50, table: ballots, function: sum")
                  .replace("points: 600", "points: 550"), {"units": "编码,名称,系数\nU1,甲,2", "ballots": FUNC_ROWS})
    assert exc.value.code == "EV012"


# --------------------------------------------------------------------------- load-time checks


def _load_error(body: str) -> RulesetError:
    with pytest.raises(RulesetError) as exc:
        load(body)
    return exc.value


@pytest.mark.parametrize(
    ("old", "new", "code", "message"),
    [
        ("function: sum, per_row: \"分数 * 系数\"", "function: sum", "RS060", "function sum needs 'per_row'"),
        ("function: share,\n     meeting: {column: 评价主体, equals: 分管领导}", "function: share", "RS060", "function share needs 'meeting'"),
        ("function: count,", "function: count, per_row: 分数,", "RS053", "function count counts rows; 'per_row' is for"),
        ("function: min, per_row: 分数}", "function: min, per_row: 分数, trim: {drop: 1, more_than: 5}}", "RS053", "'trim' is for function trimmed_mean"),
        ("function: min, per_row: 分数}", "function: min, per_row: 分数, meeting: {column: 票号, equals: 甲1}}", "RS053", "'meeting' is for function share"),
        ("function: count,", "function: count, on_blank: skip,", "RS053", "'on_blank' says what a blank 'per_row' does"),
        ("function: min, per_row: 分数}", "function: trimmed_mean, per_row: 分数}", "RS060", "function trimmed_mean needs 'trim'"),
        ("function: min, per_row: 分数}", "function: trimmed_mean, per_row: 分数, trim: {drop: 2, more_than: 3}}", "RS064",
         "trimming 2 highest and 2 lowest from 4 rows would leave 0; 'more_than' must be at least 4"),
        ("function: min, per_row: 分数}", "function: min, per_row: 分数, within: 系数}", "RS062", "'within' is for table: subjects"),
        ("function: min, per_row: 分数}", "function: min, per_row: 分数 + 品质}", "RS030", "expression '分数 + 品质', column 6: unknown name '品质'"),
        ("function: min, per_row: 分数}", "function: min, per_row: 评价主体}", "RS030", "the expression gives text, not a number"),
        ("function: min, per_row: 分数}", "function: min, per_row: 分数, groups: {column: 评价主体, combine: weighted}}", "RS061",
         "combine: weighted needs 'weights'"),
        ("function: min, per_row: 分数}", "function: min, per_row: 分数, groups: {column: 评价主体, combine: weighted, weights: {分管领导: 0.5, 同级: 0.4}}}",
         "RS061", "the weights add up to 0.9 (0.5 + 0.4), not 1"),
        ("function: min, per_row: 分数}", "function: min, per_row: 分数, groups: {column: 评价主体, combine: weighted, weights: {分管领导: 1}}}",
         "RS061", "values 同级 of column '评价主体' have no weight"),
        ("function: min, per_row: 分数}", "function: min, per_row: 分数, groups: {column: 评价主体, combine: weighted, weights: {分管: 0.5, 同级: 0.5}}}",
         "RS061", "'分管' is not a value of column '评价主体'"),
        ("function: min, per_row: 分数}", "function: min, per_row: 分数, groups: {column: 分数, combine: weighted, weights: {a: 1}}}",
         "RS061", "column '分数' is decimal; weights name the values of a text column"),
        ("function: min, per_row: 分数}", "function: min, per_row: 分数, groups: {column: 评价主体, combine: sum, missing: renormalise}}",
         "RS053", "'missing' is for combine: weighted"),
        ("table: ballots, function: min, per_row: 分数}", "table: subjects, function: share, meeting: {column: 票号, equals: 甲1}}", "RS062",
         "table: subjects takes function count, sum, mean, min, max"),
        ("table: ballots, function: min, per_row: 分数}", "table: subjects, function: min, per_row: 系数, where: {column: 票号, equals: 甲1}}", "RS062",
         "'where' is for the rows of a cases table"),
        ("table: ballots, function: min, per_row: 分数}", "table: subjects, function: min, per_row: 分数}", "RS030", "unknown name '分数'"),
        ("table: ballots, function: min, per_row: 分数}", "table: subjects, function: min, per_row: 系数, within: 类型}", "RS020", "unknown column '类型'"),
        ("table: ballots, function: min, per_row: 分数}", "table: ballot, function: min, per_row: 分数}", "RS022", "unknown table 'ballot'"),
    ],
)
def test_keys_that_do_not_fit_are_refused_at_load(old: str, new: str, code: str, message: str) -> None:
    assert old in FUNCS
    error = _load_error(FUNCS.replace(old, new))
    assert (error.code, message in str(error)) == (code, True), str(error)


@pytest.mark.parametrize("value", ["true", "null", '"零"'])
def test_empty_is_error_blank_or_a_number(value: str) -> None:
    error = _load_error(FUNCS.replace("function: count, where", f"function: count, empty: {value}, where"))
    assert (error.code, str(error).endswith("components[0].empty: " + ("'零': " if "零" in value else "") + "expected error, blank or a number [RS016]")) == (
        "RS016", True), str(error)


def test_the_load_errors_point_at_the_key() -> None:
    error = _load_error(FUNCS.replace("function: min, per_row: 分数}", "function: min, per_row: 分数, within: 系数}"))
    assert error.location is not None and error.location.path == "components[2].within"


# --------------------------------------------------------------------------- helpers


def _near(value: Decimal | None, exact: Fraction) -> bool:
    """The value is the exact rational to within the engine's 60 digits."""
    return value is not None and abs(Fraction(value) - exact) < Fraction(1, 10**50)


def _subject_rows(scores: list[str]) -> SubjectFacts:
    rows = [
        Row({"票号": f"乙{i}", "被评人编码": "U1", "分数": Decimal(v)}, {}, Location(file="ballots.csv", row=i + 2))
        for i, v in enumerate(scores)
    ]
    return SubjectFacts("U1", "甲", None, {}, {}, {"ballots": rows}, Location(file="units.csv", row=2))


@pytest.mark.parametrize(
    ("rows", "listed"),
    [
        (20, ", ".join(["1"] * 20)),  # 20 values: all listed
        (21, ", ".join(["1"] * 20) + ", …（共 21 项）"),  # 21: the first 20, then how many in all
    ],
)
def test_a_formula_lists_twenty_values_then_says_how_many(run_rules, rows: int, listed: str) -> None:  # type: ignore[no-untyped-def]
    ballots = "票号,被评人编码,评价主体,分数\n甲1,U1,同级,1\n" + "\n".join(f"乙{i},U1,分管领导,1" for i in range(2, rows + 1))
    result = run_rules(FUNCS, {"units": "编码,名称,系数\nU1,甲,2", "ballots": ballots})
    assert result.subject("U1").component("最低").trace.formula == f"最低：min({listed}) = 1"
