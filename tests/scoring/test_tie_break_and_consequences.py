"""Declared tie-breaks in ranking, and consequence values by rank band."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pingyi_rules import RulesetError, load_ruleset, score

RULESET = """\
id: tb
name: 同分示例
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
        - {header: 单位, type: text}
        - {header: 甲, type: decimal}
        - {header: 乙, type: decimal}
        - {header: 类型, type: enum, choices: [好, 差, 无]}
        - {header: 名次, type: count, required: false}
points: 100
components:
  - {id: 甲, name: 甲项, kind: input, column: 甲, points: 60}
  - {id: 乙, name: 乙项, kind: input, column: 乙, points: 40}
ranking:
  within: 单位
  tie_break: [甲]
tiers:
  - {name: 推荐, quota: {best: 1}}
consequences:
  key: 类型
  rank: 名次
  otherwise: {负责人: 0, 其他: 0}
  bands:
    - {key_value: 好, ranks: [1, 2], results: {负责人: 6, 其他: 5}}
    - {key_value: 好, ranks: [3, 5], results: {负责人: 4, 其他: 3}}
    - {key_value: 差, ranks: [1, 2], results: {负责人: -5, 其他: -5}}
"""

UNITS = """编码,名称,单位,甲,乙,类型,名次
A,甲,一局,50,40,好,1
B,乙,一局,55,35,好,3
C,丙,一局,50.004,39.996,差,2
D,丁,二局,50,30,无,
E,戊,二局,50,30,好,9
"""


def _score(tmp_path: Path, text: str = RULESET, units: str = UNITS):  # type: ignore[no-untyped-def]
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "units.csv").write_text(units, encoding="utf-8")
    return score(load_ruleset(tmp_path / "r.yaml"), tmp_path)


def test_a_tie_on_the_total_is_broken_by_the_declared_measure(tmp_path: Path) -> None:
    result = _score(tmp_path)
    # 一局: A, B and C all total 90.00; 甲 55 (B) > 50.00 (A) = 50.00 (C, 50.004 rounded to 2 places)
    assert [result.subject(x).rank for x in "BAC"] == [1, 2, 2]
    assert result.subject("B").tiers == ["推荐"]
    assert result.subject("A").tiers == []
    assert "依次比较 甲项 55.00" in result.subject("B").notes[0]


def test_subjects_still_tied_all_take_the_single_place(tmp_path: Path) -> None:
    result = _score(tmp_path)
    # 二局: D and E tie on the total and on 甲 → both rank 1, both 推荐 (quota 1)
    assert [result.subject(x).rank for x in "DE"] == [1, 1]
    assert result.subject("D").tiers == ["推荐"] and result.subject("E").tiers == ["推荐"]
    assert "仍相同，并列" in result.subject("D").notes[0]


def test_without_tie_break_the_tie_stands(tmp_path: Path) -> None:
    result = _score(tmp_path, RULESET.replace("  tie_break: [甲]\n", ""))
    assert [result.subject(x).rank for x in "ABC"] == [1, 1, 1]
    assert all(result.subject(x).tiers == ["推荐"] for x in "ABC")


def test_an_unknown_tie_break_component_is_located(tmp_path: Path) -> None:
    with pytest.raises(RulesetError) as caught:
        _score(tmp_path, RULESET.replace("tie_break: [甲]", "tie_break: [丙]"))
    assert caught.value.location is not None and caught.value.location.path == "ranking.tie_break[0]"


def test_values_follow_type_and_band(tmp_path: Path) -> None:
    result = _score(tmp_path)
    assert result.subject("A").values == {"负责人": Decimal(6), "其他": Decimal(5)}
    assert result.subject("B").values == {"负责人": Decimal(4), "其他": Decimal(3)}
    assert result.subject("C").values == {"负责人": Decimal(-5), "其他": Decimal(-5)}
    assert result.subject("D").values == {"负责人": Decimal(0), "其他": Decimal(0)}  # no place
    assert result.subject("E").values == {"负责人": Decimal(0), "其他": Decimal(0)}  # place 9: no band


def test_without_a_rank_column_the_computed_rank_is_used(tmp_path: Path) -> None:
    text = RULESET.replace("  rank: 名次\n", "")
    result = _score(tmp_path, text)
    # B is rank 1 in 一局 (好 1–2 → 6 / 5); A rank 2 (好 → 6 / 5); C rank 2 (差 1–2 → −5)
    assert result.subject("B").values["负责人"] == 6
    assert result.subject("C").values["负责人"] == -5


def test_overlapping_bands_are_a_ruleset_error(tmp_path: Path) -> None:
    text = RULESET.replace("ranks: [3, 5]", "ranks: [2, 5]")
    with pytest.raises(RulesetError, match="places 2–5 overlap band 0"):
        _score(tmp_path, text)


def test_a_band_naming_other_values_is_a_ruleset_error(tmp_path: Path) -> None:
    text = RULESET.replace("results: {负责人: -5, 其他: -5}", "results: {负责人: -5}")
    with pytest.raises(RulesetError, match="every band and 'otherwise' must name the same values"):
        _score(tmp_path, text)


def test_a_band_type_that_is_not_a_column_value_is_a_ruleset_error(tmp_path: Path) -> None:
    with pytest.raises(RulesetError, match="'很好' is not a value of column '类型'"):
        _score(tmp_path, RULESET.replace("{key_value: 好, ranks: [1, 2]", "{key_value: 很好, ranks: [1, 2]"))
