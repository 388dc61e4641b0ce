"""A long table whose void rules judge whole forms (`form:`), folded by content as it streams
(facts.forms, compile.voids `TableRules._apply_folded_forms`). Scored both ways — folded, and with
folding off, the rows read and screened form by form — the JSON (every void record: its key,
reason, place and rows, in order), the warnings, the explain text and every unit's trace are the
same, and so is any error (at its row)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import load_ruleset
from pingyi_rules.compile.ruleset import CompiledRuleset
from pingyi_rules.compile.voids import TableRules
from pingyi_rules.core.errors import PingyiError
from pingyi_rules.facts.forms import FormRecords
from pingyi_rules.facts.stream import FoldedTable, foldable_tables
from pingyi_rules.render.output import explain, to_json
from pingyi_rules.scoring import evaluate

GRADES = ["满意", "较满意", "一般", "较不满意", "不满意"]
CHANNELS = ["电话", "短信", "网络"]

RULESET = """\
id: void-forms
name: 作废表单示例
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
        - {header: 表单, type: text}
        - {header: 评价, type: grade, scale: 五档}
        - {header: 渠道, type: enum, choices: [电话, 短信, 网络], required: false}
      form: 表单
      void:
RULES
points: 100
components:
  - AGGREGATE
"""

AGGREGATES = {
    "mean": "{id: 满意度, name: 满意度, kind: aggregate, table: answers, function: mean, per_row: 评价, points: 100, empty: blank}",
    "ratio": ("{id: 满意度, name: 满意度, kind: aggregate, table: answers, function: ratio, per_row: 评价, over: \"100\","
              " where: {column: 渠道, in: [电话, 网络]}, traced: selected, points: 100, empty: blank}"),
    "share": ("{id: 满意度, name: 满意度, kind: aggregate, table: answers, function: share, meeting: {column: 评价, in: [满意, 较满意]},"
              " points: 100, empty: 0}"),
}

FORM_RULES = [
    "        - {form_when: {same: 评价}, reason: 全部相同}",
    "        - {form_when: {count_rows: {column: 评价, equals: 不满意}, above: 1}, reason: \"不满意{count}条\"}",
    "        - {when: {column: 渠道, equals: 短信}, reason: 短信表单作废}",
    ("        - {must_meet: [{count_rows: {column: 评价, in: [满意, 较满意]}, at_least: 1, says: 无好评},"
     " {each_subject: at_most_once, says: \"重复 {repeated}\"}], reason: \"{failed}\"}"),
    "        - {form_when: {not: {each_subject: at_least_once}}, reason: 未评全}",
    "        - {when: {expr: \"渠道 == '网络' and 评价 < 60\"}, reason: 网络低分}",  # a blank 渠道: an error at its row
    "        - {form_when: {count_rows: {column: 表单, equals: F2}, at_least: 1}, reason: 第二张作废}",  # names the form column
]


def _ruleset(tmp_path: Path, rules: list[str], aggregate: str = "mean") -> Any:
    text = RULESET.replace("RULES", "\n".join(rules)).replace("AGGREGATE", AGGREGATES[aggregate])
    path = tmp_path / "forms.yaml"
    path.write_text(text, encoding="utf-8")
    return load_ruleset(path)


Form = list[tuple[str, str, str]]  # (subject, grade, channel) per row


def _write(
    folder: Path, forms: list[Form], *, together: bool = True, quoted: bool = False, crlf: bool = False,
    form_first: bool = False, names: list[str] | None = None,
) -> None:
    """The forms' rows (each form's together, or the first row of every form, then the second, …)."""
    folder.mkdir(exist_ok=True)
    end = "\r\n" if crlf else "\n"
    (folder / "units.csv").write_text(end.join(["单位编码,单位名称", "U1,单位U1", "U2,单位U2", "U3,单位U3"]) + end, encoding="utf-8")
    labels = names or [f"F{number}" for number in range(1, len(forms) + 1)]
    rows = [(labels[number], i, *row) for number, form in enumerate(forms) for i, row in enumerate(form)]
    if not together:
        rows.sort(key=lambda row: row[1])
    lines = ["表单,单位编码,评价,渠道" if form_first else "单位编码,表单,评价,渠道"]
    for form, _, subject, grade, channel in rows:
        cells = [form, subject, grade, channel] if form_first else [subject, form, grade, channel]
        lines.append(",".join(f'"{c}"' if quoted and c else c for c in cells))
    (folder / "answers.csv").write_bytes((end.join(lines) + end).encode("utf-8"))


def _outcome(ruleset: Any, folder: Path) -> tuple[str, Any]:
    try:
        result = evaluate.score(ruleset, folder)
    except PingyiError as exc:
        return "error", (str(exc), exc.code)
    units = [(s.id, explain(result, s.id), [(t.path, t.inputs, t.formula, t.points, t.notes, t.rows) for t in s.trace()])
             for s in result.subjects]
    void = [(v.table, v.key, v.reason, v.location, v.subjects, v.rows) for v in result.void]
    return "ok", (to_json(result), result.warnings, units, void)


def _both(ruleset: Any, folder: Path) -> tuple[tuple[str, Any], bool]:
    """The outcome folded and with folding off (the same, or the test fails), and whether the forms
    were screened folded (without a rule failing and the rows read instead)."""
    screened: list[bool] = []
    original = FormRecords.screen

    def recorded(self: FormRecords, *args: Any) -> Any:
        try:
            found = original(self, *args)
        except PingyiError:
            screened.append(False)
            raise
        screened.append(True)
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FormRecords, "screen", recorded)
        streamed = _outcome(ruleset, folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CompiledRuleset, "foldable", property(lambda _ruleset: frozenset()))  # folding off
        full = _outcome(ruleset, folder)
    assert streamed == full
    return streamed, screened == [True]


rows_of_a_form = st.lists(
    st.tuples(st.sampled_from(["U1", "U2", "U3"]), st.sampled_from(GRADES), st.sampled_from([*CHANNELS, ""])), min_size=1, max_size=4,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    forms=st.lists(st.one_of(rows_of_a_form, st.sampled_from([[("U1", "满意", "电话"), ("U2", "满意", "电话")]])), min_size=1, max_size=12),
    rules=st.lists(st.sampled_from(FORM_RULES), min_size=1, max_size=3, unique=True),
    aggregate=st.sampled_from(sorted(AGGREGATES)),
    together=st.booleans(), quoted=st.booleans(), crlf=st.booleans(), form_first=st.booleans(),
)
def test_void_forms_folded_are_the_forms_screened(
    tmp_path: Path, forms: list[Form], rules: list[str], aggregate: str, together: bool, quoted: bool, crlf: bool, form_first: bool
) -> None:
    """Any forms (alike ones among them), any rules, rows together or apart, quoted or not: the same
    result, void list, traces and errors as the rows screened; folded unless a rule fails on a row."""
    ruleset = _ruleset(tmp_path, rules, aggregate)
    assert foldable_tables(ruleset).forms == {"answers": ("表单",)}
    folder = tmp_path / "facts"
    _write(folder, forms, together=together, quoted=quoted, crlf=crlf, form_first=form_first)
    (status, _), screened = _both(ruleset, folder)
    assert screened or status == "error"


def test_void_forms_are_listed_by_form_at_their_first_row(tmp_path: Path) -> None:
    """F1 (满意, 满意: all the same) void; F2 (较满意, 满意) kept: U1 mean (80 + 100) / 2 = 90; U2's only
    row is F1's: no row counted. F1 listed at its first row (2) with its rows (2, 3)."""
    ruleset = _ruleset(tmp_path, [FORM_RULES[0]])
    folder = tmp_path / "facts"
    _write(folder, [[("U1", "满意", "电话"), ("U2", "满意", "网络")], [("U1", "较满意", "电话"), ("U1", "满意", "电话")]])
    (status, _), screened = _both(ruleset, folder)
    assert status == "ok" and screened
    result = evaluate.score(ruleset, folder)
    assert [(v.key, v.reason, v.location.row if v.location else None, v.subjects, v.rows) for v in result.void] == [
        ("F1", "全部相同", 2, ("U1", "U2"), (2, 3))]
    totals = {s.id: s.total for s in result.subjects}
    assert str(totals["U1"]) == "90.00" and totals["U2"] is None


def test_forms_apart_are_gathered_in_the_order_of_their_first_rows(tmp_path: Path) -> None:
    """Rows F1, F2, F1, F2: F2 (不满意 twice) void, listed with its rows 3 and 5; F1 kept."""
    ruleset = _ruleset(tmp_path, [FORM_RULES[1]])
    folder = tmp_path / "facts"
    _write(folder, [[("U1", "满意", "电话"), ("U1", "一般", "电话")], [("U1", "不满意", "电话"), ("U2", "不满意", "网络")]],
           together=False)
    (status, _), screened = _both(ruleset, folder)
    assert status == "ok" and screened
    result = evaluate.score(ruleset, folder)
    assert [(v.key, v.reason, v.rows) for v in result.void] == [("F2", "不满意2条", (3, 5))]
    assert str(next(s.total for s in result.subjects if s.id == "U1")) == "80.00"


def test_alike_forms_share_one_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forty forms of two contents: a kept content judged once; a void one judged once on its
    contents, then once per form for its reason and rows — 1 + (1 + 20) judgements, not 40."""
    ruleset = _ruleset(tmp_path, [FORM_RULES[0]])
    folder = tmp_path / "facts"
    kept: Form = [("U1", "满意", "电话"), ("U2", "一般", "电话")]
    void: Form = [("U1", "满意", "电话"), ("U2", "满意", "电话")]
    _write(folder, [kept, void] * 20)
    calls = 0
    original = TableRules._ruled

    def counted(self: TableRules, form: Any) -> str | None:
        nonlocal calls
        calls += 1
        return original(self, form)

    monkeypatch.setattr(TableRules, "_ruled", counted)
    result = evaluate.score(ruleset, folder)
    assert calls == 22
    assert [v.key for v in result.void] == [f"F{n}" for n in range(2, 41, 2)]
    (status, _), screened = _both(ruleset, folder)
    assert status == "ok" and screened


def test_forms_written_alike_are_one_form(tmp_path: Path) -> None:
    """' F1' and 'F1' are one form (the cell is typed, spaces taken off), as the rows say: void together."""
    ruleset = _ruleset(tmp_path, [FORM_RULES[0]])
    folder = tmp_path / "facts"
    _write(folder, [[("U1", "满意", "电话")], [("U2", "一般", "电话")], [("U2", "满意", "电话")]], names=["F1", "F2", " F1"])
    (status, _), screened = _both(ruleset, folder)
    assert status == "ok" and screened
    assert [(v.key, v.rows) for v in evaluate.score(ruleset, folder).void] == [("F1", (2, 4))]


@pytest.mark.parametrize(("form", "code"), [
    ([("U1", "很满意", "电话")], "FA"),  # off the scale: an error at its cell
    ([("U1", "", "电话")], "FA"),  # a blank required cell
    ([("U1", "满意", "邮件")], "FA"),  # not one of the choices
])
def test_a_bad_cell_inside_a_form_is_an_error_at_its_row(tmp_path: Path, form: Form, code: str) -> None:
    ruleset = _ruleset(tmp_path, [FORM_RULES[0]])
    folder = tmp_path / "facts"
    _write(folder, [[("U1", "满意", "电话"), ("U2", "满意", "电话")], [("U2", "一般", "电话"), *form]])
    (status, (message, got)), _ = _both(ruleset, folder)
    assert status == "error" and got.startswith(code) and "row 5" in message


def test_a_rule_failing_on_a_blank_cell_is_reported_at_its_row(tmp_path: Path) -> None:
    """`渠道 == '网络'` on a blank 渠道 (an optional column): the error names row 4, folded or not."""
    ruleset = _ruleset(tmp_path, [FORM_RULES[5]])
    folder = tmp_path / "facts"
    _write(folder, [[("U1", "满意", "电话"), ("U2", "满意", "电话")], [("U2", "一般", "")]])
    (status, (message, _)), screened = _both(ruleset, folder)
    assert status == "error" and "row 4" in message and not screened


def test_a_kept_row_of_no_subject_is_an_error_and_a_void_one_is_listed(tmp_path: Path) -> None:
    ruleset = _ruleset(tmp_path, [FORM_RULES[0]])
    folder = tmp_path / "facts"
    _write(folder, [[("U1", "满意", "电话"), ("U9", "满意", "电话")], [("U1", "一般", "电话"), ("U2", "满意", "电话")]])
    (status, _), _ = _both(ruleset, folder)
    assert status == "ok"
    _write(folder, [[("U1", "满意", "电话"), ("U9", "一般", "电话")]])
    (status, (message, code)), _ = _both(ruleset, folder)
    assert status == "error" and code == "FA018" and "row 3" in message


def test_a_cell_over_two_lines_reads_the_rows(tmp_path: Path) -> None:
    """A quoted cell with a line end in it: the rows' numbers are the full path's to say."""
    ruleset = _ruleset(tmp_path, [FORM_RULES[0]])
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "units.csv").write_text("单位编码,单位名称\nU1,\"单位\nU1\"\n", encoding="utf-8")
    (folder / "answers.csv").write_text("单位编码,表单,评价,渠道\nU1,\"F\n1\",满意,电话\nU1,\"F\n1\",满意,电话\nU1,F2,一般,\n", encoding="utf-8")
    (status, _), screened = _both(ruleset, folder)
    assert status == "ok" and not screened


@pytest.mark.parametrize("reading", [
    "where: {column: 表单, in: [F1, F2]}",
    "per_row: \"评价 if 表单 == 'F1' else 0\"",
    "groups: {column: 表单, combine: mean}",
])
def test_an_aggregate_reading_the_form_column_keeps_the_rows(tmp_path: Path, reading: str) -> None:
    """A component that reads the form column reads the rows (they are not folded without it)."""
    ruleset = _ruleset(tmp_path, [FORM_RULES[0]])
    text = (tmp_path / "forms.yaml").read_text(encoding="utf-8").replace("empty: blank}", f"empty: blank, {reading}}}")
    if reading.startswith("per_row"):
        text = text.replace("per_row: 评价, ", "")
    (tmp_path / "forms.yaml").write_text(text, encoding="utf-8")
    ruleset = load_ruleset(tmp_path / "forms.yaml")
    assert "answers" not in foldable_tables(ruleset)
    folder = tmp_path / "facts"
    _write(folder, [[("U1", "满意", "电话"), ("U1", "满意", "电话")], [("U1", "一般", "电话"), ("U1", "满意", "电话")]])
    (status, _), screened = _both(ruleset, folder)
    assert status == "ok" and not screened


@pytest.mark.parametrize("extra", [
    "      unique: [表单, 单位编码]\n",  # a repeat is an error: every row is checked
    "      require: [\"评价 >= 20\"]\n",  # a row check (an error at the row)
])
def test_rules_other_than_void_rules_keep_the_rows(tmp_path: Path, extra: str) -> None:
    _ruleset(tmp_path, [FORM_RULES[0]])
    text = (tmp_path / "forms.yaml").read_text(encoding="utf-8").replace("      void:\n", extra + "      void:\n")
    (tmp_path / "forms.yaml").write_text(text, encoding="utf-8")
    assert foldable_tables(load_ruleset(tmp_path / "forms.yaml")) == frozenset()


def test_a_form_of_the_subject_column_keeps_the_rows(tmp_path: Path) -> None:
    _ruleset(tmp_path, [FORM_RULES[0]])
    text = (tmp_path / "forms.yaml").read_text(encoding="utf-8").replace("      form: 表单\n", "      form: 单位编码\n")
    (tmp_path / "forms.yaml").write_text(text, encoding="utf-8")
    assert foldable_tables(load_ruleset(tmp_path / "forms.yaml")) == frozenset()


@pytest.mark.parametrize("line", [
    "U1,F2,一般,电话,",  # an empty cell beyond the header
    "U1,F2,一般,电话,备注",  # a filled one
    "U1,F2,一般",  # a short row
    "",  # a blank line
    ",,,",  # a blank row
    "合计,,,",  # a totals row
    "U1,合计,,",  # a totals row by its form cell
])
def test_an_odd_line_reads_the_rows(tmp_path: Path, line: str) -> None:
    """A line the fold does not take as a plain row: the full path reads it and says what it says."""
    ruleset = _ruleset(tmp_path, [FORM_RULES[0]])
    folder = tmp_path / "facts"
    _write(folder, [[("U1", "满意", "电话"), ("U2", "满意", "电话")], [("U2", "一般", "电话")]])
    text = (folder / "answers.csv").read_text(encoding="utf-8")
    (folder / "answers.csv").write_text(text.replace("U2,F2,一般,电话\n", f"U2,F2,一般,电话\n{line}\n"), encoding="utf-8")
    _, screened = _both(ruleset, folder)
    assert not screened


@pytest.mark.parametrize("aggregate", sorted(AGGREGATES))
def test_the_folded_values_need_no_row_read_again(tmp_path: Path, aggregate: str) -> None:
    """Scored (JSON) from the counted contents alone: the rows are read again only for a trace."""
    ruleset = _ruleset(tmp_path, [FORM_RULES[0]], aggregate)
    folder = tmp_path / "facts"
    _write(folder, [[("U1", "满意", "电话"), ("U2", "一般", "网络")], [("U1", "满意", "电话"), ("U1", "满意", "电话")]] * 3)
    expected = _outcome(ruleset, folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FoldedTable, "full", _no_reading)
        assert to_json(evaluate.score(ruleset, folder)) == expected[1][0]


def _no_reading(*_: Any) -> Any:
    raise AssertionError("the rows read again")
