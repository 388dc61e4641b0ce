"""The one lookup table: its hit policy (compile.lookup_table.pick), each former shape written through
it and worked by hand, and the keyed form against the rows it stands for."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import FactsError, RulesetError, score
from pingyi_rules.compile.lookup_table import TwoRowsHold, pick

from ..rules_helpers import load, subject_table, write_tables

# --------------------------------------------------------------------------- the hit policy


def _holding(*held: int):  # type: ignore[no-untyped-def]
    tried: list[int] = []

    def holds(index: int) -> bool:
        tried.append(index)
        return index in held

    return holds, tried


def test_first_takes_the_first_row_that_holds_and_tries_no_further() -> None:
    holds, tried = _holding(1, 3)
    assert pick(5, holds, unique=False) == 1
    assert tried == [0, 1]


def test_unique_tries_every_row_and_takes_the_one_that_holds() -> None:
    holds, tried = _holding(2)
    assert pick(4, holds, unique=True) == 2
    assert tried == [0, 1, 2, 3]


def test_unique_with_two_rows_holding_names_both() -> None:
    holds, _ = _holding(1, 3)
    with pytest.raises(TwoRowsHold) as info:
        pick(5, holds, unique=True)
    assert (info.value.earlier, info.value.later) == (1, 3)


@pytest.mark.parametrize("unique", [False, True])
def test_no_row_holding_is_none(unique: bool) -> None:
    holds, _ = _holding()
    assert pick(3, holds, unique=unique) is None


# --------------------------------------------------------------------------- top-level lookups (the bands)

BANDS = "\n" + subject_table("{header: 服务数据量, type: count}") + """\
lookups:
  - id: 系数
    hit: HIT
    rows:
ROWS
points: 10
components:
  - {id: 服务分, name: 服务分, kind: expression, expr: "10 * 系数", points: 10}
"""
UNIQUE_ROWS = """\
      - {when: {of: 服务数据量, at_least: 300}, value: 1.00}
      - {when: {of: 服务数据量, at_least: 100, below: 300}, value: 0.98}
      - {when: {of: 服务数据量, below: 100}, value: 0.95}"""
# the same bands under hit: first: the widest last, written as the rest
FIRST_ROWS = """\
      - {when: {of: 服务数据量, at_least: 300}, value: 1.00}
      - {when: {of: 服务数据量, at_least: 100}, value: 0.98}
      - {value: 0.95}"""


def _scores(rows: str, hit: str, volumes: list[int], tmp_path: Path, extra: str = "") -> list[Decimal | None]:
    ruleset = load(BANDS.replace("HIT", hit).replace("ROWS", rows).replace("points: 10\n", extra + "points: 10\n", 1))
    lines = "\n".join(f"U{i},单位{i},{v}" for i, v in enumerate(volumes))
    result = score(ruleset, write_tables(tmp_path, {"units": "编码,名称,服务数据量\n" + lines}))
    return [s.total for s in result.subjects]


def test_bands_worked_by_hand(tmp_path: Path) -> None:
    # 99 → 0.95 → 9.5; 100 → 0.98 → 9.8; 299 → 9.8; 300 → 1 → 10
    expected = [Decimal("9.50"), Decimal("9.80"), Decimal("9.80"), Decimal("10.00")]
    assert _scores(UNIQUE_ROWS, "unique", [99, 100, 299, 300], tmp_path / "u") == expected
    assert _scores(FIRST_ROWS, "first", [99, 100, 299, 300], tmp_path / "f") == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=8))
def test_unique_bands_and_first_bands_agree(tmp_path: Path, volumes: list[int]) -> None:
    oracle = [Decimal("10.00") if v >= 300 else Decimal("9.80") if v >= 100 else Decimal("9.50") for v in volumes]
    assert _scores(UNIQUE_ROWS, "unique", volumes, tmp_path / "u") == oracle
    assert _scores(FIRST_ROWS, "first", volumes, tmp_path / "f") == oracle


def test_empty_gives_the_value_in_a_gap(tmp_path: Path) -> None:
    gap = """\
      - {when: {of: 服务数据量, at_least: 300}, value: 1.00}
      - {when: {of: 服务数据量, below: 100}, value: 0.95}
    empty: 0.5"""
    # 150 falls between the rows: 系数 0.5 → 5; 50 → 0.95 → 9.5
    assert _scores(gap, "unique", [150, 50], tmp_path) == [Decimal("5.00"), Decimal("9.50")]


def test_a_gap_without_empty_is_an_error_at_the_cell(tmp_path: Path) -> None:
    gap = """\
      - {when: {of: 服务数据量, at_least: 300}, value: 1.00}
      - {when: {of: 服务数据量, below: 100}, value: 0.95}"""
    with pytest.raises(FactsError) as info:
        _scores(gap, "unique", [150], tmp_path)
    assert info.value.code == "FA025"
    assert "150 lies in no row of lookup '系数' ([300, +∞) (−∞, 100))" in str(info.value)


def test_an_equals_row_is_the_interval_of_one_number(tmp_path: Path) -> None:
    rows = """\
      - {when: {of: 服务数据量, equals: 0}, value: 0}
      - {when: {of: 服务数据量, above: 0}, value: 1}"""
    assert _scores(rows, "unique", [0, 1], tmp_path) == [Decimal("0.00"), Decimal("10.00")]


def test_the_older_spelling_is_refused_with_the_new_one() -> None:
    body = BANDS.replace("    hit: HIT\n    rows:\nROWS", "    column: 服务数据量\n    bands: [{at_least: 0, value: 1}]")
    with pytest.raises(RulesetError) as info:
        load(body)
    assert info.value.code == "RS095"
    assert "lookups[0].column: 'column' is no longer a key of a lookups entry" in str(info.value)


# --------------------------------------------------------------------------- the keyed form against its rows

GRADES = "\n" + subject_table("{header: 等次, type: enum, choices: [优秀, 良好, 一般]}") + """\
scales:
  - {id: 等次分, grades: {优秀: 10, 良好: 8, 一般: 6}}
points: 20
components:
  - {id: 按表, name: 按等次表, kind: grade, column: 等次, scale: 等次分, points: 10}
  - id: 按行
    name: 按行
    kind: lookup
    points: 10
    hit: unique
    rows:
      - {when: {of: 等次, equals: 优秀}, value: 10}
      - {when: {of: 等次, equals: 良好}, value: 8}
      - {when: {of: 等次, equals: 一般}, value: 6}
"""


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["优秀", "良好", "一般"]), min_size=1, max_size=8))
def test_a_scale_and_the_rows_it_stands_for_give_the_same_points(tmp_path: Path, grades: list[str]) -> None:
    lines = "\n".join(f"U{i},单位{i},{g}" for i, g in enumerate(grades))
    result = score(load(GRADES), write_tables(tmp_path, {"units": "编码,名称,等次\n" + lines}))
    points = {"优秀": Decimal(10), "良好": Decimal(8), "一般": Decimal(6)}
    for subject, grade in zip(result.subjects, grades, strict=True):
        by_table, by_rows = (c.points for c in subject.components)
        assert by_table == by_rows == points[grade]


def test_rows_on_an_enum_column_must_cover_it_without_empty() -> None:
    body = GRADES.replace("      - {when: {of: 等次, equals: 一般}, value: 6}\n", "")
    with pytest.raises(RulesetError) as info:
        load(body)
    assert info.value.code == "RS098"
    assert "no row holds when '等次' is 一般; add a row for it, or declare 'empty'" in str(info.value)
    load(body + "    empty: 0\n")  # with empty, a value without a row takes it


# --------------------------------------------------------------------------- consequences (the two-input form)

RANKED = "\n" + subject_table("{header: 类型, type: enum, choices: [甲, 乙]}", "{header: 得分, type: decimal}") + """\
points: 100
components:
  - {id: 得分, name: 得分, kind: input, column: 得分, points: 100}
consequences:
  key: 类型
  otherwise: {奖: 0}
  bands:
BANDS
"""


def test_consequence_bands_are_found_by_the_hit_policy(run_rules) -> None:  # type: ignore[no-untyped-def]
    bands = "    - {key_value: 甲, ranks: [1, 2], results: {奖: 5}}\n    - {key_value: 乙, ranks: [1, 3], results: {奖: 3}}"
    result = run_rules(RANKED.replace("BANDS", bands), {"units": "编码,名称,类型,得分\nA,a,甲,90\nB,b,乙,80\nC,c,甲,70\nD,d,乙,60"})
    # ranks: A 1 (甲 1–2 → 5), B 2 (乙 1–3 → 3), C 3 (甲, not in 1–2 → 0), D 4 (乙, not in 1–3 → 0)
    assert [s.values["奖"] for s in result.subjects] == [Decimal(5), Decimal(3), Decimal(0), Decimal(0)]


def test_a_band_without_type_overlapping_a_typed_band_is_refused() -> None:
    bands = "    - {key_value: 甲, ranks: [1, 2], results: {奖: 5}}\n    - {ranks: [2, 3], results: {奖: 3}}"
    with pytest.raises(RulesetError) as info:
        load(RANKED.replace("BANDS", bands))
    assert info.value.code == "RS039"
    assert "places 2–3 overlap band 0 (1–2) (a band without 'key_value' holds for 甲 too)" in str(info.value)


def test_a_blank_cell_gives_a_blank_field_even_with_empty() -> None:
    from pingyi_rules.core.errors import Location
    from pingyi_rules.results.runtime import SubjectFacts

    body = BANDS.replace("HIT", "unique").replace("ROWS", UNIQUE_ROWS + "\n    empty: 0")
    lookup = load(body).lookups[0]
    subject = SubjectFacts("U", "u", None, {"服务数据量": None}, {}, {}, Location())
    lookup.apply(subject)
    assert subject.fields["系数"] is None
