"""Error rules (`error: true` on a void rule, docs/mechanisms/table-rules.md): a row or form the rule
holds on stops the scoring with FA100 at its row (its `at` cell, with the value) or at the form's first
row, naming the form; an aggregate with `void_detail` whose subject's rows were all voided says so
(EV030). Checked against rows worked out in the test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import FactsError, PingyiError, RulesetError, score
from pingyi_rules.core.errors import EvaluationError

from ..rules_helpers import load, subject_table, write_tables

UNITS = "编码,名称\nU1,一科\nU2,二科"


def body(void: str, form: bool = True, detail: bool = False) -> str:
    void_detail = ', void_detail: "{票号} {等次}：作废（{reason}）"' if detail else ""
    return "\n" + subject_table() + "    - id: 票\n      layout: cases\n      subject: 编码\n" + (
        "      form: 票号\n" if form else "") + "      void:\n" + void + """      columns:
        - {header: 票号, type: id}
        - {header: 投票人, type: text}
        - {header: 编码, type: id}
        - {header: 等次, type: text}
points: 10
components:
  - {id: 均分, name: 均分, kind: aggregate, table: 票, function: mean, points: 10,
     per_row: "10 if 等次 == '优秀' else 8"""  + '"' + void_detail + "}\n"


OFF_SCALE = """        - when: {not: {column: 等次, in: [优秀, 良好]}}
          error: true
          at: 等次
          reason: 等次不在分值表中（优秀 / 良好）
"""
MIXED = """        - form_when: {all: [{count_rows: {column: 投票人, equals: 领导}, at_least: 1}, {count_rows: {column: 投票人, equals: 互评}, at_least: 1}]}
          error: true
          reason: 一张票混有两类投票人
"""
TWO_BEST = """        - {form_when: {count_rows: {column: 等次, equals: 优秀}, above: 1}, reason: 优秀多于 1 个}
"""


def run(text: str, rows: list[str], folder: Path) -> Any:
    return score(load(text), write_tables(folder, {"units": UNITS, "票": "票号,投票人,编码,等次\n" + "\n".join(rows)}))


def error(text: str, rows: list[str], folder: Path) -> PingyiError:
    with pytest.raises(PingyiError) as caught:
        run(text, rows, folder)
    return caught.value


def test_a_row_error_rule_stops_at_the_cell_it_names(tmp_path: Path) -> None:
    exc = error(body(OFF_SCALE), ["P1,领导,U1,优秀", "P1,领导,U2,良", "P2,领导,U1,差"], tmp_path)
    assert isinstance(exc, FactsError) and exc.code == "FA100"
    assert (exc.location.row, exc.location.field) == (3, "等次")
    assert exc.message == "table '票', '良' here: 等次不在分值表中（优秀 / 良好）"


def test_without_at_the_error_is_at_the_row(tmp_path: Path) -> None:
    exc = error(body(OFF_SCALE.replace("          at: 等次\n", ""), form=False), ["P1,领导,U1,优秀", "P1,领导,U2,良"], tmp_path)
    assert exc.code == "FA100" and exc.location.row == 3 and exc.location.field is None
    assert exc.message == "table '票', this row: 等次不在分值表中（优秀 / 良好）"


def test_a_form_error_rule_stops_at_the_forms_first_row_naming_it(tmp_path: Path) -> None:
    exc = error(body(MIXED), ["P1,领导,U1,优秀", "P1,领导,U2,良好", "P2,互评,U1,优秀", "P2,领导,U2,良好"], tmp_path)
    assert exc.code == "FA100" and exc.location.row == 4
    assert exc.message == "table '票', form P2: 一张票混有两类投票人"


def test_an_error_rule_with_requirements_says_what_failed(tmp_path: Path) -> None:
    rule = """        - must_meet: [{count_rows: {column: 等次, equals: 优秀}, equals: 1, says: "优秀 {count} 个"}]
          error: true
          reason: "名额不符：{failed}"
"""
    exc = error(body(rule), ["P1,领导,U1,优秀", "P1,领导,U2,良好", "P2,领导,U1,优秀", "P2,领导,U2,优秀"], tmp_path)
    assert exc.code == "FA100" and exc.location.row == 4
    assert exc.message == "table '票', form P2: 名额不符：优秀 2 个"


def test_rules_are_checked_in_order_an_earlier_void_rule_spares_the_form(tmp_path: Path) -> None:
    rows = ["P1,领导,U1,优秀", "P1,互评,U2,优秀", "P2,领导,U1,良好", "P2,领导,U2,优秀"]
    assert error(body(MIXED + TWO_BEST), rows, tmp_path / "a").code == "FA100"
    result = run(body(TWO_BEST + MIXED), rows, tmp_path / "b")  # P1 void for its two 优秀 before the error rule sees it
    assert [(v.key, v.reason) for v in result.void] == [("P1", "优秀多于 1 个")]


def test_an_error_rule_that_never_holds_changes_nothing(tmp_path: Path) -> None:
    rows = ["P1,领导,U1,优秀", "P1,领导,U2,良好", "P2,互评,U1,良好", "P2,互评,U2,优秀"]
    with_rules = run(body(OFF_SCALE + MIXED), rows, tmp_path / "a")
    without = run(body(TWO_BEST), rows, tmp_path / "b")
    assert [s.total for s in with_rules.subjects] == [s.total for s in without.subjects]
    assert not with_rules.void


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        (MIXED + "          at: 投票人\n", "RS053"),  # `at` on a form rule
        (OFF_SCALE.replace("          error: true\n", ""), "RS053"),  # `at` without error
        (OFF_SCALE.replace("at: 等次", "at: 等级"), "RS020"),  # not a column of the table
    ],
)
def test_at_where_it_means_nothing_is_refused(rule: str, code: str) -> None:
    with pytest.raises(RulesetError) as caught:
        load(body(rule))
    assert caught.value.code == code


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grades=st.lists(st.sampled_from(["优秀", "良好", "良", "差"]), min_size=1, max_size=8))
def test_the_first_off_scale_row_in_file_order_is_the_one_reported(tmp_path_factory: Any, grades: list[str]) -> None:
    rows = [f"P{i},领导,U{i % 2 + 1},{g}" for i, g in enumerate(grades)] + ["Z1,领导,U1,优秀", "Z2,领导,U2,优秀"]
    folder = tmp_path_factory.mktemp("rows")
    bad = [i for i, g in enumerate(grades) if g not in ("优秀", "良好")]
    if not bad:
        assert not run(body(OFF_SCALE, form=False), rows, folder).void
        return
    exc = error(body(OFF_SCALE, form=False), rows, folder)
    assert (exc.code, exc.location.row, exc.location.field) == ("FA100", bad[0] + 2, "等次")
    assert f"'{grades[bad[0]]}' here" in exc.message


# --------------------------------------------------------------------------- EV030


def test_an_aggregate_listing_void_rows_says_when_all_of_a_subjects_rows_were_void(tmp_path: Path) -> None:
    rows = ["P1,领导,U1,优秀", "P1,领导,U2,优秀", "P2,领导,U1,优秀", "P2,领导,U2,良好"]
    with pytest.raises(EvaluationError) as caught:
        run(body(TWO_BEST, detail=True), rows[:2], tmp_path / "a")
    exc = caught.value
    assert exc.code == "EV030" and exc.location.row == 2  # U1's row in the subject table
    assert exc.message == (
        "U1 一科: 均分: no row of table '票' counts for this subject (no rows): 1 of its rows there are void, "
        f"the first at {tmp_path / 'a' / '票.csv'}, row 2: P1 优秀：作废（优秀多于 1 个）"
    )
    # without void_detail the aggregate knows nothing of void rows: EV010
    with pytest.raises(EvaluationError) as plain:
        run(body(TWO_BEST), rows[:2], tmp_path / "b")
    assert plain.value.code == "EV010"
    # with a valid ballot besides, the subject's mean is that of its valid rows
    result = run(body(TWO_BEST, detail=True), rows, tmp_path / "c")
    assert [str(s.total) for s in result.subjects] == ["10.00", "8.00"]


def test_void_detail_may_show_what_the_requirements_said(tmp_path: Path) -> None:
    """`{failed}` in void_detail: the part of the void reason its rule's {failed} filled; `{reason}` the whole."""
    rule = """        - form_when: {count_rows: {column: 投票人, equals: 领导}, at_least: 1}
          must_meet: [{count_rows: {column: 等次, equals: 优秀}, at_most: 1, says: "优秀 {count} 个"}]
          reason: "领导: {failed}"
        - {form_when: {count_rows: {column: 投票人, equals: 互评}, at_least: 1}, reason: 互评不计}
"""
    text = body(rule, detail=True).replace("作废（{reason}）", "作废（{failed}｜{reason}）")
    rows = ["P1,领导,U1,优秀", "P1,领导,U2,优秀", "P2,领导,U1,良好", "P2,领导,U2,优秀", "P3,互评,U1,优秀"]
    result = run(text, rows, tmp_path)
    voided = [(r.status, r.reason) for r in result.subject("U1").component("均分").trace.rows if r.status == "void"]
    assert voided == [("void", "P1 优秀：作废（优秀 2 个｜领导: 优秀 2 个）"), ("void", "P3 优秀：作废（互评不计｜互评不计）")]


def test_explain_lists_a_void_form_once(tmp_path: Path) -> None:
    """Under a subject, explain lists a void form at the end (作废：…) unless a trace already shows its rows."""
    from pingyi_rules.render.output import explain

    rows = ["P1,领导,U1,优秀", "P1,领导,U2,优秀", "P2,领导,U1,良好", "P2,领导,U2,优秀"]
    listed = run(body(TWO_BEST, detail=True), rows, tmp_path / "a")
    plain = run(body(TWO_BEST), rows, tmp_path / "b")
    assert "作废：" not in explain(listed, "U1") and "作废（P1 优秀：作废（优秀多于 1 个））" in explain(listed, "U1")
    assert "作废：票 P1：优秀多于 1 个" in explain(plain, "U1")
