"""Properties of the Wenzhou 2023 ruleset under random extra cases: 监督检查 stays in [0, 25] and one more
case never raises it; the bonus never exceeds its cap of 2."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import load_ruleset, score

ROOT = Path(__file__).resolve().parents[2]
RULESET = load_ruleset(ROOT / "rulesets" / "wenzhou-2023.yaml")
FACTS = ROOT / "examples" / "wenzhou-2023"
RANGES = {"A1": (3, 5), "A2": (3, 5), "A3": (2, 4), "A4": (2, 4), "A5": (Decimal("0.3"), 2), "B3": (1, 3),
          "B4": (2, 4), "C1": (Decimal("0.3"), 2), "C4": (1, 3)}
SANCTIONS = {"B1": ["警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍"],
             "B2": ["警告", "记过", "记大过", "降级", "撤职", "开除"]}
yes_no = st.sampled_from(["是", "否"])


def _fresh(tmp_path: Path) -> Path:
    """A copy of the facts in which every unit has an online row, since extra cases change who is picked."""
    folder = tmp_path / "f"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(FACTS, folder)
    ids = [line.split(",")[0] for line in (FACTS / "units.csv").read_text(encoding="utf-8-sig").splitlines()[1:]]
    (folder / "online.csv").write_text("单位编码,满意,一般,不满意\n" + "".join(f"{i},9,1,0\n" for i in ids),
                                       encoding="utf-8")
    return folder


@st.composite
def case_rows(draw: st.DrawFn) -> str:
    code = draw(st.sampled_from([*RANGES, "B1", "B2", "C2", "C3"]))
    amount = sanction = ""
    if code in RANGES:
        low, high = (Decimal(x) for x in RANGES[code])
        amount = str(low + (high - low) * Decimal(draw(st.integers(0, 10))) / 10)
    elif code in SANCTIONS:
        sanction = draw(st.sampled_from(SANCTIONS[code]))
    day = draw(st.sampled_from(["2022-10-31", "2022-11-01", "2023-06-01", "2023-10-31", "2023-11-01"]))
    person = draw(st.sampled_from(["", "P01", "P99"]))
    matter = draw(st.sampled_from(["", "M1", "M9"]))
    flags = ",".join(draw(yes_no) for _ in range(4))
    return f"{code},{day},{person},{sanction},{amount},{flags},{matter}"


def _supervision(folder: Path, unit: str, rows: list[str]) -> Decimal:
    text = (FACTS / "supervision.csv").read_text(encoding="utf-8-sig").rstrip("\n")
    text += "".join(f"\n{unit},{row}" for row in rows)
    (folder / "supervision.csv").write_text(text + "\n", encoding="utf-8")
    value = score(RULESET, folder).subject(unit).component("监督检查").points
    assert value is not None
    return value


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(case_rows(), min_size=0, max_size=6), extra=case_rows(),
       unit=st.sampled_from(["WZ002", "WZ010", "WZ022"]))
def test_one_more_case_never_raises_supervision(tmp_path: Path, rows: list[str], extra: str, unit: str) -> None:
    folder = _fresh(tmp_path)
    before = _supervision(folder, unit, rows)
    after = _supervision(folder, unit, [*rows, extra])
    assert 0 <= after <= before <= 25


LEVELS = ["党中央国务院", "国家部委或省委省政府", "部委司局或省委省政府办公厅", "省级部门或市委市政府"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["W1", "W2", "W3"]), st.sampled_from(LEVELS), yes_no,
                          st.sampled_from(["集体", "个人", "主管部门"]), yes_no), max_size=8))
def test_bonus_never_exceeds_its_cap(tmp_path: Path, awards: list[tuple[str, ...]]) -> None:
    folder = _fresh(tmp_path)
    lines = ["单位编码,工作事项,表彰层级,有文号,表彰对象,综合类表彰,发文日期"]
    lines += [f"WZ022,{w},{lv},{doc},{who},{general},2023-06-01" for w, lv, doc, who, general in awards]
    (folder / "awards.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = score(RULESET, folder)
    bonus = result.subject("WZ022").component("加分")
    assert bonus.points is not None and 0 <= bonus.points <= 2
    assert len(bonus.trace.rows) == len(awards)  # every row accounted for once


@pytest.mark.parametrize("unit", ["WZ003", "WZ016"])
def test_components_within_their_points(unit: str) -> None:
    subject = score(RULESET, FACTS).subject(unit)
    for top in subject.components:
        for node in top.walk():
            if node.points is not None and node.id != "报送材料扣分":
                assert 0 <= node.points <= node.max
