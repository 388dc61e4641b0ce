"""A void rule's requirements (`must_meet`, docs/mechanisms/table-rules.md): a form is void when it
does not meet one of them, and the reason lists what each requirement it fails `says` ({failed});
the count key `equals`; `each_subject: at_least_once / at_most_once`. The reasons are checked
against an oracle worked out in the test (quota ballots: 每票 优秀 1 个、良好 1 个, 评遍每个科室一次)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import RulesetError

from ..rules_helpers import load, subject_table
from .test_table_rules import reasons, screened

UNITS = "编码,名称\nU1,一科\nU2,二科\nU3,三科"
GRADES = ("优秀", "良好", "一般", "较差")
QUOTAS = {"优秀": 1, "良好": 1, "一般": 1}


def body(void: str) -> str:
    return "\n" + subject_table() + """    - id: 票
      layout: cases
      subject: 编码
      form: 票号
      void:
""" + void + """      columns:
        - {header: 票号, type: id}
        - {header: 投票人, type: text}
        - {header: 编码, type: id}
        - {header: 等次, type: text}
points: 10
components:
  - {id: 优秀票, name: 优秀票, kind: aggregate, table: 票, function: count, where: {column: 等次, equals: 优秀}, points: 10,
     empty: 0}
"""


def quota_rule(voter: str) -> str:
    """Void unless on quota and rating every subject once, each problem in the reason (a ballot of `voter` only)."""
    lines = [
        f"        - form_when: {{count_rows: {{column: 投票人, equals: {voter}}}, at_least: 1}}",
        f"          reason: \"{voter}: {{failed}}\"",
        "          must_meet:",
    ]
    for grade in GRADES:
        want = QUOTAS.get(grade, 0)
        lines.append(f"            - {{count_rows: {{column: 等次, equals: {grade}}}, equals: {want}, "
                     f"says: \"{grade} {{count}} 个（应为 {want} 个）\"}}")
    lines.append("            - {each_subject: at_most_once, says: \"重复评 {repeated}\"}")
    lines.append("            - {each_subject: at_least_once, says: \"未评 {missing}\"}")
    return "\n".join(lines) + "\n"


def table(ballots: list[tuple[str, list[tuple[str, str]]]]) -> str:
    lines = ["票号,投票人,编码,等次"]
    for n, (voter, votes) in enumerate(ballots, start=1):
        lines += [f"P{n},{voter},{unit},{grade}" for unit, grade in votes]
    return "\n".join(lines)


def oracle(ballots: list[tuple[str, list[tuple[str, str]]]], voters: tuple[str, ...]) -> list[tuple[str, str]]:
    """The void ballots and their reasons, worked out here: for each ballot of these voter types, each
    grade whose count is not its quota (scale order), each subject rated twice (with its row numbers,
    the header being row 1), each subject missed."""
    out = []
    number = 1
    for n, (voter, votes) in enumerate(ballots, start=1):
        first = number + 1
        number += len(votes)
        if voter not in voters:
            continue
        counts = Counter(grade for _, grade in votes)
        problems = [f"{g} {counts[g]} 个（应为 {QUOTAS.get(g, 0)} 个）" for g in GRADES if counts[g] != QUOTAS.get(g, 0)]
        rows: dict[str, list[int]] = {}
        for i, (unit, _) in enumerate(votes):
            rows.setdefault(unit, []).append(first + i)
        twice = [f"{u}（第 {'、'.join(map(str, r))} 行）" for u, r in rows.items() if len(r) > 1]
        if twice:
            problems.append("重复评 " + "、".join(twice))
        missing = [u for u in ("U1", "U2", "U3") if u not in rows]
        if missing:
            problems.append("未评 " + "、".join(missing))
        if problems:
            out.append((f"P{n}", f"{voter}: " + "；".join(problems)))
    return out


on_quota = st.permutations(["优秀", "良好", "一般"]).map(lambda g: list(zip(("U1", "U2", "U3"), g, strict=True)))
any_ballot = st.lists(st.tuples(st.sampled_from(["U1", "U2", "U3"]), st.sampled_from(GRADES)), min_size=1, max_size=5)
ballots_strategy = st.lists(
    st.tuples(st.sampled_from(["领导", "互评"]), st.one_of(on_quota, any_ballot)), min_size=1, max_size=6
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ballots=ballots_strategy)
def test_the_reason_lists_every_requirement_the_form_fails(tmp_path_factory: Any, ballots: list[Any]) -> None:
    folder = tmp_path_factory.mktemp("forms")
    kept, records = screened(body(quota_rule("领导") + quota_rule("互评")), {"units": UNITS, "票": table(ballots)}, folder)
    assert reasons(records) == oracle(ballots, ("领导", "互评"))
    void = {key for key, _ in reasons(records)}
    assert [row["票号"] for row in kept["票"]] == [
        f"P{n}" for n, (_, votes) in enumerate(ballots, start=1) if f"P{n}" not in void for _ in votes
    ]


def test_form_when_chooses_the_forms_the_requirements_apply_to(tmp_path: Path) -> None:
    ballots = [("领导", [("U1", "优秀"), ("U1", "优秀")]), ("互评", [("U1", "优秀"), ("U1", "优秀")])]
    _, records = screened(body(quota_rule("领导")), {"units": UNITS, "票": table(ballots)}, tmp_path)
    assert reasons(records) == [
        ("P1", "领导: 优秀 2 个（应为 1 个）；良好 0 个（应为 1 个）；一般 0 个（应为 1 个）；重复评 U1（第 2、3 行）；未评 U2、U3"),
    ]


def test_requirements_without_says_and_a_fixed_reason(tmp_path: Path) -> None:
    rule = """        - must_meet: [{count_rows: {column: 等次, equals: 优秀}, at_most: 1}, {each_subject: once}]
          reason: 不合要求
"""
    ballots = [("互评", [("U1", "优秀"), ("U2", "良好"), ("U3", "一般")]), ("互评", [("U1", "优秀"), ("U2", "优秀"), ("U3", "一般")]),
               ("互评", [("U1", "优秀"), ("U2", "良好")])]
    _, records = screened(body(rule), {"units": UNITS, "票": table(ballots)}, tmp_path)
    assert reasons(records) == [("P2", "不合要求"), ("P3", "不合要求")]


def test_only_the_failed_requirements_that_say_something_are_listed(tmp_path: Path) -> None:
    rule = """        - must_meet: [{count_rows: {column: 等次, equals: 优秀}, at_most: 1, says: "优秀 {count} 个"}, {each_subject: once}]
          reason: "不合要求（{failed}）"
"""
    ballots = [("互评", [("U1", "优秀"), ("U2", "优秀")]), ("互评", [("U1", "良好"), ("U2", "良好")])]
    _, records = screened(body(rule), {"units": UNITS, "票": table(ballots)}, tmp_path)
    assert reasons(records) == [("P1", "不合要求（优秀 2 个）"), ("P2", "不合要求（）")]


@pytest.mark.parametrize(
    ("kind", "votes", "void"),
    [
        ("at_least_once", [("U1", "优秀"), ("U2", "良好"), ("U3", "一般"), ("U3", "一般")], False),  # a repeat is not a miss
        ("at_least_once", [("U1", "优秀"), ("U2", "良好")], True),
        ("at_most_once", [("U1", "优秀"), ("U2", "良好")], False),  # a miss is not a repeat
        ("at_most_once", [("U1", "优秀"), ("U2", "良好"), ("U1", "一般")], True),
        ("once", [("U1", "优秀"), ("U2", "良好"), ("U3", "一般")], False),
        ("once", [("U1", "优秀"), ("U2", "良好"), ("U3", "一般"), ("U3", "一般")], True),
    ],
)
def test_each_subject_at_least_and_at_most_once(tmp_path: Path, kind: str, votes: list[tuple[str, str]], void: bool) -> None:
    rule = f"        - {{form_when: {{not: {{each_subject: {kind}}}}}, reason: 作废}}\n"
    _, records = screened(body(rule), {"units": UNITS, "票": table([("互评", votes)])}, tmp_path)
    assert reasons(records) == ([("P1", "作废")] if void else [])


@pytest.mark.parametrize(("count", "void"), [(1, False), (0, True), (2, True)])
def test_exactly_counts_the_rows(tmp_path: Path, count: int, void: bool) -> None:
    rule = "        - {form_when: {not: {count_rows: {column: 等次, equals: 优秀}, equals: 1}}, reason: 优秀不是 1 个}\n"
    votes = [("U1", "优秀")] * count + [("U2", "良好")]
    _, records = screened(body(rule), {"units": UNITS, "票": table([("互评", votes)])}, tmp_path)
    assert reasons(records) == ([("P1", "优秀不是 1 个")] if void else [])


@pytest.mark.parametrize(("count", "void"), [(0, True), (1, False), (3, False), (4, True)])
def test_between_counts_the_rows_both_ends_included(tmp_path: Path, count: int, void: bool) -> None:
    # 优秀 1 to 3 per ballot: 1 and 3 are on the ends (kept), 0 and 4 outside (void, saying the count)
    rule = ("        - {must_meet: [{count_rows: {column: 等次, equals: 优秀}, between: [1, 3], says: '优秀 {count} 个'}],"
            " reason: '{failed}'}\n")
    votes = [("U1", "优秀")] * count + [("U2", "良好")]
    _, records = screened(body(rule), {"units": UNITS, "票": table([("互评", votes)])}, tmp_path)
    assert reasons(records) == ([("P1", f"优秀 {count} 个")] if void else [])


def test_an_empty_between_is_refused() -> None:
    rule = "        - {form_when: {count_rows: {column: 等次, equals: 优秀}, between: [3, 1]}, reason: 作废}\n"
    with pytest.raises(RulesetError) as exc:
        load(body(rule))
    assert exc.value.code == "RS015"
    assert "between [3, 1] is empty" in str(exc.value)


@pytest.mark.parametrize(
    ("rule", "code", "said"),
    [
        # a count requirement says {count}, not {missing}
        ("        - {must_meet: [{count_rows: {column: 等次, equals: 优秀}, equals: 1, says: '{missing}'}], reason: '{failed}'}\n",
         "RS066", "'{missing}' is not a placeholder of this reason ({count}"),
        # an each_subject requirement says {missing} and {repeated}
        ("        - {must_meet: [{each_subject: once, says: '{count}'}], reason: '{failed}'}\n", "RS066", "{missing}: the subjects"),
        ("        - {must_meet: [{same: 等次, says: '{count}'}], reason: '{failed}'}\n", "RS066", "(none here)"),
        # {failed} only with must_meet
        ("        - {form_when: {same: 等次}, reason: '{failed}'}\n", "RS066", "(none here)"),
        ("        - {form_when: {count_rows: {column: 等次, equals: 优秀}, at_least: 2}, reason: '{failed}'}\n", "RS066",
         "{count}: the number"),
        # says without {failed} in the reason changes nothing
        ("        - {must_meet: [{same: 等次, says: 全部相同}], reason: 作废}\n", "RS053", "has no {failed}"),
        # when and must_meet together
        ("        - {when: {column: 等次, equals: 较差}, must_meet: [{same: 等次}], reason: 作废}\n", "RS015", "either 'when'"),
    ],
)
def test_what_a_rule_may_say_where(rule: str, code: str, said: str) -> None:
    with pytest.raises(RulesetError) as exc:
        load(body(rule))
    assert exc.value.code == code
    assert said in str(exc.value)


def test_requirements_need_a_form() -> None:
    with pytest.raises(RulesetError) as exc:
        load(body("        - {must_meet: [{same: 等次}], reason: 作废}\n").replace("      form: 票号\n", ""))
    assert exc.value.code == "RS065"
    assert "must_meet" in str(exc.value.location) or "void[0]" in str(exc.value)
