"""Top-level lookups (服务数据量 → 系数): rows of intervals of one column under a hit policy, and the rating `factor`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, FactsError, RulesetError, score
from pingyi_rules.core.errors import Location
from pingyi_rules.results.runtime import SubjectFacts

from ..rules_helpers import load, subject_table, write_tables

BODY = "\n" + subject_table(
    "{header: 服务数据量, type: count}",
    "{headers: [满意, 一般, 不满意], type: count}",
) + """\
scales:
  - {id: 满意度, grades: {满意: 1, 一般: 0.6, 不满意: 0}}
lookups:
  - id: 系数
    hit: HIT
    rows:
      BANDS
points: 30
components:
  - {id: 满意度, name: 服务对象满意度, kind: rating, scale: 满意度, counts: ["{grade}"], multiply: 系数, points: 30}
"""
WENZHOU = """- {when: {of: 服务数据量, at_least: 300}, value: 1.00}
      - {when: {of: 服务数据量, at_least: 100, below: 300}, value: 0.98}
      - {when: {of: 服务数据量, below: 100}, value: 0.95}"""


def _ruleset(bands: str = WENZHOU, hit: str = "unique"):  # type: ignore[no-untyped-def]
    return load(BODY.replace("BANDS", bands).replace("HIT", hit))


def _coefficient(volume: int) -> Decimal:
    lookup = _ruleset().lookups[0]
    subject = SubjectFacts("U", "u", None, {"服务数据量": Decimal(volume)}, {}, {}, Location())
    lookup.apply(subject)
    value = subject.fields["系数"]
    assert isinstance(value, Decimal)
    return value


@pytest.mark.parametrize(
    ("volume", "coefficient"), [(0, "0.95"), (99, "0.95"), (100, "0.98"), (299, "0.98"), (300, "1.00"), (10**6, "1.00")]
)
def test_band_ends(volume: int, coefficient: str) -> None:
    assert _coefficient(volume) == Decimal(coefficient)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_every_volume_falls_in_exactly_the_reading_band(volume: int) -> None:
    expected = Decimal("1.00") if volume >= 300 else Decimal("0.98") if volume >= 100 else Decimal("0.95")
    assert _coefficient(volume) == expected


def test_rating_is_multiplied_by_the_coefficient(tmp_path: Path) -> None:
    facts = write_tables(tmp_path, {"units": "编码,名称,服务数据量,满意,一般,不满意\nU1,甲,99,8,1,1\nU2,乙,300,8,1,1"})
    result = score(_ruleset(), facts)
    # (8 + 0.6) / 10 × 30 = 25.8; × 0.95 = 24.51; × 1 = 25.8
    assert [s.total for s in result.subjects] == [Decimal("24.51"), Decimal("25.80")]
    assert "× 系数 0.95" in next(result.subject("U1").trace()).formula


def test_no_answers_at_all_is_an_error(tmp_path: Path) -> None:
    facts = write_tables(tmp_path, {"units": "编码,名称,服务数据量,满意,一般,不满意\nU1,甲,99,0,0,0"})
    with pytest.raises(EvaluationError, match=r"U1 甲: 满意度: expression .*: division by zero \(满意 = 0, 一般 = 0, 不满意 = 0, 系数 = 0.95, 票数合计 = 0"):
        score(_ruleset(), facts)


def test_overlapping_rows_are_rejected_at_load_under_unique() -> None:
    bands = """- {when: {of: 服务数据量, at_least: 300}, value: 1.00}
      - {when: {of: 服务数据量, between: [100, 300]}, value: 0.98}"""
    with pytest.raises(RulesetError) as info:
        _ruleset(bands)
    assert "rows 1 and 2 both hold when '服务数据量' is 300" in str(info.value)
    assert info.value.code == "RS068"


def test_a_value_in_no_row_names_the_cell(tmp_path: Path) -> None:
    bands = """- {when: {of: 服务数据量, at_least: 300}, value: 1.00}
      - {when: {of: 服务数据量, above: 100, below: 300}, value: 0.98}"""
    facts = write_tables(tmp_path, {"units": "编码,名称,服务数据量,满意,一般,不满意\nU1,甲,100,1,0,0"})
    with pytest.raises(FactsError) as info:
        score(_ruleset(bands), facts)
    assert str(info.value).endswith(
        "units.csv, row 2: column 服务数据量: 100 lies in no row of lookup '系数' ([300, +∞) (100, 300)) [FA025]"
    )


def test_both_lower_ends_is_a_shape_error() -> None:
    with pytest.raises(RulesetError, match="at_least"):
        _ruleset("- {when: {of: 服务数据量, at_least: 1, above: 2}, value: 1}")
