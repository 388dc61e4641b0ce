"""A folded long table whose only rules are void rules on one row (`when`): each distinct row is
judged once and its void occurrences leave the fold (facts.stream `FoldedTable.leave_out`,
compile.voids_folded `apply_folded`). Scored both ways — folded, and with folding off, the
rows read and screened one by one — the JSON (with every void record, its key, reason and place),
the warnings, the explain text and every unit's trace are the same, and so is any error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import load_ruleset
from pingyi_rules.compile.ruleset import CompiledRuleset
from pingyi_rules.core.errors import PingyiError
from pingyi_rules.facts.reading import read_facts
from pingyi_rules.facts.stream import foldable_tables
from pingyi_rules.render.output import explain, to_json
from pingyi_rules.scoring import evaluate

GRADES = ["满意", "较满意", "一般", "较不满意", "不满意"]
CHANNELS = ["电话", "短信", "网络"]

RULESET = """\
id: void-rows
name: 作废行示例
version: "1"
source: {title: 示例}
scales:
  - {id: 五档, grades: {满意: 100, 较满意: 80, 一般: 60, 较不满意: 40, 不满意: 20}}
inputs:
  subjects: {table: units, id_column: 单位编码, name_column: 单位名称}
  tables:
    - id: units
      subject: 单位编码
      columns:
        - {header: 单位编码, type: id}
        - {header: 单位名称, type: text}
    - id: answers
      layout: cases
      subject: 单位编码
      columns:
        - {header: 单位编码, type: id}
        - {header: 评价, type: grade, scale: 五档}
        - {header: 渠道, type: enum, choices: [电话, 短信, 网络], required: false}
      void:
RULES
points: 100
components:
  - {id: 满意度, name: 满意度, kind: aggregate, table: answers, function: mean, per_row: 评价, points: 100, empty: blank}
"""

# void rules on one row: a column compared, in a list, an expression, all/any/not of them
RULES = [
    "        - {when: {column: 评价, equals: 不满意}, reason: 不满意答复待核实}",
    "        - {when: {column: 渠道, in: [短信]}, reason: 短信渠道不计}",
    "        - {when: {expr: \"评价 == 60 and 渠道 == '网络'\"}, reason: 网络一般票作废}",
    "        - {when: {all: [{column: 渠道, equals: 电话}, {not: {column: 评价, in: [满意, 较满意]}}]}, reason: 电话低分复核}",
    "        - {when: {blank: 渠道}, reason: 未注明渠道}",
]


def _ruleset(tmp_path: Path, rules: list[str]) -> Any:
    path = tmp_path / "void-rows.yaml"
    path.write_text(RULESET.replace("RULES", "\n".join(rules)), encoding="utf-8")
    return load_ruleset(path)


def _write(folder: Path, units: list[str], rows: list[tuple[str, str, str]], quoted: bool, crlf: bool) -> None:
    folder.mkdir(exist_ok=True)
    end = "\r\n" if crlf else "\n"
    (folder / "units.csv").write_text(end.join(["单位编码,单位名称", *(f"{u},单位{u}" for u in units)]) + end, encoding="utf-8")
    lines = ["单位编码,评价,渠道"]
    for subject, grade, channel in rows:
        lines.append(f'"{subject}","{grade}",{channel}' if quoted else f"{subject},{grade},{channel}")
    (folder / "answers.csv").write_bytes((end.join(lines) + end).encode("utf-8"))


def _outcome(ruleset: Any, folder: Path) -> tuple[str, Any]:
    try:
        result = evaluate.score(ruleset, folder)
    except PingyiError as exc:
        return "error", (str(exc), exc.code)
    units = [(s.id, explain(result, s.id), [(t.path, t.inputs, t.formula, t.points, t.notes, t.rows) for t in s.trace()])
             for s in result.subjects]
    return "ok", (to_json(result), result.warnings, units)


def _both(ruleset: Any, folder: Path) -> tuple[tuple[str, Any], bool]:
    folded = any(t.folded is not None for t in read_facts(ruleset.tables, folder, fold=foldable_tables(ruleset)).tables.values())
    streamed = _outcome(ruleset, folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CompiledRuleset, "foldable", property(lambda _ruleset: frozenset()))  # folding off
        full = _outcome(ruleset, folder)
    assert streamed == full
    return streamed, folded


rows = st.lists(st.tuples(st.sampled_from(["U1", "U2", "U3"]), st.sampled_from(GRADES), st.sampled_from([*CHANNELS, ""])),
                min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(given_rows=rows, rules=st.lists(st.sampled_from(RULES), min_size=1, max_size=3, unique=True),
       quoted=st.booleans(), crlf=st.booleans())
def test_void_rows_folded_are_the_rows_screened(
    tmp_path: Path, given_rows: list[tuple[str, str, str]], rules: list[str], quoted: bool, crlf: bool
) -> None:
    ruleset = _ruleset(tmp_path, rules)
    assert foldable_tables(ruleset) == {"answers"}
    folder = tmp_path / "facts"
    _write(folder, ["U1", "U2", "U3"], given_rows, quoted, crlf)
    _, folded = _both(ruleset, folder)  # the same result, or the same error at the same row (a blank in an expression)
    assert folded


def test_each_void_row_is_listed_at_its_row_and_left_out(tmp_path: Path) -> None:
    """U1: 满意 (100), 不满意 (void), 较满意 (80) → mean 90; U2: only 不满意 → no row counted, blank;
    the two void rows listed by subject and row number, in file order, at their rows."""
    ruleset = _ruleset(tmp_path, [RULES[0]])
    folder = tmp_path / "facts"
    _write(folder, ["U1", "U2"], [("U1", "满意", "电话"), ("U1", "不满意", "电话"), ("U2", "不满意", "短信"), ("U1", "较满意", "网络")],
           quoted=False, crlf=False)
    (status, (_, _, units)), folded = _both(ruleset, folder)
    assert status == "ok" and folded
    result = evaluate.score(ruleset, folder)
    assert [(v.key, v.reason, v.location.row if v.location else None, v.subjects) for v in result.void] == [
        ("U1 第3行", "不满意答复待核实", 3, ("U1",)), ("U2 第4行", "不满意答复待核实", 4, ("U2",))]
    totals = {s.id: s.total for s in result.subjects}
    assert str(totals["U1"]) == "90.00" and totals["U2"] is None
    assert "作废" in units[0][1]  # explain lists U1's void row under it


def test_a_void_row_of_an_unknown_subject_is_no_error_either_way(tmp_path: Path) -> None:
    """The rules leave a row out before its subject is looked up: a void row naming no subject is
    only listed; a kept one is FA018 at its row, folded or not."""
    ruleset = _ruleset(tmp_path, [RULES[0]])
    folder = tmp_path / "facts"
    _write(folder, ["U1"], [("U1", "满意", "电话"), ("U9", "不满意", "电话")], quoted=False, crlf=False)
    (status, _), _ = _both(ruleset, folder)
    assert status == "ok"
    _write(folder, ["U1"], [("U1", "满意", "电话"), ("U9", "满意", "电话")], quoted=False, crlf=False)
    (status, (_, code)), _ = _both(ruleset, folder)
    assert status == "error" and code == "FA018"


@pytest.mark.parametrize(("extra", "rule"), [
    ("      form: 单位编码\n", "        - {form_when: {same: 评价}, reason: 全部相同}"),  # a rule over a form's rows
    ("      form: 单位编码\n", RULES[0]),  # a row's verdict voids its whole form
    ("      require: [\"评价 >= 20\"]\n", RULES[0]),  # a row check (an error at the row)
    ("      unique: [单位编码, 评价, 渠道]\n", RULES[0]),  # a repeat is an error
])
def test_rules_over_more_than_one_row_keep_the_rows(tmp_path: Path, extra: str, rule: str) -> None:
    text = RULESET.replace("RULES", rule).replace("      void:\n", extra + "      void:\n")
    path = tmp_path / "form.yaml"
    path.write_text(text, encoding="utf-8")
    assert foldable_tables(load_ruleset(path)) == frozenset()


def test_an_aggregate_listing_void_rows_keeps_the_rows(tmp_path: Path) -> None:
    text = RULESET.replace("RULES", RULES[0]).replace("empty: blank}", "empty: blank, void_detail: \"作废 {reason}\"}")
    path = tmp_path / "detail.yaml"
    path.write_text(text, encoding="utf-8")
    assert foldable_tables(load_ruleset(path)) == frozenset()
