"""Quota ballots (the `ballots` kind): validity, void records, averaging, located errors."""

from __future__ import annotations

import io
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, FactsError, RulesetError, load_ruleset, score
from pingyi_rules.cli import run

from ..arith import near

RULESET = """\
id: ballots-demo
name: 投票示例
version: "1"
source: {title: 示例}
inputs:
  subjects: {table: units, id_column: 编码, name_column: 名称}
  tables:
    - id: units
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 名称, type: text}
    - id: ballots
      layout: cases
      subject: 被评
      columns:
        - {header: 票号, type: text}
        - {header: 投票人, type: enum, choices: [领导, 互评]}
        - {header: 被评, type: id}
        - {header: 等次, type: text}
scales:
  - {id: 投票, grades: {优秀: 10, 良好: 8, 一般: 6}}
points: 30
components:
  - {id: 领导, name: 领导评价, kind: ballots, points: 10, table: ballots, ballot: 票号, voter: 投票人,
     voters: [领导], column: 等次, scale: 投票, quotas: {优秀: 1, 良好: 1, 一般: 1}}
  - {id: 互评, name: 互评, kind: ballots, points: 20, table: ballots, ballot: 票号, voter: 投票人,
     voters: [互评], column: 等次, scale: 投票, quotas: {优秀: 1, 良好: 1, 一般: 1}}
"""

UNITS = "编码,名称\nA,甲\nB,乙\nC,丙\n"


def _ballots(*ballots: tuple[str, str, str, str, str]) -> str:
    """(票号, 投票人, A's grade, B's grade, C's grade) → the long table."""
    lines = ["票号,投票人,被评,等次"]
    for key, voter, *grades in ballots:
        for unit, grade in zip("ABC", grades, strict=True):
            if grade:
                lines.append(f"{key},{voter},{unit},{grade}")
    return "\n".join(lines) + "\n"


def _folder(tmp_path: Path, ballots: str, units: str = UNITS) -> Path:
    (tmp_path / "units.csv").write_text(units, encoding="utf-8")
    (tmp_path / "ballots.csv").write_text(ballots, encoding="utf-8")
    return tmp_path


def _ruleset(tmp_path: Path, text: str = RULESET) -> Path:
    path = tmp_path / "ballots-demo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_ballots_are_averaged_per_voter_type(tmp_path: Path) -> None:
    facts = _folder(
        tmp_path,
        _ballots(
            ("L1", "领导", "优秀", "良好", "一般"),
            ("L2", "领导", "良好", "优秀", "一般"),
            ("H1", "互评", "一般", "优秀", "良好"),
        ),
    )
    result = score(load_ruleset(_ruleset(tmp_path)), facts)
    a = result.subject("A")
    # 领导: (10 + 8) / 2 = 9 of 10; 互评: 6 / 10 × 20 = 12
    assert a.component("领导").points == Decimal(9)
    assert a.component("互评").points == Decimal(12)
    assert result.void == []


def test_off_quota_ballot_is_void_listed_and_traced(tmp_path: Path) -> None:
    facts = _folder(
        tmp_path,
        _ballots(
            ("L1", "领导", "优秀", "良好", "一般"),
            ("L2", "领导", "优秀", "优秀", "一般"),  # 优秀 ×2: void
            ("H1", "互评", "一般", "优秀", "良好"),
        ),
    )
    result = score(load_ruleset(_ruleset(tmp_path)), facts)
    assert [(v.table, v.key) for v in result.void] == [("ballots", "L2")]
    assert result.void[0].reason == "领导: 优秀 2 个（应为 1 个）；良好 0 个（应为 1 个）"
    assert result.void[0].location is not None and result.void[0].location.row == 5
    a = result.subject("A")
    assert a.component("领导").points == Decimal(10)  # only L1 counts
    rows = a.component("领导").trace.rows
    assert [r.status for r in rows] == ["counted", "void"]
    assert "作废票" in rows[1].reason


def test_every_ballot_row_is_traced_exactly_once(tmp_path: Path) -> None:
    ballots = _ballots(
        ("L1", "领导", "优秀", "良好", "一般"),
        ("L2", "领导", "优秀", "优秀", "一般"),
        ("H1", "互评", "一般", "优秀", "良好"),
    )
    result = score(load_ruleset(_ruleset(tmp_path)), _folder(tmp_path, ballots))
    seen = [
        (str(row.location.file), row.location.row)
        for subject in result.subjects
        for entry in subject.trace()
        for row in entry.rows
    ]
    assert sorted(r for _, r in seen) == list(range(2, 2 + 9))


def test_a_ballot_missing_a_subject_or_rating_one_twice_is_void(tmp_path: Path) -> None:
    text = "票号,投票人,被评,等次\nL1,领导,A,优秀\nL1,领导,B,良好\nL2,领导,A,优秀\nL2,领导,A,良好\nL2,领导,C,一般\n" \
           "L3,领导,A,良好\nL3,领导,B,优秀\nL3,领导,C,一般\nH1,互评,A,优秀\nH1,互评,B,良好\nH1,互评,C,一般\n"
    result = score(load_ruleset(_ruleset(tmp_path)), _folder(tmp_path, text))
    reasons = {v.key: v.reason for v in result.void}
    assert set(reasons) == {"L1", "L2"}
    assert "未评 C" in reasons["L1"]
    assert "重复评 A" in reasons["L2"]
    assert result.subject("A").component("领导").points == Decimal(8)  # only L3


def test_unknown_grade_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    facts = _folder(tmp_path, _ballots(("L1", "领导", "优秀", "较好", "一般"), ("H1", "互评", "一般", "优秀", "良好")))
    with pytest.raises(FactsError) as caught:
        score(load_ruleset(_ruleset(tmp_path)), facts)
    assert str(caught.value) == (
        f"{facts / 'ballots.csv'}, row 3: column 等次: table 'ballots', '较好' here: 等次不在分值表 投票 中（优秀 / 良好 / 一般） [FA100]"
    )


def test_unknown_grade_through_the_cli_exits_1_naming_the_cell(tmp_path: Path) -> None:
    facts = _folder(tmp_path, _ballots(("L1", "领导", "优秀", "良好", "很好"), ("H1", "互评", "一般", "优秀", "良好")))
    out, err = io.StringIO(), io.StringIO()
    code = run(["score", str(_ruleset(tmp_path)), str(facts)], out, err)
    assert code == 1
    assert err.getvalue() == (
        f"{facts / 'ballots.csv'}, row 4: column 等次: table 'ballots', '很好' here: 等次不在分值表 投票 中（优秀 / 良好 / 一般） [FA100]\n"
    )


def test_one_ballot_with_two_voter_types_is_an_error(tmp_path: Path) -> None:
    text = "票号,投票人,被评,等次\nL1,领导,A,优秀\nL1,互评,B,良好\nL1,领导,C,一般\n"
    facts = _folder(tmp_path, text)
    with pytest.raises(FactsError) as caught:
        score(load_ruleset(_ruleset(tmp_path)), facts)
    assert str(caught.value) == (
        f"{facts / 'ballots.csv'}, row 2: table 'ballots', form L1: 一张选票的各行须为同一投票人类别：有 领导 的行，另有 1 行是别的投票人类别 [FA100]"
    )


def test_a_voter_type_nobody_counts_is_an_error_at_its_cell(tmp_path: Path) -> None:
    text = "票号,投票人,被评,等次\nL1,领导,A,优秀\nL1,领导,B,良好\nL1,领导,C,一般\nX1,群众,A,优秀\n"
    facts = _folder(tmp_path, text)
    free = RULESET.replace("{header: 投票人, type: enum, choices: [领导, 互评]}", "{header: 投票人, type: text}")
    with pytest.raises(FactsError) as caught:
        score(load_ruleset(_ruleset(tmp_path, free)), facts)
    assert str(caught.value) == (
        f"{facts / 'ballots.csv'}, row 5: column 投票人: table 'ballots', '群众' here: 投票人类别不由任何 ballots 评分项计票（领导、互评） [FA100]"
    )


def test_a_blank_voter_type_is_an_error_at_its_cell(tmp_path: Path) -> None:
    """An enum voter column that may be blank: a ballot of blank voter types is counted by no node,
    so it is an error at the cell, as on a text column — not rows no trace shows (found by the
    language property test)."""
    text = "票号,投票人,被评,等次\nL1,领导,A,优秀\nL1,领导,B,良好\nL1,领导,C,一般\nH1,互评,A,优秀\nH1,互评,B,良好\nH1,互评,C,一般\nX1,,A,一般\n"
    facts = _folder(tmp_path, text)
    optional = RULESET.replace("{header: 投票人, type: enum, choices: [领导, 互评]}", "{header: 投票人, type: enum, choices: [领导, 互评], required: false}")
    with pytest.raises(FactsError) as caught:
        score(load_ruleset(_ruleset(tmp_path, optional)), facts)
    assert str(caught.value) == (
        f"{facts / 'ballots.csv'}, row 8: column 投票人: table 'ballots', '' here: 投票人类别不由任何 ballots 评分项计票（领导、互评） [FA100]"
    )


def test_a_blank_grade_in_a_ballot_on_quota_is_an_error_at_its_cell(tmp_path: Path) -> None:
    """An enum grade column that may be blank, a ballot that need not rate every subject: a blank
    grade beside the quota's grades is an error at the cell, as on a text column — not an error of the
    expansion's expression advising `on_blank`, a key ballots does not take (found by the language
    property test)."""
    text = "票号,投票人,被评,等次\nL1,领导,A,优秀\nL1,领导,B,良好\nL1,领导,C,一般\nH1,互评,A,优秀\nH1,互评,B,良好\nH1,互评,C,\n"
    facts = _folder(tmp_path, text)
    optional = RULESET.replace("{header: 等次, type: text}", "{header: 等次, type: enum, choices: [优秀, 良好, 一般], required: false}")
    optional = optional.replace("quotas: {优秀: 1, 良好: 1, 一般: 1}}\n\"\"\"", "quotas: {优秀: 1, 良好: 1}, complete: false}\n\"\"\"")
    optional = optional.replace("voters: [互评], column: 等次, scale: 投票, quotas: {优秀: 1, 良好: 1, 一般: 1}}",
                                "voters: [互评], column: 等次, scale: 投票, quotas: {优秀: 1, 良好: 1}, complete: false}")
    assert "complete: false" in optional
    with pytest.raises(FactsError) as caught:
        score(load_ruleset(_ruleset(tmp_path, optional)), facts)
    assert str(caught.value) == (
        f"{facts / 'ballots.csv'}, row 7: column 等次: table 'ballots', '' here: 等次不在分值表 投票 中（优秀 / 良好 / 一般） [FA100]"
    )


def test_quotas_that_cannot_cover_every_subject_are_an_error(tmp_path: Path) -> None:
    units = UNITS + "D,丁\n"
    facts = _folder(tmp_path, _ballots(("L1", "领导", "优秀", "良好", "一般")), units)
    with pytest.raises(EvaluationError) as caught:  # every ballot void: each misses D
        score(load_ruleset(_ruleset(tmp_path)), facts)
    assert caught.value.code == "EV030"
    assert caught.value.message.endswith(": L1 优秀：作废票（未评 D）")


def test_no_valid_ballot_for_a_subject_is_an_error(tmp_path: Path) -> None:
    facts = _folder(tmp_path, _ballots(("L1", "领导", "优秀", "优秀", "一般"), ("H1", "互评", "一般", "优秀", "良好")))
    with pytest.raises(EvaluationError) as caught:
        score(load_ruleset(_ruleset(tmp_path)), facts)
    assert caught.value.code == "EV030"
    assert caught.value.message.startswith("A 甲: 领导: no row of table 'ballots' counts for this subject (1 row, none counted): ")
    assert "1 of its rows there are void" in caught.value.message


def test_a_subject_no_ballot_rates_is_an_error_without_advice_to_declare_empty(tmp_path: Path) -> None:
    """No ballot of a voter type at all: EV010 names the subject, and does not tell the author to
    declare `empty`, a key a ballots node refuses (found by the language property test)."""
    facts = _folder(tmp_path, _ballots(("H1", "互评", "一般", "优秀", "良好")))
    with pytest.raises(EvaluationError) as caught:
        score(load_ruleset(_ruleset(tmp_path)), facts)
    assert caught.value.code == "EV010"
    assert caught.value.message == "A 甲: 领导: no row of table 'ballots' counts for this subject (1 row, none counted)"
    with_empty = RULESET.replace("quotas: {优秀: 1, 良好: 1, 一般: 1}}\n  - {id: 互评", "quotas: {优秀: 1, 良好: 1, 一般: 1}, empty: 0}\n  - {id: 互评")
    with pytest.raises(RulesetError, match="unknown key 'empty'"):
        load_ruleset(_ruleset(tmp_path, with_empty))


def test_a_named_value_with_void_detail_over_the_ballot_table(tmp_path: Path) -> None:
    """A named value (compiled before the components) listing the void rows of a ballot table whose
    only void rules are the ones the ballots nodes add: accepted, and it lists the void ballot's rows
    (once refused as RS053 'it has none', found by the language property test; a table that gets no
    rules at all is still RS053: tests/corpus/rulesets_tables.yaml)."""
    text = RULESET.replace("points: 30\n", "points: 30\nvalues:\n  - {id: 票数, name: 票数, kind: aggregate, table: ballots, "
                           "function: count, empty: 0, void_detail: \"{票号}：{reason}\"}\n")
    facts = _folder(tmp_path, _ballots(("L1", "领导", "优秀", "良好", "一般"), ("L2", "领导", "优秀", "优秀", "一般"),
                                       ("H1", "互评", "一般", "优秀", "良好")))
    result = score(load_ruleset(_ruleset(tmp_path, text)), facts)
    (subject,) = [s for s in result.subjects if s.id == "A"]
    rows = {t.location.row: (t.status, t.reason) for t in subject.component("票数").trace.rows}
    assert rows == {2: ("counted", rows[2][1]), 5: ("void", "L2：领导: 优秀 2 个（应为 1 个）；良好 0 个（应为 1 个）"), 8: ("counted", rows[8][1])}
    assert subject.component("票数").points == 2


def test_voter_type_counted_twice_is_a_ruleset_error(tmp_path: Path) -> None:
    text = RULESET.replace("voters: [互评]", "voters: [领导]")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(_ruleset(tmp_path, text))
    assert "voter type '领导' is already counted by component '领导'" in str(caught.value)
    assert caught.value.location is not None and caught.value.location.line == 28
    assert caught.value.location.path == "components[1].voters[0]"


def test_quota_for_a_grade_outside_the_scale_is_a_ruleset_error(tmp_path: Path) -> None:
    text = RULESET.replace("quotas: {优秀: 1, 良好: 1, 一般: 1}}\n  - {id: 互评", "quotas: {优秀: 1, 较好: 1, 一般: 1}}\n  - {id: 互评")
    with pytest.raises(RulesetError, match="quota for '较好', which is not a grade of scale '投票'"):
        load_ruleset(_ruleset(tmp_path, text))


GRADES = ["优秀", "良好", "一般"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.permutations(GRADES) | st.lists(st.sampled_from(GRADES), min_size=3, max_size=3), min_size=1, max_size=6))
def test_a_ballot_is_void_exactly_when_off_quota(tmp_path_factory: pytest.TempPathFactory, ballots: list[list[str]]) -> None:
    tmp_path = tmp_path_factory.mktemp("b")
    rows = [(f"L{i}", "领导", *grades) for i, grades in enumerate(ballots)]
    rows.append(("H1", "互评", "优秀", "良好", "一般"))
    valid = [g for g in ballots if sorted(g) == sorted(GRADES)]
    facts = _folder(tmp_path, _ballots(*rows))  # type: ignore[arg-type]
    ruleset = load_ruleset(_ruleset(tmp_path))
    if not valid:
        with pytest.raises(EvaluationError):
            score(ruleset, facts)
        return
    result = score(ruleset, facts)
    assert len(result.void) == len(ballots) - len(valid)
    values = {"优秀": 10, "良好": 8, "一般": 6}
    for index, unit in enumerate("ABC"):  # the mean of the valid ballots' values, as an exact fraction
        expected = Fraction(sum(values[g[index]] for g in valid), len(valid))
        assert near(result.subject(unit).component("领导").points, expected, digits=50)
