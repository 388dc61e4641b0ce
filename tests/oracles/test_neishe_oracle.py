"""《投诉中心测评活动方案》 (rulesets/district-neishe-ceping-2012.yaml) against the independent reading in
neishe_reference.py: the fixed example data, and generated units tables with both categories, units
cloned from others (ties on the 6th and the last-3 cut-offs) and units whose total is exactly 70.00."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .engine import divergences as compare
from .neishe_reference import GRADES, PENALTIES, WEIGHTS, reference

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "rulesets" / "district-neishe-ceping-2012.yaml"
FACTS = ROOT / "examples" / "seed-004"
HEADER = ["单位编码", "单位名称", "类别", *(f"{m}_{g}" for m in WEIGHTS for g in GRADES), *PENALTIES]
COMPONENTS = (*WEIGHTS, "综合满意度", "整改情况")
# one of each of 优 and 良 and two 差 rate 225 / 360 = 5/8 → 综合满意度 50: with no deduction, a total of 70.00
SEVENTY = [1, 1, 0, 0, 2]


def divergences(folder: Path) -> list[str]:
    return compare(RULESET, folder, reference(folder), COMPONENTS)


def test_example_data_matches_the_reference() -> None:
    assert divergences(FACTS) == []


votes = st.lists(st.integers(0, 6), min_size=5, max_size=5).filter(any)


@st.composite
def unit(draw: st.DrawFn) -> list[str]:
    """One unit's category, votes for the four measurements (or the 70.00 profile in all four) and cases."""
    category = draw(st.sampled_from(["行政执法类", "综合管理类"]))
    if draw(st.integers(0, 5)) == 0:
        counts = SEVENTY * len(WEIGHTS)
        cases = [0, 0, 0]
    else:
        counts = [n for _ in WEIGHTS for n in draw(votes)]
        cases = [draw(st.sampled_from([0, 0, 0, 1, 2, 3])) for _ in PENALTIES]
    return [category, *map(str, counts), *map(str, cases)]


@st.composite
def units_table(draw: st.DrawFn) -> list[list[str]]:
    rows = draw(st.lists(unit(), min_size=4, max_size=16))
    rows += [rows[i] for i in draw(st.lists(st.integers(0, len(rows) - 1), min_size=2, max_size=8))]
    return [[f"U{i:02d}", f"科室{i:02d}", *row] for i, row in enumerate(rows)]


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=units_table())
def test_engine_agrees_with_the_reference_on_generated_units(tmp_path: Path, rows: list[list[str]]) -> None:
    folder = tmp_path / "facts"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    with open(folder / "units.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    assert divergences(folder) == []
