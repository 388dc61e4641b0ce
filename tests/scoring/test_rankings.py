"""Rankings on a chosen measure and direction (`ranking.by`, `ranking.order`), tie-breaks with a
direction (`{of, order}`), and named values in a stage's `select` — every expectation worked by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pingyi_rules import Result, RulesetError, score

from ..rules_helpers import load, subject_table, write_tables

Run = Callable[[str, dict[str, str]], Result]

BODY = subject_table(
    "{header: 类别, type: enum, choices: [甲, 乙]}",
    "{header: 得分, type: decimal, min: 0, max: 100}",
    "{header: 投诉, type: count}",
    "{header: 服务, type: decimal}",
) + """\
values:
  - {id: 投诉件数, name: 投诉件数, kind: input, column: 投诉}
  - {id: 服务量, name: 服务量, kind: input, column: 服务}
points: 100
components:
  - {id: 得分, name: 测评得分, kind: input, column: 得分, points: 100}
"""

# totals: A, B, C 90; D 85; E 80.  投诉件数: A 1, B 3, C 1, D 0, E 2.  服务量: A 30, B 50, C 20, D 10, E 10.
UNITS = {"units": """编码,名称,类别,得分,投诉,服务
A,甲,甲,90,1,30
B,乙,甲,90,3,50
C,丙,乙,90,1,20
D,丁,乙,85,0,10
E,戊,甲,80,2,10
"""}


def _ranks(result: Result, ids: str = "ABCDE") -> list[int | None]:
    return [result.subject(x).rank for x in ids]


# --------------------------------------------------------------------------- tie-breaks with a direction


def test_a_tie_break_ascending_puts_the_lowest_first(run_rules: Run) -> None:
    # A, B, C tie at 90; fewest 投诉 first: A 1 = C 1 < B 3; then 服务量 highest first: A 30 > C 20
    result = run_rules(BODY + "ranking:\n  tie_break: [{of: 投诉件数, order: ascending}, 服务量]\n", UNITS)
    assert _ranks(result) == [1, 3, 2, 4, 5]
    assert result.subject("A").notes == ["总分与 B、C 相同，依次比较 投诉件数（低者在前） 1.00、服务量 30.00"]
    assert result.subject("B").notes == ["总分与 A、C 相同，依次比较 投诉件数（低者在前） 3.00、服务量 50.00"]


def test_the_same_tie_broken_the_other_way(run_rules: Run) -> None:
    # 服务量 lowest first: C 20 < A 30 < B 50; highest first (descending, as a plain id): B, A, C
    ascending = run_rules(BODY + "ranking:\n  tie_break: [{of: 服务量, order: ascending}]\n", UNITS)
    assert _ranks(ascending, "CAB") == [1, 2, 3]
    descending = run_rules(BODY + "ranking:\n  tie_break: [{of: 服务量, order: descending}]\n", UNITS)
    plain = run_rules(BODY + "ranking:\n  tie_break: [服务量]\n", UNITS)
    assert _ranks(descending, "BAC") == _ranks(plain, "BAC") == [1, 2, 3]
    assert descending.subject("B").notes == plain.subject("B").notes == ["总分与 A、C 相同，依次比较 服务量 50.00"]


def test_subjects_equal_on_every_measure_stay_tied(run_rules: Run) -> None:
    # A and C: 90, 投诉 1 each → still tied (competition 1, 1, then B 3)
    result = run_rules(BODY + "ranking:\n  tie_break: [{of: 投诉件数, order: ascending}]\n", UNITS)
    assert _ranks(result, "ACB") == [1, 1, 3]
    assert result.subject("A").notes == ["总分与 B、C 相同，依次比较 投诉件数（低者在前） 1.00；与 C 仍相同，并列"]


# --------------------------------------------------------------------------- a field compared directly


def test_a_numeric_field_breaks_a_tie_in_either_direction(run_rules: Run) -> None:
    # A, B, C tie at 90; the field 服务: A 30, B 50, C 20
    ascending = run_rules(BODY + "ranking:\n  tie_break: [{of: 服务, order: ascending}]\n", UNITS)
    assert _ranks(ascending) == [2, 3, 1, 4, 5]  # C 20, A 30, B 50
    assert ascending.subject("C").notes == ["总分与 A、B 相同，依次比较 服务（低者在前） 20.00"]
    descending = run_rules(BODY + "ranking:\n  tie_break: [服务]\n", UNITS)
    assert _ranks(descending) == [2, 1, 3, 4, 5]  # B 50, A 30, C 20
    assert descending.subject("B").notes == ["总分与 A、C 相同，依次比较 服务 50.00"]


def test_two_fields_break_a_tie_in_turn(run_rules: Run) -> None:
    # A, B, C tie at 90; fewest 投诉 first: A 1 = C 1 < B 3; then 服务 highest first: A 30 > C 20
    result = run_rules(BODY + "ranking:\n  tie_break: [{of: 投诉, order: ascending}, 服务]\n", UNITS)
    assert _ranks(result) == [1, 3, 2, 4, 5]
    assert result.subject("A").notes == ["总分与 B、C 相同，依次比较 投诉（低者在前） 1.00、服务 30.00"]


def test_a_ranking_and_a_named_ranking_by_a_field(run_rules: Run) -> None:
    # by 投诉 fewest first: D 0; A 1, C 1 (服务 A 30 > C 20); E 2; B 3
    # 类内服务 by the field 服务, dense, within 类别: 甲 B 50 → 1, A 30 → 2, E 10 → 3; 乙 C 20 → 1, D 10 → 2
    rules = BODY + """\
ranking: {by: 投诉, order: ascending, tie_break: [服务]}
rankings:
  - {name: 类内服务, by: 服务, within: 类别, ties: dense}
tiers:
  - {name: 先进, quota: {best: 2}}
  - {name: 服务之星, quota: {best: 1, in_ranking: 类内服务}}
"""
    result = run_rules(rules, UNITS)
    assert _ranks(result) == [2, 5, 3, 1, 4]
    assert [result.subject(x).ranks["类内服务"] for x in "ABCDE"] == [2, 1, 1, 2, 3]
    assert [result.subject(x).tiers for x in "ABCDE"] == [["先进"], ["服务之星"], ["服务之星"], ["先进"], []]
    assert result.subject("A").notes == ["投诉与 C 相同，依次比较 服务 30.00"]


def test_a_blank_field_ranks_last_in_either_direction(run_rules: Run) -> None:
    # as a tie-break: A's 服务 blank → after B and C whichever way; as the measure: D's 投诉 blank → 5th
    body = BODY.replace("{header: 服务, type: decimal}", "{header: 服务, type: decimal, required: false}")
    body = body.replace("{header: 投诉, type: count}", "{header: 投诉, type: count, required: false}")
    units = {"units": UNITS["units"].replace("A,甲,甲,90,1,30", "A,甲,甲,90,1,").replace("D,丁,乙,85,0,10", "D,丁,乙,85,,10")}
    for order, ranks in (("ascending", [3, 2, 1]), ("descending", [3, 1, 2])):
        result = run_rules(body + f"ranking:\n  tie_break: [{{of: 服务, order: {order}}}]\n", units)
        assert _ranks(result, "ABC") == ranks, order
        result = run_rules(body + f"ranking: {{by: 投诉, order: {order}}}\n", units)
        assert result.subject("D").rank == 5, order
    result = run_rules(body + "ranking:\n  tie_break: [服务]\n", units)
    assert result.subject("A").notes == ["总分与 B、C 相同，依次比较 服务 无"]


FIELD_UNITS = {"units": """编码,名称,类别,得分,投诉,服务
A,甲,甲,90,1,20.01
B,乙,甲,90,1,20.04
"""}


@pytest.mark.parametrize(("decide", "ranks"), [("published", [1, 1]), ("exact", [2, 1])])
def test_a_field_is_decided_as_numbers_decide_says(run_rules: Run, decide: str, ranks: list[int]) -> None:
    # 服务 A 20.01, B 20.04: both publish 20.0 at one place; exactly, B is ahead
    body = f"numbers: {{places: 1, decide: {decide}}}\n" + BODY
    result = run_rules(body + "ranking: {tie_break: [服务]}\n", FIELD_UNITS)
    assert _ranks(result, "AB") == ranks


# --------------------------------------------------------------------------- the ranking's own measure and direction


def test_ranking_ascending_on_the_total(run_rules: Run) -> None:
    # lowest total first: E 80, D 85, then A, B, C 90 tied
    result = run_rules(BODY + "ranking:\n  order: ascending\n", UNITS)
    assert _ranks(result) == [3, 3, 3, 2, 1]


def test_ranking_by_a_value_ascending_with_tiers_and_a_tie_break(run_rules: Run) -> None:
    # by 投诉件数, fewest first: D 0; A 1, C 1 (服务量 A 30 > C 20); E 2; B 3
    rules = BODY + """\
ranking:
  by: 投诉件数
  order: ascending
  tie_break: [服务量]
tiers:
  - {name: 先进, quota: {best: 2}}
  - {name: 末位, quota: {worst: 1}}
  - {name: 第一, when: {top: 1}}
  - {name: 高分, when: {at_least: 85}}
"""
    result = run_rules(rules, UNITS)
    assert _ranks(result) == [2, 5, 3, 1, 4]
    assert [result.subject(x).tiers for x in "ABCDE"] == [["先进", "高分"], ["末位", "高分"], ["高分"], ["先进", "第一", "高分"], []]
    # the note names the ranking's measure, not the total
    assert result.subject("A").notes == ["投诉件数与 C 相同，依次比较 服务量 30.00"]


def test_without_a_tie_break_a_quota_takes_everyone_tied_at_the_cut(run_rules: Run) -> None:
    # by 投诉件数 ascending: D 1; A, C 2 (tied); E 4; B 5 → the best 2 are D, A and C
    rules = BODY + "ranking:\n  by: 投诉件数\n  order: ascending\ntiers:\n  - {name: 先进, quota: {best: 2}}\n"
    result = run_rules(rules, UNITS)
    assert _ranks(result) == [2, 5, 2, 1, 4]
    assert [x for x in "ABCDE" if result.subject(x).tiers == ["先进"]] == ["A", "C", "D"]
    assert result.subject("A").notes == []  # no tie-break declared: nothing to say


def test_ranking_by_a_component_descending_within_groups_and_last(run_rules: Run) -> None:
    # by 服务量 (highest first) in each 类别; 投诉 ≥ 3 ranked last
    # 甲: A 30, B 50, E 10 → B moved last: A 1, E 2, B 3;  乙: C 20, D 10 → C 1, D 2
    rules = BODY + "ranking:\n  by: 服务量\n  within: 类别\n  last: {of: 投诉件数, at_least: 3}\n"
    result = run_rules(rules, UNITS)
    assert _ranks(result) == [1, 3, 1, 2, 2]


def test_consequences_follow_the_chosen_ranking(run_rules: Run) -> None:
    rules = BODY + """\
ranking: {by: 投诉件数, order: ascending}
consequences:
  bands: [{ranks: [1, 1], results: {奖: 5}}]
  otherwise: {奖: 0}
"""
    result = run_rules(rules, UNITS)
    assert [str(result.subject(x).values["奖"]) for x in "ABCDE"] == ["0", "0", "0", "5", "0"]


def test_a_blank_measure_ranks_last_in_either_direction(run_rules: Run) -> None:
    body = BODY.replace("{header: 投诉, type: count}", "{header: 投诉, type: count, required: false}")
    units = {"units": UNITS["units"].replace("D,丁,乙,85,0,10", "D,丁,乙,85,,10")}
    for order in ("ascending", "descending"):
        result = run_rules(body + f"ranking: {{by: 投诉件数, order: {order}}}\n", units)
        assert result.subject("D").rank == 5, order


# --------------------------------------------------------------------------- published or exact


EXACT_UNITS = {"units": """编码,名称,类别,得分,投诉,服务
A,甲,甲,90,1,20
B,乙,甲,80,1,20.01
"""}
PER_MONTH = """\
  - {id: 月均, name: 月均服务, kind: expression, expr: "服务 / 3"}
points: 100
"""


@pytest.mark.parametrize(("decide", "ranks"), [("published", [1, 1]), ("exact", [2, 1])])
def test_a_chosen_measure_is_decided_as_numbers_decide_says(run_rules: Run, decide: str, ranks: list[int]) -> None:
    # 月均: A 20/3 = 6.6666…, B 20.01/3 = 6.67; both publish 6.67
    body = f"numbers: {{places: 2, decide: {decide}}}\n" + BODY.replace("points: 100\n", PER_MONTH, 1)
    result = run_rules(body + "ranking: {by: 月均}\n", EXACT_UNITS)
    assert _ranks(result, "AB") == ranks


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("ranking", "path", "code"),
    [
        ("{by: 投诉数}", "ranking.by", "RS042"),
        ("{tie_break: [{of: 服务费, order: ascending}]}", "ranking.tie_break[0].of", "RS042"),
        ("{by: 类别}", "ranking.by", "RS021"),
        ("{tie_break: [名称]}", "ranking.tie_break[0]", "RS021"),
        ("{by: 服务, tie_break: [{of: 服务, order: ascending}]}", "ranking.tie_break[0].of", "RS053"),
        ("{by: 服务量, tie_break: [服务量]}", "ranking.tie_break[0]", "RS053"),
        ("{tie_break: [投诉件数, {of: 投诉件数, order: ascending}]}", "ranking.tie_break[1].of", "RS053"),
    ],
)
def test_refused_measures_are_located(ranking: str, path: str, code: str) -> None:
    with pytest.raises(RulesetError) as caught:
        load(BODY + f"ranking: {ranking}\n")
    assert caught.value.code == code
    assert caught.value.location is not None and caught.value.location.path == path


# --------------------------------------------------------------------------- a stage selects on a named value


def test_a_stage_select_may_test_a_named_value(tmp_path: Path) -> None:
    # 初评 keeps those with at most 1 投诉: A, C, D; B (3) and E (2) take no total
    rules = BODY.replace(
        "  - {id: 得分, name: 测评得分, kind: input, column: 得分, points: 100}\n",
        "  - {id: 得分, name: 测评得分, kind: input, column: 得分, points: 90}\n"
        "  - {id: 附加, name: 附加, kind: expression, expr: \"服务量 / 10\", points: 10}\n",
    ).replace("max: 100}", "max: 90}") + """\
stages:
  - {id: s1, name: 初评, adds: [得分], select: {of: 投诉件数, at_most: 1}}
  - {id: s2, name: 复评, adds: [附加]}
"""
    units = {"units": UNITS["units"].replace(",90,", ",88,")}
    result = score(load(rules), write_tables(tmp_path, units))
    assert [str(result.subject(x).total) for x in "ACD"] == ["91.00", "90.00", "86.00"]
    assert result.subject("B").total is None and result.subject("E").total is None
    assert _ranks(result) == [1, None, 2, 3, None]


# --------------------------------------------------------------------------- named rankings


NAMED = BODY + """\
rankings:
  - {name: 投诉排名, by: 投诉件数, order: ascending}
  - {name: 类内服务, by: 服务量, within: 类别, ties: dense}
tiers:
  - {name: 投诉最少, quota: {best: 1, in_ranking: 投诉排名}}
  - {name: 服务前列, when: {top: 1, in_ranking: 类内服务}}
  - {name: 投诉最多, when: {bottom: 1, in_ranking: 投诉排名}}
  - {name: 总分第一, when: {top: 1}}
"""


def test_named_rankings_are_published_and_used_by_tiers(run_rules: Run) -> None:
    # the ranking on the total: A, B, C 1; D 4; E 5
    # 投诉排名 (fewest first): D 0 → 1; A 1, C 1 → 2; E 2 → 4; B 3 → 5
    # 类内服务 (dense, within 类别): 甲 B 50 → 1, A 30 → 2, E 10 → 3; 乙 C 20 → 1, D 10 → 2
    result = run_rules(NAMED, UNITS)
    assert _ranks(result) == [1, 1, 1, 4, 5]
    assert [result.subject(x).ranks for x in "ABCDE"] == [
        {"投诉排名": 2, "类内服务": 2}, {"投诉排名": 5, "类内服务": 1}, {"投诉排名": 2, "类内服务": 1},
        {"投诉排名": 1, "类内服务": 2}, {"投诉排名": 4, "类内服务": 3},
    ]
    assert [result.subject(x).tiers for x in "ABCDE"] == [
        ["总分第一"], ["服务前列", "投诉最多", "总分第一"], ["服务前列", "总分第一"], ["投诉最少"], [],
    ]


def test_a_quota_on_a_named_ranking_is_counted_in_its_groups(run_rules: Run) -> None:
    # the best 1 by 类内服务 in each 类别: 甲 B, 乙 C
    rules = BODY + "rankings:\n  - {name: 类内服务, by: 服务量, within: 类别}\ntiers:\n  - {name: 服务之星, quota: {best: 1, in_ranking: 类内服务}}\n"
    result = run_rules(rules, UNITS)
    assert [x for x in "ABCDE" if result.subject(x).tiers] == ["B", "C"]


def test_ranks_appear_in_the_json_only_with_named_rankings(run_rules: Run) -> None:
    from pingyi_rules.render.output import to_json

    with_named = json.loads(to_json(run_rules(NAMED, UNITS)))
    assert with_named["units"][3]["ranks"] == {"投诉排名": 1, "类内服务": 2}
    without = json.loads(to_json(run_rules(BODY, UNITS)))
    assert "ranks" not in without["units"][0]


def test_an_excluded_subject_has_no_named_rank(run_rules: Run) -> None:
    rules = NAMED.replace("tiers:\n", "exclude:\n  - {when: {of: 投诉件数, equals: 0}, reason: 新设}\ntiers:\n", 1)
    result = run_rules(rules, UNITS)
    # D leaves every ranking; 投诉排名: A, C 1; E 3; B 4
    assert result.subject("D").ranks == {"投诉排名": None, "类内服务": None}
    assert [result.subject(x).ranks["投诉排名"] for x in "ABCE"] == [1, 4, 1, 3]


@pytest.mark.parametrize(
    ("rest", "path", "code"),
    [
        ("rankings: [{name: 甲排名}, {name: 甲排名, by: 服务量}]\n", "rankings[1].name", "RS080"),
        ("rankings: [{name: 甲排名, by: 服务费}]\n", "rankings[0].by", "RS042"),
        ("rankings: [{name: 甲排名, by: 类别}]\n", "rankings[0].by", "RS021"),
        ("rankings: [{name: 甲排名}]\ntiers: [{name: 优, quota: {best: 1, in_ranking: 乙排名}}]\n", "tiers[0].quota.in_ranking", "RS081"),
        ("rankings: [{name: 甲排名}]\ntiers: [{name: 优, when: {top: 1, in_ranking: 甲拍名}}]\n", "tiers[0].when.in_ranking", "RS081"),
    ],
)
def test_refused_named_rankings_are_located(rest: str, path: str, code: str) -> None:
    with pytest.raises(RulesetError) as caught:
        load(BODY + rest)
    assert caught.value.code == code
    assert caught.value.location is not None and caught.value.location.path == path


def test_named_rankings_are_said_in_the_scoring_rules(tmp_path: Path) -> None:
    from pingyi_rules.render.report import build_report, scoring_rules

    ruleset = load(NAMED)
    result = score(ruleset, write_tables(tmp_path, UNITS))
    lines = [line for line in scoring_rules(build_report(result, ruleset)) if line[0] == "命名排名"]
    assert lines == [("命名排名", "投诉排名：按“投诉件数”，低者在前，全体统一排名"),
                     ("命名排名", "类内服务：按“服务量”，按“类别”分组；名次连续")]
