"""Table rules (docs/mechanisms/table-rules.md): grade and month cells, places, invalid: void, forms,
the statistical period, unique, require and void rules, on small facts shaped like the ones offices
keep (ballot lines with a grade word per question, scored ballots under per-ballot limits, monthly
scores, questionnaires, survey records with 不了解, tallies that must add up)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import PingyiError, score
from pingyi_rules.core.errors import FactsError, Location
from pingyi_rules.facts.cells import ColumnSpec, Month, decimals, type_cell
from pingyi_rules.facts.reading import read_facts
from pingyi_rules.render.output import explain, to_json_data
from pingyi_rules.results.result import VoidRecord
from pingyi_rules.scoring.evaluate import join_subjects

from ..rules_helpers import load, write_tables

D = Decimal
HERE = Location(file="t.csv", row=2)


def screened(body: str, tables: dict[str, str], folder: Path) -> tuple[dict[str, list[dict[str, Any]]], list[VoidRecord]]:
    """The rows each table keeps (their values) and the void records, after the tables' rules."""
    ruleset = load(body)
    facts = read_facts(ruleset.tables, write_tables(folder, tables))
    assert ruleset.screen is not None
    kept, records = ruleset.screen(facts)
    return {name: [row.values for row in data.rows] for name, data in kept.tables.items()}, records


def reasons(records: list[VoidRecord]) -> list[tuple[str, str]]:
    return [(r.key, r.reason) for r in records]


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("raw", "month"),
    [("2012-01", (2012, 1)), ("2012/1", (2012, 1)), ("2012.11", (2012, 11)), ("2012年3月", (2012, 3)),
     ("２０１２年３月", (2012, 3)), ("2012-03-15", (2012, 3)), (dt.datetime(2012, 7, 31, 0, 0), (2012, 7)),
     (dt.date(2012, 12, 1), (2012, 12))],
)
def test_month_cells(raw: Any, month: tuple[int, int]) -> None:
    value = type_cell(raw, ColumnSpec("月份", "月份", "month"), HERE)
    assert isinstance(value, Month) and (value.year, value.month) == month
    assert str(value) == f"{month[0]:04d}-{month[1]:02d}"


@pytest.mark.parametrize("raw", ["2012-13", "12-01", "2012年", "一月", "2012-00"])
def test_month_cells_refused(raw: str) -> None:
    with pytest.raises(FactsError) as caught:
        type_cell(raw, ColumnSpec("月份", "月份", "month"), HERE)
    assert caught.value.code == "FA014"


SATISFACTION = ColumnSpec("Q1", "Q1", "grade", scale="满意度", grades=(("满意", D(1)), ("基本满意", D("0.75")), ("不了解", None)))


def test_grade_cells_hold_the_grade_value_and_a_valueless_grade_is_blank() -> None:
    assert type_cell("基本满意", SATISFACTION, HERE) == D("0.75")
    assert type_cell("不了解", SATISFACTION, HERE) is None
    with pytest.raises(FactsError) as caught:
        type_cell("很满意", SATISFACTION, HERE)
    assert caught.value.code == "FA012" and "not a grade of scale '满意度' (满意 / 基本满意 / 不了解)" in caught.value.message


def test_places_count_written_decimals_without_trailing_zeros() -> None:
    assert [decimals(D(t)) for t in ("85", "85.0", "85.10", "85.25", "1E+2", "0.125")] == [0, 0, 1, 2, 0, 3]
    column = ColumnSpec("分数", "分数", "decimal", min=D(0), max=D(100), places=1)
    assert type_cell("85.10", column, HERE) == D("85.10")
    assert type_cell(89.8, column, HERE) == D("89.8")  # an Excel number: its shortest text
    with pytest.raises(FactsError) as caught:
        type_cell("85.25", column, HERE)
    assert caught.value.code == "FA040" and caught.value.message == "85.25 has 2 decimals; expected a number from 0 to 100 with at most 1 decimal"


# --------------------------------------------------------------------------- ballot lines with a grade word per question

LINES = """
inputs:
  subjects: {table: subjects, id_column: 对象编码, name_column: 姓名}
  tables:
    - id: subjects
      subject: 对象编码
      columns: [{header: 对象编码, type: id}, {header: 姓名, type: text}]
    - id: ballots
      layout: cases
      subject: 测评对象编码
      form: [票号, 测评对象编码]
      columns:
        - {header: 票号, type: id}
        - {header: 评价主体, type: enum, choices: [分管领导, 干部职工, 考核组]}
        - {header: 测评对象编码, type: id}
        - {header: 工作任务量, type: grade, scale: 任务量, invalid: void}
        - {header: 工作效率, type: grade, scale: 效率, invalid: void}
        - {header: 工作完成情况, type: grade, scale: 完成, invalid: void}
scales:
  - {id: 任务量, grades: {繁重: 100, 较多: 80, 一般: 60, 较少: 40}}
  - {id: 效率, grades: {高: 100, 较高: 80, 一般: 60, 较低: 40}}
  - {id: 完成, grades: {好: 100, 较好: 80, 一般: 60, 较差: 40}}
points: 100
components:
  - {id: 附加, name: 附加分, kind: expression, expr: "0", points: 100}
"""
LINE_TABLES = {
    "subjects": "对象编码,姓名\nL01,何\nL02,罗\nL03,梁\nL04,宋\nL06,韩\n",
    "ballots": "票号,评价主体,测评对象编码,工作任务量,工作效率,工作完成情况\n"
    "G01-01,干部职工,L01,较多,较高,好\n"
    "G02-05,干部职工,L02,繁重,,好\n"
    "F03-02,分管领导,L03,一般,较高,很好\n"
    "G04-03,干部职工,L04,较多、一般,一般,较差\n"
    "G06-08,干部职工,L06,较少,好,一般\n"
    "G06-09,干部职工,L06,较少,较低,一般\n",
}


def test_ballot_lines_void_for_a_blank_a_foreign_word_or_two_marks(tmp_path: Path) -> None:
    kept, records = screened(LINES, LINE_TABLES, tmp_path)
    assert reasons(records) == [
        ("G02-05/L02", "工作效率未填"),
        ("F03-02/L03", "工作完成情况等次不属于本指标(很好)"),
        ("G04-03/L04", "工作任务量多选(较多、一般)"),
        ("G06-08/L06", "工作效率等次不属于本指标(好)"),  # 好 is a word of another question's scale
    ]
    assert [(r.subjects, r.rows) for r in records] == [(("L02",), (3,)), (("L03",), (4,)), (("L04",), (5,)), (("L06",), (6,))]
    # the lines kept hold each answer's value in its own question's scale
    assert [(v["票号"], v["工作任务量"], v["工作效率"], v["工作完成情况"]) for v in kept["ballots"]] == [
        ("G01-01", D(80), D(80), D(100)), ("G06-09", D(40), D(40), D(60))]


# --------------------------------------------------------------------------- scored ballots under per-ballot limits

SCORED = """
inputs:
  subjects: {table: persons, id_column: 人员编码, name_column: 姓名, category: 班组}
  tables:
    - id: persons
      subject: 人员编码
      columns: [{header: 人员编码, type: id}, {header: 姓名, type: text}, {header: 班组, type: text}]
    - id: ballots
      layout: cases
      subject: 被评人编码
      form: [班组, 票号]
      void:
        - {form_when: {same: 分数}, reason: 对被考评人全部打相同分数}
        - {form_when: {count_rows: {column: 分数, in: [90, 92, 95, 100]}, above: 3}, reason: 未按比例打分:90分及以上超过3人}
        - {form_when: {count_rows: {column: 分数, in: [55, 60, 65]}, below: 2}, reason: 未按比例打分:70分以下不足2人}
      columns:
        - {header: 班组, type: text}
        - {header: 票号, type: id}
        - {header: 被评人编码, type: id}
        - {header: 分数, type: decimal, min: 0, max: 100, max_places: 1, invalid: void}
points: 100
components:
  - {id: 附加, name: 附加分, kind: expression, expr: "0", points: 100}
"""
PERSONS = "人员编码,姓名,班组\n" + "".join(f"J0{i},人{i},一班\n" for i in range(1, 7))


def _ballot(number: str, scores: list[str], skip: int) -> str:
    """One ballot of 一班: every member but `skip` (the author) scored."""
    people = [f"J0{i}" for i in range(1, 7) if i != skip]
    return "".join(f"一班,{number},{p},{s}\n" for p, s in zip(people, scores, strict=True))


SCORED_BALLOTS = "班组,票号,被评人编码,分数\n" + "".join([
    _ballot("甲01", ["91", "89.8", "75", "60", "55"], 1),  # valid: 1 ≥ 90, 2 < 70
    _ballot("甲02", ["95", "92", "90", "90.0", "60"], 2),  # four ≥ 90 (90.0 is 90)
    _ballot("甲03", ["65", "65", "", "65", "65"], 3),  # a blank comes before all-alike
    _ballot("甲04", ["85.25", "80", "60", "55", "70"], 4),  # two decimals
    _ballot("甲05", ["65", "65", "65", "65", "65"], 5),  # all alike (and enough below 70)
    _ballot("甲06", ["90", "92", "95", "60", "70"], 6),  # valid on the edge: three ≥ 90, 60 and … one < 70
])


def test_scored_ballots_void_in_the_declared_order(tmp_path: Path) -> None:
    kept, records = screened(SCORED, {"persons": PERSONS, "ballots": SCORED_BALLOTS}, tmp_path)
    assert reasons(records) == [
        ("一班/甲02", "未按比例打分:90分及以上超过3人"),
        ("一班/甲03", "分数未填"),
        ("一班/甲04", "分数超过1位小数(85.25)"),
        ("一班/甲05", "对被考评人全部打相同分数"),
        ("一班/甲06", "未按比例打分:70分以下不足2人"),
    ]
    assert records[1].rows == (12, 13, 14, 15, 16) and records[1].subjects == ("J01", "J02", "J04", "J05", "J06")
    assert {v["票号"] for v in kept["ballots"]} == {"甲01"} and len(kept["ballots"]) == 5


def test_reasons_in_the_offices_own_words_with_the_cell_and_the_count(tmp_path: Path) -> None:
    body = SCORED.replace("places: 1, invalid: void}", "places: 1, invalid: void, invalid_reason: \"分数不合要求({value}):超过一位小数或超出0-100\"}")
    body = body.replace("reason: 未按比例打分:90分及以上超过3人", "reason: \"未按比例打分:90分及以上{count}人(最多3人)\"")
    body = body.replace("reason: 未按比例打分:70分以下不足2人", "reason: \"未按比例打分:70分以下{count}人(至少2人)\"")
    _, records = screened(body, {"persons": PERSONS, "ballots": SCORED_BALLOTS}, tmp_path)
    assert reasons(records) == [
        ("一班/甲02", "未按比例打分:90分及以上4人(最多3人)"),
        ("一班/甲03", "分数不合要求():超过一位小数或超出0-100"),
        ("一班/甲04", "分数不合要求(85.25):超过一位小数或超出0-100"),
        ("一班/甲05", "对被考评人全部打相同分数"),
        ("一班/甲06", "未按比例打分:70分以下1人(至少2人)"),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("places: 1, invalid: void}", "places: 1, invalid: void, invalid_reason: \"{分数}不合要求\"}"),
         "'{分数}' is not a placeholder of a cell's reason ({value}: the cell as written, {header}: its header) [RS066]"),
        (("reason: 对被考评人全部打相同分数", "reason: \"{count}人相同\""), "'{count}' is not a placeholder of this reason (none here) [RS066]"),
        (("reason: 未按比例打分:70分以下不足2人", "reason: \"{人数}\""),
         "'{人数}' is not a placeholder of this reason ({count}: the number of the form's rows meeting 'count_rows') [RS066]"),
        (("places: 1, invalid: void}", "places: 1, invalid_reason: 不合要求}"),
         "'invalid_reason' is the reason a cell voids its row; without 'invalid: void' no cell does [RS053]"),
    ],
)
def test_reason_placeholders_are_checked(change: tuple[str, str], message: str) -> None:
    assert SCORED.count(change[0]) == 1
    with pytest.raises(PingyiError) as caught:
        load(SCORED.replace(*change))
    assert f"{caught.value.message} [{caught.value.code}]" == message


# --------------------------------------------------------------------------- monthly scores, dated rows

MONTHLY = """
period: {start: 2012-01-01, end: 2012-12-31}
inputs:
  subjects: {table: units, id_column: 单位编码, name_column: 单位名称}
  tables:
    - id: units
      subject: 单位编码
      columns: [{header: 单位编码, type: id}, {header: 单位名称, type: text}]
    - id: monthly
      layout: cases
      subject: 单位编码
      dated_by: 考评月份
      unique: [单位编码, 考评月份]
      columns:
        - {header: 单位编码, type: id}
        - {header: 考评月份, type: month}
        - {header: 洁化实地考评分, type: decimal, min: 0, max: 25}
points: 100
components:
  - {id: 附加, name: 附加分, kind: expression, expr: "0", points: 100}
"""
UNITS = "单位编码,单位名称\nJD01,城东\nJD07,城西\n"


def test_months_outside_the_period_are_left_out_and_listed(tmp_path: Path) -> None:
    monthly = "单位编码,考评月份,洁化实地考评分\nJD01,2012-01,23.5\nJD01,2012年12月,22\nJD07,2013-01,21\nJD07,2011/12,20\n"
    kept, records = screened(MONTHLY, {"units": UNITS, "monthly": monthly}, tmp_path)
    assert [str(v["考评月份"]) for v in kept["monthly"]] == ["2012-01", "2012-12"]
    assert reasons(records) == [
        ("JD07/2013-01", "统计期外（2013-01 不在统计期 2012-01 至 2012-12）"),  # named by its unique columns
        ("JD07/2011-12", "统计期外（2011-12 不在统计期 2012-01 至 2012-12）"),
    ]


def test_a_month_twice_is_an_error_at_the_repeat(tmp_path: Path) -> None:
    monthly = "单位编码,考评月份,洁化实地考评分\nJD01,2012-01,23.5\nJD07,2012-01,22\nJD01,2012/1,21\n"
    with pytest.raises(FactsError) as caught:
        screened(MONTHLY, {"units": UNITS, "monthly": monthly}, tmp_path)
    assert caught.value.code == "FA041" and caught.value.location.row == 4
    assert "单位编码, 考评月份 (JD01, 2012-01) repeat the row at" in caught.value.message


# --------------------------------------------------------------------------- questionnaires and dated veto cases

QUESTIONNAIRES = """
period: {start: 2010-01-01, end: 2010-12-31}
inputs:
  subjects: {table: units, id_column: 单位编码, name_column: 参评部门和行业}
  tables:
    - id: units
      subject: 单位编码
      columns: [{header: 单位编码, type: id}, {header: 参评部门和行业, type: text}]
    - id: questionnaires
      layout: cases
      subject: 单位编码
      form: 问卷编号
      columns:
        - {header: 问卷编号, type: id}
        - {header: 单位编码, type: id}
        - {header: 问卷得分, type: decimal, min: 0, max: 100, invalid: void}
    - id: veto
      layout: cases
      subject: 单位编码
      dated_by: 发生日期
      columns:
        - {header: 单位编码, type: id}
        - {header: 否决情形, type: text}
        - {header: 发生日期, type: date}
points: 100
components:
  - {id: 附加, name: 附加分, kind: expression, expr: "0", points: 100}
"""


def test_a_blank_questionnaire_and_a_veto_case_of_another_year(tmp_path: Path) -> None:
    tables = {
        "units": "单位编码,参评部门和行业\nHF02,市教育局\nHF03,市卫生局\nHF07,市安监局\n",
        "questionnaires": "问卷编号,单位编码,问卷得分\nWJ0026,HF03,88\nWJ0027,HF03,\nWJ0028,HF02,91\n",
        "veto": "单位编码,否决情形,发生日期\nHF07,特别重大责任事故,2010-08-15\nHF02,媒体曝光查实,2009-12-20\n",
    }
    kept, records = screened(QUESTIONNAIRES, tables, tmp_path)
    assert reasons(records) == [("WJ0027", "问卷得分未填"), ("HF02 第3行", "统计期外（2009-12-20 不在统计期 2010-01-01 至 2010-12-31）")]
    assert [v["单位编码"] for v in kept["veto"]] == ["HF07"]
    assert [v["问卷编号"] for v in kept["questionnaires"]] == ["WJ0026", "WJ0028"]


# --------------------------------------------------------------------------- survey records with 不了解

SURVEY = """
inputs:
  subjects: {table: cities, id_column: 城市编码, name_column: 城市名称}
  tables:
    - id: cities
      subject: 城市编码
      columns: [{header: 城市编码, type: id}, {header: 城市名称, type: text}]
    - id: responses
      layout: cases
      subject: 城市编码
      form: 记录编号
      columns:
        - {header: 记录编号, type: id}
        - {header: 城市编码, type: id}
        - {header: Q5 困难群体救助, type: grade, scale: 满意度, invalid: void}
        - {header: Q6 丰富群众文化生活, type: grade, scale: 满意度, invalid: void}
scales:
  - {id: 满意度, grades: {满意: 1, 基本满意: 0.75, 不满意: 0.55, 不了解: null}}
points: 100
components:
  - {id: 附加, name: 附加分, kind: expression, expr: "0", points: 100}
"""


def test_a_valueless_grade_is_a_valid_blank_answer_and_a_missing_answer_voids_the_record(tmp_path: Path) -> None:
    tables = {
        "cities": "城市编码,城市名称\nSD05,戊市\n",
        "responses": "记录编号,城市编码,Q5 困难群体救助,Q6 丰富群众文化生活\n"
        "SD05-T024,SD05,不了解,满意\nSD05-T025,SD05,基本满意,\n",
    }
    kept, records = screened(SURVEY, tables, tmp_path)
    assert reasons(records) == [("SD05-T025", "Q6 丰富群众文化生活未填")]
    assert kept["responses"] == [{"记录编号": "SD05-T024", "城市编码": "SD05", "Q5 困难群体救助": None, "Q6 丰富群众文化生活": D(1)}]


# --------------------------------------------------------------------------- tallies that must add up

TALLIES = """
inputs:
  subjects: {table: ceping, id_column: 对象编码, name_column: 姓名}
  tables:
    - id: ceping
      subject: 对象编码
      require: ["优秀 + 称职 + 基本称职 + 不称职 + 弃权 == 收回票数"]
      columns:
        - {header: 对象编码, type: id}
        - {header: 姓名, type: text}
        - {headers: [收回票数, 优秀, 称职, 基本称职, 不称职, 弃权], type: count}
points: 100
components:
  - {id: 优秀率, name: 优秀率, kind: expression, expr: "优秀 / 收回票数 * 100", points: 100}
"""


def test_tallies_that_do_not_add_up_are_an_error_at_the_row(tmp_path: Path) -> None:
    good = "对象编码,姓名,收回票数,优秀,称职,基本称职,不称职,弃权\nP01,陈,52,45,4,1,0,2\nP02,林,50,40,7,2,1,0\n"
    result = score(load(TALLIES), write_tables(tmp_path / "good", {"ceping": good}))
    assert [s.total for s in result.subjects] == [D("86.54"), D("80.00")] and result.void == []
    bad = good.replace("P02,林,50,40,7,2,1,0", "P02,林,50,40,7,2,1,1")
    with pytest.raises(FactsError) as caught:
        score(load(TALLIES), write_tables(tmp_path / "bad", {"ceping": bad}))
    assert caught.value.code == "FA042" and caught.value.location.row == 3
    assert caught.value.message == (
        "row check '优秀 + 称职 + 基本称职 + 不称职 + 弃权 == 收回票数' does not hold "
        "(优秀 = 40, 称职 = 7, 基本称职 = 2, 不称职 = 1, 弃权 = 1, 收回票数 = 50)"
    )


# --------------------------------------------------------------------------- the result and its outputs

RATED = """
inputs:
  subjects: {table: units, id_column: 编码, name_column: 名称}
  tables:
    - id: units
      subject: 编码
      columns: [{header: 编码, type: id}, {header: 名称, type: text}]
    - id: votes
      layout: cases
      subject: 编码
      form: 票号
      void: [{when: {column: 好, equals: 0}, reason: 未评好}]
      columns:
        - {header: 票号, type: id}
        - {header: 编码, type: id}
        - {header: 主体, type: text}
        - {headers: [好, 差], type: count, max: 1, invalid: void}
scales:
  - {id: 两档, grades: {好: 100, 差: 0}}
points: 100
components:
  - {id: 测评, name: 测评, kind: rating, scale: 两档, counts: ["{grade}"], points: 100, table: votes, where: {column: 主体, equals: 群众}}
"""


def test_void_forms_reach_no_component_and_are_in_every_output(tmp_path: Path) -> None:
    votes = "票号,编码,主体,好,差\n1,A,群众,1,0\n1,B,群众,0,1\n2,A,群众,1,0\n2,B,群众,1,0\n3,A,群众,3,0\n3,B,群众,1,0\n"
    result = score(load(RATED), write_tables(tmp_path, {"units": "编码,名称\nA,甲\nB,乙\n", "votes": votes}))
    # ballot 1 has a line without 好 (void), 3 a 3 in a 0/1 cell: only ballot 2 counts
    assert [(s.id, s.total) for s in result.subjects] == [("A", D("100.00")), ("B", D("100.00"))]
    assert [(v["key"], v["reason"]) for v in to_json_data(result)["void"]] == [("1", "未评好"), ("3", "好超出范围(3，应在 0–1)")]
    assert explain(result, "B").splitlines()[-2:] == [
        f"作废：votes 1：未评好（{tmp_path}/votes.csv, row 2）", f"作废：votes 3：好超出范围(3，应在 0–1)（{tmp_path}/votes.csv, row 6）"]


# --------------------------------------------------------------------------- every row accounted for once

PROPERTY = """
period: {start: 2023-01-01, end: 2023-12-31}
inputs:
  subjects: {table: units, id_column: 编码, name_column: 名称}
  tables:
    - id: units
      subject: 编码
      columns: [{header: 编码, type: id}, {header: 名称, type: text}]
    - id: rows
      layout: cases
      subject: 编码
FORM      dated_by: 月份
      columns:
        - {header: 票号, type: id}
        - {header: 编码, type: id}
        - {header: 月份, type: month}
        - {header: 分数, type: decimal, min: 0, max: 100, max_places: 1, invalid: void}
VOID
points: 100
components:
  - {id: 附加, name: 附加分, kind: expression, expr: "0", points: 100}
"""
RULES = [
    "{when: {column: 分数, equals: 0}, reason: 零分}",
    "{form_when: {same: 分数}, reason: 全同}",
    "{form_when: {count_rows: {column: 分数, in: [100]}, above: 1}, reason: 满分过多}",
    "{form_when: {not: {count_rows: {column: 分数, equals: 50}, at_least: 1}}, reason: 无50}",
]
_ROW = st.tuples(
    st.sampled_from(["P1", "P2", "P3"]), st.sampled_from(["A", "B", "C"]), st.sampled_from(["2023-01", "2022-12", "2024/1", "2023年6月"]),
    st.sampled_from(["0", "50", "100", "85.5", "85.25", "", "101"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ROW, max_size=12), form=st.booleans(), rules=st.lists(st.sampled_from(RULES), unique=True, max_size=4))
def test_every_row_ends_in_a_subject_or_in_exactly_one_void_record(
    rows: list[tuple[str, str, str, str]], form: bool, rules: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    if not form:
        rules = [r for r in rules if r.startswith("{when")]
    body = PROPERTY.replace("FORM", "      form: 票号\n" if form else "").replace(
        "VOID", "      void: [" + ", ".join(rules) + "]" if rules else "")
    ruleset = load(body)
    text = "票号,编码,月份,分数\n" + "".join(",".join(r) + "\n" for r in rows)
    folder = write_tables(tmp_path_factory.mktemp("p"), {"units": "编码,名称\nA,甲\nB,乙\nC,丙\n", "rows": text})
    facts = read_facts(ruleset.tables, folder)
    assert ruleset.screen is not None
    kept, records = ruleset.screen(facts)
    subjects = join_subjects(ruleset, kept)
    counted = [row.number for s in subjects for row in s.cases.get("rows", [])]
    voided = [number for r in records for number in r.rows]
    assert sorted(counted + voided) == list(range(2, len(rows) + 2))  # each row once, in one place
    keys = [r.key for r in records]
    assert len(keys) == len(set(keys))  # each form listed once
    result = score(ruleset, folder)
    assert [(v.key, v.reason) for v in result.void] == [(r.key, r.reason) for r in records]


# --------------------------------------------------------------------------- workbooks

def test_a_workbook_gives_months_grades_and_void_rows_as_the_csv_does(tmp_path: Path) -> None:
    import io

    import openpyxl

    from pingyi_rules.render.template import sheet_name, template_bytes

    body = SURVEY.replace("{header: 城市编码, type: id}\n        - {header: Q5", "{header: 城市编码, type: id}\n        - {header: 月份, type: month}\n        - {header: Q5")
    ruleset = load(body)
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(ruleset)))
    responses = book[sheet_name(next(t for t in ruleset.tables if t.id == "responses"))]
    lists = [rule for rule in responses.data_validations.dataValidation if rule.type == "list"]
    assert [rule.formula1 for rule in lists] == ['"满意,基本满意,不满意,不了解"'] * 2  # the grade words offered
    assert responses.column_dimensions["C"].number_format == "yyyy-mm"
    book[sheet_name(next(t for t in ruleset.tables if t.id == "cities"))].append(["SD05", "戊市"])
    responses.append(["SD05-T024", "SD05", dt.datetime(2023, 6, 30), "不了解", "满意"])
    responses.append(["SD05-T025", "SD05", "2023年6月", "基本满意", None])
    filled = tmp_path / "survey.xlsx"
    book.save(filled)
    facts = read_facts(ruleset.tables, filled)
    assert ruleset.screen is not None
    kept, records = ruleset.screen(facts)
    assert reasons(records) == [("SD05-T025", "Q6 丰富群众文化生活未填")]
    assert str(records[0].location) == "survey.xlsx!responses!B3"  # the row, at its subject cell
    assert [(str(r.values["月份"]), r.values["Q5 困难群体救助"]) for r in kept.tables["responses"].rows] == [("2023-06", None)]


def test_a_form_alike_across_the_questions_of_one_record(tmp_path: Path) -> None:
    body = SURVEY.replace("      form: 记录编号\n", "      form: 记录编号\n      void: [{form_when: {same: [Q5 困难群体救助, Q6 丰富群众文化生活]}, reason: 各题相同}]\n")
    tables = {
        "cities": "城市编码,城市名称\nSD05,戊市\n",
        "responses": "记录编号,城市编码,Q5 困难群体救助,Q6 丰富群众文化生活\nT1,SD05,满意,满意\nT2,SD05,满意,不满意\n",
    }
    kept, records = screened(body, tables, tmp_path)
    assert reasons(records) == [("T1", "各题相同")] and [v["记录编号"] for v in kept["responses"]] == ["T2"]
