"""An independent reading of 《温州市城区街道(镇)“两无三化”工作考核评比办法》 §五–§六
(rulesets/wenzhou-liangwu-sanhua.yaml, docs/schemes.md) in plain Python with exact fractions, sharing no
code with pingyi_rules.

Each month: 无违建 = 实地复核分; 洁化 = (实地 × 60 % + 暗访 × 30 % + 民意 × 10 %) × 1.15 for a 第二类 street (1
for 第一类); 绿化 = 实地 × 60 % + 暗访 × 30 % + 民意 × 10 %; 亮化 = (实地 × 80 % + 暗访 × 10 % + 数字城管 × 10 %) ×
1.1 for a 第一类 street + 亮化评比加分; 无疮疤 = the month's recognised bonus cases summed, at most 8. 年度总评分
= the sum over the months of 2012 (months outside are left out); every unit must have all 12 months (the
run stops otherwise). Only 年度总评分 is rounded (2 places half-up); one ranking on it, ties share a place.
"""

from __future__ import annotations

import csv
from fractions import Fraction as F
from pathlib import Path
from typing import Any

from .neishe_reference import half_up

ITEMS = ("无违建", "无疮疤", "洁化", "绿化", "亮化")
YEAR = [f"2012-{m:02d}" for m in range(1, 13)]


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def reference(folder: Path) -> dict[str, dict[str, Any]] | None:
    """Per unit: the five items' yearly sums and 年度总评分 as published, the place; None when a unit
    lacks a month of 2012."""
    monthly = [r for r in _read(folder, "monthly") if r["考评月份"] in YEAR]
    bonus = [r for r in _read(folder, "wuchuangba") if r["考评月份"] in YEAR]
    out: dict[str, dict[str, Any]] = {}
    for unit in _read(folder, "units"):
        uid, second = unit["单位编码"], unit["街道类别"] == "第二类"
        months = [r for r in monthly if r["单位编码"] == uid]
        if len(months) != 12:
            return None
        sums = dict.fromkeys(ITEMS, F(0))
        for r in months:
            v = {k: F(x) for k, x in r.items() if k not in ("单位编码", "考评月份")}
            sums["无违建"] += v["无违建实地复核分"]
            clean = v["洁化实地考评分"] * F(6, 10) + v["洁化暗访考评分"] * F(3, 10) + v["洁化民意测评分"] * F(1, 10)
            sums["洁化"] += clean * (F(115, 100) if second else 1)
            sums["绿化"] += v["绿化实地考评分"] * F(6, 10) + v["绿化暗访考评分"] * F(3, 10) + v["绿化民意测评分"] * F(1, 10)
            light = v["亮化实地考评分"] * F(8, 10) + v["亮化暗访测评分"] * F(1, 10) + v["亮化数字城管考评分"] * F(1, 10)
            sums["亮化"] += light * (1 if second else F(11, 10)) + v["亮化评比加分"]
        for month in YEAR:
            sums["无疮疤"] += min(F(8), sum((F(r["认定加分"]) for r in bonus if r["单位编码"] == uid and r["考评月份"] == month), F(0)))
        exact = sum(sums.values(), F(0))
        out[uid] = {**{k: half_up(x) for k, x in sums.items()}, "total": half_up(exact), "exact": exact, "tiers": []}
    for unit in out.values():
        unit["rank"] = 1 + sum(1 for u in out.values() if u["total"] > unit["total"])
    return out
