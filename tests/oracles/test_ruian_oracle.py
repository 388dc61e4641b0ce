"""rulesets/ruian-zhenjie-lingdao.yaml against the independent reading in ruian_reference.py on generated
镇街 and 功能区: units tied first and at 0, leaders of both kinds, units whose leaders are not listed (with
the best score too), rankers who leave a leader unranked (a leader
nobody placed: the run must stop), and vote counts on every boundary — 优秀率 exactly 90 %, 80 %, 70 %, 60 %,
基本称职 + 不称职 exactly a third of the valid votes, one vote either side — with 弃权 left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from .engine import Reach, try_engine_json, unit_divergences, write_csv
from .ruian_reference import reference

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "rulesets" / "ruian-zhenjie-lingdao.yaml"
COMPONENTS = ("重要项目考核", "市四套班子主要领导评价", "民主测评")
VALUES = ("优秀率", "基本称职及不称职率")
HEADERS = {"leaders": ["对象编码", "姓名", "职务", "类别", "单位编码"],
           "units": ["单位编码", "单位名称", "单位类型", "重要项目考核得分"],
           "rankings": ["评价人", "被评价类别", "对象编码", "姓名", "名次"],
           "ceping": ["对象编码", "姓名", "收回票数", "优秀", "称职", "基本称职", "不称职", "弃权"]}
KINDS = ["党委主要领导", "行政主要领导"]
RANKERS = ["市委书记", "市长", "市人大常委会主任", "市政协主席"]


@st.composite
def votes(draw: st.DrawFn) -> list[int]:
    """优秀, 称职, 基本称职, 不称职, 弃权 — often on a band boundary or on a third."""
    valid = draw(st.sampled_from([10, 12, 15, 20, 30, 7]))
    excellent = draw(st.one_of(st.sampled_from([valid * k // 10 for k in (9, 8, 7, 6)] + [valid * k // 10 - 1 for k in (9, 6)]),
                               st.integers(0, valid)))
    rest = valid - excellent
    low = min(rest, draw(st.one_of(st.sampled_from([valid // 3, -(-valid // 3), valid // 3 - 1, 0]), st.integers(0, rest))))
    low = max(low, 0)
    basic = draw(st.integers(0, low))
    return [excellent, rest - low, basic, low - basic, draw(st.sampled_from([0, 0, 1, 3]))]


@st.composite
def tables(draw: st.DrawFn) -> dict[str, tuple[list[str], list[list[str]]]]:
    rows: dict[str, list[list[str]]] = {name: [] for name in HEADERS}
    leaders: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for u in range(draw(st.integers(2, 5))):
        code = f"Z{u}"
        score = draw(st.sampled_from(["95", "95.00", "80.1", "88.75", "66.6", "0", "100"]))
        rows["units"].append([code, f"单位{u}", draw(st.sampled_from(["镇街", "功能区"])), score])
        for kind in draw(st.sampled_from([KINDS, KINDS[:1], KINDS, KINDS[:1], []])):  # []: leaders not listed
            sid = f"P{u}{KINDS.index(kind)}"
            leaders[kind].append(sid)
            rows["leaders"].append([sid, f"领导{sid}", "书记" if kind == KINDS[0] else "镇长", kind, code])
            counts = draw(votes())
            rows["ceping"].append([sid, f"领导{sid}", str(sum(counts)), *map(str, counts)])
    if not rows["leaders"]:
        return draw(tables())
    if all(rows["units"][int(sid[1])][3] == "0" for sids in leaders.values() for sid in sids):
        rows["units"][int(rows["leaders"][0][0][1])][3] = "90"
    for ranker in RANKERS[: draw(st.integers(1, 4))]:
        for kind, sids in leaders.items():
            order = draw(st.permutations(sids))
            for place, sid in enumerate(order, 1):
                unranked = draw(st.sampled_from([False] * 5 + [True]))
                rows["rankings"].append([ranker, kind, sid, f"领导{sid}", "" if unranked else str(place)])
    return {name: (HEADERS[name], rows[name]) for name in HEADERS}


def test_engine_agrees_with_the_reference_on_generated_leaders(tmp_path: Path) -> None:
    reach = Reach(0.6)
    seen: set[Any] = set()

    @settings(max_examples=100, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(facts=tables())
    def agree(facts: dict[str, tuple[list[str], list[list[str]]]]) -> None:
        folder = tmp_path / "facts"
        write_csv(folder, facts)
        result, err = try_engine_json(RULESET, folder)
        expected = reference(folder)
        if expected is None:  # a leader no ranker placed
            assert result is None and "[EV010]" in err, err
            reach.stopped += 1
            event("stopped: a leader no ranker placed")
            return
        assert result is not None, err
        reach.scored += 1
        assert unit_divergences(result, expected, COMPONENTS, VALUES) == []
        if {r[0] for r in facts["units"][1]} - {r[4] for r in facts["leaders"][1]}:
            seen.add("a unit whose leaders are not listed")
        for row in facts["ceping"][1]:
            excellent, competent, basic, incompetent = map(int, row[3:7])
            valid = excellent + competent + basic + incompetent
            if 3 * (basic + incompetent) == valid:
                seen.add("a third exactly")
            if 3 * (basic + incompetent) < valid:
                seen.update(f"{k}0 %" for k in (9, 8, 7, 6) if 10 * excellent == k * valid)

    agree()
    reach.check()
    assert reach.stopped > 0
    assert seen == {"a third exactly", "90 %", "80 %", "70 %", "60 %", "a unit whose leaders are not listed"}, seen
