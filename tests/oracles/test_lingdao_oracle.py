"""rulesets/lingdao-shiji-lianghua.yaml against the independent reading in lingdao_reference.py on generated
leaders: ballot lines of the three groups with every word, void lines (a blank, or another indicator's word
such as 高 under 工作任务量), 附加分 rows (none, several, with decimals), and sometimes a group without any
valid line (the run must stop)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from .engine import Reach, try_engine_json, unit_divergences, write_csv
from .lingdao_reference import GROUPS, INDICATORS, WORDS, reference, void_ballots

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "rulesets" / "lingdao-shiji-lianghua.yaml"
COMPONENTS = (*(f"{g}评价得分" for g in GROUPS), "综合评价", "附加分")
HEADERS = {"subjects": ["测评对象编码", "姓名", "职务"],
           "ballots": ["票号", "评价主体", "测评对象编码", *INDICATORS],
           "bonus": ["测评对象编码", "姓名", "加分事项", "加分值"]}


@st.composite
def leader(draw: st.DrawFn) -> dict[str, Any]:
    lines = []
    for group in GROUPS:
        for _ in range(draw(st.sampled_from([1, 2, 3, 4, 7] if group != "分管领导" else [1, 1, 2]))):
            line = [draw(st.sampled_from(WORDS[i])) for i in INDICATORS]
            if draw(st.sampled_from([False] * 7 + [True])):  # a blank, or a word of another indicator
                line[draw(st.integers(0, 2))] = draw(st.sampled_from(["", "高", "好", "繁重"]))
            lines.append([group, *line])
    bonus = [draw(st.sampled_from(["0", "0.5", "1", "1.125", "2", "3.333"])) for _ in range(draw(st.integers(0, 3)))]
    return {"lines": lines, "bonus": bonus}


@st.composite
def tables(draw: st.DrawFn) -> dict[str, tuple[list[str], list[list[str]]]]:
    leaders = draw(st.lists(leader(), min_size=1, max_size=5))
    rows: dict[str, list[list[str]]] = {name: [] for name in HEADERS}
    for i, person in enumerate(leaders):
        sid = f"L{i:02d}"
        rows["subjects"].append([sid, f"干部{i:02d}", "副局长"])
        for line in person["lines"]:
            rows["ballots"].append([f"P{len(rows['ballots']):04d}", line[0], sid, *line[1:]])
        rows["bonus"] += [[sid, f"干部{i:02d}", "加分事项", amount] for amount in person["bonus"]]
    return {name: (HEADERS[name], rows[name]) for name in HEADERS}


def test_engine_agrees_with_the_reference_on_generated_leaders(tmp_path: Path) -> None:
    reach = Reach(0.7)
    seen: set[str] = set()

    @settings(max_examples=80, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(facts=tables())
    def agree(facts: dict[str, tuple[list[str], list[list[str]]]]) -> None:
        folder = tmp_path / "facts"
        write_csv(folder, facts)
        result, err = try_engine_json(RULESET, folder)
        expected = reference(folder)
        if expected is None:  # a group of some leader without a valid line
            assert result is None and "[EV010]" in err, err
            reach.stopped += 1
            event("stopped: a group without a valid ballot")
            return
        assert result is not None, err
        reach.scored += 1
        assert unit_divergences(result, expected, COMPONENTS) == []
        assert {v["key"] for v in result["void"]} == void_ballots(folder)
        seen.update(what for what, hit in [
            ("void", bool(result["void"])), ("bonus", any(u["附加分"] for u in expected.values())),
            ("x.xx5", any((u["exact"] * 1000).denominator == 1 and u["exact"] * 1000 % 10 == 5 for u in expected.values()))]
            if hit)

    agree()
    reach.check()
    assert reach.stopped > 0
    assert seen == {"void", "bonus", "x.xx5"}, seen
