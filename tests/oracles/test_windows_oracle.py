"""《行政服务中心民主评议工作方案》 (rulesets/service-center-windows.yaml) against the independent reading in
windows_reference.py: the fixed example data, and generated windows tables with vetoes, warning
deductions larger than the score, cloned windows (ties on the quota cut-offs) and one questionnaire
left empty."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .engine import divergences as compare
from .windows_reference import GRADES, ROUNDS, VETO, reference

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "rulesets" / "service-center-windows.yaml"
FACTS = ROOT / "examples" / "seed-003"
HEADER = ["窗口编码", "窗口名称", "领导小组评议", "窗口互评", *(f"{r}_{g}" for r in ROUNDS for g in GRADES), "预警扣分",
          *VETO]
COMPONENTS = ("领导小组评议", "窗口互评", "群众满意度", "综合得分", "预警扣分")


def divergences(folder: Path) -> list[str]:
    return compare(RULESET, folder, reference(folder), COMPONENTS)


def test_example_data_matches_the_reference() -> None:
    assert divergences(FACTS) == []


scores = st.sampled_from(["0", "59.9", "60", "75.5", "80", "88.25", "92.1", "99.95", "100"])


@st.composite
def window(draw: st.DrawFn) -> list[str]:
    first = draw(st.lists(st.integers(0, 9), min_size=5, max_size=5))
    second = draw(st.lists(st.integers(0, 9), min_size=5, max_size=5).filter(lambda v: any(v) or any(first)))
    flags = [draw(st.sampled_from(["否", "否", "否", "否", "是"])) for _ in VETO]
    warning = draw(st.sampled_from(["0", "0", "0.5", "2", "10", "100"]))
    return [draw(scores), draw(scores), *map(str, first + second), warning, *flags]


@st.composite
def windows_table(draw: st.DrawFn) -> list[list[str]]:
    rows = draw(st.lists(window(), min_size=3, max_size=12))
    rows += [rows[i] for i in draw(st.lists(st.integers(0, len(rows) - 1), min_size=1, max_size=5))]
    return [[f"W{i:02d}", f"窗口{i:02d}", *row] for i, row in enumerate(rows)]


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=windows_table())
def test_engine_agrees_with_the_reference_on_generated_windows(tmp_path: Path, rows: list[list[str]]) -> None:
    folder = tmp_path / "facts"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    with open(folder / "windows.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    assert divergences(folder) == []
