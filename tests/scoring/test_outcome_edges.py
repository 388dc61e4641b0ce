"""Edges of the population stage that a changed comparison or loop would move: which members a
tie-break note is written for, every compile error of ranking, tiers and vetoes reported (one per
place, not one instead of all), a quota grouped like its ranking refused, a quota with
`ranking: false` located. Expected values by hand in the comments (see docs/testing.md,
"Mutation score")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pingyi_rules import check_ruleset

from ..rules_helpers import HEAD, subject_table
from .test_tie_break_and_consequences import RULESET, _score

BODY = "\n" + subject_table(
    "{header: 类别, type: enum, choices: [甲, 乙]}", "{header: 类型, type: enum, choices: [甲, 乙]}",
    "{header: 分数, type: decimal}", "{header: 立案, type: bool}",
) + """points: 100
components:
  - {id: 得分, name: 得分, kind: input, points: 100, column: 分数}
"""
UNITS = "编码,名称,类别,类型,分数,立案\nA1,一,甲,乙,90,否\nA2,二,乙,甲,80,是\n"


def _problems(body: str) -> list[tuple[str, str]]:
    """(code, located path) of every error `check` finds in the ruleset."""
    return [(e.code, e.location.path if e.location is not None else "") for e in check_ruleset("t.yaml", text=HEAD + body)]


def test_a_tie_break_note_only_for_members_tied_on_the_total(tmp_path: Path) -> None:
    units = "编码,名称,单位,甲,乙,类型,名次\nA,甲,一局,50,40,好,1\nB,乙,一局,55,35,好,3\nF,己,一局,60,20,好,2\n"
    result = _score(tmp_path, RULESET, units)
    # A 90, B 90 (tied: 甲 55 > 50 puts B first); F 80 ties with nobody and gets no note
    assert [result.subject(x).rank for x in "BAF"] == [1, 2, 3]
    assert not any("总分与" in note for note in result.subject("F").notes)
    assert result.subject("A").notes[0] == "总分与 B 相同，依次比较 甲项 50.00"


def test_a_quota_without_a_ranking_is_located() -> None:
    body = BODY + "ranking: false\ntiers:\n  - {name: 末位, quota: {worst: 1}}\n"
    assert ("RS075", "tiers[0].quota") in _problems(body)


def test_a_tier_declared_twice_is_reported_once_at_its_second_place() -> None:
    body = BODY + "tiers:\n  - {name: 好, when: {at_least: 85}}\n  - {name: 好, when: {at_least: 95}}\n"
    assert _problems(body) == [("RS036", "tiers[1].name")]


def test_a_quota_grouped_by_the_ranking_field_is_refused() -> None:
    body = BODY + "ranking: {within: 类别}\ntiers:\n  - {name: 末位, quota: {worst: 1, within: 类别}}\n"
    assert _problems(body) == [("RS053", "tiers[0].quota.within")]


@pytest.mark.parametrize(("ranking", "quota"), [("类别", "类型"), ("类型", "类别")])
def test_a_quota_grouped_by_another_field_than_the_ranking_is_counted(run_rules: Any, ranking: str, quota: str) -> None:
    body = BODY + f"ranking: {{within: {ranking}}}\ntiers:\n  - {{name: 末位, quota: {{worst: 1, within: {quota}}}}}\n"
    result = run_rules(body, {"units": UNITS})
    # each unit is alone in its ranking group and in its quota group: each is that group's worst
    assert [s.tiers for s in result.subjects] == [["末位"], ["末位"]]


def test_every_veto_with_an_error_is_reported() -> None:
    body = BODY + (
        "vetoes:\n  - {name: 否一, when: {tier: 好}, bars: [好]}\n  - {name: 否二, when: {tier: 好}, bars: [好]}\n"
        "tiers:\n  - {name: 好, when: {at_least: 85}}\n"
    )
    paths = [path for _, path in _problems(body)]
    # a veto is decided before any tier, so neither may test one: both are reported (RS070)
    assert paths == ["vetoes[0].when.tier", "vetoes[1].when.tier"]


def test_a_veto_barring_an_unknown_tier_is_located_at_the_bar() -> None:
    body = BODY + "vetoes:\n  - {name: 否一, when: {flag: 立案}, bars: [好, 差]}\ntiers:\n  - {name: 好, when: {at_least: 85}}\n"
    assert _problems(body) == [("RS036", "vetoes[0].bars[1]")]


def test_a_tier_condition_naming_an_unknown_tier_is_refused_with_the_known_ones() -> None:
    body = BODY + "tiers:\n  - {name: 好, when: {at_least: 85}}\n  - {name: 差, when: {tier: 好的}}\n"
    (error,) = check_ruleset("t.yaml", text=HEAD + body)
    assert (error.code, error.location.path if error.location else "") == ("RS036", "tiers[1].when.tier")
    assert "unknown tier '好的'" in str(error) and "好" in error.suggestions


def test_a_named_condition_used_twice_reports_its_error_once() -> None:
    body = BODY + (
        "conditions:\n  - {name: 前列, when: {top: 1}}\n"
        "checks:\n  - {name: 一查, when: {is: 前列}}\n  - {name: 二查, when: {is: 前列}}\n"
    )
    assert _problems(body) == [("RS070", "conditions[0].when.top")]


def test_a_named_condition_refused_in_two_places_reports_both() -> None:
    # the same place in the document, two different messages (exclude, then checks): both are said
    body = BODY + (
        "conditions:\n  - {name: 前列, when: {top: 1}}\n"
        "exclude:\n  - {when: {is: 前列}, reason: 试}\n"
        "checks:\n  - {name: 一查, when: {is: 前列}}\n"
    )
    errors = check_ruleset("t.yaml", text=HEAD + body)
    assert [e.code for e in errors] == ["RS070", "RS070"]
    assert "in exclude" in str(errors[0]) and "in checks" in str(errors[1])


def test_an_expression_error_in_a_condition_gives_its_column() -> None:
    body = BODY + "tiers:\n  - {name: 好, when: {expr: \"分数 > > 1\"}}\n"
    (error,) = check_ruleset("t.yaml", text=HEAD + body)
    # 分 数 ␠ > ␠ > : the second '>' is the 6th character
    assert error.code == "RS030" and "expression '分数 > > 1', column 6:" in str(error)


ROUNDING_UNITS = "编码,名称,类别,类型,分数,立案\nA1,一,甲,乙,59.996,否\nA2,二,乙,甲,80,否\n"


def test_a_check_reads_a_component_as_published(run_rules: Any) -> None:
    # A1's 得分 59.996 is published 60.00 (2 places): the check 得分 ≥ 60 holds for it
    body = BODY + "checks:\n  - {name: 及格, when: {of: 得分, at_least: 60}}\n"
    result = run_rules(body, {"units": ROUNDING_UNITS})
    assert [str(s.total) for s in result.subjects] == ["60.00", "80.00"]


def test_an_exclusion_reads_a_component_as_published(run_rules: Any) -> None:
    # A1's 59.996 publishes as 60.00, not below 60: A1 is ranked, 2nd
    body = BODY + "exclude:\n  - {when: {of: 得分, below: 60}, reason: 不及格}\n"
    result = run_rules(body, {"units": ROUNDING_UNITS})
    assert [s.rank for s in result.subjects] == [2, 1]


def test_a_veto_may_test_the_place_in_the_ranking(run_rules: Any) -> None:
    body = BODY + "vetoes:\n  - {name: 末位否决, when: {bottom: 1}, forces: 末位}\n"
    result = run_rules(body, {"units": UNITS})
    # A1 90, A2 80: A2 is last (no member strictly below it)
    assert [s.tiers for s in result.subjects] == [[], ["末位"]]


def test_every_tier_with_an_error_is_reported() -> None:
    body = BODY + "tiers:\n  - {name: 好, when: {tier: 无此等次}}\n  - {name: 差, when: {tier: 也无此等次}}\n"
    assert _problems(body) == [("RS036", "tiers[0].when.tier"), ("RS036", "tiers[1].when.tier")]


def test_an_error_in_ranking_last_is_reported_with_the_others() -> None:
    body = BODY + "ranking: {last: {top: 1}}\ntiers:\n  - {name: 好, when: {tier: 无此等次}}\n"
    assert sorted(_problems(body)) == [("RS036", "tiers[0].when.tier"), ("RS070", "ranking.last.top")]


def test_a_tie_break_value_without_a_number_is_shown_as_none_and_ranks_below(run_rules: Any) -> None:
    body = "\n" + subject_table("{header: 甲分, type: decimal, required: false}", "{header: 乙分, type: decimal}") + """points: 50
values:
  - {id: 甲, name: 甲项, kind: input, column: 甲分}
components:
  - {id: 乙, name: 乙项, kind: input, points: 50, column: 乙分}
ranking: {tie_break: [甲]}
"""
    result = run_rules(body, {"units": "编码,名称,甲分,乙分\nU1,一,,40\nU2,二,10,40\n"})
    # both total 40.00; 甲 is blank for U1 (below every number) and 10.00 for U2: U2 first
    assert [s.rank for s in result.subjects] == [2, 1]
    assert result.subject("U1").notes == ["总分与 U2 相同，依次比较 甲项 无"]


def test_a_named_condition_refused_by_a_veto_and_a_tier_reports_both() -> None:
    # without a ranking neither a veto nor a tier may test `top`: the veto's message, then the tier's
    body = BODY + (
        "ranking: false\nconditions:\n  - {name: 前列, when: {top: 1}}\n"
        "vetoes:\n  - {name: 否一, when: {is: 前列}, bars: [好]}\ntiers:\n  - {name: 好, when: {is: 前列}}\n"
    )
    errors = check_ruleset("t.yaml", text=HEAD + body)
    assert [e.code for e in errors] == ["RS070", "RS070"]
    assert "in a veto" in str(errors[0]) and "in tier '好'" in str(errors[1])


def test_an_unknown_tier_suggests_a_veto_tier() -> None:
    body = BODY + "vetoes:\n  - {name: 否一, when: {flag: 立案}, forces: 一票否决}\ntiers:\n  - {name: 好, when: {tier: 一票否}}\n"
    (error,) = check_ruleset("t.yaml", text=HEAD + body)
    assert error.code == "RS036" and "一票否决" in error.suggestions


def test_a_veto_barring_its_own_tier_is_located_at_the_bar() -> None:
    body = BODY + "vetoes:\n  - {name: 否一, when: {flag: 立案}, forces: 末位, bars: [末位]}\n"
    assert _problems(body) == [("RS053", "vetoes[0].bars[0]")]


def test_consequences_by_rank_without_a_ranking_are_refused() -> None:
    body = BODY + (
        "ranking: false\nconsequences:\n  key: 类别\n  otherwise: {奖励: 0}\n"
        "  bands:\n    - {key_value: 甲, ranks: [1, 2], results: {奖励: 5}}\n"
    )
    assert _problems(body) == [("RS075", "consequences")]
