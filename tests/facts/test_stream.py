"""Folding long cases tables (facts.stream): which tables fold, that anything the full path would
say a word about goes back to it (the same message, warning and place), the re-read rows, and
the counted reductions against the reductions over the rows."""

from __future__ import annotations

import decimal
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import load_ruleset
from pingyi_rules.compile.ruleset import CompiledRuleset
from pingyi_rules.core.errors import FactsError, Location, PingyiError
from pingyi_rules.core.numbers import CONTEXT, div
from pingyi_rules.facts.reading import read_facts
from pingyi_rules.facts.rows import Row
from pingyi_rules.facts.stream import foldable_tables
from pingyi_rules.kinds.aggregate_rows import exact_sum, reduce, reduce_counted
from pingyi_rules.render.output import explain, to_json
from pingyi_rules.scoring import evaluate

from ..helpers import EXAMPLES, RULESETS

SURVEY = RULESETS / "examples" / "survey-satisfaction.yaml"
SHEETS = RULESETS / "examples" / "sheets-trimmed-mean.yaml"
UNITS = "单位编码,单位名称\nU1,甲\nU2,乙\n"


def _folder(tmp_path: Path, answers: bytes | str) -> Path:
    folder = tmp_path / "facts"
    folder.mkdir(exist_ok=True)
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")
    data = answers.encode("utf-8") if isinstance(answers, str) else answers
    (folder / "answers.csv").write_bytes(data)
    return folder


def _folded(ruleset: Any, folder: Path) -> bool:
    tables = read_facts(ruleset.tables, folder, fold=foldable_tables(ruleset)).tables
    return any(t.folded is not None for t in tables.values())


def _outcome(ruleset: Any, folder: Path) -> tuple[str, Any]:
    try:
        result = evaluate.score(ruleset, folder)
    except PingyiError as exc:
        return "error", (str(exc), exc.code)
    return "ok", (to_json(result), result.warnings, [explain(result, s.id) for s in result.subjects])


def _both(ruleset: Any, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    streamed = _outcome(ruleset, folder)
    with monkeypatch.context() as patch:
        patch.setattr(CompiledRuleset, "foldable", property(lambda _ruleset: frozenset()))  # folding off
        full = _outcome(ruleset, folder)
    assert streamed == full
    return streamed


# --------------------------------------------------------------------------- which tables fold

def test_a_table_read_only_by_aggregates_folds() -> None:
    assert foldable_tables(load_ruleset(SURVEY)) == {"answers"}
    assert foldable_tables(load_ruleset(SHEETS)) == {"sheets"}


def _survey_variant(tmp_path: Path, table_extra: str, component_extra: str, more: str = "") -> Any:
    text = SURVEY.read_text(encoding="utf-8")
    text = text.replace("      layout: cases\n      subject: 单位编码\n", "      layout: cases\n      subject: 单位编码\n" + table_extra)
    text = text.replace("function: mean, per_row: 评价,", f"function: mean, per_row: 评价,{component_extra}")
    path = tmp_path / "variant.yaml"
    path.write_text(text + more, encoding="utf-8")
    return load_ruleset(path)


def test_table_rules_keep_the_rows(tmp_path: Path) -> None:
    ruleset = _survey_variant(tmp_path, "      unique: [单位编码, 评价]\n", "")
    assert foldable_tables(ruleset) == frozenset()


def test_a_table_named_anywhere_else_keeps_its_rows(tmp_path: Path) -> None:
    more = "tiers:\n  - {name: 多答复, when: {count_rows: answers, at_least: 3}}\n"
    assert foldable_tables(_survey_variant(tmp_path, "", "", more)) == frozenset()


@pytest.mark.parametrize("steps", [
    " keep_highest: {matter: 评价, reason: 就高},",
    " exempt: [{when: {column: 评价, equals: 满意}, reason: 免计}],",
    " checks: [{name: 已评, when: {not: {blank: 评价}}}],",
])
def test_a_table_whose_aggregate_walks_its_rows_in_order_keeps_them(tmp_path: Path, steps: str) -> None:
    # row steps read each subject's rows in order: folding the table would only read it twice
    ruleset = _survey_variant(tmp_path, "", steps)
    assert foldable_tables(ruleset) == frozenset()


# --------------------------------------------------------------------------- the fold and its fallbacks

def test_the_example_folds_into_distinct_rows(tmp_path: Path) -> None:
    ruleset = load_ruleset(SURVEY)
    table = read_facts(ruleset.tables, EXAMPLES / "survey-satisfaction", fold={"answers"}).tables["answers"]
    assert table.rows == [] and table.folded is not None
    folded = table.folded.subjects
    assert {s: rows.count for s, rows in folded.items()} == {"U1": 3, "U2": 2, "U3": 4}
    assert [(row.values["评价"], n) for row, n in folded["U1"].entries] == [(Decimal(100), 2), (Decimal(80), 1)]
    # the rows behind them, read again as the full path reads them
    full = read_facts(ruleset.tables, EXAMPLES / "survey-satisfaction").tables["answers"]
    assert folded["U3"].rows() == [r for r in full.rows if r.values["单位编码"] == "U3"]
    assert folded["U1"].rows() == [r for r in full.rows if r.values["单位编码"] == "U1"]


@pytest.mark.parametrize(
    ("answers", "folds"),
    [
        ("单位编码,评价\nU1,满意\nU2,一般\nU1,较满意\n", True),
        ("单位编码,评价\r\nU1,满意\r\nU2,一般\r\nU1,较满意", True),  # CRLF, no line end at the end
        ('单位编码,评价\n"U1",满意\nU2,一般\n', True),  # quoted: the csv module reads it
        ("单位编码,评价\rU1,满意\rU2,一般\r", True),  # CR only: the csv module reads it
        ("单位编码,评价\nU1,满意\nU2,很好\n", False),  # a grade not on the scale: FA error at its row
        ("单位编码,评价\nU1,满意\n\nU2,一般\n", False),  # a blank line
        ("单位编码,评价\nU1,满意\nU2,一般\n合计,\n", False),  # a totals row: a warning
        ("单位编码,评价\nU1,满意\nU2,一般,x\n", False),  # a cell beyond the header
        ("单位编码,评价,\nU1,满意,\nU2,一般,\n", True),  # padded to the header's width
        ("单位编码,评价\nU1,满意,\nU2,一般\n", False),  # wider than the header, even with an empty cell
        ('单位编码,评价,\n"U1",满意,\nU2,一般,\n', False),  # padded, quoted: read record by record
        ("单位编码,评价\nU1,满意\nU3,一般\n", True),  # no such subject: the join reads it again for the place
        ("单位编码,评价,备注\nU1,满意,\nU2,一般,好\n", True),  # an undeclared column: a warning
        ("单位编码,评价\nU1,满意\n\ufeffU2,一般\n", True),  # a byte-order mark inside the file: a character
        ("单位编码,评价\nU1\nU2,一般\n", False),  # a short row
        ("", False),
    ],
)
def test_anything_the_full_path_remarks_on_is_left_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: str, folds: bool
) -> None:
    ruleset = load_ruleset(SURVEY)
    folder = _folder(tmp_path, answers)
    try:
        folded = _folded(ruleset, folder)
    except FactsError:
        folded = False
    assert folded == folds
    _both(ruleset, folder, monkeypatch)


def test_gb18030_folds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ruleset = load_ruleset(SURVEY)
    folder = _folder(tmp_path, "单位编码,评价\nU1,满意\nU2,不满意\nU2,满意\n".encode("gb18030"))
    assert _folded(ruleset, folder)
    kind, (json, _, _) = _both(ruleset, folder, monkeypatch)
    assert kind == "ok" and '"points": "60.00"' in json


def test_an_unknown_subject_is_reported_at_its_row(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "单位编码,评价\nU1,满意\nU2,一般\nU9,满意\n")
    with pytest.raises(FactsError) as caught:
        evaluate.score(load_ruleset(SURVEY), folder)
    assert caught.value.code == "FA018"
    assert caught.value.location == Location(file=str(folder / "answers.csv"), row=4, field="单位编码")


def test_the_rows_are_those_scored_though_the_file_changes_or_goes(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "单位编码,评价\nU1,满意\nU2,一般\n")
    ruleset = load_ruleset(SURVEY)
    result = evaluate.score(ruleset, folder)
    expected = [explain(evaluate.score(ruleset, read_facts(ruleset.tables, folder)), s) for s in ("U1", "U2")]
    (folder / "answers.csv").write_text("单位编码,评价\nU1,一般\nU2,一般\n", encoding="utf-8")
    assert explain(result, "U1") == expected[0]
    shutil.rmtree(folder)
    assert explain(result, "U2") == expected[1]
    assert "row 3: 计入 60" in expected[1]


def test_rows_read_again_for_one_subject_then_for_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "sheets"
    shutil.copytree(EXAMPLES / "sheets-trimmed-mean", folder)
    ruleset = load_ruleset(SHEETS)
    table = read_facts(ruleset.tables, folder, fold={"sheets"}).tables["sheets"].folded
    assert table is not None
    full = read_facts(ruleset.tables, folder).tables["sheets"].rows
    for subject in ("U2", "U1", "U3", "U2"):
        assert table.rows_of(subject) == [r for r in full if r.values["单位编码"] == subject]


# --------------------------------------------------------------------------- counted reductions

def _rows(values: list[Decimal]) -> list[tuple[int, Row, Decimal]]:
    return [(i, Row({}, {}, Location(file="t.csv", row=i + 2)), v) for i, v in enumerate(values)]


def _counted(values: list[Decimal]) -> list[tuple[Decimal, int]]:
    """Distinct values (as written) with their counts, in first-row order, as a fold files them."""
    counts: dict[tuple[Any, ...], list[Any]] = {}
    for value in values:
        counts.setdefault(value.as_tuple(), [value, 0])[1] += 1
    return [(value, n) for value, n in counts.values()]


VALUES = st.lists(
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
    | st.sampled_from([Decimal(80), Decimal("80.0"), Decimal(0), Decimal("-0"), Decimal("1E+2")]),
    min_size=1, max_size=30,
)


@settings(max_examples=400, deadline=None)
@given(values=VALUES, function=st.sampled_from(["count", "sum", "mean", "min", "max", "trimmed_mean"]), drop=st.integers(1, 3))
def test_counted_reductions_are_the_rows_reductions(values: list[Decimal], function: str, drop: int) -> None:
    trim = (drop, 2 * drop + 1)
    with decimal.localcontext(CONTEXT):
        expected = reduce(function, _rows(values), trim).value
        got = reduce_counted(function, _counted(values), len(values), trim)
    if got is None:  # only where the rows' order could matter
        assert function == "trimmed_mean"
        return
    assert (got, str(got)) == (expected, str(expected))


def test_a_sum_that_would_round_is_left_to_the_rows() -> None:
    big = Decimal("6E+59")
    assert exact_sum([(big, 1), (Decimal("0.5"), 1)]) is None  # the total itself rounds
    assert exact_sum([(big, 1), (Decimal(1), 1), (-big, 1)]) is None  # a partial sum in some order would
    assert exact_sum([(Decimal("12.5"), 3), (Decimal(-2), 2)]) == Decimal("33.5")


def test_equal_scores_written_differently_at_a_trimmed_edge_are_left_to_the_rows() -> None:
    assert reduce_counted("trimmed_mean", [(Decimal(80), 1), (Decimal("80.0"), 1), (Decimal(90), 3)], 5, (1, 4)) is None
    assert reduce_counted("trimmed_mean", [(Decimal(80), 2), (Decimal(90), 3)], 5, (1, 4)) == div(Decimal(260), Decimal(3))
