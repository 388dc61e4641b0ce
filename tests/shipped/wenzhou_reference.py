"""An independent reading of the Wenzhou 2023 scheme (the document rulesets/wenzhou-2023.yaml
encodes) in plain Python.

Written straight from the scheme's text, sharing no code with pingyi_rules, so that the
ruleset + engine can be checked against it for all 40 units. Decimal throughout.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import ROUND_HALF_UP, localcontext
from decimal import Decimal as D
from pathlib import Path
from typing import Any

PERIOD = (dt.date(2022, 11, 1), dt.date(2023, 10, 31))
B1 = {"警告": D(3), "严重警告": D("4.5"), "撤销党内职务": D(6), "留党察看": D("7.5"), "开除党籍": D(9)}
B2 = {"警告": D(3), "记过": D("4.5"), "记大过": D("4.5"), "降级": D(6), "撤职": D("7.5"), "开除": D(9)}
FIXED = {"C2": D("0.3"), "C3": D(3)}
LEVELS = {"党中央国务院": D(2), "国家部委或省委省政府": D("1.5"), "部委司局或省委省政府办公厅": D("1.2"),
          "省级部门或市委市政府": D(1)}


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def r2(x: D) -> D:
    return x.quantize(D("0.01"), ROUND_HALF_UP)


def _in_period(text: str) -> bool:
    return PERIOD[0] <= dt.date.fromisoformat(text) <= PERIOD[1]


def _rate(row: dict[str, str]) -> D:
    yes, mid, no = (D(row[k]) for k in ("满意", "一般", "不满意"))
    return (yes + mid * D("0.6")) / (yes + mid + no)


def _supervision(rows: list[dict[str, str]]) -> D:
    cases = []
    for r in rows:
        if not _in_period(r["发生日期"]):
            continue
        code = r["事项"]
        if code in ("B1", "B2"):
            table = B1 if code == "B1" else B2
            amount = table[r["处分"]] if r["处分"] in table else D(r["扣分"])
            if r["与职务无关且无不良影响"] == "是":
                continue
            if r["主管单位自查整改到位"] == "是" and r["逾期报送"] != "是":
                continue
        else:
            amount = FIXED.get(code) or D(r["扣分"])
        cases.append((code, r["人员"], r["同一事项"], amount, r["主要负责人"] == "是"))
    # 注2: one person's several sanctions for one matter count once, at the highest amount; a row
    # that names no person or no matter stands alone.
    highest: dict[tuple[str, str], Any] = {}
    counted = []
    for case in cases:
        if case[0] in ("B1", "B2") and case[1] and case[2]:
            key = (case[1], case[2])
            if key not in highest or case[3] > highest[key][3]:
                highest[key] = case
        else:
            counted.append(case)
    counted += highest.values()
    # 注2: 处室（站所）主要负责人受到党纪政务处分的，按1.5系数加权 — every B1/B2 sanction of a unit
    # head, whether or not the row names the person and the matter.
    total = sum((c[3] * (D("1.5") if c[0] in ("B1", "B2") and c[4] else 1) for c in counted), D(0))
    return max(D(25) - total, D(0))


def _bonus(rows: list[dict[str, str]]) -> D:
    by_work: dict[str, D] = {}
    for r in rows:
        if not _in_period(r["发文日期"]) or r["综合类表彰"] == "是":
            continue
        amount = LEVELS[r["表彰层级"]]
        if r["有文号"] == "否":
            amount /= 2
        if r["表彰对象"] in ("个人", "主管部门"):
            amount /= 2
        by_work[r["工作事项"]] = max(by_work.get(r["工作事项"], D(0)), amount)
    return min(sum(by_work.values(), D(0)), D(2))


def reference(folder: Path) -> dict[str, dict[str, Any]]:
    """Per unit: rounded component values, 日常评议, stage-1 rank, picked, total, rank, tiers."""
    with localcontext() as ctx:
        ctx.prec = 60
        return _reference(folder)


def _reference(folder: Path) -> dict[str, dict[str, Any]]:
    units = _read(folder, "units")
    sat = {r["单位编码"]: r for r in _read(folder, "satisfaction")}
    hot = {r["单位编码"]: r for r in _read(folder, "hotline")}
    dep = {r["主管单位"]: r for r in _read(folder, "departments")}
    online = {r["单位编码"]: r for r in _read(folder, "online")}
    supervision, awards = _read(folder, "supervision"), _read(folder, "awards")
    out: dict[str, dict[str, Any]] = {}
    for u in units:
        uid = u["单位编码"]
        volume = D(u["服务数据量"])
        coefficient = D(1) if volume >= 300 else D("0.98") if volume >= 100 else D("0.95")
        s1 = 30 * _rate(sat[uid]) * coefficient
        s3 = _supervision([r for r in supervision if r["单位编码"] == uid])
        h = {k: D(v) for k, v in hot[uid].items() if k != "单位编码"}
        g1 = min(D("0.2") * h["H1"] + D("0.2") * h["H2"] + D("0.3") * h["H3"] + D("0.3") * h["H4"], D(4))
        g2 = min(D("0.3") * h["H5"] + D("0.4") * h["H6"] + D("0.4") * h["H7"], D(4))
        part_a = D(10) - g1 - g2 - min(h["H8扣分"], D(2))
        d = dep[u["主管单位"]]
        free = 20 if d["主管单位类型"] == "市级机关" else 15
        part_b = max(D(5) - max(int(d["热线年度排名"]) - free, 0) * D("0.03"), D(0))
        s5 = {"优秀": D(5), "良好": D(4), "一般": D(3)}[u["主管单位评价"]]
        daily = s1 + D(u["履职成效得分"]) + s3 + part_a + part_b + s5
        out[uid] = {
            "服务对象满意度": r2(s1), "监督检查": r2(s3), "热线日常办理": r2(part_a), "热线年度评价": r2(part_b),
            "热线": r2(part_a + part_b), "主管单位评价": r2(s5), "日常评议": r2(daily),
            "_daily": daily, "_bonus": _bonus([r for r in awards if r["单位编码"] == uid]),
            "_flag": u["上年度不满意单位"] == "是", "_dept": D(d["未按要求报送材料扣分"]),
        }
    stage1 = {uid: r["日常评议"] for uid, r in out.items()}
    for uid, r in out.items():
        better = sum(1 for t in stage1.values() if t > stage1[uid])
        worse = sum(1 for t in stage1.values() if t < stage1[uid])
        r["stage_rank"] = better + 1
        r["picked"] = better < 8 or worse < 8 or r["_flag"]
        r["网络评议"] = r["加分"] = r["报送材料扣分"] = r["total"] = r["rank"] = None
        r["tiers"] = []
        if r["picked"]:
            net = 15 * _rate(online[uid])
            share = -r["_dept"] / 2
            r.update({"网络评议": r2(net), "加分": r2(r["_bonus"]), "报送材料扣分": r2(share)})
            r["total"] = r2(r["_daily"] + net + r["_bonus"] + share)
    finals = {uid: r["total"] for uid, r in out.items() if r["picked"]}
    for uid, total in finals.items():
        better = sum(1 for t in finals.values() if t > total)
        worse = sum(1 for t in finals.values() if t < total)
        out[uid]["rank"] = better + 1
        out[uid]["tiers"] = (["满意单位"] if better < 3 else []) + (["不满意单位"] if worse < 3 else [])
    return out
