"""An aggregate's `void_detail`: the subject's rows its table's rules voided are listed in its trace, as
void, among its other rows by row number, with the text given ({column} the row's cells, {reason}
the void reason); with `traced: selected` only those `where` selects. They count for nothing: the
points and every other trace entry are those without the key. Checked against the void records
and the rows worked out here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import RulesetError, score

from ..facts.test_form_requirements import UNITS, body, quota_rule, table
from ..rules_helpers import load, write_tables

COMPONENT = ("{id: 优秀票, name: 优秀票, kind: aggregate, table: 票, function: count, where: {column: 等次, equals: 优秀}, "
             "points: 10,\n     empty: 0}")
LISTED = ("{id: 优秀票, name: 优秀票, kind: aggregate, table: 票, function: count, where: {column: 投票人, equals: 互评}, "
          "traced: TRACED, points: 10,\n     empty: 0, detail: '{票号} {等次}', VOID}")
VOID = "void_detail: '{票号} {等次}：作废票（{reason}）'"


def ruleset(traced: str = "selected", void: str = VOID, rules: str | None = None) -> str:
    text = body(quota_rule("互评") + quota_rule("领导") if rules is None else rules)
    listed = LISTED.replace("TRACED", traced).replace(", VOID", f", {void}" if void else "")
    return text.replace(COMPONENT, listed)


def run(text: str, ballots: list[Any], folder: Path) -> Any:
    return score(load(text), write_tables(folder, {"units": UNITS, "票": table(ballots)}))


ON_QUOTA = [("U1", "优秀"), ("U2", "良好"), ("U3", "一般")]
BALLOTS = [("互评", ON_QUOTA), ("互评", [("U1", "优秀"), ("U1", "良好")]), ("领导", [("U1", "良好"), ("U2", "良好")]),
           ("互评", [("U1", "良好"), ("U2", "优秀"), ("U3", "一般")])]


def test_void_rows_are_listed_among_the_counted_ones(tmp_path: Path) -> None:
    result = run(ruleset(), BALLOTS, tmp_path)
    rows = result.subject("U1").component("优秀票").trace.rows
    reason = "互评: 一般 0 个（应为 1 个）；重复评 U1（第 5、6 行）；未评 U2、U3"
    assert [(r.location.row, r.status, r.reason) for r in rows] == [
        (2, "counted", "P1 优秀"),
        (5, "void", f"P2 优秀：作废票（{reason}）"),
        (6, "void", f"P2 良好：作废票（{reason}）"),
        (9, "counted", "P4 良好"),  # P3 is a 领导 ballot: traced: selected leaves it to another component
    ]
    assert result.subject("U1").component("优秀票").points == 2
    assert [(v.key, v.reason) for v in result.void] == [("P2", reason), ("P3", "领导: 优秀 0 个（应为 1 个）；良好 2 个（应为 1 个）；一般 0 个（应为 1 个）；未评 U3")]


def test_traced_all_lists_every_void_row(tmp_path: Path) -> None:
    result = run(ruleset(traced="all"), BALLOTS, tmp_path)
    rows = result.subject("U1").component("优秀票").trace.rows
    assert [(r.location.row, r.status) for r in rows] == [(2, "counted"), (5, "void"), (6, "void"), (7, "void"), (9, "counted")]


def test_a_subject_with_every_row_void_shows_them_with_its_empty_value(tmp_path: Path) -> None:
    result = run(ruleset(), [("互评", [("U1", "优秀"), ("U1", "良好")])], tmp_path)
    component = result.subject("U1").component("优秀票")
    assert component.points == 0
    assert [r.status for r in component.trace.rows] == ["void", "void"]


def seen(row: Any) -> tuple[Any, ...]:
    return row.location.row, row.status, row.amount, row.reason


units = ["U1", "U2", "U3"]
ballot = st.one_of(st.permutations(["优秀", "良好", "一般"]).map(lambda g: list(zip(units, g, strict=True))),
                   st.lists(st.tuples(st.sampled_from(units), st.sampled_from(["优秀", "良好", "一般"])), min_size=1, max_size=4))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ballots=st.lists(st.tuples(st.sampled_from(["领导", "互评"]), ballot), min_size=1, max_size=5))
def test_void_rows_change_nothing_but_are_listed(tmp_path_factory: Any, ballots: list[Any]) -> None:
    listed = run(ruleset(), ballots, tmp_path_factory.mktemp("listed"))
    plain = run(ruleset(void=""), ballots, tmp_path_factory.mktemp("plain"))
    void_rows = {(number, v.reason) for v in listed.void for number in v.rows}
    for mine, its in zip(listed.subjects, plain.subjects, strict=True):
        component, without = mine.component("优秀票"), its.component("优秀票")
        assert component.points == without.points
        rows = component.trace.rows
        assert [seen(r) for r in rows if r.status != "void"] == [seen(r) for r in without.trace.rows]
        assert [r.location.row for r in rows] == sorted(r.location.row for r in rows)
        # the subject's 互评 rows on void ballots (the header is row 1), each with its ballot's reason
        expected, number = [], 1
        for n, (voter, votes) in enumerate(ballots, start=1):
            for unit, grade in votes:
                number += 1
                reason = next((why for row, why in void_rows if row == number), None)
                if reason is not None and voter == "互评" and unit == mine.id:
                    expected.append((number, f"P{n} {grade}：作废票（{reason}）"))
        assert [(r.location.row, r.reason) for r in rows if r.status == "void"] == expected


def test_void_detail_names_columns_of_the_table() -> None:
    load(ruleset(rules="        - {when: {column: 等次, equals: 较差}, reason: 有较差}\n"))  # a row rule voids rows too
    with pytest.raises(RulesetError) as caught:
        load(ruleset().replace("{票号} {等次}：", "{票} {等次}："))
    assert caught.value.code == "RS020"
    assert "no column '票'" in str(caught.value)


def test_void_detail_on_a_table_whose_rules_void_nothing() -> None:
    text = ruleset(rules="").replace("      form: 票号\n      void:\n", "      form: 票号\n")
    with pytest.raises(RulesetError) as caught:
        load(text)
    assert caught.value.code == "RS053"
    assert "changes nothing" in str(caught.value)
