"""rulesets/shandong-qunzhong-manyidu.yaml against the independent reading in shandong_reference.py on
generated cities: records of both channels with every answer (不了解 included), a question some city's
channel answered only 不了解, void records (a blank or unknown answer), a city without one channel, and
cloned cities (ties)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .engine import try_engine_json, unit_divergences, write_csv
from .shandong_reference import CHANNELS, QUESTIONS, reference, void_records

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "rulesets" / "shandong-qunzhong-manyidu.yaml"
COMPONENTS = ("满意度得分", *CHANNELS, *(short + q.split()[0] for short, _ in CHANNELS.values() for q in QUESTIONS))
HEADERS = {"cities": ["城市编码", "城市名称"], "responses": ["记录编号", "城市编码", "调查方式", "受访者类别", *QUESTIONS]}
ANSWERS = ["满意", "基本满意", "不满意", "不了解"]


@st.composite
def city(draw: st.DrawFn) -> dict[str, Any]:
    unknown = draw(st.sets(st.sampled_from(range(8)), max_size=2))  # questions this city's people cannot rate
    records = []
    for channel in CHANNELS:
        for _ in range(draw(st.sampled_from([1, 2, 3, 4, 6, 0]))):
            answers = [draw(st.sampled_from(ANSWERS)) if i not in unknown else "不了解" for i in range(8)]
            if draw(st.sampled_from([False] * 9 + [True])):
                answers[draw(st.integers(0, 7))] = draw(st.sampled_from(["", "很满意"]))
            who = draw(st.sampled_from(["党代表", "人大代表", "政协委员"])) if channel == "问卷调查" else ""
            records.append([channel, who, *answers])
    return {"records": records}


@st.composite
def tables(draw: st.DrawFn) -> dict[str, tuple[list[str], list[list[str]]]]:
    cities = draw(st.lists(city(), min_size=2, max_size=6))
    cities += [cities[i] for i in draw(st.lists(st.integers(0, len(cities) - 1), max_size=2))]
    rows: dict[str, list[list[str]]] = {name: [] for name in HEADERS}
    for i, c in enumerate(cities):
        rows["cities"].append([f"C{i:02d}", f"城市{i:02d}"])
        for record in c["records"]:
            rows["responses"].append([f"R{len(rows['responses']):04d}", f"C{i:02d}", *record])
    return {name: (HEADERS[name], rows[name]) for name in HEADERS}


def test_engine_agrees_with_the_reference_on_generated_cities(tmp_path: Path) -> None:
    seen: set[str] = set()

    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(facts=tables())
    def agree(facts: dict[str, tuple[list[str], list[list[str]]]]) -> None:
        folder = tmp_path / "facts"
        write_csv(folder, facts)
        result, err = try_engine_json(RULESET, folder)
        assert result is not None, err  # every generated fact set is valid: all of them must reach scoring
        expected = reference(folder)
        assert unit_divergences(result, expected, COMPONENTS) == []
        assert {v["key"] for v in result["void"]} == void_records(folder)
        totals = [u["total"] for u in expected.values() if u["total"] is not None]
        seen.update(what for what, hit in [
            ("tie", len(totals) > len(set(totals))), ("no channel", len(totals) < len(expected)),
            ("question dropped", any(v is None for u in expected.values() for k, v in u.items() if k[2:3] == "Q")),
            ("void", bool(result["void"]))] if hit)

    agree()
    assert seen == {"tie", "no channel", "question dropped", "void"}, seen
