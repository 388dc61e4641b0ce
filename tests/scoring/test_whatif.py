"""What-if: a changed cell against two full runs (the second from a file edited as text), the
changes typed as the file's own cells, the facts given left as they were."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import Change, FactsError, PingyiError, Result, load_ruleset, read_facts, score, whatif
from pingyi_rules.facts.changes import apply_changes

from ..helpers import ROOT, cli

NEISHE = ROOT / "rulesets" / "district-neishe-ceping-2012.yaml"
SEED = ROOT / "examples" / "seed-004"
CORPUS = ROOT / "tests" / "corpus" / "base"
GRADES = ["优", "良", "一般", "较差", "差"]
VOTES = [f"{method}_{grade}" for method in ("即时测评", "综合测评", "明察暗访", "集中测评") for grade in GRADES]


def _edited_copy(folder: Path, target: Path, table: str, key: str, column: str, value: str) -> Path:
    """A copy of the facts folder with one cell of one CSV file replaced, edited as CSV text."""
    shutil.copytree(folder, target)
    path = target / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    at = rows[0].index(column)
    hits = [row for row in rows[1:] if row[0] == key]
    assert len(hits) == 1
    hits[0][at] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return target


def _standings(result: Result) -> dict[str, tuple[Decimal | None, Decimal | None, int | None, tuple[str, ...]]]:
    return {s.id: (s.exact_total, s.total, s.rank, tuple(s.tiers)) for s in result.subjects}


def _expected(before: Result, after: Result, owner: str) -> tuple[set[str], set[str]]:
    """(affected, moved) worked out from two full runs: the owner and every unit whose total changed;
    the other units whose rank or tiers changed."""
    old, new = _standings(before), _standings(after)
    affected = {i for i in old if i == owner or old[i][:2] != new[i][:2]}
    moved = {i for i in old if i not in affected and old[i][2:] != new[i][2:]}
    return affected, moved


def _check_against_two_runs(tmp_path: Path, unit: str, column: str, value: int) -> None:
    ruleset = load_ruleset(NEISHE)
    edited = _edited_copy(SEED, tmp_path / "edited", "units", unit, column, str(value))
    change = f"units!{unit}!{column}={value}"
    try:
        after = score(ruleset, edited)
    except PingyiError as read:  # e.g. no votes left in a method (EV002): the same error, the same row
        with pytest.raises(PingyiError) as changed:
            whatif(ruleset, SEED, [change])
        assert (changed.value.code, changed.value.message) == (read.code, read.message)
        assert read.location is not None and changed.value.location is not None
        assert (changed.value.location.row, changed.value.location.field) == (read.location.row, read.location.field)
        return
    what = whatif(ruleset, SEED, [change])
    before = score(ruleset, SEED)
    affected, moved = _expected(before, after, unit)
    assert {u.id for u in what.affected} == affected
    assert {u.id for u in what.moved} == moved
    old, new = _standings(before), _standings(after)
    for item in (*what.affected, *what.moved):
        assert (item.total_before, item.rank_before, item.tiers_before) == old[item.id][1:]
        assert (item.total_after, item.rank_after, item.tiers_after) == new[item.id][1:]
        assert item.changed == (item.id == unit)
        assert item.moved == (old[item.id][2:] != new[item.id][2:])
    assert _standings(what.before) == old and _standings(what.after) == new


def test_one_changed_vote_count_moves_the_units_two_full_runs_move(tmp_path: Path) -> None:
    # ZF11 from 5 to 25 优 in 集中测评: into the top 6 (满意科室), ZF05 down one place, ZF14 out of the top 6
    _check_against_two_runs(tmp_path, "ZF11", "集中测评_优", 25)
    what = whatif(load_ruleset(NEISHE), SEED, ["units!ZF11!集中测评_优=25"])
    assert [(u.id, u.rank_before, u.rank_after, u.tiers_before, u.tiers_after) for u in what.affected] == [
        ("ZF11", 7, 5, (), ("满意科室",))
    ]
    assert [(u.id, u.rank_before, u.rank_after, u.tiers_before, u.tiers_after) for u in what.moved] == [
        ("ZF05", 5, 6, ("满意科室",), ("满意科室",)),
        ("ZF14", 6, 7, ("满意科室",), ()),
    ]


@settings(max_examples=12, deadline=None)
@given(unit=st.sampled_from([f"ZF{i:02d}" for i in range(1, 15)] + [f"ZH{i:02d}" for i in range(1, 19)]),
       column=st.sampled_from(VOTES), value=st.integers(0, 60))
def test_any_changed_vote_count_agrees_with_two_full_runs(unit: str, column: str, value: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _check_against_two_runs(Path(tmp), unit, column, value)


def test_the_cli_prints_the_moved_units() -> None:
    code, out, err = cli("whatif", str(NEISHE), str(SEED), "--set", "units!ZF03!集中测评_优=5")
    assert (code, err) == (0, "")
    assert out.splitlines()[3:] == [
        "变更涉及的单位：",
        "  行政执法类 ZF03 区交通局业务科：总分 92.29 → 90.34；名次 1 → 3；等次 满意科室（不变）",
        "名次或等次随之变化的单位：",
        "  行政执法类 ZF09 区地税局办公室：总分 92.23（不变）；名次 2 → 1；等次 满意科室（不变）",
        "  行政执法类 ZF12 区安监局监督科：总分 91.05（不变）；名次 3 → 2；等次 满意科室（不变）",
    ]


def test_several_changes_at_once_and_the_facts_given_stay_as_they_were() -> None:
    ruleset = load_ruleset(NEISHE)
    facts = read_facts(ruleset, SEED)
    row = next(r for r in facts.tables["units"].rows if r.values["单位编码"] == "ZF08")
    kept = dict(row.values)
    what = whatif(ruleset, facts, [Change("units", "ＺＦ０８", "未按时整改", 0), "units!ZF08!二次督办仍未整改=0"])
    assert row.values == kept and facts.tables["units"].rows[row.number - 2] is row
    assert [(a.before, a.after, str(a.location)) for a in what.changes] == [
        (Decimal(1), Decimal(0), f"{SEED}/units.csv, row 9: column 未按时整改"),
        (Decimal(1), Decimal(0), f"{SEED}/units.csv, row 9: column 二次督办仍未整改"),
    ]
    # 20 − 0 instead of 20 − (3 + 5): eight points more, over the 70 of 书面说明情况 (bottom 3, at least 70)
    (unit,) = what.affected
    assert (unit.total_before, unit.total_after) == (Decimal("62.26"), Decimal("70.26"))
    assert (unit.tiers_before, unit.tiers_after) == (("限期整改并问责",), ("书面说明情况",))
    assert what.moved == ()


def test_a_changed_value_is_typed_as_the_files_own_cell(tmp_path: Path) -> None:
    ruleset = load_ruleset(CORPUS / "ruleset.yaml")
    with pytest.raises(FactsError) as changed:
        whatif(ruleset, CORPUS, ["units!U1!领导评分=101"])
    edited = _edited_copy(CORPUS, tmp_path / "edited", "units", "U1", "领导评分", "101")
    with pytest.raises(FactsError) as read:
        score(ruleset, edited)
    assert (changed.value.code, changed.value.message) == (read.value.code, read.value.message) == (
        "FA016", "101 is out of range; expected a number from 0 to 100")
    assert str(changed.value.location) == f"{CORPUS}/units.csv, row 2: column 领导评分"
    # full-width digits and blanks around them are read as in a file
    what = whatif(ruleset, CORPUS, ["units!U1!领导评分= ８５ "])
    assert what.changes[0].after == Decimal(85)


def test_a_cases_row_is_named_by_its_number_in_the_file(tmp_path: Path) -> None:
    ruleset = load_ruleset(CORPUS / "ruleset.yaml")
    what = whatif(ruleset, CORPUS, ["cases!3!分值=2"])
    assert str(what.changes[0].location) == f"{CORPUS}/cases.csv, row 3: column 分值"
    shutil.copytree(CORPUS, tmp_path / "edited")
    path = tmp_path / "edited" / "cases.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[2] == "U1,B,2023-04-01,4"
    lines[2] = "U1,B,2023-04-01,2"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _standings(what.after) == _standings(score(ruleset, tmp_path / "edited"))
    assert [u.id for u in what.affected][:1] == ["U1"]


def test_changes_from_python_rows_and_a_changed_case_moves_to_another_subject() -> None:
    ruleset = load_ruleset(CORPUS / "ruleset.yaml")
    facts = read_facts(ruleset, CORPUS)
    _, applied = apply_changes(facts, ["cases!2!编码=U2"], "units")
    assert applied[0].subjects == ("U1", "U2")
    with pytest.raises(FactsError) as raised:
        whatif(ruleset, CORPUS, [])
    assert raised.value.code == "FA050"
    with pytest.raises(FactsError) as raised:
        whatif(ruleset, CORPUS, [3])  # type: ignore[list-item]
    assert raised.value.code == "FA050"


def test_a_keyed_row_is_named_by_its_key_and_moves_every_unit_joined_to_it(tmp_path: Path) -> None:
    ruleset = load_ruleset(ROOT / "rulesets" / "wenzhou-2023.yaml")
    facts = ROOT / "examples" / "wenzhou-2023"
    what = whatif(ruleset, facts, ["departments!市发改委!未按要求报送材料扣分=2"])
    assert what.changes[0].subjects == ()  # a department's row belongs to no one unit
    edited = _edited_copy(facts, tmp_path / "edited", "departments", "市发改委", "未按要求报送材料扣分", "2")
    before, after = score(ruleset, facts), score(ruleset, edited)
    assert _standings(what.after) == _standings(after)
    changed = {i for i, s in _standings(before).items() if s[:2] != _standings(after)[i][:2]}
    assert changed and {u.id for u in what.affected} == changed
    under = {str(r.values["单位编码"]) for r in read_facts(ruleset, facts).tables["units"].rows if r.values["主管单位"] == "市发改委"}
    assert changed <= under  # only units under 市发改委 lose points


def _table_rules_example(folder: Path) -> Path:
    """The first worked example of docs/mechanisms/table-rules.md (its CSVs up to its expect block)
    written to `folder` (its ruleset path returned)."""
    from ..test_docs_pages import DOCS, blocks

    folder.mkdir()
    found = blocks(DOCS / "mechanisms" / "table-rules.md")
    for lang, name, text in found:
        if lang == "expect":
            break
        if lang == "csv" and name:
            (folder / name).write_text(text, encoding="utf-8")
    ruleset = next(text for lang, name, text in found if lang == "yaml" and not name and text.startswith("id:"))
    (folder.parent / f"{folder.name}.yaml").write_text(ruleset, encoding="utf-8")
    return folder.parent / f"{folder.name}.yaml"


@pytest.mark.parametrize(("row", "column", "value", "line"), [
    (14, "好", "1", "P5,U1,2023-11,群众,1,0,0"),  # the 2 that voided P5 corrected: P5 counts
    (2, "好", "2", "P1,U1,2023-11,群众,2,0,0"),  # an `invalid: void` cell: P1 void, as read from the file
])
def test_an_invalid_void_cell_voids_its_form_as_in_the_file(tmp_path: Path, row: int, column: str, value: str, line: str) -> None:
    path = _table_rules_example(tmp_path / "given")
    ruleset = load_ruleset(path)
    what = whatif(ruleset, tmp_path / "given", [f"测评票!{row}!{column}={value}"])
    _table_rules_example(edited := tmp_path / "edited")
    table = edited / "测评票.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[row - 1] = line
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    after = score(ruleset, edited)
    assert _standings(what.after) == _standings(after)
    assert [(v.key, v.reason) for v in what.after.void] == [(v.key, v.reason) for v in after.void]
    assert _standings(what.before) != _standings(what.after)
