"""An independent reading of 《投诉中心测评活动方案》 (区直单位内设机构测评, rulesets/district-neishe-ceping-2012.yaml) in
plain Python with exact fractions, sharing no code with pingyi_rules.

§五: each measurement gives 优 90 / 良 75 / 一般 60 / 较差 45 / 差 30 per vote.
§六: 测评满意度 = Σ(次数 × 分值) / (测评总次数 × 90); 综合满意度 = 即时测评 × 20% + 综合测评 × 20% +
明察暗访 × 10% + 集中测评 × 50%; 总得分 = 综合满意度 × 80 + 整改情况, where 整改情况 starts at 20 and
loses 3 per 未按时整改, 5 per 二次督办仍未整改, 10 per 拒不整改, down to 0. 总分保留两位小数, 四舍五入.
§七: ranked within 行政执法类 and 综合管理类 (tied totals share a place: 1, 2, 2, 4); the first 6 are
满意科室; the last 3 with 70 or more (含70分) 书面说明情况; below 70 限期整改并问责. Places and tiers
are read on the published (rounded) total.
"""

from __future__ import annotations

import csv
from fractions import Fraction as F
from math import floor
from pathlib import Path
from typing import Any

GRADES = {"优": 90, "良": 75, "一般": 60, "较差": 45, "差": 30}
WEIGHTS = {"即时测评": F(2, 10), "综合测评": F(2, 10), "明察暗访": F(1, 10), "集中测评": F(5, 10)}
PENALTIES = {"未按时整改": 3, "二次督办仍未整改": 5, "拒不整改": 10}


def half_up(x: F, places: int = 2) -> F:
    """x rounded half away from zero to `places` decimals."""
    scale = 10 ** places
    magnitude = F(floor(abs(x) * scale + F(1, 2)), scale)
    return magnitude if x >= 0 else -magnitude


def rate(row: dict[str, str], method: str) -> F:
    votes = {grade: int(row[f"{method}_{grade}"]) for grade in GRADES}
    return F(sum(n * GRADES[g] for g, n in votes.items()), sum(votes.values()) * 90)


def unit_scores(row: dict[str, str]) -> dict[str, F]:
    """Exact values of every component and the total of one unit."""
    rates = {method: rate(row, method) for method in WEIGHTS}
    satisfaction = 80 * sum((WEIGHTS[m] * r for m, r in rates.items()), F(0))
    rectification = max(F(20) - sum(PENALTIES[c] * int(row[c]) for c in PENALTIES), F(0))
    return {**rates, "综合满意度": satisfaction, "整改情况": rectification,
            "total": satisfaction + rectification}


def reference(folder: Path) -> dict[str, dict[str, Any]]:
    """Per unit: every component and the total rounded to 2 places, the rank in its category, the tiers."""
    with open(folder / "units.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        exact = unit_scores(row)
        out[row["单位编码"]] = {**{k: half_up(v) for k, v in exact.items()}, "category": row["类别"]}
    for uid, unit in out.items():
        peers = [u["total"] for u in out.values() if u["category"] == unit["category"]]
        better = sum(1 for t in peers if t > unit["total"])
        worse = sum(1 for t in peers if t < unit["total"])
        unit["rank"] = better + 1
        unit["tiers"] = ((["满意科室"] if better < 6 else [])
                         + (["书面说明情况"] if worse < 3 and unit["total"] >= 70 else [])
                         + (["限期整改并问责"] if unit["total"] < 70 else []))
        out[uid] = unit
    return out
