"""Nested schemes (the `nested` kind): a ruleset's total scaled into a component of another."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from pingyi_rules import EvaluationError, RulesetError, load_ruleset, read_facts, score
from pingyi_rules.cli import run
from pingyi_rules.render.output import to_json_data

ROOT = Path(__file__).resolve().parents[2]

INNER = """\
id: inner
name: 内部评价
version: "1"
source: {title: 示例}
inputs:
  subjects: {table: inner, id_column: 编码}
  tables:
    - id: inner
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 甲项, type: decimal, required: false}
        - {header: 乙项, type: decimal}
points: 100
components:
  - {id: 甲项, name: 甲项, kind: input, column: 甲项, points: 60}
  - {id: 乙项, name: 乙项, kind: input, column: 乙项, points: 40}
"""

OUTER = """\
id: outer
name: 外部方案
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
        - {header: 其他, type: decimal}
points: 100
components:
  - {id: 其他, name: 其他, kind: input, column: 其他, points: 95}
  - {id: 内部, name: 内部评价, kind: nested, ruleset: inner.yaml, points: 5}
"""


def _setup(tmp_path: Path, inner_rows: str = "A,50,40\nB,,30\n", units: str = "A,甲,90\nB,乙,80\n") -> tuple[Path, Path]:
    (tmp_path / "inner.yaml").write_text(INNER, encoding="utf-8")
    (tmp_path / "outer.yaml").write_text(OUTER, encoding="utf-8")
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "units.csv").write_text("编码,名称,其他\n" + units, encoding="utf-8")
    (facts / "inner.csv").write_text("编码,甲项,乙项\n" + inner_rows, encoding="utf-8")
    return tmp_path / "outer.yaml", facts


def test_nested_total_is_scaled_and_its_breakdown_becomes_children(tmp_path: Path) -> None:
    outer, facts = _setup(tmp_path)
    result = score(load_ruleset(outer), facts)
    a = result.subject("A")
    nested = a.component("内部")
    # inner total 50 + 40 = 90 of 100 → 90 / 100 × 5 = 4.5
    assert nested.points == Decimal("4.5")
    assert [c.id for c in nested.children] == ["甲项", "乙项"]
    assert [c.trace.path for c in nested.children] == ["内部/甲项", "内部/乙项"]
    assert nested.trace.formula == "内部评价总分 90 / 100 × 5 = 4.5"
    assert a.total == Decimal("94.50")
    data = to_json_data(result)
    unit = next(u for u in data["units"] if u["id"] == "A")
    assert [c["id"] for c in unit["components"][1]["components"]] == ["甲项", "乙项"]
    # the nested ruleset's files are among the inputs
    assert [name for name, _ in result.inputs] == ["units.csv", "inner.csv"]


def test_a_nested_total_that_is_null_makes_the_component_null(tmp_path: Path) -> None:
    outer, facts = _setup(tmp_path)
    b = score(load_ruleset(outer), facts).subject("B")
    assert b.component("内部").points is None
    assert b.total is None


def test_nested_subjects_missing_exit_1_naming_them(tmp_path: Path) -> None:
    outer, facts = _setup(tmp_path, units="A,甲,90\nB,乙,80\nC,丙,70\nD,丁,60\n")
    out, err = io.StringIO(), io.StringIO()
    assert run(["score", str(outer), str(facts)], out, err) == 1
    message = err.getvalue()
    assert message.startswith(f"{facts / 'inner.csv'}: 内部: subject(s) C, D are missing from the nested ruleset 'inner'")
    assert f"nested at {outer}:" in message


def test_a_ruleset_nesting_itself_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "outer.yaml"
    path.write_text(OUTER.replace("ruleset: inner.yaml", "ruleset: outer.yaml"), encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    assert str(caught.value).endswith("components[1].ruleset: nesting goes round in a circle: outer.yaml → outer.yaml [RS041]")


def test_a_nesting_cycle_through_two_files_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "inner.yaml").write_text(
        INNER.replace("  - {id: 乙项, name: 乙项, kind: input, column: 乙项, points: 40}",
                      "  - {id: 乙项, name: 乙项, kind: nested, ruleset: outer.yaml, points: 40}"),
        encoding="utf-8",
    )
    (tmp_path / "outer.yaml").write_text(OUTER, encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(tmp_path / "outer.yaml")
    assert "nesting goes round in a circle: outer.yaml → inner.yaml → outer.yaml" in str(caught.value)
    assert caught.value.location is not None and caught.value.location.file == str(tmp_path / "inner.yaml")


def test_a_missing_nested_file_is_located_at_the_key(tmp_path: Path) -> None:
    path = tmp_path / "outer.yaml"
    path.write_text(OUTER.replace("ruleset: inner.yaml", "ruleset: nowhere.yaml"), encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    assert caught.value.location is not None and caught.value.location.path == "components[1].ruleset"
    assert "no ruleset file 'nowhere.yaml'" in str(caught.value)


def test_a_factset_without_the_nested_tables_is_an_evaluation_error(tmp_path: Path) -> None:
    outer, facts = _setup(tmp_path)
    ruleset = load_ruleset(outer)
    with pytest.raises(EvaluationError, match="reads tables inner; score from the facts folder"):
        score(ruleset, read_facts(ruleset.tables, facts))


def test_shipped_county_scheme_reports_the_nested_void_ballots_and_traces_them() -> None:
    ruleset = load_ruleset(ROOT / "rulesets" / "county-qianren-2022.yaml")
    result = score(ruleset, ROOT / "examples" / "seed-000")
    assert [(v.table, v.key) for v in result.void] == [("ballots", "L4"), ("ballots", "H4")]
    ks01 = result.subject("KS01")
    entry = ks01.component("其他班子领导评价").trace
    assert entry.path == "日常评议/县社联评/领导评价/其他班子领导评价"
    assert [r.status for r in entry.rows] == ["counted", "counted", "void"]
    assert ks01.component("县社联评").points == Decimal("4.8415")


def test_scoring_one_subject_outside_score_is_a_located_error(tmp_path: Path) -> None:
    from pingyi_rules.scoring.evaluate import join_subjects

    outer, facts = _setup(tmp_path)
    ruleset = load_ruleset(outer)
    subject = join_subjects(ruleset, read_facts(ruleset.tables, facts))[0]
    with pytest.raises(EvaluationError, match="内部: a nested ruleset scores the whole population; use score()"):
        ruleset.evaluate_subject(subject)


# A's inner rows 甲项 50.095, 乙项 40: the inner exact total is 90.095, published (places 2, half_up) 90.10.
# published: 90.10 / 100 × 5 = 4.505 → outer total 90 + 4.505 = 94.505 → 94.51
# exact:     90.095 / 100 × 5 = 4.50475 → outer total 90 + 4.50475 = 94.50475 → 94.50
EXACT_ROWS = "A,50.095,40\nB,60,30\n"


def _hand_over(tmp_path: Path, how: str | None) -> Path:
    outer, _ = _setup(tmp_path, inner_rows=EXACT_ROWS)
    if how is not None:
        outer.write_text(OUTER.replace("points: 5}", f"points: 5, hand_over: {how}}}"), encoding="utf-8")
    return outer


@pytest.mark.parametrize("how", [None, "published"])
def test_by_default_the_published_nested_total_is_handed_over(tmp_path: Path, how: str | None) -> None:
    outer = _hand_over(tmp_path, how)
    a = score(load_ruleset(outer), tmp_path / "facts").subject("A")
    nested = a.component("内部")
    assert nested.points == Decimal("4.505")
    assert nested.trace.formula == "内部评价总分 90.1 / 100 × 5 = 4.505"
    assert nested.trace.inputs == (("内部评价总分", "90.1"), ("规则集", "inner 1"))
    assert a.total == Decimal("94.51")


def test_hand_over_exact_gives_the_parent_the_total_before_the_nested_rounding(tmp_path: Path) -> None:
    outer = _hand_over(tmp_path, "exact")
    result = score(load_ruleset(outer), tmp_path / "facts")
    a = result.subject("A")
    nested = a.component("内部")
    assert nested.points == Decimal("4.50475")
    assert nested.trace.formula == "内部评价总分精确值 90.095 / 100 × 5 = 4.50475"
    assert nested.trace.inputs == (("内部评价总分精确值", "90.095"), ("内部评价总分", "90.1"), ("规则集", "inner 1"))
    assert a.total == Decimal("94.50")
    # B: 60 + 30 = 90 exactly either way → 4.5, total 80 + 4.5 = 84.50
    assert result.subject("B").component("内部").points == Decimal("4.5")
    unit = next(u for u in to_json_data(result)["units"] if u["id"] == "A")
    assert unit["total"] == "94.50"
    assert unit["components"][1]["points"] == "4.50"


def test_explain_says_the_exact_total_was_handed_over(tmp_path: Path) -> None:
    outer = _hand_over(tmp_path, "exact")
    out, err = io.StringIO(), io.StringIO()
    assert run(["explain", str(outer), str(tmp_path / "facts"), "A"], out, err) == 0, err.getvalue()
    assert "内部评价总分精确值 90.095 / 100 × 5 = 4.50475" in out.getvalue()


def test_hand_over_exact_over_a_ruleset_rounding_its_components_changes_nothing(tmp_path: Path) -> None:
    outer, _ = _setup(tmp_path)
    (tmp_path / "inner.yaml").write_text(INNER.replace("points: 100\n", "points: 100\nnumbers: {round_at: components}\n"), encoding="utf-8")
    outer.write_text(OUTER.replace("points: 5}", "points: 5, hand_over: exact}"), encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(outer)
    assert caught.value.code == "RS053"
    assert str(caught.value).endswith(
        "components[1].hand_over: the nested ruleset 'inner' rounds its components (round_at: components), so its total is "
        "never rounded: its exact total is the published one, and 'hand_over: exact' changes nothing [RS053]"
    )
