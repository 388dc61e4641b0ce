"""An independent reading of 《市委公述民评执行力实施意见》 (市委公述民评（中层干部）, rulesets/city-gongshu-minping-2012.yaml) in
plain Python with exact fractions, sharing no code with pingyi_rules.

五(一): four groups rate each cadre, 满意 1 / 基本满意 0.6 / 不满意 0, worth 35 / 15 / 20 / 10:
基础分 × (满意 + 0.6 × 基本满意) / 票数 (all rows of one group pooled). 五(二): 日常考评 20 less 5 per
投诉查实 / 未及时整改 / 效能责任, 10 per 复议诉讼, 2 per 下属效能责任, 10 per 下属处分 (each × 人次) and
其他 at the row's 扣分 × 人次, counting only dates in 2012, down to 0. 五(三): 本市 1, 上级市 2, 省 5,
全国 10 on top of the 100, one award counted once at its highest level, no cap. The total is rounded to
2 places half-up. 六(二): ranked within 所在单位 on the rounded total, then 民主评议, then 服务对象评议
(each rounded to 2 places), 1, 2, 2, 4; the first (all still tied) 推荐十佳科长.
"""

from __future__ import annotations

import csv
import datetime as dt
from fractions import Fraction as F
from pathlib import Path
from typing import Any

from .neishe_reference import half_up

GROUPS = {"服务对象": ("服务对象评议", 35), "所在单位": ("所在单位评议", 15), "社会各界": ("社会各界评议", 20),
          "社会群众网络": ("社会群众网络评议", 10)}
DAILY = {"投诉查实": 5, "未及时整改": 5, "效能责任": 5, "复议诉讼": 10, "下属效能责任": 2, "下属处分": 10}
LEVELS = {"本市": 1, "上级市": 2, "省": 5, "全国": 10}
YEAR = (dt.date(2012, 1, 1), dt.date(2012, 12, 31))


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _ratings(rows: list[dict[str, str]]) -> dict[str, F]:
    out = {}
    for group, (cid, points) in GROUPS.items():
        mine = [r for r in rows if r["评议主体"] == group]
        good = sum(int(r["满意"]) + F(3, 5) * int(r["基本满意"]) for r in mine)
        votes = sum(int(r["满意"]) + int(r["基本满意"]) + int(r["不满意"]) for r in mine)
        out[cid] = points * F(good) / votes
    return out


def _daily(rows: list[dict[str, str]]) -> F:
    lost = F(0)
    for r in rows:
        if YEAR[0] <= dt.date.fromisoformat(r["日期"]) <= YEAR[1]:
            each = F(r["扣分"]) if r["事项"] == "其他" else F(DAILY[r["事项"]])
            lost += each * int(r["人次"])
    return max(F(20) - lost, F(0))


def _awards(rows: list[dict[str, str]]) -> F:
    best: dict[str, int] = {}
    for r in rows:
        best[r["奖项"]] = max(best.get(r["奖项"], 0), LEVELS[r["层级"]])
    return F(sum(best.values()))


def reference(folder: Path) -> dict[str, dict[str, Any]]:
    """Per cadre: the components and total rounded to 2 places, the rank in the unit, the tiers."""
    ballots, daily, awards = _read(folder, "ballots"), _read(folder, "daily"), _read(folder, "awards")
    out: dict[str, dict[str, Any]] = {}
    for s in _read(folder, "subjects"):
        sid = s["对象编码"]
        ratings = _ratings([r for r in ballots if r["对象编码"] == sid])
        democratic = sum(ratings.values(), F(0))
        routine = _daily([r for r in daily if r["对象编码"] == sid])
        bonus = _awards([r for r in awards if r["对象编码"] == sid])
        out[sid] = {**{k: half_up(v) for k, v in ratings.items()}, "民主评议": half_up(democratic),
                    "日常考评": half_up(routine), "激励性加分": half_up(bonus),
                    "total": half_up(democratic + routine + bonus), "unit": s["所在单位"]}
    for cadre in out.values():
        key = (cadre["total"], cadre["民主评议"], cadre["服务对象评议"])
        better = sum(1 for c in out.values() if c["unit"] == cadre["unit"]
                     and (c["total"], c["民主评议"], c["服务对象评议"]) > key)
        cadre["rank"] = better + 1
        cadre["tiers"] = ["推荐十佳科长"] if better < 1 else []
    return out
