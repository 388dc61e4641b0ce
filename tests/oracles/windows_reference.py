"""An independent reading of 《行政服务中心民主评议工作方案》 (行政服务中心民主评议服务窗口, rulesets/service-center-windows.yaml) in
plain Python with exact fractions, sharing no code with pingyi_rules.

§七(二)3: 群众满意度 = Σ(票数 × 分值) / 总票数 over both questionnaires together, 好 100 / 较好 80 /
一般 60 / 较差 30 / 差 0. §七(三): 综合得分 = 领导小组评议 × 40% + 窗口互评 × 20% + 群众满意度 × 40%;
the total is 综合得分 less 预警扣分 (no floor), rounded to 2 places half-up. All windows are ranked
together (1, 2, 2, 4) on the rounded total. §七(五): 3 优秀服务窗口 and 3 群众不满意服务窗口; §七(四): a
window with a case filed against its staff, 失职渎职 or a lost review/lawsuit is listed 群众不满意 first
and never 优秀. Ties at a cut-off are all in.
"""

from __future__ import annotations

import csv
from fractions import Fraction as F
from pathlib import Path
from typing import Any

from .neishe_reference import half_up

GRADES = {"好": 100, "较好": 80, "一般": 60, "较差": 30, "差": 0}
ROUNDS = ("第一次问卷", "第二次问卷")
VETO = ("工作人员被立案", "失职渎职造成恶劣影响", "复议撤销或诉讼败诉")


def satisfaction(row: dict[str, str]) -> F:
    votes = [(int(row[f"{r}_{g}"]), value) for r in ROUNDS for g, value in GRADES.items()]
    return F(sum(n * v for n, v in votes), sum(n for n, _ in votes))


def reference(folder: Path) -> dict[str, dict[str, Any]]:
    """Per window: the components and total rounded to 2 places, the rank, the tiers."""
    with open(folder / "windows.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        lead, peer, public = F(row["领导小组评议"]), F(row["窗口互评"]), satisfaction(row)
        overall = lead * F(2, 5) + peer * F(1, 5) + public * F(2, 5)
        out[row["窗口编码"]] = {
            "领导小组评议": half_up(lead), "窗口互评": half_up(peer), "群众满意度": half_up(public),
            "综合得分": half_up(overall), "预警扣分": half_up(-F(row["预警扣分"])),
            "total": half_up(overall - F(row["预警扣分"])), "vetoed": any(row[c] == "是" for c in VETO),
        }
    vetoed = sum(1 for u in out.values() if u["vetoed"])
    for unit in out.values():
        better = sum(1 for u in out.values() if u["total"] > unit["total"])
        unit["rank"] = better + 1
        eligible_better = sum(1 for u in out.values() if not u["vetoed"] and u["total"] > unit["total"])
        others_worse = sum(1 for u in out.values() if not u["vetoed"] and u["total"] < unit["total"])
        best = not unit["vetoed"] and eligible_better < 3
        worst = unit["vetoed"] or vetoed + others_worse < 3
        unit["tiers"] = (["优秀服务窗口"] if best else []) + (["群众不满意服务窗口"] if worst else [])
    return out
