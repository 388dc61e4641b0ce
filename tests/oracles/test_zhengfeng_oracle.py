"""rulesets/zhengfeng-xingfeng-pingyi.yaml against the independent reading in zhengfeng_reference.py on
generated units: questionnaires of every 评议代表类别 (a group sometimes empty, sometimes no valid
questionnaire for a unit: the run must stop), blank scores (废卷), 工作考核得分 at 0, 100 and with halves and quarters
(so 总分 lands on x.xx5), veto cases on the first and last day of 2010 and just outside, and cloned units
(ties on the rounded 总分, vetoed and not)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from .engine import Reach, try_engine_json, unit_divergences, write_csv
from .zhengfeng_reference import GROUPS, reference, void_questionnaires

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "rulesets" / "zhengfeng-xingfeng-pingyi.yaml"
COMPONENTS = (*GROUPS, "群众问卷测评", "工作考核", "总分")
HEADERS = {"units": ["单位编码", "参评部门和行业", "工作考核得分"],
           "questionnaires": ["问卷编号", "单位编码", "测评方式", "测评地点", "评议代表类别", "问卷得分"],
           "veto": ["单位编码", "否决情形", "发生日期", "情况说明"]}
SCORES = ["0", "59.5", "60", "72.25", "80", "84.75", "85.5", "90", "91", "99.5", "100", ""]
WORK = ["0", "70", "80.5", "84", "86.25", "89.5", "90", "95.125", "100"]
DAYS = ["2009-12-31", "2010-01-01", "2010-07-01", "2010-12-31", "2011-01-01"]
CASES = ["特别重大责任事故", "中央和省主要新闻媒体曝光查实", "领导班子成员被立案查处"]


@st.composite
def unit(draw: st.DrawFn) -> dict[str, Any]:
    papers = []
    for group in GROUPS:
        for _ in range(draw(st.sampled_from([1, 2, 3, 5] if group == "服务对象" else [0, 1, 2, 3]))):
            way = "现场随机测评" if group == "服务对象" and draw(st.booleans()) else "集中测评"
            papers.append([way, group, draw(st.sampled_from(SCORES))])
    vetoes = [[draw(st.sampled_from(CASES)), draw(st.sampled_from(DAYS))] for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2])))]
    return {"work": draw(st.sampled_from(WORK)), "papers": papers, "vetoes": vetoes}


@st.composite
def tables(draw: st.DrawFn) -> dict[str, tuple[list[str], list[list[str]]]]:
    units = draw(st.lists(unit(), min_size=2, max_size=8))
    units += [units[i] for i in draw(st.lists(st.integers(0, len(units) - 1), max_size=3))]
    if draw(st.sampled_from([False] * 9 + [True])):  # one unit whose every questionnaire is a 废卷
        units[-1] = {**units[-1], "papers": [[way, group, ""] for way, group, _ in units[-1]["papers"]]}
    rows: dict[str, list[list[str]]] = {name: [] for name in HEADERS}
    for i, u in enumerate(units):
        uid = f"HF{i:02d}"
        rows["units"].append([uid, f"部门{i:02d}", u["work"]])
        for way, group, score in u["papers"]:
            rows["questionnaires"].append([f"WJ{len(rows['questionnaires']):04d}", uid, way, "", group, score])
        rows["veto"] += [[uid, case, day, ""] for case, day in u["vetoes"]]
    return {name: (HEADERS[name], rows[name]) for name in HEADERS}


def test_engine_agrees_with_the_reference_on_generated_units(tmp_path: Path) -> None:
    reach = Reach(0.85)
    seen: set[str] = set()

    @settings(max_examples=100, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(facts=tables())
    def agree(facts: dict[str, tuple[list[str], list[list[str]]]]) -> None:
        folder = tmp_path / "facts"
        write_csv(folder, facts)
        result, err = try_engine_json(RULESET, folder)
        expected = reference(folder)
        if expected is None:  # a unit without a valid questionnaire
            assert result is None and "至少一份有效问卷" in err and "[EV015]" in err, err
            reach.stopped += 1
            event("stopped: a unit without a valid questionnaire")
            return
        assert result is not None, err
        reach.scored += 1
        assert unit_divergences(result, expected, COMPONENTS) == []
        voided = {v["key"] for v in result["void"] if v["table"] == "questionnaires"}
        assert voided == void_questionnaires(folder)
        totals = [u["total"] for u in expected.values()]
        seen.update(what for what, hit in [
            ("tie", len(totals) > len(set(totals))), ("veto", any(u["tiers"] for u in expected.values())),
            ("x.xx5", any((u["exact"] * 1000).denominator == 1 and u["exact"] * 1000 % 10 == 5 for u in expected.values())),
            ("group missing", any(u[g] is None for u in expected.values() for g in GROUPS))] if hit)

    agree()
    reach.check()
    assert reach.stopped > 0
    assert seen == {"tie", "veto", "x.xx5", "group missing"}, seen
