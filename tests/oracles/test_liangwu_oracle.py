"""rulesets/wenzhou-liangwu-sanhua.yaml against the independent reading in liangwu_reference.py on generated
streets of both classes: twelve monthly scores with sub-scores at 0 and at their item's full marks and
with decimals (so the yearly total lands on x.xx5 and the coefficients leave thirds of a cent), rows for
2011-12 and 2013-01 (left out), sometimes a month missing (the run must stop), bonus cases summing below,
at and above the monthly 8, and cloned streets (ties)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from .engine import Reach, try_engine_json, unit_divergences, write_csv
from .liangwu_reference import ITEMS, YEAR, reference

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "rulesets" / "wenzhou-liangwu-sanhua.yaml"
HEADERS = {"units": ["单位编码", "单位名称", "街道类别"],
           "monthly": ["单位编码", "考评月份", "无违建实地复核分", "洁化实地考评分", "洁化暗访考评分", "洁化民意测评分",
                       "绿化实地考评分", "绿化暗访考评分", "绿化民意测评分", "亮化实地考评分", "亮化暗访测评分",
                       "亮化数字城管考评分", "亮化评比加分"],
           "wuchuangba": ["单位编码", "考评月份", "整治事项", "认定加分"]}
FULL = [30, 25, 25, 25, 25, 25, 25, 20, 20, 20]


def sub_score(full: int, plain: bool) -> st.SearchStrategy[str]:
    """A sub-score out of `full`; a plain one is whole (so a yearly sum has at most 2 decimals)."""
    whole = ["0", str(full), str(full - 1), str(full - 4)]
    return st.sampled_from(whole if plain else [*whole, f"{full - 2}.5", f"{full - 3}.25", f"{full - 5}.05"])


@st.composite
def street(draw: st.DrawFn) -> dict[str, Any]:
    plain = draw(st.booleans())
    month_row = [draw(sub_score(full, plain)) for full in FULL] + [draw(st.sampled_from(["0", "0", "0.5", "1.25", "3"]))]
    months = {}
    for month in ["2011-12", *YEAR, "2013-01"]:
        inside = month in YEAR
        if inside or draw(st.sampled_from([False, False, True])):
            months[month] = month_row if draw(st.booleans()) else [draw(sub_score(full, plain)) for full in FULL] + [month_row[-1]]
    if plain and draw(st.booleans()):  # one month's 绿化民意 0.1 × 20.05 = 2.005: the total ends in half a cent
        months["2012-03"] = [*months["2012-03"][:6], "20.05", *months["2012-03"][7:]]
    bonus = [[draw(st.sampled_from(["2011-12", "2012-01", "2012-06", "2012-12", "2013-01"])),
              draw(st.sampled_from(["1", "2.5", "3", "4", "5.5", "8"]))] for _ in range(draw(st.integers(0, 5)))]
    return {"class": draw(st.sampled_from(["第一类", "第二类"])), "months": months, "bonus": bonus}


@st.composite
def tables(draw: st.DrawFn) -> dict[str, tuple[list[str], list[list[str]]]]:
    streets = draw(st.lists(street(), min_size=2, max_size=6))
    streets += [streets[i] for i in draw(st.lists(st.integers(0, len(streets) - 1), max_size=2))]
    if draw(st.sampled_from([False] * 9 + [True])):  # one street without one month of 2012
        streets[-1] = {**streets[-1], "months": {m: v for m, v in streets[-1]["months"].items() if m != "2012-07"}}
    rows: dict[str, list[list[str]]] = {name: [] for name in HEADERS}
    for i, s in enumerate(streets):
        uid = f"W{i:02d}"
        rows["units"].append([uid, f"街道{i:02d}", s["class"]])
        rows["monthly"] += [[uid, month, *values] for month, values in s["months"].items()]
        rows["wuchuangba"] += [[uid, month, "疮疤整治", amount] for month, amount in s["bonus"]]
    return {name: (HEADERS[name], rows[name]) for name in HEADERS}


def test_engine_agrees_with_the_reference_on_generated_streets(tmp_path: Path) -> None:
    reach = Reach(0.6)
    seen: set[str] = set()

    @settings(max_examples=50, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(facts=tables())
    def agree(facts: dict[str, tuple[list[str], list[list[str]]]]) -> None:
        folder = tmp_path / "facts"
        write_csv(folder, facts)
        result, err = try_engine_json(RULESET, folder)
        expected = reference(folder)
        if expected is None:  # a street without all twelve months
            assert result is None and "十二个月齐全" in err and "[EV015]" in err, err
            reach.stopped += 1
            event("stopped: a month missing")
            return
        assert result is not None, err
        reach.scored += 1
        assert unit_divergences(result, expected, ITEMS) == []
        outside = sum(1 for name in ("monthly", "wuchuangba") for r in facts[name][1] if r[1] not in YEAR)
        assert len(result["void"]) == outside
        totals = [u["total"] for u in expected.values()]
        month_bonus: dict[tuple[str, str], Fraction] = {}
        for uid, month, _, amount in facts["wuchuangba"][1]:
            month_bonus[uid, month] = month_bonus.get((uid, month), Fraction(0)) + Fraction(amount)
        seen.update(what for what, hit in [
            ("tie", len(totals) > len(set(totals))), ("out of period", outside > 0),
            ("cap", any(v > 8 for (_, m), v in month_bonus.items() if m in YEAR)),
            ("x.xx5", any((u["exact"] * 1000).denominator == 1 and u["exact"] * 1000 % 10 == 5 for u in expected.values()))]
            if hit)

    agree()
    reach.check()
    assert reach.stopped > 0
    assert seen == {"tie", "out of period", "cap", "x.xx5"}, seen
